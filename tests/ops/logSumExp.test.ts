import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOpGradient, flat } from '../helpers/numeric.js';

const arr = (n: tg.Node) => Array.from(flat(n));
const X = [[1, 2, 3], [-1, 0, 0.5]];
const naive = (row: number[]) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));

describe('logSumExp', () => {
  it('reduces every axis by default', () => {
    const y = tg.logSumExp(tg.constant(X));
    expect(y.shape).toEqual([]);
    expect(y.value).toBeCloseTo(naive(X.flat()), 14);
  });

  it('reduces the given axes, negative ones included', () => {
    const y = tg.logSumExp(tg.constant(X), 1);
    expect(y.shape).toEqual([2]);
    arr(y).forEach((v, i) => expect(v).toBeCloseTo(naive(X[i]!), 14));
    expect(tg.logSumExp(tg.constant(X), -1).value).toEqual(y.value);
    const z = tg.logSumExp(tg.constant(X), 0);
    expect(z.shape).toEqual([3]);
    arr(z).forEach((v, j) => expect(v).toBeCloseTo(naive([X[0]![j]!, X[1]![j]!]), 14));
  });

  it('keeps reduced axes with keepDims', () => {
    expect(tg.logSumExp(tg.constant(X), 1, true).shape).toEqual([2, 1]);
    expect(tg.logSumExp(tg.constant(X), [0, 1], true).shape).toEqual([1, 1]);
    expect(tg.logSumExp(tg.constant(tg.zeros([2, 3, 4])), [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(tg.logSumExp(tg.constant(tg.zeros([2, 3, 4])), [0, 2]).shape).toEqual([3]);
  });

  it('is stable with huge and tiny inputs', () => {
    expect(tg.logSumExp(tg.constant([1000, 1000])).value).toBeCloseTo(1000 + Math.LN2, 12);
    expect(tg.logSumExp(tg.constant([-1000, -1000])).value).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(tg.logSumExp(tg.constant([1e308, 0])).value).toBe(1e308);
  });

  it('handles -Infinity entries', () => {
    expect(tg.logSumExp(tg.constant([-Infinity, 0])).value).toBe(0);
    expect(tg.logSumExp(tg.constant([-Infinity, -Infinity])).value).toBe(-Infinity);
  });

  it('has softmax weights as its gradient, finite at huge inputs, over one or several axes', () => {
    const x = tg.variable('x', [[1000, 1001], [1002, 1003]]);
    for (const axes of [[1], [0, 1]]) {
      const g = arr(tg.grad(tg.sum(tg.logSumExp(x, axes)), x));
      g.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      const total = g.reduce((s, v) => s + v, 0);
      expect(total).toBeCloseTo(axes.length === 1 ? 2 : 1, 12);
    }
    const g1 = arr(tg.grad(tg.sum(tg.logSumExp(x, 1)), x));
    expect(g1[0]).toBeCloseTo(1 / (1 + Math.E), 12);
  });

  it('checks against differences over two axes with keepDims', () => {
    for (const order of [1, 2] as const) {
      for (const r of checkOpGradient(tg.ops.logSumExpOp, { shapes: [[3, 2, 4]], attrs: { axes: [0, -1], keepDims: true } }, order, 3)) {
        expect(r.comparison.ok, r.comparison.message).toBe(true);
      }
    }
  });

  it('rejects axes out of range, repeated axes and a bad keepDims', () => {
    const x = tg.variable('x', X);
    expect(() => tg.logSumExp(x, 2)).toThrow(tg.ShapeError);
    expect(() => tg.logSumExp(x, 2)).toThrow('logSumExp: axis 2 is out of range for shape [2, 3]');
    expect(() => tg.logSumExp(x, [1, -1])).toThrow(tg.ShapeError);
    expect(() => tg.logSumExp(x, [1, -1])).toThrow('logSumExp: axis -1 is repeated');
    expect(() => tg.apply(tg.ops.logSumExpOp, [x], { axes: [0], keepDims: 'yes' })).toThrow(tg.ArgumentError);
  });
});
