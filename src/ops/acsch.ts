import { applyOwned, type Node, type Operand } from '../core/node.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';

/** Definition of {@link acsch}. @category Op definitions */
export const acschOp: UnaryOpDef<'acsch'> = elementwiseUnary({
  name: 'acsch',
  scalar: ([a]) => `Math.asinh(1/${a})`,
  kernel: (v) => Math.asinh(1 / v),
  vjp: (x, _y, dy) => neg(div(dy, mul(abs(x), sqrt(add(pow(x, 2), 1))))),
  latex: '\\operatorname{arcsch}',
  text: 'acsch',
  mathjs: 'acsch',
  domain: { min: 0.3, max: 3 },
});

/**
 * Elementwise inverse hyperbolic cosecant: `acsch(x) = asinh(1/x)`.
 *
 * Derivative: `d/dx acsch(x) = -1/(|x| √(x² + 1))`.
 *
 * Defined for `x ≠ 0` (an odd function); `acsch(±0) = ±Infinity`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `acsch(x)`
 * @example
 * tg.acsch(tg.variable('x', 1)).value; // → 0.881373587019543
 * tg.acsch(tg.variable('x', -2)).value; // → -0.48121182505960347
 * @see {@link csch}, {@link asinh}
 * @category Elementwise
 */
export function acsch(x: Operand): Node {
  return applyOwned(acschOp, [x]);
}
