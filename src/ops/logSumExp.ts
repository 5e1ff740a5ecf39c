import { applyOwned, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { map, maxAxes, sumAxes, zip } from '../tensor/kernels.js';
import { Tensor } from '../tensor/tensor.js';
import { axesNote, call, keptShape, reducedShape, reductionAttrs, reductionMathjs, reductionParse } from './_family.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { softmax } from './softmax.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** Definition of {@link logSumExp}. @category Op definitions */
export const logSumExpOp: OpDef = {
  name: 'logSumExp',
  symbol: 'LSE',
  arity: 1,
  category: 'Reductions',
  attrs: (attrs, [s]) => reductionAttrs('logSumExp', attrs, s!),
  shape: ([s], attrs) => reducedShape(s!, attrs),
  forward: ([x], attrs, shape) => {
    const axes = attrs.axes as number[];
    const m = map(maxAxes(x!, axes), (v) => (Number.isFinite(v) ? v : 0));
    const s = sumAxes(map(zip(x!, m, (v, mm) => v - mm), Math.exp), axes, true);
    const out = zip(map(s, Math.log), m, (l, mm) => l + mm);
    return new Tensor(shape, out.data);
  },
  vjp: ({ inputs: [x], y, attrs, dy }) => {
    const axes = attrs.axes as number[];
    const kept = keptShape(x!.shape, axes);
    const weights = axes.length === 1 ? softmax(x!, axes[0]) : exp(sub(x!, reshape(y, kept)));
    return [mul(reshape(dy, kept), weights)];
  },
  jvp: ({ inputs: [x], y, attrs, tangents: [t] }) => {
    if (!t) return undefined;
    const axes = attrs.axes as number[];
    return sum(mul(exp(sub(x!, reshape(y, keptShape(x!.shape, axes)))), t), axes, attrs.keepDims as boolean);
  },
  latex: (c) => call(c, `\\operatorname{logsumexp}${axesNote(c.attrs, c.node.inputs[0]!.rank, 'latex')}`, ''),
  text: (c) => call(c, '', `logsumexp${axesNote(c.attrs, c.node.inputs[0]!.rank, 'text')}`),
  dot: (attrs) => `logSumExp axes [${(attrs.axes as number[]).join(', ')}]`,
  mathjs: 'logsumexp',
  toMathjs: reductionMathjs('logsumexp'),
  parse: reductionParse('logsumexp', (x, axes) => logSumExp(x, axes)),
};

/**
 * `log Σ e^(xᵢ)` over `axes` (all when omitted), computed stably (the maximum is factored out).
 *
 * Derivative: `∂ logsumexp(x)/∂x = softmax(x)` (over the reduced axes).
 * @param x the operand
 * @param axes an axis or axes; all when omitted
 * @param keepDims keep reduced axes with length 1
 * @returns the reduced node
 * @throws {@link ShapeError} for an axis out of range
 * @example
 * tg.logSumExp(tg.constant([0, 0])).value; // → 0.6931471805599453
 * @see {@link softmax}, {@link logSoftmax}
 * @category Reductions
 */
export function logSumExp(x: Operand, axes?: number | readonly number[], keepDims = false): Node {
  return applyOwned(logSumExpOp, [x], { axes: typeof axes === 'number' ? [axes] : axes === undefined || !Array.isArray(axes) ? axes : [...axes], keepDims });
}
