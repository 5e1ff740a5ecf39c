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

  it('an options object or a number where a list goes is an ArgumentError that says what is accepted, not a TypeError', () => {
    const x = tg.variable('x', X);
    // As a user of PyTorch or NumPy writes it: sum(x, { axes: [1] }), reshape(x, 12).
    const wrong: [() => unknown, string][] = [
      [() => tg.sum(x, { axes: [1] } as never), 'sum: axes must be an integer or an array of integers; got {"axes":[1]}'],
      [() => tg.mean(x, { axes: [1] } as never), 'mean: axes must be an integer or an array of integers'],
      [() => tg.logSumExp(x, { axes: [1] } as never), 'logSumExp: axes must be an integer or an array of integers'],
      [() => tg.reshape(x, 12 as never), 'reshape: shape must be an array of non-negative integers (one may be -1); got 12'],
      [() => tg.broadcastTo(x, 3 as never), 'broadcastTo: a shape is an array of non-negative integers; got 3'],
      [() => tg.transpose(x, {} as never), 'transpose: perm must be a permutation of 0..2; got {}'],
    ];
    for (const [f, message] of wrong) {
      expect(f).toThrow(tg.ArgumentError);
      expect(f).toThrow(message);
    }
  });
});
