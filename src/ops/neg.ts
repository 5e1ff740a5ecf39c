import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec } from '../graph/opdef.js';
import { elementwiseUnary } from './_family.js';

/** Definition of {@link neg}. @category Op definitions */
export const negOp = {
  ...elementwiseUnary({
    name: 'neg',
    kernel: (v) => -v,
    vjp: (_x, _y, dy) => neg(dy),
    latex: (c) => ({ s: `-${c.arg(0, Prec.Product, true)}`, prec: Prec.Unary, leadingMinus: true }),
    text: (c) => ({ s: `−${c.arg(0, Prec.Product, true)}`, prec: Prec.Unary, leadingMinus: true }),
    mathjs: 'unaryMinus',
  }),
  linear: true,
};

/**
 * Elementwise negation: `-x`.
 *
 * Derivative: `d(-x)/dx = -1`.
 * @param x the operand
 * @returns the node `-x`
 * @example
 * tg.neg(tg.variable('x', 2)).value; // → -2
 * @see {@link sub}
 * @category Elementwise
 */
export function neg(x: Operand): Node {
  return applyOwned(negOp, [x]);
}
