import { applyOwned, type Node, type Operand } from '../core/node.js';
import { zip } from '../tensor/kernels.js';
import { call, elementwiseBinary, type BinaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { step } from './step.js';
import { sub } from './sub.js';

/** Definition of {@link maximum}. @category Op definitions */
export const maximumOp: BinaryOpDef<'maximum'> = elementwiseBinary({
  name: 'maximum',
  symbol: 'max',
  // NOTE: a NaN on either side is the result (as torch.maximum); `a !== a` is the NaN test.
  scalar: ([a, b]) => `(${a}>=${b}||${a}!==${a}?${a}:${b})`,
  kernel: (a, b) => (a >= b || a !== a ? a : b),
  // NOTE: at a tie each side gets half of dy (step at 0 is 0.5), as JAX does.
  vjp: ({ inputs: [a, b], dy, needs }) => [needs[0] ? mul(dy, step(sub(a!, b!), 0.5)) : null, needs[1] ? mul(dy, step(sub(b!, a!), 0.5)) : null],
  latex: (c) => call(c, '\\max', 'max'),
  text: (c) => call(c, '\\max', 'max'),
  commutative: true,
  mathjs: 'max',
  kink: (a, b) => zip(a, b, (x, y) => x - y),
});

/**
 * Elementwise maximum of two operands, with NumPy broadcasting.
 *
 * Derivative: `∂max(a, b)/∂a = 1 where a > b, 0 where a < b`; ties split `dy` evenly.
 *
 * NaN propagates, whichever side it is on (as `torch.maximum`): `max(NaN, 0)` and `max(0, NaN)`
 * are NaN, and so is the gradient through them.
 * @param a first operand
 * @param b second operand
 * @returns the node `max(a, b)`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.maximum(tg.variable('x', 2), 3).value; // → 3
 * @see {@link minimum}, {@link relu}
 * @category Elementwise
 */
export function maximum(a: Operand, b: Operand): Node {
  return applyOwned(maximumOp, [a, b]);
}
