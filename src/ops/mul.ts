import { applyOwned, type Node, type Operand } from '../core/node.js';
import { dotOp } from './dot.js';
import { matmulOp } from './matmul.js';
import { sumOp } from './sum.js';
import { inputAt } from '../core/node.js';
import { MathjsPrec, Prec, type PrintContext, type Printed } from '../core/opdef.js';
import { isConstantValue, isZero, uniformValue } from '../core/constants.js';
import { elementwiseBinary, isTensorShaped, type BinaryOpDef } from './_family.js';
import { filled, fit } from './_rewrite.js';
import { neg } from './neg.js';

// NOTE: a matrix product next to ⊙ is bracketed, ((Wᵀ δ) ⊙ σ′(z)): both are written as
// products, and Wᵀ δ ⊙ a reads as Wᵀ (δ ⊙ a).
const juxtaposed = (n: Node) => n.op === matmulOp || n.op === dotOp;
const column = (n: Node) => n.rank === 2 && n.shape[1] === 1 && n.shape[0]! > 1;
const row = (n: Node) => n.rank === 2 && n.shape[0] === 1 && n.shape[1]! > 1;

function product(c: PrintContext): Printed {
  const [a, b] = c.node.inputs;
  const uniform = (n: typeof a) => n!.isConstant && n!.leaf!.value!.data.every((v) => v === n!.leaf!.value!.data[0]);
  if (!c.indexed && isTensorShaped(a!.shape) && isTensorShaped(b!.shape) && !uniform(a) && !uniform(b)) {
    // A column times a row multiplies every pair: their outer product, written u vᵀ as a matrix product.
    if (column(a!) && row(b!)) return c.startWith(0, Prec.Fraction, ` ${c.arg(1, Prec.Fraction)}`, Prec.Product);
    if (row(a!) && column(b!)) return c.startWith(1, Prec.Fraction, ` ${c.arg(0, Prec.Fraction)}`, Prec.Product);
    const rightHadamard = juxtaposed(b!) && c.printed(1).prec <= Prec.Product ? c.paren(c.raw(1)) : c.arg(1, Prec.Product, true);
    return c.startWith(0, juxtaposed(a!) ? Prec.Product + 1 : Prec.Unary, ` ${c.format === 'latex' ? '\\odot' : '⊙'} ${rightHadamard}`, Prec.Product);
  }
  const right = c.arg(1, Prec.Product, true);
  const sep = c.format === 'latex' ? (c.startsWithDigit(1, Prec.Product, true) ? ' \\cdot ' : ' ') : '·';
  // A scalar written as a product of matrices before a tensor written so is bracketed:
  // (1ᵀu)·Mᵀ1, not 1ᵀu·Mᵀ1 (which reads as 1ᵀ(u·Mᵀ1)).
  if (a!.rank === 0 && b!.rank > 0 && (juxtaposed(a!) || a!.op === sumOp)) return c.startWith(0, Prec.Atom, `${sep}${right}`, Prec.Product);
  return c.startWith(0, Prec.Unary, `${sep}${right}`, Prec.Product);
}

/** Definition of {@link mul}. @category Op definitions */
export const mulOp: BinaryOpDef<'mul'> = elementwiseBinary({
  name: 'mul',
  symbol: '×',
  scalar: ([a, b]) => `(${a}*${b})`,
  kernel: (a, b) => a * b,
  vjp: ({ inputs, dy, needs }) => [needs[0] ? mul(dy, inputs[1]!) : null, needs[1] ? mul(dy, inputs[0]!) : null],
  latex: product,
  text: product,
  mathjs: 'multiply',
  toMathjs: (c) => {
    const [a, b] = c.node.inputs;
    return { s: `${c.arg(0, MathjsPrec.Product)} ${a!.rank > 0 && b!.rank > 0 ? '.*' : '*'} ${c.arg(1, MathjsPrec.Unary)}`, prec: MathjsPrec.Product };
  },
  commutative: true,
  deadGradient: ({ node, input, inputName }) => (isZero(inputAt(node, 1 - input)) ? `${inputName} is multiplied by the constant 0` : undefined),
  rewrites: [
    {
      name: 'x * 1 = x, x * 0 = 0, x * -1 = -x',
      constant: true,
      rewrite: ([a, b], _attrs, shape) => {
        if (isZero(a!) || isZero(b!)) return filled(shape, 0);
        if (isConstantValue(b!, 1)) return fit(a!, shape);
        if (isConstantValue(a!, 1)) return fit(b!, shape);
        if (isConstantValue(b!, -1)) return fit(neg(a!), shape);
        if (isConstantValue(a!, -1)) return fit(neg(b!), shape);
        return undefined;
      },
    },
    {
      name: 'c1 (c2 x) = (c1 c2) x for uniform constants',
      constant: true,
      rewrite: ([a, b], _attrs, shape) => {
        const k1 = uniformValue(a!);
        if (k1 === undefined || b!.op !== mulOp || b!.label !== undefined) return undefined;
        const k2 = uniformValue(inputAt(b!, 0));
        return k2 === undefined ? undefined : fit(mul(k1 * k2, inputAt(b!, 1)), shape);
      },
    },
  ],
});

/**
 * Elementwise (Hadamard) product: `a ⊙ b`, with NumPy broadcasting. For the matrix product
 * use {@link matmul}.
 *
 * Derivative: `∂(a b)/∂a = b`, `∂(a b)/∂b = a`.
 * @param a first factor
 * @param b second factor
 * @returns the node `a b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.mul(tg.variable('x', 2), 3).value; // → 6
 * @see {@link div}, {@link matmul}
 * @category Elementwise
 */
export function mul(a: Operand, b: Operand): Node {
  return applyOwned(mulOp, [a, b]);
}
