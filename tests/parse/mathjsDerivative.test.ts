/**
 * The engine's symbolic derivative against mathjs.derivative on generated scalar expressions
 * (fast-check, fixed seed): both are evaluated at sampled points and must agree wherever both
 * are finite. The functions come from the op registry: every elementwise op with a mathjs name
 * whose mathjs reference expression mathjs can differentiate.
 */
import fc from 'fast-check';
import { derivative } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { Rng } from '../../src/tensor/random.js';

/** An expression tree, printed twice: for tracegrad (op names) and for mathjs (references). */
type Expr = { k: 'x' } | { k: 'c'; v: number } | { k: 'call'; op: tg.OpDef; args: Expr[] } | { k: 'bin'; sym: '+' | '-' | '*' | '/' | '^'; a: Expr; b: Expr };

const differentiable = (ref: string) => {
  try {
    derivative(ref, 'x');
    return true;
  } catch {
    return false;
  }
};
const referenceOf = (op: tg.OpDef) => op.reference ?? `${op.mathjs}(x)`;
const UNARY = tg.ops.registry.filter((op) => op.elementwise && op.arity === 1 && op.mathjs && op.name !== 'neg' && differentiable(referenceOf(op)));

function print(e: Expr, target: 'tracegrad' | 'mathjs'): string {
  switch (e.k) {
    case 'x': return 'x';
    case 'c': return e.v < 0 ? `(${e.v})` : String(e.v);
    case 'bin': return `(${print(e.a, target)} ${e.sym} ${print(e.b, target)})`;
    case 'call': {
      const arg = print(e.args[0]!, target);
      if (target === 'tracegrad') return `${e.op.mathjs}(${arg})`;
      return `(${referenceOf(e.op).replace(/\bx\b/g, `(${arg})`)})`;
    }
  }
}

const expr = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constant<Expr>({ k: 'x' }), weight: 4 },
    { arbitrary: fc.constantFrom(0.5, 1.5, 2, 3, -1).map((v): Expr => ({ k: 'c', v })), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([op, a]): Expr => ({ k: 'call', op, args: [a] })), weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([sym, a, b]): Expr => ({ k: 'bin', sym, a, b })), weight: 3 },
    { arbitrary: fc.tuple(tie('e'), fc.constantFrom(2, 3, 0.5, -1)).map(([a, v]): Expr => ({ k: 'bin', sym: '^', a, b: { k: 'c', v } })), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(0.5, 2), tie('e')).map(([v, b]): Expr => ({ k: 'bin', sym: '^', a: { k: 'c', v }, b })), weight: 1 },
  ),
})).e;

describe('the engine derivative agrees with mathjs.derivative', () => {
  it('draws from the registry', () => {
    const names = UNARY.map((op) => op.name);
    for (const n of ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'softplus']) expect(names).toContain(n);
  });

  it('on at least 200 generated scalar expressions', () => {
    let compared = 0, points = 0;
    const rng = new Rng(2024);
    fc.assert(
      fc.property(expr, (e) => {
        const tgText = print(e, 'tracegrad'), mjText = print(e, 'mathjs');
        const x = tg.variable('x', 1);
        const dx = tg.grad(tg.parse(tgText, { x }), x);
        const reference = derivative(mjText, 'x');
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
      { seed: 20240611, numRuns: 260 },
    );
    expect(compared).toBeGreaterThanOrEqual(200);
    expect(points).toBeGreaterThan(800);
  });
});
