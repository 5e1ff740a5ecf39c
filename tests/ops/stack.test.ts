import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('stack', () => {
  const p = () => tg.variable('p', [1, 2]), q = () => tg.variable('q', [3, 4]);

  it('joins along a new axis (default 0)', () => {
    const y = tg.stack([p(), q()]);
    expect(y.shape).toEqual([2, 2]);
    expect((y.value as tg.Tensor).toArray()).toEqual([[1, 2], [3, 4]]);
    const z = tg.stack([p(), q()], 1);
    expect((z.value as tg.Tensor).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(tg.stack([p(), q(), p()], -1).shape).toEqual([2, 3]);
  });

  it('stacks scalars into a vector', () => {
    const y = tg.stack([tg.variable('a', 1), tg.variable('b', 2), 3]);
    expect(y.shape).toEqual([3]);
    expect(Array.from(flat(y))).toEqual([1, 2, 3]);
  });

  it('sends each input its own slice of the gradient', () => {
    const a = p(), b = q();
    const [da, db] = tg.grad(tg.sum(tg.mul(tg.stack([a, b], 1), tg.constant([[1, 2], [3, 4]]))), [a, b]);
    expect(Array.from(flat(da!))).toEqual([1, 3]);
    expect(Array.from(flat(db!))).toEqual([2, 4]);
  });

  it('undoes take: take(stack(xs, axis), i, axis) has xs[i]\'s value', () => {
    const a = tg.variable('a', [[1, 2], [3, 4]]), b = tg.variable('b', [[5, 6], [7, 8]]);
    for (const axis of [0, 1, 2]) {
      expect(Array.from(flat(tg.take(tg.stack([a, b], axis), 1, axis)))).toEqual([5, 6, 7, 8]);
    }
  });

  it('rejects inputs of different shapes, an axis out of range, and no inputs', () => {
    const f = () => tg.stack([tg.variable('a', [1, 2]), tg.variable('b', [1, 2, 3])]);
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('stack: every input needs the same shape; got input 0 [2] and input 1 [3]');
    expect(() => tg.stack([p()], 2)).toThrow(tg.ArgumentError);
    expect(() => tg.stack([p()], 2)).toThrow('stack: axis must be an integer from -2 to 1; got 2');
    expect(() => tg.stack([])).toThrow(tg.ArgumentError);
  });

  it('names the axis when it is not the first, so the two stacks print apart', () => {
    const a = tg.variable('a', [1, 2]), b = tg.variable('b', [3, 4]);
    expect(tg.toText(tg.stack([a, b]))).toBe('stack(a, b)');
    expect(tg.toText(tg.stack([a, b], 1))).toBe('stack[axis 1](a, b)');
    expect(tg.toLatex(tg.stack([a, b], 1))).toBe('\\operatorname{stack}_{\\mathrm{axis}\\,1}\\left(a, b\\right)');
    expect(tg.toText(tg.stack([a, b], -1))).toBe('stack[axis 1](a, b)');
  });
});
