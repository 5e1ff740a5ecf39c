import { applyOwned, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { map, maxAxes, sumAxes, zip } from '../tensor/kernels.js';
import type { Tensor } from '../tensor/tensor.js';
import { axisAttr, axisNote, call, dimArg } from './_family.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** Stable softmax along one axis. @internal */
export function softmaxKernel(x: Tensor, axis: number): Tensor {
  const e = map(zip(x, maxAxes(x, [axis]), (v, m) => v - m), Math.exp);
  return zip(e, sumAxes(e, [axis], true), (v, s) => v / s);
}

/** Definition of {@link softmax}. @category Op definitions */
export const softmaxOp: OpDef = {
  name: 'softmax',
  arity: 1,
  category: 'Activations',
  attrs: (attrs, [s]) => axisAttr('softmax', attrs, s!),
  shape: ([s]) => s!,
  forward: ([x], attrs) => softmaxKernel(x!, attrs.axis as number),
  vjp: ({ inputs: [x], y, attrs, dy }) => {
    const axis = attrs.axis as number;
    // NOTE: over an axis of length 1 softmax is the constant 1, so its gradient is structurally zero.
    if (x!.shape[axis] === 1) return [mul(dy, 0)];
    return [mul(y, sub(dy, sum(mul(dy, y), axis, true)))];
  },
  jvp: ({ y, attrs, tangents: [t] }) => (t ? mul(y, sub(t, sum(mul(t, y), attrs.axis as number, true))) : undefined),
  latex: (c) => call(c, `\\operatorname{softmax}${axisNote(c, 'latex')}`, ''),
  text: (c) => call(c, '', `softmax${axisNote(c, 'text')}`),
  dot: (attrs) => `softmax axis ${attrs.axis}`,
  mathjs: 'softmax',
  toMathjs: (c) => {
    const axis = c.node.attrs.axis as number;
    return c.call('softmax', axis === c.node.inputs[0]!.rank - 1 ? [c.raw(0)] : [c.raw(0), c.dims([axis])]);
  },
  parse: { usage: 'softmax(x, dim?)', min: 1, max: 2, build: ([x, d]) => softmax(x!.node(), d ? dimArg(d) : -1) },
  deadGradient: ({ node, inputName, lossName, inputLatex, lossLatex }) => (node.inputs[0]!.shape[node.attrs.axis as number] === 1 ? oneClassReason('softmax', 1, inputName, lossName, inputLatex ?? inputName, lossLatex ?? lossName) : undefined),
};

/**
 * Why a softmax (or log-softmax) over one class stops every gradient, and what to do instead:
 * the seed article's bug. In text and in LaTeX.
 */
export function oneClassReason(what: string, value: number, input: string, loss: string, inputLatex: string, lossLatex: string): { text: string; latex: string } {
  const fix = 'with one logit use the sigmoid with binary cross-entropy';
  return {
    text: `${what} over an axis of length 1 is constant (= ${value}), so the loss ${loss} is constant and ∂${loss}/∂${input} = 0; ${fix} (nn.bce(z, y, { fromLogits: true })), or give softmax two logits`,
    latex: `\\text{${what} over an axis of length 1 is constant } (= ${value})\\text{, so the loss } ${lossLatex} \\text{ is constant and } \\frac{\\partial ${lossLatex}}{\\partial ${inputLatex}} = 0\\text{; ${fix} (}\\texttt{nn.bce(z, y, \\{ fromLogits: true \\})}\\text{), or give softmax two logits}`,
  };
}

/**
 * Softmax along an axis: `softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)`, computed stably (the maximum
 * is subtracted first).
 *
 * Derivative: `∂L/∂x = y ⊙ (dy − Σⱼ dyⱼ yⱼ)` with `y = softmax(x)`. Over an axis of length 1
 * softmax is constant 1 and its gradient is zero.
 * @param x the operand (at least 1 axis)
 * @param axis the axis to normalise (default -1, the last)
 * @returns a node of `x`'s shape
 * @throws {@link ShapeError} for a scalar or an axis out of range
 * @example
 * tg.softmax(tg.constant([0, 0])).value.toArray(); // → [0.5, 0.5]
 * @see {@link logSoftmax}, {@link logSumExp}
 * @category Activations
 */
export function softmax(x: Operand, axis = -1): Node {
  return applyOwned(softmaxOp, [x], { axis });
}
