import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { derive } from '../../src/autodiff/grad.js';
import { eagerStats } from '../../src/exec/eager.js';
import { constant as ones } from '../../src/core/node.js';
import { walkStats } from '../../src/core/topo.js';

// Eager loops: a graph of a structure seen before gets its gradient rebuilt from a template
// and its values from one compiled program. A rebuilt gradient must be the derived gradient,
// node for node (same printed text) and value for value, whatever the numbers.

/** The gradient derived from scratch (no template, no program), as values and text. */
function reference(y: tg.Node, xs: tg.Node[]): { text: string[]; values: number[][] } {
  const gs = derive(y, xs, ones(1));
  return { text: gs.map((g) => tg.toText(g)), values: gs.map((g) => Array.from(g.tensor.data)) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));

/** A network-like expression over variables and data numbers, drawn from a seed. */
function build(shapeSeed: number, dataSeed: number, vars: tg.Node[]): tg.Node {
  let s = shapeSeed;
  const pick = (n: number) => {
    s = (s * 16807) % 2147483647;
    return s % n;
  };
  let d = dataSeed;
  const data = () => {
    d = (d * 48271) % 2147483647;
    return 0.1 + (d / 2147483647) * 0.8; // data: never a small number
  };
  const pool: tg.Node[] = [...vars];
  const unary = [tg.tanh, tg.sigmoid, tg.sin, tg.exp, (x: tg.Node) => tg.neg(x), (x: tg.Node) => x.pow(2), (x: tg.Node) => x.mul(0.5), (x: tg.Node) => x.mul(data())];
  const binary = [tg.add, tg.sub, tg.mul, (a: tg.Node, b: tg.Node) => tg.add(a.mul(data()), b), (a: tg.Node, b: tg.Node) => tg.div(a, tg.add(tg.mul(b, b), 1))];
  for (let i = 0; i < 12; i++) {
    const a = pool[pick(pool.length)]!, b = pool[pick(pool.length)]!;
    pool.push(pick(2) === 0 ? unary[pick(unary.length)]!(a) : binary[pick(binary.length)]!(a, b));
  }
  return pool.slice(vars.length).reduce((acc, n) => acc.add(n));
}

describe('eager loops: gradients rebuilt by structure', () => {
  it('equal the derived gradients, node for node and value for value, step after step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (shapeSeed) => {
        for (let step = 0; step < 4; step++) {
          // New variables and new data every step: the structure is what repeats.
          const xs = [0, 1, 2].map((i) => tg.variable(`x${i}`, 0.3 * (i + 1) + 0.1 * step));
          const y = build(shapeSeed, 1000 + step, xs);
          const grads = tg.grad(y, xs);
          const ref = reference(y, xs);
          expect(grads.map((g) => tg.toText(g))).toEqual(ref.text);
          grads.forEach((g, i) => {
            const got = Array.from(g.tensor.data), want = ref.values[i]!;
            expect(got.every((v, k) => close(v, want[k]!)), `step ${step}, x${i}: ${got} vs ${want}`).toBe(true);
          });
        }
      }),
      { seed: 20261204, numRuns: 40 },
    );
  });

  it('rebuild from the third time a structure is seen, and value a loss and all its gradients in one run', () => {
    const before = { ...eagerStats };
    let last: tg.Node[] = [];
    for (let step = 0; step < 6; step++) {
      const w = tg.variable('w', 0.5 + step), b = tg.variable('b', -0.25);
      const y = tg.tanh(w.mul(1.7 + step).add(b)).pow(2);
      last = tg.grad(y, [w, b]);
      expect(last.map((g) => g.value)).toEqual(reference(y, [w, b]).values.map((v) => v[0]));
    }
    expect(eagerStats.derived - before.derived).toBe(2);
    expect(eagerStats.rebuilt - before.rebuilt).toBe(4);
    expect(eagerStats.compiled - before.compiled).toBe(1);
  });

  it('are valued again after assign, and agree with the derivation then too', () => {
    for (let step = 0; step < 4; step++) {
      const w = tg.variable('w', 0.3), x = tg.variable('x', [1, 2, 3]);
      const y = tg.sum(tg.sigmoid(x.mul(w).add(0.7 + step)));
      const [dw, dx] = tg.grad(y, [w, x]);
      for (const v of [0.3, -1.2, 2.5]) {
        w.assign(v);
        const ref = reference(y, [w, x]);
        expect(dw!.value).toBeCloseTo(ref.values[0]![0]!, 14);
        expect(Array.from((dx!.value as tg.Tensor).data)).toEqual(ref.values[1]!.map((r, k) => expect.closeTo(r, 14) && Array.from((dx!.value as tg.Tensor).data)[k]!));
      }
    }
  });

  it('tell structures apart by their known constants, and by the shapes of what the gradient is asked for', () => {
    // x·2 and x·3: permanent constants are part of the structure (a rewrite may read them).
    for (const k of [2, 3, 2, 3, 2, 3]) {
      const x = tg.variable('x', 1.5);
      expect(tg.grad(x.mul(k).pow(2), x).value).toBe(2 * k * k * 1.5);
    }
    // A variable the output does not depend on gets zeros of its own shape, whatever came before.
    for (const shape of [[2, 3], [3, 1], [4], [2, 3], [3, 1], [4]]) {
      const x = tg.variable('x', tg.zeros(shape)), c = tg.constant(0.3);
      expect(tg.grad(c.mul(1.1), x).shape).toEqual(shape);
    }
  });

  it('read one by one cost one evaluation of the graph, not one per gradient', () => {
    let kernelCalls = 0;
    const counted: tg.OpDef = {
      ...tg.ops.tanhOp,
      name: 'countedTanh',
      // No code template and no scalar kernel: compiled code and the interpreter call this
      // kernel, so every evaluation is counted.
      scalar: undefined,
      scalarKernel: undefined,
      forward: (ins, attrs, shape) => {
        kernelCalls++;
        return tg.ops.tanhOp.forward(ins, attrs, shape);
      },
    };
    const ws = Array.from({ length: 20 }, (_, i) => tg.variable(`w${i}`, 0.1 * i));
    const y = ws.reduce((acc: tg.Node, w) => tg.apply(counted, [acc.add(w)]), tg.constant(0.5));
    const grads = tg.grad(y, ws);
    kernelCalls = 0;
    const walks = walkStats.walks;
    const values = grads.map((g) => g.value as number);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(kernelCalls).toBe(20); // each tanh once, for all 20 gradients
    expect(walkStats.walks - walks).toBe(1); // one walk of the graph, not one per gradient
    ws[0]!.assign(0.3);
    kernelCalls = 0;
    grads.map((g) => g.value);
    expect(kernelCalls).toBe(20);
  });
});

describe('loss.backward() and .grad', () => {
  it('fill .grad on every variable the loss depends on, with the derived gradient, step after step', () => {
    for (let step = 0; step < 5; step++) {
      const a = tg.variable('a', -4 + step), b = tg.variable('b', 2);
      const other = tg.variable('o', 1);
      const c = a.add(b).mul(a.mul(b)).add(b.pow(3)).tanh().add(a.relu());
      c.backward();
      const ref = reference(c, [a, b]);
      expect(a.grad).toBeCloseTo(ref.values[0]![0]!, 14);
      expect(b.grad).toBeCloseTo(ref.values[1]![0]!, 14);
      expect(other.grad).toBe(0);
      expect(c.grad).toBeUndefined();
      expect(c.value).toBe(Math.tanh((-4 + step + 2) * (-4 + step) * 2 + 8) + Math.max(0, -4 + step));
    }
  });

  it('accumulate until zeroGrad, as in micrograd; a variable the loss no longer reaches keeps 0 after zeroGrad', () => {
    const x = tg.variable('x', 3), w = tg.variable('w', 0.5);
    const y = x.mul(x);
    y.backward();
    y.backward();
    expect(x.grad).toBe(12);
    x.zeroGrad();
    expect(x.grad).toBe(0);
    y.backward();
    expect(x.grad).toBe(6);
    // With data 0, w·0 is 0: the loss does not depend on w, and w's gradient is 0 after zeroGrad.
    for (const data of [0.7, 0, 1.3]) {
      w.zeroGrad();
      x.zeroGrad();
      const loss = w.mul(data).add(x).pow(2);
      loss.backward();
      expect(w.grad).toBeCloseTo(2 * (0.5 * data + 3) * data, 14);
      loss.zeroGrad();
      expect([w.grad, x.grad]).toEqual([0, 0]);
    }
  });

  it('give tensor variables tensor gradients, and refuse a loss that is not a scalar', () => {
    const W = tg.variable('W', [[1, 2], [3, 4]]), v = tg.variable('v', [1, -1]);
    const loss = tg.sum(tg.matmul(W, v).pow(2));
    expect((W.grad as tg.Tensor).toArray()).toEqual([[0, 0], [0, 0]]);
    loss.backward();
    expect((W.grad as tg.Tensor).toArray()).toEqual([[-2, 2], [-2, 2]]);
    loss.backward();
    expect((W.grad as tg.Tensor).toArray()).toEqual([[-4, 4], [-4, 4]]);
    expect(() => tg.matmul(W, v).backward()).toThrow(tg.ShapeError);
    expect(() => tg.matmul(W, v).backward()).toThrow('backward: the node must be a scalar (a loss); got shape [2]');
  });
});
