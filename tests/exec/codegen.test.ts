/** Generated code: never user text; a million-node chain compiles; buffers are reused. */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const EVIL = '"); process.exit(1); ("';
const EVIL2 = "'); globalThis.pwned = 1; ('`${x}`\\";

function expectClean(source: readonly string[] | undefined): void {
  expect(source && source.length).toBeTruthy();
  for (const src of source!) {
    expect(src).not.toContain(EVIL);
    expect(src).not.toContain('process');
    expect(src).not.toContain('pwned');
    expect(src).not.toMatch(/["'`\\]/);
  }
}

describe('generated source contains no user text', () => {
  it('scalar graphs: labels of constants, nodes and variables, user op names', () => {
    const x = tg.variable('x', 2, { label: EVIL });
    const c = tg.constant(3, { label: EVIL2 });
    const userOp: tg.OpDef = {
      name: EVIL, arity: 1, shape: ([s]) => s!, forward: ([t]) => tg.tensor(t!.data.map((v) => v + 1), t!.shape),
      latex: () => ({ s: 'u', prec: tg.Prec.Atom }), text: () => ({ s: 'u', prec: tg.Prec.Atom }),
    };
    const y = tg.apply(userOp, [x.mul(c).as(EVIL)], {}, { label: EVIL2 }).add(tg.sin(x).as(EVIL2));
    const f = tg.compile([y, ...tg.grad(tg.sin(x).mul(c).as(EVIL), [x])], { keepSource: true, inputs: [x] });
    expect(f.kind).toBe('scalar');
    expectClean(f.source);
    expect(f(2)).toEqual([2 * 3 + 1 + Math.sin(2), Math.cos(2) * 3]);
  });

  it('tensor graphs: labels, and attribute values that reach code only as numbers', () => {
    const x = tg.variable('x', [1, -2, 3], { label: EVIL });
    const c = tg.constant(0.5, { label: EVIL2 });
    const y = tg.step(x.mul(c).as(EVIL), 0.25).add(tg.relu(x).as(EVIL2)).as(EVIL);
    const f = tg.compile([y, tg.grad(tg.sum(tg.sigmoid(x.mul(c))).as(EVIL2), x)], { keepSource: true });
    expect(f.kind).toBe('tensor');
    expectClean(f.source);
    expect((f() as tg.Tensor[])[0]!.toArray()).toEqual([2, 0, 4]);
  });

  it('a non-number attribute cannot reach code', async () => {
    const { numLiteral } = await import('../../src/exec/templates.js');
    expect(() => numLiteral(EVIL)).toThrow(tg.InternalError);
    expect(numLiteral(-0)).toBe('(-0)');
    expect(numLiteral(1e-300)).toBe('1e-300');
    expect(numLiteral(-2.5)).toBe('(-2.5)');
    expect(numLiteral(NaN)).toBe('(0/0)');
  });
});

describe('a scalar chain of a million nodes', () => {
  it('compiles and gives the value of a plain JavaScript loop', () => {
    const steps = 333_333; // three nodes a step: mul, add, tanh
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x', 0.3);
    let x = x0;
    for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
    const f = tg.compile(x, { inputs: [a, b, x0] });
    expect(f.stats.nodes).toBe(3 * steps + 3);
    expect(f.stats.chunks).toBeGreaterThan(100);
    const run = (av: number, bv: number, xv: number) => {
      for (let i = 0; i < steps; i++) xv = Math.tanh(av * xv + bv);
      return xv;
    };
    expect(f(0.9, -0.2, 0.3)).toBe(run(0.9, -0.2, 0.3));
    expect(f(1.1, 0.05, -1)).toBe(run(1.1, 0.05, -1));
  }, 120_000);
});

describe('slot reads', () => {
  it('a chunk reads each slot it needs once, into a local', () => {
    // Variables and values of earlier chunks are never written by a later chunk, but V8 cannot
    // tell: a read at every use would load `a` and `b` again at every step of the chain.
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
    let x = x0;
    for (let i = 0; i < 200; i++) x = tg.tanh(a.mul(x).add(b));
    const grads = tg.grad(x, [a, b, x0]);
    const f = tg.compile([x, ...grads], { inputs: [a, b, x0], keepSource: true });
    const chunks = f.source!.flatMap((unit) => unit.split('(function(s,r,F){').slice(1));
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      const reads = [...chunk.matchAll(/s\[r\[(\d+)\]\](?!=)/g)].map((m) => m[1]);
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads).size).toBe(reads.length);
    }
    const [vx, va, vb, vx0] = f(0.9, -0.2, 0.3) as number[];
    expect([vx, va, vb, vx0]).toEqual(tg.evaluate([x, ...grads]));
  });
});

describe('liveness', () => {
  it('reuses buffers along a deep tensor chain', () => {
    const W = tg.variable('W', tg.randn([8, 8], { seed: 1, std: 0.3 }));
    let h = tg.variable('h', tg.randn([4, 8], { seed: 2 }));
    const h0 = h;
    for (let i = 0; i < 40; i++) h = tg.tanh(tg.matmul(h, W));
    const loss = tg.sum(h);
    const f = tg.compile([loss, ...tg.grad(loss, [W, h0])]);
    // 40 matmuls and 40 tanh forward, about three times as many ops backward.
    expect(f.stats.steps).toBeGreaterThan(150);
    expect(f.stats.buffers).toBeLessThan(f.stats.steps / 2);
    const g = tg.compile(h);
    expect(g.stats.buffers).toBeLessThanOrEqual(2);
  });
});
