// The scalar chain on the micrograd-style engine of `micrograd-eager.js` (after Karpathy's
// micrograd: one object per value, one closure per op, a topological sort, then the closures
// in reverse; the sort is iterative, since a chain of 10⁵ nodes overflows JavaScript's stack
// when recursive).

import { Value } from './micrograd-eager.js';

export { Value };

/** The chain x ← tanh(a·x + b), `steps` times; returns [x_final, ∂/∂a, ∂/∂b, ∂/∂x0]. */
export function microgradChain(steps, a0, b0, x00) {
  const a = new Value(a0), b = new Value(b0), x0 = new Value(x00);
  let x = x0;
  for (let i = 0; i < steps; i++) x = a.mul(x).add(b).tanh();
  x.backward();
  return [x.data, a.grad, b.grad, x0.grad];
}
