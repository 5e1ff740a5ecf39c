/**
 * Source columns for mathjs expression trees, which carry none: a small scanner splits the
 * text into tokens the way mathjs does, and an in-order walk of the tree pairs each node with
 * its token (an operator with its symbol, a call with its function name), so that errors can
 * point at the column.
 * @module
 */
import type { MathjsNode } from './mathjs.js';

/** A token and its 1-based column. */
export interface Token {
  text: string;
  col: number;
  kind: 'number' | 'name' | 'string' | 'delimiter';
}

const DELIMITERS = [
  '>>>', '.*', './', '.^', '^|', '?.', '??', '==', '!=', '<=', '>=', '<<', '>>',
  ',', '(', ')', '[', ']', '{', '}', ';', '+', '-', '*', '/', '%', '^', '~', '!', '&', '|', '=', ':', '?', '<', '>', "'", '"', '.', '\n',
];

// NOTE: as in mathjs, a '.' before '*', '/' or '^' starts an operator (`2.^x`), not a decimal part.
const NUMBER = /0[box][0-9a-fA-F.]+|(\d+(?:\.(?![*/^])\d*)?|\.\d+)([eE][+-]?\d+)?/y;
const isNameStart = (c: string) => /[\p{L}_$]/u.test(c);
const isNameChar = (c: string) => /[\p{L}\p{N}_$]/u.test(c);

/** Splits an expression into tokens (strings and comments are skipped over). */
export function scan(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const valueEnd = () => {
    const last = out[out.length - 1];
    return !!last && (last.kind === 'number' || last.kind === 'name' || last.kind === 'string' || [')', ']', '}', "'", '!'].includes(last.text));
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\u00a0') {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      i += m[0].length;
      out.push({ text: m[0], col: start + 1, kind: 'number' });
      continue;
    }
    if (isNameStart(c)) {
      while (i < text.length && isNameChar(text[i]!)) i++;
      out.push({ text: text.slice(start, i), col: start + 1, kind: 'name' });
      continue;
    }
    if (c === '"' || (c === "'" && !valueEnd())) {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      out.push({ text: text.slice(start, i), col: start + 1, kind: 'string' });
      continue;
    }
    // NOTE: a character outside the BMP (an emoji) is one token, never half of one.
    const d = DELIMITERS.find((s) => text.startsWith(s, i)) ?? String.fromCodePoint(text.codePointAt(i)!);
    i += d.length;
    out.push({ text: d, col: start + 1, kind: 'delimiter' });
  }
  return out;
}

const RELATIONAL = new Map([['smaller', '<'], ['larger', '>'], ['smallerEq', '<='], ['largerEq', '>='], ['equal', '=='], ['unequal', '!=']]);

/**
 * The column of every node of a mathjs tree: for an operator its symbol, for a call its
 * function name, for a literal or a symbol its first character. Nodes whose token cannot be
 * found are left out. The walk is in order, with an explicit stack (trees may be deep).
 */
export function columns(text: string, root: MathjsNode): Map<MathjsNode, number> {
  const tokens = scan(text);
  const cols = new Map<MathjsNode, number>();
  let cursor = 0;
  const take = (node: MathjsNode | undefined, match: (t: Token) => boolean): void => {
    for (let k = cursor; k < tokens.length; k++) {
      if (match(tokens[k]!)) {
        cursor = k + 1;
        if (node && !cols.has(node)) cols.set(node, tokens[k]!.col);
        return;
      }
    }
  };
  const is = (s: string) => (t: Token) => t.text === s;
  // NOTE: the rows of `[1, 2; 3, 4]` are array nodes without a bracket of their own: the
  // brackets with a ';' inside (at their own level) hold rows.
  const semicolonInside = new Set<number>();
  const open: number[] = [];
  tokens.forEach((t, k) => {
    if (t.text === '[' || t.text === '(' || t.text === '{') open.push(t.text === '[' ? k : -1);
    else if (t.text === ']' || t.text === ')' || t.text === '}') open.pop();
    else if (t.text === ';' && open.length && open[open.length - 1]! >= 0) semicolonInside.add(open[open.length - 1]!);
  });
  const rows = new Set<MathjsNode>();
  const copy = (to: MathjsNode, from: MathjsNode | undefined) => () => {
    if (from && !cols.has(to) && cols.has(from)) cols.set(to, cols.get(from)!);
  };
  /** Work still to do, the next item last: a subtree to walk, or a step (a token to take, a column to copy). */
  const todo: (MathjsNode | (() => void))[] = [root];
  const then = (items: readonly (MathjsNode | (() => void))[]) => {
    for (let i = items.length - 1; i >= 0; i--) todo.push(items[i]!);
  };
  while (todo.length) {
    const item = todo.pop()!;
    if (typeof item === 'function') {
      item();
      continue;
    }
    const n = item;
    switch (n.type) {
      case 'ConstantNode':
        take(n, (t) => (typeof n.value === 'string' ? t.kind === 'string' : t.kind === 'number' || (t.kind === 'name' && t.text === String(n.value))));
        break;
      case 'SymbolNode':
        take(n, (t) => t.kind === 'name' && t.text === n.name);
        break;
      case 'OperatorNode': {
        const [a, b] = n.args;
        if (n.args.length === 1) {
          if (n.fn === 'ctranspose' || n.fn === 'factorial' || n.fn === 'transpose') then([a!, () => take(n, is(n.op))]);
          else then([() => take(n, is(n.op)), a!]);
          break;
        }
        then([a!, n.implicit ? copy(n, a) : () => take(n, is(n.op)), ...n.args.slice(1), ...(n.implicit ? [copy(n, b)] : [])]);
        break;
      }
      case 'ParenthesisNode':
        then([() => take(undefined, is('(')), n.content, copy(n, n.content)]);
        break;
      case 'FunctionNode':
        if (n.fn.type === 'SymbolNode') {
          const name = n.fn.name;
          then([() => take(n, (t) => t.kind === 'name' && t.text === name), () => take(undefined, is('(')), ...n.args]);
        } else then([n.fn, ...n.args]);
        break;
      case 'ArrayNode':
        then([
          () => {
            // Closing brackets and separators of what came before are never taken: skip them.
            while (cursor < tokens.length && [',', ';', ')', ']', '}'].includes(tokens[cursor]!.text)) cursor++;
            if (rows.has(n) || tokens[cursor]?.text !== '[') return;
            if (semicolonInside.has(cursor)) for (const item of n.items) rows.add(item);
            take(n, is('['));
          },
          ...n.items,
          copy(n, n.items[0]),
        ]);
        break;
      case 'AccessorNode':
        then([n.object, () => take(n, (t) => t.text === '[' || t.text === '.'), n.index]);
        break;
      case 'IndexNode':
        then(n.dimensions);
        break;
      case 'AssignmentNode':
        then([n.object, ...(n.index ? [n.index] : []), () => take(n, is('=')), n.value]);
        break;
      case 'FunctionAssignmentNode':
        then([() => take(n, (t) => t.kind === 'name' && t.text === n.name), n.expr]);
        break;
      case 'BlockNode':
        then(n.blocks.map((b) => b.node));
        break;
      case 'ConditionalNode':
        then([n.condition, () => take(n, is('?')), n.trueExpr, n.falseExpr]);
        break;
      case 'RangeNode':
        then([n.start, () => take(n, is(':')), ...(n.step ? [n.step] : []), n.end]);
        break;
      case 'RelationalNode':
        then([n.params[0]!, ...n.conditionals.flatMap((c, i) => [() => take(i === 0 ? n : undefined, is(RELATIONAL.get(c) ?? c)), n.params[i + 1]!])]);
        break;
      case 'ObjectNode':
        take(n, is('{'));
        break;
    }
  }
  return cols;
}

/** Invisible and control characters (C0, C1, bidi and other format controls, line separators, lone surrogates). */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Text made safe to echo on a terminal: control, bidi and other invisible characters are
 * written as escapes (`\x1b`, `\u{202e}`), so that a message can neither move the cursor,
 * nor reorder what follows, nor hide characters.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Longest expression echoed whole in a message; longer ones are cut to a window around the column. */
const ECHO_MAX = 100;
const ECHO_SIDE = 40;

/**
 * The expression as error messages echo it: on one line, made {@link visible}, and when it
 * is long, only the part around the 1-based column `col` (UTF-16 units, as mathjs counts),
 * with `…` where it is cut; never inside a surrogate pair.
 */
export function excerpt(text: string, col?: number): string {
  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  if (text.length <= ECHO_MAX) return visible(oneLine(text).trim());
  const at = Math.min(Math.max((col ?? 1) - 1, 0), text.length);
  let start = Math.max(0, at - ECHO_SIDE), end = Math.min(text.length, at + ECHO_SIDE);
  if (start === 0) end = Math.min(text.length, ECHO_MAX - 1);
  if (end === text.length) start = Math.max(0, text.length - (ECHO_MAX - 1));
  const low = (i: number) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (low(start)) start++;
  if (low(end)) end--;
  const body = oneLine(text.slice(start, end));
  return visible(`${start > 0 ? '…' : ''}${start > 0 ? body.trimStart() : body.trim()}${end < text.length ? '…' : ''}`);
}
