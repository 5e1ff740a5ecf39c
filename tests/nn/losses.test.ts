import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const arr = (n: tg.Node) => Array.from(n.tensor.data);
const sigma = (v: number) => 1 / (1 + Math.exp(-v));

describe('mse', () => {
  it('is the mean of squared errors, with gradient 2(ŷ − y)/N', () => {
    const p = tg.variable('p', [[1], [2], [4]]);
    const loss = tg.nn.mse(p, [[0], [2], [1]]);
    expect(loss.value).toBeCloseTo((1 + 0 + 9) / 3, 14);
    expect(arr(tg.grad(loss, p))).toEqual([2 / 3, 0, 2].map((v) => expect.closeTo(v, 14)));
  });

  it('is gradient-checked', () => {
    const q = tg.variable('q', tg.randn([3, 2], { seed: 1 }));
    expect(tg.gradcheck(tg.nn.mse(q, tg.randn([3, 2], { seed: 2 })), [q]).ok).toBe(true);
  });

  it('takes a target [n] as a column for a prediction [n, 1], and rejects other shapes', () => {
    const p = tg.variable('p', [[1], [2]]);
    expect(tg.nn.mse(p, [1, 4]).value).toBe(2);
    expect(() => tg.nn.mse(p, [[1, 4]])).toThrow(tg.ShapeError);
    expect(() => tg.nn.mse(p, [[1, 4]])).toThrow('mse: the target must have the prediction\'s shape [2, 1] (or [2]); got [1, 2]');
    expect(() => tg.nn.mse(tg.variable('r', [1, 2, 3]), [1, 2])).toThrow('mse: the target must have the prediction\'s shape [3]; got [2]');
  });
});

describe('bce', () => {
  const y = [[1], [0], [1], [0]];
  const zs = [[2], [-1], [-0.5], [3]];
  const hand = zs.reduce((s, [z], i) => s - (y[i]![0]! * Math.log(sigma(z!)) + (1 - y[i]![0]!) * Math.log(1 - sigma(z!))), 0) / 4;

  it('from logits equals the textbook formula, with gradient (σ(z) − y)/N', () => {
    const z = tg.variable('z', zs);
    const loss = tg.nn.bce(z, y, { fromLogits: true });
    expect(loss.value).toBeCloseTo(hand, 13);
    expect(arr(tg.grad(loss, z))).toEqual(zs.map(([v], i) => expect.closeTo((sigma(v!) - y[i]![0]!) / 4, 14)));
    expect(tg.gradcheck(loss, [z]).ok).toBe(true);
  });

  it('from probabilities equals the same loss, and is gradient-checked', () => {
    const p = tg.variable('p', zs.map(([v]) => [sigma(v!)]));
    const loss = tg.nn.bce(p, y);
    expect(loss.value).toBeCloseTo(hand, 12);
    expect(tg.gradcheck(loss, [p]).ok).toBe(true);
    // ∂L/∂p = (p − y) / (N p (1 − p))
    expect(arr(tg.grad(loss, p))).toEqual(arr(p).map((v, i) => expect.closeTo((v - y[i]![0]!) / (4 * v * (1 - v)), 10)));
  });

  it('is stable for logits ±1000', () => {
    const z = tg.variable('z', [1000, -1000, 1000, -1000]);
    const loss = tg.nn.bce(z, [1, 0, 0, 1], { fromLogits: true });
    expect(loss.value).toBe(500);
    expect(arr(tg.grad(loss, z))).toEqual([0, 0, 0.25, -0.25]);
    const right = tg.nn.bce(z, [1, 0, 1, 0], { fromLogits: true });
    expect(right.value).toBe(0);
  });

  it('clamps probabilities 0 and 1 so the loss stays finite', () => {
    const p = tg.variable('p', [0, 1, 1, 0]);
    const loss = tg.nn.bce(p, [1, 0, 1, 0]);
    const v = loss.value as number;
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo((-Math.log(1e-7) - Math.log(1 - 1e-7)) / 2, 8);
    expect(arr(tg.grad(loss, p)).every(Number.isFinite)).toBe(true);
    expect(tg.nn.bce(p, [1, 0, 1, 0], { epsilon: 1e-3 }).value).toBeCloseTo((-Math.log(1e-3) - Math.log(1 - 1e-3)) / 2, 12);
  });

  it('rejects targets outside [0, 1] and bad options', () => {
    const z = tg.variable('z', [0, 0]);
    expect(() => tg.nn.bce(z, [1, 2])).toThrow('bce: targets are probabilities in [0, 1]; got 2 at flat index 1');
    expect(() => tg.nn.bce(z, [1, 0], { fromLogits: 'yes' as never })).toThrow('bce: fromLogits must be true or false');
    expect(() => tg.nn.bce(z, [1, 0], { logits: true } as never)).toThrow("bce: unknown option 'logits'; accepted: fromLogits, epsilon");
    expect(() => tg.nn.bce(z, [1, 0], { epsilon: 0 })).toThrow(tg.ArgumentError);
    expect(() => tg.nn.bce([0, 1] as never, [1, 0])).toThrow('bce: the prediction must be a Node');
  });
});

describe('softmaxCrossEntropy', () => {
  const logits = [[2, 1, -1], [0.5, 0.5, 3], [-2, 4, 0], [1, 1, 1]];
  const labels = [0, 2, 1, 1];

  it('equals −mean log softmax of the true class', () => {
    const z = tg.variable('z', logits);
    const hand = -logits.reduce((s, row, i) => s + row[labels[i]!]! - Math.log(row.reduce((a, v) => a + Math.exp(v), 0)), 0) / 4;
    expect(tg.nn.softmaxCrossEntropy(z, labels).value).toBeCloseTo(hand, 13);
  });

  it('gives the same loss and gradient for integer labels and one-hot labels', () => {
    const z = tg.variable('z', logits);
    const a = tg.nn.softmaxCrossEntropy(z, labels);
    const b = tg.nn.softmaxCrossEntropy(z, tg.nn.oneHot(labels, 3));
    const c = tg.nn.softmaxCrossEntropy(z, tg.variable('Y', tg.nn.oneHot(labels, 3)));
    expect(a.value).toBe(b.value);
    expect(a.value).toBe(c.value);
    expect(arr(tg.grad(a, z))).toEqual(arr(tg.grad(b, z)));
    expect(arr(tg.grad(a, z))).toEqual(arr(tg.grad(c, z)));
    // The same graph: integer labels become the same one-hot constant (a fresh leaf each time:
    // numbers from data are not interned), so the two print alike.
    expect(tg.toText(a)).toBe(tg.toText(b));
  });

  it('has gradient (softmax(z) − Y)/n and is gradient-checked', () => {
    const z = tg.variable('z', logits);
    const loss = tg.nn.softmaxCrossEntropy(z, labels);
    const expected = logits.flatMap((row, i) => {
      const s = row.reduce((a, v) => a + Math.exp(v), 0);
      return row.map((v, k) => (Math.exp(v) / s - (k === labels[i] ? 1 : 0)) / 4);
    });
    expect(arr(tg.grad(loss, z))).toEqual(expected.map((v) => expect.closeTo(v, 14)));
    expect(tg.gradcheck(loss, [z]).ok).toBe(true);
  });

  it('is stable for large logits', () => {
    const z = tg.variable('z', [[1000, -1000], [-1000, 1000]]);
    expect(tg.nn.softmaxCrossEntropy(z, [0, 0]).value).toBe(1000);
    expect(arr(tg.grad(tg.nn.softmaxCrossEntropy(z, [0, 0]), z))).toEqual([0, 0, -0.5, 0.5]);
  });

  it('takes the class axis from options', () => {
    const z = tg.variable('z', logits);
    const zt = tg.variable('zt', tg.transpose(tg.constant(logits)).tensor);
    const a = tg.nn.softmaxCrossEntropy(z, labels).value as number;
    expect(tg.nn.softmaxCrossEntropy(zt, labels, { axis: 0 }).value).toBeCloseTo(a, 14);
  });

  it('over a single class is constant and has a structurally zero gradient (the seed bug)', () => {
    const z = tg.variable('z', [[0.3], [-2], [5], [1]]);
    const loss = tg.nn.softmaxCrossEntropy(z, [[0], [1], [1], [0]]);
    expect(Math.abs(loss.value as number)).toBe(0);
    expect(tg.isZero(tg.grad(loss, z))).toBe(true);
  });

  it('rejects labels that fit neither form, out-of-range labels and node integer labels', () => {
    const z = tg.variable('z', logits);
    expect(() => tg.nn.softmaxCrossEntropy(z, [0, 1, 2])).toThrow('softmaxCrossEntropy: labels must be integer labels [4] or one-hot labels [4, 3] for logits [4, 3]; got [3]');
    expect(() => tg.nn.softmaxCrossEntropy(z, [0, 1, 3, 0])).toThrow('softmaxCrossEntropy: labels must be integers from 0 to 2 (3 classes); got 3 at index 2');
    expect(() => tg.nn.softmaxCrossEntropy(z, [0, 1, 0.5, 0])).toThrow(tg.ArgumentError);
    expect(() => tg.nn.softmaxCrossEntropy(z, tg.variable('y', [0, 1, 1, 0]))).toThrow('softmaxCrossEntropy: integer labels must be data (an array or a tensor), not a node');
    expect(() => tg.nn.softmaxCrossEntropy(tg.variable('s', 1), [0])).toThrow(tg.ShapeError);
    expect(() => tg.nn.softmaxCrossEntropy(z, labels, { axis: 2 })).toThrow('softmaxCrossEntropy: axis must be an integer from -2 to 1; got 2');
  });
});
