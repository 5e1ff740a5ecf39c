import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('abs', () => {
  it('has derivative sign(x): -1, 0 at the kink, 1', () => {
    const x = tg.variable('x', [-2, 0, 3]);
    expect(Array.from(flat(tg.abs(x)))).toEqual([2, 0, 3]);
    expect(Array.from(flat(tg.grad(tg.sum(tg.abs(x)), x)))).toEqual([-1, 0, 1]);
  });

  it('prints with bars', () => {
    const x = tg.variable('x', 1);
    expect(tg.toText(tg.abs(x))).toBe('|x|');
    expect(tg.toLatex(tg.abs(x))).toBe('\\left|x\\right|');
  });
});
