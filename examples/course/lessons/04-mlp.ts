/**
 * Lesson 4: an MLP. The four backprop equations, in the seed article's index notation and
 * in matrix form, found in the engine's derivation and checked numerically.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tg from '../../../src/index.js';
import { claim, code, equation, equations, find, image, maxDiff, num, table, type Lesson } from '../md.js';
import { exercises, type Exercise } from '../exercises.js';

/** The body of {@link network} as written in this file, so the page shows the code that ran. */
function networkSource(): string {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const from = lines.findIndex((l) => l.startsWith('function network()'));
  const to = lines.findIndex((l, i) => i > from && l.trimStart().startsWith('return {'));
  return lines.slice(from + 1, to).map((l) => l.slice(2)).join('\n');
}

/** A 2-3-2 sigmoid network on one example, written the seed article's way: `z_j = Σ_i x_i w_ij + b_j`. */
function network() {
  const x = tg.variable('x', [0.5, -0.2], { label: 'a^{(0)}' });
  const w1 = tg.variable('w1', [[0.2, -0.4, 0.7], [0.5, 0.1, -0.3]], { label: 'w^{(1)}' });
  const b1 = tg.variable('b1', [0.1, -0.2, 0.05], { label: 'b^{(1)}' });
  const w2 = tg.variable('w2', [[0.6, -0.1], [-0.3, 0.8], [0.4, 0.2]], { label: 'w^{(2)}' });
  const b2 = tg.variable('b2', [-0.1, 0.2], { label: 'b^{(2)}' });
  const y = tg.constant([1, 0], { label: 'y' });
  const z1 = tg.matmul(x, w1).add(b1).as('z^{(1)}');
  const a1 = tg.sigmoid(z1).as('a^{(1)}');
  const z2 = tg.matmul(a1, w2).add(b2).as('z^{(2)}');
  const a2 = tg.sigmoid(z2).as('a^{(2)}');
  const C = tg.mul(0.5, tg.sum(tg.pow(a2.sub(y), 2))).as('C');
  return { x, w1, b1, w2, b2, y, z1, a1, z2, a2, C, params: [w1, b1, w2, b2] };
}

const EXERCISES: Exercise[] = [
  {
    question: 'The output layer of an MLP, $C = \\frac{1}{2} \\lVert \\sigma(W^{(2)} a) - y \\rVert^2$ for one example with activations $a$ from the layer below: give $\\partial C/\\partial W^{(2)}$ (BP4: $\\delta^{(2)} a^\\top$) and $\\partial C/\\partial a$ (BP2: $(W^{(2)})^\\top \\delta^{(2)}$), with $\\delta^{(2)} = (\\sigma(W^{(2)} a) - y) \\odot \\sigma\'(W^{(2)} a)$ (BP1).',
    expression: '\\frac{1}{2} \\mathbf{1}^\\top (\\sigma(W^{(2)} a) - y)^{2}',
    at: ['W^{(2)}=[[0.6,-0.3,0.4],[-0.1,0.8,0.2]]', 'a=[0.5,0.2,0.9]', 'y=[1,0]'],
    answers: [['W^{(2)}', "\\left((\\sigma(W^{(2)} a) - y) \\odot \\sigma'(W^{(2)} a)\\right) a^\\top"], ['a', "(W^{(2)})^\\top \\left((\\sigma(W^{(2)} a) - y) \\odot \\sigma'(W^{(2)} a)\\right)"]],
    mistake: ['a', '(W^{(2)})^\\top (\\sigma(W^{(2)} a) - y)'],
  },
];

export default async function lesson(): Promise<Lesson> {
  const n = network();
  const { C, params } = n;
  const index = tg.explain(C, { wrt: params, adjoint: 'delta', notation: 'index', values: false, expandLimit: 0, warn: false });
  const matrix = tg.explain(C, { wrt: params, adjoint: 'delta', values: false, expandLimit: 0, warn: false });
  const forward = { name: '04-mlp', dot: tg.toDot(C, { wrt: params, adjoint: 'delta', rankdir: 'TB' }) };

  // The four equations evaluated by hand, against the engine's gradients.
  const T = (node: tg.Node) => tg.constant(node.tensor);
  const sig = (a: tg.Node) => T(a).mul(tg.sub(1, T(a)));
  const delta2 = T(n.a2).sub(n.y).mul(sig(n.a2));
  const delta1 = tg.matmul(delta2, tg.transpose(T(n.w2))).mul(sig(n.a1));
  const outer = (u: tg.Node, v: tg.Node) => tg.matmul(tg.reshape(u, [-1, 1]), tg.reshape(v, [1, -1]));
  const [gw1, gb1, gw2, gb2] = tg.grad(C, params).map((g) => g.tensor);
  const [gz1, gz2] = tg.grad(C, [n.z1, n.z2]).map((g) => g.tensor);
  const checks: [string, number][] = [
    ['BP1: $\\delta^{(2)} = (a^{(2)} - y) \\odot \\sigma\'(z^{(2)})$', maxDiff(delta2.tensor, gz2!)],
    ['BP2: $\\delta^{(1)} = (\\delta^{(2)} {w^{(2)}}^\\top) \\odot \\sigma\'(z^{(1)})$', maxDiff(delta1.tensor, gz1!)],
    ['BP3: $\\partial C/\\partial b^{(l)} = \\delta^{(l)}$', Math.max(maxDiff(delta1.tensor, gb1!), maxDiff(delta2.tensor, gb2!))],
    ['BP4: $\\partial C/\\partial w^{(l)}_{ij} = a^{(l-1)}_i \\delta^{(l)}_j$', Math.max(maxDiff(outer(n.x, delta1).tensor, gw1!), maxDiff(outer(T(n.a1), delta2).tensor, gw2!))],
  ];

  claim(checks.every(([, diff]) => diff < 1e-12), 'the four backprop equations give the engine\'s gradients');
  const eq = (d: tg.Derivation, lhs: string) => find(d, lhs);
  const body = `
The seed article writes a layer as $z_j^l = \\sum_i w_{ij}^l x_i^{l-1} + b_j^l$,
$a_j^l = f(z_j^l)$, and updates the weights by $\\Delta w_{ij}^l = \\alpha\\,\\delta_j^l x_i^{l-1}$, where
$\\delta_j^l$ is the error of unit $j$ of layer $l$. This lesson builds such a network, lets the
engine derive its backward pass, and finds in it the four equations of backpropagation.

## The network

Two inputs, three hidden sigmoid units, two sigmoid outputs, quadratic cost
$C = \\tfrac12 \\lVert a^{(2)} - y \\rVert^2$ on one example. The input is a row vector, so a layer
is $z = a\\,w + b$ with $w_{ij}$ connecting input $i$ to unit $j$, exactly the seed's indices.

${code('ts', `${networkSource()}

tg.explain(C, { wrt: [w1, b1, w2, b2], adjoint: 'delta', notation: 'index' });`)}

${image(forward, 'The graph of the 2-3-2 network: two layers of matmul, add and sigmoid, then the quadratic cost', 'Figure 1. The network and its cost, with values and gradients.')}

A node named $z^{(l)}$ gets the adjoint name $\\delta^{(l)}$: the seed's $\\delta^l$.

## In the seed's index notation

${equations(index.forward)}

${equation(index.seed)}

${equations(index.adjoints)}

## In matrix form

The same derivation with \`notation: 'matrix'\` (the default). Row vectors, so a transpose
appears where the index notation swaps $j$ and $k$:

${equations(matrix.adjoints)}

## The four equations

Every line of the backward pass is an instance of one of four equations (Nielsen, *Neural
Networks and Deep Learning*, chapter 2, written here for row vectors):

${table(
  ['', 'equation', 'index form', 'in the derivation'],
  [
    ['BP1', 'error of the output layer', '$\\delta^{L}_j = \\frac{\\partial C}{\\partial a^{L}_j}\\,\\sigma\'(z^{L}_j)$', `(${eq(index, 'δⱼ⁽²⁾').number}), after (${eq(index, '[δ_a⁽²⁾]ⱼ').number})`],
    ['BP2', 'error of a hidden layer', '$\\delta^{l}_j = \\big(\\sum_k w^{l+1}_{jk}\\,\\delta^{l+1}_k\\big)\\,\\sigma\'(z^{l}_j)$', `(${eq(index, 'δⱼ⁽¹⁾').number}), after (${eq(index, '[δ_a⁽¹⁾]ⱼ').number})`],
    ['BP3', 'bias gradient', '$\\frac{\\partial C}{\\partial b^{l}_j} = \\delta^{l}_j$', `(${eq(index, '[δ_b⁽²⁾]ⱼ').number}), (${eq(index, '[δ_b⁽¹⁾]ⱼ').number})`],
    ['BP4', 'weight gradient', '$\\frac{\\partial C}{\\partial w^{l}_{ij}} = a^{l-1}_i\\,\\delta^{l}_j$', `(${eq(index, '[δ_w⁽²⁾]ᵢⱼ').number}), (${eq(index, '[δ_w⁽¹⁾]ᵢⱼ').number})`],
  ],
)}

The sigmoid's derivative appears as $a_j (1 - a_j)$: $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$
written with the named output. BP4 is the seed's update rule: gradient descent moves each
weight by $\\Delta w_{ij}^l = -\\alpha\\,\\partial C/\\partial w^l_{ij} = -\\alpha\\, a_i^{l-1} \\delta_j^l$.
Texts that write the update as $+\\alpha\\,\\delta_j^l x_i^{l-1}$ define $\\delta$ with the opposite
sign, $\\delta = -\\partial C/\\partial z$.

Evaluated by hand with these formulas at the network's values, the four equations give the
engine's gradients:

${table(['equation', 'largest difference from the engine'], checks.map(([name, diff]) => [name, num(diff)]))}

## Try it

- \`npx tsx examples/mlp-deltas.ts\` derives the same equations for a column-vector network
  ($z = W a + b$), where BP2 reads $\\delta^{l} = ({W^{l+1}}^\\top \\delta^{l+1}) \\odot \\sigma'(z^l)$.
- In the [playground](../playground/), the *Seed XOR network, fixed* preset is a batch
  version of this network; switch between matrix and index notation there.
`;
  return { slug: '04-mlp', title: 'An MLP: the four backprop equations', summary: 'The seed article\'s network in index notation and in matrix form; BP1–BP4 found in the derivation and checked.', body: `${body}\n${await exercises(EXERCISES)}\n`, figures: [forward] };
}
