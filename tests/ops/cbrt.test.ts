import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

describe('cbrt', () => {
  it('is real for negative x: values, derivative and rule against mathjs and central differences', () => {
    // NOTE: mathjs.derivative('cbrt(x)') is x^(-2/3)/3, complex for x < 0; -(-x)^(1/3) is the same function there.
    checkBranch({ build: tg.cbrt, mathjs: 'cbrt(x)', derivative: '-((-x)^(1/3))', domain: { min: -3, max: -0.2 } });
  });

  it('is exact on perfect cubes, where x^(1/3) is not', () => {
    expect(tg.cbrt(1000).value).toBe(10);
    expect(tg.cbrt(-27).value).toBe(-3);
    expect(Math.pow(1000, 1 / 3)).not.toBe(10);
  });

  it('has an infinite derivative at 0 and keeps the sign of zero', () => {
    const x = tg.variable('x', 0);
    expect(tg.grad(tg.cbrt(x), x).value).toBe(Infinity);
    expect(Object.is(tg.cbrt(tg.variable('z', -0)).value, -0)).toBe(true);
  });

  it('prints as a radical, and its mathjs form reads back', () => {
    const x = tg.variable('x', -8);
    const y = tg.cbrt(tg.add(x, 1));
    expect(tg.toLatex(y)).toBe('\\sqrt[3]{x + 1}');
    expect(tg.toText(y)).toBe('∛(x + 1)');
    expect(tg.toText(tg.pow(tg.cbrt(x), 2))).toBe('(∛x)²');
    expect(tg.toMathjs(y)).toBe('cbrt(x + 1)');
    expect(tg.parse(tg.toMathjs(y), { x: -8 }).value).toBe(y.value);
  });
});
