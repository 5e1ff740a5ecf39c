import { applyOwned, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec } from '../core/opdef.js';
import { isConstantValue } from '../core/constants.js';
import { elementwiseBinary, type BinaryOpDef } from './_family.js';
import { fit } from './_rewrite.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/** Definition of {@link div}. @category Op definitions */
export const divOp: BinaryOpDef<'div'> = elementwiseBinary({
  name: 'div',
  symbol: '÷',
  scalar: ([a, b]) => `(${a}/${b})`,
  kernel: (a, b) => a / b,
  // NOTE: ∂(a/b)/∂b = -a/b² is written -y/b with y = a/b, so it prints in terms of the named output.
  vjp: ({ inputs, y, dy, needs }) => [needs[0] ? div(dy, inputs[1]!) : null, needs[1] ? neg(div(mul(dy, y), inputs[1]!)) : null],
  latex: (c) => ({ s: `\\frac{${c.raw(0)}}{${c.raw(1)}}`, prec: Prec.Fraction }),
  text: (c) => c.startWith(0, Prec.Product, ` / ${c.arg(1, Prec.Fraction)}`, Prec.Product),
  mathjs: 'divide',
  toMathjs: (c) => ({ s: `${c.arg(0, MathjsPrec.Product)} ${c.node.inputs[1]!.rank > 0 ? './' : '/'} ${c.arg(1, MathjsPrec.Unary)}`, prec: MathjsPrec.Product }),
  rewrites: [{ name: 'x / 1 = x', constant: true, rewrite: ([a, b], _attrs, shape) => (isConstantValue(b!, 1) ? fit(a!, shape) : undefined) }],
  domain: [{ min: -2, max: 2 }, { min: 0.5, max: 2 }],
});

/**
 * Elementwise quotient: `a / b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a/b)/∂a = 1/b`, `∂(a/b)/∂b = -a/b²`. Division by zero gives ±Infinity or NaN, as in IEEE arithmetic.
 * @param a numerator
 * @param b denominator
 * @returns the node `a / b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.div(tg.variable('x', 3), 2).value; // → 1.5
 * @see {@link mul}
 * @category Elementwise
 */
export function div(a: Operand, b: Operand): Node {
  return applyOwned(divOp, [a, b]);
}
