import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('cot', () => {
  it('holds left of its pole at 0', () => {
    checkBranch({ build: tg.cot, mathjs: 'cot(x)', domain: { min: -2.8, max: -0.3 } });
  });

  it('is infinite at 0 and 1/tan(x) elsewhere, as in mathjs', () => {
    expect(tg.cot(0).value).toBe(Infinity);
    expect(tg.cot(-0).value).toBe(-Infinity);
    for (const v of [Math.PI / 2, 1, -3]) expect(tg.cot(v).value).toBe(1 / Math.tan(v));
  });
});
