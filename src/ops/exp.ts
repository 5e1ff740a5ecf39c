import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec } from '../core/opdef.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';

/** Definition of {@link exp}. @category Op definitions */
export const expOp: UnaryOpDef<'exp'> = elementwiseUnary({
  name: 'exp',
  scalar: mathCall('exp'),
  kernel: Math.exp,
  vjp: (_x, y, dy) => mul(dy, y),
  latex: (c) => (c.eIsName ? { s: `\\exp${c.paren(c.raw(0))}`, prec: Prec.Atom } : { s: `e^{${c.raw(0)}}`, prec: Prec.Power }),
  text: 'exp',
  mathjs: 'exp',
});

/**
 * Elementwise exponential: `e^x`.
 *
 * Derivative: `d/dx e^x = e^x` (written with the named output: `∂y/∂x = y`).
 * @param x the operand (a node, number or tensor)
 * @returns the node `exp(x)`
 * @example
 * tg.exp(tg.variable('x', 0)).value; // → 1
 * @see {@link log}
 * @category Elementwise
 */
export function exp(x: Operand): Node {
  return applyOwned(expOp, [x]);
}
