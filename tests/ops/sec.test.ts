import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('sec', () => {
  it('holds between its poles at π/2 and 3π/2, where it is negative', () => {
    checkBranch({ build: tg.sec, mathjs: 'sec(x)', domain: { min: 1.9, max: 4.4 } });
  });

  it('is 1/cos(x), as mathjs computes it', () => {
    for (const v of [0, 1, -1, Math.PI, 1e-300, 710]) expect(tg.sec(v).value).toBe(1 / Math.cos(v));
  });
});
