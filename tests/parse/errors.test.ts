import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { caught } from '../helpers/errors.js';

/** The error `fn` throws (the test fails when it throws none). */

describe('parse errors: syntax, with the column', () => {
  const cases: [string, number, RegExp][] = [
    ['sigmoid(w*x +)', 14, /^sigmoid\(w\*x \+\) : unexpected "\)" at column 14/],
    ['x +* 2', 4, /unexpected "\*" at column 4/],
    ['(x + 1', 7, /unexpected end of expression at column 7; a closing "\)" was expected/],
    ['x + ', 5, /unexpected end of expression at column 5/],
    ['x @ 2', 3, /unexpected "@" at column 3/],
    ['sin(x,, y)', 7, /unexpected "," at column 7/],
    ['[1, 2; 3]', 10, /rows of a matrix have different lengths \(1 and 2\) at column 10/],
  ];
  for (const [text, col, message] of cases) {
    it(JSON.stringify(text), () => {
      const e = caught(() => tg.parse(text));
      expect(e).toBeInstanceOf(tg.ParseError);
      expect((e as tg.ParseError).column).toBe(col);
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('\n');
    });
  }

  it('rejects an empty expression', () => {
    expect(caught(() => tg.parse('   '))).toBeInstanceOf(tg.ParseError);
  });
});

describe('parse errors: unknown functions', () => {
  const cases: [string, string | undefined][] = [
    ['sigmod(x)', 'sigmoid'], ['sqr(x)', 'sqrt'], ['maximum(x, y)', 'max'], ['logSumExp(x)', 'logsumexp'], ['Exp(x)', 'exp'],
    ['tahn(x)', 'tanh'], ['matmul(A, B)', 'multiply'], ['frobnicate(x)', undefined],
  ];
  for (const [text, near] of cases) {
    it(`${text} → ${near ?? 'no suggestion'}`, () => {
      const e = caught(() => tg.parse(text)) as tg.ParseError;
      expect(e).toBeInstanceOf(tg.ParseError);
      expect(e.column).toBe(1);
      expect(e.message).toMatch(new RegExp(`unknown function '${text.slice(0, text.indexOf('('))}' at column 1`));
      if (near) expect(e.message).toContain(`did you mean '${near}'?`);
      else expect(e.message).not.toContain('did you mean');
      expect(e.message).toMatch(/known functions: abs, acos, .*sigmoid.*tanh/);
    });
  }

  it('points at the call, not at an earlier use of the same name', () => {
    const e = caught(() => tg.parse('foo + 2*foo(x)')) as tg.ParseError;
    expect(e.column).toBe(9);
  });

  it('checks the number of arguments', () => {
    const e = caught(() => tg.parse('x + sin(x, y)')) as tg.ParseError;
    expect(e.message).toMatch(/wrong number of arguments to sin at column 5; it takes 1, got 2 \(usage: sin\(x\)\)/);
  });
});

describe('parse errors: unsupported syntax', () => {
  const cases: [string, string, number, RegExp][] = [
    ['assignment', 'x = 3', 3, /assignment \('='\) is not supported/],
    ['function definition', 'f(x) = x^2', 1, /function definitions/],
    ['range', 'x + 1:3', 6, /ranges/],
    ['string', 'x + "abc"', 5, /strings are not supported/],
    ['unit conversion', '5 cm to inch', 6, /units/],
    ['comparison', 'x >= 1', 3, /comparisons \('>='\) are not supported/],
    ['chained comparison', 'a < b < c', 3, /comparisons are not supported/],
    ['conditional', 'x > 0 ? x : 0', 7, /conditional expressions/],
    ['conditional', 'c ? x : 0', 3, /conditional expressions/],
    ['several expressions', 'x; y', 4, /several expressions/],
    ['indexing', 'A[1, 2]', 2, /indexing/],
    ['object', '{a: 1}', 1, /objects/],
    ['factorial', 'x!', 2, /operator '!' is not supported/],
    ['mod', 'x mod 2', 3, /operator 'mod' is not supported/],
    ['boolean', 'true + 1', 1, /'true' is not a number/],
    ['matrix division', '[1, 2] / [1, 2]', 8, /matrix division .* use '\.\/'/],
    ['matrix power', '[[1, 2], [3, 4]]^2', 17, /matrix power .* use '\.\^'/],
  ];
  for (const [what, text, col, message] of cases) {
    it(`${what}: ${text}`, () => {
      const e = caught(() => tg.parse(text)) as tg.ParseError;
      expect(e).toBeInstanceOf(tg.ParseError);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`${text} : `)).toBe(true);
      expect(e.column).toBe(col);
    });
  }
});

describe('parse errors: shapes and values', () => {
  it('passes a ShapeError through, with the column of the operator', () => {
    const e = caught(() => tg.parse('A*x + b', { A: [[1, 2, 3], [4, 5, 6]], x: [1, 2], b: 1 }));
    expect(e).toBeInstanceOf(tg.ShapeError);
    expect(e.message).toBe('A*x + b : matmul: inner dimensions differ; got a [2, 3] and b [2] at column 2');
    const f = caught(() => tg.parse('[1, 2] + [1, 2, 3]'));
    expect(f).toBeInstanceOf(tg.ShapeError);
    expect(f.message).toMatch(/add: shapes do not broadcast.* at column 8$/);
  });

  it('names a variable that has no value where a number is needed', () => {
    const e = caught(() => tg.parse('sum(A, k)', { A: [[1, 2], [3, 4]] })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toMatch(/'k' has no value at column 8; sum needs its dimensions as a number/);
    expect(caught(() => tg.parse('sum(A, x + 1)'))).toBeInstanceOf(tg.ParseError);
  });

  it('rejects dimension 0 (dimensions count from 1, as in mathjs)', () => {
    expect(caught(() => tg.parse('sum([1, 2], 0)')).message).toMatch(/count from 1/);
  });

  it('rejects a name that is not an identifier', () => {
    expect(caught(() => tg.parse('α + 1')).message).toMatch(/'α' is not a valid variable name at column 1/);
  });
});
