import { describe, expect, it } from 'vitest';
import { evaluate } from 'mathjs';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('acot', () => {
  it('holds left of its jump at 0', () => {
    checkBranch({ build: tg.acot, mathjs: 'acot(x)', domain: { min: -3, max: -0.2 } });
  });

  it('jumps at 0 as mathjs’s branch does: π/2 at 0, -π/2 at -0', () => {
    expect(tg.acot(0).value).toBe(Math.PI / 2);
    expect(evaluate('acot(0)')).toBe(Math.PI / 2);
    expect(tg.acot(-0).value).toBe(-Math.PI / 2);
    expect(tg.acot(-1e-300).value).toBe(-Math.PI / 2);
  });
});
