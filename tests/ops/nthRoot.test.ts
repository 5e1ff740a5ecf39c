import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { ParseError } from '../../src/index.js';
import { checkBranch } from '../helpers/branch.js';

const RADICANDS = [-1000, -27, -8, -2, -1, -0.5, -0, 0, 0.5, 1, 2, 8, 27, 1000, Infinity, -Infinity, NaN];
const ROOTS = [1, 2, 3, 4, 5, 7, -1, -2, -3, -5, 2.5, 0.5, -2.5, 0, Infinity, NaN];

/** mathjs's nthRoot on numbers, or undefined where it throws. */
function mathjsRoot(a: number, n: number): number | undefined {
  try {
    return evaluate('nthRoot(a, n)', { a, n }) as number;
  } catch {
    return undefined;
  }
}

describe('nthRoot', () => {
  it('agrees with mathjs wherever mathjs answers a number, and is NaN where mathjs throws', () => {
    let answered = 0, thrown = 0;
    for (const a of RADICANDS) {
      for (const n of ROOTS) {
        if (Number.isNaN(a) || Number.isNaN(n) || !Number.isFinite(n)) continue;
        const got = tg.nthRoot(a, n).value as number;
        const want = mathjsRoot(a, n);
        if (want === undefined) {
          expect(got, `nthRoot(${a}, ${n}): mathjs throws`).toBeNaN();
          thrown++;
        } else {
          expect(Math.abs(got - want) <= 2e-16 * Math.abs(want) || got === want, `nthRoot(${a}, ${n}): tracegrad ${got}, mathjs ${want}`).toBe(true);
          answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(100);
    expect(thrown).toBeGreaterThan(20);
  });

  it('is exact on perfect squares and cubes, where a^(1/n) is not', () => {
    expect(tg.nthRoot(1000, 3).value).toBe(10);
    expect(tg.nthRoot(-1000, 3).value).toBe(-10);
    expect(tg.nthRoot(1000, -3).value).toBe(0.1);
    expect(tg.nthRoot(49, 2).value).toBe(7);
    expect(Math.pow(1000, 1 / 3)).not.toBe(10);
  });

  for (const n of [3, 5, -3]) {
    it(`has a real derivative for negative radicands with the odd root ${n}`, () => {
      // NOTE: mathjs differentiates nthRoot(x, n) as x^(1/n), complex for x < 0; -(-x)^(1/n) is the same function there.
      checkBranch({ build: (x) => tg.nthRoot(x, n), mathjs: `nthRoot(x, ${n})`, derivative: `-((-x)^(1/${n}))`, domain: { min: -3, max: -0.2 }, seed: n + 10 });
    });
  }

  it('compiled code computes the kernel’s bits, on every radicand and root', () => {
    const a = tg.variable('a', 0), n = tg.variable('n', 2);
    const y = tg.nthRoot(a, n);
    const f = tg.compile(y, { inputs: [a, n] });
    expect(f.kind).toBe('scalar');
    for (const av of RADICANDS) {
      for (const nv of ROOTS) {
        // NOTE: non-finite values reach the variables directly, as in tests/exec/agreement.test.ts (assign rejects them).
        a.leaf!.value = tg.tensor(Float64Array.of(av), []);
        n.leaf!.value = tg.tensor(Float64Array.of(nv), []);
        const kernel = tg.ops.nthRootOp.forward([tg.tensor(av), tg.tensor(nv)], {}, []).data[0]!;
        expect(Object.is(f() as number, kernel), `nthRoot(${av}, ${nv}): compiled ${f()} vs kernel ${kernel}`).toBe(true);
      }
    }
  });

  it('differentiates in the root too', () => {
    const a = tg.variable('a', 8), n = tg.variable('n', 3);
    const [da, dn] = tg.grad(tg.nthRoot(a, n), [a, n]);
    expect(da!.value).toBeCloseTo(1 / 12, 15);
    expect(dn!.value).toBeCloseTo((-2 * Math.log(8)) / 9, 15);
    expect(tg.toText(dn!)).toBe('−nthRoot(a, n)·log(a) / n²');
  });

  it('prints radicals with the root as an index', () => {
    const a = tg.variable('a', 2), n = tg.variable('n', 3);
    expect([2, 3, 4, 5].map((k) => tg.toText(tg.nthRoot(a, k)))).toEqual(['√a', '∛a', '∜a', '⁵√a']);
    expect(tg.toText(tg.nthRoot(a, n))).toBe('nthRoot(a, n)');
    expect(tg.toText(tg.nthRoot(a, 2.5))).toBe('nthRoot(a, 2.5)');
    expect(tg.toLatex(tg.nthRoot(a, 2))).toBe('\\sqrt{a}');
    expect(tg.toLatex(tg.nthRoot(tg.add(a, 1), n))).toBe('\\sqrt[n]{a + 1}');
    expect(tg.toText(tg.grad(tg.nthRoot(a, 2), a))).toBe('1 / (2·√a)');
  });

  it('parses with the root defaulting to 2, as in mathjs, and its mathjs form reads back', () => {
    expect(tg.parse('nthRoot(x)', { x: 16 }).value).toBe(4);
    expect(tg.parse('nthRoot(x, 3)', { x: -8 }).value).toBe(-2);
    const y = tg.nthRoot(tg.variable('x', 5), tg.variable('k', 3));
    expect(tg.toMathjs(y)).toBe('nthRoot(x, k)');
    expect(() => tg.parse('nthRoot(x, 2, 3)', { x: 1 })).toThrow(ParseError);
    expect(() => tg.parse('nthRoot(x, 2, 3)', { x: 1 })).toThrow(/nthRoot\(a, root\?\)/);
  });
});
