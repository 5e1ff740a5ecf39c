/**
 * tracegrad's iterative reader builds exactly the trees mathjs builds, with the same columns,
 * wherever it reads an expression (random expressions and random junk, fixed seeds), and it
 * reads expressions nested far deeper than mathjs's recursive parser can.
 */
import fc from 'fast-check';
import { parse as mathjsParse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { columns } from '../../src/parse/columns.js';
import type { MathjsNode } from '../../src/parse/mathjs.js';
import { read, type ReadTree } from '../../src/parse/reader.js';

/** A tree as plain data: what the converter reads of it, and the column of every node. */
function shape(root: MathjsNode, cols: Map<MathjsNode, number>): unknown {
  const go = (n: MathjsNode): unknown => {
    const col = cols.get(n);
    switch (n.type) {
      case 'ConstantNode': return { c: n.value, col };
      case 'SymbolNode': return { s: n.name, col };
      case 'OperatorNode': return { op: n.op, fn: n.fn, implicit: n.implicit, args: n.args.map(go), col };
      case 'ParenthesisNode': return { paren: go(n.content), col };
      case 'FunctionNode': return { call: n.fn.type === 'SymbolNode' ? n.fn.name : go(n.fn), args: n.args.map(go), col };
      case 'ArrayNode': return { items: n.items.map(go), col };
      default: return { other: n.type };
    }
  };
  return go(root);
}

function mathjsShape(text: string): unknown {
  let ast: MathjsNode;
  try {
    ast = mathjsParse(text) as unknown as MathjsNode;
  } catch {
    return 'error';
  }
  return shape(ast, columns(text, ast));
}

const isRead = (r: ReturnType<typeof read>): r is ReadTree => !('declined' in r);

/** Checks one text: where the reader reads it, mathjs reads the same tree with the same columns. */
function agrees(text: string): boolean {
  const mine = read(text);
  const theirs = mathjsShape(text);
  if (!isRead(mine)) return true;
  expect(theirs, `mathjs rejects ${JSON.stringify(text)}, which the reader reads`).not.toBe('error');
  expect(shape(mine.ast, mine.cols), JSON.stringify(text)).toEqual(theirs);
  return true;
}

const space = fc.constantFrom('', '', '', ' ', '  ', '\t');
const NAMES = ['x', 'y', 'w0', 'abc', '_a', '$b', 'e', 'pi', 'sin', 'NaN', 'Infinity', 'true', 'mod', 'in'];
const NUMBERS = ['0', '1', '2', '10', '2.5', '.5', '5.', '1e3', '2.5e-3', '1E+2', '007', '0x1F', '1e400'];

/** Expressions of the reader's syntax, written with random spacing and no added parentheses. */
const expr = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBERS),
    fc.constantFrom(...NAMES),
    fc.tuple(fc.constantFrom('-', '+'), space, tie('e')).map(([o, s, a]) => `${o}${s}${a}`),
    fc.tuple(tie('e'), space, fc.constantFrom('+', '-', '*', '/', '.*', './', '^', '.^'), space, tie('e')).map((p) => p.join('')),
    fc.tuple(space, tie('e'), space).map(([s, a, t]) => `(${s}${a}${t})`),
    fc.tuple(fc.constantFrom('sin', 'max', 'f'), space, fc.array(tie('e'), { maxLength: 3 })).map(([f, s, args]) => `${f}${s}(${args.join(', ')})`),
    tie('e').map((a) => `${a}'`),
    fc.array(tie('e'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.tuple(fc.array(tie('e'), { minLength: 1, maxLength: 2 }), fc.array(tie('e'), { minLength: 1, maxLength: 2 }), fc.boolean())
      .map(([a, b, trailing]) => `[${a.join(', ')}; ${b.join(', ')}${trailing ? ';' : ''}]`),
  ),
})).e;

/** Junk from the characters that matter to the tokenizer. */
const junk = fc.array(fc.constantFrom(...'x1.e+-*/^\'()[],; \t\n#"=<!%:?&|{}ab2$'.split(''), '.*', './', '.^', 'mod', 'é', '😀'), { maxLength: 14 }).map((cs) => cs.join(''));

describe('the reader against mathjs', () => {
  it('builds the trees and columns mathjs builds, on 3,000 random expressions (seed 7)', () => {
    let readCount = 0;
    fc.assert(
      fc.property(expr, (text) => {
        if (isRead(read(text))) readCount++;
        return agrees(text);
      }),
      { seed: 7, numRuns: 3000 },
    );
    // Most of them are in its syntax (the rest: implicit products such as "2e", keywords, hex).
    expect(readCount).toBeGreaterThan(1500);
  });

  it('declines what mathjs rejects, on 3,000 random strings of junk (seed 11)', () => {
    fc.assert(fc.property(junk, agrees), { seed: 11, numRuns: 3000 });
  });

  it('reads the usual forms', () => {
    for (const text of ['-x^2', '2^-x^2', "A' * A", 'a - (b - c)', 'a^b^c', '[1, 2; 3, 4]', '[1, 2, ]', '[1, 2;]', '[]', 'f()', 'x .^ 2 ./ y', '(x\n+ 1)', '[1,\n2]']) {
      expect(isRead(read(text)), text).toBe(true);
      agrees(text);
    }
  });

  it('declines other syntax, and syntax errors, with the column where it stopped', () => {
    const cases: [string, number][] = [['2x', 2], ['x y', 3], ['x = 1', 3], ['x +', 4], ['"s"', 1], ['x # c', 3], ['(x', 3], ['x)', 2], ['0x10', 1], ['f(x)(y)', 5], ['x\n+ 1', 2], ['é', 1]];
    for (const [text, col] of cases) expect(read(text), text).toEqual({ declined: true, col });
  });
});

describe('the reader on deep and wide expressions', () => {
  it('reads a million nested parentheses, 100,000 nested calls, signs and powers, and a sum of 100,000 terms', () => {
    const d = 1_000_000, e = 100_000;
    const parens = read(`${'('.repeat(d)}x${')'.repeat(d)}`) as ReadTree;
    let n: MathjsNode = parens.ast, depth = 0;
    while (n.type === 'ParenthesisNode') [n, depth] = [n.content, depth + 1];
    expect(depth).toBe(d);
    expect(n).toMatchObject({ type: 'SymbolNode', name: 'x' });
    expect(parens.cols.get(n)).toBe(d + 1);
    expect(isRead(read(`${'sin('.repeat(e)}x${')'.repeat(e)}`))).toBe(true);
    expect(isRead(read(`${'-'.repeat(e)}x`))).toBe(true);
    const pow = read(Array(e).fill('x').join('^')) as ReadTree;
    expect(pow.ast).toMatchObject({ type: 'OperatorNode', fn: 'pow', args: [{ name: 'x' }, { fn: 'pow' }] });
    const sum = read(Array(100_000).fill('x').join(' + ')) as ReadTree;
    expect(sum.ast).toMatchObject({ type: 'OperatorNode', fn: 'add', args: [{ fn: 'add' }, { name: 'x' }] });
    // The last '+' follows the 99,999th term: 'x + ' is 4 characters.
    expect(sum.cols.get(sum.ast)).toBe(4 * 99_998 + 3);
  });

  it('where mathjs itself overflows the stack', () => {
    expect(() => mathjsParse(`${'('.repeat(10_000)}x${')'.repeat(10_000)}`)).toThrow(RangeError);
  });
});
