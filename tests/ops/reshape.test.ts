import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

const x23 = () => tg.variable('x', [[1, 2, 3], [4, 5, 6]]);

describe('reshape', () => {
  it('keeps the row-major order of elements', () => {
    const y = tg.reshape(x23(), [3, 2]);
    expect((y.value as tg.Tensor).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it.each([
    [[2, 3, 4], [-1, 4], [6, 4]],
    [[2, 3, 4], [2, -1], [2, 12]],
    [[2, 3, 4], [-1], [24]],
    [[6], [1, -1, 1], [1, 6, 1]],
    [[1], [-1], [1]],
    [[0, 3], [-1, 3], [0, 3]],
  ])('infers -1: %j to %j is %j', (from, to, want) => {
    expect(tg.reshape(tg.variable('x', tg.zeros(from)), to).shape).toEqual(want);
  });

  it('reshapes to and from a scalar', () => {
    expect(tg.reshape(tg.variable('x', [7]), []).shape).toEqual([]);
    expect(tg.reshape(tg.variable('x', [7]), []).value).toBe(7);
    expect(tg.reshape(tg.variable('x', 7), [1, 1]).shape).toEqual([1, 1]);
  });

  it('sends the gradient back in the input shape', () => {
    const x = x23();
    const g = tg.grad(tg.sum(tg.mul(tg.reshape(x, [6]), tg.constant([1, 2, 3, 4, 5, 6]))), x);
    expect((g.value as tg.Tensor).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('rejects a size mismatch, naming both shapes and the element count', () => {
    expect(() => tg.reshape(x23(), [7])).toThrow(tg.ShapeError);
    expect(() => tg.reshape(x23(), [7])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [7]');
    expect(() => tg.reshape(x23(), [-1, 4])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [-1, 4]');
  });

  it('rejects two -1 axes and malformed shapes', () => {
    expect(() => tg.reshape(x23(), [-1, -1])).toThrow(tg.ArgumentError);
    expect(() => tg.reshape(x23(), [-1, -1])).toThrow('reshape: at most one axis may be -1; got [-1, -1]');
    expect(() => tg.reshape(x23(), [2.5, 2])).toThrow(tg.ArgumentError);
    expect(() => tg.reshape(x23(), [-2, -3])).toThrow(tg.ArgumentError);
    expect(() => tg.reshape(x23(), [2.5, 2])).toThrow(/^reshape: shape must be an array of non-negative integers/);
  });

  it('rejects an ambiguous -1 next to a zero-length axis (NumPy does too)', () => {
    const x = tg.variable('x', tg.zeros([0, 3]));
    expect(() => tg.reshape(x, [-1, 0])).toThrow(tg.ShapeError);
  });

  it('collapses a reshape of a reshape', () => {
    const x = x23();
    expect(tg.reshape(tg.reshape(x, [6]), [3, 2])).toBe(tg.reshape(x, [3, 2]));
    expect(tg.reshape(x, [2, 3])).toBe(x);
  });

  it('leaves values unchanged', () => {
    expect(Array.from(flat(tg.reshape(x23(), [3, 1, 2])))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
