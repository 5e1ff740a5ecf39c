/**
 * tracegrad builds its mathjs parser and simplifier with `create` and the dependency lists of
 * mathjs's public API (src/parse/mathjs.ts): they must read and simplify exactly as all of
 * mathjs does. The expressions come from the op registry (each elementwise op's reference
 * form, on symbols and on constants, which simplify folds by calling the function), so a new
 * op is covered without editing this file.
 */
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { fullMathjs, mathjsParse } from '../../src/parse/mathjs.js';

const ELEMENTWISE = tg.ops.registry.filter((op) => op.elementwise === true && (op.arity === 1 || op.arity === 2) && op.mathjs !== undefined);

/** Mathjs text for each elementwise op: its reference form on symbols, on constants, and differences that simplify to 0. */
function expressions(): string[] {
  const x = tg.variable('x', 0.3), y = tg.variable('y', 0.7);
  const out: string[] = [];
  for (const op of ELEMENTWISE) {
    const node = tg.apply(op, op.arity === 1 ? [x] : [x, y]);
    let e: string;
    try {
      e = tg.toMathjs(node, { reference: true });
    } catch {
      continue;
    }
    const at = (vx: string, vy: string) => e.replace(/\bx\b/g, `(${vx})`).replace(/\by\b/g, `(${vy})`);
    out.push(e, at('0.5', '2'), at('0', '1'), at('1', '0.25'), `(${e}) - (${e})`, `2 * (${e}) - (${e})`, `(${at('0.5', '2')}) * x - x * (${at('0.5', '2')})`);
  }
  return out;
}

describe('the mathjs parser and simplifier built from the public API', () => {
  const cases = expressions();

  it('cover every elementwise op of the registry', () => {
    expect(ELEMENTWISE.length).toBeGreaterThan(20);
    expect(cases.length).toBeGreaterThan(7 * 20);
  });

  it('parse as mathjs.parse does', () => {
    for (const text of [...cases, "A' * x .* 2", '[1, 2; 3, 4]', 'sum(A, 1) + f(x)[2]', 'x = 3; y', '-x^2']) {
      expect((mathjsParse(text) as unknown as mathjs.MathNode).toString(), text).toBe(mathjs.parse(text).toString());
    }
  });

  it('simplify as mathjs.simplify does, constant folding included', () => {
    const ours = fullMathjs();
    const differ: string[] = [];
    for (const text of cases) {
      let expected: string, got: string;
      try {
        expected = mathjs.simplify(text).toString();
      } catch (e) {
        expected = `throws ${(e as Error).message}`;
      }
      try {
        got = ours.simplify(text).toString();
      } catch (e) {
        got = `throws ${(e as Error).message}`;
      }
      if (got !== expected) differ.push(`${text}\n  mathjs:    ${expected}\n  tracegrad: ${got}`);
    }
    expect(differ).toEqual([]);
  });

  it('report a syntax error with its position, as mathjs does', () => {
    let error: unknown;
    try {
      mathjsParse('sigmoid(w*x +)');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as { char?: number }).char).toBe(14);
  });
});
