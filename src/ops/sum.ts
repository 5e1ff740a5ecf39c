import { applyOwned, inputAt, type Node, type Operand } from '../core/node.js';
import { Prec, type OpDef, type PrintContext, type Printed } from '../core/opdef.js';
import { sumAxes } from '../tensor/kernels.js';
import { axesNote, keptShape, reducedShape, reductionAttrs, reductionIndexed, reductionMathjs, reductionOfOnes, reductionParse } from './_family.js';
import { broadcastTo } from './broadcastTo.js';
import { reshape } from './reshape.js';

/**
 * Matrix notation for sums: `1ᵀ x` (a vector, or the rows of a matrix summed), `X 1`
 * (columns summed), `1ᵀ X 1` (a whole matrix); `Σ` with the axes otherwise.
 */
/** The precedence of `1ᵀ x`: a product, bracketed as the right factor of another. */
const ONES_PRODUCT = Prec.Product - 1;

/** True when the printer writes this sum as a row: a matrix summed down its columns (`1ᵀ A`), axis 0 dropped. @internal */
export function sumPrintsRow(n: Node): boolean {
  const axes = n.attrs.axes as number[];
  return n.rank === 1 && inputAt(n, 0).rank === 2 && axes.length === 1 && axes[0] === 0;
}

function printSum(c: PrintContext, oneT: string, one: string, sigma: string): Printed {
  const x = c.node.inputs[0]!;
  const axes = c.attrs.axes as number[];
  const vectorLike = x.shape.filter((d) => d !== 1).length <= 1;
  // NOTE: `1ᵀ y` binds a little looser than a product, so a factor after it is bracketed:
  // `softmax(z)·(1ᵀ y)`, not `softmax(z)·1ᵀ y`.
  if (!c.indexed && (x.rank === 1 || (vectorLike && axes.length === x.rank))) return { s: `${oneT} ${c.arg(0, Prec.Fraction)}`, prec: ONES_PRODUCT, startsWithDigit: false };
  if (!c.indexed && x.rank === 2) {
    if (axes.length === 2) return { s: `${oneT} ${c.arg(0, Prec.Fraction)} ${one}`, prec: ONES_PRODUCT, startsWithDigit: false };
    if (axes[0] === 0) return { s: `${oneT} ${c.arg(0, Prec.Fraction)}`, prec: ONES_PRODUCT, startsWithDigit: false, row: sumPrintsRow(c.node) };
    return c.startWith(0, Prec.Fraction, ` ${one}`, ONES_PRODUCT);
  }
  // NOTE: Σ extends to the right, so it binds looser than a product: (Σ T) v keeps its parentheses.
  return { s: `${sigma}${axesNote(c.attrs, x.rank, c.format)} ${c.arg(0, Prec.Power)}`, prec: Prec.Sum + 2 };
}

/** Definition of {@link sum}. @category Op definitions */
export const sumOp: OpDef = {
  name: 'sum',
  symbol: 'Σ',
  arity: 1,
  category: 'Reductions',
  linear: true,
  attrs: (attrs, [s]) => reductionAttrs('sum', attrs, s!),
  shape: ([s], attrs) => reducedShape(s!, attrs),
  forward: ([x], attrs) => sumAxes(x!, attrs.axes as number[], attrs.keepDims as boolean),
  vjp: ({ inputs: [x], attrs, dy }) => [broadcastTo(reshape(dy, keptShape(x!.shape, attrs.axes as number[])), x!.shape)],
  latex: (c) => printSum(c, '\\mathbf{1}^\\top', '\\mathbf{1}', '\\sum'),
  text: (c) => printSum(c, '1ᵀ', '1', 'Σ'),
  dot: (attrs) => `sum axes [${(attrs.axes as number[]).join(', ')}]${attrs.keepDims ? ' keepDims' : ''}`,
  mathjs: 'sum',
  plan: 'sum',
  indexed: (c) => reductionIndexed(c, false),
  toMathjs: reductionMathjs('sum'),
  parse: reductionParse('sum', (x, axes) => sum(x, axes)),
  rewrites: [reductionOfOnes(reshape)],
};

/**
 * Sum of the elements over `axes` (all axes when omitted).
 *
 * Derivative: `∂(Σ x)/∂x = 1` for every summed element: the gradient is broadcast back.
 * @param x the operand
 * @param axes an axis or axes (negative counts from the end); all when omitted
 * @param keepDims keep reduced axes with length 1
 * @returns the reduced node
 * @throws {@link ShapeError} for an axis out of range
 * @example
 * tg.sum(tg.constant([[1, 2], [3, 4]]), 0).value.toArray(); // → [4, 6]
 * @see {@link mean}, {@link logSumExp}
 * @category Reductions
 */
export function sum(x: Operand, axes?: number | readonly number[], keepDims = false): Node {
  return applyOwned(sumOp, [x], { axes: typeof axes === 'number' ? [axes] : axes === undefined || !Array.isArray(axes) ? axes : [...axes], keepDims });
}
