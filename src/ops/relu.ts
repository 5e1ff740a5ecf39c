import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { step } from './step.js';

/** Definition of {@link relu}. @category Op definitions */
export const reluOp: UnaryOpDef<'relu'> = elementwiseUnary({
  name: 'relu',
  symbol: 'ReLU',
  // NOTE: written `x <= 0 ? 0 : x` so that NaN passes through (relu(NaN) = NaN, as in PyTorch).
  scalar: ([a]) => `(${a}<=0?0:${a})`,
  kernel: (v) => (v <= 0 ? 0 : v),
  vjp: (x, _y, dy) => mul(dy, step(x)),
  latex: '\\operatorname{ReLU}',
  text: 'ReLU',
  mathjs: 'relu',
  reference: 'max(x, 0)',
  kink: (x) => x,
});

/**
 * Elementwise rectified linear unit: `relu(x) = max(x, 0)`.
 *
 * Derivative: `d/dx relu(x) = 1 if x > 0, else 0`.
 *
 * NOTE: at `x = 0` the derivative is taken as 0 (as PyTorch and JAX do); gradient checks warn there instead of failing.
 * `relu(NaN)` is NaN, as in PyTorch, and so is its gradient.
 * @param x the operand (a node, number or tensor)
 * @returns the node `relu(x)`
 * @example
 * tg.relu(tg.variable('x', -2)).value; // → 0
 * @see {@link softplus}
 * @category Elementwise
 */
export function relu(x: Operand): Node {
  return applyOwned(reluOp, [x]);
}
