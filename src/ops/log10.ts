import { applyOwned, constant, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';

/** Definition of {@link log10}. @category Op definitions */
export const log10Op: UnaryOpDef<'log10'> = elementwiseUnary({
  name: 'log10',
  scalar: mathCall('log10'),
  kernel: Math.log10,
  // NOTE: ln 10 is a named constant, so that the rule prints `1/(x ln 10)` rather than a long decimal.
  vjp: (x, _y, dy) => div(dy, mul(x, constant(Math.LN10, { label: '\\mathrm{ln}\\,10' }))),
  latex: '\\log_{10}',
  text: 'log₁₀',
  mathjs: 'log10',
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise base-10 logarithm: `log10(x) = log(x) / log(10)`.
 *
 * Derivative: `d/dx log10(x) = 1/(x ln 10)`.
 *
 * Domain: `x > 0`; `log10(0) = -Infinity`, negative inputs give NaN. Exact at powers of 10
 * (`Math.log10`).
 * @param x the operand (a node, number or tensor)
 * @returns the node `log10(x)`
 * @example
 * const x = tg.variable('x', 1000);
 * tg.log10(x).value; // → 3
 * tg.toText(tg.grad(tg.log10(x), x)); // → '1 / (x·ln 10)'
 * @see {@link log}, {@link log2}
 * @category Elementwise
 */
export function log10(x: Operand): Node {
  return applyOwned(log10Op, [x]);
}
