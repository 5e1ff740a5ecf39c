import { ArgumentError } from '../util/errors.js';
import { checkOptions, finiteNumber } from '../util/options.js';
import { isNode, Node } from '../core/node.js';
import type { Domain } from '../core/opdef.js';
import { topoOrder } from '../core/topo.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { toLatex, toText } from '../explain/print.js';
import { Rng } from '../tensor/random.js';
import { Tensor, type NestedArray, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { broadcastToOp } from '../ops/broadcastTo.js';
import { divOp } from '../ops/div.js';
import { dotOp } from '../ops/dot.js';
import { matmulOp } from '../ops/matmul.js';
import { mulOp } from '../ops/mul.js';
import { negOp } from '../ops/neg.js';
import { reshapeOp } from '../ops/reshape.js';
import { transposeOp } from '../ops/transpose.js';
import { parseExpression, type ParseBindings } from '../parse/parse.js';
import { toMathjs } from '../parse/toMathjs.js';
import { fullMathjs } from '../parse/mathjs.js';
import { grad } from '../autodiff/grad.js';

/** Options of {@link checkFormula}. */
export interface CheckFormulaOptions {
  /** Random points to compare at (default 50; from 1 to 100,000). */
  points?: number;
  /** Seed of the random points (a finite number, default 0). */
  seed?: number;
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance, scaled by the largest magnitude at the point (default 1e-9). */
  atol?: number;
  /** Sampling interval per variable, e.g. `{ x: [0.1, 3] }` (default: from the ops each variable feeds, else `[-2, 2]`). */
  domains?: Readonly<Record<string, readonly [number, number]>>;
  /** Try to prove equivalence symbolically before sampling (default true). */
  symbolic?: boolean;
  /** Values of variables by name: for an expression given as a string, and for names that only the hand formula uses. */
  values?: Readonly<Record<string, TensorLike>>;
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
  /** A readable summary (several lines, Unicode). */
  message: string;
}

const KNOWN_OPTIONS = ['points', 'seed', 'rtol', 'atol', 'domains', 'symbolic', 'values'];

/** The most points a check compares at. */
export const MAX_POINTS = 100_000;

function readOptions(o: CheckFormulaOptions): Required<Pick<CheckFormulaOptions, 'points' | 'seed' | 'rtol' | 'atol' | 'symbolic'>> {
  if (o === null || typeof o !== 'object') throw new ArgumentError(`checkFormula: options must be an object; got ${o === null ? 'null' : typeof o}`);
  checkOptions('checkFormula', o, KNOWN_OPTIONS);
  const points = o.points ?? 50;
  if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > MAX_POINTS) {
    throw new ArgumentError(`checkFormula: points must be an integer from 1 to ${MAX_POINTS.toLocaleString('en')}; got ${JSON.stringify(o.points)}`);
  }
  for (const [k, v] of [['rtol', o.rtol], ['atol', o.atol]] as const) {
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) throw new ArgumentError(`checkFormula: ${k} must be a finite non-negative number; got ${v}`);
  }
  const seed = finiteNumber('checkFormula', 'seed', o.seed ?? 0);
  if (o.symbolic !== undefined && typeof o.symbolic !== 'boolean') throw new ArgumentError(`checkFormula: symbolic must be true or false; got ${JSON.stringify(o.symbolic)}`);
  for (const [name, d] of Object.entries(o.domains ?? {})) {
    if (!Array.isArray(d) || d.length !== 2 || !d.every(Number.isFinite) || d[0] > d[1]) {
      throw new ArgumentError(`checkFormula: the domain of '${name}' must be [min, max] with finite min ≤ max; got ${JSON.stringify(d)}`);
    }
  }
  return { points, seed, rtol: o.rtol ?? 1e-6, atol: o.atol ?? 1e-9, symbolic: o.symbolic ?? true };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names a hand formula may use: the variables and the named nodes of the given graphs (a Map: names are the user's). */
function namesOf(roots: readonly Node[]): Map<string, Node> {
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

const valueOut = (t: Tensor): number | NestedArray => (t.rank === 0 ? t.data[0]! : t.toArray());

// ---------------------------------------------------------------------------------------
// The first differing sub-expression.

const isScalarConstant = (n: Node) => n.isConstant && n.label === undefined && n.rank === 0;

/** A node without the wrappers that do not change what a formula says: reshapes, broadcasts, scalar factors, signs. */
function core(n: Node): Node {
  for (;;) {
    if (n.op === reshapeOp || n.op === broadcastToOp || n.op === negOp) n = n.inputs[0]!;
    else if (n.op === mulOp && isScalarConstant(n.inputs[0]!)) n = n.inputs[1]!;
    else if ((n.op === mulOp || n.op === divOp) && isScalarConstant(n.inputs[1]!)) n = n.inputs[0]!;
    else return n;
  }
}

function attrsEqual(a: Node, b: Node): boolean {
  const ka = Object.keys(a.attrs).filter((k) => a.attrs[k] !== undefined).sort();
  const kb = Object.keys(b.attrs).filter((k) => b.attrs[k] !== undefined).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && JSON.stringify(a.attrs[k]) === JSON.stringify(b.attrs[k]));
}

/** Structural equality up to {@link core} wrappers. */
function sameStructure(a: Node, b: Node, depth = 0): boolean {
  a = core(a);
  b = core(b);
  if (a === b) return true;
  if (depth > 200 || a.leaf || b.leaf || a.op !== b.op || a.inputs.length !== b.inputs.length || !attrsEqual(a, b)) return false;
  return a.inputs.every((c, i) => sameStructure(c, b.inputs[i]!, depth + 1));
}

type Points = Map<Node, Tensor>[];

/** The ratio `e / h` when it is the same at every element of every point (and `h` is not all zero). */
function ratio(h: Node, e: Node, pts: Points, tol: number, transposeH = false): number | undefined {
  let c: number | undefined;
  for (const p of pts) {
    const [hv, ev] = evaluateTensors([h, e], p);
    let H = hv!;
    if (transposeH) {
      if (H.rank !== 2) return undefined;
      const [r, k] = H.shape as [number, number];
      const d = new Float64Array(H.size);
      for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) d[j * r + i] = H.data[i * k + j]!;
      H = new Tensor([k, r], d);
    }
    if (!sameElements(H.shape, ev!.shape)) return undefined;
    for (let i = 0; i < H.size; i++) {
      const x = H.data[i]!, y = ev!.data[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
      if (Math.abs(x) < 1e-12) {
        if (Math.abs(y) > 1e-9) return undefined;
        continue;
      }
      const r = y / x;
      if (c === undefined) c = r;
      else if (Math.abs(r - c) > tol * Math.max(1, Math.abs(c))) return undefined;
    }
  }
  return c;
}

/** Same elements in the same order: equal shapes up to axes of length 1 (a reshape apart). */
function sameElements(a: readonly number[], b: readonly number[]): boolean {
  return sameShape(a.filter((d) => d !== 1), b.filter((d) => d !== 1));
}
/** Equal up to a constant factor (factors may sit elsewhere in a product). */
const proportional = (h: Node, e: Node, pts: Points) => ratio(h, e, pts, 1e-6) !== undefined;

function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

function describe(h: Node, e: Node, pts: Points): string {
  const ch = core(h), ce = core(e);
  if (ce.op === transposeOp && sameStructure(ce.inputs[0]!, ch)) return 'a transpose is missing';
  if (ch.op === transposeOp && sameStructure(ch.inputs[0]!, ce)) return 'an extra transpose';
  const factorOf = (product: Node, part: Node) =>
    product.op === mulOp || product.op === matmulOp
      ? product.inputs.find((_, i) => sameStructure(product.inputs[1 - i]!, part))
      : undefined;
  const missing = factorOf(ce, ch);
  if (missing) return `a factor ${toText(missing)} is missing`;
  const extra = factorOf(ch, ce);
  if (extra) return `an extra factor ${toText(extra)}`;
  const c = sameElements(h.shape, e.shape) ? ratio(h, e, pts, 1e-6) : undefined;
  if (c !== undefined && Math.abs(c + 1) <= 1e-6) return 'the sign is wrong';
  if (c !== undefined && Math.abs(c - 1) > 1e-6) return `a factor is off: the engine's is ${fmt(c)} times the hand one`;
  const t = ratio(h, e, pts, 1e-6, true);
  if (t !== undefined) {
    if (Math.abs(t - 1) <= 1e-6) return "a transpose is missing or extra: the hand sub-expression is the transpose of the engine's";
    return `a transpose and a factor: the engine's is ${fmt(t)} times the hand one, transposed`;
  }
  return '';
}

function firstDifference(hand: Node, engine: Node, pts: Points): { h: Node; e: Node; note: string } | undefined {
  let h = hand, e = engine;
  let descended = false;
  for (let depth = 0; depth < 200; depth++) {
    const ch = core(h), ce = core(e);
    const same = ch !== ce && !ch.leaf && !ce.leaf && ch.op === ce.op && ch.inputs.length === ce.inputs.length && attrsEqual(ch, ce);
    if (!same || sameStructure(ch, ce)) break;
    const H = ch.inputs, E = ce.inputs;
    const commutative = ch.op.commutative === true;
    if (H.length === 2 && !commutative && proportional(H[0]!, E[1]!, pts) && proportional(H[1]!, E[0]!, pts) && !proportional(H[0]!, E[0]!, pts)) {
      return { h: ch, e: ce, note: `the ${ch.op === matmulOp || ch.op === dotOp ? 'factors of the product' : 'operands'} are in the other order` };
    }
    const pairs: [Node, Node][] = H.map((c, i) => [c, E[i]!]);
    if (commutative && H.length === 2) pairs.push([H[0]!, E[1]!], [H[1]!, E[0]!]);
    const differs = (p: [Node, Node]) => !sameElements(p[0].shape, p[1].shape) || !proportional(p[0], p[1], pts);
    let next: [Node, Node] | undefined;
    if (H.length === 2) {
      // Descend into the one operand that differs when the other agrees (in either order if commutative).
      const options: [[Node, Node], [Node, Node]][] = [[pairs[0]!, pairs[1]!], [pairs[1]!, pairs[0]!]];
      if (commutative) options.push([pairs[2]!, pairs[3]!], [pairs[3]!, pairs[2]!]);
      for (const [agree, other] of options) {
        if (!differs(agree) && differs(other) && sameElements(other[0].shape, other[1].shape)) {
          next = other;
          break;
        }
      }
    } else next = pairs.find((p) => differs(p) && sameElements(p[0].shape, p[1].shape));
    if (!next) break;
    [h, e] = next;
    descended = true;
  }
  const note = describe(h, e, pts);
  if (!descended && !note) return undefined;
  return { h, e, note };
}

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
 * the variables and the named nodes of the gradient's graph by name (`a` for a node named `a`).
 * @param hand the hand-written derivative: a mathjs string or a node
 * @param gradient the engine's gradient node (first form)
 * @param options see {@link CheckFormulaOptions}
 * @returns the report
 * @throws {@link ParseError} for a hand formula that does not parse; {@link ShapeError} for shapes that do not fit
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
  if (typeof hand !== 'string' && !isNode(hand)) throw new ArgumentError(`checkFormula: the hand formula is a string or a Node; got ${typeof hand}`);
  let engine: Node;
  const roots: Node[] = [];
  if (expressionForm) {
    let y: Node;
    let symbols = new Map<string, Node>();
    if (typeof second === 'string') {
      const parsed = parseExpression(second, (options.values ?? {}) as ParseBindings);
      y = parsed.node;
      symbols = parsed.symbols;
    } else if (isNode(second)) y = second;
    else throw new ArgumentError(`checkFormula: the expression is a string or a Node; got ${typeof second}`);
    let x: Node | undefined;
    if (isNode(third)) x = third;
    else {
      x = symbols.get(third as string) ?? namesOf([y]).get(third as string);
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
  if (typeof hand === 'string') {
    const bindings: Record<string, TensorLike | Node> = { ...(options.values ?? {}), ...Object.fromEntries(namesOf(roots)) };
    handNode = parseExpression(hand, bindings).node;
  } else handNode = hand;

  const base = { hand: side(handNode), engine: side(engine) };
  if (!sameShape(handNode.shape, engine.shape)) {
    const message = `differ: the hand formula has shape ${formatShape(handNode.shape)} but the gradient has shape ${formatShape(engine.shape)}\n  hand:   ${base.hand.text}\n  engine: ${base.engine.text}`;
    return { ok: false, verdict: 'differ', method: 'sampling', points: 0, skipped: 0, ...base, message };
  }
  if (handNode === engine) {
    return { ok: true, verdict: 'equivalent', method: 'identical', points: 0, skipped: 0, ...base, message: `equivalent: the hand formula builds the same graph as the engine's gradient\n  ${base.engine.text}` };
  }
  const all = topoOrder([handNode, engine]);

  // Sampling: the variables' own values first (when they all have one), then random points.
  const vars = all.filter((n) => n.isVariable);
  const domains = domainsOf([...roots, handNode], vars, options.domains);
  const rng = new Rng(o.seed);
  const own = vars.every((v) => v.leaf!.value);
  // One point at a time (never a list of them all): the variables' own values, then random ones.
  const pointAt = (k: number): Map<Node, Tensor> => {
    if (k === 0 && own) return new Map(vars.map((v) => [v, v.leaf!.value!]));
    return new Map(vars.map((v) => {
      const d = domains.get(v)!;
      return [v, new Tensor(v.shape, Float64Array.from({ length: v.shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(d.min, d.max)))];
    }));
  };
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
    const diff = firstDifference(handNode, engine, [counterPoint!, ...good]);
    const difference = diff && { hand: { latex: toLatex(diff.h), text: toText(diff.h) }, engine: { latex: toLatex(diff.e), text: toText(diff.e) }, note: diff.note };
    const at = typeof counter.hand === 'number' ? '' : ` (worst at flat index ${counter.index})`;
    const message = [
      'differ: the hand formula does not match the engine\'s gradient',
      `  hand:   ${base.hand.text}`,
      `  engine: ${base.engine.text}`,
      `  at ${pointText(counter.point) || 'any point'}: hand ${show(counter.hand)}, engine ${show(counter.engine)}${at}`,
      ...(difference ? [`  first difference: hand ${difference.hand.text} vs engine ${difference.engine.text}${difference.note ? `: ${difference.note}` : ''}`] : []),
    ].join('\n');
    return { ok: false, verdict: 'differ', method: 'sampling', points: compared, skipped, ...base, counterexample: counter, ...(difference && { difference }), message };
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

