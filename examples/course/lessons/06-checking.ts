/**
 * Lesson 6: checking your own gradients. checkFormula, gradcheck, checkGradient and
 * `tracegrad check`, with exercises whose answers are verified by the command (the build
 * fails if an answer stops passing).
 */
import * as tg from '../../../src/index.js';
import { claim, cli, code, num, shell, table, type Lesson } from '../md.js';

interface Exercise {
  question: string;
  argv: string[];
  hint?: string;
}

const EXERCISES: Exercise[] = [
  {
    question: 'Differentiate $f(x) = x\\,e^{-x^2}$.',
    argv: ['check', 'x*exp(-x^2)', '--grad', 'x=exp(-x^2)*(1 - 2*x^2)'],
    hint: 'The product rule, then the chain rule on $e^{-x^2}$.',
  },
  {
    question: 'Differentiate the softplus $f(z) = \\log(1 + e^{z})$. The answer is a function you have met in every lesson.',
    argv: ['check', 'log(1 + exp(z))', '--grad', 'z=sigmoid(z)'],
  },
  {
    question: 'A neuron $f = \\sigma(w x + b)$: give $\\partial f/\\partial w$ and $\\partial f/\\partial b$ (two `--grad` options).',
    argv: ['check', 'sigmoid(w*x + b)', '--grad', 'w=sigmoid(w*x + b)*(1 - sigmoid(w*x + b))*x', '--grad', 'b=sigmoid(w*x + b)*(1 - sigmoid(w*x + b))'],
    hint: 'Lesson 1, with $\\sigma\'(z) = \\sigma(z)(1 - \\sigma(z))$.',
  },
  {
    question: 'Least squares: the gradient of $f(x) = \\lVert A x - b \\rVert^2$ with respect to the vector $x$. Give the values of $A$, $x$ and $b$ with `--at` so that the shapes are known.',
    argv: ['check', 'sum((A*x - b).^2)', '--wrt', 'x', '--grad', "x=2*A'*(A*x - b)", '--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,1]', '--at', 'b=[0,1]'],
    hint: 'Lesson 3: the gradient has the shape of $x$.',
  },
  {
    question: 'The quadratic form $f(x) = x^\\top A x$ with respect to $x$, for a matrix $A$ that is not symmetric.',
    argv: ['check', "x'*A*x", '--wrt', 'x', '--grad', "x=(A + A')*x", '--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,-1]'],
    hint: 'If your answer is $2 A x$, try it: the check says where it fails.',
  },
];

async function run(argv: readonly string[], want: number): Promise<string> {
  const r = await cli(argv);
  claim(r.status === want, `${shell(argv)} exits with status ${want} (got ${r.status}: ${r.err.trim()})`);
  return `$ ${shell(argv)}\n${r.out.replace(/\s+$/, '')}${r.err ? `\n${r.err.replace(/\s+$/, '')}` : ''}\n(exit status ${r.status})`;
}

export default async function lesson(): Promise<Lesson> {
  // checkFormula: a formula against an expression, and against a gradient graph.
  const right = tg.checkFormula('2*x*cos(x^2)', 'sin(x^2)', 'x');
  const wrong = tg.checkFormula('x*cos(x^2)', 'sin(x^2)', 'x');
  claim(right.ok && !wrong.ok, 'checkFormula accepts 2x cos(x²) and rejects x cos(x²)');
  const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
  const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
  const [dw] = tg.grad(a, [w]);
  const graph = tg.checkFormula('a*(1-a)*x', dw!);
  claim(graph.ok, 'a·(1 − a)·x is the gradient of σ(w x + b) with respect to w');

  // gradcheck: the engine against finite differences.
  const report = tg.gradcheck((u, v) => tg.sin(u).mul(v), [0.5, 2]);
  claim(report.ok, 'gradcheck passes on sin(u)·v');

  // checkGradient: a hand-written gradient function (with a bug) against both.
  const checked = tg.checkGradient((u, v) => tg.sin(u).mul(v), (u: number, v: number) => [Math.cos(u), Math.sin(u)], [0.5, 2], { throwOnFailure: false });
  claim(!checked.ok && checked.failure !== undefined, 'checkGradient catches the missing factor v');

  const cliRight = await run(['check', 'sin(x^2)', '--grad', 'x=2*x*cos(x^2)'], 0);
  const cliWrong = await run(['check', 'sin(x^2)', '--grad', 'x=x*cos(x^2)'], 1);
  const trapArgs = ['check', '-sum(y .* logSoftmax(z))', '--wrt', 'z', '--at', 'z=[2,1,0.1]', '--at', 'y=[1,0,0]'];
  const trap = await run([...trapArgs, '--grad', 'z=softmax(z) - y'], 1);
  const trapFixed = await run([...trapArgs, '--grad', 'z=softmax(z)*sum(y) - y'], 0);
  const answers: string[] = [];
  for (const e of EXERCISES) answers.push(await run(e.argv, 0));

  const exercises = EXERCISES.map((e, i) => {
    const grads = e.argv.flatMap((arg, k) => (e.argv[k - 1] === '--grad' ? [arg] : []));
    const ask = e.argv.map((arg, k) => (e.argv[k - 1] === '--grad' ? `${arg.split('=')[0]}=<your answer>` : arg));
    return `### Exercise ${i + 1}

${e.question}${e.hint ? ` ${e.hint}` : ''}

${code('sh', shell(ask))}

<details>
<summary>Answer</summary>

${grads.map((g) => `\`${g}\``).join(' and ')}

${code('text', answers[i]!)}

</details>`;
  }).join('\n\n');

  const body = `
A hand-derived gradient is a claim, and claims need checking. tracegrad checks them three
ways: a formula against the engine's symbolic gradient (\`checkFormula\`), the engine
against finite differences (\`gradcheck\`), and a gradient function written by hand in code
against both (\`checkGradient\`). From the shell, \`tracegrad check\` does the first.

## checkFormula: is my formula the gradient?

${code('ts', `tg.checkFormula('2*x*cos(x^2)', 'sin(x^2)', 'x');   // hand formula, expression, variable
tg.checkFormula('x*cos(x^2)', 'sin(x^2)', 'x');`)}

${code('text', `${right.message}\n\n${wrong.message}`)}

First it tries to prove the two equal (the same graph, or a difference that simplifies to
0); failing that, it compares them at random points and reports the first point where they
differ, with both values. The second formula is off by the factor 2 of the chain rule, and
the report says so.

The engine's side can be a gradient you already have, and the formula may use the names
of the forward graph:

${code('ts', `const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
const [dw] = tg.grad(a, [w]);
tg.checkFormula('a*(1-a)*x', dw);`)}

${code('text', graph.message)}

## gradcheck: is the engine right here?

Central finite differences, $\\frac{f(x + h) - f(x - h)}{2h}$, need no derivation at all. They
are approximate (the error shrinks like $h^2$ until rounding takes over), so they check
within tolerances, element by element:

${code('ts', `const report = tg.gradcheck((u, v) => tg.sin(u).mul(v), [0.5, 2]);`)}

${table(['input', 'largest absolute error', 'largest relative error'], report.inputs.map((r) => [r.input, r.maxAbsError < 1e-8 ? 'below 10⁻⁸' : num(r.maxAbsError), r.maxRelError < 1e-8 ? 'below 10⁻⁸' : num(r.maxRelError)]))}

\`report.ok\` is ${String(report.ok)}. A failure names the input, the worst element's index, both values and
which side is which, never a full Jacobian dump. Near a kink (relu at 0, abs at 0) finite
differences are meaningless: a mismatch there is a warning, not a failure.

## checkGradient: is my code right?

When the gradient is code (a NumPy-style backward function, say), give it as a function of
numbers. Here the derivative of $\\sin(u)\\,v$ with respect to $u$ forgets the factor $v$:

${code('ts', `tg.checkGradient(
  (u, v) => tg.sin(u).mul(v),                          // f, with tracegrad ops
  (u, v) => [Math.cos(u), Math.sin(u)],                // hand-written gradient: bug in ∂f/∂u
  [0.5, 2], { throwOnFailure: false });`)}

${code('text', checked.failure!.message)}

${table(
  ['input', 'hand', 'engine', 'finite differences'],
  checked.gradients.map((g) => [g.input, num(g.hand as number), num(g.engine as number), num(g.numeric as number)]),
)}

## tracegrad check, from the shell

${code('text', `${cliRight}\n\n${cliWrong}`)}

The exit status is 0 when every formula matches and 1 when one differs (2 for an error
such as a parse error), so \`tracegrad check\` can guard a homework solution in a script or
a CI job. \`--format json\` prints the report for other tools; \`--format latex\` prints
both sides in LaTeX.

## A trap: an assumption the check does not know

The gradient of softmax cross-entropy is "$p - y$" (lesson 5), but only because a label sums
to 1. The check draws random points, random labels included, and finds one where the
assumption fails:

${code('text', trap)}

Make the assumption explicit: the engine's gradient is $p\\,(\\mathbf{1}^\\top y) - y$, which is
\`softmax(z)*sum(y) - y\`:

${code('text', trapFixed)}

## Exercises

Derive each gradient by hand, then check your answer with the command shown (replace
\`<your answer>\`, in mathjs syntax: \`*\` is the matrix product on matrices, \`.*\`
elementwise, \`'\` the transpose). Each answer below was checked by the command when this
page was built.

${exercises}

## Try it

- In the [playground](../playground/), type your own expression: the derivation updates as
  you type, and a malformed expression shows the error at its column.
- \`tracegrad check --help\` lists the options (\`--points\`, \`--seed\`, \`--format\`).
`;
  return { slug: '06-checking', title: 'Checking your own gradients', summary: 'checkFormula, gradcheck, checkGradient and `tracegrad check`, with exercises verified by the command.', body, figures: [] };
}
