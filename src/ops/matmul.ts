import { ShapeError } from '../util/errors.js';
import { applyOwned, inputAt, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec, type IndexedContext, type OpDef, type PrintContext, type Printed } from '../core/opdef.js';
import { hasKnownValue, isZero } from '../core/constants.js';
import { alignedIndices } from './_family.js';
import { filled } from './_rewrite.js';
import { take } from './take.js';
import { matmul as matmulKernel, reshape as reshapeKernel } from '../tensor/kernels.js';
import { broadcastShapes, formatShape, sameShape, type Shape } from '../tensor/shape.js';
import { add } from './add.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';

/** Shapes promoted to rank ≥ 2 (a 1-D `a` is a row, a 1-D `b` a column) and the promoted output shape. */
function promote(a: Shape, b: Shape): { pa: number[]; pb: number[]; out: number[]; final: number[] } {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(`matmul: operands need at least 1 axis (use mul for scalars); got a ${formatShape(a)} and b ${formatShape(b)}`);
  }
  const pa = a.length === 1 ? [1, a[0]!] : [...a];
  const pb = b.length === 1 ? [b[0]!, 1] : [...b];
  if (pa[pa.length - 1] !== pb[pb.length - 2]) throw new ShapeError(`matmul: inner dimensions differ; got a ${formatShape(a)} and b ${formatShape(b)}`);
  const batch = broadcastShapes('matmul (batch axes)', pa.slice(0, -2), pb.slice(0, -2));
  const m = pa[pa.length - 2]!, n = pb[pb.length - 1]!;
  const out = [...batch, m, n];
  const final = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
  return { pa, pb, out, final };
}

/** Swaps the last two axes. */
const swapLast = (x: Node): Node => {
  const perm = x.shape.map((_, i) => i);
  perm.splice(-2, 2, perm.length - 1, perm.length - 2);
  return transpose(x, perm);
};


/** Index notation of `a b` (a matrix product or a dot product): `\\sum_k a_{ik} b_{kj}`. */
export function productIndexed(c: IndexedContext, isDot: boolean): Printed {
  const [a, b] = c.node.inputs;
  const n = c.node, at = c.at;
  // An inner dimension of length 1 (an outer product) has nothing to sum over.
  const inner = isDot ? a!.shape[0]! : a!.shape[a!.rank - 1]!;
  const k = inner === 1 ? '' : c.fresh();
  let ai: string[] = [k], bi: string[] = [k];
  if (!isDot) {
    // Output axes: [...batch, i (if a is a matrix), j (if b is a matrix)].
    const nb = n.rank - (a!.rank >= 2 ? 1 : 0) - (b!.rank >= 2 ? 1 : 0);
    const batchShape = n.shape.slice(0, nb), batchIdx = at.slice(0, nb);
    const align = (s: readonly number[]) => alignedIndices(s, batchShape, batchIdx);
    if (a!.rank >= 2) ai = [...align(a!.shape.slice(0, -2)), at[nb]!, k];
    if (b!.rank >= 2) bi = [...align(b!.shape.slice(0, -2)), k, at[at.length - 1]!];
  }
  const pa = c.visit(0, ai), pb = c.visit(1, bi);
  const left = pa.prec < Prec.Product ? c.paren(pa.s) : pa.s;
  const right = pb.prec < Prec.Product || pb.leadingMinus ? c.paren(pb.s) : pb.s;
  const s = `${left}${c.format === 'latex' ? ' ' : '·'}${right}`;
  return k === '' ? { s, prec: Prec.Product } : { s: `${c.sumSign([k])} ${s}`, prec: Prec.Sum + 2 };
}

/**
 * `i` for an unnamed constant whose elements are those of a basis vector `eᵢ` of length ≥ 2
 * (a 1 at `i`, zeros elsewhere: the seeds of Jacobian and Hessian rows), else -1.
 */
function basisIndex(n: Node): number {
  if (!hasKnownValue(n) || n.rank > 2) return -1;
  const d = n.leaf!.value!.data;
  if (d.length < 2) return -1; // a lone 1 is a one, not a column to pick
  let at = -1;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 1 && at < 0) at = i;
    else if (d[i] !== 0) return -1;
  }
  return at;
}

// NOTE: a vector on the left is a row, printed transposed as dot's left operand is (`xᵀ A`); the
// product is associative, so a product on the right needs no brackets (`A B x`), unless it
// starts with such a row (`A (xᵀ B)`).
/** True when the printer writes this product as a row: a vector times a matrix (`xᵀ A`). @internal */
export function matmulPrintsRow(n: Node): boolean {
  return n.rank === 1 && inputAt(n, 0).rank === 1;
}

// A vector that already prints as a row (`1ᵀ A`) is not transposed again on the left, and is
// transposed back on the right (`M (1ᵀ A)ᵀ`): the printed shapes fit as the values' do.
function printMatmul(c: PrintContext): Printed {
  const [a, b] = c.node.inputs;
  const T = c.format === 'latex' ? '^\\top' : 'ᵀ';
  const rightRow = b!.rank === 1 && c.printed(1).row === true;
  const rightMin = b!.op === matmulOp && b!.inputs[0]!.rank >= 2 && !rightRow ? Prec.Product : Prec.Fraction;
  const right = rightRow ? ` ${c.arg(1, Prec.Atom)}${T}` : ` ${c.arg(1, rightMin)}`;
  const row = matmulPrintsRow(c.node);
  if (a!.rank === 1) {
    if (c.printed(0).row === true) return { ...c.startWith(0, Prec.Product, right, Prec.Product), row };
    return { s: `${c.arg(0, Prec.Atom)}${T}${right}`, prec: Prec.Product, startsWithDigit: false, row };
  }
  return c.startWith(0, a!.op === matmulOp ? Prec.Product : Prec.Fraction, right, Prec.Product);
}

/** Definition of {@link matmul}. @category Op definitions */
export const matmulOp: OpDef = {
  name: 'matmul',
  symbol: '@',
  arity: 2,
  category: 'Linear algebra',
  shape: ([a, b]) => promote(a!, b!).final,
  forward: ([a, b], _attrs, shape) => {
    const p = promote(a!.shape, b!.shape);
    return reshapeKernel(matmulKernel(reshapeKernel(a!, p.pa), reshapeKernel(b!, p.pb), p.out), shape);
  },
  vjp: ({ inputs: [a, b], dy, needs }) => {
    const p = promote(a!.shape, b!.shape);
    const A = reshape(a!, p.pa), B = reshape(b!, p.pb), G = reshape(dy, p.out);
    const da = needs[0] ? matmul(G, swapLast(B)) : null;
    const db = needs[1] ? matmul(swapLast(A), G) : null;
    return [
      da && (a!.rank === 1 ? reshape(da, [...da.shape.slice(0, -2), a!.shape[0]!]) : da),
      db && (b!.rank === 1 ? reshape(db, [...db.shape.slice(0, -2), b!.shape[0]!]) : db),
    ];
  },
  jvp: ({ inputs: [a, b], tangents: [ta, tb] }) => {
    const terms = [ta && matmul(ta, b!), tb && matmul(a!, tb)].filter((t): t is Node => !!t);
    return terms.length === 2 ? add(terms[0]!, terms[1]!) : terms[0];
  },
  latex: printMatmul,
  text: printMatmul,
  mathjs: 'multiply',
  plan: 'matmul',
  indexed: (c) => productIndexed(c, false),
  toMathjs: (c) => ({ s: `${c.arg(0, MathjsPrec.Product)} * ${c.arg(1, MathjsPrec.Unary)}`, prec: MathjsPrec.Product }),
  rewrites: [
    { name: 'products with a zero matrix are zero', constant: true, rewrite: ([a, b], _attrs, shape) => (isZero(a!) || isZero(b!) ? filled(shape, 0) : undefined) },
    {
      name: 'a matrix times a basis vector is a column (a row for the vector on the left)',
      constant: true,
      rewrite: ([a, b], _attrs, shape) => {
        // `b` a vector or a one-column matrix, `a` on the left a vector or a one-row matrix.
        const i = a!.rank >= 2 && (b!.rank === 1 || b!.shape[1] === 1) ? basisIndex(b!) : -1;
        const j = i < 0 && b!.rank >= 2 && (a!.rank === 1 || (a!.rank === 2 && a!.shape[0] === 1)) ? basisIndex(a!) : -1;
        if (i < 0 && j < 0) return undefined;
        const picked = i >= 0 ? take(a!, i, -1) : take(b!, j, -2);
        return sameShape(picked.shape, shape) ? picked : reshape(picked, shape);
      },
    },
  ],
};

/**
 * Matrix product with NumPy `matmul` semantics: 2-D × 2-D is the matrix product; a 1-D
 * left operand is a row vector and a 1-D right operand a column vector (the added axis is
 * dropped from the result); leading (batch) axes broadcast.
 *
 * Derivative: `∂L/∂A = (∂L/∂Y) Bᵀ`, `∂L/∂B = Aᵀ (∂L/∂Y)` for `Y = A B`.
 * @param a left operand, shape `[…, m, k]` or `[k]`
 * @param b right operand, shape `[…, k, n]` or `[k]`
 * @returns the node `a b`
 * @throws {@link ShapeError} when the inner dimensions differ or batch axes do not broadcast
 * @example
 * tg.matmul(tg.constant([[1, 2], [3, 4]]), tg.constant([1, 1])).value.toArray(); // → [3, 7]
 * @see {@link dot}, {@link transpose}
 * @category Linear algebra
 */
export function matmul(a: Operand, b: Operand): Node {
  return applyOwned(matmulOp, [a, b]);
}
