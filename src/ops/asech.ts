import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link asech}. @category Op definitions */
export const asechOp: UnaryOpDef<'asech'> = elementwiseUnary({
  name: 'asech',
  scalar: ([a]) => `Math.acosh(1/${a})`,
  kernel: (v) => Math.acosh(1 / v),
  vjp: (x, _y, dy) => neg(div(dy, mul(x, sqrt(sub(1, pow(x, 2)))))),
  latex: '\\operatorname{arsech}',
  text: 'asech',
  mathjs: 'asech',
  domain: { min: 0.2, max: 0.9 },
});

/**
 * Elementwise inverse hyperbolic secant: `asech(x) = acosh(1/x)`, with values `≥ 0`.
 *
 * Derivative: `d/dx asech(x) = -1/(x √(1 - x²))`.
 *
 * Domain: `0 < x ≤ 1`; `asech(0) = Infinity`, NaN elsewhere (where mathjs answers a complex
 * number); the derivative is infinite at 0 and 1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `asech(x)`
 * @example
 * tg.asech(tg.variable('x', 1)).value; // → 0
 * tg.asech(tg.variable('x', 0.5)).value; // → 1.3169578969248166
 * @see {@link sech}, {@link acosh}
 * @category Elementwise
 */
export function asech(x: Operand): Node {
  return applyOwned(asechOp, [x]);
}
