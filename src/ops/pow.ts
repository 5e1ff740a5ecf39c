import { applyOwned, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec } from '../core/opdef.js';
import { isConstantValue } from '../core/constants.js';
import { filled, fit } from './_rewrite.js';
import { superscriptInt } from '../util/names.js';
import { elementwiseBinary, type BinaryOpDef } from './_family.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** Definition of {@link pow}. @category Op definitions */
export const powOp: BinaryOpDef<'pow'> = elementwiseBinary({
  name: 'pow',
  // NOTE: V8's Math.pow(x, 2) is exactly x*x (checked over random doubles and the special values), and x*x is much faster.
  scalar: ([a, b]) => (b === '2' ? `(${a}*${a})` : `Math.pow(${a},${b})`),
  kernel: (a, b) => Math.pow(a, b),
  vjp: ({ inputs, y, dy, needs }) => {
    const a = inputs[0]!, b = inputs[1]!;
    return [needs[0] ? mul(dy, mul(b, pow(a, sub(b, 1)))) : null, needs[1] ? mul(dy, mul(y, log(a))) : null];
  },
  latex: (c) => {
    const base = c.printed(0);
    return { s: `${base.prec < Prec.Atom ? c.paren(base.s) : base.s}^{${c.raw(1)}}`, prec: Prec.Power };
  },
  text: (c) => {
    const e = c.node.inputs[1]!;
    const sup = e.isConstant && e.label === undefined && e.shape.length === 0 ? superscriptInt(e.tensor.data[0]!) : undefined;
    return { s: `${c.arg(0, Prec.Atom)}${sup ?? `^${c.arg(1, Prec.Atom)}`}`, prec: Prec.Power };
  },
  mathjs: 'pow',
  toMathjs: (c) => {
    const [a, b] = c.node.inputs;
    return { s: `${c.arg(0, MathjsPrec.Postfix)} ${a!.rank > 0 || b!.rank > 0 ? '.^' : '^'} ${c.arg(1, MathjsPrec.Postfix)}`, prec: MathjsPrec.Power };
  },
  rewrites: [
    {
      name: 'x ^ 1 = x, x ^ 0 = 1',
      constant: true,
      rewrite: ([a, b], _attrs, shape) => (isConstantValue(b!, 1) ? fit(a!, shape) : isConstantValue(b!, 0) ? filled(shape, 1) : undefined),
    },
  ],
  domain: [{ min: 0.5, max: 2 }, { min: -2, max: 2 }],
});

/**
 * Elementwise power: `a ^ b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a^b)/∂a = b a^(b-1)`, `∂(a^b)/∂b = a^b log(a)`. The exponent's derivative
 * is only built when the exponent depends on a requested variable; it is NaN for `a ≤ 0`.
 * @param a base
 * @param b exponent
 * @returns the node `a ^ b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.pow(tg.variable('x', 3), 2).value; // → 9
 * @see {@link sqrt}, {@link exp}
 * @category Elementwise
 */
export function pow(a: Operand, b: Operand): Node {
  return applyOwned(powOp, [a, b]);
}
