import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('acsch', () => {
  it('holds for x < 0, where |x| in the derivative matters', () => {
    checkBranch({ build: tg.acsch, mathjs: 'acsch(x)', domain: { min: -3, max: -0.3 } });
  });

  it('is infinite at ±0 and accurate far out', () => {
    expect(tg.acsch(0).value).toBe(Infinity);
    expect(tg.acsch(-0).value).toBe(-Infinity);
    // asinh(1/x) ≈ 1/x for large x; log(1/x + √(1/x² + 1)) would lose the digits.
    expect(tg.acsch(-1e20).value).toBe(-1e-20);
  });
});
