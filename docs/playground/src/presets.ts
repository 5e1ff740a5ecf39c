/**
 * The playground's presets: an expression in mathjs syntax, the values of its variables, and
 * the variables to differentiate with respect to. Plain data, also read by the tests.
 */

/** A value as typed in a field: a number or a nested array (JSON). */
export type Value = number | Value[];

export interface Preset {
  /** Key (for the menu and `#preset=` in the address). */
  id: string;
  /** Menu text. */
  title: string;
  /** One or two sentences shown under the expression. */
  about: string;
  expression: string;
  values: Record<string, Value>;
  /** Variables to differentiate with respect to (default: all). */
  wrt?: string[];
  /** Notation that reads best for this preset. */
  notation?: 'matrix' | 'index';
  /** Which nodes get an equation (default `'all'`: every op, one step per node). */
  stages?: 'all' | 'named';
}

const r = (rows: number[][], digits = 2): number[][] => rows.map((row) => row.map((v) => Number(v.toFixed(digits))));

/** The seed article's XOR data and one N(0, 1) draw of its 2-4-1 network's parameters. */
const XOR_VALUES = {
  X: [[0, 0], [0, 1], [1, 0], [1, 1]],
  Y: [[0], [1], [1], [0]],
  W1: r([[-0.9890711843436272, -0.5807534943080253, 1.4874692990025467, 0.18213663073601352], [1.0644698292649704, 0.6838602115901288, 0.9066584074477022, 0.4678081557208363]]),
  b1: [-1.38, -1.68, 1.75, 1.38],
  W2: r([[0.5005189567496539], [2.437287008491825], [0.07068538270257015], [0.08122840982103934]]),
  b2: [1.46],
};

export const PRESETS: readonly Preset[] = [
  {
    id: 'neuron',
    title: 'CS231n neuron',
    about: 'The sigmoid neuron of CS231n’s backprop notes at w₀ = 2, x₀ = −1, w₁ = −3, x₁ = −2, w₂ = −3: the gradients are (−0.20, 0.39, −0.39, −0.59, 0.20).',
    expression: 'sigmoid(w0*x0 + w1*x1 + w2)',
    values: { w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 },
  },
  {
    id: 'fan-out',
    title: 'Fan-out: adjoints add',
    about: 'x is used twice, so its adjoint is the sum of two chain-rule terms.',
    expression: 'x*y + sin(x)',
    values: { x: 1.5, y: -2 },
  },
  {
    id: 'dense',
    title: 'Dense layer (matrix form)',
    about: 'A sigmoid layer on a batch of two examples with squared error: ∂L/∂W = Xᵀδ has W’s shape (the layout convention).',
    expression: 'sum((sigmoid(X*W + b) - Y).^2) / 2',
    values: { X: [[1, 2, -1], [0.5, -1, 2]], W: [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.25]], b: [0.1, -0.1], Y: [[1, 0], [0, 1]] },
    wrt: ['W', 'b'],
    notation: 'matrix',
  },
  {
    id: 'xor-bug',
    title: 'Seed XOR network (softmax bug)',
    about: 'The seed article’s 2-4-1 XOR network with softmax cross-entropy over one logit: softmax over one class is 1, so the loss is constant and every gradient is zero.',
    expression: '-mean(sum(Y .* logSoftmax(sigmoid(X*W1 + b1)*W2 + b2, 2), 2))',
    values: XOR_VALUES,
    wrt: ['W1', 'b1', 'W2', 'b2'],
  },
  {
    id: 'xor-fixed',
    title: 'Seed XOR network, fixed (binary cross-entropy)',
    about: 'The same network with binary cross-entropy on the logit z, written softplus(z) − y·z: now every gradient flows.',
    expression: 'mean(softplus(sigmoid(X*W1 + b1)*W2 + b2) - Y .* (sigmoid(X*W1 + b1)*W2 + b2))',
    values: XOR_VALUES,
    wrt: ['W1', 'b1', 'W2', 'b2'],
  },
  {
    id: 'softmax-ce',
    title: 'Softmax cross-entropy',
    about: 'Cross-entropy of softmax(z) against a one-hot y: the gradient with respect to the logits is softmax(z) − y.',
    expression: '-sum(y .* log(softmax(z)))',
    values: { z: [2, 1, 0.1], y: [1, 0, 0] },
    wrt: ['z'],
  },
  {
    id: 'quadratic',
    title: 'Quadratic form xᵀAx',
    about: 'The gradient of xᵀAx is (A + Aᵀ)x.',
    expression: "x'*A*x",
    values: { A: [[1, 2], [3, 4]], x: [1, -1] },
    wrt: ['x', 'A'],
  },
];

/** Values given to new scalar variables, in order of appearance. */
export const DEFAULT_VALUES: readonly number[] = [2, -3, 1, -1, 0.5, -2, 1.5, 3];
