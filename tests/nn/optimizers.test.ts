import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const vals = (n: tg.Node) => Array.from(n.tensor.data);

describe('sgd', () => {
  it('steps θ ← θ − α g', () => {
    const w = tg.variable('w', [1, -2]);
    const opt = tg.nn.sgd([w], { lr: 0.1 });
    opt.step([[10, 5]]);
    expect(vals(w)).toEqual([0, -2.5]);
    expect(opt.steps).toBe(1);
    expect(opt.lr).toBe(0.1);
    expect(opt.name).toBe('sgd');
  });

  it('reads every gradient node before assigning any variable', () => {
    const a = tg.variable('a', 2), b = tg.variable('b', 5);
    const [da, db] = tg.grad(a.mul(b), [a, b]); // da = b, db = a
    tg.nn.sgd([a, b], { lr: 1 }).step([da!, db!]);
    expect([a.value, b.value]).toEqual([2 - 5, 5 - 2]);
  });

  it('descends a quadratic to its minimum', () => {
    const w = tg.variable('w', [4, -3]);
    const loss = tg.sum(w.sub(tg.constant([1, 2])).pow(2));
    const [g] = tg.grad(loss, [w]);
    const opt = tg.nn.sgd([w], { lr: 0.1 });
    for (let i = 0; i < 200; i++) opt.step([g!]);
    expect(vals(w).map((v) => +v.toFixed(9))).toEqual([1, 2]);
  });
});

describe('momentum', () => {
  it('follows v ← μ v + g, θ ← θ − α v', () => {
    const w = tg.variable('w', 1);
    const opt = tg.nn.momentum([w], { lr: 0.1, beta: 0.9 });
    const gs = [1, 2, -1];
    let v = 0, theta = 1;
    for (const g of gs) {
      opt.step([g]);
      v = 0.9 * v + g;
      theta -= 0.1 * v;
      expect(w.value).toBeCloseTo(theta, 15);
    }
    // by hand: v = 1, 2.9, 1.61; θ = 0.9, 0.61, 0.449
    expect(w.value).toBeCloseTo(0.449, 14);
    opt.reset();
    opt.step([1]);
    expect(w.value).toBeCloseTo(0.349, 14);
  });
});

describe('adam', () => {
  it('matches Kingma & Ba, Algorithm 1, step by step', () => {
    const alpha = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-8;
    const w = tg.variable('w', [0.5, -1, 2]);
    const c = tg.constant([1, 1, 1]);
    const loss = tg.sum(w.sub(c).pow(2).mul(tg.constant([1, 3, 0.5])));
    const [g] = tg.grad(loss, [w]);
    const opt = tg.nn.adam([w], { lr: alpha, beta1: b1, beta2: b2, epsilon: eps });
    const theta = [0.5, -1, 2], m = [0, 0, 0], v = [0, 0, 0];
    const scale = [1, 3, 0.5];
    for (let t = 1; t <= 3; t++) {
      const grad = theta.map((x, i) => 2 * scale[i]! * (x - 1)); // ∂/∂w of Σ s (w − 1)²
      expect(vals(g!)).toEqual(grad.map((x) => expect.closeTo(x, 14)));
      opt.step([g!]);
      for (let i = 0; i < 3; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * grad[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * grad[i]! ** 2;
        const mHat = m[i]! / (1 - b1 ** t), vHat = v[i]! / (1 - b2 ** t);
        theta[i] = theta[i]! - (alpha * mHat) / (Math.sqrt(vHat) + eps);
      }
      expect(vals(w)).toEqual(theta.map((x) => expect.closeTo(x, 14)));
    }
  });

  it('moves each element by about α on the first step, whatever the gradient scale', () => {
    const w = tg.variable('w', [1, 1, 1]);
    tg.nn.adam([w], { lr: 0.01 }).step([[1e6, -3, 1e-3]]);
    // θ₁ = θ₀ − α g / (|g| + ε): m̂₁ = g, v̂₁ = g²
    expect(vals(w)).toEqual([1 - 0.01 * 1e6 / (1e6 + 1e-8), 1 + 0.01 * 3 / (3 + 1e-8), 1 - 0.01 * 1e-3 / (1e-3 + 1e-8)].map((x) => expect.closeTo(x, 15)));
  });

  it('uses the paper defaults and leaves a variable with zero gradient unchanged', () => {
    const w = tg.variable('w', [2]);
    const opt = tg.nn.adam([w]);
    expect(opt.lr).toBe(0.001);
    opt.step([[0]]);
    opt.step([[0]]);
    expect(vals(w)).toEqual([2]);
  });
});

describe('optimizer arguments', () => {
  const w = tg.variable('w', [1, 2]);
  it('rejects bad parameters, hyperparameters and gradients', () => {
    expect(() => tg.nn.sgd([])).toThrow('sgd: parameters must be a non-empty array of variables (e.g. net.parameters); got an empty array');
    expect(() => tg.nn.sgd([w.mul(2)])).toThrow('sgd: parameters must be variables; parameter 0 is a mul node');
    expect(() => tg.nn.adam([w, w])).toThrow("adam: variable 'w' is listed twice");
    expect(() => tg.nn.sgd([w], { lr: 0 })).toThrow('sgd: lr must be a finite number > 0; got 0');
    expect(() => tg.nn.momentum([w], { beta: 1 })).toThrow('momentum: beta must be in [0, 1); got 1');
    expect(() => tg.nn.adam([w], { beta2: 1 })).toThrow('adam: beta1 and beta2 must be in [0, 1)');
    expect(() => tg.nn.adam([w], { learningRate: 1 } as never)).toThrow("adam: unknown option 'learningRate'; accepted: lr, beta1, beta2, epsilon");
    const opt = tg.nn.sgd([w]);
    expect(() => opt.step([])).toThrow('sgd.step: expected 1 gradients, one per parameter; got 0');
    expect(() => opt.step([[1, 2, 3]])).toThrow(tg.ShapeError);
    expect(() => opt.step([[1, 2, 3]])).toThrow("sgd.step: the gradient of 'w' must have its shape [2]; got [3]");
    expect(() => opt.step([[1, NaN]])).toThrow(tg.ArgumentError);
    expect(vals(w)).toEqual([1, 2]);
  });
});

describe('a step is all or nothing', () => {
  it.each(['sgd', 'momentum', 'adam'] as const)('%s: an update that is not finite changes nothing', (name) => {
    // Every update moves b by about lr = 1e308 once its gradient is not 0: from -1.5e308 that overflows.
    const make = () => {
      const a = tg.variable('a', [1e308, 1e308]), b = tg.variable('b', -1.5e308);
      return { a, b, opt: tg.nn[name]([a, b], { lr: 1e308 }) };
    };
    const { a, b, opt } = make();
    opt.step([[0.5, 0.25], 0]);
    const before = [vals(a), vals(b), opt.steps];
    expect(() => opt.step([[1, 1], 1])).toThrow(/\.step: the update of '[ab]' is not finite .* nothing was changed/);
    expect([vals(a), vals(b), opt.steps]).toEqual(before);
    // The state (velocity, moments) did not move either: the next step is the one a twin takes.
    const twin = make();
    twin.opt.step([[0.5, 0.25], 0]);
    opt.step([[0.25, 0.5], 0]);
    twin.opt.step([[0.25, 0.5], 0]);
    expect([vals(a), vals(b), opt.steps]).toEqual([vals(twin.a), vals(twin.b), twin.opt.steps]);
  });

  it('sgd with lr 1e10 says which update overflowed and leaves every parameter as it was', () => {
    const a = tg.variable('a', [1, 2]), b = tg.variable('b', [3]);
    const opt = tg.nn.sgd([a, b], { lr: 1e10 });
    expect(() => opt.step([[1, 1], [1e300]])).toThrow(/^sgd\.step: the update of 'b' is not finite at flat index 0 \(3 would become -Infinity\); nothing was changed: lower the learning rate \(lr 10000000000\)/);
    expect([vals(a), vals(b), opt.steps]).toEqual([[1, 2], [3], 0]);
  });
});

