import { applyOwned, type Node, type Operand } from '../core/node.js';
import { abs } from './abs.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link acsc}. @category Op definitions */
export const acscOp: UnaryOpDef<'acsc'> = elementwiseUnary({
  name: 'acsc',
  scalar: ([a]) => `Math.asin(1/${a})`,
  kernel: (v) => Math.asin(1 / v),
  vjp: (x, _y, dy) => neg(div(dy, mul(abs(x), sqrt(sub(pow(x, 2), 1))))),
  latex: '\\operatorname{arccsc}',
  text: 'acsc',
  mathjs: 'acsc',
  domain: { min: 1.1, max: 3 },
});

/**
 * Elementwise inverse cosecant: `acsc(x) = asin(1/x)`, with values in `[-π/2, π/2]`.
 *
 * Derivative: `d/dx acsc(x) = -1/(|x| √(x² - 1))`.
 *
 * Domain: `|x| ≥ 1` (NaN for `|x| < 1`, where mathjs answers a complex number); the
 * derivative is infinite at ±1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `acsc(x)`
 * @example
 * tg.acsc(tg.variable('x', 1)).value; // → 1.5707963267948966
 * tg.acsc(tg.variable('x', -2)).value; // → -0.5235987755982989
 * @see {@link csc}, {@link asin}, {@link asec}
 * @category Elementwise
 */
export function acsc(x: Operand): Node {
  return applyOwned(acscOp, [x]);
}
