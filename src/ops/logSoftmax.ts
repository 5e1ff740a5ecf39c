import { applyOwned, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { map, maxAxes, sumAxes, zip } from '../tensor/kernels.js';
import { axisAttr, axisNote, call, dimArg } from './_family.js';
import { mul } from './mul.js';
import { oneClassReason, softmax } from './softmax.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** Definition of {@link logSoftmax}. @category Op definitions */
export const logSoftmaxOp: OpDef = {
  name: 'logSoftmax',
  symbol: 'log sm',
  arity: 1,
  category: 'Activations',
  attrs: (attrs, [s]) => axisAttr('logSoftmax', attrs, s!),
  shape: ([s]) => s!,
  forward: ([x], attrs) => {
    const axis = attrs.axis as number;
    const shifted = zip(x!, maxAxes(x!, [axis]), (v, m) => v - m);
    const lse = map(sumAxes(map(shifted, Math.exp), [axis], true), Math.log);
    return zip(shifted, lse, (v, l) => v - l);
  },
  vjp: ({ inputs: [x], attrs, dy }) => {
    const axis = attrs.axis as number;
    // NOTE: over an axis of length 1 log-softmax is the constant 0, so its gradient is structurally zero.
    if (x!.shape[axis] === 1) return [mul(dy, 0)];
    return [sub(dy, mul(softmax(x!, axis), sum(dy, axis, true)))];
  },
  jvp: ({ inputs: [x], attrs, tangents: [t] }) => (t ? sub(t, sum(mul(softmax(x!, attrs.axis as number), t), attrs.axis as number, true)) : undefined),
  latex: (c) => call(c, `\\log\\operatorname{softmax}${axisNote(c, 'latex')}`, ''),
  text: (c) => call(c, '', `log softmax${axisNote(c, 'text')}`),
  dot: (attrs) => `logSoftmax axis ${attrs.axis}`,
  mathjs: 'logSoftmax',
  toMathjs: (c) => {
    const axis = c.node.attrs.axis as number;
    return c.call('logSoftmax', axis === c.node.inputs[0]!.rank - 1 ? [c.raw(0)] : [c.raw(0), c.dims([axis])]);
  },
  parse: { usage: 'logSoftmax(x, dim?)', min: 1, max: 2, build: ([x, d]) => logSoftmax(x!.node(), d ? dimArg(d) : -1) },
  deadGradient: ({ node, inputName, lossName, inputLatex, lossLatex }) => (node.inputs[0]!.shape[node.attrs.axis as number] === 1 ? oneClassReason('log-softmax', 0, inputName, lossName, inputLatex ?? inputName, lossLatex ?? lossName) : undefined),
};

/**
 * Log of the softmax along an axis: `xᵢ − log Σⱼ e^(xⱼ)`, computed stably.
 *
 * Derivative: `∂L/∂x = dy − softmax(x) Σⱼ dyⱼ`. Over an axis of length 1 it is constant 0
 * and its gradient is zero (the seed article's bug).
 * @param x the operand (at least 1 axis)
 * @param axis the axis (default -1)
 * @returns a node of `x`'s shape
 * @throws {@link ShapeError} for a scalar or an axis out of range
 * @example
 * tg.logSoftmax(tg.constant([[5]])).value.toArray(); // → [[0]]
 * @see {@link softmax}
 * @category Activations
 */
export function logSoftmax(x: Operand, axis = -1): Node {
  return applyOwned(logSoftmaxOp, [x], { axis });
}
