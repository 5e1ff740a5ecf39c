import { ShapeError } from '../util/errors.js';
import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec, type OpDef, type PrintContext, type Printed } from '../core/opdef.js';
import { isZero } from '../core/constants.js';
import { filled } from './_rewrite.js';
import { matmulOp, productIndexed } from './matmul.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { add } from './add.js';
import { mul } from './mul.js';

// NOTE: a matrix product on the right needs no parentheses: xᵀ(A x) = xᵀA x. An operand that
// prints as a row (`uᵀ S`, `1ᵀ A`) is the left factor as it stands, and a second row is
// transposed: dot(uᵀ S, 1ᵀ A) is `uᵀ S (1ᵀ A)ᵀ`, not `(uᵀ S)ᵀ (1ᵀ A)`, an outer product.
function printDot(c: PrintContext): Printed {
  const T = c.format === 'latex' ? '^\\top' : 'ᵀ';
  const column = (i: number) => c.arg(i, c.node.inputs[i]!.op === matmulOp && !c.printed(i).row ? Prec.Product : Prec.Fraction);
  const rowA = c.printed(0).row === true, rowB = c.printed(1).row === true;
  if (!rowA && !rowB) return { s: `${c.arg(0, Prec.Atom)}${T} ${column(1)}`, prec: Prec.Product };
  const [r, other] = rowA ? [0, 1] : [1, 0];
  const right = rowA && rowB ? `${c.arg(other, Prec.Atom)}${T}` : column(other);
  return c.startWith(r, Prec.Product, ` ${right}`, Prec.Product);
}

/** Definition of {@link dot}. @category Op definitions */
export const dotOp: OpDef = {
  name: 'dot',
  symbol: '·',
  arity: 2,
  category: 'Linear algebra',
  shape: ([a, b]) => {
    if (a!.length !== 1 || b!.length !== 1 || a![0] !== b![0]) {
      throw new ShapeError(`dot: needs two vectors of equal length; got a ${formatShape(a!)} and b ${formatShape(b!)}`);
    }
    return [];
  },
  forward: ([a, b]) => {
    let s = 0;
    for (let i = 0; i < a!.size; i++) s += a!.data[i]! * b!.data[i]!;
    return new Tensor([], Float64Array.of(s));
  },
  vjp: ({ inputs: [a, b], dy, needs }) => [needs[0] ? mul(dy, b!) : null, needs[1] ? mul(dy, a!) : null],
  jvp: ({ inputs: [a, b], tangents: [ta, tb] }) => {
    const terms = [ta && dot(ta, b!), tb && dot(a!, tb)].filter((t): t is Node => !!t);
    return terms.length === 2 ? add(terms[0]!, terms[1]!) : terms[0];
  },
  latex: printDot,
  text: printDot,
  mathjs: 'dot',
  commutative: true,
  indexed: (c) => productIndexed(c, true),
  rewrites: [{ name: 'products with a zero vector are zero', constant: true, rewrite: ([a, b], _attrs, shape) => (isZero(a!) || isZero(b!) ? filled(shape, 0) : undefined) }],
};

/**
 * Inner product of two vectors of equal length: `aᵀb = Σᵢ aᵢ bᵢ`.
 *
 * Derivative: `∂(aᵀb)/∂a = b`, `∂(aᵀb)/∂b = a`.
 * @param a a vector `[n]`
 * @param b a vector `[n]`
 * @returns a scalar node
 * @throws {@link ShapeError} unless both are vectors of the same length
 * @example
 * tg.dot(tg.constant([1, 2]), tg.constant([3, 4])).value; // → 11
 * @see {@link matmul}, {@link norm}
 * @category Linear algebra
 */
export function dot(a: Operand, b: Operand): Node {
  return applyOwned(dotOp, [a, b]);
}
