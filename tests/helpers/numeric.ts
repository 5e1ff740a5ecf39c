/**
 * Numeric helpers shared by the op tests: a seeded PRNG, domain sampling that avoids kinks,
 * central differences over a variable's elements, and an element-wise comparison that
 * reports the worst element (index, analytic value, numeric estimate).
 */
import * as tg from '../../src/index.js';
import { Rng } from '../../src/tensor/random.js';
import type { Attrs, Domain, Node, OpDef, Shape, Tensor } from '../../src/index.js';

export { Rng };

/** The default sampling interval of an op input. */
export const DEFAULT_DOMAIN: Domain = { min: -2, max: 2 };

/** Samples kinks are kept this far from (|kink| ≥ margin), well beyond a difference step. */
export const KINK_MARGIN = 0.05;

/** Number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** A tensor with uniform elements in `[domain.min, domain.max)`. */
export function uniformTensor(rng: Rng, shape: Shape, domain: Domain = DEFAULT_DOMAIN): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(domain.min, domain.max);
  return tg.tensor(data, shape);
}

/** The sampling interval of input `i` of `op` (its `domain`, else `[-2, 2]`). */
export function domainOf(op: OpDef, i: number): Domain {
  return op.domain?.[i] ?? DEFAULT_DOMAIN;
}

/** The output shape `op` gives for `shapes` and `attrs` (attributes normalised as `apply` does). */
export function outputShape(op: OpDef, shapes: readonly Shape[], attrs: Attrs): { shape: Shape; attrs: Attrs } {
  const a = op.attrs ? op.attrs(attrs, shapes) : attrs;
  return { shape: op.shape(shapes, a), attrs: a };
}

/** True when no element of the op's kink quantity is within `margin` of zero (always true without a kink). */
export function awayFromKinks(op: OpDef, inputs: readonly Tensor[], attrs: Attrs, margin = KINK_MARGIN): boolean {
  if (!op.kink) return true;
  const { shape, attrs: a } = outputShape(op, inputs.map((t) => t.shape), attrs);
  const k = op.kink(inputs, a, shape);
  return k.data.every((v) => Math.abs(v) >= margin);
}

/**
 * Samples one tensor per input shape inside the op's domains, resampling until every kink
 * is at least `margin` away. Throws when no such sample is found (so a bad domain fails loudly).
 */
export function sampleInputs(
  op: OpDef,
  shapes: readonly Shape[],
  rng: Rng,
  attrs: Attrs = {},
  options: { domains?: readonly Domain[]; margin?: number; maxTries?: number } = {},
): Tensor[] {
  const maxTries = options.maxTries ?? 2000;
  for (let t = 0; t < maxTries; t++) {
    const xs = shapes.map((s, i) => uniformTensor(rng, s, options.domains?.[i] ?? domainOf(op, i)));
    if (awayFromKinks(op, xs, attrs, options.margin)) return xs;
  }
  throw new Error(`sampleInputs: no sample of ${op.name} on ${shapes.map((s) => tg.formatShape(s)).join(', ')} avoids its kinks in ${maxTries} tries`);
}

/** The difference step for an element of magnitude |v|. */
export function stepFor(v: number, rel = 1e-6): number {
  return rel * Math.max(1, Math.abs(v));
}

/**
 * Central differences of `f` over every element of variable `x`: `(f(x + h eᵢ) − f(x − h eᵢ)) / 2h`,
 * with `h` scaled to each element. The variable's value is restored afterwards.
 */
export function centralDifferences(f: () => number, x: Node, rel = 1e-6): Float64Array {
  const base = x.tensor;
  const out = new Float64Array(base.size);
  try {
    for (let i = 0; i < base.size; i++) {
      const v = base.data[i]!;
      const h = stepFor(v, rel);
      const plus = new Float64Array(base.data);
      plus[i] = v + h;
      x.assign(tg.tensor(plus, base.shape));
      const fp = f();
      const minus = new Float64Array(base.data);
      minus[i] = v - h;
      x.assign(tg.tensor(minus, base.shape));
      const fm = f();
      // NOTE: divide by the step actually taken (v+h and v-h are rounded).
      out[i] = (fp - fm) / (v + h - (v - h));
    }
  } finally {
    x.assign(base);
  }
  return out;
}

/** Tolerances of {@link compareArrays}: `|a − n| ≤ atol + rtol · max(|a|, |n|)`. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-7 };

/** Result of comparing an analytic gradient with a numeric estimate. */
export interface Comparison {
  ok: boolean;
  /** Flat index of the worst element (largest excess over the tolerance), -1 when empty. */
  index: number;
  analytic: number;
  numeric: number;
  absError: number;
  /** One line naming the worst element, which value is which, and the tolerance. */
  message: string;
}

/** Compares two arrays elementwise; reports the worst element. Non-finite values never pass. */
export function compareArrays(analytic: ArrayLike<number>, numeric: ArrayLike<number>, tol: Tolerance = DEFAULT_TOLERANCE): Comparison {
  if (analytic.length !== numeric.length) {
    return { ok: false, index: -1, analytic: NaN, numeric: NaN, absError: NaN, message: `length differs: analytic ${analytic.length}, numeric ${numeric.length}` };
  }
  let worst = -1, worstExcess = -Infinity, ok = true;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!, n = numeric[i]!;
    const err = Math.abs(a - n);
    const allowed = tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(n));
    const excess = Number.isFinite(a) && Number.isFinite(n) ? err - allowed : Infinity;
    if (excess > 0) ok = false;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst < 0) return { ok, index: -1, analytic: NaN, numeric: NaN, absError: 0, message: 'empty' };
  const a = analytic[worst]!, n = numeric[worst]!;
  return {
    ok,
    index: worst,
    analytic: a,
    numeric: n,
    absError: Math.abs(a - n),
    message: `worst element ${worst}: analytic ${a}, numeric ${n}, |error| ${Math.abs(a - n)} (rtol ${tol.rtol}, atol ${tol.atol})`,
  };
}

/** The value of a node as a flat Float64Array (scalars included). */
export function flat(n: Node): Float64Array {
  return n.tensor.data;
}

/** The value of a scalar node as a number. */
export function scalar(n: Node): number {
  const t = n.tensor;
  if (t.size !== 1) throw new Error(`scalar: node has shape ${tg.formatShape(t.shape)}`);
  return t.data[0]!;
}

/**
 * A random projection `sum(y ⊙ r)` reducing any node to a scalar, with `r` drawn from `rng`
 * (`[0.5, 1.5)` with random signs, so no weight is near zero).
 */
export function project(y: Node, rng: Rng): Node {
  return tg.sum(tg.mul(y, tg.constant(projectionWeights(rng, y.shape))));
}

/** Weights for {@link project}: magnitudes in `[0.5, 1.5)`, random signs. */
export function projectionWeights(rng: Rng, shape: Shape): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.5);
  return tg.tensor(data, shape);
}

/** Conventional input names: `x` for unary ops, `a`, `b` for binary ones, `x0, x1, …` otherwise. */
export function inputName(op: OpDef, i: number): string {
  if (op.arity === 1) return 'x';
  if (op.arity === 2) return i === 0 ? 'a' : 'b';
  return `x${i}`;
}

/** Inputs of one gradient check: shapes, attributes and optional domain overrides. */
export interface OpCase {
  shapes: Shape[];
  attrs?: Attrs;
  domains?: Domain[];
}

/** Builds `op` on fresh variables sampled for `c` (inside the domains, away from kinks). */
export function buildOp(op: OpDef, c: OpCase, rng: Rng): { vars: Node[]; y: Node } {
  const values = sampleInputs(op, c.shapes, rng, c.attrs ?? {}, c.domains ? { domains: c.domains } : {});
  const vars = values.map((v, i) => tg.variable(inputName(op, i), v));
  return { vars, y: tg.apply(op, vars, c.attrs ?? {}) };
}

/** One input's outcome of {@link checkOpGradient}. */
export interface InputCheck {
  input: string;
  shape: Shape;
  /** The engine's gradient (order 1) or gradient of the projected gradient (order 2). */
  analytic: Float64Array;
  /** Central differences of the same quantity. */
  numeric: Float64Array;
  comparison: Comparison;
}

/**
 * Checks an op's vector-Jacobian rule against central differences.
 * Order 1: `f = sum(y ⊙ r)`; `grad(f, xᵢ)` against differences of `f`.
 * Order 2: `h = Σᵢ sum(grad(f, xᵢ) ⊙ sᵢ)`; `grad(h, xⱼ)` against differences of `h`, that is of
 * the first gradient. Also checks that each gradient has its input's shape.
 */
export function checkOpGradient(op: OpDef, c: OpCase, order: 1 | 2, seed: number, tol: Tolerance = DEFAULT_TOLERANCE): InputCheck[] {
  const rng = new Rng(seed);
  const { vars, y } = buildOp(op, c, rng);
  const f = project(y, rng);
  const first = tg.grad(f, vars);
  first.forEach((g, i) => {
    if (g.shape.length !== vars[i]!.shape.length || g.shape.some((d, k) => d !== vars[i]!.shape[k])) {
      throw new Error(`${op.name}: gradient of input ${i} has shape ${tg.formatShape(g.shape)}; the input has ${tg.formatShape(vars[i]!.shape)}`);
    }
  });
  let target = f;
  let analytic = first;
  if (order === 2) {
    target = first.map((g) => project(g, rng)).reduce((s, t) => tg.add(s, t));
    analytic = tg.grad(target, vars);
  }
  return vars.map((x, i) => {
    const numeric = centralDifferences(() => scalar(target), x);
    const got = new Float64Array(flat(analytic[i]!));
    return { input: inputName(op, i), shape: x.shape, analytic: got, numeric, comparison: compareArrays(got, numeric, tol) };
  });
}
