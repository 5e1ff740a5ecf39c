import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { bitwiseDiff, interpret } from './helpers.js';

// Every registered op goes through the fast compiled path: an elementwise op has a scalar code
// template (OpDef.scalar), so compiled scalar code computes it inline (no call back into its
// kernel) and compiled tensor plans fuse it into a loop; an op without one would silently run
// through its kernel instead, which is what this test catches for a new op.

const elementwise = tg.ops.registry.filter((op) => op.elementwise === true);

/** Sample values inside each input's domain (default [-2, 2]), away from its ends. */
function sample(op: tg.OpDef, input: number, k: number): number {
  const d = op.domain?.[input] ?? op.domain?.[0] ?? { min: -2, max: 2 };
  const t = [0.23, 0.61, 0.87, 0.42][k % 4]!;
  return d.min + (d.max - d.min) * t;
}

const arityOf = (op: tg.OpDef) => (op.arity === 'variadic' ? 3 : op.arity);

describe('the fast compiled path', () => {
  it('covers the elementwise ops of the registry (a list that grows with it)', () => {
    expect(elementwise.length).toBeGreaterThanOrEqual(45);
  });

  for (const op of elementwise) {
    it(`${op.name}: has a scalar template, compiled inline in scalar code and fused in tensor plans, with the kernel's bits`, () => {
      expect(op.scalar, `${op.name} has no OpDef.scalar template`).toBeTypeOf('function');
      // Scalar code: the op is one inline expression, with no call to a kernel closure (F[...]).
      const xs = Array.from({ length: arityOf(op) }, (_, i) => tg.variable(`x${i}`, sample(op, i, i)));
      const y = tg.apply(op, xs);
      const f = tg.compile(y, { inputs: xs, keepSource: true });
      expect(f.kind).toBe('scalar');
      expect(f.source!.join('\n'), `${op.name}: compiled scalar code calls its kernel`).not.toMatch(/F\[/);
      expect(bitwiseDiff(tg.tensor(f() as number), interpret([y])[0]!), op.name).toBe('');
      // Tensor plans: the op is computed inside a fused loop.
      const ts = Array.from({ length: arityOf(op) }, (_, i) => tg.variable(`t${i}`, tg.tensor([0, 1, 2, 3].map((k) => sample(op, i, k + i)), [2, 2])));
      const z = tg.sum(tg.apply(op, ts));
      const g = tg.compile(z, { inputs: ts });
      expect(g.kind).toBe('tensor');
      expect(g.stats.chunks, `${op.name}: not computed in a fused loop of the tensor plan`).toBeGreaterThanOrEqual(1);
      expect(bitwiseDiff(tg.tensor(g() as number), interpret([z])[0]!), `${op.name} (tensor)`).toBe('');
    });
  }

  it('fails for an elementwise op without a template (the check above has teeth)', () => {
    const noTemplate: tg.OpDef = { ...tg.ops.sinOp, scalar: undefined };
    const x = tg.variable('x', 0.5);
    const f = tg.compile(tg.apply(noTemplate, [x]), { inputs: [x], keepSource: true });
    expect(f.source!.join('\n')).toMatch(/F\[/);
    const t = tg.variable('t', [1, 2, 3]);
    expect(tg.compile(tg.sum(tg.apply(noTemplate, [t])), { inputs: [t] }).stats.chunks).toBe(0);
  });
});
