import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('maximum', () => {
  it('takes the larger element, with broadcasting', () => {
    expect(Array.from(flat(tg.maximum(tg.constant([[1, 5], [3, -2]]), tg.constant([2, 0]))))).toEqual([2, 5, 3, 0]);
  });

  it('splits a tie 0.5 / 0.5', () => {
    const a = tg.variable('a', 1), b = tg.variable('b', 1);
    const [da, db] = tg.grad(tg.maximum(a, b), [a, b]);
    expect(da!.value).toBe(0.5);
    expect(db!.value).toBe(0.5);
  });

  it('gives the whole gradient to the larger side away from ties', () => {
    const a = tg.variable('a', 2), b = tg.variable('b', 1);
    const [da, db] = tg.grad(tg.maximum(a, b), [a, b]);
    expect(da!.value).toBe(1);
    expect(db!.value).toBe(0);
  });

  it('splits ties elementwise and sums the halves over broadcast axes', () => {
    const a = tg.variable('a', [1, 2, 3]), b = tg.variable('b', 2);
    const [da, db] = tg.grad(tg.sum(tg.maximum(a, b)), [a, b]);
    expect(Array.from(flat(da!))).toEqual([0, 0.5, 1]);
    expect(db!.value).toBe(1.5);
  });

  it('rejects shapes that do not broadcast, naming both', () => {
    const f = () => tg.maximum(tg.variable('a', tg.zeros([2, 3])), tg.variable('b', tg.zeros([4])));
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('maximum: shapes do not broadcast; got a [2, 3] and b [4]');
  });
});
