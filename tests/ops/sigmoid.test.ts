import { describe, expect, it } from 'vitest';
import katex from 'katex';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('sigmoid', () => {
  it('is 1 / (1 + e^(-x))', () => {
    expect(tg.sigmoid(tg.constant(0)).value).toBe(0.5);
    expect(tg.sigmoid(tg.variable('z', -5)).value).toBeCloseTo(0.0066928509242848554, 15);
  });

  it('is stable at ±800: no NaN, saturates at 1 and 0', () => {
    expect(Array.from(flat(tg.sigmoid(tg.constant([800, -800, 40, -40]))))).toEqual([1, 0, 1 / (1 + Math.exp(-40)), Math.exp(-40) / (1 + Math.exp(-40))]);
  });

  it('has a finite, zero derivative at ±800 and 1/4 at 0', () => {
    const z = tg.variable('z', [800, -800, 0]);
    expect(Array.from(flat(tg.grad(tg.sum(tg.sigmoid(z)), z)))).toEqual([0, 0, 0.25]);
  });

  it('prints its derivative in terms of the labelled output, a (1 - a)', () => {
    const z = tg.variable('z', 0.3);
    const a = tg.sigmoid(z).as('a');
    const d = tg.grad(a, z);
    expect(tg.toText(d)).not.toMatch(/σ|z|exp|e\^/);
    expect(tg.toLatex(d)).not.toMatch(/\\sigma|z|e\^/);
    expect(tg.toLatex(d)).toMatch(/^a\s*(\\cdot\s*)?\\left\(1 - a\\right\)$/);
    expect(tg.toText(d)).toMatch(/^a\s*·?\s*\(1 − a\)$/);
    expect(() => katex.renderToString(tg.toLatex(d), { throwOnError: true })).not.toThrow();
    expect(d.value).toBeCloseTo((a.value as number) * (1 - (a.value as number)), 15);
  });

  it('chains into the textbook neuron gradient σ(wx + b): a (1 - a) x', () => {
    const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
    const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
    const [dw, db] = tg.grad(a, [w, b]);
    const s = 1 / (1 + Math.exp(5));
    expect(dw!.value).toBeCloseTo(s * (1 - s) * 2, 15);
    expect(db!.value).toBeCloseTo(s * (1 - s), 15);
    expect(tg.toText(dw!)).toContain('a');
    expect(tg.toText(dw!)).toContain('x');
    expect(tg.toText(dw!)).not.toContain('σ');
  });
});
