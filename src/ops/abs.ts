import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec } from '../core/opdef.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { sign } from './sign.js';

/** Definition of {@link abs}. @category Op definitions */
export const absOp: UnaryOpDef<'abs'> = elementwiseUnary({
  name: 'abs',
  symbol: '|·|',
  scalar: mathCall('abs'),
  kernel: Math.abs,
  vjp: (x, _y, dy) => mul(dy, sign(x)),
  latex: (c) => ({ s: `\\left|${c.raw(0)}\\right|`, prec: Prec.Atom }),
  text: (c) => ({ s: `|${c.raw(0)}|`, prec: Prec.Atom }),
  mathjs: 'abs',
  kink: (x) => x,
});

/**
 * Elementwise absolute value: `|x|`.
 *
 * Derivative: `d/dx |x| = sign(x)`.
 *
 * NOTE: at `x = 0` the derivative is taken as 0 (`sign(0) = 0`); gradient checks warn there instead of failing.
 * @param x the operand (a node, number or tensor)
 * @returns the node `abs(x)`
 * @example
 * tg.abs(tg.variable('x', -2)).value; // → 2
 * @see {@link sign}
 * @category Elementwise
 */
export function abs(x: Operand): Node {
  return applyOwned(absOp, [x]);
}
