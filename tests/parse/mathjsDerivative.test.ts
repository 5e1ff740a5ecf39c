/**
 * The engine's symbolic derivative against mathjs.derivative on generated scalar expressions
 * (fast-check, fixed seeds): both are evaluated at sampled points and must agree wherever both
 * are finite. The functions come from the op registry: every elementwise op with one or two
 * inputs that has a mathjs name and a derivative reference mathjs can differentiate
 * (tests/helpers/mathjsReference.ts), each argument kept inside the op's declared domain, so a
 * new op is fuzzed without editing this file. Each op is also fuzzed on its own, at the root.
 */
import fc from 'fast-check';
import { derivative, parse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { Rng } from '../../src/tensor/random.js';
import { derivativeReferenceOf, mathjsDifferentiates, toOperators } from '../helpers/mathjsReference.js';
import { BINARY_OPS, declaredDomain, UNARY_OPS } from '../helpers/registryOps.js';

/** An expression tree, printed twice: for tracegrad (mathjs names) and for mathjs (derivative references). */
type Expr = { k: 'x' } | { k: 'c'; v: number } | { k: 'call'; op: tg.OpDef; args: Expr[] } | { k: 'bin'; sym: '+' | '-' | '*' | '/' | '^'; a: Expr; b: Expr };

/** Elementwise ops the fuzz leaves out, and why. A new op mathjs cannot differentiate gets a line here, or a derivative reference. */
const LEFT_OUT: Record<string, string> = {
  sign: 'mathjs.derivative has no rule for sign (its derivative is 0 wherever it exists)',
  step: 'mathjs has no Heaviside step function',
};

const FUZZED = [...UNARY_OPS, ...BINARY_OPS].filter((op) => op.mathjs !== undefined && mathjsDifferentiates(op));
const UNARY = FUZZED.filter((op) => op.arity === 1);
const BINARY = FUZZED.filter((op) => op.arity === 2);

const c = (v: number): Expr => ({ k: 'c', v });
const bin = (sym: '+' | '*', a: Expr, b: Expr): Expr => ({ k: 'bin', sym, a, b });

/** `lo + (hi - lo) σ(e)`: an argument kept inside the op's declared domain (as is without one). */
function inDomain(op: tg.OpDef, i: number, e: Expr): Expr {
  const d = declaredDomain(op, i);
  return d ? bin('+', c(d.min), bin('*', c(d.max - d.min), { k: 'call', op: tg.ops.sigmoidOp, args: [e] })) : e;
}
const callOf = (op: tg.OpDef, args: Expr[]): Expr => ({ k: 'call', op, args: args.map((a, i) => inDomain(op, i, a)) });

function print(e: Expr, target: 'tracegrad' | 'mathjs'): string {
  switch (e.k) {
    case 'x': return 'x';
    case 'c': return e.v < 0 ? `(${e.v})` : String(e.v);
    case 'bin': return `(${print(e.a, target)} ${e.sym} ${print(e.b, target)})`;
    case 'call': {
      const args = e.args.map((a) => print(a, target));
      if (target === 'tracegrad') return `${e.op.mathjs}(${args.join(', ')})`;
      const names = e.op.arity === 1 ? ['x'] : ['a', 'b'];
      return `(${derivativeReferenceOf(e.op)!.replace(/\b[A-Za-z_]\w*\b/g, (w) => (names.includes(w) ? `(${args[names.indexOf(w)]})` : w))})`;
    }
  }
}

const expr = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constant<Expr>({ k: 'x' }), weight: 4 },
    { arbitrary: fc.constantFrom(0.5, 1.5, 2, 3, -1).map(c), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([op, a]) => callOf(op, [a])), weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom(...BINARY), tie('e'), tie('e')).map(([op, a, b]) => callOf(op, [a, b])), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([sym, a, b]): Expr => ({ k: 'bin', sym, a, b })), weight: 3 },
    { arbitrary: fc.tuple(tie('e'), fc.constantFrom(2, 3, 0.5, -1)).map(([a, v]): Expr => ({ k: 'bin', sym: '^', a, b: c(v) })), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(0.5, 2), tie('e')).map(([v, b]): Expr => ({ k: 'bin', sym: '^', a: c(v), b })), weight: 1 },
  ),
})).e;

/** An expression with `op` at its root and random arguments. */
const rooted = (op: tg.OpDef) => fc.array(expr, { minLength: op.arity as number, maxLength: op.arity as number }).map((args) => callOf(op, args));

/**
 * Compares the engine's derivative with mathjs's on generated expressions, at 6 random points
 * each; returns how many expressions and points were compared (both finite).
 */
function compare(exprs: fc.Arbitrary<Expr>, seed: number, numRuns: number): { compared: number; points: number } {
  let compared = 0, points = 0;
  const rng = new Rng(seed);
  fc.assert(
    fc.property(exprs, (e) => {
      const tgText = print(e, 'tracegrad'), mjText = print(e, 'mathjs');
      const x = tg.variable('x', 1);
      const dx = tg.grad(tg.parse(tgText, { x }), x);
      const reference = derivative(toOperators(parse(mjText)), 'x', { simplify: false });
      let here = 0;
      for (let k = 0; k < 6; k++) {
        const at = rng.uniform(-2, 2);
        const a = tg.evaluate(dx, new Map([[x, at]]))[0] as number;
        const b = reference.evaluate({ x: at }) as number;
        if (typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) continue;
        const tol = 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
        if (Math.abs(a - b) > tol) throw new Error(`d/dx ${tgText} at x = ${at}: engine ${a} (${tg.toText(dx)}), mathjs ${b} (${reference.toString()})`);
        here++;
      }
      points += here;
      if (here > 0) compared++;
    }),
    { seed, numRuns },
  );
  return { compared, points };
}

describe('the engine derivative agrees with mathjs.derivative', () => {
  it('draws every elementwise op mathjs can differentiate, and says why it leaves any other out', () => {
    const names = FUZZED.map((op) => op.name);
    for (const n of ['exp', 'log', 'sqrt', 'sin', 'tan', 'tanh', 'sigmoid', 'softplus', 'acosh', 'asec', 'log2', 'acoth', 'pow', 'nthRoot', 'maximum']) expect(names).toContain(n);
    const leftOut = [...UNARY_OPS, ...BINARY_OPS].filter((op) => !FUZZED.includes(op)).map((op) => op.name);
    expect(leftOut.sort(), 'an elementwise op is not fuzzed: give it a derivative reference in tests/helpers/mathjsReference.ts or a reason in LEFT_OUT').toEqual(Object.keys(LEFT_OUT).sort());
  });

  it('on at least 200 generated scalar expressions', () => {
    const { compared, points } = compare(expr, 20240611, 260);
    expect(compared).toBeGreaterThanOrEqual(200);
    expect(points).toBeGreaterThan(800);
  });

  describe('with each op at the root', () => {
    it.each(FUZZED.map((op) => [op.name, op] as const))('%s', (_name, op) => {
      const { compared, points } = compare(rooted(op), 3000 + FUZZED.indexOf(op), 12);
      expect(compared).toBeGreaterThanOrEqual(8);
      expect(points).toBeGreaterThanOrEqual(30);
    });
  });
});
