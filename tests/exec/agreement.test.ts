/**
 * Compiled and interpreted evaluation agree, bit for bit: on every registry op (scalar
 * inputs, tensor inputs, broadcasting), on each op's gradient graph, and on random graphs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tg from '../../src/index.js';
import type { Attrs, Node, OpDef, Shape } from '../../src/index.js';
import { buildOp, Rng } from '../helpers/numeric.js';
import { bitwiseDiff, compiled, interpret } from './helpers.js';
import { applyInDomain, BINARY_OPS, UNARY_OPS } from '../helpers/registryOps.js';

interface Case {
  shapes: Shape[];
  attrs?: Attrs;
}

const UNARY: Shape[][] = [[[]], [[3]], [[2, 3]], [[2, 1, 3]]];
const BINARY: Shape[][] = [
  [[], []], [[2, 3], [2, 3]], [[2, 3], [3]], [[3], [2, 3]], [[3, 1], [4]], [[2, 1], [1, 3]],
  [[], [2, 3]], [[2, 3], []], [[2, 1, 3], [4, 1]], [[2, 3], [1, 3]], [[4, 1], [4, 3]],
];
const reductions: Case[] = [
  { shapes: [[2, 3, 4]] }, { shapes: [[2, 3, 4]], attrs: { axes: [1] } }, { shapes: [[2, 3, 4]], attrs: { axes: [0, 2], keepDims: true } },
  { shapes: [[2, 3, 4]], attrs: { axes: [0] } }, { shapes: [[2, 3, 4]], attrs: { axes: [2] } }, { shapes: [[2, 1, 3]], attrs: { axes: [0, 1] } },
  { shapes: [[5]] }, { shapes: [[]] },
];
const axisCases: Case[] = [{ shapes: [[5]] }, { shapes: [[2, 3, 4]], attrs: { axis: 1 } }, { shapes: [[2, 3]], attrs: { axis: 0 } }, { shapes: [[4, 3]] }];

/** Cases of the ops that are not elementwise. */
const CASES: Record<string, Case[]> = {
  reshape: [{ shapes: [[2, 3, 4]], attrs: { shape: [6, -1] } }, { shapes: [[6]], attrs: { shape: [2, 3] } }, { shapes: [[1]], attrs: { shape: [] } }],
  transpose: [{ shapes: [[2, 3]] }, { shapes: [[2, 3, 4]], attrs: { perm: [1, 2, 0] } }, { shapes: [[1, 3]] }, { shapes: [[2, 1, 4]], attrs: { perm: [1, 0, 2] } }],
  broadcastTo: [{ shapes: [[3, 1]], attrs: { shape: [2, 3, 4] } }, { shapes: [[]], attrs: { shape: [2, 3] } }, { shapes: [[4]], attrs: { shape: [3, 4] } }],
  stack: [{ shapes: [[2, 3], [2, 3]], attrs: { axis: 1 } }, { shapes: [[], []], attrs: { axis: 0 } }],
  addN: [{ shapes: [[2, 3], [2, 3], [2, 3]] }, { shapes: [[], [], [], []] }, { shapes: [[2, 3], [2, 3]] }],
  take: [{ shapes: [[3, 4]], attrs: { i: 1, axis: 0 } }, { shapes: [[2, 3, 4]], attrs: { i: -1, axis: 2 } }],
  sum: reductions,
  mean: reductions,
  logSumExp: reductions,
  matmul: [
    { shapes: [[3], [3]] }, { shapes: [[3], [3, 4]] }, { shapes: [[2, 3], [3]] }, { shapes: [[5, 3], [3, 7]] },
    { shapes: [[2, 2, 3], [3, 4]] }, { shapes: [[2, 1, 2, 3], [3, 3, 2]] }, { shapes: [[7, 9], [9, 10]] },
  ],
  dot: [{ shapes: [[4], [4]] }],
  tr: [{ shapes: [[3, 3]] }],
  norm: [{ shapes: [[5]] }, { shapes: [[]] }],
  softmax: axisCases,
  logSoftmax: axisCases,
};

function casesOf(op: OpDef): Case[] {
  if (CASES[op.name]) return CASES[op.name]!;
  if (op.elementwise && op.arity === 1) return UNARY.map((shapes) => ({ shapes }));
  if (op.elementwise && op.arity === 2) return BINARY.map((shapes) => ({ shapes }));
  return [];
}

/** The op on fresh variables, and the gradient of a weighted sum of it (a graph of many ops). */
function graphOf(op: OpDef, c: Case, seed: number): Node[] {
  const rng = new Rng(seed);
  const { vars, y } = buildOp(op, { shapes: c.shapes, ...(c.attrs && { attrs: c.attrs }) }, rng);
  const w = tg.constant(tg.randn(y.shape, { seed: seed + 1 }));
  const loss = tg.sum(tg.mul(y, w));
  return [y, loss, ...tg.grad(loss, vars)];
}

function expectAgree(outputs: readonly Node[], what: string): void {
  const a = compiled(outputs), b = interpret(outputs);
  a.forEach((t, i) => expect(bitwiseDiff(t, b[i]!), `${what}, output ${i}`).toBe(''));
}

describe('compiled evaluation agrees with the interpreter on every registry op', () => {
  it('has cases for every op', () => {
    for (const op of tg.ops.registry) expect(casesOf(op).length, `${op.name}: add cases`).toBeGreaterThan(0);
  });
  for (const op of tg.ops.registry) {
    it(op.name, () => {
      casesOf(op).forEach((c, k) => {
        const outputs = graphOf(op, c, 1000 + k);
        expectAgree(outputs, `${op.name} ${c.shapes.map((s) => tg.formatShape(s)).join(', ')} ${JSON.stringify(c.attrs ?? {})}`);
      });
    });
  }
});

describe('compiled evaluation agrees on special values', () => {
  it('propagates NaN, infinities and signed zeros as the kernels do', () => {
    const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-310, 700, -700];
    for (const op of tg.ops.registry.filter((o) => o.elementwise)) {
      // A variadic op (addN) gets three inputs: every pair of specials, then the first again.
      const arity = op.arity === 'variadic' ? 3 : op.arity;
      const vars = Array.from({ length: arity }, (_, i) => tg.variable(`v${i}`, 0));
      const y = tg.apply(op, vars);
      const f = tg.compile(y, { inputs: vars });
      for (const a of specials) for (const b of arity >= 2 ? specials : [0]) {
        const vals = arity === 3 ? [a, b, a] : arity === 2 ? [a, b] : [a];
        vals.forEach((v, i) => (vars[i]!.leaf!.value = tg.tensor(Float64Array.of(v), [])));
        const want = interpret([y])[0]!.data[0]!;
        // The compiled function is given the same (non-finite) values through the variables.
        expect(Object.is(f() as number, want), `${op.name}(${vals.join(', ')}): compiled ${f()} vs kernel ${want}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// Random graphs.

// The ops drawn are every registered elementwise op with one or two inputs (UNARY_OPS,
// BINARY_OPS from the registry), so a new op is drawn without editing this file.

type Instr =
  | { kind: 'unary'; op: number; a: number }
  | { kind: 'binary'; op: number; a: number; b: number }
  | { kind: 'reduce'; a: number; axis: number }
  | { kind: 'matmul'; a: number; b: number }
  | { kind: 'transpose'; a: number }
  | { kind: 'const'; value: number };

const instr: fc.Arbitrary<Instr> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('unary' as const), op: fc.nat(UNARY_OPS.length - 1), a: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('binary' as const), op: fc.nat(BINARY_OPS.length - 1), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reduce' as const), a: fc.nat(), axis: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('matmul' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transpose' as const), a: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('const' as const), value: fc.double({ min: -3, max: 3, noNaN: true }) }) },
);

/**
 * Builds a random graph over square matrices `[n, n]`, vectors `[n]` and scalars: each
 * instruction applies an op to earlier values (indices taken modulo the count so far),
 * broadcasting where shapes differ.
 */
function buildRandom(prog: Instr[], n: number, seed: number, scalarOnly: boolean): { vars: Node[]; out: Node[] } {
  const vars = scalarOnly
    ? [tg.variable('a', 0.7), tg.variable('b', -1.3), tg.variable('c', 0.2)]
    : [tg.variable('A', tg.randn([n, n], { seed })), tg.variable('v', tg.randn([n], { seed: seed + 1 })), tg.variable('s', 0.5)];
  const vals: Node[] = [...vars];
  const pick = (i: number) => vals[i % vals.length]!;
  for (const ins of prog) {
    let node: Node | undefined;
    // Operands are kept inside their op's domain, so that values stay finite and every branch of the arithmetic runs.
    if (ins.kind === 'unary') node = applyInDomain(UNARY_OPS[ins.op]!, [pick(ins.a)]);
    else if (ins.kind === 'binary') {
      // Shapes [1, n], [n, 1], [n] and [] all broadcast together.
      node = applyInDomain(BINARY_OPS[ins.op]!, [pick(ins.a), pick(ins.b)]);
    }
    else if (ins.kind === 'const') node = tg.mul(pick(vals.length - 1), ins.value);
    else if (!scalarOnly) {
      const x = pick(ins.a);
      if (ins.kind === 'reduce' && x.rank > 0) node = tg.sum(x, Math.min(ins.axis, x.rank - 1), x.rank === 2);
      else if (ins.kind === 'transpose' && x.rank === 2) node = tg.transpose(x);
      else if (ins.kind === 'matmul' && x.rank > 0) {
        const y = pick(ins.b);
        const k = x.shape[x.rank - 1], m = y.rank === 1 ? y.shape[0] : y.shape[y.rank - 2];
        if (y.rank > 0 && k === m) node = tg.matmul(x, y);
      }
    }
    if (node) vals.push(node);
  }
  const last = vals[vals.length - 1]!;
  const loss = tg.sum(tg.mul(last, last));
  const grads = tg.grad(loss, vars);
  return { vars, out: [last, loss, ...grads] };
}

describe('compiled evaluation agrees on random graphs', () => {
  it('tensor graphs (matrices, vectors, scalars; broadcasting, reductions, matmul, transposes)', () => {
    fc.assert(
      fc.property(fc.array(instr, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), (prog, n) => {
        const { out } = buildRandom(prog, n, 7, false);
        const a = compiled(out), b = interpret(out);
        a.forEach((t, i) => expect(bitwiseDiff(t, b[i]!), `output ${i}`).toBe(''));
      }),
      { seed: 20240601, numRuns: 150 },
    );
  });

  it('scalar graphs (generated code)', () => {
    fc.assert(
      fc.property(fc.array(instr, { minLength: 1, maxLength: 40 }), (prog) => {
        const { out } = buildRandom(prog, 1, 3, true);
        const f = tg.compile(out);
        expect(f.kind).toBe('scalar');
        const a = compiled(out), b = interpret(out);
        a.forEach((t, i) => expect(bitwiseDiff(t, b[i]!), `output ${i}`).toBe(''));
      }),
      { seed: 777, numRuns: 150 },
    );
  });
});
