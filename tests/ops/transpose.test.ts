import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('transpose', () => {
  it('reverses the axes by default', () => {
    const x = tg.variable('x', [[1, 2, 3], [4, 5, 6]]);
    expect((tg.transpose(x).value as tg.Tensor).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.T).toBe(tg.transpose(x));
    expect(tg.transpose(tg.variable('x', tg.zeros([2, 3, 4]))).shape).toEqual([4, 3, 2]);
  });

  it('applies a permutation: output axis i is input axis perm[i]', () => {
    const x = tg.variable('x', [[[1, 2], [3, 4], [5, 6]]]); // [1, 3, 2]
    const y = tg.transpose(x, [2, 0, 1]);
    expect(y.shape).toEqual([2, 1, 3]);
    expect(Array.from(flat(y))).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('undoes itself and its gradient is the inverse permutation', () => {
    const x = tg.variable('x', tg.zeros([2, 3, 4]));
    expect(tg.transpose(tg.transpose(x, [1, 2, 0]), [2, 0, 1])).toBe(x);
    const g = tg.grad(tg.sum(tg.mul(tg.transpose(x, [1, 2, 0]), tg.constant(tg.ones([3, 4, 2])))), x);
    expect(g.shape).toEqual([2, 3, 4]);
  });

  it('rejects a perm that is not a permutation of the axes', () => {
    const x = tg.variable('x', [[1, 2]]);
    expect(() => tg.transpose(x, [0, 0])).toThrow(tg.ArgumentError);
    expect(() => tg.transpose(x, [0, 0])).toThrow('transpose: perm must be a permutation of 0..1; got [0,0]');
    expect(() => tg.transpose(x, [0, 1, 2])).toThrow(tg.ArgumentError);
  });
});
