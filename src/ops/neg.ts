import { applyOwned, inputAt, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec, type PrintContext, type Printed } from '../core/opdef.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';

function negated(c: PrintContext, minus: string): Printed {
  const x = c.arg(0, Prec.Product, true);
  return { s: `${minus}${x}`, prec: Prec.Unary, leadingMinus: true, startsWithDigit: false, unsigned: x };
}

/** Definition of {@link neg}. @category Op definitions */
export const negOp: UnaryOpDef<'neg'> = elementwiseUnary({
  name: 'neg',
  symbol: '−',
  scalar: ([a]) => `(-${a})`,
  kernel: (v) => -v,
  vjp: (_x, _y, dy) => neg(dy),
  latex: (c) => negated(c, '-'),
  text: (c) => negated(c, '−'),
  mathjs: 'unaryMinus',
  toMathjs: (c) => ({ s: `-${c.arg(0, MathjsPrec.Power)}`, prec: MathjsPrec.Unary }),
  linear: true,
  rewrites: [{ name: '--x = x', rewrite: ([x]) => (x!.op === negOp && x!.label === undefined ? inputAt(x!, 0) : undefined) }],
});

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
