/**
 * The display simplifier's rewrites: a table of small named rules (as mathjs `simplify` and
 * PyTensor's `local_*` rewrites are), each tried on the nodes of one op, matched by op
 * identity (`n.op === matmulOp`), never by name. A rule returns an equivalent node or
 * undefined; the engine ({@link displayForm}) applies them bottom-up until none applies.
 *
 * Two levels: `notation` rules change how a form is written and nothing else (numbers
 * first, `½`, dropping identity matrices and 1×1 ones, vectors that are not transposed,
 * `‖u‖²`); `algebra` rules rewrite it (cancelling, collecting, factoring, recognising the
 * sigmoid written with `exp`, using facts about constants). Definitions print with the
 * first, derivatives with both.
 * @module
 */
import { inputAt, inputCount, isPlainConstant, type Node } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { applyOwned } from '../core/node.js';
import { addOp } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { broadcastToOp } from '../ops/broadcastTo.js';
import { divOp } from '../ops/div.js';
import { dot, dotOp } from '../ops/dot.js';
import { expOp } from '../ops/exp.js';
import { logOp } from '../ops/log.js';
import { matmul, matmulOp, matmulPrintsRow } from '../ops/matmul.js';
import { meanOp } from '../ops/mean.js';
import { mul, mulOp } from '../ops/mul.js';
import { negOp } from '../ops/neg.js';
import { norm } from '../ops/norm.js';
import { maskedProductOfPow, pow, powOp } from '../ops/pow.js';
import { reshape, reshapeOp } from '../ops/reshape.js';
import { sigmoid, sigmoidOp } from '../ops/sigmoid.js';
import { softmax } from '../ops/softmax.js';
import { softplus } from '../ops/softplus.js';
import { sub, subOp } from '../ops/sub.js';
import { sumOp, sumPrintsRow } from '../ops/sum.js';
import { takeOp } from '../ops/take.js';
import { tanh } from '../ops/tanh.js';
import { trOp } from '../ops/tr.js';
import { transpose, transposeOp } from '../ops/transpose.js';
import {
  buildProduct, buildSum, collectTerms, scalarBelow, factorsKey, filledWith, fitShape, flattenProduct, flattenSum, isIdentity, isSumOp, mergeFactors, numberOf, orderTerms, printedSize, sumKey,
  type Factor, type FormEnv, type Prod, type Term,
} from './simplifyForms.js';
import { diag, diagOp, ones } from './simplifyOps.js';

/** A fact about a constant that a rewrite used, to be stated beside the result (`1ᵀy = 1`). */
export interface DisplayFact {
  /** The expression the fact is about (a sum over a constant), as it prints. */
  readonly expr: Node;
  /** What it equals. */
  readonly value: number;
  /** The constant the fact is about. */
  readonly about: Node;
}

/** What the rules need of the simplifier: the forms' environment plus names, facts and known sums. */
export interface RuleEnv extends FormEnv {
  readonly level: 'notation' | 'algebra';
  /** True when the form is printed in index notation (where `Σₖ uₖ²` reads better than `‖u‖²`). */
  readonly indexed: boolean;
  /** A named node whose definition prints as `n`, else `n` (so that `σ(z)` prints as `a` when `a = σ(z)`). */
  named(n: Node): Node;
  /** The display form of a named node's definition (`σ(z)` for `a = σ(z)`), if known. */
  formOf(n: Node): Node | undefined;
  /** Sums met so far, by {@link sumKey}: the tanh's `eˣ − e⁻ˣ` found again inside a derivative. */
  readonly knownSums: Map<string, { node: Node; scale: number }>;
  /** Records a fact used. */
  fact(f: DisplayFact): void;
  /** Memo of printed sizes. */
  readonly sizes: Map<Node, number>;
}

/** One rewrite. */
export interface DisplayRule {
  /** What it does, in the words a reader would use (`x·x⁻¹ = 1`). */
  readonly name: string;
  /** The ops whose nodes it is tried on (by identity). */
  readonly ops: readonly OpDef[];
  readonly level: 'notation' | 'algebra';
  /** An equivalent node, or undefined when the rule does not apply. */
  rewrite(n: Node, env: RuleEnv): Node | undefined;
}

const size = (n: Node, env: RuleEnv) => printedSize(n, env.atom, env.sizes);

/** The 1-D vector `v` a one-row or one-column matrix is made of (`v` reshaped, or transposed after), else undefined. */
function vectorOf(x: Node): Node | undefined {
  if (x.rank !== 2 || (x.shape[0] !== 1 && x.shape[1] !== 1)) return undefined;
  let m = x;
  if (m.op === transposeOp && m.label === undefined) m = inputAt(m, 0);
  if (m.op === reshapeOp && m.label === undefined && inputAt(m, 0).rank === 1) return inputAt(m, 0);
  return undefined;
}

/** True when at most one axis is longer than 1 (a vector however it is shaped). */
const vectorLike = (s: Shape) => s.filter((d) => d !== 1).length <= 1;

/** `f` with its size-one factors (and the coefficient) taken out: `[scalars, rest]`. */
function splitScalars(x: Node, env: RuleEnv, maxRank = x.shape.length): [Prod, Node] | undefined {
  const p = flattenProduct(x, env);
  const scalars: Factor[] = [], rest: Factor[] = [];
  for (const f of p.factors) (sizeOf(f.base.shape) === 1 && f.base.shape.length <= maxRank ? scalars : rest).push(f);
  if (p.coef === 1 && scalars.length === 0) return undefined;
  // A scalar spread over a vector or matrix is the scalar times its ones: A (c·1) = c·A 1,
  // never A c (which would read as a scaled A).
  if (rest.length === 0) return sizeOf(x.shape) > 1 ? [{ coef: p.coef, factors: scalars }, ones(x.shape)] : undefined;
  return [{ coef: p.coef, factors: scalars }, buildProduct({ coef: 1, factors: rest }, env, x.shape)];
}

// ---------------------------------------------------------------------------------------
// Recognisers: products that are a known function written out.

/** The two terms of `n` when it is a sum of two, else undefined. */
function twoTerms(n: Node, env: RuleEnv): [Term, Term] | undefined {
  const t = flattenSum(n, env);
  return t && t.length === 2 ? [t[0]!, t[1]!] : undefined;
}

/** `w` when the term is `exp(w)` with coefficient `c`. */
function expTerm(t: Prod, c: number): Node | undefined {
  if (t.coef !== c || t.factors.length !== 1 || t.factors[0]!.exp !== 1) return undefined;
  const b = t.factors[0]!.base;
  return b.op === expOp && b.label === undefined ? b : undefined;
}

/** `(u, positive)` for `w = −u` (true) or `w = u` (false). */
function signedArg(w: Node): [Node, boolean] {
  return w.op === negOp && w.label === undefined ? [inputAt(w, 0), true] : [w, false];
}

/** `u` when `b` is `σ(u)` (or a name defined as `σ(u)`), else undefined. */
function sigmoidArg(b: Node, env: RuleEnv): Node | undefined {
  const form = b.op === sigmoidOp && !env.atom(b) ? b : env.formOf(b);
  return form !== undefined && form.op === sigmoidOp ? inputAt(form, 0) : undefined;
}

/** `u` when `b` is `1 − σ(u)` (σ possibly named), else undefined. */
function oneMinusSigmoidArg(b: Node, env: RuleEnv): Node | undefined {
  const tt = env.atom(b) ? undefined : twoTerms(b, env);
  if (!tt) return undefined;
  const [a, c] = tt;
  if (a.coef !== 1 || a.factors.length !== 0 || c.coef !== -1 || c.factors.length !== 1 || c.factors[0]!.exp !== 1) return undefined;
  return sigmoidArg(c.factors[0]!.base, env);
}

/** True when `e` is `exp(u)` (sign 1) or `exp(−u)` (sign −1). */
function isExpOf(e: Node, u: Node, sign: 1 | -1): boolean {
  if (e.op !== expOp || e.label !== undefined) return false;
  const w = inputAt(e, 0);
  return sign === 1 ? w === u : w.op === negOp && w.label === undefined && inputAt(w, 0) === u;
}

/**
 * σ written with exp. First `1/(1 + e⁻ᵘ) = σ(u)` and `1/(1 + eᵘ) = 1 − σ(u)`; then
 * `σ(u)·e⁻ᵘ = 1 − σ(u)` and `(1 − σ(u))·eᵘ = σ(u)`: so the derivative `e⁻ᵘ/(1 + e⁻ᵘ)²` is
 * `σ(u)(1 − σ(u))`, and softplus's `eᵘ/(1 + eᵘ)` is `σ(u)`.
 */
function recogniseSigmoid(p: Prod, env: RuleEnv): Prod | undefined {
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!;
    if (f.exp >= 0 || env.atom(f.base)) continue;
    const tt = twoTerms(f.base, env);
    if (!tt) continue;
    const [a, b] = tt;
    const one = (t: Prod) => t.coef === 1 && t.factors.length === 0;
    const e = one(a) ? expTerm(b, 1) : one(b) ? expTerm(a, 1) : undefined;
    if (!e) continue;
    const [u, positive] = signedArg(inputAt(e, 0));
    const sig = env.named(sigmoid(u));
    const base = positive ? sig : env.named(sub(env.num(1), sig));
    const factors = p.factors.slice();
    factors[i] = { base, exp: -f.exp };
    return { coef: p.coef, factors: mergeFactors(factors) };
  }
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!;
    if (f.exp <= 0) continue;
    const u = sigmoidArg(f.base, env);
    const v = u === undefined ? oneMinusSigmoidArg(f.base, env) : undefined;
    const arg = u ?? v;
    if (arg === undefined) continue;
    const j = p.factors.findIndex((g) => g.exp > 0 && isExpOf(g.base, arg, u !== undefined ? -1 : 1));
    if (j < 0) continue;
    const pairs = Math.min(f.exp, p.factors[j]!.exp);
    const sig = u !== undefined ? f.base : env.named(sigmoid(arg));
    const other = u !== undefined ? env.named(sub(env.num(1), f.base)) : sig;
    const factors: Factor[] = [];
    p.factors.forEach((g, k) => {
      if (k === i) {
        if (g.exp - pairs > 0) factors.push({ base: g.base, exp: g.exp - pairs });
        factors.push({ base: other, exp: pairs });
      } else if (k === j) {
        if (g.exp - pairs > 0) factors.push({ base: g.base, exp: g.exp - pairs });
      } else factors.push(g);
    });
    return { coef: p.coef, factors: mergeFactors(factors) };
  }
  return undefined;
}

/** tanh written with exp: `(eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ) = tanh(u)`, and its powers. */
function recogniseTanh(p: Prod, env: RuleEnv): Prod | undefined {
  for (let i = 0; i < p.factors.length; i++) {
    const d = p.factors[i]!;
    if (d.exp >= 0 || env.atom(d.base)) continue;
    const dt = twoTerms(d.base, env);
    if (!dt) continue;
    const e1 = expTerm(dt[0], 1), e2 = expTerm(dt[1], 1);
    if (!e1 || !e2) continue;
    const w1 = inputAt(e1, 0), w2 = inputAt(e2, 0);
    const [u, plus, minus] = w2.op === negOp && inputAt(w2, 0) === w1 ? [w1, e1, e2] : w1.op === negOp && inputAt(w1, 0) === w2 ? [w2, e2, e1] : [undefined, e1, e2];
    if (!u) continue;
    for (let j = 0; j < p.factors.length; j++) {
      const n = p.factors[j]!;
      if (n.exp <= 0 || env.atom(n.base)) continue;
      const nt = twoTerms(n.base, env);
      if (!nt) continue;
      const coefOf = (e: Node) => nt.find((t) => t.factors.length === 1 && t.factors[0]!.base === e && t.factors[0]!.exp === 1)?.coef;
      const cp = coefOf(plus), cm = coefOf(minus);
      if (cp === undefined || cm === undefined || Math.abs(cp) !== 1 || cm !== -cp) continue;
      const t = Math.min(n.exp, -d.exp);
      const th = env.named(tanh(u));
      const out: Factor[] = [];
      p.factors.forEach((g, idx) => {
        if (idx === j) {
          out.push({ base: th, exp: t });
          if (g.exp - t > 0) out.push({ base: g.base, exp: g.exp - t });
        } else if (idx === i) {
          if (g.exp + t < 0) out.push({ base: g.base, exp: g.exp + t });
        } else out.push(g);
      });
      return { coef: cp < 0 && t % 2 === 1 ? -p.coef : p.coef, factors: mergeFactors(out) };
    }
  }
  return undefined;
}

/**
 * Powers of one base add their exponents when the sum collects: `x·x^(x − 1) = x^x` (the
 * derivative of `x^x`, which then factors as `x^x·(1 + log(x))`). Only a symbolic exponent
 * that a number shortens is merged: `x·x^y` stays as it is.
 */
function recognisePowers(p: Prod, env: RuleEnv): Prod | undefined {
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!;
    if (f.exp !== 1 || f.base.op !== powOp || env.atom(f.base)) continue;
    const b = inputAt(f.base, 0), e = inputAt(f.base, 1);
    if (e.leaf !== undefined || e.rank !== 0 || !sameShape(b.shape, f.base.shape)) continue;
    const j = p.factors.findIndex((g) => g.base === b);
    if (j < 0) continue;
    const terms = flattenSum(e, env);
    if (!terms) continue;
    const all = [...terms, { coef: p.factors[j]!.exp, factors: [], order: terms.length }];
    const collected = collectTerms(all).filter((t) => t.coef !== 0);
    if (collected.length >= all.length || collected.length === 0) continue;
    const exponent = collected.length === 1 && collected[0]!.factors.length === 0 ? undefined : buildSum(orderTerms(collected), env);
    const merged = exponent === undefined ? { base: b, exp: collected[0]!.coef } : { base: env.named(pow(b, exponent)), exp: 1 };
    if (exponent === undefined && !Number.isInteger(merged.exp)) continue;
    return { coef: p.coef, factors: mergeFactors([...p.factors.filter((_, k) => k !== i && k !== j), merged]) };
  }
  return undefined;
}

/** Named recognisers on products, tried in order until none applies. */
export const RECOGNISERS: readonly { name: string; recognise(p: Prod, env: RuleEnv): Prod | undefined }[] = [
  { name: 'σ written with exp: 1/(1 + e⁻ᵘ) = σ(u), e⁻ᵘ/(1 + e⁻ᵘ) = 1 − σ(u)', recognise: recogniseSigmoid },
  { name: 'tanh written with exp: (eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ) = tanh(u)', recognise: recogniseTanh },
  { name: 'powers of one base add their exponents: x·x^(x − 1) = x^x', recognise: recognisePowers },
];

/** `p` with every recogniser applied (bounded: each one removes a factor of a sum). */
export function recognise(p: Prod, env: RuleEnv): Prod {
  let out = p;
  for (let round = 0; round < 8; round++) {
    let hit = false;
    for (const r of RECOGNISERS) {
      const q = r.recognise(out, env);
      if (q) {
        out = q;
        hit = true;
      }
    }
    if (!hit) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Sums: collecting, grouping by known sums, factoring matrix products, common factors.

/** The factors two products share (the smaller exponent of each base, when their signs agree). */
function commonFactors(a: readonly Factor[], b: readonly Factor[]): Factor[] {
  const out: Factor[] = [];
  for (const f of a) {
    const g = b.find((h) => h.base === f.base);
    if (!g || Math.sign(g.exp) !== Math.sign(f.exp)) continue;
    out.push({ base: f.base, exp: Math.sign(f.exp) * Math.min(Math.abs(f.exp), Math.abs(g.exp)) });
  }
  return out;
}

/** True when `p` holds every factor of `c` (at least to its power). */
function contains(p: readonly Factor[], c: readonly Factor[]): boolean {
  return c.every((f) => p.some((g) => g.base === f.base && Math.sign(g.exp) === Math.sign(f.exp) && Math.abs(g.exp) >= Math.abs(f.exp)));
}

/** `p / c`. */
function without(p: readonly Factor[], c: readonly Factor[]): Factor[] {
  return mergeFactors([...p, ...c.map((f) => ({ base: f.base, exp: -f.exp }))]);
}

/**
 * Terms that share factors and whose cofactors add up to a sum met elsewhere are that sum
 * times the shared factors: `eˣ/D + e⁻ˣ/D = (eˣ + e⁻ˣ)/D = D/D = 1` when `D = eˣ + e⁻ˣ`.
 */
function groupKnownSums(terms: Term[], env: RuleEnv): Term[] {
  if (terms.length < 2 || terms.length > 16 || env.knownSums.size === 0) return terms;
  let out = terms;
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (let i = 0; i < out.length && !changed; i++) {
      for (let j = i + 1; j < out.length && !changed; j++) {
        const c = commonFactors(out[i]!.factors, out[j]!.factors);
        if (c.length === 0) continue;
        let group: Term[] = [out[i]!, out[j]!];
        let rest = group.map((t) => ({ coef: t.coef, factors: without(t.factors, c) }));
        let key = sumKey(rest);
        let known = key && env.knownSums.get(key.key);
        if (!known) {
          group = out.filter((t) => contains(t.factors, c));
          rest = group.map((t) => ({ coef: t.coef, factors: without(t.factors, c) }));
          key = sumKey(rest);
          known = key && env.knownSums.get(key.key);
        }
        if (!key || !known) continue;
        const merged = recognise({ coef: key.scale / known.scale, factors: mergeFactors([...c, { base: known.node, exp: 1 }]) }, env);
        // Only when the sum cancels or completes something (D·D⁻¹ = 1, N·D⁻¹ = tanh): a
        // grouping that only puts a factor back outside a sum undoes what expanding did.
        if (merged.factors.length >= c.length + 1) continue;
        const order = minOrder(group);
        const grouped = new Set(group);
        out = collectTerms([...out.filter((t) => !grouped.has(t)), { ...merged, order }].sort((a, b) => a.order - b.order));
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

/** Matrix products with the same right (or left) operand are factored: `A x + Aᵀ x = (A + Aᵀ) x`. */
function groupMatmuls(terms: Term[], env: RuleEnv): Term[] {
  // A vector times a matrix, in a sum of vectors, is the transposed matrix times the vector
  // (xᵀA = Aᵀx for a 1-D x): so A x + xᵀ A is factored as (A + Aᵀ) x.
  let out = terms.map((t): Term => {
    if (t.factors.length !== 1 || t.factors[0]!.exp !== 1) return t;
    const m = t.factors[0]!.base;
    if (m.op !== matmulOp || env.atom(m) || m.rank !== 1 || inputAt(m, 0).rank !== 1 || inputAt(m, 1).rank !== 2) return t;
    return { ...t, factors: [{ base: matmul(transpose(inputAt(m, 1)), inputAt(m, 0)), exp: 1 }] };
  });
  for (const side of [1, 0] as const) {
    const groups = new Map<Node, Term[]>();
    for (const t of out) {
      if (t.factors.length !== 1 || t.factors[0]!.exp !== 1) continue;
      const m = t.factors[0]!.base;
      if (m.op !== matmulOp || env.atom(m)) continue;
      const key = inputAt(m, side);
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(t);
    }
    for (const [shared, group] of groups) {
      if (group.length < 2) continue;
      const others = group.map((t) => inputAt(t.factors[0]!.base, 1 - side));
      if (!others.every((o) => sameShape(o.shape, others[0]!.shape))) continue;
      // A matrix before its transpose: A + Aᵀ, whichever the graph built first.
      const transposed = (m: Node) => (m.op === transposeOp && m.label === undefined ? 1 : 0);
      const byTranspose = group.map((_, k) => k).sort((i, j) => transposed(others[i]!) - transposed(others[j]!) || i - j);
      const inner = buildSum(byTranspose.map((k) => ({ coef: group[k]!.coef, factors: [{ base: others[k]!, exp: 1 }] })), env);
      const base = side === 1 ? matmul(inner, shared) : matmul(shared, inner);
      const order = minOrder(group);
      const grouped = new Set(group);
      out = [...out.filter((t) => !grouped.has(t)), { coef: 1, factors: [{ base, exp: 1 }], order }].sort((a, b) => a.order - b.order);
    }
  }
  return out;
}

/** True for a vector whose printer writes it as a row (`xᵀ A`, `1ᵀ A`): the printers' own test. */
const printsAsRow = (x: Node): boolean => (x.op === matmulOp ? matmulPrintsRow(x) : x.op === sumOp ? sumPrintsRow(x) : false);

/** The smallest reading order of a group of terms (a loop: a spread of a 10⁵-term group overflows the stack). */
function minOrder(group: readonly { order: number }[]): number {
  let m = Infinity;
  for (const t of group) m = Math.min(m, t.order);
  return m;
}

/** `g·C·(Σ tᵢ)` for the common coefficient `g` and factors `C` of the terms, or undefined. */
function factorCommon(terms: readonly Term[], env: RuleEnv, shape: Shape): Node | undefined {
  if (terms.length < 2) return undefined;
  let g = Infinity;
  for (const t of terms) g = Math.min(g, Math.abs(t.coef));
  if (!(g > 0) || !terms.every((t) => Number.isInteger(t.coef / g))) g = 1;
  if (terms.every((t) => t.coef < 0)) g = -g;
  let c = terms[0]!.factors.slice();
  for (const t of terms) c = commonFactors(c, t.factors);
  if (g === 1 && c.length === 0) return undefined;
  const raw = buildSum(terms.map((t) => ({ coef: t.coef / g, factors: without(t.factors, c) })), env);
  // What is left may collect in turn: σ(1 − σ)² − σ²(1 − σ) = σ(1 − σ)((1 − σ) − σ) = σ(1 − σ)(1 − 2σ).
  const flat = flattenSum(raw, env);
  const collected = flat && collectTerms(flat.filter((t) => t.coef !== 0)).filter((t) => t.coef !== 0);
  const inner = collected && collected.length > 0 && collected.length < flat.length ? buildSum(orderTerms(collected), env) : raw;
  return buildProduct({ coef: g, factors: [...c, { base: inner, exp: 1 }] }, env, shape);
}

/** The canonical node of a sum of terms: collected, grouped, ordered, factored when that is shorter. */
export function canonicalSum(terms: readonly Term[], env: RuleEnv, shape: Shape): Node {
  // Like terms are collected with their sum factors turned one agreed way round, so that
  // r⊙u and (b − A x)⊙u, where r = A x − b, cancel; a term's minus sign goes into one of its
  // sum factors only after (absorbSign).
  const recognised = terms.map((t) => ({ ...recognise(t, env), order: t.order }));
  let ts = collectTerms(recognised);
  const oriented = collectTerms(recognised.map((t) => ({ ...orientSums(t, env), order: t.order })));
  if (oriented.length < ts.length) ts = oriented;
  ts = groupKnownSums(ts, env);
  ts = collectTerms(groupMatmuls(ts, env));
  // Factors common before a minus sign goes into a sum factor: σ(1 − σ)² − σ²(1 − σ), not σ²(σ − 1).
  const signed = orderTerms(ts);
  ts = ts.map((t) => ({ ...absorbSign(t, env), order: t.order }));
  const ordered = orderTerms(ts);
  let best = buildSum(ordered, env, shape);
  const key = sumKey(ordered);
  if (key && ordered.length > 1) {
    const known = env.knownSums.get(key.key);
    if (known && known.scale === key.scale && sameShape(known.node.shape, shape)) best = known.node;
  }
  for (const f of [factorCommon(ordered, env, shape), factorCommon(signed, env, shape), overCommonDenominator(ordered, env, shape)]) if (f && size(f, env) < size(best, env)) best = f;
  return sumOfDiagonals(ordered, env, shape) ?? best;
}

/**
 * The terms over the highest power of a sum that divides one of them, when the numerator then
 * cancels: `1/(1 + x) − x/(1 + x)² = ((1 + x) − x)/(1 + x)² = 1/(1 + x)²` (the derivative of
 * `x/(1 + x)`). Undefined when no terms collect; the caller keeps it when it is shorter.
 */
function overCommonDenominator(terms: readonly Term[], env: RuleEnv, shape: Shape): Node | undefined {
  if (terms.length < 2 || terms.length > 8) return undefined;
  let d: Node | undefined, k = 0;
  for (const t of terms) {
    for (const f of t.factors) if (f.exp < 0 && -f.exp > k && isSumOp(f.base) && !env.atom(f.base)) [d, k] = [f.base, -f.exp];
  }
  if (d === undefined || k > 4) return undefined;
  const e = expand(terms.map((t) => ({ coef: t.coef, factors: mergeFactors([...t.factors, { base: d, exp: k }]) })), env);
  if (!e) return undefined;
  const top = collectTerms(e.terms).filter((t) => t.coef !== 0);
  if (top.length === 0 || top.length >= e.terms.length) return undefined;
  if (top.length === 1) return buildProduct({ coef: top[0]!.coef, factors: mergeFactors([...top[0]!.factors, { base: d, exp: -k }]) }, env, shape);
  return buildProduct({ coef: 1, factors: [{ base: buildSum(orderTerms(top), env), exp: 1 }, { base: d, exp: -k }] }, env, shape);
}

/**
 * diag is linear: `a·diag(u) − b·diag(w) = diag(a u − b w)`, so that what is on the diagonal
 * simplifies as one vector (the Hessian of 1ᵀσ(v) reads diag(σ(v) ⊙ (1 − σ(v)) ⊙ (1 − 2σ(v)))).
 * Undefined unless every term is a number times one diag.
 */
function sumOfDiagonals(terms: readonly Term[], env: RuleEnv, shape: Shape): Node | undefined {
  if (terms.length < 2) return undefined;
  const parts: Term[] = [];
  for (const t of terms) {
    const f = t.factors[0];
    if (t.factors.length !== 1 || f!.exp !== 1 || f!.base.op !== diagOp || env.atom(f!.base) || !sameShape(f!.base.shape, shape)) return undefined;
    parts.push({ coef: t.coef, factors: [{ base: inputAt(f!.base, 0), exp: 1 }], order: t.order });
  }
  return diag(buildSum(parts, env));
}

/** Terms with sum factors multiplied out, and whether anything cancelled doing it. */
interface Expansion {
  terms: Term[];
  /** True when a factor cancelled against its inverse (`s·(y/s) = y`) as the terms were multiplied out. */
  cancelled: boolean;
}

/** Terms with their sum factors multiplied out (a few rounds, at most 32 terms), or undefined when none has one. */
function expand(terms: readonly Prod[], env: RuleEnv): Expansion | undefined {
  let out = expandOnce(terms, env);
  if (!out) return undefined;
  for (let round = 0; round < 3; round++) {
    const next = expandOnce(out.terms, env);
    if (!next) break;
    out = { terms: next.terms, cancelled: out.cancelled || next.cancelled };
  }
  return out;
}

/** Terms with their first sum factor multiplied out, or undefined when none has one. */
function expandOnce(terms: readonly Prod[], env: RuleEnv): Expansion | undefined {
  const out: Term[] = [];
  let any = false, cancelled = false;
  for (const t of terms) {
    const i = t.factors.findIndex((f) => f.exp === 1 && isSumOp(f.base) && !env.atom(f.base));
    const inner = i >= 0 && (t.factors.length > 1 || t.coef !== 1 || terms.length > 1) ? flattenSum(t.factors[i]!.base, env) : undefined;
    if (!inner || inner.length > 8) {
      out.push({ ...t, order: out.length });
      continue;
    }
    any = true;
    const rest = t.factors.filter((_, k) => k !== i);
    for (const s of inner) {
      const all = [...rest.slice(0, i), ...s.factors, ...rest.slice(i)];
      const merged = mergeFactors(all);
      if (merged.length < all.length && all.some((f) => all.some((g) => g.base === f.base && Math.sign(g.exp) !== Math.sign(f.exp)))) cancelled = true;
      // A fraction made whole counts too: 2·(½ − 10/f²)·e = e − 20·e/f².
      const coef = t.coef * s.coef;
      if (!Number.isInteger(s.coef) && Number.isInteger(coef)) cancelled = true;
      out.push({ coef, factors: merged, order: out.length });
    }
  }
  return any && out.length <= 32 ? { terms: out, cancelled } : undefined;
}

/**
 * Whether a multiplied-out form may replace a product: textbooks keep products factored
 * (`σ(1 − σ)`, `h ⊙ (1 − h²)`, `2Aᵀ(Ax − b)`), so only when something cancels (a factor
 * against its inverse, terms against each other or into a sum met elsewhere) or only a sign is
 * distributed (`−(a − b) = b − a`), and the result is shorter.
 */
function expansionWins(e: Expansion, result: Node, than: Node, signOnly: boolean, env: RuleEnv): boolean {
  if (size(result, env) >= size(than, env)) return false;
  if (e.cancelled) return true;
  // A sign is distributed only to put a positive term first: −(a − b) = b − a, −(1 + c²) stays.
  if (signOnly) return (flattenSum(result, env)?.[0]?.coef ?? 0) > 0;
  const after = flattenSum(result, env);
  return after === undefined || after.length < e.terms.length;
}

/**
 * A minus sign goes into a sum factor that has a subtracted term, so that neither starts with
 * a minus: `−(y − 1)/(1 − σ) = (1 − y)/(1 − σ)`.
 */
function absorbSign(p: Prod, env: RuleEnv): Prod {
  if (p.coef >= 0) return p;
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!;
    if (f.exp !== 1 || !isSumOp(f.base) || env.atom(f.base)) continue;
    const terms = flattenSum(f.base, env);
    if (!terms || !terms.some((t) => t.coef < 0)) continue;
    const flipped = orderTerms(terms.map((t) => ({ ...t, coef: -t.coef })));
    const factors = p.factors.slice();
    factors[i] = { base: buildSum(flipped, env, f.base.shape), exp: 1 };
    return { coef: -p.coef, factors };
  }
  return p;
}

/**
 * `p` with each sum factor (exponent 1) turned the agreed way round: the term whose factors
 * have the least key added, not subtracted; `(b − a)·v` is `−(a − b)·v` when `a`'s key is the
 * least. Two terms that differ only in which way a sum factor is written then have one key.
 */
function orientSums(p: Prod, env: RuleEnv): Prod {
  let coef = p.coef;
  let factors: Factor[] | undefined;
  for (let i = 0; i < p.factors.length; i++) {
    const f = p.factors[i]!;
    if (f.exp !== 1) continue;
    // The sum may stand reshaped or broadcast to the product's shape (a column r in r ⊙ uᵀ).
    let s = f.base;
    for (let k = 0; k < 4 && (s.op === reshapeOp || s.op === broadcastToOp) && s.label === undefined && !env.atom(s); k++) s = inputAt(s, 0);
    if (!isSumOp(s) || env.atom(s)) continue;
    const terms = flattenSum(s, env);
    if (!terms || terms.length < 2) continue;
    let least = terms[0]!;
    for (const t of terms) if (factorsKey(t.factors) < factorsKey(least.factors)) least = t;
    if (least.coef >= 0) continue;
    factors ??= p.factors.slice();
    factors[i] = { base: fitShape(buildSum(orderTerms(terms.map((t) => ({ ...t, coef: -t.coef }))), env, s.shape), f.base.shape), exp: 1 };
    coef = -coef;
  }
  return factors ? { coef, factors } : p;
}

/** Registers `n` as a known sum (by its terms' key). */
export function rememberSum(n: Node, env: RuleEnv): void {
  const t = flattenSum(n, env);
  const key = t && sumKey(collectTerms(t));
  if (key && !env.knownSums.has(key.key)) env.knownSums.set(key.key, { node: n, scale: key.scale });
}

// ---------------------------------------------------------------------------------------
// The rules.

const PRODUCT_OPS: readonly OpDef[] = [mulOp, divOp, negOp, powOp, maskedProductOfPow];
const SUM_OPS: readonly OpDef[] = [addOp, subOp, addNOp];

/** The rules, in the order they are tried on a node. */
export const DISPLAY_RULES: readonly DisplayRule[] = [
  {
    name: 'I A = A, A I = A (identity matrices drop out)',
    ops: [matmulOp],
    level: 'notation',
    rewrite: (n) => {
      const a = inputAt(n, 0), b = inputAt(n, 1);
      if (isIdentity(a) && sameShape(b.shape, n.shape)) return b;
      if (isIdentity(b) && sameShape(a.shape, n.shape)) return a;
      return undefined;
    },
  },
  {
    name: '1×1 matrices are scalars',
    ops: [matmulOp],
    level: 'notation',
    rewrite: (n) => {
      const a = inputAt(n, 0), b = inputAt(n, 1);
      const one = (x: Node) => x.rank >= 1 && sizeOf(x.shape) === 1;
      if (one(a) && !one(b)) return fitShape(mul(reshape(a, []), b), n.shape);
      if (one(b) && !one(a)) return fitShape(mul(a, reshape(b, [])), n.shape);
      return undefined;
    },
  },
  {
    name: 'vectors are not reshaped into one-column matrices for a product: A (v as a column) = A v',
    ops: [matmulOp],
    level: 'notation',
    rewrite: (n) => {
      const a = inputAt(n, 0), b = inputAt(n, 1);
      const v = b.rank === 2 && b.shape[1] === 1 ? vectorOf(b) : undefined;
      if (v && a.rank === 2) return reshape(matmul(a, v), n.shape);
      const u = a.rank === 2 && a.shape[0] === 1 ? vectorOf(a) : undefined;
      if (u && (b.rank === 2 || b.rank === 1)) return reshape(matmul(u, b), n.shape);
      return undefined;
    },
  },
  {
    name: 'a column spread over the columns of a matrix is that column times a row of ones: A + c 1ᵀ',
    ops: [addOp, subOp],
    level: 'notation',
    rewrite: (n) => {
      // A column c (m×1, the keepDims sum A 1) added to an m×n matrix, written A + c, would read
      // as a vector spread over the rows (A + b, as the bias of a batch): c 1ᵀ says which.
      if (n.rank !== 2 || n.shape[1]! < 2) return undefined;
      const spread = (c: Node) => c.rank === 2 && c.shape[0] === n.shape[0] && c.shape[0]! > 1 && c.shape[1] === 1 && numberOf(c) === undefined;
      const a = inputAt(n, 0), b = inputAt(n, 1);
      if (!spread(a) && !spread(b)) return undefined;
      // Beside a matrix (a column and a row make their outer sum, left as it is).
      if (!sameShape(a.shape, n.shape) && !sameShape(b.shape, n.shape)) return undefined;
      const row = transpose(ones([n.shape[1]!, 1]));
      return applyOwned(n.op, [spread(a) ? matmul(a, row) : a, spread(b) ? matmul(b, row) : b], n.attrs);
    },
  },
  {
    name: 'scalars leave matrix products: A (c B) = c A B',
    ops: [matmulOp],
    level: 'notation',
    rewrite: (n, env) => {
      const a = inputAt(n, 0), b = inputAt(n, 1);
      const sa = splitScalars(a, env), sb = splitScalars(b, env);
      if (!sa && !sb) return undefined;
      const coef = (sa?.[0].coef ?? 1) * (sb?.[0].coef ?? 1);
      const scalars = [...(sa?.[0].factors ?? []), ...(sb?.[0].factors ?? [])];
      return buildProduct({ coef, factors: [...scalars, { base: matmul(sa?.[1] ?? a, sb?.[1] ?? b), exp: 1 }] }, env, n.shape);
    },
  },
  {
    name: 'a scalar spread over a shape is one broadcast: reshape(broadcast(s)) = broadcast(s)',
    ops: [reshapeOp, broadcastToOp],
    level: 'notation',
    rewrite: (n) => {
      const s = scalarBelow(n);
      if (s === undefined || (n.op === broadcastToOp && inputAt(n, 0) === s)) return undefined;
      return fitShape(s.shape.length === 0 ? s : reshape(s, []), n.shape);
    },
  },
  {
    name: 'a reshaped transposed vector is the vector reshaped',
    ops: [reshapeOp],
    level: 'notation',
    rewrite: (n) => {
      const x = inputAt(n, 0);
      if (x.op !== transposeOp || x.label !== undefined || !vectorLike(x.shape)) return undefined;
      return reshape(inputAt(x, 0), n.shape);
    },
  },
  {
    name: 'a vector made a row is the transposed vector (vᵀ)',
    ops: [reshapeOp],
    level: 'notation',
    rewrite: (n, env) => {
      const x = inputAt(n, 0);
      if (x.rank !== 1 || n.rank !== 2 || n.shape[0] !== 1 || x.shape[0] === 1) return undefined;
      // A vector that prints as a row already (uᵀ S, 1ᵀ A) is the row as it is: transposing it printed (uᵀ S)ᵀ, a column.
      if (!env.atom(x) && printsAsRow(x)) return undefined;
      return transpose(reshape(x, [x.shape[0]!, 1]));
    },
  },
  {
    name: 'reshapes leave elementwise ops: reshape(a) − reshape(b) = reshape(a − b)',
    ops: [addOp, subOp, mulOp, divOp],
    level: 'notation',
    rewrite: (n, env) => {
      let source: Shape | undefined;
      const ins: Node[] = [];
      let numbers = 0;
      for (let i = 0; i < inputCount(n); i++) {
        const c = inputAt(n, i);
        const v = numberOf(c);
        if (v !== undefined) {
          ins.push(c.rank === 0 ? c : env.num(v));
          numbers++;
          continue;
        }
        if (c.op !== reshapeOp || c.label !== undefined) return undefined;
        const x = inputAt(c, 0);
        if (source !== undefined && !sameShape(source, x.shape)) return undefined;
        source = x.shape;
        ins.push(x);
      }
      if (source === undefined || sameShape(source, n.shape) || sizeOf(source) !== sizeOf(n.shape)) return undefined;
      // c·reshape(a) stays: scalars leave linear ops the other way (c·reshape(a), not reshape(c·a)).
      if (numbers > 0 && (n.op === mulOp || n.op === divOp)) return undefined;
      return reshape(applyOwned(n.op, ins, n.attrs), n.shape);
    },
  },
  {
    name: 'diag(u) ⊙ v (a column) = diag(u ⊙ v); 1ᵀ diag(u) = uᵀ',
    ops: [mulOp, sumOp],
    level: 'notation',
    rewrite: (n) => {
      if (n.op === sumOp) {
        const x = inputAt(n, 0);
        if (x.op !== diagOp || (n.attrs.axes as number[]).length !== 1) return undefined;
        return reshape(inputAt(x, 0), n.shape);
      }
      const a = inputAt(n, 0), b = inputAt(n, 1);
      const [d, c] = a.op === diagOp ? [a, b] : b.op === diagOp ? [b, a] : [undefined, undefined];
      if (!d || !c || c.rank !== 2 || c.shape[1] !== 1 || c.shape[0] !== d.shape[0]) return undefined;
      const v = vectorOf(c);
      return v ? diag(mul(inputAt(d, 0), v)) : undefined;
    },
  },
  {
    name: 'I ⊙ v (a column) is diag(v)',
    ops: [mulOp],
    level: 'notation',
    rewrite: (n) => {
      const a = inputAt(n, 0), b = inputAt(n, 1);
      const [i, c] = isIdentity(a) ? [a, b] : isIdentity(b) ? [b, a] : [undefined, undefined];
      if (!i || !c || c.rank !== 2 || c.shape[1] !== 1 || c.shape[0] !== i.shape[0]) return undefined;
      const v = vectorOf(c);
      return v ? diag(v) : undefined;
    },
  },
  {
    name: 'a sum of squares is a squared norm: 1ᵀ(u²) = ‖u‖², uᵀu = ‖u‖²',
    ops: [sumOp, dotOp],
    level: 'notation',
    rewrite: (n, env) => {
      if (env.indexed) return undefined;
      const x = inputAt(n, 0);
      if (n.op === dotOp) return x === inputAt(n, 1) ? pow(norm(x), 2) : undefined;
      if ((n.attrs.axes as number[]).length !== x.rank || x.op !== powOp || x.label !== undefined || numberOf(inputAt(x, 1)) !== 2) return undefined;
      return fitShape(pow(norm(inputAt(x, 0)), 2), n.shape);
    },
  },
  {
    name: 'a sum of a product of two vectors is their dot product: 1ᵀ(a ⊙ b) = aᵀb',
    ops: [sumOp],
    level: 'notation',
    rewrite: (n, env) => {
      const x = inputAt(n, 0);
      if (env.indexed || x.rank !== 1 || x.op !== mulOp || x.label !== undefined) return undefined;
      const a = inputAt(x, 0), b = inputAt(x, 1);
      if (a.rank !== 1 || b.rank !== 1 || a.shape[0] !== b.shape[0] || a === b) return undefined;
      return fitShape(dot(a, b), n.shape);
    },
  },
  {
    name: 'numbers first: x·2 = 2·x',
    ops: [mulOp],
    level: 'notation',
    rewrite: (n, env) => {
      if (env.level !== 'notation') return undefined;
      const a = inputAt(n, 0), b = inputAt(n, 1);
      return numberOf(b) !== undefined && numberOf(a) === undefined ? fitShape(mul(b, a), n.shape) : undefined;
    },
  },
  {
    name: 'fractions as fractions: 0.5·x = ½·x',
    ops: [mulOp, divOp, negOp],
    level: 'notation',
    rewrite: (n, env) => {
      if (env.level !== 'notation') return undefined;
      const p = flattenProduct(n, env, false);
      if (p.coef === 1 || p.coef === -1 || Number.isInteger(p.coef)) return undefined;
      const out = buildProduct(p, env, n.shape);
      return out === n ? undefined : out;
    },
  },
  {
    name: 'eᵘ / 1ᵀeᵘ = softmax(u)',
    ops: [divOp],
    level: 'algebra',
    rewrite: (n, env) => {
      const e = inputAt(n, 0), s = inputAt(n, 1);
      if (e.op !== expOp || s.op !== sumOp || inputAt(s, 0) !== e || env.atom(e) || env.atom(s) || e.rank === 0) return undefined;
      const axes = s.attrs.axes as number[];
      // Over the one axis it is summed along: all of a vector, or one axis kept for broadcasting.
      if (axes.length !== 1 || (e.rank > 1 && s.attrs.keepDims !== true)) return undefined;
      return env.named(softmax(inputAt(e, 0), axes[0]));
    },
  },
  {
    name: 'eᵘ ⊙ (1 / 1ᵀeᵘ) = softmax(u), the sum along one axis put back for broadcasting',
    ops: [mulOp],
    level: 'algebra',
    rewrite: (n, env) => {
      for (const [e, r] of [[inputAt(n, 0), inputAt(n, 1)], [inputAt(n, 1), inputAt(n, 0)]] as const) {
        if (e.op !== expOp || env.atom(e) || e.rank === 0 || !sameShape(e.shape, n.shape)) continue;
        const inv = r.op === reshapeOp && !env.atom(r) ? inputAt(r, 0) : r;
        if (inv.op !== divOp || env.atom(inv) || numberOf(inputAt(inv, 0)) !== 1) continue;
        const s = inputAt(inv, 1);
        if (s.op !== sumOp || env.atom(s) || inputAt(s, 0) !== e) continue;
        const axes = s.attrs.axes as number[];
        if (axes.length !== 1) continue;
        // The reciprocal sums stand along the summed axis, one per slice: r has the sum's kept shape.
        const kept = e.shape.map((d, i) => (i === axes[0] ? 1 : d));
        if (!sameShape(r.shape, kept) && !(e.rank === 1 && r.rank === 0)) continue;
        return env.named(softmax(inputAt(e, 0), axes[0]));
      }
      return undefined;
    },
  },
  {
    name: 'log(1 + eᵘ) = softplus(u)',
    ops: [logOp],
    level: 'algebra',
    rewrite: (n, env) => {
      const tt = twoTerms(inputAt(n, 0), env);
      if (!tt) return undefined;
      const one = (t: Prod) => t.coef === 1 && t.factors.length === 0;
      const e = one(tt[0]) ? expTerm(tt[1], 1) : one(tt[1]) ? expTerm(tt[0], 1) : undefined;
      return e ? env.named(softplus(inputAt(e, 0))) : undefined;
    },
  },
  {
    name: 'constants whose entries sum to 1: 1ᵀy = 1',
    ops: [sumOp],
    level: 'algebra',
    rewrite: (n, env) => {
      const y = inputAt(n, 0);
      if (!y.isConstant || !sumsToOne(y, n.attrs.axes as number[])) return undefined;
      env.fact({ expr: n, value: 1, about: y });
      return filledWith(env, 1, n.shape);
    },
  },
  {
    name: 'deviations from the mean sum to 0: 1ᵀ(v − mean(v)) = 0',
    ops: [sumOp],
    level: 'algebra',
    rewrite: (n, env) => {
      const x = inputAt(n, 0);
      if ((n.attrs.axes as number[]).length !== x.rank || x.rank === 0) return undefined;
      const terms = flattenSum(x, env);
      if (!terms) return undefined;
      const rest = withoutDeviations(terms, sizeOf(x.shape), env);
      if (!rest) return undefined;
      return rest.length === 0 ? filledWith(env, 0, n.shape) : applyOwned(sumOp, [buildSum(rest, env, x.shape)], n.attrs);
    },
  },
  {
    name: 'scalars leave linear ops: 1ᵀ(c v) = c 1ᵀv, (c A)ᵀ = c Aᵀ',
    ops: [sumOp, meanOp, transposeOp, reshapeOp, broadcastToOp, trOp, takeOp],
    level: 'algebra',
    rewrite: (n, env) => {
      const x = inputAt(n, 0);
      if (env.atom(x) || x.leaf !== undefined) return undefined;
      // Only scalars of no more axes than the result: a [1, 1] factor taken out of
      // reshape[3](c ⊙ v) would be broadcast back to [1, 3] and reshaped again, for ever.
      const s = splitScalars(x, env, Math.min(x.shape.length, n.shape.length));
      if (!s) return undefined;
      const [scalars, rest] = s;
      return buildProduct({ coef: scalars.coef, factors: [...scalars.factors, { base: applyOwned(n.op, [rest], n.attrs), exp: 1 }] }, env, n.shape);
    },
  },
  {
    name: 'products: numbers first, x·x = x², a·b/a = b, ‖v‖·v/‖v‖ = v, σ and tanh written with exp',
    ops: PRODUCT_OPS,
    level: 'algebra',
    rewrite: (n, env) => {
      const p = absorbSign(recognise(flattenProduct(n, env), env), env);
      let best = buildProduct(p, env, n.shape);
      const expanded = expand([p], env);
      if (expanded) {
        // The sign aside: −(a − b) may become b − a, but −σ(1 − σ) stays a product.
        const sum = canonicalSum(expanded.terms, env, n.shape);
        const unsigned = p.coef < 0 ? buildProduct({ coef: -p.coef, factors: p.factors }, env, n.shape) : best;
        const signOnly = p.coef === -1 && p.factors.length === 1;
        if (expansionWins(expanded, sum, signOnly ? best : unsigned, signOnly, env)) best = sum;
      }
      return best === n ? undefined : best;
    },
  },
  {
    name: 'sums: like terms collected, positive terms first, common factors taken out',
    ops: SUM_OPS,
    level: 'algebra',
    rewrite: (n, env) => {
      const terms = flattenSum(n, env);
      if (!terms) return undefined;
      let best = canonicalSum(terms, env, n.shape);
      const expanded = expand(terms, env);
      if (expanded) {
        const alt = canonicalSum(expanded.terms, env, n.shape);
        const hasSum = (t: Prod) => t.factors.some((f) => f.exp === 1 && isSumOp(f.base) && !env.atom(f.base));
        const signOnly = terms.every((t) => !hasSum(t) || (t.factors.length === 1 && Math.abs(t.coef) === 1));
        if (expansionWins(expanded, alt, best, signOnly, env)) best = alt;
      }
      return best === n ? undefined : best;
    },
  },
];

/**
 * The terms of a sum of `size` elements, summed over all of them, with the pairs that sum to 0
 * taken out: `c·u` and `−c·mean(u)` (or `−(c/n)·1ᵀu`, `n` the length of `u`), with the same
 * scalar factors, add up to `c·(N/n)·1ᵀu − c·N·1ᵀu/n = 0` over the `N` elements however `u`
 * is spread over them. Undefined when no pair is found.
 */
function withoutDeviations(terms: readonly Term[], size: number, env: RuleEnv): Term[] | undefined {
  if (terms.length < 2 || terms.length > 16) return undefined;
  const out = terms.slice();
  let found = false;
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    for (const f of t.factors) {
      const m = f.base;
      if (f.exp !== 1 || (m.op !== meanOp && m.op !== sumOp) || env.atom(m) || m.rank !== 0) continue;
      const u = inputAt(m, 0);
      if ((m.attrs.axes as number[]).length !== u.rank) continue;
      // The other factors are scalars, spread alike over the elements in both terms.
      const others = t.factors.filter((g) => g !== f);
      if (others.some((g) => sizeOf(g.base.shape) !== 1)) continue;
      const want = factorsKey([...others, { base: u, exp: 1 }]);
      const per = m.op === meanOp ? 1 : sizeOf(u.shape);
      const j = out.findIndex((s, k) => k !== i && factorsKey(s.factors) === want && Math.abs(s.coef + t.coef * per) <= 1e-12 * Math.abs(s.coef));
      if (j < 0 || sizeOf(u.shape) > size) continue;
      const [a, b] = i < j ? [i, j] : [j, i];
      out.splice(b, 1);
      out.splice(a, 1);
      found = true;
      i = -1;
      break;
    }
  }
  return found ? out : undefined;
}

/** True when every slice of constant `y` along `axes` sums to 1 (one-hot labels, probabilities). */
function sumsToOne(y: Node, axes: readonly number[]): boolean {
  const t = y.leaf?.value;
  if (!t || t.size === 0) return false;
  const shape = t.shape;
  const strides: number[] = [];
  let s = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = s;
    s *= shape[a]!;
  }
  const sums = new Map<number, number>();
  for (let i = 0; i < t.size; i++) {
    let key = 0, rest = i;
    for (let a = 0; a < shape.length; a++) {
      const idx = Math.floor(rest / strides[a]!);
      rest -= idx * strides[a]!;
      if (!axes.includes(a)) key = key * shape[a]! + idx;
    }
    sums.set(key, (sums.get(key) ?? 0) + t.data[i]!);
  }
  for (const v of sums.values()) if (Math.abs(v - 1) > 1e-12) return false;
  return true;
}

/** The rules by op. */
export function rulesByOp(): Map<OpDef, DisplayRule[]> {
  const m = new Map<OpDef, DisplayRule[]>();
  for (const r of DISPLAY_RULES) for (const op of r.ops) (m.get(op) ?? m.set(op, []).get(op)!).push(r);
  return m;
}

export { inputCount };
