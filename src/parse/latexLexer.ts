/**
 * The tokens of LaTeX math as students write it, and the names in it. A token is a number, a
 * letter, a command (`\frac`, `\,`) or one other character; white space, spacing commands
 * (`\,`, `\quad`) and `\left.`/`\right.` vanish. A few Unicode characters stand for their
 * commands (`·` `\cdot`, `−` `-`, `⊙` `\odot`, `×` `\times`, `ᵀ` `^\top`).
 *
 * A **name** is a symbol with what makes it one name: a letter, a Greek letter, an accent or
 * a font on an argument (`\bar{z}`, `\mathbf{x}`, `\mathrm{loss}`), with primes, a subscript
 * (`x_i`, `w_{ij}`) and a superscript in parentheses (`W^{(1)}`, `\delta^{(l)}`). Its
 * canonical form (braces around every script, no spaces but after a command word) is the key
 * names are compared by, so `W^{ (1) }`, `W^{(1)}` and `W^(1)` are one name. Everything here
 * is a loop over the text: no recursion, whatever the nesting.
 * @module
 */
import { GREEK_AND_SYMBOLS, ACCENTS } from '../util/label.js';

/** A token and where it starts (0-based offset) and ends (exclusive). */
export type LatexToken =
  | { kind: 'num'; text: string; start: number; end: number }
  | { kind: 'letter'; text: string; start: number; end: number }
  | { kind: 'cmd'; text: string; start: number; end: number }
  | { kind: 'char'; text: string; start: number; end: number }
  | { kind: 'end'; text: ''; start: number; end: number };

/** Spacing commands, dropped like white space. */
const SPACING = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'thinspace', 'medspace', 'thickspace', 'negthinspace', 'enspace', 'displaystyle', 'textstyle', 'limits', 'nolimits']);

/** Unicode characters read as the command (or character) they print as. */
const UNICODE = new Map<string, { kind: 'cmd' | 'char'; text: string }>([
  ['·', { kind: 'cmd', text: 'cdot' }], ['⋅', { kind: 'cmd', text: 'cdot' }], ['×', { kind: 'cmd', text: 'times' }], ['⊙', { kind: 'cmd', text: 'odot' }],
  ['∘', { kind: 'cmd', text: 'circ' }], ['−', { kind: 'char', text: '-' }], ['–', { kind: 'char', text: '-' }], ['ᵀ', { kind: 'cmd', text: 'T-sup' }],
  ['σ', { kind: 'cmd', text: 'sigma' }], ['δ', { kind: 'cmd', text: 'delta' }], ['π', { kind: 'cmd', text: 'pi' }], ['∑', { kind: 'cmd', text: 'sum' }],
  ['\u00a0', { kind: 'char', text: ' ' }],
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** Cuts LaTeX into tokens on demand; `pos` may be saved and restored to look ahead. */
export class LatexLexer {
  pos = 0;
  constructor(readonly text: string) {}

  /** The next token. With `single`, a number is one digit (`x^23` is `x^{2}3` in TeX). */
  next(single = false): LatexToken {
    const s = this.text;
    for (;;) {
      const start = this.pos;
      const c = s[start];
      if (c === undefined) return { kind: 'end', text: '', start, end: start };
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '~') {
        this.pos++;
        continue;
      }
      if (c === '%') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '\\') {
        let j = start + 1;
        if (isLetter(s[j])) {
          while (isLetter(s[j])) j++;
        } else if (j < s.length) j += s.codePointAt(j)! > 0xffff ? 2 : 1;
        const word = s.slice(start + 1, j);
        this.pos = j;
        if (SPACING.has(word)) continue;
        if ((word === 'left' || word === 'right' || word === 'big' || word === 'Big' || word === 'bigg' || word === 'Bigg') && this.skipNullDelimiter()) continue;
        if (word === 'bigl' || word === 'bigr' || word === 'Bigl' || word === 'Bigr' || word === 'biggl' || word === 'biggr' || word === 'big' || word === 'Big' || word === 'bigg' || word === 'Bigg') continue;
        if (word === '') return { kind: 'char', text: '\\', start, end: j };
        return { kind: 'cmd', text: word, start, end: j };
      }
      if (isDigit(c) || (c === '.' && isDigit(s[start + 1]))) {
        let j = start;
        if (single) j++;
        else {
          while (isDigit(s[j])) j++;
          if (s[j] === '.' && isDigit(s[j + 1])) {
            j++;
            while (isDigit(s[j])) j++;
          }
          // `1.2.3`: the token keeps every further `.digits`, so that the reader refuses it whole.
          while (s[j] === '.' && isDigit(s[j + 1])) {
            j++;
            while (isDigit(s[j])) j++;
          }
        }
        this.pos = j;
        return { kind: 'num', text: s.slice(start, j), start, end: j };
      }
      if (isLetter(c)) {
        this.pos = start + 1;
        return { kind: 'letter', text: c, start, end: start + 1 };
      }
      const cp = String.fromCodePoint(s.codePointAt(start)!);
      this.pos = start + cp.length;
      const u = UNICODE.get(cp);
      if (u) {
        if (u.text === ' ') continue;
        return { kind: u.kind, text: u.text, start, end: this.pos };
      }
      return { kind: 'char', text: cp, start, end: this.pos };
    }
  }

  /** The next token, without consuming it. */
  peek(single = false): LatexToken {
    const save = this.pos;
    const t = this.next(single);
    this.pos = save;
    return t;
  }

  /** After `\left`, `\right`: a `.` (no delimiter) is skipped and reported. */
  private skipNullDelimiter(): boolean {
    let j = this.pos;
    while (this.text[j] === ' ') j++;
    if (this.text[j] === '.') {
      this.pos = j + 1;
      return true;
    }
    return false;
  }

  /**
   * The raw text of a balanced `{…}` group starting at the next token (the braces excluded),
   * or of the next single token; `undefined` at the end, or when the braces do not balance.
   * A loop with a depth counter: any nesting reads.
   */
  rawArgument(max = Infinity): { text: string; start: number; end: number } | undefined {
    const t = this.next(true);
    if (t.kind === 'end') return undefined;
    if (t.kind !== 'char' || t.text !== '{') return { text: this.text.slice(t.start, t.end), start: t.start, end: t.end };
    let depth = 1;
    let j = t.end;
    const s = this.text;
    const stop = Math.min(s.length, t.end + max);
    while (j < stop) {
      const c = s[j]!;
      if (c === '\\') j += 2;
      else {
        if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
        j++;
      }
    }
    if (depth !== 0 || j >= stop) return undefined;
    this.pos = j + 1;
    return { text: s.slice(t.end, j), start: t.start, end: j + 1 };
  }
}

/** Fonts whose argument is a name (`\mathbf{x}`), and fonts whose argument is a word (`\mathrm{loss}`). */
export const MATH_FONTS = new Set(['mathbf', 'boldsymbol', 'bm', 'mathcal', 'mathbb', 'mathsf', 'mathit', 'mathtt', 'vec']);
export const WORD_FONTS = new Set(['mathrm', 'text', 'textrm', 'textit', 'operatorname', 'mathit']);

/** True for a command that names a symbol: a Greek letter or symbol (`\delta`, `\ell`). */
export function isSymbolCommand(word: string): boolean {
  return Object.hasOwn(GREEK_AND_SYMBOLS, word) && word !== 'cdot' && word !== 'top' && word !== 'partial' && word !== 'prime';
}

/** True for an accent command (`\bar`, `\hat`). */
export function isAccent(word: string): boolean {
  return Object.hasOwn(ACCENTS, word);
}

/**
 * The canonical form of a piece of LaTeX that is part of a name: its tokens joined without
 * spaces (a space only where a command word meets a letter), braces kept, `\text`,
 * `\operatorname` and `\textrm` written `\mathrm`. A loop over tokens.
 */
export function canonicalPiece(raw: string): string {
  const lx = new LatexLexer(raw);
  let out = '';
  let lastWord = false;
  for (;;) {
    const t = lx.next();
    if (t.kind === 'end') return out;
    let piece: string;
    if (t.kind === 'cmd') {
      const word = t.text === 'text' || t.text === 'operatorname' || t.text === 'textrm' ? 'mathrm' : t.text === 'T-sup' ? '^{T}' : t.text;
      piece = word.startsWith('^') ? word : `\\${word}`;
      lastWord = /^[A-Za-z]/.test(word);
      out += piece;
      continue;
    }
    piece = t.text;
    if (lastWord && (t.kind === 'letter' || t.kind === 'num')) out += ' ';
    lastWord = false;
    out += piece;
  }
}

/** The canonical script: `{…}` around a piece, whatever was written (`_i`, `_{i}`, `_{ i }` → `_{i}`). */
export function canonicalScript(mark: '_' | '^', raw: string): string {
  return `${mark}{${canonicalPiece(raw)}}`;
}
