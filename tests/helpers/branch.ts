/**
 * Checks of a scalar function of one variable on an interval that an op's registry `domain`
 * leaves out (the negative branch of asec, negative cube roots, acot left of its jump): values
 * against mathjs.evaluate, the symbolic derivative against mathjs.derivative, and the rule
 * against central differences at orders 1 and 2.
 */
import { derivative, evaluate } from 'mathjs';
import { expect } from 'vitest';
import * as tg from '../../src/index.js';
import type { Domain, Node } from '../../src/index.js';
import { centralDifferences, compareArrays, flat, projectionWeights, Rng, scalar, uniformTensor, type Tolerance } from './numeric.js';

export interface Branch {
  /** The function on a node `x` (of any shape), e.g. `(x) => tg.nthRoot(x, 3)`. */
  build: (x: Node) => Node;
  /** The same function in mathjs, in `x`: the reference for values. */
  mathjs: string;
  /** An expression in `x` for mathjs.derivative (default: `mathjs`). */
  derivative?: string;
  /** The interval sampled. */
  domain: Domain;
  seed?: number;
}

const TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-7 };
const closeRel = (got: number, want: number, rtol: number) => Math.abs(got - want) <= 1e-12 + rtol * Math.abs(want);

function mathjsNumber(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new Error(`mathjs gave a ${typeof v} for ${what}, not a real number`);
  return v;
}

/** Runs the checks; fails the calling test on the first disagreement. */
export function checkBranch(b: Branch): void {
  const rng = new Rng(b.seed ?? 1);
  const d = derivative(b.derivative ?? b.mathjs, 'x', { simplify: false });
  for (let k = 0; k < 12; k++) {
    const at = rng.uniform(b.domain.min, b.domain.max);
    const x = tg.variable('x', at);
    const y = b.build(x);
    const want = mathjsNumber(evaluate(b.mathjs, { x: at }), `${b.mathjs} at ${at}`);
    expect(closeRel(scalar(y), want, 1e-12), `${b.mathjs} at x = ${at}: tracegrad ${scalar(y)}, mathjs ${want}`).toBe(true);
    const g = scalar(tg.grad(y, x));
    const dWant = mathjsNumber(d.evaluate({ x: at }), `${d.toString()} at ${at}`);
    expect(closeRel(g, dWant, 1e-9), `d/dx ${b.mathjs} at x = ${at}: tracegrad ${g}, mathjs ${d.toString()} = ${dWant}`).toBe(true);
  }
  // The rule, and the rule's own derivative, against central differences on a vector.
  const x = tg.variable('x', uniformTensor(rng, [6], b.domain));
  const f = tg.sum(tg.mul(b.build(x), tg.constant(projectionWeights(rng, [6]))));
  const g = tg.grad(f, x);
  const h = tg.sum(tg.mul(g, tg.constant(projectionWeights(rng, [6]))));
  for (const [order, target, analytic] of [[1, f, g], [2, h, tg.grad(h, x)]] as const) {
    const c = compareArrays(flat(analytic), centralDifferences(() => scalar(target), x), TOLERANCE);
    expect(c.ok, `${b.mathjs} on [${b.domain.min}, ${b.domain.max}], order ${order}: ${c.message}`).toBe(true);
  }
}
