/**
 * Source columns for mathjs expression trees, which carry none: a small scanner splits the
 * text into tokens the way mathjs does, and an in-order walk of the tree pairs each node with
 * its token (an operator with its symbol, a call with its function name), so that errors can
 * point at the column.
 * @module
 * @internal
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
      const m = /^(0[box][0-9a-fA-F.]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text.slice(i))!;
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
    const d = DELIMITERS.find((s) => text.startsWith(s, i)) ?? c;
    i += d.length;
    out.push({ text: d, col: start + 1, kind: 'delimiter' });
  }
  return out;
}

const RELATIONAL: Record<string, string> = { smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=', equal: '==', unequal: '!=' };

/**
 * The column of every node of a mathjs tree: for an operator its symbol, for a call its
 * function name, for a literal or a symbol its first character. Nodes whose token cannot be
 * found are left out.
 */
export function columns(text: string, root: MathjsNode): Map<MathjsNode, number> {
  const tokens = scan(text);
  const cols = new Map<MathjsNode, number>();
  let cursor = 0;
  const take = (node: MathjsNode | undefined, match: (t: Token) => boolean): number | undefined => {
    for (let k = cursor; k < tokens.length; k++) {
      if (match(tokens[k]!)) {
        cursor = k + 1;
        if (node && !cols.has(node)) cols.set(node, tokens[k]!.col);
        return tokens[k]!.col;
      }
    }
    return undefined;
  };
  const is = (s: string) => (t: Token) => t.text === s;
  const walk = (n: MathjsNode): void => {
    switch (n.type) {
      case 'ConstantNode':
        take(n, (t) => (typeof n.value === 'string' ? t.kind === 'string' : t.kind === 'number' || (t.kind === 'name' && t.text === String(n.value))));
        return;
      case 'SymbolNode':
        take(n, (t) => t.kind === 'name' && t.text === n.name);
        return;
      case 'OperatorNode': {
        const [a, b] = n.args;
        if (n.args.length === 1) {
          if (n.fn === 'ctranspose' || n.fn === 'factorial' || n.fn === 'transpose') {
            walk(a!);
            take(n, is(n.op));
          } else {
            take(n, is(n.op));
            walk(a!);
          }
          return;
        }
        walk(a!);
        if (!n.implicit) take(n, is(n.op));
        else if (cols.has(a!)) cols.set(n, cols.get(a!)!);
        for (const arg of n.args.slice(1)) walk(arg);
        if (n.implicit && !cols.has(n) && cols.has(b!)) cols.set(n, cols.get(b!)!);
        return;
      }
      case 'ParenthesisNode':
        take(undefined, is('('));
        walk(n.content);
        if (cols.has(n.content)) cols.set(n, cols.get(n.content)!);
        return;
      case 'FunctionNode':
        if (n.fn.type === 'SymbolNode') {
          const name = n.fn.name;
          take(n, (t) => t.kind === 'name' && t.text === name);
        } else walk(n.fn);
        n.args.forEach(walk);
        return;
      case 'ArrayNode':
        // NOTE: the rows of `[1, 2; 3, 4]` are array nodes without a bracket of their own.
        if (tokens[cursor]?.text === '[') take(n, is('['));
        n.items.forEach(walk);
        if (!cols.has(n) && n.items[0] && cols.has(n.items[0])) cols.set(n, cols.get(n.items[0])!);
        return;
      case 'AccessorNode':
        walk(n.object);
        take(n, (t) => t.text === '[' || t.text === '.');
        walk(n.index);
        return;
      case 'IndexNode':
        n.dimensions.forEach(walk);
        return;
      case 'AssignmentNode':
        walk(n.object);
        if (n.index) walk(n.index);
        take(n, is('='));
        walk(n.value);
        return;
      case 'FunctionAssignmentNode':
        take(n, (t) => t.kind === 'name' && t.text === n.name);
        walk(n.expr);
        return;
      case 'BlockNode':
        n.blocks.forEach((b) => walk(b.node));
        return;
      case 'ConditionalNode':
        walk(n.condition);
        take(n, is('?'));
        walk(n.trueExpr);
        walk(n.falseExpr);
        return;
      case 'RangeNode':
        walk(n.start);
        take(n, is(':'));
        if (n.step) walk(n.step);
        walk(n.end);
        return;
      case 'RelationalNode':
        walk(n.params[0]!);
        n.conditionals.forEach((c, i) => {
          take(i === 0 ? n : undefined, is(RELATIONAL[c] ?? c));
          walk(n.params[i + 1]!);
        });
        return;
      case 'ObjectNode':
        take(n, is('{'));
        return;
    }
  };
  walk(root);
  return cols;
}
