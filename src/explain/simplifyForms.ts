/**
 * The canonical forms the display simplifier works in, as SymPy's `Mul` and `Add` are: a
 * product is a number times factors with integer exponents (`2·x·y⁻¹`), a sum is a list of
 * such products with their coefficients. Flattening a node into a form reads at most a
 * bounded number of nodes (a product of a thousand factors is kept as it is), so every step
 * of the simplifier costs a bounded amount and a whole simplification is linear in the size of
 * what it simplifies. Building a node from a form is deterministic: the same form always gives
 * the same (hash-consed) node, which is what makes the rewrites reach a fixed point.
 * @module
 */
import { constant, inputAt, inputCount, isPlainConstant, type Node } from '../core/node.js';
import { sameShape, sizeOf, tryBroadcast, type Shape } from '../tensor/shape.js';
import { full } from '../tensor/tensor.js';
import { addOp, add } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { broadcastTo, broadcastToOp } from '../ops/broadcastTo.js';
import { div, divOp } from '../ops/div.js';
import { mul, mulOp } from '../ops/mul.js';
import { neg, negOp } from '../ops/neg.js';
import { maskedProductOfPow, pow, powOp } from '../ops/pow.js';
import { reshape, reshapeOp } from '../ops/reshape.js';
import { sub, subOp } from '../ops/sub.js';
import { rational, rationalValue } from './simplifyOps.js';

/** A factor of a product: `base^exp`, `exp` a non-zero integer. */
export interface Factor {
  readonly base: Node;
  readonly exp: number;
}

/** A product `coef · Π base^exp` (the factors in the order they were met). */
export interface Prod {
  readonly coef: number;
  readonly factors: readonly Factor[];
}

/** Most factors read into one product; beyond, the rest of the product is one factor. */
export const MAX_FACTORS = 24;
/**
 * Most terms read into one sum; a longer sum is left as it is. Collecting is linear in the
 * terms; what compares terms pairwise looks at sums of at most 16.
 */
export const MAX_TERMS = 256;
/** Largest integer exponent a power is read with. */
const MAX_EXPONENT = 64;

/** What the forms need of the simplifier: which nodes are names, and shared number nodes. */
export interface FormEnv {
  /** True for a node printed as a name (never looked into). */
  atom(n: Node): boolean;
  /** The node of a number (the same node for the same number within one simplification). */
  num(v: number): Node;
  /**
   * The identity matrix of size `k` times `c` (default 1): the same node for the same `k` and
   * `c` within one simplification (a product of a number and a constant folds into a new
   * constant; this one is made once, so that rewriting reaches a fixed point).
   */
  eye(k: number, c?: number): Node;
}

/** True for an unnamed identity-matrix constant (the `I` that `tr`'s rule and `hessian` build). */
export function isIdentity(n: Node): boolean {
  return identityMultiple(n) === 1;
}

/**
 * `c` when `n` is an unnamed constant `c·I` (a square matrix with `c ≠ 0` on its diagonal and
 * zeros elsewhere, `k > 1`, or `k = 1` with `c = 1`), else undefined: the `−½·I` of a Hessian
 * is read as the coefficient −½ of `I`, so that it collects and orders like a term.
 */
export function identityMultiple(n: Node): number | undefined {
  if (!isPlainConstant(n) || n.rank !== 2 || n.shape[0] !== n.shape[1]) return undefined;
  const d = n.leaf!.value!.data, k = n.shape[0]!;
  const c = d[0]!;
  if (c === 0 || !Number.isFinite(c) || (k === 1 && c !== 1)) return undefined;
  for (let i = 1; i < d.length; i++) if (d[i] !== (i % (k + 1) === 0 ? c : 0)) return undefined;
  return c;
}

/**
 * The number an unnamed uniform constant (or a rational display node) stands for: the
 * coefficients of products. Data constants count too: printing may read any value.
 */
export function numberOf(n: Node): number | undefined {
  const r = rationalValue(n);
  if (r !== undefined) return r;
  if (!isPlainConstant(n)) return undefined;
  const leaf = n.leaf!;
  if (n.shape.length === 0) return leaf.number;
  const d = leaf.value!.data;
  if (d.length === 0) return undefined;
  const v = d[0]!;
  for (let i = 1; i < d.length; i++) if (d[i] !== v) return undefined;
  return v;
}

/**
 * The one-element node a chain of unnamed reshapes and broadcasts starts from (a scalar
 * spread over a shape, as `grad` spreads the seed of a sum), else undefined.
 */
export function scalarBelow(n: Node): Node | undefined {
  let m = n;
  for (let k = 0; k < 16 && (m.op === reshapeOp || m.op === broadcastToOp) && m.label === undefined; k++) {
    m = inputAt(m, 0);
    if (sizeOf(m.shape) === 1) return m;
  }
  return undefined;
}

/** The integer exponent of a power node, if it has a small constant integer one. */
function integerExponent(n: Node): number | undefined {
  const e = numberOf(inputAt(n, 1));
  return e !== undefined && Number.isInteger(e) && Math.abs(e) <= MAX_EXPONENT && e !== 0 ? e : undefined;
}

/** True for the ops a product is written with. */
export function isProductOp(n: Node): boolean {
  const op = n.op;
  return op === mulOp || op === divOp || op === negOp || op === maskedProductOfPow || (op === powOp && integerExponent(n) !== undefined);
}

/** True for the ops a sum is written with. */
export function isSumOp(n: Node): boolean {
  const op = n.op;
  return op === addOp || op === subOp || op === addNOp;
}

/**
 * `n` read as a product: numbers multiply into the coefficient, equal bases merge their
 * exponents (so `a·b/a` is `b` and `‖v‖·v/‖v‖` is `v`), broadcasts of one-element factors
 * are dropped (broadcasting is implicit in formulas). Iterative, and bounded by
 * {@link MAX_FACTORS}.
 */
export function flattenProduct(n: Node, env: FormEnv, merge = true): Prod {
  let coef = 1;
  const factors: Factor[] = [];
  const nodes: Node[] = [n];
  const exps: number[] = [1];
  let visited = 0;
  while (nodes.length > 0) {
    const m = nodes.pop()!;
    const e = exps.pop()!;
    const v = numberOf(m);
    if (v !== undefined && (v !== 0 || e > 0)) {
      coef *= e === 1 ? v : Math.pow(v, e);
      continue;
    }
    const c = e === 1 && !env.atom(m) ? identityMultiple(m) : undefined;
    if (c !== undefined) {
      coef *= c;
      factors.push({ base: env.eye(m.shape[0]!), exp: 1 });
      continue;
    }
    if (env.atom(m) || m.leaf !== undefined || ++visited > MAX_FACTORS) {
      factors.push({ base: m, exp: e });
      continue;
    }
    const op = m.op;
    if (op === negOp) {
      coef = e % 2 === 0 ? coef : -coef;
      nodes.push(inputAt(m, 0));
      exps.push(e);
    } else if (op === mulOp || op === maskedProductOfPow) {
      nodes.push(inputAt(m, 1), inputAt(m, 0));
      exps.push(e, e);
    } else if (op === divOp) {
      nodes.push(inputAt(m, 1), inputAt(m, 0));
      exps.push(-e, e);
    } else if (op === powOp && integerExponent(m) !== undefined && (env.atom(inputAt(m, 0)) || !isProductOp(inputAt(m, 0)))) {
      nodes.push(inputAt(m, 0));
      exps.push(e * integerExponent(m)!);
    } else if ((op === broadcastToOp || op === reshapeOp) && scalarBelow(m) !== undefined) {
      nodes.push(scalarBelow(m)!);
      exps.push(e);
    } else if (op === broadcastToOp) {
      nodes.push(inputAt(m, 0));
      exps.push(e);
    } else factors.push({ base: m, exp: e });
  }
  return { coef, factors: merge ? mergeFactors(factors) : factors };
}

/** Equal bases merged (exponents added, in the place of the first), zero exponents dropped. */
export function mergeFactors(factors: readonly Factor[]): Factor[] {
  if (factors.length < 2) return factors.filter((f) => f.exp !== 0);
  const at = new Map<Node, number>();
  const out: { base: Node; exp: number }[] = [];
  for (const f of factors) {
    const k = at.get(f.base);
    if (k === undefined) {
      at.set(f.base, out.length);
      out.push({ base: f.base, exp: f.exp });
    } else out[k]!.exp += f.exp;
  }
  return out.filter((f) => f.exp !== 0);
}

/** A term of a sum: a product, and where it was first met (for a stable order). */
export interface Term extends Prod {
  readonly order: number;
}

/**
 * `n` read as a sum of products, or undefined when it is not a sum (or has more than
 * {@link MAX_TERMS} terms). Iterative.
 */
export function flattenSum(n: Node, env: FormEnv): Term[] | undefined {
  if (!isSumOp(n) || env.atom(n)) return undefined;
  const terms: Term[] = [];
  const nodes: Node[] = [n];
  const signs: number[] = [1];
  while (nodes.length > 0) {
    const m = nodes.pop()!;
    const s = signs.pop()!;
    if (terms.length + nodes.length > MAX_TERMS) return undefined;
    if (!env.atom(m) && m.leaf === undefined) {
      if (m.op === addOp || m.op === subOp) {
        nodes.push(inputAt(m, 1), inputAt(m, 0));
        signs.push(m.op === subOp ? -s : s, s);
        continue;
      }
      if (m.op === addNOp) {
        for (let i = inputCount(m) - 1; i >= 0; i--) {
          nodes.push(inputAt(m, i));
          signs.push(s);
        }
        continue;
      }
      if (m.op === negOp && isSumOp(inputAt(m, 0)) && !env.atom(inputAt(m, 0))) {
        nodes.push(inputAt(m, 0));
        signs.push(-s);
        continue;
      }
    }
    const p = flattenProduct(m, env);
    terms.push({ coef: s * p.coef, factors: p.factors, order: terms.length });
  }
  return terms;
}

/** A key that is equal for products with the same factors (any order). */
export function factorsKey(factors: readonly Factor[]): string {
  if (factors.length === 0) return '';
  if (factors.length === 1) return `${factors[0]!.base.id}^${factors[0]!.exp}`;
  return factors.map((f) => `${f.base.id}^${f.exp}`).sort().join(',');
}

/** Like terms collected (coefficients added, in the place of the first); zero terms dropped (a NaN or infinite one is kept). */
export function collectTerms(terms: readonly Term[]): Term[] {
  const at = new Map<string, number>();
  const out: { coef: number; factors: readonly Factor[]; order: number }[] = [];
  for (const t of terms) {
    const k = factorsKey(t.factors);
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, out.length);
      out.push({ coef: t.coef, factors: t.factors, order: t.order });
    } else out[i]!.coef += t.coef;
  }
  // A NaN or infinite term stays: dropping it printed `NaN + x` as `x`, another function.
  return out.filter((t) => t.coef !== 0);
}

/**
 * A key of a sum up to a common factor (`a − b` and `2b − 2a` share it), with the scale that
 * relates the sum to its normalised form: `sum = scale · normalised`.
 */
export function sumKey(terms: readonly Prod[]): { key: string; scale: number } | undefined {
  if (terms.length < 2) return undefined;
  const keyed = terms.map((t) => ({ k: factorsKey(t.factors), c: t.coef })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const scale = keyed[0]!.c;
  if (scale === 0) return undefined;
  return { key: keyed.map((t) => `${t.c / scale}*${t.k}`).join(';'), scale };
}

/**
 * Terms in the order met, except that multiples of the identity come last, as a constant does
 * in a polynomial (`A + Aᵀ − ½·I`, `AᵀA + λ·I`), and that a sum does not start with a minus
 * when it has a positive term: that one comes first (`softmax(z)·(1ᵀy) − y`, not
 * `−y + softmax(z)·(1ᵀy)`; `I − p pᵀ`; `a − b + c` stays).
 */
export function orderTerms(terms: readonly Term[]): Term[] {
  // I times scalars (λ·I) only.
  const eyeOnly = (t: Term) => t.factors.some((f) => isIdentity(f.base)) && t.factors.every((f) => f.base.rank === 0 || (f.exp === 1 && isIdentity(f.base)));
  const out = [...terms].sort((a, b) => Number(eyeOnly(a)) - Number(eyeOnly(b)) || a.order - b.order);
  if (out.length > 1 && out[0]!.coef < 0) {
    const k = out.findIndex((t) => t.coef > 0);
    if (k > 0) out.unshift(...out.splice(k, 1));
  }
  return out;
}

/**
 * `p/q` with a small denominator when `v` is exactly that fraction (`0.5` → 1/2, the `2/9` of a
 * variance's gradient), else undefined. Not fifths and tenths: `0.2` and `0.1` are written as
 * decimals (a rate, a weight), as a textbook writes them.
 */
export function asFraction(v: number): { p: number; q: number } | undefined {
  if (!Number.isFinite(v) || Number.isInteger(v)) return undefined;
  for (const q of [2, 3, 4, 6, 8, 9, 12]) {
    const p = Math.round(v * q);
    if (p / q === v && Math.abs(p) <= 64) return { p, q };
  }
  return undefined;
}

/** `x` with `shape`: as it is, broadcast to it, or reshaped to it (same elements). */
export function fitShape(x: Node, shape: Shape): Node {
  if (sameShape(x.shape, shape)) return x;
  const b = tryBroadcast(x.shape, shape);
  if (b && sameShape(b, shape)) return broadcastTo(x, shape);
  if (sizeOf(x.shape) === sizeOf(shape)) return reshape(x, shape);
  throw new Error(`display simplifier: a form of shape [${x.shape.join(', ')}] does not fit [${shape.join(', ')}]`);
}

/** A constant of `shape` filled with `v` (a number node for a scalar). */
export function filledWith(env: FormEnv, v: number, shape: Shape): Node {
  return shape.length === 0 ? env.num(v) : constant(full(shape, v));
}

/** True when `n` prints as a sum (so a coefficient `1/q` is written as a division). */
function isSumLike(n: Node, env: FormEnv): boolean {
  return isSumOp(n) && !env.atom(n);
}

/**
 * A scalar name (or its power) moved before the first function of it, as SymPy prints:
 * `−x·exp(−½·x²)`, not `−exp(−½·x²)·x`; `b·a³` stays (a³ is no function of b). Called only on
 * products without a bracket, so `σ(z)·(1 − σ(z))·w` keeps its order.
 */
function namesFirst(factors: Node[], env: FormEnv): void {
  const named = (n: Node) => env.atom(n) || (n.op === powOp && env.atom(inputAt(n, 0)) && inputAt(n, 1).leaf !== undefined);
  for (let i = 1; i < factors.length; i++) {
    const n = factors[i]!;
    if (!named(n)) continue;
    const name = env.atom(n) ? n : inputAt(n, 0);
    const j = factors.findIndex((f, k) => k < i && !named(f) && mentions(f, name, env));
    if (j >= 0) factors.splice(j, 0, ...factors.splice(i, 1));
  }
}

/** True when the expression of `n` (names and leaves not looked into, at most 256 nodes) holds `name`. */
function mentions(n: Node, name: Node, env: FormEnv): boolean {
  const stack = [n], seen = new Set<Node>([n]);
  while (stack.length > 0 && seen.size <= 256) {
    const m = stack.pop()!;
    if (m === name) return true;
    if (m.leaf !== undefined || (m !== n && env.atom(m))) continue;
    for (let k = 0; k < inputCount(m); k++) {
      const c = inputAt(m, k);
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return false;
}

function chain(nodes: readonly Node[]): Node {
  let acc = nodes[0]!;
  for (let i = 1; i < nodes.length; i++) acc = mul(acc, nodes[i]!);
  return acc;
}

/**
 * The node of a product, in canonical order: the number first (`2·x·y`, as SymPy prints),
 * then the factors with positive exponents in the order met (scalar names first when there is no
 * bracket among them), divided by the others. A
 * coefficient `p/q` prints as a fraction (`½‖a − y‖²`), or as a division when it is `1/q` and
 * what it multiplies is a sum (`(softmax(Z) − Y)/n`). The result has `shape` when given.
 */
export function buildProduct(p: Prod, env: FormEnv, shape?: Shape): Node {
  const out = buildProductNode(p, env);
  return shape ? fitShape(out, shape) : out;
}

function buildProductNode(p: Prod, env: FormEnv): Node {
  const coef = p.coef;
  if (coef === 0) return env.num(0);
  const num: Node[] = [], den: Node[] = [];
  for (const f of p.factors) {
    const power = Math.abs(f.exp);
    const node = power === 1 ? f.base : pow(f.base, env.num(power));
    (f.exp > 0 ? num : den).push(node);
  }
  if (num.length > 1 && num.every((n) => n.rank === 0 && !isSumLike(n, env))) namesFirst(num, env);
  const negative = coef < 0;
  const size = Math.abs(coef);
  const frac = asFraction(size);
  let numerator: Node | undefined = num.length ? chain(num) : undefined;
  let denominator: Node | undefined = den.length ? chain(den) : undefined;
  let prefix: Node | undefined;
  let top = size;
  if (size !== 1) {
    if (frac && (denominator !== undefined || (frac.p === 1 && num.length === 1 && isSumLike(num[0]!, env)))) {
      // p/q · a / b = p·a / (q·b); (a + b)/q rather than (1/q)(a + b).
      denominator = denominator ? mul(env.num(frac.q), denominator) : env.num(frac.q);
      top = frac.p;
      if (top !== 1) prefix = env.num(negative ? -top : top);
    } else if (frac) prefix = rational(negative ? -frac.p : frac.p, frac.q);
    else prefix = env.num(negative ? -size : size);
  }
  let out: Node;
  // A decimal times I: the one node of c·I (mul would fold it into a new constant each time).
  if (prefix !== undefined && !frac && num.length === 1 && denominator === undefined && isIdentity(num[0]!)) return env.eye(num[0]!.shape[0]!, coef);
  if (prefix !== undefined) out = numerator ? mul(prefix, numerator) : prefix;
  else out = numerator ?? env.num(1);
  if (denominator) out = div(out, denominator);
  if (negative && prefix === undefined) out = neg(out);
  return out;
}

/**
 * The node of a sum of terms, in the order given: `a + b − c` (a negative coefficient is a
 * subtraction). The result has `shape` when given.
 */
export function buildSum(terms: readonly Prod[], env: FormEnv, shape?: Shape): Node {
  let out: Node | undefined;
  for (const t of terms) {
    if (out === undefined) out = buildProduct(t, env);
    else if (t.coef < 0) out = sub(out, buildProduct({ coef: -t.coef, factors: t.factors }, env));
    else out = add(out, buildProduct(t, env));
  }
  out ??= env.num(0);
  return shape ? fitShape(out, shape) : out;
}

/**
 * The size of what a node prints: nodes of its expression counted as a tree (names and
 * numbers count 1), memoised; the measure by which one form is simpler than another.
 */
export function printedSize(n: Node, atom: (n: Node) => boolean, memo: Map<Node, number>): number {
  const hit = memo.get(n);
  if (hit !== undefined) return hit;
  const nodes: Node[] = [n];
  while (nodes.length > 0) {
    const m = nodes[nodes.length - 1]!;
    if (memo.has(m)) {
      nodes.pop();
      continue;
    }
    if (atom(m) || m.leaf !== undefined || inputCount(m) === 0) {
      memo.set(m, 1);
      nodes.pop();
      continue;
    }
    let missing = false;
    let size = 1;
    for (let i = 0; i < inputCount(m); i++) {
      const c = inputAt(m, i);
      const s = memo.get(c);
      if (s === undefined) {
        missing = true;
        nodes.push(c);
      } else size += s;
    }
    if (!missing) {
      // Shape ops print nothing of their own.
      if (m.op === broadcastToOp || m.op === reshapeOp) size -= 1;
      memo.set(m, Math.min(size, 1e9));
      nodes.pop();
    }
  }
  return memo.get(n)!;
}
