/** evaluate, node.value, grad(...).value and gradcheck on the compiled path. */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { bitwiseDiff, interpret } from './helpers.js';
import { countingOp } from '../helpers/graph.js';


/** A tensor graph of a few dozen nodes: a tiny two-layer network and its gradients. */
function network() {
  const W = tg.variable('W', tg.randn([3, 4], { seed: 1 })), b = tg.variable('b', tg.randn([4], { seed: 2 }));
  const X = tg.variable('X', tg.randn([5, 3], { seed: 3 }));
  const loss = tg.mean(tg.tanh(tg.matmul(X, W).add(b)).mul(tg.sigmoid(X.sum(1, true))));
  return { W, b, X, loss, grads: tg.grad(loss, [W, b]) };
}

describe('node.value on the compiled path', () => {
  it('agrees with the interpreter after the variables change, epoch after epoch', () => {
    const { W, loss, grads } = network();
    for (let step = 0; step < 5; step++) {
      const [l, gW, gb] = [loss, ...grads].map((n) => n.tensor);
      const want = interpret([loss, ...grads]);
      expect(bitwiseDiff(l!, want[0]!)).toBe('');
      expect(bitwiseDiff(gW!, want[1]!)).toBe('');
      expect(bitwiseDiff(gb!, want[2]!)).toBe('');
      W.assign(tg.tensor(Float64Array.from(W.tensor.data, (v, i) => v - 0.1 * gW!.data[i]!), [3, 4]));
    }
  });

  it('evaluate(list) evaluates a repeated list as one program and caches each root', () => {
    const { op, runs } = countingOp();
    const x = tg.variable('x', [1, 2, 3]);
    const h = tg.apply(op, [x]);
    const outs = [tg.sum(tg.sin(h).mul(h)), tg.sum(tg.cos(h).add(h)), tg.sum(tg.exp(h).sub(h).div(2))];
    for (let k = 0; k < 4; k++) {
      x.assign([k, k + 1, k + 2]);
      const before = runs();
      const vals = tg.evaluate(outs) as number[];
      // The user op runs once per evaluation of the list, however many roots share it.
      expect(runs() - before).toBe(1);
      // Values are cached: asking again runs nothing.
      outs.forEach((o) => o.value);
      expect(runs() - before).toBe(1);
      interpret(outs).forEach((t, i) => expect(vals[i]).toBe(t.data[0]));
    }
  });

  it('a graph of 20,000 nodes or more (compiled on its first evaluation) gives the value of a plain loop', () => {
    const a = tg.variable('a', 0.5);
    let x = tg.variable('x0', 0.1);
    for (let i = 0; i < 7000; i++) x = tg.sin(a.mul(x).add(0.25));
    let want = 0.1;
    for (let i = 0; i < 7000; i++) want = Math.sin(0.5 * want + 0.25);
    expect(x.value).toBe(want);
  });

  it('reports a missing variable value as before', () => {
    const { loss, X } = network();
    const y = tg.variable('y', undefined, { shape: [] });
    const f = loss.mul(y);
    for (let k = 0; k < 3; k++) {
      X.assign(tg.randn([5, 3], { seed: 10 + k }));
      expect(() => f.value).toThrow(/variable 'y' has no value/);
    }
  });
});

describe('evaluate with bindings', () => {
  it('gives the same values as the interpreter on repeated calls (compiled after the first)', () => {
    const { W, X, loss, grads } = network();
    for (let k = 0; k < 4; k++) {
      const Xk = tg.randn([5, 3], { seed: 100 + k });
      const got = tg.evaluate([loss, ...grads], new Map([[X, Xk]]));
      const saved = X.tensor;
      X.leaf!.value = Xk;
      const want = interpret([loss, ...grads]);
      X.leaf!.value = saved;
      expect(got[0]).toBe(want[0]!.data[0]);
      expect(bitwiseDiff(got[1] as tg.Tensor, want[1]!)).toBe('');
      expect(bitwiseDiff(got[2] as tg.Tensor, want[2]!)).toBe('');
    }
    expect(W.tensor.shape).toEqual([3, 4]);
  });

  it('binds by name, and leaves the variables alone', () => {
    const x = tg.variable('x', 2), y = tg.variable('y', 3);
    const f = tg.sin(x).mul(y).add(tg.exp(x.mul(y))).sub(tg.tanh(y)).mul(tg.sigmoid(x));
    for (let k = 1; k <= 4; k++) {
      const [v] = tg.evaluate([f], { x: k, y: -k }) as number[];
      const want = (Math.sin(k) * -k + Math.exp(-k * k) - Math.tanh(-k)) * (1 / (1 + Math.exp(-k)));
      expect(v).toBeCloseTo(want, 12);
    }
    expect(x.value).toBe(2);
  });
});

describe('gradcheck and traced functions run on the compiled path', () => {
  it('gradcheck passes on a network (each shifted evaluation reuses one program)', () => {
    const { W, b, loss } = network();
    const report = tg.gradcheck(loss, [W, b]);
    expect(report.ok).toBe(true);
    expect(report.inputs.map((r) => r.checked)).toEqual([12, 4]);
  });

  it('gradcheck still finds a wrong rule', () => {
    const bad: tg.OpDef = {
      name: 'badSquare', arity: 1, elementwise: true, shape: ([s]) => s!,
      forward: ([x]) => tg.tensor(x!.data.map((v) => v * v), x!.shape),
      vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.mul(x!, 3))],
      latex: (c) => ({ s: c.arg(0, tg.Prec.Atom), prec: tg.Prec.Atom }), text: (c) => ({ s: c.arg(0, tg.Prec.Atom), prec: tg.Prec.Atom }),
    };
    const x = tg.variable('x', [0.5, -1, 2]);
    expect(() => tg.gradcheck(tg.sum(tg.apply(bad, [tg.sin(x).add(tg.cos(x)).mul(2)])), [x])).toThrow(tg.GradientCheckError);
  });

  it('a traced function evaluates at many points', () => {
    const f = tg.trace((x, y) => tg.sin(x).mul(y).add(tg.tanh(x.mul(y))).sub(tg.exp(y.div(4))), [1, 2]);
    for (let k = 0; k < 5; k++) {
      const [x, y] = [0.3 * k, 1 - 0.2 * k];
      expect(f.evaluate(x, y)).toBeCloseTo(Math.sin(x) * y + Math.tanh(x * y) - Math.exp(y / 4), 13);
      const [gx] = f.grad(x, y) as number[];
      expect(gx).toBeCloseTo(Math.cos(x) * y + y * (1 - Math.tanh(x * y) ** 2), 12);
    }
  });
});
