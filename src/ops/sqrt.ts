import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec } from '../core/opdef.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { mul } from './mul.js';

/** Definition of {@link sqrt}. @category Op definitions */
export const sqrtOp: UnaryOpDef<'sqrt'> = elementwiseUnary({
  name: 'sqrt',
  symbol: '√',
  scalar: mathCall('sqrt'),
  kernel: Math.sqrt,
  vjp: (_x, y, dy) => div(dy, mul(2, y)),
  latex: (c) => ({ s: `\\sqrt{${c.raw(0)}}`, prec: Prec.Atom }),
  // NOTE: in text `√x` binds like a power, so `(√x)²` keeps its parentheses.
  text: (c) => ({ s: `√${c.arg(0, Prec.Atom)}`, prec: Prec.Power }),
  mathjs: 'sqrt',
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise square root: `√x`.
 *
 * Derivative: `d/dx √x = 1/(2√x)`.
 *
 * Domain: `x ≥ 0`; the derivative is infinite at 0.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sqrt(x)`
 * @example
 * tg.sqrt(tg.variable('x', 9)).value; // → 3
 * @see {@link pow}
 * @category Elementwise
 */
export function sqrt(x: Operand): Node {
  return applyOwned(sqrtOp, [x]);
}
