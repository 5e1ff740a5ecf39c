import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec } from '../core/opdef.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { pow } from './pow.js';

/** Definition of {@link cbrt}. @category Op definitions */
export const cbrtOp: UnaryOpDef<'cbrt'> = elementwiseUnary({
  name: 'cbrt',
  symbol: '∛',
  scalar: mathCall('cbrt'),
  kernel: Math.cbrt,
  vjp: (_x, y, dy) => div(dy, mul(3, pow(y, 2))),
  latex: (c) => ({ s: `\\sqrt[3]{${c.raw(0)}}`, prec: Prec.Atom }),
  // NOTE: in text `∛x` binds like a power, as `√x` does.
  text: (c) => ({ s: `∛${c.arg(0, Prec.Atom)}`, prec: Prec.Power }),
  mathjs: 'cbrt',
  // NOTE: the derivative is infinite at 0, so samples stay on one side of it (tests/ops/cbrt.test.ts covers x < 0).
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise cube root: `∛x`, real for every `x` (`∛(-8) = -2`).
 *
 * Derivative: `d/dx ∛x = 1/(3 ∛x²)`, written `1/(3y²)` with the named output `y`, which
 * holds for negative `x` too.
 *
 * The derivative is infinite at 0.
 * @param x the operand (a node, number or tensor)
 * @returns the node `cbrt(x)`
 * @example
 * const x = tg.variable('x', -8);
 * tg.cbrt(x).value; // → -2
 * tg.grad(tg.cbrt(x), x).value; // → 0.08333333333333333
 * tg.toText(tg.grad(tg.cbrt(x), x)); // → '1 / (3·(∛x)²)'
 * @see {@link nthRoot}, {@link sqrt}
 * @category Elementwise
 */
export function cbrt(x: Operand): Node {
  return applyOwned(cbrtOp, [x]);
}
