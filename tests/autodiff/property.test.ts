/**
 * Property tests: random expression DAGs with fan-out (instructions reuse earlier nodes),
 * over ops that are smooth and safe on the sampled range; the symbolic gradient must equal
 * central finite differences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat, numericGrad } from '../helpers/graph.js';

const OPS = ['add', 'sub', 'mul', 'sin', 'cos', 'tanh', 'sigmoid', 'exp', 'softplus', 'div', 'pow'] as const;
type OpName = (typeof OPS)[number] | 'sum' | 'mean';

interface Instr {
  op: OpName;
  /** Operand indices into the pool of earlier nodes (taken modulo its size). */
  i: number;
  j: number;
  /** Small integer exponent for pow. */
  k: number;
  /** Axis for reductions. */
  axis: number;
}

function apply(ins: Instr, pool: tg.Node[]): tg.Node {
  const a = pool[ins.i % pool.length]!, b = pool[ins.j % pool.length]!;
  switch (ins.op) {
    case 'add': return a.add(b);
    case 'sub': return a.sub(b);
    case 'mul': return a.mul(b);
    case 'sin': return tg.sin(a);
    case 'cos': return tg.cos(a);
    case 'tanh': return tg.tanh(a);
    case 'sigmoid': return tg.sigmoid(a);
    case 'exp': return tg.exp(tg.tanh(a)); // bounded argument
    case 'softplus': return tg.softplus(a);
    case 'div': return a.div(tg.add(1.5, b.pow(2))); // denominator ≥ 1.5
    case 'pow': return a.pow(ins.k);
    // reductions that keep shapes inside the broadcasting family used below
    case 'sum': return a.rank === 2 ? tg.sum(a, ins.axis % 2 === 0 ? 0 : 1, true) : tg.sum(a);
    case 'mean': return a.rank === 2 ? tg.mean(a, ins.axis % 2 === 0 ? 0 : 1, true) : tg.mean(a);
  }
}

const instr = (ops: readonly OpName[]) =>
  fc.record({
    op: fc.constantFrom(...ops),
    i: fc.nat({ max: 50 }),
    j: fc.nat({ max: 50 }),
    k: fc.integer({ min: 2, max: 3 }),
    axis: fc.nat({ max: 1 }),
  });

/** Builds the program; the output also adds a second, earlier node (more fan-out). */
function build(vars: tg.Node[], program: readonly Instr[], extra: number): tg.Node {
  const pool = [...vars];
  for (const ins of program) pool.push(apply(ins, pool));
  const out = pool[pool.length - 1]!.add(pool[extra % pool.length]!);
  return out.rank === 0 ? out : tg.sum(out);
}

/** Values stay in a range where central differences are accurate. */
function tame(y: tg.Node): boolean {
  const seen = new Set<tg.Node>();
  const stack = [y];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (!flat(n.value).every((v) => Number.isFinite(v) && Math.abs(v) < 1e3)) return false;
    stack.push(...n.inputs);
  }
  return true;
}

function close(analytic: readonly number[], numeric: readonly number[]): boolean {
  return analytic.length === numeric.length && analytic.every((a, i) => Math.abs(a - numeric[i]!) <= 1e-5 + 1e-5 * Math.abs(numeric[i]!));
}

describe('random scalar expression DAGs', () => {
  it('have gradients equal to central differences', () => {
    const value = fc.integer({ min: -150, max: 150 }).map((v) => v / 100);
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 3 }), fc.array(instr(OPS), { minLength: 1, maxLength: 10 }), fc.nat(), (values, program, extra) => {
        const vars = values.map((v, i) => tg.variable(['x', 'y', 'z'][i]!, v));
        const y = build(vars, program, extra);
        fc.pre(tame(y));
        const grads = tg.grad(y, vars);
        vars.forEach((v, i) => {
          expect(grads[i]!.shape).toEqual([]);
          const a = flat(grads[i]!.value), n = numericGrad(y, v);
          if (!close(a, n)) throw new Error(`${tg.toText(y)}: d/d${v.name} analytic ${a} vs numeric ${n}`);
        });
        // and the second derivative agrees with differences of the first
        const g0 = grads[0]!;
        if (tame(g0) && !tg.isZero(g0)) {
          const a = flat(tg.grad(g0, vars[0]!).value), n = numericGrad(g0, vars[0]!);
          if (!close(a, n)) throw new Error(`${tg.toText(y)}: second derivative analytic ${a} vs numeric ${n}`);
        }
      }),
      { seed: 20240611, numRuns: 100 },
    );
  });
});

describe('random tensor expression DAGs with broadcasting', () => {
  const SHAPES: readonly number[][] = [[], [3], [2, 1], [1, 3], [2, 3]];

  it('have gradients of the inputs’ shapes, equal to central differences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ shape: fc.constantFrom(...SHAPES), seed: fc.nat({ max: 10_000 }) }), { minLength: 2, maxLength: 3 }),
        fc.array(instr([...OPS, 'sum', 'mean']), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (specs, program, extra) => {
          const vars = specs.map((s, i) => tg.variable(['x', 'y', 'z'][i]!, tg.rand(s.shape, { seed: s.seed, low: -1.5, high: 1.5 })));
          const y = build(vars, program, extra);
          expect(y.shape).toEqual([]);
          fc.pre(tame(y));
          const grads = tg.grad(y, vars);
          vars.forEach((v, i) => {
            expect(grads[i]!.shape).toEqual(v.shape);
            const a = flat(grads[i]!.value), n = numericGrad(y, v);
            if (!close(a, n)) throw new Error(`${tg.toText(y)}: d/d${v.name} ${JSON.stringify(v.shape)} analytic ${a} vs numeric ${n}`);
          });
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });
});
