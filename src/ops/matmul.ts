import { ShapeError } from '../errors.js';
import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec, type OpDef, type PrintContext, type Printed } from '../graph/opdef.js';
import { matmul as matmulKernel, reshape as reshapeKernel } from '../tensor/kernels.js';
import { broadcastShapes, formatShape, type Shape } from '../tensor/shape.js';
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

function printMatmul(c: PrintContext): Printed {
  const left = c.node.inputs[0]!.op === matmulOp ? c.arg(0, Prec.Product) : c.arg(0, Prec.Fraction);
  return { s: `${left} ${c.arg(1, Prec.Fraction)}`, prec: Prec.Product };
}

/** Definition of {@link matmul}. @category Op definitions */
export const matmulOp: OpDef = {
  name: 'matmul',
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
