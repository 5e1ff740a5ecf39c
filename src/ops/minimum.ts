import { applyOwned, type Node, type Operand } from '../core/node.js';
import { zip } from '../tensor/kernels.js';
import { call, elementwiseBinary, type BinaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { step } from './step.js';
import { sub } from './sub.js';

/** Definition of {@link minimum}. @category Op definitions */
export const minimumOp: BinaryOpDef<'minimum'> = elementwiseBinary({
  name: 'minimum',
  symbol: 'min',
  // NOTE: a NaN on either side is the result (as torch.minimum); `a !== a` is the NaN test.
  scalar: ([a, b]) => `(${a}<=${b}||${a}!==${a}?${a}:${b})`,
  kernel: (a, b) => (a <= b || a !== a ? a : b),
  // NOTE: at a tie each side gets half of dy, as in maximum.
  vjp: ({ inputs: [a, b], dy, needs }) => [needs[0] ? mul(dy, step(sub(b!, a!), 0.5)) : null, needs[1] ? mul(dy, step(sub(a!, b!), 0.5)) : null],
  latex: (c) => call(c, '\\min', 'min'),
  text: (c) => call(c, '\\min', 'min'),
  commutative: true,
  mathjs: 'min',
  kink: (a, b) => zip(a, b, (x, y) => x - y),
});

/**
 * Elementwise minimum of two operands, with NumPy broadcasting.
 *
 * Derivative: `∂min(a, b)/∂a = 1 where a < b, 0 where a > b`; ties split `dy` evenly.
 *
 * NaN propagates, whichever side it is on (as `torch.minimum`): `min(NaN, 0)` and `min(0, NaN)`
 * are NaN, and so is the gradient through them.
 * @param a first operand
 * @param b second operand
 * @returns the node `min(a, b)`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.minimum(tg.variable('x', 2), 3).value; // → 2
 * @see {@link maximum}
 * @category Elementwise
 */
export function minimum(a: Operand, b: Operand): Node {
  return applyOwned(minimumOp, [a, b]);
}
