/**
 * Labels: the names users give nodes and variables, made safe for every output.
 *
 * **The rule.** A label is plain text unless it is a name written in a small, safe subset of
 * LaTeX, and then only that subset reaches LaTeX output:
 *
 * - identifiers print as they always did: `x`, `w0` → `w_{0}`, `theta` → `\theta`,
 *   `loss` → `\mathrm{loss}`, `y_hat` → `y_{\mathrm{hat}}`, `x'` → `x'`;
 * - a label with LaTeX markup (`\`, `_`, `^`, `{`, `}`) is read by the name grammar below;
 *   when it parses, its canonical LaTeX (rebuilt from the parse, never copied) is used:
 *   `z^{(1)}`, `W^{(2)}`, `\delta_{j}`, `\bar{z}`, `\hat{y}_{i}`, `\Delta w`,
 *   `W_{\mathrm{hidden}}`;
 * - anything else is plain text: `\text{…}` with every special character escaped in LaTeX,
 *   escaped again for Markdown, HTML and DOT by their writers.
 *
 * The name grammar: a sequence of items; an item is an atom followed by primes (`'`,
 * `\prime`) and at most one subscript and one superscript (`_x`, `_{…}`, `^{…}`); an atom is
 * a letter, a digit, one of `( ) [ ] , . + - / * | : ; ! ? =`, a spacing command (`\,`, `\;`,
 * `\:`, `\!`, `\ `), a Greek letter or symbol from
 * {@link GREEK_AND_SYMBOLS} (`\alpha` … `\Omega`, `\ell`, `\partial`, `\nabla`, `\infty`,
 * `\top`, …), an accent from {@link ACCENTS} (`\bar`, `\hat`, `\tilde`, `\vec`, `\dot`, …) on
 * an argument, a math font (`\mathbf`, `\boldsymbol`, `\mathcal`, `\mathbb`, `\mathsf`,
 * `\mathit`, `\mathtt`) on an argument, a text font (`\mathrm`, `\text`, `\operatorname`) on
 * letters, digits, spaces, `\_` and `, . ; : ! ? ( ) [ ] + - / * ' =`, or a `{…}` group.
 * Labels longer than {@link MAX_LATEX_LABEL} characters or nested deeper than
 * {@link MAX_DEPTH} groups are plain text (this is what bounds the parser's recursion).
 * Nothing else passes: no other command (`\input`, `\write18`, `\href`, `\def`, …), no `$`,
 * `%`, `&`, `#`, `~`, `<`, `>`, no non-ASCII character.
 * @module
 */
import { ArgumentError } from './errors.js';

/** A piece of a name in LaTeX (math mode) and in Unicode text. */
export interface Piece {
  readonly latex: string;
  readonly text: string;
}

/**
 * How a name binds when printed inside an expression: `'atom'` (`x`, `w_{0}`, `\alpha`),
 * `'scripted'` (it carries a superscript, `z^{(1)}`: it takes no second one), `'juxtaposed'`
 * (several symbols side by side, `\Delta w`: a product), `'loose'` (it holds an operator or
 * a space, `\text{x - 1}`: bracketed wherever a sum would be).
 */
export type Binding = 'atom' | 'scripted' | 'juxtaposed' | 'loose';

/** A label made safe: its LaTeX, its text, and its parts. */
export interface Name extends Piece {
  /** The base: the whole name unless it is one symbol with scripts. */
  readonly base: Piece;
  /** The top-level subscript's content, if any. */
  readonly sub?: Piece;
  /** The top-level superscript's content, if any. */
  readonly sup?: Piece;
  readonly binding: Binding;
  /** True when it prints with a leading minus sign. */
  readonly leadingMinus?: boolean;
  /** True when the label was taken as plain text. */
  readonly plain?: boolean;
  /** True when it cannot take scripts directly (a fraction, several symbols): indices bracket it. */
  readonly compound?: boolean;
}

/** Longest label read as LaTeX; a longer one is plain text. */
export const MAX_LATEX_LABEL = 256;
/** Deepest nesting of groups read as LaTeX; a deeper label is plain text. */
export const MAX_DEPTH = 8;

const GREEK_LOWER = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega'];

/** The Greek letters and symbols a LaTeX label may use, with their Unicode text. */
/**
 * A lookup table with no prototype: a key such as `toString` or `__proto__` (a label is the
 * user's text) finds nothing instead of an Object method.
 */
function table(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, string>, entries));
}

export const GREEK_AND_SYMBOLS: Readonly<Record<string, string>> = table({
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ',
  chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ', partial: '∂', nabla: '∇', infty: '∞', top: 'ᵀ', star: '⋆', ast: '∗', dagger: '†', hbar: 'ℏ', cdot: '·', prime: '′',
});

/** The accents a LaTeX label may use, with the Unicode combining mark that stands for each in text. */
export const ACCENTS: Readonly<Record<string, string>> = table({
  bar: '\u0304', overline: '\u0305', hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', vec: '\u20d7', dot: '\u0307', ddot: '\u0308',
  check: '\u030c', breve: '\u0306', underline: '\u0332',
});

/** Fonts whose argument is math (a name), and fonts whose argument is a word. */
const MATH_FONTS = new Set(['mathbf', 'boldsymbol', 'mathcal', 'mathbb', 'mathsf', 'mathit', 'mathtt']);
const TEXT_FONTS = new Set(['mathrm', 'text', 'operatorname']);
const PUNCT = '()[],.+-/*|:;!?=';
/** Spacing commands (`\,` …) and their text. */
const SPACES: Readonly<Record<string, string>> = table({ ',': ' ', ';': ' ', ':': ' ', '!': '', ' ': ' ' });
const LOOSE_PUNCT = '+-/*|:;!?=,';
const TEXT_FONT_CHARS = /^[A-Za-z0-9 ,.;:!?()[\]+\-/*'=]$/;

const SUP: Readonly<Record<string, string>> = table({ '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '(': '⁽', ')': '⁾', 'n': 'ⁿ', 'i': 'ⁱ', 'l': 'ˡ', 'L': 'ᴸ', 'T': 'ᵀ', 'ᵀ': 'ᵀ', 'k': 'ᵏ', 'j': 'ʲ', 'm': 'ᵐ' });
const SUB: Readonly<Record<string, string>> = table({ '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '(': '₍', ')': '₎', 'i': 'ᵢ', 'j': 'ⱼ', 'k': 'ₖ', 'l': 'ₗ', 'm': 'ₘ', 'n': 'ₙ', 't': 'ₜ', 'x': 'ₓ' });

/** `body` as Unicode sub- or superscript characters when every character has one, else `_x` / `_(xy)`. */
function scriptText(body: string, table: Readonly<Record<string, string>>, mark: string): string {
  const chars = [...body];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return `${mark}${chars.length === 1 ? body : `(${body})`}`;
}

/** Text of a subscript: `₁`, `ᵢⱼ`, `_(hat)`. */
export function subscriptText(body: string): string {
  return scriptText(body, SUB, '_');
}

/** Text of a superscript: `⁽¹⁾`, `^(a+b)`. */
export function superscriptText(body: string): string {
  return scriptText(body, SUP, '^');
}

/** Superscript digits for a small integer in text (`2` → `²`), else undefined. */
export function superscriptInt(n: number): string | undefined {
  if (!Number.isInteger(n) || Math.abs(n) > 99) return undefined;
  return [...String(n)].map((c) => SUP[c]).join('');
}

/** Joins LaTeX pieces, with a space where a command name would run into a letter (`\alpha x`). */
function joinLatex(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) out += /\\[A-Za-z]+$/.test(out) && /^[A-Za-z]/.test(p) ? ` ${p}` : p;
  return out;
}

/** A name from a base and optional scripts (`x_{i}^{(1)}`); the binding follows from them. */
export function scriptedName(base: Piece, sub?: Piece, sup?: Piece, binding?: Binding): Name {
  const latex = `${base.latex}${sub ? `_{${sub.latex}}` : ''}${sup ? `^{${sup.latex}}` : ''}`;
  const text = `${base.text}${sub ? subscriptText(sub.text) : ''}${sup ? superscriptText(sup.text) : ''}`;
  return { latex, text, base, ...(sub && { sub }), ...(sup && { sup }), binding: binding ?? (sup ? 'scripted' : 'atom') };
}

/** A name that does not split into a base and scripts (a fraction, several symbols). */
export function wholeName(piece: Piece, binding: Binding): Name {
  return { latex: piece.latex, text: piece.text, base: piece, binding, compound: true };
}

// ---------------------------------------------------------------------------------------
// The name grammar. Recursive descent, bounded: a group deeper than MAX_DEPTH fails the
// parse (the label is then plain text), so the recursion never goes deeper than that.

interface Item {
  base: Piece;
  sub?: Piece;
  sup?: Piece;
  /** True for an operator-like character (`+`, `-`, `=`, `,` …). */
  op?: boolean;
}

class NotAName extends Error {}

class NameParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Item[] {
    const items = this.sequence(0);
    if (this.i < this.s.length) throw new NotAName();
    return items;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private skipSpaces(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  /** Items until `}` or the end. */
  private sequence(depth: number): Item[] {
    if (depth > MAX_DEPTH) throw new NotAName();
    const items: Item[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === undefined || c === '}') return items;
      items.push(this.item(depth));
    }
  }

  private item(depth: number): Item {
    const atom = this.atom(depth);
    let base = atom.piece;
    let primes = 0;
    let sub: Piece | undefined, sup: Piece | undefined;
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === "'" || this.s.startsWith('\\prime', this.i)) {
        // A prime after a superscript is a double superscript in TeX.
        if (sup) throw new NotAName();
        this.i += c === "'" ? 1 : 6;
        primes++;
      } else if (c === '_' || c === '^') {
        this.i++;
        if ((c === '_' && sub) || (c === '^' && sup)) throw new NotAName();
        const arg = this.argument(depth);
        if (c === '_') sub = arg;
        else sup = arg;
      } else break;
    }
    if (primes) base = { latex: `${base.latex}${"'".repeat(primes)}`, text: `${base.text}${"'".repeat(primes)}` };
    return { base, ...(sub && { sub }), ...(sup && { sup }), ...(atom.op && { op: true }) };
  }

  /** A script's or a command's argument: one symbol, or a non-empty `{…}` group. */
  private argument(depth: number): Piece {
    this.skipSpaces();
    const c = this.peek();
    if (c === '{') {
      const inner = this.group(depth);
      if (inner.latex === '') throw new NotAName();
      return inner;
    }
    if (c === undefined || c === '}' || c === '_' || c === '^' || c === "'") throw new NotAName();
    const a = this.atom(depth);
    return a.piece;
  }

  /** `{…}`: its content as one piece. */
  private group(depth: number): Piece {
    this.i++; // {
    const items = this.sequence(depth + 1);
    if (this.peek() !== '}') throw new NotAName();
    this.i++;
    return piecesOf(items);
  }

  private atom(depth: number): { piece: Piece; op?: boolean } {
    const c = this.peek()!;
    if (/[A-Za-z0-9]/.test(c)) {
      this.i++;
      return { piece: { latex: c, text: c } };
    }
    if (PUNCT.includes(c)) {
      this.i++;
      return { piece: { latex: c, text: c }, ...(LOOSE_PUNCT.includes(c) && { op: true }) };
    }
    if (c === '{') return { piece: this.group(depth) };
    if (c === '\\' && SPACES[this.s[this.i + 1] ?? ''] !== undefined) {
      const sp = this.s[this.i + 1]!;
      this.i += 2;
      return { piece: { latex: `\\${sp}`, text: SPACES[sp]! } };
    }
    if (c === '\\') {
      const m = /^\\([A-Za-z]+)/.exec(this.s.slice(this.i, this.i + 32));
      if (!m) throw new NotAName();
      const cmd = m[1]!;
      this.i += m[0].length;
      const sym = GREEK_AND_SYMBOLS[cmd];
      if (sym !== undefined && cmd !== 'prime') return { piece: { latex: `\\${cmd}`, text: sym }, ...(cmd === 'cdot' && { op: true }) };
      const mark = ACCENTS[cmd];
      if (mark !== undefined) {
        const arg = this.argument(depth + 1);
        const chars = [...arg.text];
        // A combining mark after one character; a longer argument gets the mark after a bracket.
        return { piece: { latex: `\\${cmd}{${arg.latex}}`, text: chars.length === 1 ? `${arg.text}${mark}` : `(${arg.text})${mark}` } };
      }
      if (MATH_FONTS.has(cmd)) {
        const arg = this.argument(depth + 1);
        return { piece: { latex: `\\${cmd}{${arg.latex}}`, text: arg.text } };
      }
      if (TEXT_FONTS.has(cmd)) return { piece: this.word(cmd) };
    }
    throw new NotAName();
  }

  /** The argument of a text font: `{` letters, digits, spaces, `\_` and plain punctuation `}`. */
  private word(cmd: string): Piece {
    this.skipSpaces();
    if (this.peek() !== '{') throw new NotAName();
    this.i++;
    let latex = '', text = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new NotAName();
      if (c === '}') break;
      if (c === '\\' && this.s[this.i + 1] === '_') {
        latex += '\\_';
        text += '_';
        this.i += 2;
      } else if (TEXT_FONT_CHARS.test(c)) {
        latex += c;
        text += c;
        this.i++;
      } else throw new NotAName();
    }
    this.i++;
    if (text.trim() === '') throw new NotAName();
    return { latex: `\\${cmd}{${latex}}`, text };
  }
}

/** A sequence of items as one piece. */
function piecesOf(items: readonly Item[]): Piece {
  return { latex: joinLatex(items.map((it) => scriptedName(it.base, it.sub, it.sup).latex)), text: items.map((it) => scriptedName(it.base, it.sub, it.sup).text).join('') };
}

/** Parses a label in the safe LaTeX subset, or returns undefined when it is not one. */
function parseLatexName(label: string): Name | undefined {
  if (label.length > MAX_LATEX_LABEL) return undefined;
  let items: Item[];
  try {
    items = new NameParser(label).parse();
  } catch (e) {
    if (e instanceof NotAName) return undefined;
    throw e;
  }
  if (items.length === 0) return undefined;
  if (items.length === 1 && !items[0]!.op) {
    const it = items[0]!;
    return scriptedName(it.base, it.sub, it.sup);
  }
  const whole = piecesOf(items);
  const loose = items.some((it) => it.op);
  return { ...wholeName(whole, loose ? 'loose' : 'juxtaposed'), ...(items[0]!.op && items[0]!.base.latex === '-' && { leadingMinus: true }) };
}

// ---------------------------------------------------------------------------------------
// Identifiers: the forms variables have always printed in.

/** `y_hat`, `W_1`, `x_in_2`: a base with a subscript. */
const SNAKE = /^([A-Za-z]+[0-9]*)_([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)$/;
/** `x`, `w0`, `theta`, `x''`. */
const WORD = /^([A-Za-z]+)(\d+)?('*)$/;

function wordName(m: RegExpExecArray): Name {
  const [, word, digits, primes] = m;
  let base: Piece;
  if (word!.length === 1) base = { latex: word!, text: word! };
  else if (GREEK_LOWER.includes(word!.toLowerCase()) && GREEK_AND_SYMBOLS[word!] !== undefined) base = { latex: `\\${word}`, text: GREEK_AND_SYMBOLS[word!]! };
  else base = { latex: `\\mathrm{${word}}`, text: word! };
  if (primes) base = { latex: `${base.latex}${primes}`, text: `${base.text}${primes}` };
  return scriptedName(base, digits ? { latex: digits, text: digits } : undefined);
}

/** Single Greek letters typed in Unicode (`α`), read as their LaTeX commands. */
const UNICODE_GREEK: ReadonlyMap<string, string> = new Map(Object.entries(GREEK_AND_SYMBOLS).filter(([cmd]) => /^[a-zA-Z]+$/.test(cmd) && GREEK_LOWER.includes(cmd.toLowerCase())).map(([cmd, ch]) => [ch, cmd]));

function identifierName(label: string): Name | undefined {
  const greek = UNICODE_GREEK.get(label);
  if (greek !== undefined) return scriptedName({ latex: `\\${greek}`, text: label });
  const snake = SNAKE.exec(label);
  if (snake) {
    const head = wordName(WORD.exec(snake[1]!)!);
    const parts = snake[2]!.split('_').map((p): Piece => (/^[0-9]+$/.test(p) || p.length === 1 ? { latex: p, text: p } : { latex: `\\mathrm{${p}}`, text: p }));
    if (head.sub) parts.unshift(head.sub);
    return scriptedName(head.base, { latex: parts.map((p) => p.latex).join(','), text: parts.map((p) => p.text).join(',') });
  }
  const word = WORD.exec(label);
  return word ? wordName(word) : undefined;
}

// ---------------------------------------------------------------------------------------
// Plain text.

/** LaTeX text-mode spellings of the characters that are special in LaTeX. */
const TEXT_ESCAPES: Readonly<Record<string, string>> = table({
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#', '%': '\\%', '_': '\\_',
  '^': '\\textasciicircum{}', '~': '\\textasciitilde{}', '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}',
  '[': '{[}', ']': '{]}',
});

/** Unicode characters with a LaTeX spelling (math in `$…$`), for text mode. */
const UNICODE_LATEX: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
    '−': '-', '…': '\\dots{}', '·': '$\\cdot$', '×': '$\\times$', '⊙': '$\\odot$', '√': '$\\surd$', '‖': '$\\|$', 'ᵀ': '$^\\top$', '′': "$'$",
    '⁺': '$^+$', '⁻': '$^-$', '⁽': '$^($', '⁾': '$^)$', '₊': '$_+$', '₋': '$_-$', '₍': '$_($', '₎': '$_)$', '≤': '$\\le$', '≥': '$\\ge$', '≠': '$\\ne$', '→': '$\\to$',
    '∑': '$\\sum$', '‾': '$\\overline{\\ }$', '\u00a0': '~',
  });
  for (const [cmd, ch] of Object.entries(GREEK_AND_SYMBOLS)) if (out[ch] === undefined && cmd !== 'cdot' && cmd !== 'prime' && cmd !== 'top') out[ch] = `$\\${cmd}$`;
  for (const [d, ch] of Object.entries(SUP)) if (/[0-9A-Za-z]/.test(d) && out[ch] === undefined) out[ch] = `$^{${d}}$`;
  for (const [d, ch] of Object.entries(SUB)) if (/[0-9A-Za-z]/.test(d) && out[ch] === undefined) out[ch] = `$_{${d}}$`;
  return out;
})();

/** Combining marks with a LaTeX text-mode accent. */
const TEXT_ACCENTS: Readonly<Record<string, string>> = table({
  '\u0300': '\\`', '\u0301': "\\'", '\u0302': '\\^', '\u0303': '\\~', '\u0304': '\\=', '\u0305': '\\=', '\u0306': '\\u', '\u0307': '\\.', '\u0308': '\\"', '\u030a': '\\r', '\u030b': '\\H', '\u030c': '\\v',
});

const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');

/**
 * Text made visible and inert for terminals and every other writer: control characters
 * become their Unicode pictures (a newline is `␊`), format characters (bidirectional
 * overrides, zero-width joiners), separators and lone surrogates become `⟨U+XXXX⟩`.
 */
export function visibleText(s: string): string {
  if (!/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20) out += String.fromCodePoint(0x2400 + cp);
    else if (cp === 0x7f) out += '\u2421';
    else if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch)) out += `⟨U+${hex(cp)}⟩`;
    else out += ch;
  }
  return out;
}

/**
 * Text as LaTeX text mode (for `\text{…}`, section titles, TikZ node text): every character
 * that means something to LaTeX escaped, Greek and other symbols as math, accented letters
 * with text accents, anything else as `[U+XXXX]`. Compiles with pdflatex (no Unicode input
 * needed) and parses in KaTeX.
 */
export function latexText(s: string): string {
  let out = '';
  const chars = [...visibleText(s).normalize('NFD')];
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k]!;
    const next = chars[k + 1];
    const accent = next !== undefined ? TEXT_ACCENTS[next] : undefined;
    let piece: string;
    if (/^[A-Za-z0-9 .,;:()=+\-'/*!?@`"]$/.test(ch)) piece = ch;
    else if (TEXT_ESCAPES[ch] !== undefined) piece = TEXT_ESCAPES[ch]!;
    else if (UNICODE_LATEX[ch] !== undefined) piece = UNICODE_LATEX[ch]!;
    else if (TEXT_ACCENTS[ch] !== undefined) piece = ''; // a mark with no letter before it
    else piece = `{[}U+${hex(ch.codePointAt(0)!)}{]}`;
    if (accent !== undefined && /^[A-Za-z]$/.test(ch)) {
      piece = `${accent}{${ch}}`;
      k++;
    }
    out += piece;
  }
  return out;
}

function plainName(label: string): Name {
  const text = visibleText(label);
  if (/^[A-Za-z0-9_']+$/.test(label)) {
    // An identifier that has no pretty form (`x_`, `a__b`, `_`): upright, as names are.
    const latex = `\\mathrm{${label.replace(/_/g, '\\_')}}`;
    return { latex, text, base: { latex, text }, binding: 'atom', plain: true };
  }
  const latex = `\\text{${latexText(label)}}`;
  const loose = /[\s+\-=,/*|:;<>]/.test(label);
  return { latex, text, base: { latex, text }, binding: loose ? 'loose' : 'atom', plain: true };
}

// ---------------------------------------------------------------------------------------

const cache = new Map<string, Name>();
const CACHE_MAX = 4096;

/**
 * The printed forms of a label (or a variable's name): see the module's rule. Never throws;
 * a value that is not a string (which the constructors reject) prints as its plain text.
 */
export function nameOf(label: string): Name {
  if (typeof label !== 'string') return plainName(String(label));
  const hit = cache.get(label);
  if (hit !== undefined) return hit;
  const name = identifierName(label) ?? (/[\\^_{}]/.test(label) ? parseLatexName(label) : undefined) ?? plainName(label);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(label, name);
  return name;
}

/** True when `label` is read as a LaTeX name (or an identifier), false when it is plain text. */
export function isLatexName(label: string): boolean {
  return !nameOf(label).plain;
}

/** `name` with `k` primes: `x'`, `z'^{(1)}`, `\text{a b}'`; text `x′`. */
export function primed(name: Name, k: number): Name {
  if (k <= 0) return name;
  // Up to three primes, then a count, as for derivatives (x‴, then x⁽⁴⁾): k primes would make
  // the names of 10⁴ nodes called alike 5·10⁷ characters long.
  const few = k <= 3;
  const count = `⁽${[...String(k)].map((d) => SUP[d]).join('')}⁾`; // (superscriptInt stops at 99)
  if (name.binding === 'atom' || name.binding === 'scripted') {
    const base = few
      ? { latex: `${name.base.latex}${"'".repeat(k)}`, text: `${name.base.text}${'′'.repeat(k)}` }
      : { latex: `{${name.base.latex}^{(${k})}}`, text: `${name.base.text}${count}` };
    return scriptedName(base, name.sub, name.sup, name.binding);
  }
  return wholeName({ latex: `\\left(${name.latex}\\right)${few ? "'".repeat(k) : `^{(${k})}`}`, text: `(${name.text})${few ? '′'.repeat(k) : count}` }, 'scripted');
}

/** A description of a value for an error message: `42`, `an object`, `undefined`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Checks a label given to `as`, `variable` or `constant`: a non-empty string. What it may
 * hold is free (it is plain text unless it is a LaTeX name); only its type is checked.
 * @throws {@link ArgumentError} naming what was given and what is accepted
 */
export function checkLabel(where: string, label: unknown): string {
  if (typeof label !== 'string' || label.trim() === '') {
    throw new ArgumentError(`${where}: a label is a non-empty string (plain text, or a LaTeX name such as 'z^{(1)}' or '\\\\alpha'); got ${describeValue(label)}`);
  }
  return label;
}
