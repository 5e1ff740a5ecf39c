import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

const X = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]; // [2, 3, 2]

describe('sum', () => {
  it('sums every axis by default, to a scalar', () => {
    const y = tg.sum(tg.variable('x', X));
    expect(y.shape).toEqual([]);
    expect(y.value).toBe(78);
  });

  it('sums the given axes, negative ones included, with and without keepDims', () => {
    const x = tg.variable('x', X);
    expect((tg.sum(x, 1).value as tg.Tensor).toArray()).toEqual([[9, 12], [27, 30]]);
    expect(tg.sum(x, -2)).toBe(tg.sum(x, 1));
    expect((tg.sum(x, [0, 2]).value as tg.Tensor).toArray()).toEqual([18, 26, 34]);
    expect(tg.sum(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(tg.sum(x, undefined, true).shape).toEqual([1, 1, 1]);
  });

  it('broadcasts the gradient back over the summed axes', () => {
    const x = tg.variable('x', X);
    const g = tg.grad(tg.sum(tg.mul(tg.sum(x, 1), tg.constant([[1, 2], [3, 4]]))), x);
    expect(g.shape).toEqual([2, 3, 2]);
    expect(Array.from(flat(g))).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
  });

  it('rejects axes out of range, repeated axes, non-integer axes and a bad keepDims', () => {
    const x = tg.variable('x', X);
    expect(() => tg.sum(x, 3)).toThrow(tg.ShapeError);
    expect(() => tg.sum(x, 3)).toThrow('sum: axis 3 is out of range for shape [2, 3, 2] (accepted: -3 to 2)');
    expect(() => tg.sum(x, [0, -3])).toThrow(tg.ShapeError);
    expect(() => tg.sum(x, [0, -3])).toThrow('sum: axis -3 is repeated');
    expect(() => tg.sum(x, 0.5)).toThrow(tg.ArgumentError);
    expect(() => tg.apply(tg.ops.sumOp, [x], { axes: [0], keepDims: 1 })).toThrow('sum: keepDims must be true or false; got 1');
  });
});
