import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOpGradient, flat } from '../helpers/numeric.js';

const arr = (n: tg.Node) => Array.from(flat(n));

describe('softmax', () => {
  it('sums to 1 along its axis', () => {
    const y = tg.softmax(tg.constant([[1, 2, 3], [0, 0, 0]]), 1);
    const v = arr(y);
    expect(v[0]! + v[1]! + v[2]!).toBeCloseTo(1, 15);
    expect(v.slice(3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const z = tg.softmax(tg.constant([[1, 2, 3], [0, 0, 0]]), 0);
    const w = arr(z);
    for (let j = 0; j < 3; j++) expect(w[j]! + w[j + 3]!).toBeCloseTo(1, 15);
  });

  it('is stable with huge inputs (shift invariant, no NaN or Infinity)', () => {
    const small = arr(tg.softmax(tg.constant([0, 1, 2])));
    for (const shift of [1000, -1000, 1e5]) {
      const big = arr(tg.softmax(tg.constant([shift, shift + 1, shift + 2])));
      big.forEach((v, i) => expect(v).toBeCloseTo(small[i]!, 12));
    }
    expect(arr(tg.softmax(tg.constant([1000, 0])))).toEqual([1, 0]);
  });

  it('has a finite gradient at huge inputs, equal to the shifted one', () => {
    const r = tg.constant([0.3, -1, 2]);
    const gradAt = (v: number[]) => {
      const x = tg.variable('x', v);
      return arr(tg.grad(tg.sum(tg.mul(tg.softmax(x), r)), x));
    };
    const g0 = gradAt([0, 1, 2]), g1 = gradAt([1000, 1001, 1002]);
    g1.forEach((v, i) => {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeCloseTo(g0[i]!, 12);
    });
  });

  it('over an axis of length 1 is 1, and its gradient is structurally zero', () => {
    const x = tg.variable('x', [[1], [2]]);
    const y = tg.softmax(x, 1);
    expect(arr(y)).toEqual([1, 1]);
    const g = tg.grad(tg.sum(tg.mul(y, tg.constant([[1], [2]]))), x);
    expect(tg.isZero(g)).toBe(true);
    expect(g.shape).toEqual([2, 1]);
  });

  it('checks against differences along a middle axis', () => {
    for (const order of [1, 2] as const) {
      for (const r of checkOpGradient(tg.ops.softmaxOp, { shapes: [[2, 4, 3]], attrs: { axis: -2 } }, order, 5)) expect(r.comparison.ok, r.comparison.message).toBe(true);
    }
  });

  it('defaults to the last axis', () => {
    const x = tg.variable('x', [[1, 2], [3, 4]]);
    expect(tg.softmax(x)).toBe(tg.softmax(x, 1));
    expect(tg.softmax(x, -1)).toBe(tg.softmax(x, 1));
  });

  it('rejects a scalar and an axis out of range', () => {
    expect(() => tg.softmax(tg.variable('x', 1))).toThrow(tg.ShapeError);
    expect(() => tg.softmax(tg.variable('x', 1))).toThrow('softmax: needs at least 1 axis; got a scalar []');
    const f = () => tg.softmax(tg.variable('x', [[1, 2, 3], [4, 5, 6]]), 2);
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('softmax: axis 2 is out of range for shape [2, 3]');
  });
});
