import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('dot', () => {
  it('is the inner product of two vectors, with gradients b and a', () => {
    const a = tg.variable('a', [1, 2, 3]), b = tg.variable('b', [4, -5, 6]);
    const y = tg.dot(a, b);
    expect(y.shape).toEqual([]);
    expect(y.value).toBe(12);
    const [da, db] = tg.grad(y, [a, b]);
    expect(Array.from(flat(da!))).toEqual([4, -5, 6]);
    expect(Array.from(flat(db!))).toEqual([1, 2, 3]);
  });

  it('rejects anything but two vectors of equal length, naming both shapes', () => {
    const f = () => tg.dot(tg.variable('a', [1, 2]), tg.variable('b', [1, 2, 3]));
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('dot: needs two vectors of equal length; got a [2] and b [3]');
    expect(() => tg.dot(tg.variable('a', [[1, 2]]), tg.variable('b', [1, 2]))).toThrow('dot: needs two vectors of equal length; got a [1, 2] and b [2]');
    expect(() => tg.dot(tg.variable('a', 1), tg.variable('b', 2))).toThrow(tg.ShapeError);
  });
});
