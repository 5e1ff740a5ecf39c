import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { sub } from './sub.js';

/** Definition of {@link acoth}. @category Op definitions */
export const acothOp: UnaryOpDef<'acoth'> = elementwiseUnary({
  name: 'acoth',
  scalar: ([a]) => `Math.atanh(1/${a})`,
  kernel: (v) => Math.atanh(1 / v),
  vjp: (x, _y, dy) => div(dy, sub(1, pow(x, 2))),
  latex: '\\operatorname{arcoth}',
  text: 'acoth',
  mathjs: 'acoth',
  // NOTE: mathjs 15's derivative of acoth has the wrong sign (-1/(1 - x²)); tests check this rule against central differences and atanh(1/x).
  domain: { min: 1.1, max: 3 },
});

/**
 * Elementwise inverse hyperbolic cotangent: `acoth(x) = atanh(1/x) = ½ log((x + 1)/(x - 1))`.
 *
 * Derivative: `d/dx acoth(x) = 1/(1 - x²)`, the same formula as {@link atanh}'s, on the other
 * part of the line.
 *
 * Domain: `|x| > 1`; `acoth(±1) = ±Infinity`, NaN for `|x| < 1` (where mathjs answers a
 * complex number).
 * @param x the operand (a node, number or tensor)
 * @returns the node `acoth(x)`
 * @example
 * const x = tg.variable('x', 2);
 * tg.acoth(x).value; // → 0.5493061443340548
 * tg.toText(tg.grad(tg.acoth(x), x)); // → '1 / (1 − x²)'
 * @see {@link coth}, {@link atanh}
 * @category Elementwise
 */
export function acoth(x: Operand): Node {
  return applyOwned(acothOp, [x]);
}
