import { applyOwned, type Node, type Operand } from '../core/node.js';
import { abs } from './abs.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link asec}. @category Op definitions */
export const asecOp: UnaryOpDef<'asec'> = elementwiseUnary({
  name: 'asec',
  scalar: ([a]) => `Math.acos(1/${a})`,
  kernel: (v) => Math.acos(1 / v),
  vjp: (x, _y, dy) => div(dy, mul(abs(x), sqrt(sub(pow(x, 2), 1)))),
  latex: '\\operatorname{arcsec}',
  text: 'asec',
  mathjs: 'asec',
  domain: { min: 1.1, max: 3 },
});

/**
 * Elementwise inverse secant: `asec(x) = acos(1/x)`, with values in `[0, π]`.
 *
 * Derivative: `d/dx asec(x) = 1/(|x| √(x² - 1))`.
 *
 * Domain: `|x| ≥ 1` (NaN for `|x| < 1`, where mathjs answers a complex number); the
 * derivative is infinite at ±1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `asec(x)`
 * @example
 * tg.asec(tg.variable('x', 1)).value; // → 0
 * tg.asec(tg.variable('x', -2)).value; // → 2.0943951023931957
 * @see {@link sec}, {@link acos}, {@link acsc}
 * @category Elementwise
 */
export function asec(x: Operand): Node {
  return applyOwned(asecOp, [x]);
}
