/**
 * "Check your δ": the student's formula for the adjoint of the current step, checked by the
 * engine's own checker (`tg.checkFormula` with `syntax: 'latex'`). No DOM here, so the tests
 * can run it in Node too.
 */
import * as tg from '../../../src/index.js';
import { errorColumn, errorKind, variablesOf, type Model } from './model.js';

/** A name an answer may use. */
export interface AnswerName {
  /** LaTeX, as the page shows it (`v_{4}`, `\bar{v}_{4}`). */
  latex: string;
  /** Unicode text (`v₄`, `v̄₄`). */
  text: string;
  /** What it is: a variable, a forward quantity, or the adjoint of a step already taken. */
  kind: 'variable' | 'forward' | 'adjoint';
}

/** The result of {@link checkStep}: a report, or the error that stopped the check. */
export interface StepCheck {
  /** The LaTeX that was checked: the answer without a leading `<this step's name> =`. */
  text: string;
  /** The checker's report, when the answer was read. */
  report?: tg.FormulaCheckReport;
  /** The counterexample's point with each variable's LaTeX name, in the report's order. */
  point?: { latex: string; value: tg.NestedArray | number }[];
  /** Why there is no report: the error's class, its message, and the column (1-based, in `text`) when it names one. */
  error?: { kind: string; message: string; column?: number };
}

/**
 * The node a step is about. Equation ids are `n<k>`, the node's place in the forward graph's
 * topological order, which the derivation keeps; the engine has no public lookup from an id
 * back to its node, so this reads the derivation's analysis (the same order `explain` used).
 */
export function stepNode(m: Model, k: number): tg.Node {
  const e = m.steps[k];
  if (!e) throw new tg.InternalError(`playground: there is no step ${k}`);
  return nodeOfId(m, e.id);
}

function nodeOfId(m: Model, id: string): tg.Node {
  const order = (m.derivation.analysis as { order?: readonly tg.Node[] }).order;
  const n = order?.[Number(id.slice(1))];
  if (!n) throw new tg.InternalError(`playground: no node has the id ${id}`);
  return n;
}

/** The variables of a graph (an explicit stack: a pasted formula may be deep). */
function variablesIn(root: tg.Node): tg.Node[] {
  const seen = new Set<tg.Node>([root]);
  const stack = [root];
  const out: tg.Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isVariable) out.push(n);
    for (let i = n.inputs.length - 1; i >= 0; i--) {
      const c = n.inputs[i]!;
      if (!seen.has(c)) (seen.add(c), stack.push(c));
    }
  }
  return out;
}

/**
 * The names an answer for step `k` may use: the variables, the forward quantities (`v_{1}`, …,
 * `L`), and the adjoints of the steps before `k` (those already computed). The step's own
 * adjoint and the adjoints still to come are left out: an answer in their terms would be
 * circular. Cheap (no gradient is built): the page lists these at every step.
 */
export function answerNames(m: Model, k: number): AnswerName[] {
  const seen = new Set<string>();
  const names: AnswerName[] = [];
  const add = (name: { latex: string; text: string }, kind: AnswerName['kind']) => {
    if (seen.has(name.latex)) return;
    seen.add(name.latex);
    names.push({ latex: name.latex, text: name.text, kind });
  };
  for (const v of variablesOf(m.y, m.input.expression)) add({ latex: tg.toLatex(v), text: tg.toText(v) }, 'variable');
  for (const f of m.derivation.forward) add(f.lhs, 'forward');
  for (const s of m.steps.slice(0, k)) add(s.lhs, 'adjoint');
  return names;
}

/**
 * The names of {@link answerNames}, each bound to its node (an adjoint to the engine's
 * gradient with respect to its node), under every spelling of {@link spellings} that the
 * LaTeX reader does not already take for it: the `values` of the check.
 */
export function answerBindings(m: Model, k: number): { values: Map<string, tg.Node>; names: AnswerName[] } {
  const values = new Map<string, tg.Node>();
  const bind = (key: string, node: tg.Node) => {
    if (values.has(key)) return;
    values.set(key, node);
    for (const alias of spellings(key).slice(1)) {
      try {
        if (tg.parseLatex(alias, values) === node) continue;
      } catch {
        // not read as a bound name: bind it
      }
      values.set(alias, node);
    }
  };
  // A variable by its own name (`w0`, which the reader takes as `w_{0}`).
  for (const v of variablesOf(m.y, m.input.expression)) bind(v.name!, v);
  for (const f of m.derivation.forward) bind(f.lhs.latex, nodeOfId(m, f.id));
  const earlier = m.steps.slice(0, k);
  if (earlier.length) {
    const adjoints = tg.grad(m.y, earlier.map((_, i) => stepNode(m, i)));
    earlier.forEach((s, i) => bind(s.lhs.latex, adjoints[i]!));
  }
  return { values, names: answerNames(m, k) };
}

/**
 * The ways a student may type a name the derivation prints: `\delta_{{v_{8}}}` is also
 * `\delta_{v_{8}}` and `\delta_{v_8}`; `\frac{\mathrm{d} L}{\mathrm{d} v_{8}}` also has `\partial`
 * (the LaTeX reader tells some of these apart, so those are bound too).
 */
export function spellings(latex: string): string[] {
  const out = new Set([latex]);
  let t = latex;
  for (let prev = ''; prev !== t; ) (prev = t), (t = t.replace(/\{\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\}/g, '{$1}'));
  out.add(t);
  const partial = t.replace(/\\mathrm\{d\}\s*/g, '\\partial ');
  out.add(partial);
  for (const s of [...out]) out.add(s.replace(/_\{([A-Za-z0-9])\}/g, '_$1'));
  return [...out];
}

/** Squashes LaTeX for comparing names: no spaces, braces, `\left`, `\right`. */
const squash = (s: string) => s.replace(/\\(left|right)\b|[\s{}]/g, '');

/**
 * Drops a leading `<this step's name> =` (students write the equation), and rewrites what
 * MathLive writes and the LaTeX reader does not take: `\mleft(` … `\mright)`,
 * `\operatorname{\mathrm{ReLU}}`, `\exponentialE`, `\differentialD`, and empty boxes
 * (`\placeholder{}`, dropped, so that the reader points at the gap). `\mathrm{d}` in a
 * derivative's name becomes `\partial`, as the adjoint names are bound with both.
 */
export function answerText(answer: string, lhsLatex: string): string {
  let t = answer
    .replace(/\\placeholder(\[[^\]]*\])?\{[^{}]*\}/g, '')
    .replace(/\\m(left|right)\b/g, '\\$1')
    .replace(/\\operatorname\{\\mathrm\{([^{}]*)\}\}/g, '\\operatorname{$1}')
    .replace(/\\exponentialE\b/g, 'e')
    .replace(/\\differentialD\b\s*/g, '\\mathrm{d} ')
    .replace(/\\mathrm\{d\}\s*/g, '\\partial ')
    .trim();
  const eq = t.indexOf('=');
  if (eq >= 0 && squash(t.slice(0, eq)) === squash(lhsLatex.replace(/\\mathrm\{d\}\s*/g, '\\partial '))) t = t.slice(eq + 1).trim();
  return t;
}

/**
 * Checks the student's LaTeX for the adjoint of step `k` against the engine's. The answer may
 * use the names of {@link answerBindings}; a name that is none of them is an error (the checker
 * would otherwise take it for a new variable and find the answer wrong for a reason the
 * student cannot see). Never throws: an error comes back in `error`.
 */
export function checkStep(m: Model, k: number, answer: string): StepCheck {
  const e = m.steps[k];
  if (!e) return { text: answer, error: { kind: 'ArgumentError', message: `there is no step ${k + 1}` } };
  const text = answerText(answer, e.lhs.latex);
  try {
    if (text === '') throw new tg.ArgumentError(`type a formula for ${e.lhs.text}`);
    const { values, names } = answerBindings(m, k);
    const known = new Set(variablesIn(m.y));
    const stray = variablesIn(tg.parseLatex(text, values)).filter((v) => !known.has(v));
    if (stray.length) {
      const list = stray.map((v) => tg.toText(v)).join(', ');
      throw new tg.ArgumentError(
        `${list} ${stray.length > 1 ? 'are not names' : 'is not a name'} of this step; use ${names.map((n) => n.text).join(', ')}`,
      );
    }
    const gradient = tg.grad(m.y, stepNode(m, k));
    const report = tg.checkFormula(text, gradient, { syntax: 'latex', name: e.lhs.latex, values: Object.fromEntries(values) });
    const latexOf = new Map([...known].map((v) => [v.name!, tg.toLatex(v)] as const));
    const point = report.counterexample && Object.entries(report.counterexample.point).map(([name, value]) => ({ latex: latexOf.get(name) ?? `\\text{${name}}`, value }));
    return { text, report, ...(point && { point }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const column = errorColumn(err);
    return { text, error: { kind: errorKind(err), message, ...(column !== undefined && { column }) } };
  }
}
