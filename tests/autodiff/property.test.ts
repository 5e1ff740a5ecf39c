/**
 * Property tests: random expression DAGs with fan-out (instructions reuse earlier nodes),
 * over every registered elementwise op without a kink (central differences are wrong across
 * one), each input kept inside its op's declared domain; the symbolic gradient must equal
 * central finite differences. The op lists come from the registry, so a new op is fuzzed
 * without editing this file, and every op is also fuzzed on its own (at the root of the DAG).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat, numericGrad } from '../helpers/graph.js';
import { applyInDomain, BINARY_OPS, smooth, UNARY_OPS } from '../helpers/registryOps.js';

const UNARY = UNARY_OPS.filter(smooth);
const BINARY = BINARY_OPS.filter(smooth);
const OPS = [...UNARY, ...BINARY];

interface Instr {
  /** An index into OPS, or a reduction (tensor programs only). */
  op: number | 'sum' | 'mean';
  /** Operand indices into the pool of earlier nodes (taken modulo its size). */
  i: number;
  j: number;
  /** Axis for reductions. */
  axis: number;
}

function apply(ins: Instr, pool: tg.Node[]): tg.Node {
  const a = pool[ins.i % pool.length]!, b = pool[ins.j % pool.length]!;
  // reductions that keep shapes inside the broadcasting family used below
  if (ins.op === 'sum') return a.rank === 2 ? tg.sum(a, ins.axis % 2 === 0 ? 0 : 1, true) : tg.sum(a);
  if (ins.op === 'mean') return a.rank === 2 ? tg.mean(a, ins.axis % 2 === 0 ? 0 : 1, true) : tg.mean(a);
  const op = OPS[ins.op]!;
  return applyInDomain(op, op.arity === 1 ? [a] : [a, b]);
}

const instr = (ops: fc.Arbitrary<Instr['op']>) =>
  fc.record({
    op: ops,
    i: fc.nat({ max: 50 }),
    j: fc.nat({ max: 50 }),
    axis: fc.nat({ max: 1 }),
  });
const anyOp = fc.nat({ max: OPS.length - 1 });

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

/** A program of instructions drawing from `ops`, ending with one of `last` (so that op is in the DAG). */
const program = (ops: fc.Arbitrary<Instr['op']>, last: fc.Arbitrary<Instr['op']>, maxLength: number) =>
  fc.tuple(fc.array(instr(ops), { minLength: 0, maxLength: maxLength - 1 }), instr(last)).map(([p, l]) => [...p, l]);

/**
 * Random scalar DAGs: gradients (and the first variable's second derivative) equal central
 * differences. Returns how many runs were compared (the others left the tame range).
 */
function scalarDags(prog: fc.Arbitrary<Instr[]>, seed: number, numRuns: number): number {
  let compared = 0;
  const value = fc.integer({ min: -150, max: 150 }).map((v) => v / 100);
  fc.assert(
    fc.property(fc.array(value, { minLength: 2, maxLength: 3 }), prog, fc.nat(), (values, program, extra) => {
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
      compared++;
    }),
    { seed, numRuns },
  );
  return compared;
}

const SHAPES: readonly number[][] = [[], [3], [2, 1], [1, 3], [2, 3]];

/** Random tensor DAGs with broadcasting: gradients of the inputs' shapes, equal to central differences. */
function tensorDags(prog: fc.Arbitrary<Instr[]>, seed: number, numRuns: number): number {
  let compared = 0;
  fc.assert(
    fc.property(
      fc.array(fc.record({ shape: fc.constantFrom(...SHAPES), seed: fc.nat({ max: 10_000 }) }), { minLength: 2, maxLength: 3 }),
      prog,
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
        compared++;
      },
    ),
    { seed, numRuns },
  );
  return compared;
}

const withReductions = fc.oneof({ arbitrary: anyOp, weight: 8 }, fc.constantFrom<Instr['op']>('sum', 'mean'));

describe('the fuzzed ops', () => {
  it('are the registry’s elementwise ops, less those with a kink', () => {
    const names = OPS.map((op) => op.name);
    for (const n of ['exp', 'tanh', 'sigmoid', 'add', 'mul', 'div', 'pow']) expect(names).toContain(n);
    expect(names).not.toContain('relu');
    expect(OPS.length + [...UNARY_OPS, ...BINARY_OPS].filter((op) => !smooth(op)).length).toBe(UNARY_OPS.length + BINARY_OPS.length);
  });
});

describe('random scalar expression DAGs', () => {
  it('have gradients equal to central differences', () => {
    expect(scalarDags(program(anyOp, anyOp, 10), 20240611, 100)).toBeGreaterThanOrEqual(80);
  });

  describe('with each op at the root', () => {
    it.each(OPS.map((op, k) => [op.name, k] as const))('%s', (_name, k) => {
      expect(scalarDags(program(anyOp, fc.constant(k), 6), 1000 + k, 12)).toBeGreaterThanOrEqual(8);
    });
  });
});

describe('random tensor expression DAGs with broadcasting', () => {
  it('have gradients of the inputs’ shapes, equal to central differences', () => {
    expect(tensorDags(program(withReductions, withReductions, 8), 7, 100)).toBeGreaterThanOrEqual(80);
  });

  describe('with each op at the root', () => {
    it.each(OPS.map((op, k) => [op.name, k] as const))('%s', (_name, k) => {
      expect(tensorDags(program(withReductions, fc.constant(k), 5), 2000 + k, 6)).toBeGreaterThanOrEqual(4);
    });
  });
});
