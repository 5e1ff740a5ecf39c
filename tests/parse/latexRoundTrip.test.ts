/**
 * Round trip (issue 18): every LaTeX equation tracegrad prints for the course's derivations
 * (explain(...).equations, matrix notation) parses back, with parseLatex, to an expression equal
 * to the quantity it is about, at the variables' values and at random points near them.
 *
 * Every explain() the lessons make is recorded (the module is wrapped, the lessons run as they
 * do for the course); forward equations are compared with their node, adjoint equations with the
 * gradient of the output with respect to their node, gradients with the gradient. The names in
 * an equation (forward names, adjoint names such as \bar{z} or \delta^{(1)}) are bound to those
 * nodes. The 'chain rule' stage is a product with Jacobians (\frac{\partial f}{\partial z}) and
 * index notation is not matrix LaTeX: both are outside what is read back.
 */
import { describe, expect, it, vi } from 'vitest';
import * as tg from '../../src/index.js';
import { Rng } from '../../src/tensor/random.js';

const recorded = vi.hoisted(() => [] as { y: unknown; options: unknown; d: unknown; lesson: string }[]);
const current = vi.hoisted(() => ({ lesson: '' }));

vi.mock('../../src/explain/derivation.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/explain/derivation.js')>();
  return {
    ...m,
    explain: (y: tg.Node, options?: tg.ExplainOptions) => {
      const d = m.explain(y, options);
      recorded.push({ y, options, d, lesson: current.lesson });
      return d;
    },
  };
});

const LESSONS = ['01-neuron', '02-fan-out', '03-dense-layer', '04-mlp', '05-softmax-bug', '06-checking', '07-micrograd'];

interface Analysis {
  order: tg.Node[];
  names: Map<tg.Node, { latex: string }>;
  adjointNames: Map<tg.Node, { latex: string }>;
  wrt: tg.Node[];
}

/** Values near the variables' own (the same shapes), for a second and third comparison. */
function nearPoint(vars: readonly tg.Node[], rng: Rng): Map<tg.Node, tg.Tensor> {
  return new Map(vars.map((v) => {
    const t = v.tensor;
    return [v, new tg.Tensor(t.shape, Float64Array.from(t.data, (x) => x + rng.uniform(-0.05, 0.05) * Math.max(1, Math.abs(x))))];
  }));
}

function close(a: tg.Tensor, b: tg.Tensor, what: string): void {
  expect(a.size, what).toBe(b.size);
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!, y = b.data[i]!;
    if (!Number.isFinite(x) && !Number.isFinite(y)) continue;
    // Constants print with 6 significant digits: 1e-4 relative is what a print can keep.
    expect(Math.abs(x - y), `${what} at ${i}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(y)));
  }
}

describe('every LaTeX equation of the course parses back to an equal expression', () => {
  it('runs the lessons and reads back their derivations', async () => {
    for (const lesson of LESSONS) {
      current.lesson = lesson;
      const mod = (await import(`../../examples/course/lessons/${lesson}.ts`)) as { default: () => Promise<unknown> };
      await mod.default();
    }
    const matrix = recorded.filter((r) => (r.d as tg.Derivation).notation === 'matrix');
    expect(new Set(matrix.map((r) => r.lesson)).size).toBeGreaterThanOrEqual(6);
    const rng = new Rng(18);
    let stages = 0;
    for (const { y, d: dd, lesson } of matrix) {
      const d = dd as tg.Derivation;
      const a = (d as unknown as { analysis: Analysis }).analysis;
      const root = y as tg.Node;
      const bindings = new Map<string, tg.Node>();
      const bind = (latex: string, n: tg.Node) => {
        if (!bindings.has(latex)) bindings.set(latex, n);
      };
      const vars = a.order.filter((n) => n.isVariable && n.leaf!.value !== undefined);
      const adjoint = new Map<tg.Node, tg.Node>();
      const gradOf = (n: tg.Node) => {
        if (!adjoint.has(n)) adjoint.set(n, n === root ? tg.constant(1) : tg.grad(root, n));
        return adjoint.get(n)!;
      };
      for (const [n, name] of a.names) bind(name.latex, n);
      for (const [n, name] of a.adjointNames) bind(name.latex, gradOf(n));
      const byId = new Map(a.order.map((n, i) => [`n${i}`, n]));
      const points = [new Map<tg.Node, tg.Tensor>(), nearPoint(vars, rng), nearPoint(vars, rng)];
      for (const e of d.equations) {
        const n = byId.get(e.id);
        if (!n) continue;
        const target = e.kind === 'forward' ? n : e.kind === 'seed' ? null : gradOf(n);
        if (!target) continue;
        for (const s of e.stages) {
          if (s.label === 'chain rule') continue;
          let back: tg.Node;
          try {
            back = tg.parseLatex(s.latex, bindings);
          } catch (err) {
            throw new Error(`${lesson}: (${e.number}) ${e.lhs.latex} = ${s.latex} [${s.label}]: ${(err as Error).message}`);
          }
          for (const p of points) {
            let got: unknown;
            try {
              got = tg.evaluate([back], p as never)[0];
            } catch (err) {
              throw new Error(`${lesson}: (${e.number}) ${e.lhs.latex} = ${s.latex} [${s.label}]: ${(err as Error).message}`);
            }
            const want = tg.evaluate([target], p as never)[0];
            const T = (v: unknown) => (v instanceof tg.Tensor ? v : tg.tensor(v as number));
            // \mathbf{0} (a zero gradient) reads as the number 0, which broadcasts.
            const g = T(got), w = T(want);
            close(g.rank === 0 && w.rank > 0 ? tg.full(w.shape, g.data[0]!) : g, w, `${lesson}: (${e.number}) ${e.lhs.latex} = ${s.latex} [${s.label}]`);
          }
          stages++;
        }
        // A large tensor's value is a summary in words (\text{4×4 tensor; mean …}), not an expression.
        if (e.value && !e.value.latex.includes('\\text') && vars.length === a.order.filter((v) => v.isVariable).length) {
          const back = tg.parseLatex(e.value.latex);
          const want = tg.evaluate([target], new Map() as never)[0];
          close(back.tensor, want instanceof tg.Tensor ? want : tg.tensor(want as number), `${lesson}: (${e.number}) value ${e.value.latex}`);
        }
      }
    }
    expect(stages).toBeGreaterThan(100);
    // toLatex of every gradient the lessons derive, its names bound to the labelled nodes.
    let printed = 0;
    for (const { y, lesson } of matrix) {
      const root = y as tg.Node;
      const a = (matrix.find((r) => r.y === y)!.d as unknown as { analysis: Analysis }).analysis;
      const names = new Map<string, tg.Node>();
      for (const n of a.order) {
        if (n.isVariable) names.set(n.label ?? n.leaf!.name!, n);
        else if (n.label !== undefined && !names.has(n.label)) names.set(n.label, n);
      }
      for (const w of a.wrt) {
        const g = tg.grad(root, w);
        const text = tg.toLatex(g);
        let back: tg.Node;
        try {
          back = tg.parseLatex(text, names);
        } catch (err) {
          throw new Error(`${lesson}: toLatex ${text}: ${(err as Error).message}`);
        }
        const [want, got] = tg.evaluate([g, back], new Map() as never);
        const T = (v: unknown) => (v instanceof tg.Tensor ? v : tg.tensor(v as number));
        const gt = T(got), wt = T(want);
        close(gt.rank === 0 && wt.rank > 0 ? tg.full(wt.shape, gt.data[0]!) : gt, wt, `${lesson}: toLatex ${text}`);
        printed++;
      }
    }
    expect(printed).toBeGreaterThan(20);
  }, 300_000);
});
