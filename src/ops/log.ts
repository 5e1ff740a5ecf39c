import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { elementwiseUnary } from './_family.js';
import { div } from './div.js';

/** Definition of {@link log}. @category Op definitions */
export const logOp = elementwiseUnary({
  name: 'log',
  kernel: Math.log,
  vjp: (x, _y, dy) => div(dy, x),
  latex: '\\log',
  text: 'log',
  mathjs: 'log',
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise natural logarithm: `log(x)`.
 *
 * Derivative: `d/dx log(x) = 1/x`.
 *
 * Domain: `x > 0`; `log(0) = -Infinity`, negative inputs give NaN.
 * @param x the operand (a node, number or tensor)
 * @returns the node `log(x)`
 * @example
 * tg.log(tg.variable('x', 1)).value; // → 0
 * @see {@link exp}
 * @category Elementwise
 */
export function log(x: Operand): Node {
  return applyOwned(logOp, [x]);
}
