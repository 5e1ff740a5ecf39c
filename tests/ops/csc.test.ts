import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('csc', () => {
  it('holds left of its pole at 0', () => {
    checkBranch({ build: tg.csc, mathjs: 'csc(x)', domain: { min: -2.8, max: -0.3 } });
  });

  it('is infinite at 0, with the sign of the zero', () => {
    expect(tg.csc(0).value).toBe(Infinity);
    expect(tg.csc(-0).value).toBe(-Infinity);
  });
});
