/**
 * Hostile, edge and large inputs to parse (issue 14): names that are keys of
 * Object.prototype, non-finite literals, expressions a million levels deep or 100,000 terms
 * wide, and error messages that echo control characters, bidi marks or emoji.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { parseExpression } from '../../src/parse/parse.js';
import { excerpt, visible } from '../../src/parse/columns.js';
import { caught } from '../helpers/errors.js';


const PROTO_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];

describe('names that are keys of Object.prototype are ordinary names', () => {
  it.each(PROTO_NAMES)('%s is a variable, never the constant e or a function', (name) => {
    const { node, symbols } = parseExpression(`${name}^2 + x`, { x: 1 });
    expect([...symbols.keys()]).toEqual([name, 'x']);
    const v = symbols.get(name)!;
    expect(v.isVariable).toBe(true);
    expect(v.name).toBe(name);
    expect(tg.evaluate([node], new Map([[v, 3]]))[0]).toBe(10);
  });

  it('takes their values from the bindings (own keys only, __proto__ included)', () => {
    expect(tg.parse('toString * 2', { toString: 3 } as never).value).toBe(6);
    const bindings = JSON.parse('{"__proto__": 4, "constructor": 5}') as Record<string, number>;
    expect(tg.parse('__proto__ + constructor', bindings).value).toBe(9);
    // An inherited key is not a binding.
    const { symbols } = parseExpression('valueOf + 1', Object.create({ valueOf: 7 }) as never);
    expect(symbols.get('valueOf')!.leaf!.value).toBeUndefined();
  });

  it('a static argument named like a prototype key needs its own binding', () => {
    expect(() => tg.parse('sum(A, constructor)', { A: [[1, 2]] })).toThrow(/'constructor' has no value/);
    expect(tg.parse('sum(A, constructor)', { A: [[1, 2]], constructor: 2 } as never).value).toEqual(tg.tensor([3]));
  });
});

describe('literals must be finite, as --at values must', () => {
  const cases: [string, RegExp, number][] = [
    ['NaN * x', /NaN is not accepted in expressions at column 1; numbers must be finite/, 1],
    ['x + Infinity', /Infinity is not accepted in expressions at column 5/, 5],
    ['1e400 * x', /the number 1e400 is too large for float64 \(it would be Infinity\) at column 1/, 1],
    ['x * -1e309', /the number 1e309 is too large/, 6],
  ];
  it.each(cases)('%s', (text, message, col) => {
    const e = caught(() => tg.parse(text)) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toMatch(message);
    expect(e.column).toBe(col);
  });

  it('1/0 is a computation, not a literal: it stays accepted', () => {
    expect(tg.parse('1/0').value).toBe(Infinity);
  });
});

describe('deep and wide expressions', () => {
  it('a million nested parentheses and a million nested unary minus signs', () => {
    const d = 1_000_000;
    const x = tg.variable('x', 2);
    expect(tg.parse(`${'('.repeat(d)}x${')'.repeat(d)}`, { x })).toBe(x);
    expect(tg.parse(`${'-'.repeat(d)}x + 1`, { x }).value).toBe(3);
  });

  it('a million nested calls', () => {
    const d = 1_000_000;
    const y = tg.parse(`${'sin('.repeat(d)}x${')'.repeat(d)}`, { x: 0.5 });
    let n = y, depth = 0;
    while (!n.leaf) [n, depth] = [n.inputs[0]!, depth + 1];
    expect(depth).toBe(d);
  });

  it('x^x^…^x with 1,000 levels, and a sum of 100,000 terms', () => {
    const x = tg.variable('x', 1);
    expect(tg.parse(Array(1000).fill('x').join('^'), { x }).value).toBe(1);
    const terms = Array.from({ length: 100_000 }, (_, i) => `x${i % 7}`).join(' + ');
    const { node, symbols } = parseExpression(terms, Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x${i}`, i])));
    expect(symbols.size).toBe(7);
    expect(node.value).toBe(Array.from({ length: 100_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0));
  });

  it('an error deep inside echoes only the part around its column', () => {
    const d = 100_000;
    const text = `${'('.repeat(d)}x +* 1${')'.repeat(d)}`;
    const e = caught(() => tg.parse(text)) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.column).toBe(d + 4);
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).toMatch(/^…\(+x \+\* 1\)+… : unexpected "\*" at column 100004; the expression is nested too deeply to say more/);
  });

  it('other syntax nested too deeply for mathjs is a ParseError that says so, not a stack overflow', () => {
    const d = 20_000;
    const e = caught(() => tg.parse(`${'('.repeat(d)}2x${')'.repeat(d)}`)) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toMatch(/unexpected "x" at column 20002; the expression is nested too deeply to say more/);
    expect(e.message.length).toBeLessThan(400);
  });
});

describe('messages show what they echo, safely', () => {
  it('escapes control, bidi and other invisible characters', () => {
    expect(visible('a\u001b[31mb\rc\u0000d\u202ee\u2066f\u200bg\u0085h')).toBe('a\\x1b[31mb\\x0dc\\x00d\\u{202e}e\\u{2066}f\\u{200b}g\\x85h');
    const e = caught(() => tg.parse('x\u001b[2J + \u202e1'));
    expect(e.message).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(e.message).toContain('\\x1b');
  });

  it('never cuts a character in half', () => {
    const e = caught(() => tg.parse('x + 😀'));
    expect(e.message).toContain('"😀"');
    expect(e.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    const long = `${'😀'.repeat(60)}x`;
    for (let col = 1; col <= long.length; col += 7) {
      const shown = excerpt(long, col);
      expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(shown.length).toBeLessThanOrEqual(102);
    }
  });
});
