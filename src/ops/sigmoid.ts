import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** Definition of {@link sigmoid}. @category Op definitions */
export const sigmoidOp: UnaryOpDef<'sigmoid'> = elementwiseUnary({
  name: 'sigmoid',
  symbol: 'σ',
  scalar: ([a]) => `(${a}>=0?1/(1+Math.exp(-${a})):Math.exp(${a})/(1+Math.exp(${a})))`,
  kernel: (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  vjp: (_x, y, dy) => mul(dy, mul(y, sub(1, y))),
  latex: '\\sigma',
  text: 'σ',
  mathjs: 'sigmoid',
  reference: '1 / (1 + exp(-x))',
});

/**
 * Elementwise logistic sigmoid: `σ(x) = 1 / (1 + e^(-x))`.
 *
 * Derivative: `σ′(x) = σ(x)(1 - σ(x))`. Sigmoid has its own rule rather than a decomposition, so that the derivative of `a = σ(z)` reads `a (1 - a)` as in the textbook.
 *
 * Computed stably for large `|x|`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sigmoid(x)`
 * @example
 * tg.sigmoid(tg.variable('x', 0)).value; // → 0.5
 * @see {@link tanh}
 * @category Elementwise
 */
export function sigmoid(x: Operand): Node {
  return applyOwned(sigmoidOp, [x]);
}
