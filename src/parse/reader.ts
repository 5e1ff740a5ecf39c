/**
 * An iterative reader for the common part of mathjs syntax: numbers, names, calls,
 * parentheses, matrices, `+ - * / .* ./ ^ .^`, unary `-`/`+` and `'`. It builds the very
 * trees mathjs builds for that part (same node types, operators and nesting, checked against
 * mathjs on random expressions in tests/parse/reader.test.ts), with the column of every node,
 * using explicit stacks instead of recursion: an expression nested a million levels deep reads
 * like any other. mathjs's own parser recurses (it overflows the stack at a few hundred nested
 * parentheses), so it only gets what this reader declines: other syntax (implicit
 * multiplication, strings, units, comparisons, assignments, comments…) and syntax errors,
 * which it reports in its own words.
 * @module
 */
import type { MathjsNode } from './mathjs.js';

/** The tree of an expression with the 1-based column of its nodes. */
export interface ReadTree {
  ast: MathjsNode;
  cols: Map<MathjsNode, number>;
}

/** Why the reader declined: the 1-based column where it stopped. */
export interface Declined {
  declined: true;
  col: number;
}

type Token =
  | { kind: 'number'; text: string; col: number }
  | { kind: 'name'; text: string; col: number }
  | { kind: 'op'; text: string; col: number }
  | { kind: 'end'; col: number };

const MINE = new Set(['+', '-', '*', '/', '.*', './', '^', '.^', "'", '(', ')', '[', ']', ',', ';']);
// Every mathjs delimiter, so that text is cut into tokens exactly as mathjs cuts it.
const DELIMITERS_3 = new Set(['>>>']);
const DELIMITERS_2 = new Set(['.*', './', '.^', '^|', '?.', '??', '==', '!=', '<=', '>=', '<<', '>>']);
const NAMED_DELIMITERS = new Set(['mod', 'to', 'in', 'and', 'xor', 'or', 'not']);
const WORD_CONSTANTS = new Map<string, unknown>([['true', true], ['false', false], ['null', null], ['undefined', undefined], ['NaN', NaN], ['Infinity', Infinity]]);

const BINARY = new Map<string, { fn: string; prec: number; right: boolean }>([
  ['+', { fn: 'add', prec: 10, right: false }],
  ['-', { fn: 'subtract', prec: 10, right: false }],
  ['*', { fn: 'multiply', prec: 20, right: false }],
  ['/', { fn: 'divide', prec: 20, right: false }],
  ['.*', { fn: 'dotMultiply', prec: 20, right: false }],
  ['./', { fn: 'dotDivide', prec: 20, right: false }],
  ['^', { fn: 'pow', prec: 30, right: true }],
  ['.^', { fn: 'dotPow', prec: 30, right: true }],
]);
/** Unary minus and plus bind tighter than products and looser than powers (`-x^2` is `-(x^2)`). */
const UNARY_PREC = 25;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$');
const isNameChar = (c: string | undefined) => isNameStart(c) || isDigit(c);
const isDecimalMark = (c: string | undefined, next: string | undefined) => c === '.' && next !== '/' && next !== '*' && next !== '^';

class Lexer {
  i = 0;
  constructor(private readonly text: string) {}

  /** The next token; `undefined` where mathjs would read something this reader does not. */
  next(depth: number): Token | undefined {
    const s = this.text;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\u00a0' || (c === '\n' && depth > 0)) this.i++;
      else break;
    }
    const start = this.i, col = start + 1;
    const c = s[start];
    if (c === undefined) return { kind: 'end', col };
    if (DELIMITERS_3.has(s.slice(start, start + 3))) return undefined;
    const two = s.slice(start, start + 2);
    if (DELIMITERS_2.has(two) && !(two === '?.' && isDigit(s[start + 2]))) {
      if (!MINE.has(two)) return undefined;
      this.i += 2;
      return { kind: 'op', text: two, col };
    }
    if (isDigit(c) || c === '.') return this.number(start);
    if (isNameStart(c)) {
      let j = start + 1;
      while (isNameChar(s[j])) j++;
      // A letter mathjs also accepts in names (accents, Greek) continues the name there.
      if (j < s.length && s.charCodeAt(j) > 127) return undefined;
      this.i = j;
      const text = s.slice(start, j);
      return NAMED_DELIMITERS.has(text) ? undefined : { kind: 'name', text, col };
    }
    if (MINE.has(c)) {
      this.i++;
      return { kind: 'op', text: c, col };
    }
    return undefined;
  }

  private number(start: number): Token | undefined {
    const s = this.text;
    let j = start;
    if (s.slice(j, j + 2) === '0b' || s.slice(j, j + 2) === '0o' || s.slice(j, j + 2) === '0x') return undefined;
    if (s[j] === '.') {
      j++;
      if (!isDigit(s[j])) return undefined;
    } else {
      while (isDigit(s[j])) j++;
      if (isDecimalMark(s[j], s[j + 1])) j++;
    }
    while (isDigit(s[j])) j++;
    if (s[j] === 'e' || s[j] === 'E') {
      if (isDigit(s[j + 1]) || s[j + 1] === '-' || s[j + 1] === '+') {
        j++;
        if (s[j] === '+' || s[j] === '-') j++;
        if (!isDigit(s[j])) return undefined;
        while (isDigit(s[j])) j++;
        if (isDecimalMark(s[j], s[j + 1])) return undefined;
      } else if (isDecimalMark(s[j + 1], s[j + 2])) return undefined;
    }
    this.i = j;
    return { kind: 'number', text: s.slice(start, j), col: start + 1 };
  }
}

type Frame =
  | { kind: 'op'; op: string; fn: string; prec: number; right: boolean; unary: boolean; col: number }
  | { kind: 'paren'; col: number }
  | { kind: 'call'; name: string; col: number; args: MathjsNode[] }
  | { kind: 'matrix'; col: number; rows: MathjsNode[][]; row: MathjsNode[]; semicolons: boolean };

/**
 * Reads `text` into a mathjs-shaped tree with columns, or declines (for syntax it does not
 * read, and for syntax errors) with the column where it stopped.
 */
export function read(text: string): ReadTree | Declined {
  const lexer = new Lexer(text);
  const cols = new Map<MathjsNode, number>();
  const operands: MathjsNode[] = [];
  const frames: Frame[] = [];
  let groups = 0;
  const at = <N extends MathjsNode>(n: N, col: number): N => {
    cols.set(n, col);
    return n;
  };
  const reduce = (f: Frame & { kind: 'op' }) => {
    if (f.unary) {
      const a = operands.pop()!;
      operands.push(at({ type: 'OperatorNode', op: f.op, fn: f.fn, args: [a], implicit: false }, f.col));
    } else {
      const b = operands.pop()!, a = operands.pop()!;
      operands.push(at({ type: 'OperatorNode', op: f.op, fn: f.fn, args: [a, b], implicit: false }, f.col));
    }
  };
  /** Reduces the operators down to the innermost group; returns that group (or undefined at the top). */
  const reduceGroup = (): Frame | undefined => {
    for (;;) {
      const top = frames[frames.length - 1];
      if (!top || top.kind !== 'op') return top;
      frames.pop();
      reduce(top);
    }
  };
  const closeMatrix = (m: Frame & { kind: 'matrix' }, col: number): boolean => {
    frames.pop();
    groups--;
    if (!m.semicolons) {
      operands.push(at({ type: 'ArrayNode', items: m.row }, m.col));
      return true;
    }
    if (m.row.length) m.rows.push(m.row);
    if (m.rows.some((r) => r.length !== m.rows[0]!.length)) return false;
    const rows = m.rows.map((items) => at({ type: 'ArrayNode', items } as MathjsNode, cols.get(items[0]!) ?? col));
    operands.push(at({ type: 'ArrayNode', items: rows }, m.col));
    return true;
  };
  const declined = (col: number): Declined => ({ declined: true, col });

  let expectOperand = true;
  for (;;) {
    const tok = lexer.next(groups);
    if (!tok) return declined(lexer.i + 1);
    if (expectOperand) {
      if (tok.kind === 'number') {
        operands.push(at({ type: 'ConstantNode', value: Number(tok.text) }, tok.col));
        expectOperand = false;
      } else if (tok.kind === 'name') {
        if (WORD_CONSTANTS.has(tok.text)) {
          operands.push(at({ type: 'ConstantNode', value: WORD_CONSTANTS.get(tok.text) }, tok.col));
          expectOperand = false;
          continue;
        }
        const save = lexer.i;
        const after = lexer.next(groups);
        if (after?.kind === 'op' && after.text === '(') {
          const save2 = lexer.i;
          const close = lexer.next(groups + 1);
          if (close?.kind === 'op' && close.text === ')') {
            operands.push(at({ type: 'FunctionNode', fn: { type: 'SymbolNode', name: tok.text }, args: [] }, tok.col));
            expectOperand = false;
          } else {
            lexer.i = save2;
            frames.push({ kind: 'call', name: tok.text, col: tok.col, args: [] });
            groups++;
          }
        } else {
          lexer.i = save;
          operands.push(at({ type: 'SymbolNode', name: tok.text }, tok.col));
          expectOperand = false;
        }
      } else if (tok.kind === 'op' && tok.text === '(') {
        frames.push({ kind: 'paren', col: tok.col });
        groups++;
      } else if (tok.kind === 'op' && tok.text === '[') {
        const save = lexer.i;
        const close = lexer.next(groups + 1);
        if (close?.kind === 'op' && close.text === ']') {
          operands.push(at({ type: 'ArrayNode', items: [] }, tok.col));
          expectOperand = false;
        } else {
          lexer.i = save;
          frames.push({ kind: 'matrix', col: tok.col, rows: [], row: [], semicolons: false });
          groups++;
        }
      } else if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+')) {
        frames.push({ kind: 'op', op: tok.text, fn: tok.text === '-' ? 'unaryMinus' : 'unaryPlus', prec: UNARY_PREC, right: true, unary: true, col: tok.col });
      } else return declined(tok.col);
      continue;
    }
    // An operand is complete: an operator, a separator, a closing bracket or the end follows.
    if (tok.kind === 'end') {
      const top = reduceGroup();
      if (top) return declined(tok.col);
      return { ast: operands[0]!, cols };
    }
    if (tok.kind !== 'op') return declined(tok.col);
    const t = tok.text;
    if (t === "'") {
      operands.push(at({ type: 'OperatorNode', op: "'", fn: 'ctranspose', args: [operands.pop()!], implicit: false }, tok.col));
      continue;
    }
    const bin = BINARY.get(t);
    if (bin) {
      for (;;) {
        const top = frames[frames.length - 1];
        if (!top || top.kind !== 'op' || !(top.prec > bin.prec || (top.prec === bin.prec && !bin.right))) break;
        frames.pop();
        reduce(top);
      }
      frames.push({ kind: 'op', op: t, fn: bin.fn, prec: bin.prec, right: bin.right, unary: false, col: tok.col });
      expectOperand = true;
      continue;
    }
    const group = reduceGroup();
    if (!group) return declined(tok.col);
    if (t === ')') {
      if (group.kind === 'paren') {
        const content = operands.pop()!;
        operands.push(at({ type: 'ParenthesisNode', content }, cols.get(content) ?? group.col));
      } else if (group.kind === 'call') {
        group.args.push(operands.pop()!);
        operands.push(at({ type: 'FunctionNode', fn: { type: 'SymbolNode', name: group.name }, args: group.args }, group.col));
      } else return declined(tok.col);
      frames.pop();
      groups--;
    } else if (t === ',' && group.kind === 'call') {
      group.args.push(operands.pop()!);
      expectOperand = true;
      continue;
    } else if ((t === ',' || t === ';' || t === ']') && group.kind === 'matrix') {
      group.row.push(operands.pop()!);
      let sep = t;
      if (t === ',') {
        // mathjs reads a comma before ']' or ';' as the end of the row: `[1, 2, ]`.
        const save = lexer.i;
        const after = lexer.next(groups);
        if (after?.kind === 'op' && (after.text === ']' || after.text === ';')) sep = after.text;
        else lexer.i = save;
      }
      if (sep === ';') {
        group.semicolons = true;
        group.rows.push(group.row);
        group.row = [];
        // ... and a ']' right after a ';' as the end of the matrix: `[1, 2;]`.
        const save = lexer.i;
        const after = lexer.next(groups);
        if (after?.kind === 'op' && after.text === ']') sep = ']';
        else lexer.i = save;
      }
      if (sep === ']') {
        if (!closeMatrix(group, tok.col)) return declined(tok.col);
        expectOperand = false;
      } else expectOperand = true;
      continue;
    } else return declined(tok.col);
  }
}

