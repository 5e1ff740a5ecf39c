import { applyOwned, type Node, type Operand } from '../core/node.js';
import { coth } from './coth.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/** Definition of {@link csch}. @category Op definitions */
export const cschOp: UnaryOpDef<'csch'> = elementwiseUnary({
  name: 'csch',
  scalar: ([a]) => `(1/Math.sinh(${a}))`,
  kernel: (v) => 1 / Math.sinh(v),
  vjp: (x, y, dy) => neg(mul(dy, mul(y, coth(x)))),
  latex: '\\operatorname{csch}',
  text: 'csch',
  mathjs: 'csch',
  domain: { min: 0.3, max: 3 },
});

/**
 * Elementwise hyperbolic cosecant: `csch(x) = 1/sinh(x)`.
 *
 * Derivative: `d/dx csch(x) = -csch(x) coth(x)`, written with the named output `y`: `-y coth(x)`.
 *
 * Pole at 0: `csch(0) = Infinity`, `csch(-0) = -Infinity`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `csch(x)`
 * @example
 * const x = tg.variable('x', 1);
 * tg.csch(x).value; // → 0.8509181282393216
 * tg.toText(tg.grad(tg.csch(x), x)); // → '−csch(x)·coth(x)'
 * @see {@link sinh}, {@link sech}, {@link coth}, {@link acsch}
 * @category Elementwise
 */
export function csch(x: Operand): Node {
  return applyOwned(cschOp, [x]);
}
