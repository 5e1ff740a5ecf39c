/**
 * Lesson 1: the CS231n sigmoid neuron. The graph, the chain rule at every node, the numbers.
 */
import * as tg from '../../../src/index.js';
import { neuron } from '../../lessons.js';
import { claim, cli, code, equation, equations, find, image, num, shell, table, type Lesson } from '../md.js';
import { exercises, type Exercise } from '../exercises.js';

const EXERCISES: Exercise[] = [
  {
    question: 'The neuron of this lesson, $f = \\sigma(w_0 x_0 + w_1 x_1 + w_2)$: give $\\partial f/\\partial w_0$ and $\\partial f/\\partial x_1$. You may write $\\sigma\'(z)$ for the derivative of the sigmoid, or spell it out with $\\sigma\'(z) = \\sigma(z)(1 - \\sigma(z))$.',
    expression: '\\sigma(w_0 x_0 + w_1 x_1 + w_2)',
    at: ['w_0=2', 'x_0=-1', 'w_1=-3', 'x_1=-2', 'w_2=-3'],
    answers: [['w_0', '\\sigma(w_0 x_0 + w_1 x_1 + w_2)\\left(1 - \\sigma(w_0 x_0 + w_1 x_1 + w_2)\\right) x_0'], ['x_1', "\\sigma'(w_0 x_0 + w_1 x_1 + w_2)\\, w_1"]],
    mistake: ['w_0', '\\sigma(w_0 x_0 + w_1 x_1 + w_2)\\, x_0'],
  },
  {
    question: 'A $\\tanh$ neuron, $f = \\tanh(w x + b)$: give $\\partial f/\\partial b$ and $\\partial f/\\partial w$, with $\\tanh\'(z) = 1 - \\tanh^2(z)$.',
    expression: '\\tanh(w x + b)',
    answers: [['b', '1 - \\tanh(w x + b)^2'], ['w', '\\left(1 - \\tanh(w x + b)^2\\right) x']],
    mistake: ['w', '1 - \\tanh(w x + b)^2'],
  },
];

export default async function lesson(): Promise<Lesson> {
  const { f, z, inputs } = neuron();
  const d = tg.explain(f, { wrt: inputs, warn: false });
  const staged = tg.explain(f, { wrt: inputs, stages: 'all', warn: false });
  const forward = { name: '01-neuron', dot: tg.toDot(f, { wrt: inputs }) };
  const both = { name: '01-neuron-backward', dot: tg.toDot(f, { wrt: inputs, view: 'both' }) };

  const grads = tg.grad(f, inputs).map((g) => g.value as number);
  const cs231n = [-0.2, 0.39, -0.39, -0.59, 0.2];
  const report = tg.gradcheck((w0, x0, w1, x1, w2) => tg.sigmoid(w0.mul(x0).add(w1.mul(x1)).add(w2)), inputs.map((v) => v.value as number));
  const worst = Math.max(...report.inputs.map((r) => r.maxRelError));
  claim(grads.every((g, i) => Math.abs(g - cs231n[i]!) < 0.005), 'the gradients round to the numbers of the CS231n notes');
  claim(report.ok, 'finite differences agree with the engine on the neuron');
  const argv = ['grad', 'sigmoid(w0*x0 + w1*x1 + w2)', ...inputs.flatMap((v) => ['--at', `${v.name}=${v.value as number}`])];
  const run = await cli(argv);
  if (run.status !== 0) throw new Error(`course: ${shell(argv)} failed: ${run.err}`);

  const zbar = find(d, 'z̄');
  const body = `
CS231n's notes on backpropagation work through one example by hand: a neuron with two
inputs and a sigmoid, $f(w, x) = \\sigma(w_0 x_0 + w_1 x_1 + w_2)$, at $w = (2, -3, -3)$ and
$x = (-1, -2)$. This lesson lets the engine do the same derivation and prints every step.

## The program

${code('ts', `import * as tg from 'tracegrad';

const w0 = tg.variable('w0', 2), x0 = tg.variable('x0', -1);
const w1 = tg.variable('w1', -3), x1 = tg.variable('x1', -2);
const w2 = tg.variable('w2', -3);
const z = w0.mul(x0).add(w1.mul(x1)).add(w2).as('z');   // .as() names a node
const f = tg.sigmoid(z).as('f');

const d = tg.explain(f);        // the derivation below
console.log(d.toMarkdown());    // or toLatex(), toText(), toJSON(), await toHTML()
tg.toDot(f);                    // the picture below (Graphviz DOT)`)}

The same graph comes from an expression: \`tg.parse('sigmoid(w0*x0 + w1*x1 + w2)', { w0: 2, x0: -1, … })\`.

## The forward pass

The graph is drawn as a circuit: every circle is an op, every wire carries the value flowing
forward above it (green) and the gradient $\\partial f/\\partial \\cdot$ flowing back below it
(red). Variables are the blue names on the left; named stages carry their equation number.

${image(forward, 'The forward graph of the neuron: five variables, two products, two sums and a sigmoid, with values and gradients', 'Figure 1. The forward graph, with the value and the gradient of every node.')}

The derivation names the stages: the node called \`z\` and the output \`f\`.

${equations(d.forward)}

## The backward pass

Reverse mode starts from the output with the seed $\\bar f = \\partial f/\\partial f = 1$ and
walks the graph backwards. Each node's *adjoint* $\\bar v = \\partial f/\\partial v$ is the
adjoint of the node that uses it times a *local derivative*:

${equation(d.seed)}

${equation(zbar)}

Read it line by line: the **chain rule** ($\\bar z = \\bar f\\,\\partial f/\\partial z$), the **local
derivative** of the sigmoid substituted, the result **simplified** ($\\bar f = 1$), and its
**value**. The sigmoid's derivative is written with its own output, $\\sigma'(z) = f\\,(1 - f)$,
because $f$ is a named forward quantity: nothing is recomputed.

Then $\\bar z$ flows into $z = w_0 x_0 + w_1 x_1 + w_2$. An addition passes the adjoint
through unchanged (CS231n's "gradient distributor") and a product sends each factor the
*other* factor (the "switcher"):

${equations(d.adjoints.filter((e) => e !== zbar))}

## The gradients

${equations(d.gradients.slice(0, 1))}

The second line is the same gradient expanded to the inputs: what a computer algebra system
would print. The engine keeps $\\sigma(\\cdot)$ as one shared node, so the compact form
$\\bar z\\, x_0$ is what it evaluates.

${table(
  ['input', 'value', '∂f/∂input (engine)', 'CS231n'],
  inputs.map((v, i) => [`\`${v.name}\``, num(v.value as number), num(grads[i]!), num(cs231n[i]!)]),
)}

Central finite differences agree: \`tg.gradcheck\` finds a largest relative error
${worst < 1e-8 ? 'below $10^{-8}$' : `of ${num(worst)}`} over the five inputs.

## Every op as its own stage

CS231n stages the computation one operation at a time. \`explain(f, { stages: 'all' })\` does
the same: each op node gets a name ($v_1, v_2, \\dots$) and an equation.

${code('text', staged.toText())}

## The backward graph

The gradient is itself a graph, built from the same kind of nodes as the forward pass: it
can be evaluated, printed, drawn and differentiated again. In red, the nodes that \`grad\`
added; they reuse the forward values ($f$, the inputs).

${image(both, 'The forward graph and, in red, the backward graph that computes the gradients', 'Figure 2. Forward and backward graph (`tg.toDot(f, { view: \'both\' })`).')}

## From the command line

${code('text', `$ ${shell(argv)}\n${run.out}`)}

## Try it

- \`npx tsx examples/neuron.ts\` prints this derivation as text.
- In the [playground](../playground/), pick *CS231n neuron*, step through the backward pass
  node by node and move the sliders: every value and gradient follows.
- Change $w_2$ to $+3$: $z$ grows, $f$ saturates towards 1 and every gradient shrinks by the
  factor $f(1 - f)$. That is the vanishing gradient of a saturated sigmoid.
`;
  void z;
  return { slug: '01-neuron', title: 'A neuron: the graph, the chain rule, numbers', summary: 'The CS231n sigmoid neuron derived node by node, with the numbers of the notes.', body: `${body}\n${await exercises(EXERCISES)}\n`, figures: [forward, both] };
}
