import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('pow', () => {
  it('builds no log node for a constant exponent', () => {
    const x = tg.variable('x', 2);
    for (const n of [3, 2, 0.5, -1, -2.5]) {
      const d = tg.grad(tg.pow(x, n), x);
      expect(tg.toText(d), `d/dx x^${n}`).not.toContain('log');
      expect(tg.toLatex(d)).not.toContain('log');
      expect(d.value).toBeCloseTo(n * 2 ** (n - 1), 14);
    }
  });

  it('builds no log node for a variable exponent when only the base gradient is asked for', () => {
    const x = tg.variable('x', 2), n = tg.variable('n', 3);
    const dx = tg.grad(tg.pow(x, n), x);
    expect(tg.toText(dx)).not.toContain('log');
    expect(dx.value).toBe(12);
    const dn = tg.grad(tg.pow(x, n), n);
    expect(tg.toText(dn)).toContain('log');
    expect(dn.value).toBeCloseTo(8 * Math.LN2, 14);
  });

  it('differentiates a negative base with an integer constant exponent', () => {
    const x = tg.variable('x', -2);
    expect(tg.pow(x, 3).value).toBe(-8);
    expect(tg.grad(tg.pow(x, 3), x).value).toBe(12);
    expect(tg.grad(tg.pow(x, 2), x).value).toBe(-4);
  });

  it('has derivative 0 at a zero base for exponents ≥ 1', () => {
    const x = tg.variable('x', 0);
    expect(tg.grad(tg.pow(x, 2), x).value).toBe(0);
    expect(tg.grad(tg.pow(x, 3), x).value).toBe(0);
  });

  it('simplifies x^1 to x and x^0 to 1', () => {
    const x = tg.variable('x', 5);
    expect(tg.pow(x, 1)).toBe(x);
    expect(tg.pow(x, 0).value).toBe(1);
    expect(tg.isZero(tg.grad(tg.pow(x, 0), x))).toBe(true);
  });

  it('broadcasts the exponent', () => {
    const x = tg.variable('x', [1, 2, 3]);
    expect(Array.from(flat(tg.pow(x, tg.constant([[2], [3]]))))).toEqual([1, 4, 9, 1, 8, 27]);
    expect(Array.from(flat(tg.grad(tg.sum(tg.pow(x, tg.constant([[2], [3]]))), x)))).toEqual([2 + 3, 4 + 12, 6 + 27]);
  });
});
