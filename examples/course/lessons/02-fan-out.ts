/**
 * Lesson 2: fan-out and the multivariate chain rule. Why adjoints add.
 */
import * as tg from '../../../src/index.js';
import { claim, code, equation, equations, find, image, num, table, type Lesson } from '../md.js';
import { exercises, type Exercise } from '../exercises.js';

const EXERCISES: Exercise[] = [
  {
    question: '$f = x y + \\sin(x y)$ uses $x$ twice (once in each term): give $\\partial f/\\partial x$ and $\\partial f/\\partial y$.',
    expression: 'x y + \\sin(x y)',
    answers: [['x', 'y + y \\cos(x y)'], ['y', 'x\\left(1 + \\cos(x y)\\right)']],
    mistake: ['x', 'y \\cos(x y)'],
  },
  {
    question: '$f = x^2 y + x e^{y}$: give both partial derivatives. Every use of a variable adds one term.',
    expression: 'x^2 y + x e^{y}',
    answers: [['x', '2 x y + e^{y}'], ['y', 'x^2 + x e^{y}']],
    mistake: ['y', 'x^2'],
  },
];

export default async function lesson(): Promise<Lesson> {
  const x = tg.variable('x', 1.5), y = tg.variable('y', -2);
  const q = x.mul(y).as('q');
  const r = tg.sin(x).as('r');
  const f = q.add(r).as('f');
  const d = tg.explain(f, { wrt: [x, y], warn: false });
  const forward = { name: '02-fan-out', dot: tg.toDot(f, { wrt: [x, y] }) };
  const both = { name: '02-fan-out-backward', dot: tg.toDot(f, { wrt: [x, y], view: 'both' }) };
  const xbar = find(d, 'x̄');

  // The two paths from x to f, and a central difference through both.
  const xv = x.value as number, yv = y.value as number;
  const viaQ = yv, viaR = Math.cos(xv);
  const h = 1e-6;
  const at = (v: number) => {
    x.assign(v);
    return f.value as number;
  };
  const central = (at(xv + h) - at(xv - h)) / (2 * h);
  x.assign(xv);
  const engine = tg.grad(f, [x])[0]!.value as number;
  claim(Math.abs(viaQ + viaR - engine) < 1e-12 && Math.abs(central - engine) < 1e-6, 'the two paths add up to the engine\'s gradient and to the central difference');

  // A repeated subexpression is one node: a fan-out point with its own stage.
  const shared = tg.parse('sin(x*y) + cos(x*y)', { x: xv, y: yv });
  const sharedText = tg.explain(shared, { warn: false }).toText();

  const body = `
A variable that feeds several operations is a *fan-out point*. Its gradient is the sum of
one chain-rule term per use. This lesson shows why, with the engine's derivation and a
numerical check.

## The program

${code('ts', `const x = tg.variable('x', 1.5), y = tg.variable('y', -2);
const q = x.mul(y).as('q');       // x is used here…
const r = tg.sin(x).as('r');      // …and here
const f = q.add(r).as('f');
tg.explain(f);`)}

${image(forward, 'The graph of f = x·y + sin(x): x has two outgoing edges', 'Figure 1. $x$ fans out to $q$ and $r$.')}

${equations(d.forward)}

## The multivariate chain rule

$f$ depends on $x$ along two paths, $x \\to q \\to f$ and $x \\to r \\to f$. Nudge $x$ by $h$:
$q$ moves by $\\frac{\\partial q}{\\partial x} h$ and $r$ by $\\frac{\\partial r}{\\partial x} h$, and
$f$ feels both moves. To first order the effects add:

$$
\\frac{df}{dx} = \\frac{\\partial f}{\\partial q}\\frac{\\partial q}{\\partial x} + \\frac{\\partial f}{\\partial r}\\frac{\\partial r}{\\partial x}.
$$

In reverse mode $\\partial f/\\partial q$ is the adjoint $\\bar q$, so the rule reads: **the
adjoint of a node is the sum, over the nodes that use it, of their adjoint times the local
derivative**, $\\bar v = \\sum_{c} \\bar c\\, \\partial c / \\partial v$. The engine's chain-rule stage
for $x$ has one term per use:

${equation(xbar)}

The other adjoints have a single term each:

${equations(d.adjoints.filter((e) => e !== xbar))}

## Checking the sum

${table(
  ['', 'value'],
  [
    ['path through q: $\\bar q\\,\\partial q/\\partial x = y$', num(viaQ)],
    ['path through r: $\\bar r\\,\\partial r/\\partial x = \\cos x$', num(viaR)],
    ['sum of the paths', num(viaQ + viaR)],
    ['engine: $\\partial f/\\partial x$', num(engine)],
    [`central difference $\\frac{f(x+h) - f(x-h)}{2h}$, $h = 10^{-6}$`, num(central)],
  ],
)}

Either path alone is wrong. In hand-written backprop this is the classic bug of assigning a
gradient (\`grad = …\`) where it must be accumulated (\`grad += …\`): the last use wins and
the others are lost.

## Where adjoints are added

The backward graph makes the sum visible: the adjoint of $x$ is an \`add\` node whose inputs
are the contributions of $q$ and $r$ (here $\\bar q = \\bar r = 1$, so the contributions are just
$y$ and $\\cos x$).

${image(both, 'Forward and backward graph of f = x·y + sin(x); the backward add node sums the two contributions to the adjoint of x', 'Figure 2. Forward graph, and in red the backward graph that `grad` built.')}

## Repeated subexpressions are fan-out points too

The engine hash-conses nodes: building the same op on the same inputs twice returns the same
node. In \`sin(x*y) + cos(x*y)\` the product is one node used twice, so it becomes a stage of
its own ($v_1$), and its local derivatives have one term per use,
$\\bar L \\cos v_1 - \\bar L \\sin v_1$:

${code('text', `tg.explain(tg.parse('sin(x*y) + cos(x*y)', { x: 1.5, y: -2 })).toText()\n\n${sharedText}`)}

Each adjoint is computed once and reused by everything below it. That is what keeps reverse
mode linear in the size of the graph, where expanding the chain rule symbolically would
repeat $\\cos(x y) - \\sin(x y)$ in every gradient.

## Try it

- In the [playground](../playground/), pick *Fan-out: adjoints add* and step to the
  equation of $\\bar x$: its chain-rule line has two terms.
- Write \`x*x\`: the engine's local derivative of a product with itself is $2x$, the two uses
  added in one step.
`;
  return { slug: '02-fan-out', title: 'Fan-out and the multivariate chain rule: why adjoints add', summary: 'A variable used twice gets one chain-rule term per use; the backward graph adds them.', body: `${body}\n${await exercises(EXERCISES)}\n`, figures: [forward, both] };
}
