import { applyOwned, constant, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';

/** Definition of {@link log2}. @category Op definitions */
export const log2Op: UnaryOpDef<'log2'> = elementwiseUnary({
  name: 'log2',
  scalar: mathCall('log2'),
  kernel: Math.log2,
  // NOTE: ln 2 is a named constant, so that the rule prints `1/(x ln 2)` rather than a long decimal.
  vjp: (x, _y, dy) => div(dy, mul(x, constant(Math.LN2, { label: '\\mathrm{ln}\\,2' }))),
  latex: '\\log_{2}',
  text: 'log₂',
  mathjs: 'log2',
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise base-2 logarithm: `log2(x) = log(x) / log(2)`.
 *
 * Derivative: `d/dx log2(x) = 1/(x ln 2)`.
 *
 * Domain: `x > 0`; `log2(0) = -Infinity`, negative inputs give NaN. Exact at powers of 2
 * (`Math.log2`).
 * @param x the operand (a node, number or tensor)
 * @returns the node `log2(x)`
 * @example
 * const x = tg.variable('x', 8);
 * tg.log2(x).value; // → 3
 * tg.toText(tg.grad(tg.log2(x), x)); // → '1 / (x·ln 2)'
 * @see {@link log}, {@link log10}
 * @category Elementwise
 */
export function log2(x: Operand): Node {
  return applyOwned(log2Op, [x]);
}
