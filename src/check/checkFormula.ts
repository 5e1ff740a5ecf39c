import { ArgumentError } from '../util/errors.js';
import { checkOptions, finiteNumber, seedOption } from '../util/options.js';
import { isNode, Node } from '../core/node.js';
import type { Domain } from '../core/opdef.js';
import { topoOrder } from '../core/topo.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { toLatex, toText } from '../explain/print.js';
import { Rng } from '../tensor/random.js';
import { Tensor, type NestedArray, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { broadcastTo, broadcastToOp } from '../ops/broadcastTo.js';
import { divOp } from '../ops/div.js';
import { dotOp } from '../ops/dot.js';
import { matmulOp } from '../ops/matmul.js';
import { mulOp } from '../ops/mul.js';
import { negOp } from '../ops/neg.js';
import { reshapeOp } from '../ops/reshape.js';
import { transposeOp } from '../ops/transpose.js';
import { parseExpression, type ParseBindings } from '../parse/parse.js';
import { latexNameKey, parseLatexExpression } from '../parse/latex.js';
import { latexName, textName } from '../util/names.js';
import { firstDifference, fmt, hintFor, type Hint } from './hints.js';
import { toMathjs } from '../parse/toMathjs.js';
import { fullMathjs } from '../parse/mathjs.js';
import { grad } from '../autodiff/grad.js';
import { describeValue } from '../util/describe.js';

/** Options of {@link checkFormula}. */
export interface CheckFormulaOptions {
  /** Random points to compare at (default 50; from 1 to 100,000). */
  points?: number;
  /** Seed of the random points (an integer from 0 to 2³² − 1, default 0). */
  seed?: number;
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance, scaled by the largest magnitude at the point (default 1e-9). */
  atol?: number;
  /** Sampling interval per variable, e.g. `{ x: [0.1, 3] }` (default: from the ops each variable feeds, else `[-2, 2]`). */
  domains?: Readonly<Record<string, readonly [number, number]>>;
  /** Try to prove equivalence symbolically before sampling (default true). */
  symbolic?: boolean;
  /** Values of variables by name: for an expression given as a string, and for names that only the hand formula uses; a node gives a name to a quantity (`'\\delta^{(2)}'`). */
  values?: Readonly<Record<string, TensorLike | Node>>;
  /** The syntax of the hand formula and of an expression given as a string: `'mathjs'` (default) or `'latex'` ({@link parseLatex}). */
  syntax?: 'mathjs' | 'latex';
  /** The quantity's name in hints (`'\\delta^{(1)}'` → "your δ⁽¹⁾ lacks the factor …"); a label (LaTeX name or text). */
  name?: string;
}

/** One side of a formula check, printed. */
export interface FormulaSide {
  /** The formula in mathjs syntax. */
  formula: string;
  /** LaTeX. */
  latex: string;
  /** Unicode text. */
  text: string;
}

/** A point where the hand formula and the engine's gradient disagree. */
export interface FormulaCounterexample {
  /** Value of every variable at the point, by name. */
  point: Record<string, number | NestedArray>;
  /** The hand formula's value there. */
  hand: number | NestedArray;
  /** The engine gradient's value there. */
  engine: number | NestedArray;
  /** Flat index of the element that differs most. */
  index: number;
  /** `|hand − engine|` at that element. */
  absError: number;
  /** Relative error at that element. */
  relError: number;
}

/** The first sub-expression where the two formulas part ways. */
export interface FormulaDifference {
  /** The hand formula's sub-expression. */
  hand: { latex: string; text: string };
  /** The engine's sub-expression in the same place. */
  engine: { latex: string; text: string };
  /** The hand sub-expression as written (its part of the hand formula's text), when the formula was text. */
  source?: string;
  /** What kind of difference it looks like (a sign, a factor, a transpose, an order), or ''. */
  note: string;
}

/** The result of {@link checkFormula}. */
export interface FormulaCheckReport {
  /** True when the formulas are equal (proved, or equal at every compared point). */
  ok: boolean;
  /** `equivalent` (proved), `agree` (equal at every compared point), `differ`, or `inconclusive` (no point could be compared). */
  verdict: 'equivalent' | 'agree' | 'differ' | 'inconclusive';
  /** How the verdict was reached: `identical` graphs, mathjs `simplify` of the difference (confirmed by sampling), or `sampling`. */
  method: 'identical' | 'simplify' | 'sampling';
  /** Points compared. */
  points: number;
  /** Points skipped because a side was not finite there. */
  skipped: number;
  /** The hand formula. */
  hand: FormulaSide;
  /** The engine's gradient. */
  engine: FormulaSide;
  /** Where they disagree, for `differ`. */
  counterexample?: FormulaCounterexample;
  /** The first differing sub-expression, when the formulas share their outer structure. */
  difference?: FormulaDifference;
  /** What the difference looks like, in words a student can use (a transpose, a sign, a factor, a batch sum, a layout, a missing factor). */
  hint?: Hint;
  /** A readable summary (several lines, Unicode). */
  message: string;
}

const KNOWN_OPTIONS = ['points', 'seed', 'rtol', 'atol', 'domains', 'symbolic', 'values', 'syntax', 'name'];

/** The most points a check compares at. */
export const MAX_POINTS = 100_000;

function readOptions(o: CheckFormulaOptions): Required<Pick<CheckFormulaOptions, 'points' | 'seed' | 'rtol' | 'atol' | 'symbolic'>> {
  if (o === null || typeof o !== 'object') throw new ArgumentError(`checkFormula: options must be an object; got ${o === null ? 'null' : typeof o}`);
  checkOptions('checkFormula', o, KNOWN_OPTIONS);
  const points = o.points ?? 50;
  if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > MAX_POINTS) {
    throw new ArgumentError(`checkFormula: points must be an integer from 1 to ${MAX_POINTS.toLocaleString('en')}; got ${describeValue(o.points)}`);
  }
  for (const [k, v] of [['rtol', o.rtol], ['atol', o.atol]] as const) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) throw new ArgumentError(`checkFormula: ${k} must be a finite non-negative number; got ${v}`);
  }
  const seed = seedOption('checkFormula', o.seed ?? 0);
  if (o.symbolic !== undefined && typeof o.symbolic !== 'boolean') throw new ArgumentError(`checkFormula: symbolic must be true or false; got ${describeValue(o.symbolic)}`);
  if (o.syntax !== undefined && o.syntax !== 'mathjs' && o.syntax !== 'latex') throw new ArgumentError(`checkFormula: syntax must be one of 'mathjs', 'latex'; got ${describeValue(o.syntax)}`);
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '')) throw new ArgumentError(`checkFormula: name must be a non-empty string; got ${describeValue(o.name)}`);
  if (o.values !== undefined && (o.values === null || typeof o.values !== 'object' || Array.isArray(o.values))) throw new ArgumentError(`checkFormula: values must be an object of values by name; got ${Array.isArray(o.values) ? 'an array' : describeValue(o.values)}`);
  for (const [name, d] of Object.entries(o.domains ?? {})) {
    if (!Array.isArray(d) || d.length !== 2 || !d.every(Number.isFinite) || d[0] > d[1]) {
      throw new ArgumentError(`checkFormula: the domain of '${name}' must be [min, max] with finite min ≤ max; got ${describeValue(d)}`);
    }
  }
  return { points, seed, rtol: o.rtol ?? 1e-6, atol: o.atol ?? 1e-9, symbolic: o.symbolic ?? true };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names a hand formula may use: the variables and the named nodes of the given graphs (a Map: names are the user's). @internal */
export function namesOf(roots: readonly Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  const order = topoOrder(roots);
  for (const n of order) if (n.isVariable && !out.has(n.leaf!.name!)) out.set(n.leaf!.name!, n);
  for (const n of order) if (!n.leaf && n.label !== undefined && IDENT.test(n.label) && !out.has(n.label)) out.set(n.label, n);
  return out;
}

/** Sampling interval of each variable: the intersection of the domains of the ops it feeds. */
function domainsOf(roots: readonly Node[], vars: readonly Node[], given: CheckFormulaOptions['domains']): Map<Node, Domain> {
  const found = new Map<Node, Domain>();
  for (const n of topoOrder(roots)) {
    if (n.leaf || !n.op.domain) continue;
    n.inputs.forEach((c, i) => {
      const d = n.op.domain![i];
      if (!c.isVariable || !d) return;
      const prev = found.get(c);
      const next = prev ? { min: Math.max(prev.min, d.min), max: Math.min(prev.max, d.max) } : { ...d };
      found.set(c, next.min <= next.max ? next : prev!);
    });
  }
  const out = new Map<Node, Domain>();
  for (const v of vars) {
    const g = given && Object.hasOwn(given, v.leaf!.name!) ? given[v.leaf!.name!] : undefined;
    out.set(v, g ? { min: g[0], max: g[1] } : found.get(v) ?? { min: -2, max: 2 });
  }
  return out;
}

/** A quantity's name for sentences: `\\delta^{(1)}` → δ⁽¹⁾, `\\frac{\\partial L}{\\partial w}` → ∂L/∂w. */
export function displayName(name: string): { text: string; latex: string } {
  const m = /^\\frac\{\\partial\s*([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{\\partial\s*([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}$/.exec(name.trim());
  if (m) return { text: `∂${textName(m[1]!.trim())}/∂${textName(m[2]!.trim())}`, latex: name.trim() };
  return { text: textName(name), latex: latexName(name) };
}

/** A point: the variables' own values when `own` and they all have one, else random values in their domains. */
function randomPoint(vars: readonly Node[], domains: Map<Node, Domain>, rng: Rng, own: boolean): Map<Node, Tensor> {
  if (own && vars.every((v) => v.leaf!.value)) return new Map(vars.map((v) => [v, v.leaf!.value!]));
  return new Map(vars.map((v) => {
    const d = domains.get(v)!;
    return [v, new Tensor(v.shape, Float64Array.from({ length: v.shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(d.min, d.max)))];
  }));
}

/** The names a LaTeX hand formula may use, by canonical LaTeX: each variable by its label (or name), each named node by its label. @internal */
export function latexNamesOf(roots: readonly Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  const order = topoOrder(roots);
  for (const n of order) {
    if (!n.isVariable) continue;
    for (const name of [n.label, n.leaf!.name!]) {
      if (name === undefined) continue;
      const key = latexNameKey(name);
      if (!out.has(key)) out.set(key, n);
    }
  }
  for (const n of order) {
    if (n.leaf || n.label === undefined) continue;
    const key = latexNameKey(n.label);
    if (!out.has(key)) out.set(key, n);
  }
  return out;
}

const valueOut = (t: Tensor): number | NestedArray => (t.rank === 0 ? t.data[0]! : t.toArray());

// ---------------------------------------------------------------------------------------

/** mathjs `simplify` of `hand - engine` is 0 (scalar formulas only; confirmed by sampling). */
function simplifiesToZero(hand: Node, engine: Node): boolean {
  try {
    const expr = `(${toMathjs(hand, { reference: true })}) - (${toMathjs(engine, { reference: true })})`;
    if (expr.length > 400) return false;
    const r = fullMathjs().simplify(expr) as unknown as { type: string; value?: unknown };
    return r.type === 'ConstantNode' && Number(r.value) === 0;
  } catch {
    return false;
  }
}

function side(n: Node): FormulaSide {
  let formula: string;
  try {
    formula = toMathjs(n);
  } catch {
    formula = toText(n);
  }
  return { formula, latex: toLatex(n), text: toText(n) };
}

function pointText(point: Record<string, number | NestedArray>): string {
  return Object.entries(point).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmt(v) : JSON.stringify(v, (_k, x) => (typeof x === 'number' ? Number(x.toPrecision(6)) : x))}`).join(', ');
}

function show(v: number | NestedArray): string {
  return typeof v === 'number' ? fmt(v) : JSON.stringify(v, (_k, x) => (typeof x === 'number' ? Number(x.toPrecision(6)) : x));
}

/**
 * Checks a hand-written derivative against the engine's gradient. First it tries to decide
 * equivalence symbolically: the two graphs are identical after the engine's construction-time
 * simplification, or (for scalar formulas) mathjs `simplify` reduces their difference to 0.
 * Either way it then compares them in float64 at `points` random points inside the variables'
 * domains (from the ops each variable feeds), skipping points where either side is not finite,
 * with a relative tolerance; the variables' own values, when they all have one, are the first
 * point. Works for tensor formulas: shapes must match and every element is compared.
 *
 * The report gives the verdict, a counterexample point with both values, both formulas in
 * LaTeX and text, and, when the formulas share their outer structure, the first sub-expression
 * that differs and what the difference looks like (a sign, a factor, a transpose, an order).
 *
 * Two forms: `checkFormula(hand, gradient)` with the engine's gradient node, and
 * `checkFormula(hand, expression, wrt)` with the expression (a node or a mathjs string) and the
 * variable (a node or its name), whose gradient is taken. A hand formula given as text may use
 * the variables and the named nodes of the gradient's graph by name (`a` for a node named `a`),
 * and the names of `values`; any other name is a {@link ParseError} at its column, "unknown name
 * 'y' (did you mean Y?)", never a new variable sampled at random. In LaTeX, a uniform tensor whose
 * size is not written (`\mathbf{1}`, `x \mathbf{1}`, `\mathbf{0}`) has the gradient's shape.
 * @param hand the hand-written derivative: a mathjs string or a node
 * @param gradient the engine's gradient node (first form)
 * @param options see {@link CheckFormulaOptions}
 * @returns the report
 * @throws {@link ParseError} for a hand formula that does not parse or uses a name that is not the problem's; {@link ShapeError} for shapes that do not fit
 * @example
 * const x = tg.variable('x', 1);
 * const dx = tg.grad(tg.sin(x.pow(2)), x);
 * tg.checkFormula('2*x*cos(x^2)', dx).ok; // → true
 * tg.checkFormula('cos(x^2)*x*2', dx).verdict; // → 'equivalent'
 * tg.checkFormula('-2*x*cos(x^2)', dx).difference?.note; // → 'the sign is wrong'
 * tg.checkFormula("2*A'*(A*x-b)", 'sum((A*x-b).^2)', 'x', { values: { A: [[1, 2], [3, 4]], x: [1, 1], b: [0, 1] } }).ok; // → true
 * @see {@link checkGradient}, {@link gradcheck}
 * @category Autodiff
 */
export function checkFormula(hand: string | Node, gradient: Node, options?: CheckFormulaOptions): FormulaCheckReport;
export function checkFormula(hand: string | Node, expression: string | Node, wrt: string | Node, options?: CheckFormulaOptions): FormulaCheckReport;
export function checkFormula(
  hand: string | Node,
  second: string | Node,
  third?: string | Node | CheckFormulaOptions,
  fourth?: CheckFormulaOptions,
): FormulaCheckReport {
  const expressionForm = typeof third === 'string' || isNode(third);
  const options = (expressionForm ? fourth : (third as CheckFormulaOptions | undefined)) ?? {};
  const o = readOptions(options);
  const latex = options.syntax === 'latex';
  if (typeof hand !== 'string' && !isNode(hand)) throw new ArgumentError(`checkFormula: the hand formula is a string or a Node; got ${typeof hand}`);
  let engine: Node;
  const roots: Node[] = [];
  if (expressionForm) {
    let y: Node;
    let symbols = new Map<string, Node>();
    if (typeof second === 'string') {
      const parsed = latex ? parseLatexExpression(second, options.values ?? {}) : parseExpression(second, (options.values ?? {}) as ParseBindings);
      y = parsed.node;
      symbols = parsed.symbols;
    } else if (isNode(second)) y = second;
    else throw new ArgumentError(`checkFormula: the expression is a string or a Node; got ${typeof second}`);
    let x: Node | undefined;
    if (isNode(third)) x = third;
    else {
      x = latex ? symbols.get(latexNameKey(third as string)) ?? latexNamesOf([y]).get(latexNameKey(third as string)) : symbols.get(third as string) ?? namesOf([y]).get(third as string);
      if (!x) {
        const known = [...namesOf([y]).keys()];
        throw new ArgumentError(`checkFormula: '${third}' does not appear in the expression; its variables: ${known.join(', ') || 'none'}`);
      }
    }
    engine = grad(y, x);
    roots.push(y);
  } else {
    if (!isNode(second)) throw new ArgumentError(`checkFormula: the second argument is the engine's gradient (a Node), or an expression followed by a variable; got ${typeof second}`);
    engine = second;
  }
  roots.push(engine);
  let handNode: Node;
  let source: ((n: Node) => string | undefined) | undefined;
  if (typeof hand === 'string' && latex) {
    // The graph's names by their LaTeX (a variable W1 labelled W^{(1)} is W^{(1)}), then the values for other names.
    const bindings = new Map<string, TensorLike | Node>(latexNamesOf(roots));
    const given = options.values ?? {};
    for (const k of Object.keys(given)) if (!bindings.has(latexNameKey(k))) bindings.set(latexNameKey(k), given[k]!);
    // Closed: a name that is none of these is an error, not a new variable sampled at random.
    const parsed = parseLatexExpression(hand, bindings, { closed: true });
    handNode = parsed.node;
    // `x \mathbf{1}`, `\mathbf{0}`: a uniform tensor whose size is not written has the gradient's.
    if (parsed.uniform && handNode.rank === 0 && engine.rank > 0) handNode = broadcastTo(handNode, engine.shape);
    source = (n) => {
      const span = parsed.spans.get(n);
      return span ? hand.slice(span[0], span[1]).trim() : undefined;
    };
  } else if (typeof hand === 'string') {
    const bindings: Record<string, TensorLike | Node> = { ...(options.values ?? {}), ...Object.fromEntries(namesOf(roots)) };
    handNode = parseExpression(hand, bindings, { closed: true }).node;
  } else handNode = hand;
  const hintContext = { forward: roots, ...(source && { source }), ...(options.name !== undefined && { name: displayName(options.name) }) };

  const base = { hand: side(handNode), engine: side(engine) };
  const all = topoOrder([handNode, engine]);
  const vars = all.filter((n) => n.isVariable);
  const domains = domainsOf([...roots, handNode], vars, options.domains);
  if (!sameShape(handNode.shape, engine.shape)) {
    // Points for the hint only (the shapes already decide the verdict).
    const rng = new Rng(o.seed);
    const pts: Map<Node, Tensor>[] = [];
    for (let k = 0; k < 8 && pts.length < 4; k++) {
      const p = randomPoint(vars, domains, rng, k === 0);
      const [hv, ev] = evaluateTensors([handNode, engine], p);
      if (hv!.data.every(Number.isFinite) && ev!.data.every(Number.isFinite)) pts.push(p);
    }
    const hint = hintFor(handNode, engine, pts, hintContext);
    const message = `differ: the hand formula has shape ${formatShape(handNode.shape)} but the gradient has shape ${formatShape(engine.shape)}\n  hand:   ${base.hand.text}\n  engine: ${base.engine.text}${hint ? `\n  hint: ${hint.text}` : ''}`;
    return { ok: false, verdict: 'differ', method: 'sampling', points: 0, skipped: 0, ...base, ...(hint && { hint }), message };
  }
  if (handNode === engine) {
    return { ok: true, verdict: 'equivalent', method: 'identical', points: 0, skipped: 0, ...base, message: `equivalent: the hand formula builds the same graph as the engine's gradient\n  ${base.engine.text}` };
  }

  // Sampling: the variables' own values first (when they all have one), then random points.
  const rng = new Rng(o.seed);
  // One point at a time (never a list of them all): the variables' own values, then random ones.
  const pointAt = (k: number): Map<Node, Tensor> => randomPoint(vars, domains, rng, k === 0);
  let compared = 0, skipped = 0;
  let counter: FormulaCounterexample | undefined;
  let counterPoint: Map<Node, Tensor> | undefined;
  const good: Map<Node, Tensor>[] = [];
  for (let k = 0; k < o.points; k++) {
    const p = pointAt(k);
    const [hv, ev] = evaluateTensors([handNode, engine], p);
    if (!hv!.data.every(Number.isFinite) || !ev!.data.every(Number.isFinite)) {
      skipped++;
      continue;
    }
    compared++;
    let scale = 1;
    for (let i = 0; i < ev!.size; i++) scale = Math.max(scale, Math.abs(ev!.data[i]!), Math.abs(hv!.data[i]!));
    let worst = -1, worstExcess = 0;
    for (let i = 0; i < ev!.size; i++) {
      const a = hv!.data[i]!, b = ev!.data[i]!;
      const excess = Math.abs(a - b) - (o.atol * scale + o.rtol * Math.max(Math.abs(a), Math.abs(b)));
      if (excess > worstExcess) [worst, worstExcess] = [i, excess];
    }
    if (worst >= 0 && !counter) {
      const a = hv!.data[worst]!, b = ev!.data[worst]!;
      // NOTE: built with fromEntries, so that a variable named __proto__ is a key like any other.
      const point: Record<string, number | NestedArray> = Object.fromEntries(
        [...vars].sort((a, b) => (a.leaf!.name! < b.leaf!.name! ? -1 : 1)).map((v) => [v.leaf!.name!, valueOut(p.get(v)!)]),
      );
      counter = { point, hand: valueOut(hv!), engine: valueOut(ev!), index: worst, absError: Math.abs(a - b), relError: Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)) };
      counterPoint = p;
    } else if (good.length < 4) good.push(p);
  }
  if (counter) {
    const pts = [counterPoint!, ...good];
    const diff = firstDifference(handNode, engine, pts);
    const written = diff && source?.(diff.h);
    const difference = diff && { hand: { latex: toLatex(diff.h), text: toText(diff.h) }, engine: { latex: toLatex(diff.e), text: toText(diff.e) }, ...(written && { source: written }), note: diff.note };
    const hint = hintFor(handNode, engine, pts, hintContext);
    const at = typeof counter.hand === 'number' ? '' : ` (worst at flat index ${counter.index})`;
    const message = [
      'differ: the hand formula does not match the engine\'s gradient',
      `  hand:   ${base.hand.text}`,
      `  engine: ${base.engine.text}`,
      `  at ${pointText(counter.point) || 'any point'}: hand ${show(counter.hand)}, engine ${show(counter.engine)}${at}`,
      ...(difference ? [`  first difference: hand ${difference.hand.text} vs engine ${difference.engine.text}${difference.note ? `: ${difference.note}` : ''}`] : []),
      ...(hint ? [`  hint: ${hint.text}`] : []),
    ].join('\n');
    return { ok: false, verdict: 'differ', method: 'sampling', points: compared, skipped, ...base, counterexample: counter, ...(difference && { difference }), ...(hint && { hint }), message };
  }
  if (compared === 0) {
    const message = `inconclusive: no point could be compared (${skipped} skipped where a side is not finite); give domains\n  hand:   ${base.hand.text}\n  engine: ${base.engine.text}`;
    return { ok: false, verdict: 'inconclusive', method: 'sampling', points: 0, skipped, ...base, message };
  }
  // Sampling found no difference: try to prove it (mathjs simplify assumes commuting products, so scalars only).
  const proved = o.symbolic && all.every((n) => n.rank === 0) && simplifiesToZero(handNode, engine);
  const verdict = proved ? 'equivalent' : 'agree';
  const how = proved ? 'their difference simplifies to 0, and they agree' : 'they agree';
  const message = `${verdict}: ${how} at ${compared} point${compared === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}\n  hand:   ${base.hand.text}\n  engine: ${base.engine.text}`;
  return { ok: true, verdict, method: proved ? 'simplify' : 'sampling', points: compared, skipped, ...base, message };
}

