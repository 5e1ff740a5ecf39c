import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

const M = [[1, 2, 3], [4, 5, 6]];

describe('take', () => {
  it('picks a position along an axis (default 0), dropping the axis', () => {
    const x = tg.variable('x', M);
    expect(tg.take(x, 1).shape).toEqual([3]);
    expect(Array.from(flat(tg.take(x, 1)))).toEqual([4, 5, 6]);
    expect(Array.from(flat(tg.take(x, 2, 1)))).toEqual([3, 6]);
    expect(tg.take(tg.variable('v', [7, 8]), 1).value).toBe(8);
  });

  it('accepts negative positions and axes', () => {
    const x = tg.variable('x', M);
    expect(tg.take(x, -1, -1)).toBe(tg.take(x, 2, 1));
    expect(Array.from(flat(tg.take(x, -2)))).toEqual([1, 2, 3]);
  });

  it('sends the gradient to the picked slice and zeros elsewhere', () => {
    const x = tg.variable('x', M);
    const g = tg.grad(tg.sum(tg.mul(tg.take(x, 1, 1), tg.constant([10, 20]))), x);
    expect(g.shape).toEqual([2, 3]);
    expect((g.value as tg.Tensor).toArray()).toEqual([[0, 10, 0], [0, 20, 0]]);
  });

  it('rejects a position or axis out of range, and a scalar', () => {
    const x = tg.variable('x', M);
    expect(() => tg.take(x, 3, 1)).toThrow(tg.ArgumentError);
    expect(() => tg.take(x, 3, 1)).toThrow('take: position must be an integer from -3 to 2 on axis 1 of [2, 3]; got 3');
    expect(() => tg.take(x, 0.5)).toThrow(tg.ArgumentError);
    expect(() => tg.take(x, 0, 2)).toThrow('take: axis must be an integer from -2 to 1; got 2');
    expect(() => tg.take(tg.variable('s', 1), 0)).toThrow('take: needs at least 1 axis; got a scalar []');
  });
});
