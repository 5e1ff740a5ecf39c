import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { allClose, flat, numericGrad } from '../helpers/graph.js';

const mapT = (x: tg.Tensor, f: (v: number) => number): tg.Tensor => tg.tensor(Float64Array.from(x.data, f), x.shape);
const arr = (v: number | tg.Tensor) => flat(v);

describe('the sigmoid neuron (CS231n)', () => {
  it('has the textbook gradients', () => {
    const w0 = tg.variable('w0', 2), x0 = tg.variable('x0', -1), w1 = tg.variable('w1', -3), x1 = tg.variable('x1', -2), w2 = tg.variable('w2', -3);
    const f = tg.sigmoid(w0.mul(x0).add(w1.mul(x1)).add(w2));
    expect(f.value).toBeCloseTo(0.7311, 4);
    const g = tg.grad(f, [w0, x0, w1, x1, w2]).map((n) => n.value as number);
    [-0.1966, 0.3932, -0.3932, -0.5898, 0.1966].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 4));
  });

  it('prints the sigmoid derivative in terms of the named output', () => {
    const w = tg.variable('w', -3), x = tg.variable('x', 2), b = tg.variable('b', 1);
    const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
    expect(a.value).toBeCloseTo(0.0066928509242848554, 15);
    const dw = tg.grad(a, w);
    expect(tg.toText(dw)).toBe('a·(1 − a)·x');
    const av = a.value as number;
    expect(dw.value).toBeCloseTo(av * (1 - av) * 2, 15);
  });
});

describe('xᵀAx', () => {
  const n = 4;
  const A0 = tg.randn([n, n], { seed: 11 }), x0 = tg.randn([n], { seed: 12 });
  const S = (i: number, j: number) => A0.data[i * n + j]! + A0.data[j * n + i]!;

  it('has gradient (A + Aᵀ) x and Hessian A + Aᵀ', () => {
    const A = tg.variable('A', A0), x = tg.variable('x', x0);
    const y = tg.matmul(x, tg.matmul(A, x));
    expect(y.shape).toEqual([]);
    const g = tg.grad(y, x);
    expect(g.shape).toEqual([n]);
    const expected = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => S(i, j) * x0.data[j]!).reduce((s, v) => s + v, 0));
    expect(allClose(arr(g.value), expected, 1e-12, 1e-12)).toBe(true);
    const H = tg.hessian(y, x);
    expect(H.shape).toEqual([n, n]);
    const expectedH = Array.from({ length: n * n }, (_, k) => S(Math.floor(k / n), k % n));
    expect(allClose(arr(H.value), expectedH, 1e-12, 1e-12)).toBe(true);
    // gradient w.r.t. A is x xᵀ
    const gA = tg.grad(y, A);
    expect(allClose(arr(gA.value), Array.from({ length: n * n }, (_, k) => x0.data[Math.floor(k / n)]! * x0.data[k % n]!), 1e-12, 1e-12)).toBe(true);
  });

  it('tracks a new x without rebuilding', () => {
    const A = tg.variable('A', A0), x = tg.variable('x', x0);
    const g = tg.grad(tg.matmul(x, tg.matmul(A, x)), x);
    x.assign([1, 0, 0, 0]);
    expect(allClose(arr(g.value), [S(0, 0), S(1, 0), S(2, 0), S(3, 0)], 1e-12, 1e-12)).toBe(true);
  });
});

describe('grad', () => {
  it('differentiates with respect to an intermediate node', () => {
    const x = tg.variable('x', 0.7), y = tg.variable('y', -1.3);
    const z = x.mul(y);
    const L = tg.sin(z).add(z.pow(2));
    const [dz, dx] = tg.grad(L, [z, x]);
    const zv = 0.7 * -1.3;
    expect(dz!.value).toBeCloseTo(Math.cos(zv) + 2 * zv, 14);
    expect(dx!.value).toBeCloseTo((Math.cos(zv) + 2 * zv) * -1.3, 14);
  });

  it('gives an independent input a structural zero of its shape', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', [[1, 2, 3], [4, 5, 6]]);
    const y = tg.sin(x);
    const [dx, dw] = tg.grad(y, [x, w]);
    expect(tg.isZero(dw!)).toBe(true);
    expect(tg.isZero(dx!)).toBe(false);
    expect(dw!.shape).toEqual([2, 3]);
    expect(arr(dw!.value)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(tg.dependsOn(y, w)).toBe(false);
    expect(tg.dependsOn(y, x)).toBe(true);
    expect(tg.dependsOn(tg.sum(w).add(y), w)).toBe(true);
  });

  it('gives a zero gradient when the dependence cancels structurally', () => {
    const x = tg.variable('x', 2);
    const y = x.sub(x).add(3);
    expect(tg.isZero(tg.grad(y, x))).toBe(true);
  });

  it('requires a seed for a non-scalar y', () => {
    const x = tg.variable('x', [1, 2, 3]);
    expect(() => tg.grad(x.mul(x), x)).toThrow(tg.ShapeError);
    expect(() => tg.grad(x.mul(x), x)).toThrow(/y has shape \[3\]/);
    expect(() => tg.grad(x.mul(x), x, [1, 2])).toThrow(tg.ShapeError);
    expect(() => tg.grad(x.mul(x), x, [1, 2])).toThrow(/\[3\].*\[2\]/);
  });

  it('computes a vector-Jacobian product with a seed dy', () => {
    const x = tg.variable('x', [1, 2, 3]);
    const g = tg.grad(x.mul(x), x, [1, -1, 0.5]);
    expect(arr(g.value)).toEqual([2, -4, 3]);
    const s = tg.variable('s', 2);
    expect(tg.grad(tg.sin(s), s, 3).value).toBeCloseTo(3 * Math.cos(2), 15);
  });

  it('returns a node for a node and an array for an array', () => {
    const x = tg.variable('x', 3);
    expect(tg.grad(x.mul(x), x)).toBeInstanceOf(tg.Node);
    expect(Array.isArray(tg.grad(x.mul(x), [x]))).toBe(true);
    expect(tg.grad(x, x).value).toBe(1);
  });

  it('differentiates to higher orders: x⁴ and sin', () => {
    const x = tg.variable('x', 1.5);
    const y = x.pow(4);
    const d1 = tg.grad(y, x), d2 = tg.grad(d1, x), d3 = tg.grad(d2, x), d4 = tg.grad(d3, x), d5 = tg.grad(d4, x);
    expect(d1.value).toBeCloseTo(4 * 1.5 ** 3, 12);
    expect(d2.value).toBeCloseTo(12 * 1.5 ** 2, 12);
    expect(d3.value).toBeCloseTo(24 * 1.5, 12);
    expect(d4.value).toBeCloseTo(24, 12);
    expect(d5.value).toBeCloseTo(0, 12);
    const s = tg.sin(x);
    const s3 = tg.grad(tg.grad(tg.grad(s, x), x), x);
    for (const v of [0.3, -1.2, 2.5]) {
      x.assign(v);
      expect(s3.value).toBeCloseTo(-Math.cos(v), 14);
      expect(d3.value).toBeCloseTo(24 * v, 12);
    }
  });

  it('mixes partial derivatives of higher order', () => {
    const x = tg.variable('x', 0.4), y = tg.variable('y', -0.9);
    const f = tg.exp(x.mul(y)).mul(tg.sin(y));
    const fxy = tg.grad(tg.grad(f, x), y), fyx = tg.grad(tg.grad(f, y), x);
    // ∂²/∂x∂y [e^{xy} sin y] = e^{xy} ((1 + xy) sin y + y cos y)
    const e = Math.exp(0.4 * -0.9);
    const expected = e * ((1 + 0.4 * -0.9) * Math.sin(-0.9) + -0.9 * Math.cos(-0.9));
    expect(fxy.value).toBeCloseTo(expected, 13);
    expect(fyx.value).toBeCloseTo(expected, 13);
  });
});

describe('grad walks only the path', () => {
  /** A user op with a kernel but no vector-Jacobian rule. */
  const opaqueOp: tg.OpDef = {
    name: 'opaque',
    arity: 1,
    shape: ([s]) => s!,
    forward: ([x]) => mapT(x!, (v) => v * v * v),
    latex: (c) => ({ s: `\\operatorname{opaque}${c.paren(c.raw(0))}`, prec: tg.Prec.Atom }),
    text: (c) => ({ s: `opaque(${c.raw(0)})`, prec: tg.Prec.Atom }),
  };

  it('ignores a node without a rule off the path', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', 2);
    const y = tg.sin(x).mul(tg.apply(opaqueOp, [w]));
    expect(y.value).toBeCloseTo(8 * Math.sin(0.5), 15);
    expect(tg.grad(y, x).value).toBeCloseTo(8 * Math.cos(0.5), 15);
  });

  it('throws GradientNotImplementedError naming the op when it lies on the path', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', 2);
    const y = tg.sin(x).mul(tg.apply(opaqueOp, [w]));
    expect(() => tg.grad(y, w)).toThrow(tg.GradientNotImplementedError);
    expect(() => tg.grad(y, [x, w])).toThrow(/op 'opaque'/);
    const named = tg.sin(x).mul(tg.apply(opaqueOp, [w], {}, { label: 'h' }));
    expect(() => tg.grad(named, w)).toThrow(/'opaque' \(node 'h'\)/);
  });
});

describe('grad checks every rule', () => {
  const userOp = (name: string, vjp: tg.OpDef['vjp']): tg.OpDef => ({
    name,
    arity: 2,
    shape: ([a]) => a!,
    forward: ([a, b]) => tg.tensor(Float64Array.from(a!.data, (v, i) => v * b!.data[i % b!.data.length]!), a!.shape),
    ...(vjp && { vjp }),
    latex: (c) => ({ s: `${name}${c.paren(`${c.raw(0)}, ${c.raw(1)}`)}`, prec: tg.Prec.Atom }),
    text: (c) => ({ s: `${name}(${c.raw(0)}, ${c.raw(1)})`, prec: tg.Prec.Atom }),
  });

  it('rejects a gradient of the wrong shape, naming the op and the input', () => {
    const bad = userOp('badShape', ({ dy }) => [dy, tg.sum(dy, 0)]);
    const a = tg.variable('a', [[1, 2], [3, 4]]), b = tg.variable('b', [[1, 1], [1, 1]]);
    const y = tg.sum(tg.apply(bad, [a, b]));
    expect(tg.grad(y, a).shape).toEqual([2, 2]);
    expect(() => tg.grad(y, b)).toThrow(tg.ShapeError);
    expect(() => tg.grad(y, b)).toThrow(/'badShape' returned a gradient of shape \[2\] for input 1 \('b'\) of shape \[2, 2\]/);
  });

  it('rejects a rule that returns the wrong number of gradients', () => {
    const bad = userOp('tooFew', ({ dy }) => [dy]);
    const a = tg.variable('a', [1, 2]), b = tg.variable('b', [3, 4]);
    expect(() => tg.grad(tg.sum(tg.apply(bad, [a, b])), a)).toThrow(/'tooFew'.*1 gradients for 2 inputs/);
  });

  it('rejects a rule that returns null for a needed input', () => {
    const bad = userOp('lazy', ({ dy }) => [dy, null]);
    const a = tg.variable('a', [1, 2]), b = tg.variable('b', [3, 4]);
    expect(() => tg.grad(tg.sum(tg.apply(bad, [a, b])), b)).toThrow(/'lazy' returned no gradient for input 1 \('b'\)/);
  });
});

describe('broadcasting is undone centrally', () => {
  it('sums gradients back to the inputs’ shapes', () => {
    const a = tg.variable('a', [[1], [2], [3]]), b = tg.variable('b', [10, 20, 30, 40]);
    const y = tg.sum(a.add(b));
    expect(y.value).toBe(4 * 6 + 3 * 100);
    const [da, db] = tg.grad(y, [a, b]);
    expect(da!.shape).toEqual([3, 1]);
    expect(db!.shape).toEqual([4]);
    expect(arr(da!.value)).toEqual([4, 4, 4]);
    expect(arr(db!.value)).toEqual([3, 3, 3, 3]);
  });

  it('for products, scalars and keepDims-like shapes', () => {
    const a = tg.variable('a', [[1], [2], [3]]), b = tg.variable('b', [10, 20, 30, 40]), s = tg.variable('s', 2);
    const y = tg.sum(a.mul(b).mul(s));
    const [da, db, ds] = tg.grad(y, [a, b, s]);
    expect(arr(da!.value)).toEqual([200, 200, 200]);
    expect(arr(db!.value)).toEqual([12, 12, 12, 12]);
    expect(ds!.shape).toEqual([]);
    expect(ds!.value).toBe(600);
    const r = tg.variable('r', [[1, 2, 3, 4]]);
    const dr = tg.grad(tg.sum(a.mul(r).pow(2)), r);
    expect(dr.shape).toEqual([1, 4]);
    const expected = [1, 2, 3, 4].map((v) => 2 * v * (1 + 4 + 9));
    expect(arr(dr.value)).toEqual(expected);
  });

  it('agrees with central differences on a broadcast chain', () => {
    const a = tg.variable('a', tg.randn([2, 1, 3], { seed: 3 })), b = tg.variable('b', tg.randn([4, 1], { seed: 4 }));
    const y = tg.sum(tg.tanh(a.mul(b).add(a)).pow(2));
    const [da, db] = tg.grad(y, [a, b]);
    expect(da!.shape).toEqual([2, 1, 3]);
    expect(db!.shape).toEqual([4, 1]);
    expect(allClose(arr(da!.value), numericGrad(y, a), 1e-7, 1e-6)).toBe(true);
    expect(allClose(arr(db!.value), numericGrad(y, b), 1e-7, 1e-6)).toBe(true);
  });
});
