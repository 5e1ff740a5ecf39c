import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('relu', () => {
  it('is max(x, 0)', () => {
    expect(Array.from(flat(tg.relu(tg.constant([-2, -0.5, 0, 0.5, 2]))))).toEqual([0, 0, 0, 0.5, 2]);
  });

  it('has derivative 0 at 0 (a NOTE in the rule), 1 above and 0 below', () => {
    const z = tg.variable('z', 0);
    expect(tg.grad(tg.relu(z), z).value).toBe(0);
    const x = tg.variable('x', [-1, 0, 1e-300, 3]);
    expect(Array.from(flat(tg.grad(tg.sum(tg.relu(x)), x)))).toEqual([0, 0, 1, 1]);
  });

  it('has a zero second derivative', () => {
    const x = tg.variable('x', [-1, 0.5, 3]);
    const g = tg.grad(tg.sum(tg.relu(x)), x);
    const h = tg.grad(tg.sum(tg.mul(g, tg.constant([1, 2, 3]))), x);
    expect(Array.from(flat(h))).toEqual([0, 0, 0]);
  });
});
