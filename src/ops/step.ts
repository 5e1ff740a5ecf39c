import { applyOwned, type Node, type Operand } from '../core/node.js';
import { ArgumentError } from '../util/errors.js';
import { Prec, type Attrs, type OpDef } from '../core/opdef.js';
import { map } from '../tensor/kernels.js';
import { call, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { describeValue } from '../util/describe.js';

/** Definition of {@link step}. @category Op definitions */
export const stepOp: UnaryOpDef<'step'> = {
  name: 'step',
  arity: 1,
  category: 'Elementwise',
  elementwise: true,
  // NOTE: NaN is neither above nor below 0 nor 0: its step is NaN (as numpy.heaviside), so a gradient through it is NaN.
  scalar: ([a], attrs, num) => `(${a}>0?1:${a}<0?0:${a}===0?${num(attrs.at0 as number)}:${a})`,
  attrs: (attrs: Attrs): Attrs => {
    const at0 = attrs.at0 ?? 0;
    if (typeof at0 !== 'number' || !Number.isFinite(at0)) throw new ArgumentError(`step: at0 must be a finite number; got ${describeValue(attrs.at0)}`);
    return { at0 };
  },
  shape: ([s]) => s!,
  scalarKernel: ([v], attrs) => (v! > 0 ? 1 : v! < 0 ? 0 : v === 0 ? (attrs.at0 as number) : v!),
  forward: ([x], attrs) => {
    const at0 = attrs.at0 as number;
    return map(x!, (v) => (v > 0 ? 1 : v < 0 ? 0 : v === 0 ? at0 : v));
  },
  vjp: ({ dy }) => [mul(dy, 0)],
  latex: (c) =>
    c.attrs.at0 === 0 ? { s: `\\mathbb{1}\\left[${c.raw(0)} > 0\\right]`, prec: Prec.Atom } : call(c, 'H', 'H'),
  text: (c) =>
    c.attrs.at0 === 0 ? { s: `[${c.raw(0)} > 0]`, prec: Prec.Atom } : call(c, 'H', 'H'),
  dot: (attrs) => (attrs.at0 === 0 ? 'step' : `step (${attrs.at0} at 0)`),
  kink: ([x]) => x!,
  toMathjs: (c) => c.call('step', c.node.attrs.at0 === 0 ? [c.raw(0)] : [c.raw(0), c.number(c.node.attrs.at0 as number)]),
  parse: { name: 'step', usage: 'step(x, at0?)', min: 1, max: 2, build: ([x, v]) => step(x!.node(), v ? v.num('the value at 0') : 0) },
  deadGradient: ({ inputName }) => `the derivative of step is 0 (almost everywhere), so no gradient flows to ${inputName}`,
};

/**
 * Elementwise Heaviside step: `1` where `x > 0`, `0` where `x < 0`, and `at0` at `x = 0`
 * (default 0); NaN where `x` is NaN (as `numpy.heaviside`), so that the gradients of
 * {@link relu}, {@link maximum} and {@link minimum} are NaN through a NaN value. It is the derivative of {@link relu}; with `at0 = 0.5` it splits ties in
 * {@link maximum} and {@link minimum}.
 *
 * Derivative: `d/dx step(x) = 0` (except at 0, where it is undefined).
 * @param x the operand
 * @param at0 the value at exactly 0
 * @returns the node `step(x)`, printed `𝟙[x > 0]` (or `H(x)` when `at0 ≠ 0`)
 * @example
 * tg.step(tg.variable('x', 3)).value; // → 1
 * @see {@link relu}
 * @category Elementwise
 */
export function step(x: Operand, at0 = 0): Node {
  return applyOwned(stepOp, [x], { at0 });
}
