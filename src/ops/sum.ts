import { apply, type Node, type Operand } from '../graph/node.js';
import { Prec, type OpDef } from '../graph/opdef.js';
import { sumAxes } from '../tensor/kernels.js';
import { axesNote, keptShape, reducedShape, reductionAttrs } from './_family.js';
import { broadcastTo } from './broadcastTo.js';
import { reshape } from './reshape.js';

/** Definition of {@link sum}. @category Op definitions */
export const sumOp: OpDef = {
  name: 'sum',
  arity: 1,
  category: 'Reductions',
  linear: true,
  attrs: (attrs, [s]) => reductionAttrs('sum', attrs, s!),
  shape: ([s], attrs) => reducedShape(s!, attrs),
  forward: ([x], attrs) => sumAxes(x!, attrs.axes as number[], attrs.keepDims as boolean),
  vjp: ({ inputs: [x], attrs, dy }) => [broadcastTo(reshape(dy, keptShape(x!.shape, attrs.axes as number[])), x!.shape)],
  latex: (c) => ({ s: `\\sum${axesNote(c.attrs, c.node.inputs[0]!.rank, 'latex')} ${c.arg(0, Prec.Power)}`, prec: Prec.Product }),
  text: (c) => ({ s: `Σ${axesNote(c.attrs, c.node.inputs[0]!.rank, 'text')} ${c.arg(0, Prec.Power)}`, prec: Prec.Product }),
  dot: (attrs) => `sum axes [${(attrs.axes as number[]).join(', ')}]${attrs.keepDims ? ' keepDims' : ''}`,
  mathjs: 'sum',
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
  return apply(sumOp, [x], { axes: typeof axes === 'number' ? [axes] : axes === undefined ? undefined : [...axes], keepDims });
}
