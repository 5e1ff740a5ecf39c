/**
 * Derivations that fit the page: the LaTeX of a derivation (`d.toLatex()`), its equations
 * broken by measured width. A width model of Computer Modern at 10pt (the widths of letters,
 * digits, operators and their spacing, scripts at 70%, fractions, matrices, `\text`) measures
 * each right-hand side; one wider than the line is broken before a `+`, `−`, `⊙`, `·` or `×`
 * at the outermost level where that is possible, `\left…\right` pairs that a break crosses
 * becoming fixed `\Bigl…\Bigr` ones, and the continuation lines are indented under the `=`.
 * An expanded gradient that still does not fit is left out, with a pointer to the named
 * stages it is built from. Every scan here is a loop over the string (no recursion on its
 * nesting): labels and expressions may nest deeply.
 * @module
 */
import { latexText } from '../util/label.js';
import { renamingMessages } from './naming.js';
import type { Derivation, Section } from './derivation.js';
import type { Equation } from './equation.js';

/** Width of the text of a 10pt article, in points (`\linewidth` of `article` on A4 and letter paper). */
export const LINE_WIDTH_PT = 345;

/** Room an equation's tag `(123)` and its separation from the equation take, in points. */
const TAG_PT = 34;

/** Widths (pt) of single characters in math mode at 10pt; letters are italic (cmmi10), digits roman (cmr10). */
function charWidth(ch: string): number {
  if (/[a-z]/.test(ch)) return 'mw'.includes(ch) ? 8.8 : 'fijlt'.includes(ch) ? 3.9 : 5.4;
  if (/[A-Z]/.test(ch)) return 'MW'.includes(ch) ? 9.9 : 'IJ'.includes(ch) ? 5.2 : 7.7;
  if (/[0-9]/.test(ch)) return 5;
  switch (ch) {
    case '.': case ',': case ';': case ':': case '!': case "'": case '|':
      return 2.8;
    case '(': case ')': case '[': case ']':
      return 3.9;
    case '/':
      return 5;
    default:
      return 7.8;
  }
}

/** Width of a character in text mode (`\text{…}`, cmr10). */
function textCharWidth(ch: string): number {
  if (ch === ' ') return 3.4;
  if (/[a-z]/.test(ch)) return 'mw'.includes(ch) ? 8.3 : 'fijlt.,;:!'.includes(ch) ? 3.2 : 5.2;
  if (/[A-Z]/.test(ch)) return 7.4;
  if (/[0-9]/.test(ch)) return 5;
  return 5;
}

const BINARY = new Set(['+', '-', '*']);
const RELATION = new Set(['=', '<', '>']);
const BINARY_COMMANDS = new Set(['cdot', 'times', 'odot', 'pm', 'mp', 'div', 'circ', 'ast', 'otimes', 'oplus', 'cup', 'cap', 'setminus']);
const RELATION_COMMANDS = new Set(['leq', 'geq', 'neq', 'approx', 'equiv', 'to', 'mapsto', 'in', 'le', 'ge']);
const TEXT_COMMANDS = new Set(['text', 'mathrm', 'operatorname', 'textrm', 'textit', 'textbf', 'mathit', 'mathsf', 'mathtt']);
const STYLE_COMMANDS = new Set(['mathbf', 'boldsymbol', 'mathcal', 'mathbb', 'bar', 'hat', 'tilde', 'vec', 'dot', 'ddot', 'check', 'breve', 'overline', 'underline', 'widehat', 'widetilde', 'mathstrut']);
const SPACES: ReadonlyMap<string, number> = new Map([['quad', 10], ['qquad', 20], [',', 1.7], [';', 2.8], [':', 2.2], ['!', -1.7], [' ', 3.4]]);
const DELIMITER_SIZES = new Set(['left', 'right', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'big', 'Big']);

/** One open group while measuring: its width so far, its scale (scripts 70%), what closes it. */
interface Frame {
  w: number;
  scale: number;
  text: boolean;
  /** What the group is: a plain group, a fraction's numerator or denominator, a root's radicand. */
  kind: 'group' | 'num' | 'den' | 'sqrt' | 'script';
  /** A numerator's width, kept while its denominator is measured. */
  num?: number;
}

/**
 * The width of a LaTeX math string set in display style at 10pt, in points: an estimate
 * from Computer Modern's metrics, a little on the wide side.
 */
export function latexWidth(latex: string): number {
  const stack: Frame[] = [{ w: 0, scale: 1, text: false, kind: 'group' }];
  /** What the next group is (set by `\frac`, `\sqrt`, `\text`, `_`, `^`). */
  const pending: { kind: Frame['kind']; text: boolean; scale: number; num?: number }[] = [];
  let lastWasOperand = false;
  const top = () => stack[stack.length - 1]!;
  const add = (w: number) => {
    const f = top();
    f.w += w * f.scale;
  };
  const openGroup = () => {
    const p = pending.shift();
    const f = top();
    stack.push({ w: 0, scale: p ? f.scale * p.scale : f.scale, text: p ? p.text : f.text, kind: p ? p.kind : 'group', ...(p?.num !== undefined && { num: p.num }) });
  };
  /** A single token after `_`/`^` or `\frac` with no braces: measured as a one-token group. */
  let singleToken = 0;
  const closeGroup = () => {
    if (stack.length === 1) return;
    const f = stack.pop()!;
    const parent = top();
    // Widths are stored already scaled; the parent's scale must not apply again.
    if (f.kind === 'num') {
      // The denominator is the next group, at the numerator's scale.
      pending.unshift({ kind: 'den', text: false, scale: f.scale / parent.scale, num: f.w });
      return;
    }
    if (f.kind === 'den') parent.w += Math.max(f.w, f.num ?? 0) + 2.4;
    else if (f.kind === 'sqrt') parent.w += f.w + 8.3;
    else parent.w += f.w;
  };
  let i = 0;
  const n = latex.length;
  while (i < n) {
    const ch = latex[i]!;
    const fr = top();
    if (singleToken > 0 && ch !== '{' && ch !== ' ') {
      // `x^2`, `\frac12`: one token as the group.
      singleToken--;
      openGroup();
      let j = i + 1;
      if (ch === '\\') {
        j = i + 1;
        while (j < n && /[A-Za-z]/.test(latex[j]!)) j++;
        if (j === i + 1) j++;
        add(7);
      } else add(top().text ? textCharWidth(ch) : charWidth(ch));
      closeGroup();
      i = j;
      continue;
    }
    if (ch === '{') {
      if (singleToken > 0) singleToken--;
      openGroup();
      i++;
      continue;
    }
    if (ch === '}') {
      closeGroup();
      lastWasOperand = true;
      i++;
      continue;
    }
    if (ch === '_' || ch === '^') {
      pending.unshift({ kind: 'script', text: false, scale: top().scale <= 0.5 ? 1 : 0.7 });
      singleToken++;
      i++;
      continue;
    }
    if (ch === '\\') {
      let j = i + 1;
      while (j < n && /[A-Za-z]/.test(latex[j]!)) j++;
      let name = latex.slice(i + 1, j);
      if (name === '') {
        name = latex[j] ?? '';
        j++;
      }
      i = j;
      if (fr.text && !TEXT_COMMANDS.has(name)) {
        add(5);
        continue;
      }
      if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
        pending.unshift({ kind: 'num', text: false, scale: name === 'tfrac' || stack.length > 1 ? 0.7 : 1 });
        // The numerator opens with `{`; a braceless `\frac12` counts as two single tokens.
        if (latex[i] !== '{') singleToken++;
        lastWasOperand = true;
        continue;
      }
      if (name === 'sqrt') {
        if (latex[i] === '[') {
          const close = latex.indexOf(']', i);
          i = close < 0 ? n : close + 1;
          add(3);
        }
        pending.unshift({ kind: 'sqrt', text: false, scale: 1 });
        if (latex[i] !== '{') singleToken++;
        lastWasOperand = true;
        continue;
      }
      if (TEXT_COMMANDS.has(name)) {
        pending.unshift({ kind: 'group', text: true, scale: 1 });
        if (name === 'operatorname') add(1.7);
        lastWasOperand = true;
        continue;
      }
      if (STYLE_COMMANDS.has(name)) {
        pending.unshift({ kind: 'group', text: false, scale: name === 'mathbf' ? 1.1 : 1 });
        if (latex[i] !== '{') singleToken++;
        continue;
      }
      if (DELIMITER_SIZES.has(name)) {
        // The delimiter that follows: a character or a command (`\|`, `\{`, `\langle`).
        if (latex[i] === '\\') {
          let k = i + 1;
          while (k < n && /[A-Za-z]/.test(latex[k]!)) k++;
          i = k === i + 1 ? k + 1 : k;
        } else i++;
        add(name.startsWith('B') ? 5.5 : 4.6);
        lastWasOperand = !name.endsWith('l') && name !== 'left';
        continue;
      }
      if (name === 'begin') {
        const end = latex.indexOf('}', i);
        const env = latex.slice(i + 1, end);
        const stop = latex.indexOf(`\\end{${env}}`, end);
        const body = latex.slice(end + 1, stop < 0 ? n : stop);
        i = stop < 0 ? n : stop + `\\end{${env}}`.length;
        add(matrixWidth(body) + (env.endsWith('matrix') && env !== 'matrix' ? 8 : 0));
        lastWasOperand = true;
        continue;
      }
      const space = SPACES.get(name);
      if (space !== undefined) {
        add(space);
        continue;
      }
      if (BINARY_COMMANDS.has(name)) {
        add(lastWasOperand ? 7.8 + 4.4 : 7.8);
        lastWasOperand = false;
        continue;
      }
      if (RELATION_COMMANDS.has(name)) {
        add(7.8 + 5.6);
        lastWasOperand = false;
        continue;
      }
      if (name === 'sum' || name === 'prod') add(stack.length === 1 ? 14.4 : 10.6);
      else if (name === 'dots' || name === 'ldots' || name === 'cdots') add(13.4);
      else if (name === 'infty') add(10);
      else if (/^[A-Z][a-z]+$/.test(name)) add(7.5);
      else if (name === 'textbackslash' || name === 'textasciitilde' || name === 'textasciicircum') add(5);
      else if (/^(sin|cos|tan|log|exp|ln|max|min|tanh|sinh|cosh|det|tr)$/.test(name)) add(name.length * 5 + 1.7);
      else if (name === '{' || name === '}' || name === '|' || name === '%' || name === '$' || name === '&' || name === '#' || name === '_') add(5);
      else add(6);
      lastWasOperand = true;
      continue;
    }
    if (fr.text) {
      add(textCharWidth(ch));
      i++;
      continue;
    }
    if (ch === ' ' || ch === '&' || ch === '~') {
      if (ch === '~') add(3.4);
      i++;
      continue;
    }
    if (BINARY.has(ch)) {
      add(lastWasOperand ? 7.8 + 4.4 : 7.8);
      lastWasOperand = false;
      i++;
      continue;
    }
    if (RELATION.has(ch)) {
      add(7.8 + 5.6);
      lastWasOperand = false;
      i++;
      continue;
    }
    add(charWidth(ch) + (ch === ',' ? 1.7 : 0));
    lastWasOperand = ch !== '(' && ch !== '[' && ch !== ',';
    i++;
  }
  while (stack.length > 1) closeGroup();
  return stack[0]!.w * 1.04;
}

/** Width of a matrix body (`a & b \\ c & d`): the widest cell of each column, with `\arraycolsep` on both sides. */
function matrixWidth(body: string): number {
  const widths: number[] = [];
  for (const row of body.split('\\\\')) {
    row.split('&').forEach((cell, k) => {
      widths[k] = Math.max(widths[k] ?? 0, latexWidth(cell.trim()));
    });
  }
  return widths.reduce((s, w) => s + w + 10, 0);
}

/** Where a right-hand side can break: before a binary operator, at some `\left…\right` depth. */
interface BreakPoint {
  at: number;
  depth: number;
  /** A product written by juxtaposition (`\bigr) \sigma…`): the next line starts with `\cdot`; taken after the operators at its depth. */
  juxtaposed?: boolean;
}

/** The break points of a LaTeX math string: before ` + `, ` - `, ` \odot `, ` \cdot `, ` \times ` outside braces. */
function breakPoints(latex: string): BreakPoint[] {
  const out: BreakPoint[] = [];
  let braces = 0, depth = 0;
  for (let i = 0; i < latex.length; i++) {
    const ch = latex[i]!;
    if (ch === '\\') {
      let j = i + 1;
      while (j < latex.length && /[A-Za-z]/.test(latex[j]!)) j++;
      const name = latex.slice(i + 1, j);
      if (name === 'left') depth++;
      else if (name === 'right') depth--;
      else if (braces === 0 && /^(odot|cdot|times)$/.test(name) && latex[i - 1] === ' ') out.push({ at: i - 1, depth });
      i = Math.max(i, j === i + 1 ? i + 1 : j - 1);
      continue;
    }
    if (ch === '{') braces++;
    else if (ch === '}') braces--;
    else if (braces === 0 && (ch === '+' || ch === '-') && latex[i - 1] === ' ' && latex[i + 1] === ' ' && i > 1) out.push({ at: i - 1, depth });
    else if (braces === 0 && ch === ' ' && /[)}\]A-Za-z0-9]/.test(latex[i - 1] ?? '') && /[\\A-Za-z(]/.test(latex[i + 1] ?? '') && !/^\\(right|cdot|odot|times|end)(?![A-Za-z])/.test(latex.slice(i + 1)) && /\\right\)$|\}$/.test(latex.slice(Math.max(0, i - 7), i))) out.push({ at: i, depth: depth + 0.5, juxtaposed: true });
  }
  return out;
}

/**
 * The pieces of `latex` when broken to lines of at most `first` points (the first line) and
 * `rest` points (the others): greedy, at the shallowest `\left…\right` depth that makes every
 * piece fit, else at the deepest there is. Pairs a break crosses become `\Bigl…\Bigr`.
 */
export function breakLatex(latex: string, first: number, rest: number): string[] {
  if (latexWidth(latex) <= first) return [latex];
  const points = breakPoints(latex);
  if (points.length === 0) return [latex];
  const depths = [...new Set(points.map((p) => p.depth))].sort((p, q) => p - q);
  let best: string[] = [latex];
  for (const d of depths) {
    const ends = [...points.filter((p) => p.depth <= d), { at: latex.length, depth: 0 }];
    if (ends.length === 1) continue;
    const cuts: number[] = [];
    const fits = (from: number, to: number, budget: number) => latexWidth(unbalanced(latex.slice(from, to))) <= budget;
    // Greedy, preferring the shallowest break that fits (then the furthest): a line ends outside
    // a bracket rather than inside it when it can.
    let start = 0, budget = first;
    let fitted: BreakPoint | undefined;
    const better = (p: BreakPoint) => !fitted || p.depth <= fitted.depth;
    for (const e of ends) {
      if (e.at <= start) continue;
      if (fits(start, e.at, budget)) {
        if (better(e)) fitted = e;
        continue;
      }
      if (fitted && fitted.at > start) {
        cuts.push(fitted.at);
        start = fitted.at;
        budget = rest;
        fitted = undefined;
        if (fits(start, e.at, budget)) {
          fitted = e;
          continue;
        }
      }
      // Not even one term fits: it gets a line of its own.
      if (e.at < latex.length) {
        cuts.push(e.at);
        start = e.at;
        budget = rest;
        fitted = undefined;
      }
    }
    if (cuts.length === 0) continue;
    const pieces = cutAt(latex, cuts, new Set(points.filter((p) => p.juxtaposed).map((p) => p.at)));
    best = pieces;
    if (pieces.every((p, k) => latexWidth(p) <= (k === 0 ? first : rest))) return pieces;
  }
  return best;
}

/** A slice measured as it will be set: `\left`/`\right` without their partner are sized as `\Bigl`/`\Bigr`. */
function unbalanced(s: string): string {
  return s.replace(/\\left(?=[^A-Za-z])/g, '\\Bigl').replace(/\\right(?=[^A-Za-z])/g, '\\Bigr');
}

/** Cuts `latex` at the positions, turning the `\left…\right` pairs that a cut separates into `\Bigl…\Bigr`. */
function cutAt(latex: string, cuts: readonly number[], juxtaposed: ReadonlySet<number>): string[] {
  // Pair every \left with its \right; mark the pairs that some cut falls between.
  const pairs: [number, number][] = [];
  const open: number[] = [];
  const re = /\\(left|right)(?![A-Za-z])/g;
  for (const m of latex.matchAll(re)) {
    if (m[1] === 'left') open.push(m.index);
    else if (open.length) pairs.push([open.pop()!, m.index]);
  }
  const fixed = new Set<number>();
  for (const [l, r] of pairs) if (cuts.some((c) => c > l && c < r)) fixed.add(l).add(r);
  let out = '';
  let last = 0;
  for (const m of latex.matchAll(re)) {
    out += latex.slice(last, m.index) + (fixed.has(m.index) ? (m[1] === 'left' ? '\\Bigl' : '\\Bigr') : m[0]);
    last = m.index + m[0].length;
  }
  out += latex.slice(last);
  // Positions shift by the replacements: recompute the cuts on the new string by counting the markers.
  // `\right` (6 characters) became `\Bigr` (5): positions after each one move back by one.
  const shift = (pos: number) => {
    let delta = 0;
    for (const p of fixed) if (p < pos && latex.startsWith('\\right', p)) delta--;
    return pos + delta;
  };
  const pieces: string[] = [];
  let from = 0;
  let times = false;
  for (const c of cuts) {
    pieces.push(`${times ? '\\cdot ' : ''}${out.slice(from, shift(c)).trim()}`);
    from = shift(c);
    times = juxtaposed.has(c);
  }
  pieces.push(`${times ? '\\cdot ' : ''}${out.slice(from).trim()}`);
  return pieces.filter((p) => p !== '');
}

/** Splits plain text into lines of at most `width` points (`\text{…}` width), at spaces. */
function wrapText(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const w = (s: string) => [...s].reduce((t, ch) => t + textCharWidth(ch), 0) * 1.05;
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && w(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** The rows of one equation in an `align*`: broken to `budget` points right of the `=`; the tag on its last row. */
function equationRows(e: Equation, budget: number, stagesNote: string): string[] {
  const rows: string[] = [];
  const rhs = [...e.stages.map((s) => ({ latex: s.latex, label: s.label })), ...(e.value ? [{ latex: e.value.latex, label: 'value' }] : [])];
  const cont = budget - 10;
  for (const [k, r] of rhs.entries()) {
    let pieces = breakLatex(r.latex, budget, cont);
    const tooWide = pieces.some((p, j) => latexWidth(p) > (j === 0 ? budget : cont) + 1);
    if (r.label === 'expanded' && (tooWide || pieces.length > 6)) {
      // The expanded form does not fit: point to the named stages it is built from instead.
      const note = `(the expanded form is left out: it is ${Math.round(latexWidth(r.latex))}pt wide; it is the compact form above with ${stagesNote})`;
      pieces = wrapText(note, cont).map((t) => `\\text{${latexText(t)}}`);
      rows.push(...pieces.map((p, j) => (j === 0 ? `${k === 0 ? `${e.lhs.latex} ` : ''}&\\phantom{=} ${p}` : `&\\quad ${p}`)));
      continue;
    }
    rows.push(...pieces.map((p, j) => (j === 0 ? `${k === 0 ? `${e.lhs.latex} ` : ''}&= ${p}` : `&\\quad {}${p}`)));
  }
  rows[rows.length - 1] += ` \\tag{${e.number}}`;
  if (e.note) rows.push(...wrapText(e.note.text, cont).map((t) => `&\\quad \\text{${latexText(t)}}`));
  return rows;
}

/** The rows of a section, broken to the width left beside its widest left-hand side. */
function sectionRows(d: Derivation, s: Section, width: number): string {
  const lhs = Math.max(0, ...s.equations.map((e) => latexWidth(e.lhs.latex)));
  const budget = Math.max(120, width - TAG_PT - lhs - 14);
  const forward = d.forward.map((f) => f.number);
  const stagesNote = forward.length > 1 ? `the named stages of equations (${forward[0]})-(${forward[forward.length - 1]}) written out` : forward.length === 1 ? `the named stage of equation (${forward[0]}) written out` : 'the named stages written out';
  const rows = [...s.equations.flatMap((e) => equationRows(e, budget, stagesNote))];
  if (s.omittedNote) rows.push(...wrapText(s.omittedNote, width - TAG_PT - 20).map((t) => `&\\text{${latexText(t)}}`));
  return rows.join(' \\\\\n');
}

/** Saves the figure in a box and shows it at its natural size, shrunk only to fit the line and most of the page (logged, so tests can read the scale). */
function figure(tikz: string): string {
  return [
    '\\begin{figure}[htbp]',
    '\\centering',
    '\\sbox{\\tracegradfigure}{%',
    tikz,
    '}%',
    '\\typeout{tracegrad figure: natural \\the\\wd\\tracegradfigure\\space x \\the\\ht\\tracegradfigure, line \\the\\linewidth}%',
    '\\ifdim\\wd\\tracegradfigure>\\linewidth \\sbox{\\tracegradfigure}{\\resizebox{\\linewidth}{!}{\\usebox{\\tracegradfigure}}}\\fi',
    '\\ifdim\\ht\\tracegradfigure>0.9\\textheight \\sbox{\\tracegradfigure}{\\resizebox{!}{0.9\\textheight}{\\usebox{\\tracegradfigure}}}\\fi',
    '\\typeout{tracegrad figure: shown \\the\\wd\\tracegradfigure\\space x \\the\\ht\\tracegradfigure}%',
    '\\usebox{\\tracegradfigure}',
    '\\caption{The computation graph: each wire carries its value (green) and its gradient (red).}',
    '\\end{figure}',
  ].join('\n');
}

/**
 * The derivation as LaTeX: an `align*` environment (KaTeX- and amsmath-compatible), or with
 * `standalone` a whole document (amsmath, amssymb; TikZ when a figure is given, placed as a
 * float) that compiles with pdflatex. Equations are broken to the line's width.
 * @internal
 */
export function derivationLatex(d: Derivation, options: { standalone?: boolean; title?: string; tikz?: string; width?: number }): string {
  const width = options.width ?? LINE_WIDTH_PT;
  if (!options.standalone) {
    return `\\begin{align*}\n${d.sections().map((s) => `% ${s.title}\n${sectionRows(d, s, width)}`).join(' \\\\\n')}\n\\end{align*}`;
  }
  const title = options.title !== undefined ? latexText(String(options.title)) : `Derivation of the gradient of $${d.output}$`;
  const body = d.sections().map((s) => `\\section*{${s.title}}\n\\begin{align*}\n${sectionRows(d, s, width)}\n\\end{align*}`).join('\n\n');
  const items = [...d.dead.map((g) => `\\item $\\frac{\\partial ${d.output}}{\\partial ${g.wrtLatex}} = 0$: ${latexText(g.reason)}`), ...renamingMessages(d.analysis.renamed).map((m) => `\\item ${latexText(m)}`)];
  const warn = items.length ? `\n\n\\section*{Warnings}\n\\begin{itemize}\n${items.join('\n')}\n\\end{itemize}` : '';
  const fig = options.tikz ? `\n\n${figure(options.tikz)}` : '';
  return `\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n${options.tikz ? '\\usepackage{tikz}\n\\newsavebox{\\tracegradfigure}\n' : ''}\\allowdisplaybreaks\n\\begin{document}\n\\section*{${title}}\nLayout convention: the gradient of a tensor has the tensor's shape.\n${fig}\n\n${body}${warn}\n\\end{document}\n`;
}
