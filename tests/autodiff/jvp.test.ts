import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { allClose, flat, numericJvp } from '../helpers/graph.js';

interface Case {
  name: string;
  build: () => { y: tg.Node; xs: tg.Node[] };
}

const cases: Case[] = [
  {
    name: 'elementwise (sin, exp, tanh, sigmoid, div, pow, broadcasting)',
    build: () => {
      const x = tg.variable('x', tg.randn([3, 2], { seed: 1 })), b = tg.variable('b', tg.randn([2], { seed: 2 }));
      const y = tg.sin(x).mul(tg.exp(b)).add(tg.tanh(x.mul(b))).sub(tg.sigmoid(x).pow(3)).div(tg.add(1.5, b.pow(2)));
      return { y, xs: [x, b] };
    },
  },
  {
    name: 'linear (transpose, reshape, sum, mean, neg, broadcastTo)',
    build: () => {
      const A = tg.variable('A', tg.randn([2, 3], { seed: 3 })), v = tg.variable('v', tg.randn([3], { seed: 4 }));
      const y = tg.neg(tg.sum(A.T, 1)).add(tg.mean(tg.reshape(A, [3, 2]), 1)).sub(tg.sum(tg.broadcastTo(v, [2, 3]), 0));
      return { y, xs: [A, v] };
    },
  },
  {
    name: 'matmul (2-D, matrix-vector, batched)',
    build: () => {
      const A = tg.variable('A', tg.randn([3, 4], { seed: 5 })), B = tg.variable('B', tg.randn([4, 2], { seed: 6 }));
      const v = tg.variable('v', tg.randn([2], { seed: 7 })), T = tg.variable('T', tg.randn([2, 3, 3], { seed: 8 }));
      const y = tg.tanh(tg.matmul(tg.matmul(A, B), v)).add(tg.sum(tg.matmul(T, A), [0, 2]));
      return { y, xs: [A, B, v, T] };
    },
  },
];

describe('jvp against central differences', () => {
  it.each(cases)('$name', ({ build }) => {
    const { y, xs } = build();
    const dxs = xs.map((x, i) => tg.randn(x.shape, { seed: 100 + i }));
    const t = tg.jvp(y, xs, dxs);
    expect(t.shape).toEqual(y.shape);
    expect(allClose(flat(t.value), numericJvp(y, xs, dxs), 1e-8, 1e-6)).toBe(true);
    // only one input carrying a tangent
    const t0 = tg.jvp(y, [xs[0]!], [dxs[0]!]);
    expect(allClose(flat(t0.value), numericJvp(y, [xs[0]!], [dxs[0]!]), 1e-8, 1e-6)).toBe(true);
  });

  it.each(cases)('$name: jvp agrees with the vector-Jacobian product (uᵀ J dx = (Jᵀu)ᵀ dx)', ({ build }) => {
    const { y, xs } = build();
    const dxs = xs.map((x, i) => tg.randn(x.shape, { seed: 200 + i }));
    const u = tg.randn(y.shape, { seed: 300 });
    const lhs = flat(tg.jvp(y, xs, dxs).value).reduce((s, v, i) => s + v * u.data[i]!, 0);
    const vjps = tg.grad(y, xs, tg.constant(u));
    const rhs = vjps.reduce((s, g, k) => s + flat(g.value).reduce((a, v, i) => a + v * dxs[k]!.data[i]!, 0), 0);
    expect(lhs).toBeCloseTo(rhs, 10);
  });
});

describe('jvp on scalars', () => {
  it('with dx = 1 equals grad', () => {
    const x = tg.variable('x', 0.8), w = tg.variable('w', -1.1);
    const ys = [
      tg.sin(x).mul(tg.exp(x.mul(w))),
      tg.softplus(x.pow(3)).sub(tg.cos(x)).div(tg.add(1.5, x.pow(2))),
      tg.sigmoid(tg.tanh(x).mul(w)).mul(x),
      tg.sqrt(x.mul(x).add(1)).add(tg.log(x.add(2))),
    ];
    for (const y of ys) {
      const j = tg.jvp(y, [x], [1]);
      expect(j.value).toBeCloseTo(tg.grad(y, x).value as number, 14);
      x.assign(-0.3);
      expect(j.value).toBeCloseTo(tg.grad(y, x).value as number, 14);
      x.assign(0.8);
    }
  });

  it('scales with the tangent and is zero without dependence', () => {
    const x = tg.variable('x', 2), z = tg.variable('z', 5);
    expect(tg.jvp(x.mul(x), [x], [3]).value).toBe(12);
    const j = tg.jvp(tg.sin(z), [x], [1]);
    expect(tg.isZero(j)).toBe(true);
    expect(j.value).toBe(0);
  });

  it('is a graph: it can be differentiated again', () => {
    const x = tg.variable('x', 0.6);
    const j = tg.jvp(x.pow(4), [x], [1]);
    expect(tg.grad(j, x).value).toBeCloseTo(12 * 0.36, 13);
    expect(tg.jvp(j, [x], [1]).value).toBeCloseTo(12 * 0.36, 13);
  });

  it('checks the tangents', () => {
    const x = tg.variable('x', [1, 2]);
    expect(() => tg.jvp(x.mul(x), [x], [[1, 2, 3]])).toThrow(tg.ShapeError);
    expect(() => tg.jvp(x.mul(x), [x], [])).toThrow(tg.ArgumentError);
  });
});
