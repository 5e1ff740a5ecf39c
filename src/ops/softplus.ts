import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';

/** Definition of {@link softplus}. @category Op definitions */
export const softplusOp: UnaryOpDef<'softplus'> = elementwiseUnary({
  name: 'softplus',
  scalar: ([a]) => `(${a}>0?${a}+Math.log1p(Math.exp(-${a})):Math.log1p(Math.exp(${a})))`,
  kernel: (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))),
  vjp: (x, _y, dy) => mul(dy, sigmoid(x)),
  latex: '\\operatorname{softplus}',
  text: 'softplus',
  mathjs: 'softplus',
  reference: 'log(1 + exp(x))',
});

/**
 * Elementwise softplus: `log(1 + e^x)`, a smooth relu.
 *
 * Derivative: `d/dx softplus(x) = σ(x)`.
 *
 * Computed stably for large `|x|`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `softplus(x)`
 * @example
 * tg.softplus(tg.variable('x', 0)).value; // → 0.6931471805599453
 * @see {@link relu}
 * @category Elementwise
 */
export function softplus(x: Operand): Node {
  return applyOwned(softplusOp, [x]);
}
