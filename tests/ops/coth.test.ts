import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('coth', () => {
  it('holds left of its pole at 0', () => {
    checkBranch({ build: tg.coth, mathjs: 'coth(x)', domain: { min: -3, max: -0.3 } });
  });

  it('is infinite at 0 with the sign of the zero, and ±1 far out (no overflow)', () => {
    expect(tg.coth(0).value).toBe(Infinity);
    expect(tg.coth(-0).value).toBe(-Infinity);
    expect(tg.coth(800).value).toBe(1);
    expect(tg.coth(-800).value).toBe(-1);
  });
});
