/**
 * The programs behind the examples, the golden files and the course: each builds a small
 * graph whose derivation is a lesson.
 */
import * as tg from '../src/index.js';

/** The CS231n sigmoid neuron `f = σ(w₀x₀ + w₁x₁ + w₂)` at w0=2, x0=−1, w1=−3, x1=−2, w2=−3. */
export function neuron() {
  const w0 = tg.variable('w0', 2), x0 = tg.variable('x0', -1);
  const w1 = tg.variable('w1', -3), x1 = tg.variable('x1', -2);
  const w2 = tg.variable('w2', -3);
  const z = w0.mul(x0).add(w1.mul(x1)).add(w2).as('z');
  const f = tg.sigmoid(z).as('f');
  return { f, z, inputs: [w0, x0, w1, x1, w2] };
}

/**
 * A 3-layer sigmoid network on one sample (column vectors, as in Nielsen's chapter 2) with
 * the quadratic cost `C = ½‖a⁽³⁾ − y‖²`. Layers are 2 → 3 → 2.
 */
export function mlpDeltas() {
  const x = tg.variable('x', [[0.5], [-0.2]], { label: 'a^{(1)}' });
  const W2 = tg.variable('W2', tg.randn([3, 2], { seed: 1 }), { label: 'W^{(2)}' });
  const b2 = tg.variable('b2', tg.randn([3, 1], { seed: 2 }), { label: 'b^{(2)}' });
  const W3 = tg.variable('W3', tg.randn([2, 3], { seed: 3 }), { label: 'W^{(3)}' });
  const b3 = tg.variable('b3', tg.randn([2, 1], { seed: 4 }), { label: 'b^{(3)}' });
  const y = tg.constant([[1], [0]], { label: 'y' });
  const z2 = W2.matmul(x).add(b2).as('z^{(2)}');
  const a2 = tg.sigmoid(z2).as('a^{(2)}');
  const z3 = W3.matmul(a2).add(b3).as('z^{(3)}');
  const a3 = tg.sigmoid(z3).as('a^{(3)}');
  const C = tg.mul(0.5, tg.sum(tg.pow(a3.sub(y), 2))).as('C');
  return { C, params: [W2, b2, W3, b3], x, y, z2, a2, z3, a3 };
}

/** The quadratic form `f = xᵀAx`, whose gradient is `(A + Aᵀ)x` and Hessian `A + Aᵀ`. */
export function quadraticForm() {
  const A = tg.variable('A', [[1, 2], [3, 4]]);
  const x = tg.variable('x', [1, -1]);
  const f = tg.dot(x, tg.matmul(A, x)).as('f');
  return { f, A, x };
}
