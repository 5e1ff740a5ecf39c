/**
 * Table-driven tests over every registered op:
 *  - forward values against mathjs on scalars (op.reference, else `${op.mathjs}(x)` / `(a, b)`);
 *  - every vector-Jacobian rule against central differences, at orders 1 and 2, on random
 *    shapes (broadcasting pairs for elementwise binary ops, per-op generators for tensor ops);
 *  - the symbolic scalar derivative against mathjs.derivative at sampled points;
 *  - every op file in src/ops is registered, under its file's name;
 *  - every op's LaTeX parses in KaTeX and its text is non-empty.
 */
import { describe, expect, it } from 'vitest';
import { derivative, evaluate, parse, type MathNode } from 'mathjs';
import katex from 'katex';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as tg from '../src/index.js';
import type { Attrs, Node, OpDef, Shape, Tensor } from '../src/index.js';
import {
  awayFromKinks,
  buildOp,
  checkOpGradient,
  domainOf,
  inputName,
  project,
  Rng,
  sampleInputs,
  scalar,
  type OpCase,
  type Tolerance,
} from './helpers/numeric.js';
import { DERIVATIVE_REFERENCE, referenceOf, toOperators } from './helpers/mathjsReference.js';

const registry = tg.ops.registry;

// ---------------------------------------------------------------------------------------
// Tables.

/** Ops with no scalar mathjs reference, and why. They are covered by the gradient checks. */
const NO_SCALAR_REFERENCE: Record<string, string> = {
  step: 'mathjs has no Heaviside step function',
  reshape: 'shape op: no scalar mathjs function',
  transpose: 'shape op: no scalar mathjs function',
  broadcastTo: 'shape op: no scalar mathjs function',
  stack: 'shape op (variadic): no scalar mathjs function',
  addN: 'variadic: these scalar tables take one or two inputs; tests/ops/addN.test.ts checks it against mathjs add and nested adds',
  take: 'shape op: needs at least 1 axis',
  logSumExp: 'mathjs has no logsumexp function',
  matmul: 'tensor-only: operands need at least 1 axis',
  dot: 'tensor-only: mathjs dot takes vectors only',
  tr: 'tensor-only: needs a square matrix',
  softmax: 'tensor-only; mathjs has no softmax',
  logSoftmax: 'tensor-only; mathjs has no logSoftmax',
};

/** Ops with a scalar reference but no mathjs derivative, and why. */
const NO_MATHJS_DERIVATIVE: Record<string, string> = {
  sign: 'mathjs.derivative has no rule for sign; its gradient is checked to be exactly zero',
};

/** Ops whose derivative is zero wherever it is defined: the gradient must be exactly zero. */
const ZERO_DERIVATIVE = new Set(['step', 'sign']);

/** A gradient-check case: shapes, attributes, optional domain overrides, and a label. */
interface GradCase extends OpCase {
  label?: string;
}

const UNARY_SHAPES: Shape[] = [[], [3], [2, 3], [2, 1, 3]];
const BINARY_SHAPES: [Shape, Shape][] = [
  [[], []],
  [[2, 3], [2, 3]],
  [[3, 1], [4]],
  [[4], [3, 1]],
  [[], [2, 3]],
  [[2, 3], []],
  [[2, 1, 3], [4, 1]],
  [[4, 1], [2, 1, 3]],
];

const reductionCases = (): GradCase[] => [
  { shapes: [[2, 3, 4]] },
  { shapes: [[2, 3, 4]], attrs: { axes: [1] } },
  { shapes: [[2, 3, 4]], attrs: { axes: [0, 2], keepDims: true } },
  { shapes: [[2, 3, 4]], attrs: { axes: [-1] } },
  { shapes: [[2, 3, 4]], attrs: { axes: [0, 1, 2], keepDims: true } },
  { shapes: [[5]], attrs: { axes: [0], keepDims: true } },
  { shapes: [[2, 1, 3]], attrs: { axes: [1] } },
  { shapes: [[]] },
];

const axisCases = (): GradCase[] => [
  { shapes: [[5]] },
  { shapes: [[2, 3, 4]], attrs: { axis: 1 } },
  { shapes: [[2, 3, 4]], attrs: { axis: -1 } },
  { shapes: [[2, 3]], attrs: { axis: 0 } },
  { shapes: [[1, 3]], attrs: { axis: 0 } },
];

/** Input generators of the ops that are not elementwise. */
const TENSOR_CASES: Record<string, GradCase[]> = {
  reshape: [
    { shapes: [[2, 3, 4]], attrs: { shape: [6, -1] } },
    { shapes: [[6]], attrs: { shape: [2, 3] } },
    { shapes: [[1]], attrs: { shape: [] } },
    { shapes: [[]], attrs: { shape: [1, 1] } },
  ],
  transpose: [
    { shapes: [[2, 3]] },
    { shapes: [[2, 3, 4]], attrs: { perm: [1, 2, 0] } },
    { shapes: [[2, 3, 4]], attrs: { perm: [0, 2, 1] } },
    { shapes: [[2, 3, 4]] },
    { shapes: [[3]] },
  ],
  broadcastTo: [
    { shapes: [[3, 1]], attrs: { shape: [2, 3, 4] } },
    { shapes: [[]], attrs: { shape: [2, 3] } },
    { shapes: [[4]], attrs: { shape: [3, 4] } },
    { shapes: [[2, 1, 3]], attrs: { shape: [2, 4, 3] } },
  ],
  addN: [
    { shapes: [[2, 3], [2, 3], [2, 3]] },
    { shapes: [[], [], [], []] },
    { shapes: [[4], [4]] },
  ],
  stack: [
    { shapes: [[2, 3], [2, 3], [2, 3]], attrs: { axis: 0 } },
    { shapes: [[2, 3], [2, 3]], attrs: { axis: 2 } },
    { shapes: [[2, 3], [2, 3], [2, 3]], attrs: { axis: -1 } },
    { shapes: [[2, 3], [2, 3]], attrs: { axis: 1 } },
    { shapes: [[], []], attrs: { axis: 0 } },
    { shapes: [[3]], attrs: { axis: 0 } },
  ],
  take: [
    { shapes: [[3, 4]], attrs: { i: 1, axis: 0 } },
    { shapes: [[2, 3, 4]], attrs: { i: -1, axis: 2 } },
    { shapes: [[2, 3, 4]], attrs: { i: 0, axis: -2 } },
    { shapes: [[5]], attrs: { i: 3 } },
  ],
  sum: reductionCases(),
  mean: reductionCases(),
  logSumExp: reductionCases(),
  matmul: [
    { label: '1-D × 1-D', shapes: [[3], [3]] },
    { label: '1-D × 2-D', shapes: [[3], [3, 4]] },
    { label: '2-D × 1-D', shapes: [[2, 3], [3]] },
    { label: '2-D × 2-D', shapes: [[2, 3], [3, 4]] },
    { label: 'batched × 2-D', shapes: [[2, 2, 3], [3, 4]] },
    { label: 'batch broadcasting', shapes: [[2, 1, 2, 3], [3, 3, 2]] },
    { label: '1-D × batched', shapes: [[3], [2, 3, 4]] },
    { label: 'batched × 1-D', shapes: [[2, 3, 4], [4]] },
  ],
  dot: [{ shapes: [[4], [4]] }, { shapes: [[1], [1]] }],
  tr: [{ shapes: [[3, 3]] }, { shapes: [[1, 1]] }],
  norm: [
    { shapes: [[5]] },
    { shapes: [[2, 3]] },
    // NOTE: the norm has a kink at 0 (and no `kink` field), so the scalar case stays away from it.
    { shapes: [[]], domains: [{ min: 0.3, max: 2 }] },
  ],
  softmax: axisCases(),
  logSoftmax: axisCases(),
};

/** The gradient-check cases of an op: its own generator, or the elementwise shape tables. */
function casesOf(op: OpDef): GradCase[] {
  const own = TENSOR_CASES[op.name];
  if (own) return own;
  if (op.elementwise && op.arity === 1) return UNARY_SHAPES.map((s) => ({ shapes: [s] }));
  if (op.elementwise && op.arity === 2) return BINARY_SHAPES.map(([a, b]) => ({ shapes: [a, b] }));
  return [];
}

const fmt = (s: Shape) => tg.formatShape(s);
const caseLabel = (c: GradCase) =>
  `${c.label ? `${c.label}: ` : ''}${c.shapes.map(fmt).join(' with ')}${c.attrs ? ` ${JSON.stringify(c.attrs)}` : ''}`;

/** A stable seed from a string. */
function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------
// Gradient checks.

const TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-7 };

function checkGradient(op: OpDef, c: GradCase, order: 1 | 2, seed: number): void {
  for (const r of checkOpGradient(op, c, order, seed, TOLERANCE)) {
    expect(r.comparison.ok, `${op.name} order ${order}, input ${r.input} ${fmt(r.shape)}: ${r.comparison.message}`).toBe(true);
    if (ZERO_DERIVATIVE.has(op.name)) {
      expect(Array.from(r.analytic).every((v) => v === 0), `${op.name}: gradient is exactly zero; got ${Array.from(r.analytic)}`).toBe(true);
    }
  }
}

describe('every op has gradient cases', () => {
  it.each(registry.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    expect(casesOf(op).length, `${op.name}: add an input generator to TENSOR_CASES`).toBeGreaterThan(0);
  });
});

describe('vector-Jacobian rules against central differences', () => {
  for (const op of registry) {
    describe(op.name, () => {
      for (const c of casesOf(op)) {
        for (const order of [1, 2] as const) {
          it(`order ${order}: ${caseLabel(c)}`, () => {
            checkGradient(op, c, order, seedOf(`${op.name}|${caseLabel(c)}|${order}`));
          });
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------
// Scalar references.

const scalarOps = registry.filter((op) => !(op.name in NO_SCALAR_REFERENCE));
const SAMPLES = 10;

/** Scalar sample points of an op, inside its domains and away from its kinks. */
function scalarSamples(op: OpDef): number[][] {
  const rng = new Rng(seedOf(`scalar|${op.name}`));
  const arity = op.arity as number;
  return Array.from({ length: SAMPLES }, () => sampleInputs(op, Array.from({ length: arity }, () => []), rng).map((t) => t.data[0]!));
}

function scopeOf(op: OpDef, point: number[]): Record<string, number> {
  return Object.fromEntries(point.map((v, i) => [inputName(op, i), v]));
}

function mathjsNumber(expr: string | MathNode, scope: Record<string, number>): number {
  const v: unknown = typeof expr === 'string' ? evaluate(expr, { ...scope }) : expr.evaluate({ ...scope });
  if (typeof v !== 'number') throw new Error(`mathjs returned a ${typeof v} for ${String(expr)} at ${JSON.stringify(scope)}`);
  return v;
}

const closeRel = (got: number, want: number, rtol = 1e-10, atol = 1e-12) => Math.abs(got - want) <= atol + rtol * Math.abs(want);

describe('the scalar reference tables', () => {
  it('list only registered ops, each with a reason', () => {
    const names = new Set(registry.map((op) => op.name));
    for (const [name, reason] of Object.entries({ ...NO_SCALAR_REFERENCE, ...NO_MATHJS_DERIVATIVE })) {
      expect(names.has(name), `${name} is not a registered op`).toBe(true);
      expect(reason.length).toBeGreaterThan(10);
    }
    for (const name of [...Object.keys(DERIVATIVE_REFERENCE), ...ZERO_DERIVATIVE]) expect(names.has(name), `${name} is not a registered op`).toBe(true);
  });

  it.each(scalarOps.map((op) => [op.name, op] as const))('%s has a scalar mathjs reference', (_name, op) => {
    expect(referenceOf(op), `${op.name}: give it mathjs or reference, or list it in NO_SCALAR_REFERENCE with a reason`).toBeDefined();
    expect(op.arity === 1 || op.arity === 2).toBe(true);
  });

  it.each(Object.keys(DERIVATIVE_REFERENCE))('the derivative reference of %s equals its reference in value', (name) => {
    const op = tg.ops.byName(name)!;
    for (const p of scalarSamples(op)) {
      const scope = scopeOf(op, p);
      const want = mathjsNumber(referenceOf(op)!, scope);
      const got = mathjsNumber(DERIVATIVE_REFERENCE[name]!, scope);
      expect(closeRel(got, want), `${name} at ${JSON.stringify(scope)}: ${got} vs ${want}`).toBe(true);
    }
  });
});

describe('forward values against mathjs.evaluate', () => {
  it.each(scalarOps.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    const ref = referenceOf(op)!;
    for (const p of scalarSamples(op)) {
      const vars = p.map((v, i) => tg.variable(inputName(op, i), v));
      const got = scalar(tg.apply(op, vars));
      const want = mathjsNumber(ref, scopeOf(op, p));
      expect(closeRel(got, want), `${op.name} at ${JSON.stringify(scopeOf(op, p))}: tracegrad ${got}, mathjs ${ref} = ${want}`).toBe(true);
    }
  });
});

describe('symbolic scalar derivatives against mathjs.derivative', () => {
  const ops = scalarOps.filter((op) => !(op.name in NO_MATHJS_DERIVATIVE));
  for (const op of ops) {
    const arity = op.arity as number;
    for (let i = 0; i < arity; i++) {
      it(`${op.name}: d/d${inputName(op, i)}`, () => {
        const expr = toOperators(parse(DERIVATIVE_REFERENCE[op.name] ?? referenceOf(op)!));
        const d = derivative(expr, inputName(op, i));
        for (const p of scalarSamples(op)) {
          const vars = p.map((v, k) => tg.variable(inputName(op, k), v));
          const y = tg.apply(op, vars);
          const got = scalar(tg.grad(y, vars[i]!));
          const want = mathjsNumber(d, scopeOf(op, p));
          expect(closeRel(got, want, 1e-9, 1e-12), `${op.name} d/d${inputName(op, i)} at ${JSON.stringify(scopeOf(op, p))}: tracegrad ${got}, mathjs ${d.toString()} = ${want}`).toBe(true);
        }
      });
    }
  }

  it.each([...ZERO_DERIVATIVE])('%s has an exactly zero scalar derivative', (name) => {
    const op = tg.ops.byName(name)!;
    for (const p of scalarSamples(op)) {
      const x = tg.variable('x', p[0]!);
      const g = tg.grad(tg.apply(op, [x]), x);
      expect(scalar(g)).toBe(0);
    }
  });

  it('toOperators makes function forms differentiable', () => {
    expect(() => derivative(parse('add(a, multiply(a, b))'), 'a')).toThrow();
    const d = derivative(toOperators(parse('add(a, multiply(a, unaryMinus(b)))')), 'a');
    expect(d.evaluate({ a: 2, b: 3 })).toBe(-2);
  });
});

// ---------------------------------------------------------------------------------------
// Every op file is registered.

interface OpModule {
  /** File name without `.ts`. */
  file: string;
  exports: Record<string, unknown>;
}

/** Problems with the registry given the op modules: unregistered ops, names that differ from files. */
function auditRegistry(modules: readonly OpModule[], ops: readonly OpDef[]): string[] {
  const problems: string[] = [];
  const inRegistry = new Set<unknown>(ops);
  const fileOf = new Map<unknown, string>();
  for (const m of modules) {
    for (const [name, value] of Object.entries(m.exports)) {
      if (!name.endsWith('Op') || typeof value !== 'object' || value === null) continue;
      fileOf.set(value, m.file);
      if (!inRegistry.has(value)) problems.push(`src/ops/${m.file}.ts exports ${name}, which is not in the registry`);
    }
  }
  for (const op of ops) {
    const file = fileOf.get(op);
    if (file === undefined) problems.push(`registry op '${op.name}' is not exported by any src/ops file as …Op`);
    else if (file !== op.name) problems.push(`registry op '${op.name}' is defined in src/ops/${file}.ts; the file must be named ${op.name}.ts`);
  }
  const seen = new Set<string>();
  for (const op of ops) {
    if (seen.has(op.name)) problems.push(`registry has two ops named '${op.name}'`);
    seen.add(op.name);
  }
  return problems;
}

describe('the registry', () => {
  const opsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/ops');

  it('holds every op defined in src/ops, each under its file name', async () => {
    const files = readdirSync(opsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts' && f !== 'defs.ts' && !f.startsWith('_'));
    expect(files.length).toBeGreaterThanOrEqual(registry.length);
    const modules: OpModule[] = [];
    for (const f of files) {
      const exports = (await import(/* @vite-ignore */ path.join(opsDir, f))) as Record<string, unknown>;
      modules.push({ file: f.slice(0, -3), exports });
    }
    expect(auditRegistry(modules, registry)).toEqual([]);
  });

  it('the audit reports an unregistered op, a misnamed file and a duplicate name', () => {
    const fake = (name: string): OpDef => ({ ...tg.ops.sinOp, name });
    const fooOp = fake('foo'), barOp = fake('bar'), bazOp = fake('baz');
    const modules: OpModule[] = [
      { file: 'foo', exports: { fooOp, foo: () => 0 } },
      { file: 'qux', exports: { barOp } },
      { file: 'baz', exports: { bazOp, notAnOp: 3 } },
    ];
    expect(auditRegistry(modules, [fooOp, barOp, bazOp])).toEqual([
      "registry op 'bar' is defined in src/ops/qux.ts; the file must be named bar.ts",
    ]);
    expect(auditRegistry(modules, [fooOp, barOp])).toEqual([
      'src/ops/baz.ts exports bazOp, which is not in the registry',
      "registry op 'bar' is defined in src/ops/qux.ts; the file must be named bar.ts",
    ]);
    expect(auditRegistry([{ file: 'foo', exports: { fooOp } }], [fooOp, fooOp])).toEqual(["registry has two ops named 'foo'"]);
    expect(auditRegistry([], [fooOp])).toEqual(["registry op 'foo' is not exported by any src/ops file as …Op"]);
  });
});

// ---------------------------------------------------------------------------------------
// Printing.

function renders(s: string): void {
  expect(() => katex.renderToString(s, { throwOnError: true }), `KaTeX: ${s}`).not.toThrow();
}

/** Input variants that exercise parenthesisation: plain, negated, a sum, a named node. */
const VARIANTS: readonly [string, (v: Node) => Node][] = [
  ['plain', (v) => v],
  ['negated', (v) => tg.neg(v)],
  ['sum', (v) => tg.add(v, 1)],
  ['difference', (v) => tg.sub(1, v)],
  ['product', (v) => tg.mul(v, -2)],
  ['named', (v) => tg.mul(v, 2).as('z^{(1)}')],
];

describe('printing', () => {
  for (const op of registry) {
    it(`${op.name}: LaTeX parses in KaTeX and text is non-empty`, () => {
      const cases = casesOf(op);
      expect(cases.length).toBeGreaterThan(0);
      cases.forEach((c, k) => {
        const rng = new Rng(seedOf(`print|${op.name}|${k}`));
        const { vars } = buildOp(op, c, rng);
        for (const [, variant] of VARIANTS) {
          const y = tg.apply(op, vars.map(variant), c.attrs ?? {});
          renders(tg.toLatex(y));
          expect(tg.toText(y).trim().length, `${op.name} text`).toBeGreaterThan(0);
        }
        // The gradient is printed too: it is a graph of the same ops.
        const y = tg.apply(op, vars, c.attrs ?? {});
        const grads = tg.grad(project(y, rng), vars);
        for (const g of grads) {
          renders(tg.toLatex(g));
          expect(tg.toText(g).trim().length).toBeGreaterThan(0);
        }
      });
    });
  }
});

// Keep the kink sampler honest: it does reject points near a kink.
describe('the kink-avoiding sampler', () => {
  it('rejects a point near a kink and accepts one away from it', () => {
    const t = (v: number): Tensor => tg.tensor(v);
    expect(awayFromKinks(tg.ops.reluOp, [t(0.01)], {})).toBe(false);
    expect(awayFromKinks(tg.ops.reluOp, [t(-0.3)], {})).toBe(true);
    expect(awayFromKinks(tg.ops.maximumOp, [t(1), t(1.02)], {})).toBe(false);
    expect(awayFromKinks(tg.ops.sinOp, [t(0)], {})).toBe(true);
    expect(domainOf(tg.ops.logOp, 0).min).toBeGreaterThan(0);
  });
});

// Keep the gradient checker honest: it catches a wrong first-order rule, and a rule whose
// value is right but whose graph differentiates wrongly (only order 2 sees that).
describe('the gradient checker', () => {
  const badCosOp: OpDef = { ...tg.ops.cosOp, name: 'badCos', vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.sin(x!))] };
  const wrongSinOp: OpDef = { ...tg.ops.sinOp, name: 'wrongSin', vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.sin(x!))] };
  const sinViaBadCosOp: OpDef = { ...tg.ops.sinOp, name: 'sinViaBadCos', vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.apply(badCosOp, [x!]))] };
  const ok = (rs: ReturnType<typeof checkOpGradient>) => rs.every((r) => r.comparison.ok);

  it('fails a wrong first-order rule', () => {
    const rs = checkOpGradient(wrongSinOp, { shapes: [[2, 3]] }, 1, 1);
    expect(ok(rs)).toBe(false);
    expect(rs[0]!.comparison.message).toMatch(/^worst element \d+: analytic .*, numeric .*/);
  });

  it('passes a right first-order rule built on a wrongly differentiated op, and fails it at order 2', () => {
    expect(ok(checkOpGradient(sinViaBadCosOp, { shapes: [[2, 3]] }, 1, 2))).toBe(true);
    expect(ok(checkOpGradient(sinViaBadCosOp, { shapes: [[2, 3]] }, 2, 2))).toBe(false);
    expect(ok(checkOpGradient(tg.ops.sinOp, { shapes: [[2, 3]] }, 2, 2))).toBe(true);
  });
});
