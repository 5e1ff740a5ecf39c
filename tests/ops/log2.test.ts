import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('log2', () => {
  it('is exact on powers of 2', () => {
    for (let k = -1074; k <= 1023; k += 7) expect(tg.log2(2 ** k).value).toBe(k);
  });

  it('prints its derivative with ln 2, evaluates it exactly, and writes it back to mathjs as a number', () => {
    const x = tg.variable('x', 3);
    const d = tg.grad(tg.log2(x), x);
    expect(tg.toLatex(d)).toBe('\\frac{1}{x \\mathrm{ln}\\,2}');
    expect(d.value).toBe(1 / (3 * Math.LN2));
    expect(tg.parse(tg.toMathjs(d), { x: 3 }).value).toBe(d.value);
  });
});
