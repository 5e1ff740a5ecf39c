import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('broadcastTo', () => {
  it('repeats along stretched and added axes', () => {
    const y = tg.broadcastTo(tg.variable('x', [[1], [2]]), [3, 2, 2]);
    expect(y.shape).toEqual([3, 2, 2]);
    expect(Array.from(flat(y))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2]);
    expect(Array.from(flat(tg.broadcastTo(tg.variable('s', 5), [2, 2])))).toEqual([5, 5, 5, 5]);
  });

  it('sums the gradient back to the input shape', () => {
    const x = tg.variable('x', [[1], [2]]);
    const g = tg.grad(tg.sum(tg.mul(tg.broadcastTo(x, [2, 3]), tg.constant([[1, 2, 3], [4, 5, 6]]))), x);
    expect(g.shape).toEqual([2, 1]);
    expect(Array.from(flat(g))).toEqual([6, 15]);
  });

  it('is the identity to the same shape', () => {
    const x = tg.variable('x', [1, 2]);
    expect(tg.broadcastTo(x, [2])).toBe(x);
  });

  it('rejects shapes it cannot reach, naming both', () => {
    const f = () => tg.broadcastTo(tg.variable('x', [1, 2, 3]), [2, 4]);
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('broadcastTo: cannot broadcast [3] to [2, 4]');
    expect(() => tg.broadcastTo(tg.variable('x', [[1, 2]]), [2])).toThrow('broadcastTo: cannot broadcast [1, 2] to [2]');
    expect(() => tg.broadcastTo(tg.variable('x', 1), [-1])).toThrow(tg.ArgumentError);
  });
});
