/**
 * pow's derivative at a zero base and a zero exponent is masked as in PyTorch (issue 14):
 * 0 where its coefficient is 0, not `0 · ∞ = NaN`; elsewhere it is unchanged.
 */
import { derivative } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { parseExpression } from '../../src/parse/parse.js';

describe('pow at zero', () => {
  it('∂(x^y)/∂y is 0 at x = 0, y > 0, and ∂(x^y)/∂x is 0 where y = 0', () => {
    for (const y0 of [0.5, 1, 2, 3.5]) {
      const x = tg.variable('x', 0), y = tg.variable('y', y0);
      expect(tg.grad(tg.pow(x, y), y).value, `y = ${y0}`).toBe(0);
    }
    const x = tg.variable('x', 0), y = tg.variable('y', 0);
    expect(tg.grad(tg.pow(x, y), x).value).toBe(0);
    // Elsewhere the derivative is the usual one.
    const a = tg.variable('a', 1.5), b = tg.variable('b', 2.5);
    const [da, db] = tg.grad(tg.pow(a, b), [a, b]);
    expect(da.value).toBeCloseTo(2.5 * 1.5 ** 1.5, 13);
    expect(db.value).toBeCloseTo(1.5 ** 2.5 * Math.log(1.5), 13);
  });

  it('one zero in w no longer poisons ∂ sum(w.^p)/∂p', () => {
    const w = tg.variable('w', [0, 1, 2, 3]), p = tg.variable('p', 2);
    const want = [1, 2, 3].reduce((s, v) => s + v ** 2 * Math.log(v), 0);
    expect(tg.grad(tg.sum(tg.pow(w, p)), p).value).toBeCloseTo(want, 12);
    // The compiled path computes the same.
    const [g] = tg.compile([tg.grad(tg.sum(tg.pow(w, p)), p)])() as number[];
    expect(g).toBeCloseTo(want, 12);
  });

  it('0^(2^x + x^3 + 2) differentiates to 0, as mathjs says', () => {
    const text = '0^(2^x + x^3 + 2)';
    const { node, symbols } = parseExpression(text, { x: 1 });
    const g = tg.grad(node, symbols.get('x')!);
    expect(g.value).toBe(0);
    expect(derivative(text, 'x').evaluate({ x: 1 })).toBe(0);
  });

  it('prints and writes as before: x^y·log(x) and y·x^(y − 1)', () => {
    const x = tg.variable('x', 2), y = tg.variable('y', 3);
    const [dx, dy] = tg.grad(tg.pow(x, y), [x, y]);
    expect(tg.toText(dy)).toBe('x^y·log(x)');
    expect(tg.toText(dx)).toBe('y·x^(y − 1)');
    expect(tg.toMathjs(dy)).toBe('x ^ y * log(x)');
    // A constant exponent or base keeps its plain product.
    expect(tg.toText(tg.grad(x.pow(3), x))).toBe('3·x²');
    expect(tg.grad(tg.pow(2, y), y).op.name).toBe('mul');
  });
});
