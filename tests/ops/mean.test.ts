import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('mean', () => {
  it('averages every axis by default', () => {
    expect(tg.mean(tg.variable('x', [[1, 2], [3, 6]])).value).toBe(3);
  });

  it('averages the given axes, dividing by their count only', () => {
    const x = tg.variable('x', [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
    expect((tg.mean(x, 1).value as tg.Tensor).toArray()).toEqual([[3, 4], [9, 10]]);
    expect((tg.mean(x, [0, 2], true).value as tg.Tensor).toArray()).toEqual([[[4.5], [6.5], [8.5]]]);
  });

  it('has gradient 1/n on every averaged element', () => {
    const x = tg.variable('x', [[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(Array.from(flat(tg.grad(tg.mean(x), x)))).toEqual(Array(8).fill(1 / 8));
    const g = tg.grad(tg.sum(tg.mul(tg.mean(x, 1), tg.constant([1, 2]))), x);
    expect(Array.from(flat(g))).toEqual([0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.5]);
  });

  it('rejects an axis out of range', () => {
    expect(() => tg.mean(tg.variable('x', [1, 2]), 1)).toThrow(tg.ShapeError);
    expect(() => tg.mean(tg.variable('x', [1, 2]), 1)).toThrow('mean: axis 1 is out of range for shape [2]');
  });
});
