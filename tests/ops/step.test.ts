import { describe, expect, it } from 'vitest';
import katex from 'katex';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('step', () => {
  it('is 1 above 0, 0 below, and at0 at exactly 0', () => {
    const x = tg.variable('x', [-1, 0, 2, -0]);
    expect(Array.from(flat(tg.step(x)))).toEqual([0, 0, 1, 0]);
    expect(Array.from(flat(tg.step(x, 0.5)))).toEqual([0, 0.5, 1, 0.5]);
  });

  it('has an exactly zero gradient, structurally', () => {
    const x = tg.variable('x', [-1, 2]);
    const g = tg.grad(tg.sum(tg.step(x)), x);
    expect(tg.isZero(g)).toBe(true);
    expect(Array.from(flat(g))).toEqual([0, 0]);
  });

  it('prints as an indicator, or H(x) with another value at 0', () => {
    const x = tg.variable('x', 1);
    expect(tg.toText(tg.step(x))).toBe('[x > 0]');
    expect(tg.toText(tg.step(x, 0.5))).toBe('H(x)');
    for (const s of [tg.toLatex(tg.step(x)), tg.toLatex(tg.step(x, 0.5))]) expect(() => katex.renderToString(s, { throwOnError: true })).not.toThrow();
  });

  it('rejects a non-finite at0', () => {
    expect(() => tg.step(tg.variable('x', 1), NaN)).toThrow(tg.ArgumentError);
    expect(() => tg.step(tg.variable('x', 1), Infinity)).toThrow(/^step: at0 must be a finite number/);
  });
});
