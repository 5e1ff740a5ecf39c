import { ArgumentError, ShapeError, TracegradError } from '../util/errors.js';
import { formatShape } from '../tensor/shape.js';
import { checkOptions } from '../util/options.js';
import { inputAt, inputCount, isNode, type Node } from '../core/node.js';
import type { Tensor } from '../tensor/tensor.js';
import { latexText, nameOf, primed, wholeName, type Name } from '../util/label.js';
import { markdownText } from '../util/markdown.js';
import { adjointLookup, analyze, contributions, isZero, localTerms, printWithNames, totalDerivativeName, type AdjointNotation, type Analysis } from './analysis.js';
import { indexedName, outputIndices, printIndexed } from './indexed.js';
import { printExpr, type PrintSettings } from './print.js';
import { DISPLAY_BUDGET, DisplayContext, displayForm, type DisplayFact, type DisplayResult } from './simplify.js';
import { deadWarnings, factWhat, LAYOUT } from './simplifyNotes.js';
import { denoised } from './simplifyValues.js';
import { sumOverIndex } from './simplifySums.js';
import { renamingMessages } from './naming.js';
import { MAX_ELEMENTS, viewValue, type ValueView } from './values.js';
import { equationLatex, type DeadGradient, type Equation, type Stage } from './equation.js';
import { derivationLatex } from './latexLayout.js';
import { describeValue } from '../util/describe.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The inputs whose gradients are derived (default: every variable `y` depends on). */
  wrt?: Node | readonly Node[];
  /**
   * Adjoint notation: `'bar'` (`\bar{z}`, default), `'delta'` (`\delta_z`; `\delta^{(l)}` for a
   * node named `z^{(l)}` or `Z^{(l)}`, `\delta_t` for `z_t`), `'partial'` (the total derivative
   * `\frac{\mathrm{d} L}{\mathrm{d} z}`, written apart from the local `\frac{\partial c}{\partial z}`
   * of the chain rule).
   */
  adjoint?: AdjointNotation;
  /** `'matrix'` (default) or `'index'` notation (`z_{ij} = \sum_k x_{ik} w_{kj} + b_{j}`). */
  notation?: 'matrix' | 'index';
  /** Show numbers beside the symbols (default: true when every variable has a value). */
  values?: boolean;
  /** Name of the output when it is unnamed (default `L`); read as a label is. */
  loss?: string;
  /**
   * Which nodes get their own equation: `'named'` (named nodes, fan-out points, the output,
   * and unnamed sub-expressions longer than 32 ops or deeper than 8, named `v_1, v_2, …`;
   * default) or `'all'` (every op node).
   */
  stages?: 'named' | 'all';
  /** Longest expanded gradient (in LaTeX characters) that is still shown (default 400). */
  expandLimit?: number;
  /** Significant digits of numbers (default 6). */
  digits?: number;
  /** Most elements of a tensor value printed in full (default 16: a 4 × 4 matrix); bigger ones are summarised. */
  maxElements?: number;
  /** Emit a process warning for each dead gradient and each shared name (default true). */
  warn?: boolean;
  /**
   * The size budget, in LaTeX characters of equations (default 100,000, a few dozen pages).
   * The final gradients may use a quarter of it, the forward equations half of what is left,
   * the adjoint equations the rest; equations past a section's share are counted and
   * summarised ("… 2,480 more adjoint equations not shown"), and one expression longer than
   * an eighth of the budget prints as a note saying so. `Infinity` shows everything.
   */
  maxChars?: number;
}

export type { Stage, Equation, DeadGradient } from './equation.js';

const KNOWN = ['wrt', 'adjoint', 'notation', 'values', 'loss', 'stages', 'expandLimit', 'digits', 'maxElements', 'warn', 'maxChars'];
const DEFAULT_MAX_CHARS = 100_000;

/** How many equations of each section the size budget left out. */
type Omitted = { forward: number; adjoints: number; gradients: number };

/** One section of a derivation, titled; `omitted` counts its equations past the size budget. */
export interface Section {
  title: string;
  equations: Equation[];
  omitted?: number;
  /** The sentence that says what was omitted and how to see it. */
  omittedNote?: string;
}

/**
 * A derivation: the forward equations, the seed, every adjoint (δ) equation in three stages
 * (chain rule, local derivatives substituted, simplified), and the final gradients, each
 * numbered, with numbers beside the symbols. Render it with {@link Derivation.toLatex},
 * {@link Derivation.toMarkdown}, {@link Derivation.toText}, {@link Derivation.toHTML} or
 * {@link Derivation.toJSON}.
 *
 * Layout convention: the gradient of a tensor has the tensor's shape (denominator layout),
 * so `\bar{W}` has `W`'s shape and `\bar{x}\,\partial c/\partial x` denotes a
 * vector-Jacobian product; vectors are columns, and data matrices hold an example per row.
 * Every renderer states it ({@link Derivation.layout}). Derivatives print in their simplest
 * equivalent form (the display simplifier; the graph is unchanged), definitions as written.
 * @example
 * const x = tg.variable('x', 3);
 * const d = tg.explain(x.mul(x).as('y'));
 * d.equations.map((e) => e.kind); // → ['forward', 'seed', 'adjoint', 'gradient']
 * d.toText().split('\n')[3]; // → '(1)   y = x·x'
 * @category Explain
 */
export class Derivation {
  /** Forward equations, in topological order. */
  readonly forward: Equation[];
  /** The seed `\bar{L} = 1`. */
  readonly seed: Equation;
  /** Adjoint equations, from the output back to the inputs. */
  readonly adjoints: Equation[];
  /** The final gradients, one per `wrt`. */
  readonly gradients: Equation[];
  /** Gradients that are structurally zero, with reasons. */
  readonly dead: DeadGradient[];
  /** Human-readable warnings: one per dead gradient, one per name shared by different nodes. */
  readonly warnings: string[];
  /** The output's name (LaTeX). */
  readonly output: string;
  /** The options used. */
  readonly notation: 'matrix' | 'index';
  readonly adjoint: AdjointNotation;
  /** How many equations of each section the size budget (`maxChars`) left out. */
  readonly omitted: { readonly forward: number; readonly adjoints: number; readonly gradients: number };
  /** The size budget used, in characters. */
  readonly maxChars: number;
  /** @internal */
  readonly analysis: Analysis;

  /** @internal Use {@link explain}. */
  constructor(parts: { forward: Equation[]; seed: Equation; adjoints: Equation[]; gradients: Equation[]; dead: DeadGradient[]; analysis: Analysis; notation: 'matrix' | 'index'; adjoint: AdjointNotation; omitted: Omitted; maxChars: number }) {
    this.forward = parts.forward;
    this.seed = parts.seed;
    this.adjoints = parts.adjoints;
    this.gradients = parts.gradients;
    this.dead = parts.dead;
    this.analysis = parts.analysis;
    // One warning per cause: every gradient a constant loss stops is listed in one sentence.
    this.warnings = [...deadWarnings(parts.dead, parts.analysis.lossName.text), ...renamingMessages(parts.analysis.renamed)];
    this.output = parts.analysis.lossName.latex;
    this.notation = parts.notation;
    this.adjoint = parts.adjoint;
    this.omitted = parts.omitted;
    this.maxChars = parts.maxChars;
  }

  /** The layout convention and the data layout, as every renderer states them (text and LaTeX). */
  get layout(): { readonly text: string; readonly latex: string } {
    return LAYOUT;
  }

  /** Every equation shown, in order: forward, seed, adjoints, gradients. */
  get equations(): Equation[] {
    return [...this.forward, this.seed, ...this.adjoints, ...this.gradients];
  }

  /** The sections of the derivation, titled. @internal */
  sections(): Section[] {
    const section = (title: string, equations: Equation[], omitted: number, what: string): Section => ({
      title,
      equations,
      ...(omitted > 0 && { omitted, omittedNote: `… ${omitted.toLocaleString('en-US')} more ${what}${omitted > 1 ? 's' : ''} not shown: the derivation is longer than its size budget (maxChars ${this.maxChars.toLocaleString('en-US')}); explain(y, { maxChars: Infinity }) shows everything.` }),
    });
    return [
      section('Forward pass', this.forward, this.omitted.forward, 'forward equation'),
      section('Seed', [this.seed], 0, ''),
      section('Backward pass (adjoints)', this.adjoints, this.omitted.adjoints, 'adjoint equation'),
      section('Gradients', this.gradients, this.omitted.gradients, 'gradient'),
    ].filter((s) => s.equations.length > 0 || s.omitted);
  }

  /**
   * LaTeX: an `align*` environment (KaTeX- and amsmath-compatible), or with
   * `{ standalone: true }` a whole document (amsmath, amssymb; plus TikZ when `tikz` holds a
   * figure from {@link toTikz}) that compiles with pdflatex. The `title` is plain text.
   */
  toLatex(options: { standalone?: boolean; title?: string; tikz?: string } = {}): string {
    checkOptions('toLatex', options, ['standalone', 'title', 'tikz']);
    return derivationLatex(this, options);
  }

  /** Markdown: headings and one `$$` block per equation (renders on GitHub and in Jupyter). Text from labels is escaped. */
  toMarkdown(): string {
    const out: string[] = [`# Derivation of the gradient of $${this.output}$`, '', `_${markdownText(LAYOUT.text)}_`];
    if (this.warnings.length) out.push('', ...this.warnings.map((w) => `> **Warning:** ${markdownText(w)}`));
    for (const s of this.sections()) {
      out.push('', `## ${s.title}`, '');
      for (const e of s.equations) out.push('$$', equationLatex(e), '$$', ...(e.note ? ['', `_${markdownText(e.note.text)}_`] : []), '');
      if (s.omittedNote) out.push(`_${markdownText(s.omittedNote)}_`, '');
    }
    return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  /** Unicode text for terminals: `(7)  δ⁽²⁾ = (Wᵀ δ⁽³⁾) ⊙ a ⊙ (1 − a)`. */
  toText(): string {
    const out: string[] = [LAYOUT.text, ''];
    if (this.warnings.length) out.push(...this.warnings.map((w) => `warning: ${w}`), '');
    for (const s of this.sections()) {
      out.push(`${s.title}:`);
      for (const e of s.equations) {
        const tag = `(${e.number})`.padEnd(6);
        const rhs = [...e.stages.map((st) => st.text), ...(e.value ? [e.value.text] : [])];
        const pad = ' '.repeat(6 + [...e.lhs.text].length + 1);
        out.push(`${tag}${e.lhs.text} = ${rhs[0] ?? ''}`, ...rhs.slice(1).map((r) => `${pad}= ${r}`));
        if (e.note) out.push(`${pad}  (${e.note.text})`);
      }
      if (s.omittedNote) out.push(s.omittedNote);
      out.push('');
    }
    return out.join('\n').trimEnd() + '\n';
  }

  /** The steps as data: LaTeX, text, values and node ids, for other tools. */
  toJSON(): object {
    return {
      output: this.output,
      notation: this.notation,
      adjoint: this.adjoint,
      layout: LAYOUT.text,
      wrt: this.analysis.wrt.map((w) => this.analysis.names.get(w)?.latex ?? this.analysis.ids.get(w)),
      equations: this.equations.map((e) => ({ number: e.number, kind: e.kind, id: e.id, lhs: e.lhs, stages: e.stages, ...(e.value && { value: e.value }), ...(e.note && { note: e.note }) })),
      omitted: this.omitted,
      maxChars: this.maxChars,
      dead: this.dead,
      warnings: this.warnings,
    };
  }

  /**
   * One self-contained HTML page that works offline: KaTeX-rendered equations (CSS and fonts
   * inlined) and the SVG picture of the graph. Asynchronous because the Graphviz renderer is.
   */
  async toHTML(options: { title?: string } = {}): Promise<string> {
    const { derivationHtml } = await import('./html.js');
    return derivationHtml(this, options);
  }
}

// ---------------------------------------------------------------------------------------
// Building a derivation: the options, then one pass per section, each within its share of
// the size budget.

interface Settings {
  notation: 'matrix' | 'index';
  adjoint: AdjointNotation;
  digits: number;
  expandLimit: number;
  maxChars: number;
  maxElements: number;
  showValues: boolean;
  warn: boolean;
}

function readSettings(options: ExplainOptions): Settings {
  checkOptions('explain', options, KNOWN);
  const notation = options.notation ?? 'matrix';
  if (notation !== 'matrix' && notation !== 'index') throw new ArgumentError(`explain: notation must be 'matrix' or 'index'; got ${describeValue(notation)}`);
  const digits = options.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`explain: digits must be an integer from 1 to 17; got ${options.digits}`);
  const expandLimit = options.expandLimit ?? 400;
  if (typeof expandLimit !== 'number' || !(expandLimit >= 0)) throw new ArgumentError(`explain: expandLimit must be a number ≥ 0; got ${describeValue(options.expandLimit)}`);
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (typeof maxChars !== 'number' || !(maxChars >= 1000)) throw new ArgumentError(`explain: maxChars must be a number ≥ 1000, or Infinity for everything; got ${describeValue(options.maxChars)}`);
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  if (!Number.isInteger(maxElements) || maxElements < 0) throw new ArgumentError(`explain: maxElements must be a non-negative integer; got ${describeValue(options.maxElements)}`);
  for (const flag of ['values', 'warn'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw new ArgumentError(`explain: ${flag} must be true or false; got ${describeValue(options[flag])}`);
  }
  return { notation, adjoint: options.adjoint ?? 'bar', digits, expandLimit, maxChars, maxElements, showValues: false, warn: options.warn !== false };
}

/** What every pass shares: the analysis, the settings, the printers. */
class Builder {
  readonly indexed: boolean;
  /** The longest one expression may print before it is summarised. */
  readonly exprLimit: number;
  private used = 0;

  /** What the display simplifications of this derivation share (named definitions, sums met). */
  readonly display = new DisplayContext();
  /** The same for expanded gradients (where nothing prints as a name but the leaves). */
  readonly expandedDisplay = new DisplayContext();
  /** Rebuilt stages whose definition {@link display} knows already (one per consumer, however many inputs it has). */
  readonly definedStages = new Set<Node>();

  constructor(readonly a: Analysis, readonly s: Settings) {
    this.indexed = s.notation === 'index';
    this.exprLimit = Math.max(500, Math.floor(s.maxChars / 8));
    // A form equal to a user-named node's definition prints as its name.
    this.display.defineAll(a.stages.filter((st) => st.label !== undefined), (n) => a.names.has(n));
  }

  /** The display form of `root` (its simplest equivalent form; see `simplify.ts`), where `atom` tells what prints as a name. */
  shown(root: Node, atom: (n: Node) => boolean, options: { level?: 'notation' | 'algebra'; self?: Node; expanded?: boolean } = {}): DisplayResult {
    return displayForm(root, { atom, notation: this.s.notation, context: options.expanded ? this.expandedDisplay : this.display, ...(options.level && { level: options.level }), ...(options.self && { self: options.self }), budget: Math.min(DISPLAY_BUDGET, this.exprLimit) });
  }

  /** Characters of the budget left. */
  get left(): number {
    return this.s.maxChars - this.used;
  }

  /**
   * Builds equations for `items` until `share` characters are used; counts the rest.
   * `make` returns undefined for an item with no equation.
   */
  section<T>(items: readonly T[], share: number, make: (item: T) => Equation | undefined): { equations: Equation[]; omitted: number } {
    const equations: Equation[] = [];
    let spent = 0, k = 0;
    for (; k < items.length; k++) {
      if (spent >= share) break;
      const e = make(items[k]!);
      if (!e) continue;
      const cost = equationCost(e);
      if (spent + cost > share && equations.length > 0) break;
      equations.push(e);
      spent += cost;
    }
    this.used += spent;
    let omitted = 0;
    for (; k < items.length; k++) omitted++;
    return { equations, omitted };
  }

  value(n: Node | undefined): ValueView | undefined {
    if (!this.s.showValues || !n) return undefined;
    try {
      return viewValue(denoised(n, n.tensor as Tensor), this.s.digits, this.s.maxElements);
    } catch (e) {
      if (e instanceof TracegradError) return undefined;
      throw e;
    }
  }

  name(n: Node): Name {
    return this.a.names.get(n)!;
  }

  idxOf(n: Node): string[] {
    return outputIndices(n.shape);
  }

  withIdx(name: Name, n: Node): Name {
    return this.indexed ? indexedName(name, this.idxOf(n)) : name;
  }

  /** A stage that says an expression was too long to show. */
  tooLong(label: string): Stage {
    const text = `(an expression longer than ${this.exprLimit.toLocaleString('en-US')} characters; raise maxChars to see it)`;
    return { label, latex: `\\text{${latexText(text)}}`, text };
  }

  /** Prints `root` with forward names, in matrix or index notation at `at`'s indices. */
  printForward(root: Node, at: Node, format: 'latex' | 'text', settings: Partial<PrintSettings> = {}): string | undefined {
    const full: PrintSettings = { digits: this.s.digits, names: (n) => this.a.names.get(n), trustNames: true, maxChars: this.exprLimit, ...settings };
    return (this.indexed ? printIndexed(root, this.idxOf(at), format, full) : printExpr(root, format, full))?.s;
  }

  /**
   * The display form of an adjoint node for the equation of `of`: what prints as a name are the
   * forward names and the adjoint names that equation may use. An adjoint that is another
   * one's alias stays as it is (it prints as that name).
   */
  shownAdjoint(root: Node, of: Node | undefined): DisplayResult {
    const adjoint = adjointLookup(this.a, of);
    if (!this.a.position.has(root) && adjoint(root)) return { node: root, facts: [] };
    return this.shown(root, (n) => this.a.names.has(n) || adjoint(n) !== undefined);
  }

  /** Prints an adjoint node with forward names and the adjoint names the equation of `of` may use. */
  printAdjoint(root: Node, of: Node, format: 'latex' | 'text'): string | undefined {
    // An adjoint that is a named forward quantity (∂L/∂h = h) prints as its name.
    const own = root.leaf === undefined ? this.a.names.get(root) : undefined;
    if (own) {
      const withI = this.withIdx(own, of);
      return format === 'latex' ? withI.latex : withI.text;
    }
    if (!this.indexed) return printWithNames(this.a, root, format, this.s.digits, of, this.exprLimit);
    const adjoint = adjointLookup(this.a, of);
    const alias = this.a.position.has(root) ? undefined : adjoint(root);
    if (alias) {
      const withI = indexedName(alias, this.idxOf(of));
      return format === 'latex' ? withI.latex : withI.text;
    }
    return printIndexed(root, this.idxOf(of), format, { digits: this.s.digits, names: (n) => this.a.names.get(n) ?? adjoint(n), trustNames: true, maxChars: this.exprLimit })?.s;
  }

  /**
   * A sum of like terms in time-indexed names written `Σₜ δₜ hₜ₋₁ᵀ` (a weight shared by an
   * unrolled network), as a stage beside the unrolled terms; undefined for other forms.
   */
  sumOverIndex(root: Node, of: Node): Stage | undefined {
    if (this.indexed) return undefined;
    const adjoint = adjointLookup(this.a, of);
    const nameOf = (n: Node) => this.a.names.get(n) ?? adjoint(n);
    const folded = sumOverIndex(root, nameOf, (term, format, names) => printExpr(term, format, { digits: this.s.digits, names, trustNames: true, maxChars: this.exprLimit })?.s);
    return folded && { label: 'sum over t', ...folded };
  }

  /** The note stating the facts about constants a simplification used (`1ᵀ y = 1`), or undefined. */
  factsNote(facts: readonly DisplayFact[]): { latex: string; text: string } | undefined {
    const seen = new Set<Node>();
    const parts: { latex: string; text: string }[] = [];
    for (const f of facts) {
      if (seen.has(f.expr)) continue;
      seen.add(f.expr);
      const expr = (fmt: 'latex' | 'text') => printExpr(f.expr, fmt, { digits: this.s.digits, names: (n) => this.a.names.get(n), trustNames: true, maxChars: 200 })?.s;
      const about = this.a.names.get(f.about);
      const latex = expr('latex'), text = expr('text');
      if (latex === undefined || text === undefined) continue;
      const what = factWhat(f);
      parts.push({
        latex: `${latex} = ${f.value}\\text{, since ${what.before} }${about ? about.latex : '\\text{the constant}'}\\text{ ${what.after}}`,
        text: `${text} = ${f.value}, since ${what.before} ${about ? about.text : 'the constant'} ${what.after}`,
      });
    }
    if (!parts.length) return undefined;
    return { latex: `\\text{using } ${parts.map((p) => p.latex).join(',\\ ')}`, text: `using ${parts.map((p) => p.text).join(', ')}` };
  }

  /** A stage printed in both formats, or the too-long note. */
  stage(label: string, print: (format: 'latex' | 'text') => string | undefined): Stage {
    const latex = print('latex');
    const text = latex === undefined ? undefined : print('text');
    return latex === undefined || text === undefined ? this.tooLong(label) : { label, latex, text };
  }
}

function equationCost(e: Equation): number {
  let n = e.lhs.latex.length + (e.value?.latex.length ?? 0) + (e.note?.latex.length ?? 0) + 16;
  for (const s of e.stages) n += s.latex.length + 4;
  return n;
}

/** True when a value would only repeat the last stage (`= 1 = 1`). */
function sameAsLast(stages: readonly Stage[], v: ValueView): boolean {
  return stages.length > 0 && stages[stages.length - 1]!.latex === v.latex;
}

/** Joins parts with `sep`, or undefined once longer than `limit`. */
function joinWithin(parts: Iterable<string | undefined>, sep: string, limit: number): string | undefined {
  let out = '';
  let first = true;
  for (const p of parts) {
    if (p === undefined) return undefined;
    out += first ? p : sep + p;
    first = false;
    if (out.length > limit) return undefined;
  }
  return out;
}

/** Pass 1: a forward equation per stage: its definition in named quantities, and its value. */
function forwardEquation(b: Builder, s: Node): Equation {
  const lhs = b.withIdx(b.name(s), s);
  const value = b.value(s);
  // A definition is written as the user wrote it, in textbook notation (½‖a − y‖², xᵀA x).
  const shown = b.shown(s, (n) => n !== s && b.a.names.has(n), { level: 'notation', self: s }).node;
  return { number: b.a.forwardNumber.get(s)!, kind: 'forward', id: b.a.ids.get(s)!, lhs: { latex: lhs.latex, text: lhs.text }, stages: [b.stage('definition', (f) => b.printForward(shown, s, f))], ...(value && { value }) };
}

/** Pass 2: the seed `\bar{L} = 1`. */
function seedEquation(b: Builder): Equation {
  const { y } = b.a;
  const lhs = b.a.adjointNames.get(y) ?? wholeName({ latex: `\\bar{${b.a.lossName.latex}}`, text: `${b.a.lossName.text}\u0304` }, 'atom');
  return { number: b.a.seedNumber, kind: 'seed', id: b.a.ids.get(y)!, lhs: { latex: lhs.latex, text: lhs.text }, stages: [{ label: 'seed', latex: y.rank ? '\\mathbf{1}' : '1', text: '1' }] };
}

/** Pass 3: an adjoint equation per named node: the chain rule, the local derivatives, and the adjoint `grad` built. */
function adjointEquation(b: Builder, v: Node): Equation | undefined {
  const { a } = b;
  if (v === a.y) return undefined;
  const cs = (a.consumers.get(v) ?? []).filter((c) => a.pass.adjoints.has(c));
  const stages: Stage[] = [];
  if (cs.length) {
    const partial = (c: Node, f: 'latex' | 'text') => {
      const adj = a.adjointNames.get(c)!, cn = b.name(c), vn = b.name(v);
      return f === 'latex' ? `${adj.latex} \\frac{\\partial ${cn.latex}}{\\partial ${vn.latex}}` : `${adj.text}·∂${cn.text}/∂${vn.text}`;
    };
    stages.push(b.stage('chain rule', (f) => joinWithin(cs.map((c) => partial(c, f)), ' + ', b.exprLimit)));
  }
  const terms: { t: Node; names: (n: Node) => Name | undefined }[] = [];
  const facts: DisplayFact[] = [];
  for (const c of cs) {
    const local = localTerms(a, c);
    const t = local.terms.get(v);
    if (!t) continue;
    const names = (n: Node) => local.names.get(n) ?? (n.leaf ? a.names.get(n) : undefined);
    // The rebuilt stage prints as its name where its definition's form appears (f for σ(z)).
    // Once per stage: a sum of n terms is the consumer of n inputs, and defining it again for
    // each of them made explaining it quadratic.
    if (!b.definedStages.has(local.stage)) {
      b.definedStages.add(local.stage);
      b.display.defineAll([local.stage], (n) => names(n) !== undefined);
    }
    const shown = b.shown(t, (n) => names(n) !== undefined);
    facts.push(...shown.facts);
    terms.push({ t: shown.node, names });
  }
  if (terms.length) {
    const print = (f: 'latex' | 'text') => joinWithin(
      (function* () {
        for (const { t, names } of terms) yield b.printForward(t, v, f, { names });
      })(),
      ' + ',
      b.exprLimit,
    );
    stages.push(b.stage('local derivatives', print));
  }
  const adj = a.pass.adjoints.get(v)!;
  const shown = b.shownAdjoint(adj, v);
  facts.push(...shown.facts);
  const simplified = b.stage('simplified', (f) => b.printAdjoint(shown.node, v, f));
  if (!stages.length || stages[stages.length - 1]!.latex !== simplified.latex) stages.push(simplified);
  const indexed = b.sumOverIndex(shown.node, v);
  if (indexed) stages.push(indexed);
  const value = b.value(adj);
  const lhs = b.withIdx(a.adjointNames.get(v)!, v);
  const note = b.factsNote(facts);
  return { number: a.adjointNumber.get(v)!, kind: 'adjoint', id: a.ids.get(v)!, lhs: { latex: lhs.latex, text: lhs.text }, stages, ...(value && !sameAsLast(stages, value) && { value }), ...(note && { note }) };
}

/** Every name of a derivation, in LaTeX and in text, made once per analysis. */
const namesUsed = new WeakMap<Analysis, { latex: Set<string>; text: Set<string> }>();
function usedNames(a: Analysis): { latex: Set<string>; text: Set<string> } {
  let used = namesUsed.get(a);
  if (!used) {
    used = { latex: new Set(), text: new Set() };
    for (const m of a.names.values()) {
      used.latex.add(m.latex);
      used.text.add(m.text);
    }
    namesUsed.set(a, used);
  }
  return used;
}

/**
 * The name an input the gradient is taken with respect to prints as: its name in the
 * derivation; else its own label or name, primed when a node of the graph has that name (a
 * variable the output does not depend on may share a name with one it does); else its
 * expression in brackets, ∂a/∂(w·x) or ∂a/∂(2.5), never a name it does not have.
 */
function wrtName(a: Analysis, w: Node): Name {
  const given = a.names.get(w);
  if (given !== undefined) return given;
  const own = w.label ?? w.name;
  if (own !== undefined) {
    const name = nameOf(own);
    let k = 0;
    const used = usedNames(a);
    const taken = (n: Name) => used.latex.has(n.latex) || used.text.has(n.text);
    while (taken(k === 0 ? name : primed(name, k))) k++;
    return k === 0 ? name : primed(name, k);
  }
  const text = printExpr(w, 'text', { digits: 6, maxChars: 60 })?.s;
  const latex = printExpr(w, 'latex', { digits: 6, maxChars: 120 })?.s;
  if (text !== undefined && latex !== undefined) return wholeName({ latex: `\\left(${latex}\\right)`, text: `(${text})` }, 'atom');
  const k = a.wrt.indexOf(w) + 1;
  return wholeName({ latex: `\\text{input ${k}}`, text: `input ${k}` }, 'atom');
}

/** Nodes of an expanded tree per character of the expanded form's limit, past which it is not tried. */
const EXPANDED_NODES_PER_CHAR = 8;

/** True when `root` written out as a tree (every use of a shared node counted) has more than `bound` nodes; at most `bound` + 1 visits. */
function treeExceeds(root: Node, bound: number): boolean {
  const stack: Node[] = [root];
  let count = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (++count > bound) return true;
    for (let i = 0, k = inputCount(n); i < k; i++) stack.push(inputAt(n, i));
  }
  return false;
}

/** Pass 4: a final gradient per input: compact (named quantities and adjoints), and expanded to the leaves when short. */
function gradientEquation(b: Builder, w: Node): Equation {
  const { a } = b;
  const wName = wrtName(a, w);
  // With adjoint: 'partial' every total derivative is written dL/dx, apart from the local ∂c/∂x.
  const frac = b.s.adjoint === 'partial' ? totalDerivativeName(a.lossName, wName) : wholeName({ latex: `\\frac{\\partial ${a.lossName.latex}}{\\partial ${wName.latex}}`, text: `∂${a.lossName.text}/∂${wName.text}` }, 'atom');
  const adj = a.pass.adjoints.get(w);
  const stages: Stage[] = [];
  const facts: DisplayFact[] = [];
  if (!adj) stages.push({ label: 'compact', latex: '0', text: '0' });
  else {
    const compact = b.shownAdjoint(adj, w);
    facts.push(...compact.facts);
    stages.push(b.stage('compact', (f) => b.printAdjoint(compact.node, w, f)));
    const indexed = b.sumOverIndex(compact.node, w);
    if (indexed) stages.push(indexed);
    const limit = Math.min(b.s.expandLimit, b.exprLimit);
    // The expanded form is shown only when it prints within `limit` characters; one whose tree
    // has many times more nodes will not, and simplifying it first made explain quadratic on
    // micrograd's MLPs (each of n gradients simplified over thousands of nodes).
    if (!treeExceeds(adj, EXPANDED_NODES_PER_CHAR * limit)) {
      const full = b.shown(adj, (n) => n.leaf !== undefined, { expanded: true });
      const expanded = (f: 'latex' | 'text') => b.printForward(full.node, w, f, { inline: true, maxChars: f === 'latex' ? limit : Infinity, names: (n) => (n.leaf ? a.names.get(n) : undefined) });
      const latex = expanded('latex');
      if (latex !== undefined && latex !== stages[0]!.latex) {
        stages.push({ label: 'expanded', latex, text: expanded('text')! });
        facts.push(...full.facts);
      }
    }
  }
  const value = b.value(adj);
  const lhs = b.withIdx(frac, w);
  const note = b.factsNote(facts);
  return { number: a.gradientNumber.get(w)!, kind: 'gradient', id: a.ids.get(w) ?? '', lhs: { latex: lhs.latex, text: lhs.text }, stages, ...(value && !sameAsLast(stages, value) && { value }), ...(note && { note }) };
}

/** Why the gradient stops at `n` for input `i`, in text and LaTeX: the op's own reason, or the generic one. */
function deadReason(a: Analysis, n: Node, i: number): { text: string; latex: string } {
  const x = inputAt(n, i);
  const name = a.names.get(x);
  const inputName = name?.text ?? `(${printExpr(x, 'text', { digits: 6, maxChars: 200 })?.s ?? 'a long expression'})`;
  const expr = name ? undefined : printExpr(x, 'latex', { digits: 6, maxChars: 400 })?.s;
  const inputLatex = name?.latex ?? (expr !== undefined ? `\\left(${expr}\\right)` : '\\text{(a long expression)}');
  const own = n.op.deadGradient?.({ node: n, input: i, inputName, lossName: a.lossName.text, inputLatex, lossLatex: a.lossName.latex });
  if (own !== undefined) return typeof own === 'string' ? { text: own, latex: `\\text{${latexText(own)}}` } : own;
  return {
    text: `the local derivative of ${n.op.name} with respect to ${inputName} is structurally zero`,
    latex: `\\text{the local derivative of ${latexText(n.op.name)} with respect to } ${inputLatex} \\text{ is structurally zero}`,
  };
}

/**
 * Pass 5: dead gradients. For an input whose gradient is structurally zero, the reason is the
 * latest place (nearest the output) where a non-zero adjoint meets a zero local derivative
 * on the way to it: the blocking edges are taken from the output down, and each marks the
 * nodes below it that no earlier one marked, so every node is marked once.
 */
function deadGradients(a: Analysis, latex: Map<DeadGradient, string>): DeadGradient[] {
  const out: DeadGradient[] = [];
  const zero = a.wrt.filter((w) => {
    const adj = a.pass.adjoints.get(w);
    return adj !== undefined && isZero(adj);
  });
  const marks = new Map<Node, { n: Node; i: number; c: Node }>();
  if (zero.length > 0) {
    const zeroFrom = new Map<Node, Set<Node>>();
    for (const [c, list] of contributions(a)) for (const t of list) if (isZero(t.term)) (zeroFrom.get(t.from) ?? zeroFrom.set(t.from, new Set()).get(t.from)!).add(c);
    for (let k = a.order.length - 1; k >= 0; k--) {
      const n = a.order[k]!;
      const g = a.pass.adjoints.get(n);
      const blocked = zeroFrom.get(n);
      if (!g || isZero(g) || n.leaf || !blocked) continue;
      for (let i = 0; i < inputCount(n); i++) {
        const c = inputAt(n, i);
        if (!blocked.has(c) || marks.has(c)) continue;
        const edge = { n, i, c };
        const stack = [c];
        marks.set(c, edge);
        while (stack.length > 0) {
          const m = stack.pop()!;
          for (let j = 0; j < inputCount(m); j++) {
            const p = inputAt(m, j);
            if (!marks.has(p)) {
              marks.set(p, edge);
              stack.push(p);
            }
          }
        }
      }
    }
  }
  for (const w of a.wrt) {
    const name = wrtName(a, w);
    const adj = a.pass.adjoints.get(w);
    if (!adj) {
      const d = { wrt: name.text, wrtLatex: name.latex, reason: `${a.lossName.text} does not depend on ${name.text}` };
      latex.set(d, `${a.lossName.latex} \\text{ does not depend on } ${name.latex}`);
      out.push(d);
    } else if (isZero(adj)) {
      const edge = marks.get(w);
      const why = edge ? deadReason(a, edge.n, edge.i) : { text: 'the gradient simplifies to 0', latex: '\\text{the gradient simplifies to } 0' };
      const d: DeadGradient = edge ? { wrt: name.text, wrtLatex: name.latex, reason: why.text, at: a.ids.get(edge.n)!, input: a.ids.get(edge.c)! } : { wrt: name.text, wrtLatex: name.latex, reason: why.text };
      latex.set(d, why.latex);
      out.push(d);
    }
  }
  return out;
}

/**
 * Explains the gradient of `y`: builds the derivation from the same reverse pass as
 * {@link grad}. Dead gradients (structurally zero, or `y` not depending on an input) are
 * listed with their reasons in `dead` and `warnings`, and emitted as process warnings; so are
 * different nodes that share a name (they print apart, `x` and `x′`). The time and the output
 * are linear in the size of the graph, and the output is bounded by `maxChars`.
 * @param y the output (a scalar, usually a loss)
 * @param options wrt, notation, adjoint notation, values, maxChars, …
 * @returns the {@link Derivation}
 * @throws {@link ArgumentError} for unknown options or values; {@link ShapeError} when `y` is not a scalar
 * @example
 * const x = tg.variable('x', 2), w = tg.variable('w', 3);
 * const d = tg.explain(tg.sigmoid(w.mul(x).as('z')).as('a'), { wrt: [w] });
 * d.adjoints.map((e) => e.lhs.text); // → ['z̄', 'w̄']
 * d.gradients[0].stages.map((s) => s.text); // → ['z̄·x', 'σ(w·x)·(1 − σ(w·x))·x']
 * @category Explain
 */
export function explain(y: Node, options: ExplainOptions = {}): Derivation {
  // As grad and backward: a derivation is of a scalar. A tensor output was seeded with ones and
  // its gradients printed as ∂z/∂b, which are the gradients of sum(z), not the Jacobian.
  if (isNode(y) && y.rank !== 0) throw new ShapeError(`explain: y has shape ${formatShape(y.shape)}; a derivation is of a scalar (a loss): reduce it first, e.g. tg.sum(y)`);
  const s = readSettings(options);
  const a = analyze(y, { ...(options.wrt !== undefined && { wrt: options.wrt }), ...(options.adjoint && { adjoint: options.adjoint }), ...(options.loss !== undefined && { loss: options.loss }), ...(options.stages && { stages: options.stages }) });
  const hasValues = a.order.every((n) => !n.isVariable || n.leaf!.value !== undefined);
  s.showValues = options.values ?? hasValues;
  if (s.showValues && !hasValues) {
    const missing = a.order.filter((n) => n.isVariable && n.leaf!.value === undefined).map((n) => n.leaf!.name);
    throw new ArgumentError(`explain: values were asked for but variables have no value: ${missing.join(', ')}`);
  }
  const b = new Builder(a, s);
  // The final gradients first (they are what was asked for), then the forward and the adjoint equations.
  const gradients = b.section(a.wrt, s.maxChars / 4, (w) => gradientEquation(b, w));
  const forward = b.section(a.stages, b.left / 2, (st) => forwardEquation(b, st));
  const seed = seedEquation(b);
  const adjoints = b.section(a.adjointOrder, b.left, (v) => adjointEquation(b, v));
  const reasonsLatex = new Map<DeadGradient, string>();
  const dead = deadGradients(a, reasonsLatex);
  const byId = new Map(adjoints.equations.map((e) => [e.id, e]));
  const noted = new Set<Equation>();
  for (const dg of dead) {
    const eq = dg.input === undefined ? undefined : byId.get(dg.input);
    if (!eq || noted.has(eq)) continue;
    noted.add(eq);
    const latex = `\\text{(}${reasonsLatex.get(dg)!}\\text{)}`;
    eq.note = eq.note ? { latex: `${eq.note.latex};\\ ${latex}`, text: `${eq.note.text}; ${dg.reason}` } : { latex, text: dg.reason };
  }
  const d = new Derivation({
    forward: forward.equations, seed, adjoints: adjoints.equations, gradients: gradients.equations, dead, analysis: a, notation: s.notation, adjoint: s.adjoint,
    omitted: { forward: forward.omitted, adjoints: adjoints.omitted, gradients: gradients.omitted }, maxChars: s.maxChars,
  });
  const emit = typeof process !== 'undefined' && typeof process.emitWarning === 'function' ? process.emitWarning.bind(process) : undefined;
  if (s.warn && emit) {
    const causes = deadWarnings(dead, a.lossName.text).length;
    for (const w of d.warnings.slice(0, causes)) emit(w, { type: 'TracegradWarning', code: 'TRACEGRAD_DEAD_GRADIENT' });
    for (const w of d.warnings.slice(causes)) emit(`explain: ${w}`, { type: 'TracegradWarning', code: 'TRACEGRAD_SAME_NAME' });
  }
  return d;
}
