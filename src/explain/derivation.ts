import { ArgumentError, TracegradError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import type { Node } from '../core/node.js';
import type { Tensor } from '../tensor/tensor.js';
import { adjointText, analyze, isZero, localTerm, printWithNames, referableAdjoints, type AdjointNotation, type Analysis } from './analysis.js';
import { indexedName, outputIndices, printIndexed } from './indexed.js';
import { latexName, latexToText, textName } from '../util/names.js';
import { printExpr } from './print.js';
import { viewValue, type ValueView } from './values.js';
import { latexSafeText } from './render.js';
import { equationLatex, type DeadGradient, type Equation, type Stage } from './equation.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The inputs whose gradients are derived (default: every variable `y` depends on). */
  wrt?: Node | readonly Node[];
  /** Adjoint notation: `'bar'` (`\bar{z}`, default), `'delta'` (`\delta_z`, and `\delta^{(l)}` for a node named `z^{(l)}`), `'partial'` (`\frac{\partial L}{\partial z}`). */
  adjoint?: AdjointNotation;
  /** `'matrix'` (default) or `'index'` notation (`z_{ij} = \sum_k x_{ik} w_{kj} + b_j`). */
  notation?: 'matrix' | 'index';
  /** Show numbers beside the symbols (default: true when every variable has a value). */
  values?: boolean;
  /** Name of the output when it is unnamed (default `L`). */
  loss?: string;
  /** Which nodes get their own equation: `'named'` (named nodes, fan-out points and the output; default) or `'all'` (every op node). */
  stages?: 'named' | 'all';
  /** Longest expanded gradient (in LaTeX characters) that is still shown (default 400). */
  expandLimit?: number;
  /** Significant digits of numbers (default 6). */
  digits?: number;
  /** Emit a process warning for each dead gradient (default true). */
  warn?: boolean;
}

export type { Stage, Equation, DeadGradient } from './equation.js';

const KNOWN = ['wrt', 'adjoint', 'notation', 'values', 'loss', 'stages', 'expandLimit', 'digits', 'warn'];

/**
 * A derivation: the forward equations, the seed, every adjoint (δ) equation in three stages
 * (chain rule, local derivatives substituted, simplified), and the final gradients, each
 * numbered, with numbers beside the symbols. Render it with {@link Derivation.toLatex},
 * {@link Derivation.toMarkdown}, {@link Derivation.toText}, {@link Derivation.toHTML} or
 * {@link Derivation.toJSON}.
 *
 * Layout convention: the gradient of a tensor has the tensor's shape (denominator layout),
 * so `\bar{W}` has `W`'s shape and `\bar{x}\,\partial c/\partial x` denotes a
 * vector-Jacobian product.
 * @example
 * const x = tg.variable('x', 3);
 * const d = tg.explain(x.mul(x).as('y'));
 * d.equations.map((e) => e.kind); // → ['forward', 'seed', 'adjoint', 'gradient']
 * d.toText().split('\n')[1]; // → '(1)   y = x·x'
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
  /** Human-readable warnings (one per dead gradient). */
  readonly warnings: string[];
  /** The output's name (LaTeX). */
  readonly output: string;
  /** The options used. */
  readonly notation: 'matrix' | 'index';
  readonly adjoint: AdjointNotation;
  /** @internal */
  readonly analysis: Analysis;

  /** @internal Use {@link explain}. */
  constructor(parts: { forward: Equation[]; seed: Equation; adjoints: Equation[]; gradients: Equation[]; dead: DeadGradient[]; analysis: Analysis; notation: 'matrix' | 'index'; adjoint: AdjointNotation }) {
    this.forward = parts.forward;
    this.seed = parts.seed;
    this.adjoints = parts.adjoints;
    this.gradients = parts.gradients;
    this.dead = parts.dead;
    this.warnings = parts.dead.map((d) => `∂${latexToText(latexName(parts.analysis.lossName))}/∂${d.wrt} = 0: ${d.reason}`);
    this.analysis = parts.analysis;
    this.output = latexName(parts.analysis.lossName);
    this.notation = parts.notation;
    this.adjoint = parts.adjoint;
  }

  /** Every equation in order: forward, seed, adjoints, gradients. */
  get equations(): Equation[] {
    return [...this.forward, this.seed, ...this.adjoints, ...this.gradients];
  }

  /** The sections of the derivation, titled. @internal */
  sections(): { title: string; equations: Equation[] }[] {
    return [
      { title: 'Forward pass', equations: this.forward },
      { title: 'Seed', equations: [this.seed] },
      { title: 'Backward pass (adjoints)', equations: this.adjoints },
      { title: 'Gradients', equations: this.gradients },
    ].filter((s) => s.equations.length > 0);
  }

  /**
   * LaTeX: an `align*` environment (KaTeX- and amsmath-compatible), or with
   * `{ standalone: true }` a whole document (amsmath, amssymb; plus TikZ when `tikz` holds a
   * figure from {@link toTikz}) that compiles with pdflatex.
   */
  toLatex(options: { standalone?: boolean; title?: string; tikz?: string } = {}): string {
    const lines = (eqs: Equation[]) => eqs.map(latexRows).join(' \\\\\n');
    if (!options.standalone) {
      return `\\begin{align*}\n${this.sections().map((s) => `% ${s.title}\n${lines(s.equations)}`).join(' \\\\\n')}\n\\end{align*}`;
    }
    const title = options.title ?? `Derivation of the gradient of $${this.output}$`;
    const body = this.sections().map((s) => `\\section*{${s.title}}\n\\begin{align*}\n${lines(s.equations)}\n\\end{align*}`).join('\n\n');
    const warn = this.warnings.length
      ? `\n\n\\section*{Warnings}\n\\begin{itemize}\n${this.dead.map((d) => `\\item $\\frac{\\partial ${this.output}}{\\partial ${d.wrtLatex}} = 0$: ${latexSafeText(d.reason)}`).join('\n')}\n\\end{itemize}`
      : '';
    const fig = options.tikz ? `\n\n\\section*{Computation graph}\n\\begin{center}\n\\resizebox{\\linewidth}{!}{%\n${options.tikz}%\n}\n\\end{center}` : '';
    return `\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n${options.tikz ? '\\usepackage{tikz}\n' : ''}\\allowdisplaybreaks\n\\begin{document}\n\\section*{${escapeTitle(title)}}\nLayout convention: the gradient of a tensor has the tensor's shape.\n${fig}\n\n${body}${warn}\n\\end{document}\n`;
  }

  /** Markdown: headings and one `$$` block per equation (renders on GitHub and in Jupyter). */
  toMarkdown(): string {
    const out: string[] = [`# Derivation of the gradient of $${this.output}$`, '', '_Layout convention: the gradient of a tensor has the tensor\'s shape._'];
    if (this.warnings.length) out.push('', ...this.warnings.map((w) => `> **Warning:** ${w}`));
    for (const s of this.sections()) {
      out.push('', `## ${s.title}`, '');
      for (const e of s.equations) out.push('$$', equationLatex(e), '$$', ...(e.note ? ['', `_${e.note.text}_`] : []), '');
    }
    return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  /** Unicode text for terminals: `(7)  δ⁽²⁾ = (Wᵀ δ⁽³⁾) ⊙ a ⊙ (1 − a)`. */
  toText(): string {
    const out: string[] = [];
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
      layout: 'the gradient of a tensor has the tensor\'s shape',
      wrt: this.analysis.wrt.map((w) => this.analysis.names.get(w) ?? w.name ?? this.analysis.ids.get(w)),
      equations: this.equations.map((e) => ({ number: e.number, kind: e.kind, id: e.id, lhs: e.lhs, stages: e.stages, ...(e.value && { value: e.value }), ...(e.note && { note: e.note }) })),
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

/** True when a value would only repeat the last stage (`= 1 = 1`). */
function sameAsLast(stages: readonly Stage[], v: ValueView): boolean {
  return stages.length > 0 && stages[stages.length - 1]!.latex === v.latex;
}

function latexRows(e: Equation): string {
  const rhs = [...e.stages.map((s) => s.latex), ...(e.value ? [e.value.latex] : [])];
  const rows = rhs.map((r, i) => (i === 0 ? `${e.lhs.latex} &= ${r}` : `&= ${r}`));
  rows[rows.length - 1] += ` \\tag{${e.number}}`;
  if (e.note) rows.push(`&\\quad ${e.note.latex}`);
  return rows.join(' \\\\\n');
}

function escapeTitle(s: string): string {
  // Titles may hold math between $…$; escape only outside math.
  return s.split('$').map((part, i) => (i % 2 ? `$${part}$` : latexSafeText(part))).join('');
}

/** Why the gradient stops at `n` for input `i`: the op's own reason, or the generic one. */
function deadReason(a: Analysis, n: Node, i: number): string {
  const x = n.inputs[i]!;
  const inputName = a.names.get(x) ? textName(a.names.get(x)!) : `(${printExpr(x, 'text').s})`;
  const own = n.op.deadGradient?.({ node: n, input: i, inputName, lossName: textName(a.lossName) });
  if (own !== undefined) return own;
  return `the local derivative of ${n.op.name} with respect to ${inputName} is structurally zero`;
}

/**
 * Explains the gradient of `y`: builds the derivation from the same reverse pass as
 * {@link grad}. Dead gradients (structurally zero, or `y` not depending on an input) are
 * listed with their reasons in `dead` and `warnings`, and emitted as process warnings.
 * @param y the output (a scalar, usually a loss)
 * @param options wrt, notation, adjoint notation, values, …
 * @returns the {@link Derivation}
 * @throws {@link ArgumentError} for unknown options or values
 * @example
 * const x = tg.variable('x', 2), w = tg.variable('w', 3);
 * const d = tg.explain(tg.sigmoid(w.mul(x).as('z')).as('a'), { wrt: [w] });
 * d.adjoints.map((e) => e.lhs.text); // → ['z̄', 'w̄']
 * d.gradients[0].stages.map((s) => s.text); // → ['z̄·x', 'σ(w·x)·(1 − σ(w·x))·x']
 * @category Explain
 */
export function explain(y: Node, options: ExplainOptions = {}): Derivation {
  checkOptions('explain', options, KNOWN);
  const notation = options.notation ?? 'matrix';
  if (notation !== 'matrix' && notation !== 'index') throw new ArgumentError(`explain: notation must be 'matrix' or 'index'; got ${JSON.stringify(notation)}`);
  const digits = options.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`explain: digits must be an integer from 1 to 17; got ${options.digits}`);
  const a = analyze(y, { ...(options.wrt !== undefined && { wrt: options.wrt }), ...(options.adjoint && { adjoint: options.adjoint }), ...(options.loss && { loss: options.loss }), ...(options.stages && { stages: options.stages }) });
  const expandLimit = options.expandLimit ?? 400;
  const hasValues = a.order.every((n) => !n.isVariable || n.leaf!.value !== undefined);
  const showValues = options.values ?? hasValues;
  if (showValues && !hasValues) {
    const missing = a.order.filter((n) => n.isVariable && n.leaf!.value === undefined).map((n) => n.leaf!.name);
    throw new ArgumentError(`explain: values were asked for but variables have no value: ${missing.join(', ')}`);
  }
  const value = (n: Node | undefined): ValueView | undefined => {
    if (!showValues || !n) return undefined;
    try {
      return viewValue(n.tensor as Tensor, digits);
    } catch (e) {
      if (e instanceof TracegradError) return undefined;
      throw e;
    }
  };
  const nameLatex = (n: Node) => latexName(a.names.get(n)!);
  const adjLatex = (n: Node) => a.adjointNames.get(n)!;
  const indexed = notation === 'index';
  const idxOf = (n: Node) => outputIndices(n.shape);
  const withIdx = (latex: string, n: Node) => (indexed ? indexedName(latex, idxOf(n)) : latex);
  const namesMap = () => {
    const m = new Map<Node, string>();
    for (const [n, nm] of a.names) if (!n.isVariable) m.set(n, nm);
    return m;
  };
  const render = (root: Node, format: 'latex' | 'text', selfAdjointOf?: Node): string => {
    if (!indexed) return printWithNames(a, root, format, digits, selfAdjointOf);
    const m = namesMap();
    const forward = new Set(a.order);
    for (const [adj, name] of referableAdjoints(a, selfAdjointOf)) if (!m.has(adj)) m.set(adj, name);
    const alias = m.get(root);
    if (alias !== undefined && !forward.has(root)) {
      const target = selfAdjointOf ?? root;
      const withI = indexedName(alias, idxOf(target));
      return format === 'latex' ? withI : latexToText(withI);
    }
    const target = selfAdjointOf ?? root;
    return printIndexed(root, idxOf(target), format, m, digits).s;
  };

  // 1. Forward equations.
  const forward: Equation[] = a.stages.map((s) => {
    const latex = indexed ? printIndexed(s, idxOf(s), 'latex', namesMap(), digits).s : printExpr(s, 'latex', { names: namesMap(), digits }).s;
    const text = indexed ? printIndexed(s, idxOf(s), 'text', namesMap(), digits).s : printExpr(s, 'text', { names: namesMap(), digits }).s;
    return { number: a.forwardNumber.get(s)!, kind: 'forward', id: a.ids.get(s)!, lhs: { latex: withIdx(nameLatex(s), s), text: latexToText(withIdx(nameLatex(s), s)) }, stages: [{ label: 'definition', latex, text }], ...(value(s) && { value: value(s)! }) };
  });

  // 2. The seed.
  const seedLatex = adjLatex(y);
  const seed: Equation = { number: a.seedNumber, kind: 'seed', id: a.ids.get(y)!, lhs: { latex: seedLatex, text: adjointText(seedLatex) }, stages: [{ label: 'seed', latex: y.rank ? '\\mathbf{1}' : '1', text: '1' }] };

  // 3. Adjoint equations: chain rule, local derivatives, simplified.
  const consumersOf = (v: Node) => a.stages.filter((c) => a.pass.adjoints.has(c) && a.stageInputs.get(c)!.includes(v));
  const adjoints: Equation[] = [];
  for (const v of a.adjointOrder) {
    if (v === y) continue;
    const cs = consumersOf(v);
    const stages: Stage[] = [];
    const partial = (c: Node, f: 'latex' | 'text') =>
      f === 'latex' ? `${adjLatex(c)} \\frac{\\partial ${nameLatex(c)}}{\\partial ${nameLatex(v)}}` : `${adjointText(adjLatex(c))}·∂${textName(a.names.get(c)!)}/∂${textName(a.names.get(v)!)}`;
    if (cs.length) stages.push({ label: 'chain rule', latex: cs.map((c) => partial(c, 'latex')).join(' + '), text: cs.map((c) => partial(c, 'text')).join(' + ') });
    const terms = cs.map((c) => localTerm(a, c, v)).filter((t): t is Node => !!t);
    if (terms.length) {
      const termLatex = terms.map((t) => (indexed ? printIndexed(t, idxOf(v), 'latex', namesMap(), digits).s : printExpr(t, 'latex', { digits }).s));
      const termText = terms.map((t) => (indexed ? printIndexed(t, idxOf(v), 'text', namesMap(), digits).s : printExpr(t, 'text', { digits }).s));
      stages.push({ label: 'local derivatives', latex: termLatex.join(' + '), text: termText.join(' + ') });
    }
    const adj = a.pass.adjoints.get(v)!;
    const simplified = { label: 'simplified', latex: render(adj, 'latex', v), text: render(adj, 'text', v) };
    if (!stages.length || stages[stages.length - 1]!.latex !== simplified.latex) stages.push(simplified);
    const av = value(adj);
    adjoints.push({ number: a.adjointNumber.get(v)!, kind: 'adjoint', id: a.ids.get(v)!, lhs: { latex: withIdx(adjLatex(v), v), text: adjointText(withIdx(adjLatex(v), v)) }, stages, ...(av && !sameAsLast(stages, av) && { value: av }) });
  }

  // 4. Final gradients, compact and (when small) expanded to the leaves.
  const gradients: Equation[] = a.wrt.map((w) => {
    const wName = a.names.get(w) ?? w.label ?? w.name ?? a.ids.get(w) ?? 'x';
    const lhsLatex = `\\frac{\\partial ${latexName(a.lossName)}}{\\partial ${latexName(wName)}}`;
    const adj = a.pass.adjoints.get(w);
    const stages: Stage[] = [];
    if (!adj) stages.push({ label: 'compact', latex: '0', text: '0' });
    else {
      stages.push({ label: 'compact', latex: render(adj, 'latex', w), text: render(adj, 'text', w) });
      const expanded = (f: 'latex' | 'text') => (indexed ? printIndexed(adj, idxOf(w), f, new Map(), digits, true).s : printExpr(adj, f, { inline: true, digits }).s);
      const expandedLatex = expanded('latex');
      if (expandedLatex.length <= expandLimit && expandedLatex !== stages[0]!.latex) stages.push({ label: 'expanded', latex: expandedLatex, text: expanded('text') });
    }
    const v = value(adj);
    const lhs = indexed ? indexedName(lhsLatex, idxOf(w)) : lhsLatex;
    return { number: a.gradientNumber.get(w)!, kind: 'gradient', id: a.ids.get(w) ?? '', lhs: { latex: lhs, text: indexed ? adjointText(lhs) : `∂${textName(a.lossName)}/∂${textName(wName)}` }, stages, ...(v && !sameAsLast(stages, v) && { value: v }) };
  });

  // Dead gradients: where a non-zero adjoint meets a structurally zero local derivative.
  const dead: DeadGradient[] = [];
  for (const w of a.wrt) {
    const rawName = a.names.get(w) ?? w.label ?? w.name ?? 'x';
    const wName = textName(rawName), wLatex = latexName(rawName);
    const adj = a.pass.adjoints.get(w);
    if (!adj) {
      dead.push({ wrt: wName, wrtLatex: wLatex, reason: `${textName(a.lossName)} does not depend on ${wName}` });
      continue;
    }
    if (!isZero(adj)) continue;
    const dependsOnW = new Set<Node>();
    for (const n of a.order) if (n === w || n.inputs.some((c) => dependsOnW.has(c))) dependsOnW.add(n);
    let found: DeadGradient | undefined;
    for (let k = a.order.length - 1; k >= 0 && !found; k--) {
      const n = a.order[k]!;
      const g = a.pass.adjoints.get(n);
      if (!g || isZero(g) || n.leaf) continue;
      const list = a.pass.contributions;
      n.inputs.forEach((c, i) => {
        if (found || !dependsOnW.has(c)) return;
        const contrib = list.get(c)?.find((t) => t.from === n);
        if (contrib && isZero(contrib.term)) found = { wrt: wName, wrtLatex: wLatex, reason: deadReason(a, n, i), at: a.ids.get(n)!, input: a.ids.get(c)! };
      });
    }
    dead.push(found ?? { wrt: wName, wrtLatex: wLatex, reason: 'the gradient simplifies to 0' });
  }
  for (const dg of dead) {
    const eq = adjoints.find((e) => e.id === dg.input);
    if (eq && !eq.note) eq.note = { latex: `\\text{${latexSafeText(`(${dg.reason})`)}}`, text: dg.reason };
  }
  const d = new Derivation({ forward, seed, adjoints, gradients, dead, analysis: a, notation, adjoint: options.adjoint ?? 'bar' });
  const emit = typeof process !== 'undefined' && typeof process.emitWarning === 'function' ? process.emitWarning.bind(process) : undefined;
  if (options.warn !== false && emit) for (const w of d.warnings) emit(w, { type: 'TracegradWarning', code: 'TRACEGRAD_DEAD_GRADIENT' });
  return d;
}
