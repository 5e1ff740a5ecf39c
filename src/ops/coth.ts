import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { pow } from './pow.js';
import { sub } from './sub.js';

/** Definition of {@link coth}. @category Op definitions */
export const cothOp: UnaryOpDef<'coth'> = elementwiseUnary({
  name: 'coth',
  scalar: ([a]) => `(1/Math.tanh(${a}))`,
  kernel: (v) => 1 / Math.tanh(v),
  vjp: (_x, y, dy) => mul(dy, sub(1, pow(y, 2))),
  latex: '\\coth',
  text: 'coth',
  mathjs: 'coth',
  domain: { min: 0.3, max: 3 },
});

/**
 * Elementwise hyperbolic cotangent: `coth(x) = 1/tanh(x)`.
 *
 * Derivative: `d/dx coth(x) = -csch²(x) = 1 - coth²(x)`, written `1 - y²` with the named
 * output `y` (as {@link tanh}'s is).
 *
 * Pole at 0: `coth(0) = Infinity`; `|coth(x)| > 1` elsewhere.
 * @param x the operand (a node, number or tensor)
 * @returns the node `coth(x)`
 * @example
 * const x = tg.variable('x', 1);
 * tg.coth(x).value; // → 1.3130352854993315
 * tg.toText(tg.grad(tg.coth(x), x)); // → '1 − coth(x)²'
 * @see {@link tanh}, {@link csch}, {@link acoth}
 * @category Elementwise
 */
export function coth(x: Operand): Node {
  return applyOwned(cothOp, [x]);
}
