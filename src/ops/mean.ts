import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec, type OpDef } from '../core/opdef.js';
import { map, sumAxes } from '../tensor/kernels.js';
import { axesNote, keptShape, reducedShape, reductionAttrs, reductionIndexed, reductionMathjs, reductionOfOnes, reductionParse } from './_family.js';
import { broadcastTo } from './broadcastTo.js';
import { div } from './div.js';
import { reshape } from './reshape.js';

const count = (shape: readonly number[], axes: readonly number[]) => axes.reduce((n, a) => n * shape[a]!, 1);

/** Definition of {@link mean}. @category Op definitions */
export const meanOp: OpDef = {
  name: 'mean',
  arity: 1,
  category: 'Reductions',
  linear: true,
  attrs: (attrs, [s]) => reductionAttrs('mean', attrs, s!),
  shape: ([s], attrs) => reducedShape(s!, attrs),
  forward: ([x], attrs) => {
    const n = count(x!.shape, attrs.axes as number[]);
    return map(sumAxes(x!, attrs.axes as number[], attrs.keepDims as boolean), (v) => v / n);
  },
  vjp: ({ inputs: [x], attrs, dy }) => {
    const axes = attrs.axes as number[];
    return [div(broadcastTo(reshape(dy, keptShape(x!.shape, axes)), x!.shape), count(x!.shape, axes))];
  },
  latex: (c) => ({ s: `\\operatorname{mean}${axesNote(c.attrs, c.node.inputs[0]!.rank, 'latex')}${c.paren(c.raw(0))}`, prec: Prec.Atom }),
  text: (c) => ({ s: `mean${axesNote(c.attrs, c.node.inputs[0]!.rank, 'text')}(${c.raw(0)})`, prec: Prec.Atom }),
  dot: (attrs) => `mean axes [${(attrs.axes as number[]).join(', ')}]${attrs.keepDims ? ' keepDims' : ''}`,
  mathjs: 'mean',
  plan: 'mean',
  indexed: (c) => reductionIndexed(c, true),
  toMathjs: reductionMathjs('mean'),
  parse: reductionParse('mean', (x, axes) => mean(x, axes)),
  rewrites: [reductionOfOnes(reshape)],
};

/**
 * Arithmetic mean of the elements over `axes` (all axes when omitted).
 *
 * Derivative: `∂mean(x)/∂xᵢ = 1/n`, n the number of averaged elements.
 * @param x the operand
 * @param axes an axis or axes; all when omitted
 * @param keepDims keep reduced axes with length 1
 * @returns the reduced node
 * @throws {@link ShapeError} for an axis out of range
 * @example
 * tg.mean(tg.constant([1, 2, 3, 6])).value; // → 3
 * @see {@link sum}
 * @category Reductions
 */
export function mean(x: Operand, axes?: number | readonly number[], keepDims = false): Node {
  return applyOwned(meanOp, [x], { axes: typeof axes === 'number' ? [axes] : axes === undefined || !Array.isArray(axes) ? axes : [...axes], keepDims });
}
