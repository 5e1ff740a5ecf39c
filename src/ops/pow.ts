import { applyOwned, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec, type PrintContext, type Printed } from '../core/opdef.js';
import { hasKnownValue, isConstantValue } from '../core/constants.js';
import { filled, fit } from './_rewrite.js';
import { superscriptInt } from '../util/names.js';
import { elementwiseBinary, isTensorShaped, type BinaryOpDef } from './_family.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

function product(c: PrintContext): Printed {
  const right = c.arg(1, Prec.Product, true);
  const [a, b] = c.node.inputs;
  if (!c.indexed && isTensorShaped(a!.shape) && isTensorShaped(b!.shape)) {
    return c.startWith(0, Prec.Unary, ` ${c.format === 'latex' ? '\\odot' : '⊙'} ${right}`, Prec.Product);
  }
  const sep = c.format === 'latex' ? (c.startsWithDigit(1, Prec.Product, true) ? ' \\cdot ' : ' ') : '·';
  return c.startWith(0, Prec.Unary, `${sep}${right}`, Prec.Product);
}

/**
 * The product `a b` that is 0 wherever `a` is 0, even where `b` is infinite or NaN (IEEE gives
 * NaN for `0 · ∞`): the coefficient of a term of {@link pow}'s derivative, whose other factor
 * blows up exactly where the coefficient vanishes. With it `∂(x^y)/∂y = x^y log(x)` is 0 at
 * `x = 0, y > 0` and `∂(x^y)/∂x = y x^(y−1)` is 0 at `y = 0`, as PyTorch masks them, not NaN.
 * It prints as the product, and is written to mathjs as one (`a * b`), which differs from it
 * only where `a = 0` and `b` is not finite. It is part of pow's rule, not an op of its own: it
 * is not in the registry and no expression calls it.
 *
 * Derivative: `∂/∂a = b`, `∂/∂b = a` (0 where `a = 0`).
 * @internal
 */
/**
 * The masked product `a·b` that is 0 where `a` is 0 (a factor of `pow`'s rule): not an op of
 * the registry; the display simplifier reads it as a product. @internal
 */
export const maskedProductOfPow = elementwiseBinary({
  name: 'zeroMul',
  scalar: ([a, b]) => `(${a}===0?0:${a}*${b})`,
  kernel: (a, b) => (a === 0 ? 0 : a * b),
  vjp: ({ inputs, dy, needs }) => [needs[0] ? mul(dy, inputs[1]!) : null, needs[1] ? zeroMul(inputs[0]!, dy) : null],
  latex: product,
  text: product,
  reference: 'a * b',
  toMathjs: (c) => {
    const [a, b] = c.node.inputs;
    return { s: `${c.arg(0, MathjsPrec.Product)} ${a!.rank > 0 && b!.rank > 0 ? '.*' : '*'} ${c.arg(1, MathjsPrec.Unary)}`, prec: MathjsPrec.Product };
  },
  rewrites: [
    {
      name: 'a plain product where no 0 · ∞ can occur (a constant a without zeros, or a finite constant b)',
      constant: true,
      rewrite: ([a, b]) => {
        const noZero = hasKnownValue(a!) && a!.leaf!.value!.data.every((v) => v !== 0);
        const finite = hasKnownValue(b!) && b!.leaf!.value!.data.every(Number.isFinite);
        return noZero || finite ? mul(a!, b!) : undefined;
      },
    },
  ],
});

function zeroMul(a: Node, b: Node): Node {
  return applyOwned(maskedProductOfPow, [a, b]);
}

/** Definition of {@link pow}. @category Op definitions */
export const powOp: BinaryOpDef<'pow'> = elementwiseBinary({
  name: 'pow',
  symbol: 'xⁿ',
  // NOTE: V8's Math.pow(x, 2) is exactly x*x (checked over random doubles and the special values), and x*x is much faster.
  scalar: ([a, b]) => (b === '2' ? `(${a}*${a})` : `Math.pow(${a},${b})`),
  kernel: (a, b) => Math.pow(a, b),
  // NOTE: masked as in PyTorch: ∂/∂a is 0 where b = 0 (not 0 · 0^(-1)), ∂/∂b is 0 where a^b = 0 (not 0 · log 0).
  vjp: ({ inputs, y, dy, needs }) => {
    const a = inputs[0]!, b = inputs[1]!;
    return [needs[0] ? mul(dy, zeroMul(b, pow(a, sub(b, 1)))) : null, needs[1] ? mul(dy, zeroMul(y, log(a))) : null];
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
 * is only built when the exponent depends on a requested variable; it is NaN for `a < 0`. As in
 * PyTorch, a term whose coefficient is 0 is 0: `∂(a^b)/∂b = 0` at `a = 0, b > 0` (where
 * `a^b = 0`), and `∂(a^b)/∂a = 0` where `b = 0`.
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
