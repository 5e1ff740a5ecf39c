import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('minimum', () => {
  it('takes the smaller element', () => {
    expect(Array.from(flat(tg.minimum(tg.constant([1, 5, -3]), tg.constant([2, 0, -3]))))).toEqual([1, 0, -3]);
  });

  it('splits a tie 0.5 / 0.5', () => {
    const a = tg.variable('a', -4), b = tg.variable('b', -4);
    const [da, db] = tg.grad(tg.minimum(a, b), [a, b]);
    expect(da!.value).toBe(0.5);
    expect(db!.value).toBe(0.5);
  });

  it('gives the whole gradient to the smaller side away from ties', () => {
    const a = tg.variable('a', 2), b = tg.variable('b', 1);
    const [da, db] = tg.grad(tg.minimum(a, b), [a, b]);
    expect(da!.value).toBe(0);
    expect(db!.value).toBe(1);
  });
});
