/**
 * Lesson 3: a dense layer in matrix form. ∂L/∂W = Xᵀ δ, shapes, the layout convention.
 */
import * as tg from '../../../src/index.js';
import { claim, code, equation, equations, find, image, maxDiff, num, table, type Lesson } from '../md.js';
import { exercises, type Exercise } from '../exercises.js';

const shapeText = (s: readonly number[]) => (s.length ? `[${s.join(', ')}]` : '[] (scalar)');

const AT = ['X=[[1,2,-1],[0.5,-1,2]]', 'W=[[0.1,-0.2],[0.4,0.3],[-0.5,0.25]]', 'b=[0.1,-0.1]', 'Y=[[1,0],[0,1]]'];
const EXERCISES: Exercise[] = [
  {
    question: 'The layer of this lesson without its activation, $L = \\frac{1}{2} \\lVert X W + b - Y \\rVert^2$ summed over the batch: give $\\partial L/\\partial W$ and $\\partial L/\\partial b$ in matrix form. The gradient has the shape of the variable.',
    expression: '\\frac{1}{2} \\mathbf{1}^\\top (X W + b - Y)^{2} \\mathbf{1}',
    at: AT,
    answers: [['W', 'X^\\top (X W + b - Y)'], ['b', '\\mathbf{1}^\\top (X W + b - Y)']],
    mistake: ['W', '(X W + b - Y)^\\top X'],
  },
  {
    question: 'The same $\\partial L/\\partial b$ written as a sum over the examples $i$ of the batch (`\\sum_i`, with `(…)_i` the row of example $i$).',
    expression: '\\frac{1}{2} \\mathbf{1}^\\top (X W + b - Y)^{2} \\mathbf{1}',
    at: AT,
    answers: [['b', '\\sum_i (X W + b - Y)_i']],
    mistake: ['b', 'X W + b - Y'],
  },
];

export default async function lesson(): Promise<Lesson> {
  const X = tg.variable('X', [[1, 2, -1], [0.5, -1, 2]]);
  const W = tg.variable('W', [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.25]]);
  const b = tg.variable('b', [0.1, -0.1]);
  const Y = tg.constant([[1, 0], [0, 1]], { label: 'Y' });
  const Z = X.matmul(W).add(b).as('Z');
  const A = tg.sigmoid(Z).as('A');
  const L = tg.mul(0.5, tg.sum(tg.pow(A.sub(Y), 2))).as('L');
  const wrt = [W, b];
  const d = tg.explain(L, { wrt, adjoint: 'delta', warn: false });
  const di = tg.explain(L, { wrt, adjoint: 'delta', notation: 'index', values: false, expandLimit: 0, warn: false });
  const forward = { name: '03-dense-layer', dot: tg.toDot(L, { wrt, adjoint: 'delta', rankdir: 'TB' }) };

  // The same gradients by hand, with the matrix formulas.
  const [dW, db, dZ] = tg.grad(L, [W, b, Z]);
  const A_ = A.tensor, Y_ = tg.tensor([[1, 0], [0, 1]]);
  const delta = tg.constant(A_).sub(Y_).mul(A_).mul(tg.sub(1, A_));
  const handW = tg.matmul(tg.transpose(X), delta);
  const handB = tg.sum(delta, 0);
  claim(maxDiff(handW.tensor, dW!.tensor) < 1e-12 && maxDiff(handB.tensor, db!.tensor) < 1e-12, '∂L/∂W = Xᵀδ and ∂L/∂b = 1ᵀδ give the engine\'s numbers');

  const rows: [string, tg.Node, tg.Node | undefined][] = [
    ['X (input, a batch of 2 examples × 3 features)', X, undefined],
    ['W (weights)', W, dW],
    ['b (bias, broadcast over the batch)', b, db],
    ['Z = X W + b', Z, dZ],
    ['A = σ(Z)', A, undefined],
    ['L', L, undefined],
  ];

  const body = `
A dense layer computes $Z = X W + b$ for a whole batch at once: each row of $X$ is an
example, each column of $W$ a unit. This lesson derives its gradients in matrix form and
checks the shapes, which is where most hand derivations go wrong.

## The program

${code('ts', `const X = tg.variable('X', [[1, 2, -1], [0.5, -1, 2]]);     // [2, 3]: 2 examples, 3 features
const W = tg.variable('W', [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.25]]);  // [3, 2]: 3 inputs, 2 units
const b = tg.variable('b', [0.1, -0.1]);                         // [2]
const Y = tg.constant([[1, 0], [0, 1]], { label: 'Y' });          // targets
const Z = X.matmul(W).add(b).as('Z');
const A = tg.sigmoid(Z).as('A');
const L = tg.mul(0.5, tg.sum(tg.pow(A.sub(Y), 2))).as('L');
tg.explain(L, { wrt: [W, b], adjoint: 'delta' });`)}

${image(forward, 'The graph of a dense sigmoid layer with squared error: matmul, add (broadcast), sigmoid, sub, pow, sum, mul', 'Figure 1. The layer and its loss. Tensors show their shape; small ones their values.')}

${equations(d.forward)}

## The backward pass, in δ notation

With \`adjoint: 'delta'\`, the adjoint of a node $v$ is written $\\delta_v = \\partial L/\\partial v$.
The error signal of the layer is $\\delta_Z$:

${equations(d.adjoints)}

Two formulas to remember come out of it:

- $\\partial L/\\partial W = X^\\top \\delta_Z$: the transpose of the layer's input times the
  error signal;
- $\\partial L/\\partial b = \\mathbf{1}^\\top \\delta_Z$: $b$ was broadcast over the batch
  (added to every row), so its gradient sums $\\delta_Z$ over the batch. The engine undoes
  broadcasting once, in \`grad\`, for every op.

By hand, with those formulas, the numbers are the same: the largest difference is
${num(maxDiff(handW.tensor, dW!.tensor))} for $W$ and ${num(maxDiff(handB.tensor, db!.tensor))} for $b$.

## Shapes and the layout convention

${table(
  ['quantity', 'shape', 'shape of ∂L/∂quantity'],
  rows.map(([name, n, g]) => [name, shapeText(n.shape), g ? shapeText(g.shape) : n === L ? '[] (the seed, 1)' : 'not needed']),
)}

Every gradient has the shape of its variable: $\\partial L/\\partial W$ is a $3 \\times 2$ matrix like
$W$, so a gradient step $W \\leftarrow W - \\alpha\\,\\partial L/\\partial W$ needs no reshaping. This is
the *denominator layout*, the convention of deep-learning code and of tracegrad.

The full Jacobian $\\partial Z/\\partial W$ would be a tensor of shape $[2, 2, 3, 2]$, almost all
zeros; reverse mode never builds it. Each op only needs a *vector-Jacobian product*: given
$\\delta_Z$ (shape of $Z$), return $\\delta_Z\\,\\partial Z/\\partial W$ (shape of $W$). For
$Z = XW$ that product is $X^\\top \\delta_Z$, and a quick shape check recovers it: the only way
to combine $X$ $[2, 3]$ and $\\delta_Z$ $[2, 2]$ into a $[3, 2]$ matrix is $X^\\top \\delta_Z$.

## The same layer in index notation

\`notation: 'index'\` writes every equation for one element, with the sums explicit:

${equation(find(di, 'Zᵢⱼ'))}

${equations([find(di, '[δ_W]ᵢⱼ'), find(di, '[δ_b]ⱼ')])}

## Try it

- In the [playground](../playground/), pick *Dense layer (matrix form)*, switch to δ and to
  index notation, and step to the equation of $\\delta_W$.
- Add a second layer: ${'`'}A.matmul(W2).add(b2)${'`'}. The error signal of the first layer becomes
  $\\delta_{Z} = (\\delta_{Z_2} W_2^\\top) \\odot A \\odot (1 - A)$: lesson 4.
`;
  return { slug: '03-dense-layer', title: 'A dense layer in matrix form: ∂L/∂W = Xᵀδ', summary: 'The gradient of a batched layer, its shapes, and why the gradient has the variable\'s shape.', body: `${body}\n${await exercises(EXERCISES)}\n`, figures: [forward] };
}
