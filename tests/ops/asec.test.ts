import { describe, expect, it } from 'vitest';
import { evaluate } from 'mathjs';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('asec', () => {
  it('holds for x ≤ -1, where |x| in the derivative matters', () => {
    checkBranch({ build: tg.asec, mathjs: 'asec(x)', domain: { min: -3, max: -1.1 } });
  });

  it('is NaN for |x| < 1, where mathjs answers a complex number', () => {
    for (const v of [0.5, -0.5, 0]) {
      expect(tg.asec(v).value).toBeNaN();
      expect(typeof evaluate('asec(x)', { x: v })).not.toBe('number');
    }
    expect(tg.asec(-1).value).toBe(Math.PI);
  });
});
