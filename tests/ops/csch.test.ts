import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('csch', () => {
  it('holds left of its pole at 0', () => {
    checkBranch({ build: tg.csch, mathjs: 'csch(x)', domain: { min: -3, max: -0.3 } });
  });

  it('is infinite at 0 with the sign of the zero, and vanishes without overflow far out', () => {
    expect(tg.csch(0).value).toBe(Infinity);
    expect(tg.csch(-0).value).toBe(-Infinity);
    expect(tg.csch(800).value).toBe(0);
    expect(tg.csch(-800).value).toBe(-0);
  });
});
