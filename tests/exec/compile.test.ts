/** The compile API: binding inputs, current values, outputs, errors, plan statistics. */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('tg.compile', () => {
  it('binds inputs by order and reads the other variables at each call', () => {
    const x = tg.variable('x', 2), y = tg.variable('y', 3), z = tg.variable('z', 10);
    const f = tg.compile([x.mul(y).add(z), ...tg.grad(x.mul(y).add(z), [x, y])], { inputs: [x, y] });
    expect(f.kind).toBe('scalar');
    expect(f(4, 5)).toEqual([30, 5, 4]);
    expect(f()).toEqual([16, 3, 2]);
    z.assign(0);
    expect(f(4, 5)).toEqual([20, 5, 4]);
    expect(x.value).toBe(2);
  });

  it('returns one value for one node, tensors for tensors', () => {
    const W = tg.variable('W', [[1, 2], [3, 4]]);
    const f = tg.compile(tg.matmul(W, W.T));
    expect(f.kind).toBe('tensor');
    expect((f() as tg.Tensor).toArray()).toEqual([[5, 11], [11, 25]]);
    const g = tg.compile(tg.matmul(W, W.T), { inputs: [W] });
    expect((g([[1, 0], [0, 2]]) as tg.Tensor).toArray()).toEqual([[1, 0], [0, 4]]);
    expect((g(tg.tensor([[0, 1], [1, 0]])) as tg.Tensor).toArray()).toEqual([[1, 0], [0, 1]]);
  });

  it('hands out fresh tensors that later calls never overwrite', () => {
    const x = tg.variable('x', [1, 2, 3]);
    const y = tg.tanh(x).mul(2);
    const f = tg.compile([y, y, x], { inputs: [x] });
    const [a, b, c] = f([1, 2, 3]) as tg.Tensor[];
    expect(a!.data).not.toBe(b!.data);
    const before = Array.from(a!.data);
    (c as tg.Tensor).data[0] = 99;
    f([4, 5, 6]);
    expect(Array.from(a!.data)).toEqual(before);
    expect(x.tensor.data[0]).toBe(1);
  });

  it('outputs that are leaves or views are copies', () => {
    const x = tg.variable('x', [1, 2, 3, 4]);
    const r = tg.reshape(tg.exp(x), [2, 2]);
    const out = tg.compile([x, r, tg.constant([5, 6])])() as tg.Tensor[];
    expect(out[0]!.data).not.toBe(x.tensor.data);
    expect(out[1]!.shape).toEqual([2, 2]);
    expect(out[2]!.toArray()).toEqual([5, 6]);
  });

  it('rejects wrong arguments with messages that say what is accepted', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', [1, 2]);
    const out = tg.sum(y.mul(x));
    expect(() => tg.compile([])).toThrow(tg.ArgumentError);
    expect(() => tg.compile([1 as unknown as tg.Node])).toThrow(/outputs must be a Node/);
    expect(() => tg.compile(out, { inputs: [out] })).toThrow(/inputs must be variables; input 0 is a sum node/);
    expect(() => tg.compile(out, { inputs: [x, x] })).toThrow(/'x' is listed twice/);
    expect(() => tg.compile(out, { input: [x] } as unknown as tg.CompileOptions)).toThrow(/unknown option 'input'; accepted: inputs/);
    const f = tg.compile(out, { inputs: [x, y] });
    expect(() => f(1)).toThrow(/takes 2 values \(x, y\), or none to use the current values; got 1/);
    expect(() => f(1, [1, 2, 3])).toThrow(tg.ShapeError);
    expect(() => f(1, [1, 2, 3])).toThrow(/value of 'y': the variable has shape \[2\]; got a value of shape \[3\]/);
    expect(() => f(NaN, [1, 2])).toThrow(/not finite/);
    expect(() => f(1, tg.tensor([Infinity, 1]))).toThrow(/not finite at flat index 0/);
    const s = tg.compile(x.mul(2), { inputs: [x] });
    expect(() => s(Infinity)).toThrow(tg.ArgumentError);
    expect(() => s([1, 2])).toThrow(/shape \[\]; got a value of shape \[2\]/);
  });

  it('reports a variable without a value as evaluate does', () => {
    const x = tg.variable('x');
    const f = tg.compile(tg.sin(x));
    expect(() => f()).toThrow(/variable 'x' has no value; assign one/);
    expect(f.variables).toEqual([x]);
  });

  it('calls user ops through their own kernels', () => {
    const twice: tg.OpDef = {
      name: 'twice', arity: 1, elementwise: true, shape: ([s]) => s!,
      forward: ([x]) => tg.tensor(x!.data.map((v) => 2 * v), x!.shape),
      vjp: ({ dy }) => [tg.mul(dy, 2)],
      latex: (c) => ({ s: `2 ${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }),
      text: (c) => ({ s: `2·${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }),
    };
    const x = tg.variable('x', 3), v = tg.variable('v', [1, 2]);
    expect(tg.compile(tg.sin(tg.apply(twice, [x])), { inputs: [x] })(0.25)).toBe(Math.sin(0.5));
    expect((tg.compile(tg.apply(twice, [v.add(1)]))() as tg.Tensor).toArray()).toEqual([4, 6]);
  });

  it('copies what a user op hands back from its inputs, so buffers stay private', () => {
    // An op that returns a view of its input's memory (legal: forward must not mutate, may share).
    const firstRow: tg.OpDef = {
      name: 'firstRow', arity: 1, shape: ([s]) => [s![1]!], forward: ([x]) => new tg.Tensor([x!.shape[1]!], x!.data.subarray(0, x!.shape[1]!)),
      latex: (c) => ({ s: c.arg(0, tg.Prec.Atom), prec: tg.Prec.Atom }), text: (c) => ({ s: c.arg(0, tg.Prec.Atom), prec: tg.Prec.Atom }),
    };
    const x = tg.variable('x', [[1, 2], [3, 4]]);
    const r = tg.apply(firstRow, [tg.exp(x)]);
    const y = tg.sin(r).mul(r); // reads r after other steps have run
    const z = tg.tanh(tg.exp(x).mul(2)); // competes for the pooled buffer of exp(x)
    const f = tg.compile([y, z, r]);
    const [yv, , rv] = f() as tg.Tensor[];
    expect(Array.from(rv!.data)).toEqual([Math.exp(1), Math.exp(2)]);
    expect(Array.from(yv!.data)).toEqual([Math.sin(Math.exp(1)) * Math.exp(1), Math.sin(Math.exp(2)) * Math.exp(2)]);
    expect(rv!.data.buffer).not.toBe(x.tensor.data.buffer);
  });

  it('reads a matrix transposed in place instead of materialising it', () => {
    const A = tg.variable('A', tg.randn([4, 3], { seed: 1 })), B = tg.variable('B', tg.randn([4, 5], { seed: 2 }));
    const y = tg.matmul(A.T, B); // Aᵀ B
    const f = tg.compile(y);
    expect(f.stats.steps).toBe(1);
    const want = tg.matmul(tg.constant(tg.tensor(A.tensor)).T, tg.constant(tg.tensor(B.tensor))).tensor;
    expect(Array.from((f() as tg.Tensor).data)).toEqual(Array.from(want.data));
  });

  it('fuses a chain of elementwise ops into one loop', () => {
    const x = tg.variable('x', tg.randn([10], { seed: 3 }));
    const y = tg.sigmoid(tg.tanh(x.mul(3).add(1)).sub(x)).mul(x);
    const f = tg.compile(y);
    expect(f.stats.steps).toBe(1);
    expect(f.stats.fused).toBe(5);
  });
});
