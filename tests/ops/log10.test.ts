import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('log10', () => {
  it('is exact on powers of 10', () => {
    for (let k = -20; k <= 20; k++) expect(tg.log10(Number(`1e${k}`)).value).toBe(k);
  });

  it('prints its derivative with ln 10, evaluates it exactly, and writes it back to mathjs as a number', () => {
    const x = tg.variable('x', 3);
    const d = tg.grad(tg.log10(x), x);
    expect(tg.toLatex(d)).toBe('\\frac{1}{x \\mathrm{ln}\\,10}');
    expect(d.value).toBe(1 / (3 * Math.LN10));
    expect(tg.parse(tg.toMathjs(d), { x: 3 }).value).toBe(d.value);
  });
});
