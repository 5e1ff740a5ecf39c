import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { allClose, flat } from '../helpers/graph.js';

/** Finite differences of the (symbolic) gradient: column j ≈ (g(x + h eⱼ) − g(x − h eⱼ)) / 2h. */
function fdHessian(g: tg.Node, x: tg.Node, h = 1e-5): number[][] {
  const x0 = typeof x.value === 'number' ? tg.tensor(x.value) : x.value;
  const n = x0.size;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const p = tg.tensor(x0), m = tg.tensor(x0);
    p.data[j]! += h;
    m.data[j]! -= h;
    const gp = flat(tg.evaluate([g], new Map([[x, p]]))[0]!), gm = flat(tg.evaluate([g], new Map([[x, m]]))[0]!);
    for (let i = 0; i < n; i++) H[i]![j] = (gp[i]! - gm[i]!) / (2 * h);
  }
  return H;
}

describe('hessian', () => {
  it('of a scalar x matches finite differences of the gradient and the closed form', () => {
    const x = tg.variable('x', 0.7);
    const y = x.pow(3).mul(tg.sin(x));
    const H = tg.hessian(y, x);
    expect(H.shape).toEqual([]);
    for (const v of [0.7, -1.3, 2.1]) {
      x.assign(v);
      // (x³ sin x)'' = 6x sin x + 6x² cos x − x³ sin x
      expect(H.value).toBeCloseTo(6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v ** 3 * Math.sin(v), 12);
      expect(H.value).toBeCloseTo(fdHessian(tg.grad(y, x), x)[0]![0]!, 6);
    }
  });

  it('of a vector x matches finite differences of the gradient and is symmetric', () => {
    const x = tg.variable('x', tg.randn([4], { seed: 21 }));
    const A = tg.constant(tg.randn([3, 4], { seed: 22 }));
    const y = tg.sum(tg.exp(x.mul(0.5)).mul(x)).add(tg.sum(tg.tanh(tg.matmul(A, x)).pow(2))).add(tg.matmul(x, x).pow(2));
    const H = tg.hessian(y, x);
    expect(H.shape).toEqual([4, 4]);
    const h = flat(H.value);
    const fd = fdHessian(tg.grad(y, x), x).flat();
    expect(allClose(h, fd, 1e-6, 1e-5)).toBe(true);
    for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) expect(h[i * 4 + j]!).toBeCloseTo(h[j * 4 + i]!, 12);
  });

  it('of a quadratic form is constant: A + Aᵀ', () => {
    const A0 = tg.randn([3, 3], { seed: 23 });
    const x = tg.variable('x', [1, -2, 0.5]);
    const H = tg.hessian(tg.matmul(x, tg.matmul(tg.constant(A0), x)), x);
    const expected = Array.from({ length: 9 }, (_, k) => A0.data[k]! + A0.data[(k % 3) * 3 + Math.floor(k / 3)]!);
    expect(allClose(flat(H.value), expected, 1e-12, 1e-12)).toBe(true);
    x.assign([5, 6, 7]);
    expect(allClose(flat(H.value), expected, 1e-12, 1e-12)).toBe(true);
  });

  it('is zero for a linear function and for an independent x', () => {
    const x = tg.variable('x', [1, 2]), z = tg.variable('z', 3);
    expect(flat(tg.hessian(tg.sum(x.mul(3)), x).value)).toEqual([0, 0, 0, 0]);
    expect(tg.hessian(tg.sin(z), tg.variable('q', 1)).value).toBe(0);
  });

  it('rejects a non-scalar y and a matrix x', () => {
    const x = tg.variable('x', [1, 2]), M = tg.variable('M', [[1, 2], [3, 4]]);
    expect(() => tg.hessian(x.mul(x), x)).toThrow(tg.ShapeError);
    expect(() => tg.hessian(x.mul(x), x)).toThrow(/y must be a scalar; got \[2\]/);
    expect(() => tg.hessian(tg.sum(M), M)).toThrow(/x must be a scalar or a vector; got \[2, 2\]/);
  });
});
