import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';

/** Definition of {@link log}. @category Op definitions */
export const logOp: UnaryOpDef<'log'> = elementwiseUnary({
  name: 'log',
  scalar: mathCall('log'),
  kernel: Math.log,
  vjp: (x, _y, dy) => div(dy, x),
  latex: '\\log',
  text: 'log',
  mathjs: 'log',
  domain: { min: 0.2, max: 3 },
  // NOTE: mathjs's log takes an optional base: log(x, b) = log(x) / log(b).
  parse: { usage: 'log(x, base?)', min: 1, max: 2, build: ([x, b]) => (b ? div(log(x!.node()), log(b.node())) : log(x!.node())) },
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
