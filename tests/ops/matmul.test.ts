import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { structuralConstant } from '../../src/core/node.js';
import { checkOpGradient, Rng, uniformTensor } from '../helpers/numeric.js';
import { reachable } from '../helpers/graph.js';

const A = [[1, 2, 3], [4, 5, 6]];

/** Reference batched matmul on nested loops, with NumPy broadcasting of the batch axes. */
function naiveMatmul(a: tg.Tensor, b: tg.Tensor): { shape: number[]; data: number[] } {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1]!;
  const ba = a.shape.slice(0, -2), bb = b.shape.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const pad = (s: readonly number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  const pa = pad(ba), pb = pad(bb);
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const count = batch.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let t = 0; t < count; t++) {
    let rem = t, offA = 0, offB = 0, strideA = 1, strideB = 1;
    for (let i = rank - 1; i >= 0; i--) {
      const idx = rem % batch[i]!;
      rem = Math.floor(rem / batch[i]!);
      offA += (pa[i] === 1 ? 0 : idx) * strideA;
      offB += (pb[i] === 1 ? 0 : idx) * strideB;
      strideA *= pa[i]!;
      strideB *= pb[i]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a.data[offA * m * k + i * k + q]! * b.data[offB * k * n + q * n + j]!;
        data.push(s);
      }
    }
  }
  return { shape: [...batch, m, n], data };
}

describe('matmul: NumPy semantics', () => {
  it('2-D × 2-D is the matrix product', () => {
    const y = tg.matmul(tg.constant(A), tg.constant([[1, 0], [0, 1], [1, 1]]));
    expect(y.shape).toEqual([2, 2]);
    expect((y.value as tg.Tensor).toArray()).toEqual([[4, 5], [10, 11]]);
  });

  it('1-D × 2-D treats the vector as a row and drops the added axis', () => {
    const y = tg.matmul(tg.constant([1, 1]), tg.constant(A));
    expect(y.shape).toEqual([3]);
    expect((y.value as tg.Tensor).toArray()).toEqual([5, 7, 9]);
  });

  it('2-D × 1-D treats the vector as a column and drops the added axis', () => {
    const y = tg.matmul(tg.constant(A), tg.constant([1, 1, 1]));
    expect(y.shape).toEqual([2]);
    expect((y.value as tg.Tensor).toArray()).toEqual([6, 15]);
  });

  it('1-D × 1-D is the inner product, a scalar', () => {
    const y = tg.matmul(tg.constant([1, 2, 3]), tg.constant([4, 5, 6]));
    expect(y.shape).toEqual([]);
    expect(y.value).toBe(32);
  });

  it.each([
    [[2, 2, 3], [3, 4], [2, 2, 4]],
    [[2, 1, 2, 3], [3, 3, 2], [2, 3, 2, 2]],
    [[1, 2, 3], [4, 3, 2], [4, 2, 2]],
    [[3], [2, 3, 4], [2, 4]],
    [[2, 3, 4], [4], [2, 3]],
  ])('batched %j × %j broadcasts to %j', (sa, sb, out) => {
    const rng = new Rng(7);
    const a = uniformTensor(rng, sa), b = uniformTensor(rng, sb);
    const y = tg.matmul(tg.constant(a), tg.constant(b));
    expect(y.shape).toEqual(out);
    const pa = sa.length === 1 ? tg.tensor(a.data, [1, sa[0]!]) : a;
    const pb = sb.length === 1 ? tg.tensor(b.data, [sb[0]!, 1]) : b;
    const want = naiveMatmul(pa, pb);
    const got = Array.from((y.value as tg.Tensor).data);
    expect(got.length).toBe(want.data.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want.data[i]!, 12));
  });

  it('gradients of 1-D operands keep their 1-D shapes', () => {
    const u = tg.variable('u', [1, 2, 3]), M = tg.variable('M', A), v = tg.variable('v', [1, -1]);
    const y = tg.matmul(v, tg.matmul(M, u));
    const [du, dM, dv] = tg.grad(y, [u, M, v]);
    expect(du!.shape).toEqual([3]);
    expect(dM!.shape).toEqual([2, 3]);
    expect(dv!.shape).toEqual([2]);
    // y = vᵀ M u: ∂y/∂u = Mᵀ v, ∂y/∂M = v uᵀ, ∂y/∂v = M u
    expect((du!.value as tg.Tensor).toArray()).toEqual([-3, -3, -3]);
    expect((dM!.value as tg.Tensor).toArray()).toEqual([[1, 2, 3], [-1, -2, -3]]);
    expect((dv!.value as tg.Tensor).toArray()).toEqual([14, 32]);
  });

  it('the gradient sums over broadcast batch axes', () => {
    for (const order of [1, 2] as const) {
      for (const r of checkOpGradient(tg.ops.matmulOp, { shapes: [[1, 2, 3], [4, 3, 2]] }, order, 11)) {
        expect(r.comparison.ok, r.comparison.message).toBe(true);
      }
    }
  });

  it('the method form and .T agree with the free functions', () => {
    const M = tg.variable('M', A);
    expect(M.matmul(M.T)).toBe(tg.matmul(M, tg.transpose(M)));
    expect((M.matmul(M.T).value as tg.Tensor).toArray()).toEqual([[14, 32], [32, 77]]);
  });
});

describe('matmul: a basis vector picks a column or a row', () => {
  const M = tg.variable('M', tg.randn([4, 5], { seed: 3 })), B = tg.variable('B', tg.randn([2, 4, 5], { seed: 4 }));
  // The seeds of Hessian and Jacobian rows: structural constants (their value is part of the
  // graph's structure). The same numbers given as data keep the product (see below).
  const basis = (n: number, i: number, shape: number[] = [n]) => {
    const t = tg.zeros(shape);
    t.data[i] = 1;
    return structuralConstant(t);
  };
  const same = (got: tg.Node, want: tg.Tensor) => {
    expect(got.shape).toEqual(want.shape);
    expect(Array.from((got.value as tg.Tensor).data)).toEqual(Array.from(want.data));
  };

  it('builds a take instead of a product, with the value and shape of the product', () => {
    const col = tg.matmul(M, basis(5, 2));
    expect(col.op).toBe(tg.ops.takeOp);
    expect(tg.toText(col)).toBe('M[:, 2]');
    same(col, tg.tensor(Array.from({ length: 4 }, (_, r) => M.tensor.data[r * 5 + 2]!), [4]));
    // A one-column seed keeps its axis; a batch of matrices gives a batch of columns.
    same(tg.matmul(M, basis(5, 4, [5, 1])), tg.tensor(Array.from({ length: 4 }, (_, r) => M.tensor.data[r * 5 + 4]!), [4, 1]));
    const batched = tg.matmul(B, basis(5, 0));
    expect(batched.shape).toEqual([2, 4]);
    same(batched, tg.tensor(Array.from({ length: 8 }, (_, r) => B.tensor.data[r * 5]!), [2, 4]));
    // On the left: a row.
    const row = tg.matmul(basis(4, 1), M);
    expect(row.op).toBe(tg.ops.takeOp);
    same(row, tg.tensor(Array.from(M.tensor.data.slice(5, 10)), [5]));
    same(tg.matmul(basis(4, 3, [1, 4]), M), tg.tensor(Array.from(M.tensor.data.slice(15, 20)), [1, 5]));
  });

  it('keeps the product for anything else: a lone 1, data, other constants, named constants, variables', () => {
    const v = tg.variable('v', [1, 0, 0, 0, 0]);
    // A basis vector given as data is data: no rewrite looks at the values of data.
    const data = tg.constant([0, 0, 1, 0, 0]);
    expect(tg.matmul(M, data).op).toBe(tg.ops.matmulOp);
    for (const b of [structuralConstant(tg.tensor([0, 2, 0, 0, 0])), structuralConstant(tg.tensor([1, 1, 0, 0, 0])), tg.constant([0, 0, 0, 0, 0]).add(tg.constant([0, 0, 1, 0, 0])).as('e'), v]) {
      expect(tg.matmul(M, b).op).toBe(tg.ops.matmulOp);
    }
    const one = tg.matmul(tg.variable('c', [[2], [3]]), tg.constant([1]));
    expect(one.op).toBe(tg.ops.matmulOp);
  });

  it('has the gradient of the product (central differences), and Hessian rows use it', () => {
    expect(tg.gradcheck(tg.sum(tg.mul(tg.matmul(M, basis(5, 1)), tg.constant([1, -2, 3, 0.5]))), [M]).ok).toBe(true);
    const A = tg.variable('A', tg.randn([6, 6], { seed: 5 })), x = tg.variable('x', tg.randn([6], { seed: 6 }));
    const H = tg.hessian(tg.logSumExp(tg.matmul(A, x)), x);
    const products = [...reachable([H])].filter((n) => n.op === tg.ops.matmulOp && n.inputs.some((c) => c.isConstant));
    expect(products).toEqual([]);
    expect(tg.gradcheck(tg.sum(tg.mul(tg.grad(tg.logSumExp(tg.matmul(A, x)), x), tg.constant([1, 2, 3, 4, 5, 6]))), [x]).ok).toBe(true);
  });
});

describe('matmul: errors', () => {
  it('names both shapes when the inner dimensions differ', () => {
    const a = tg.variable('a', tg.zeros([2, 3])), b = tg.variable('b', tg.zeros([4, 5]));
    expect(() => tg.matmul(a, b)).toThrow(tg.ShapeError);
    expect(() => tg.matmul(a, b)).toThrow('matmul: inner dimensions differ; got a [2, 3] and b [4, 5]');
  });

  it('names the vector shapes too', () => {
    expect(() => tg.matmul(tg.variable('a', tg.zeros([3])), tg.variable('b', tg.zeros([4])))).toThrow('matmul: inner dimensions differ; got a [3] and b [4]');
  });

  it('rejects batch axes that do not broadcast', () => {
    const f = () => tg.matmul(tg.variable('a', tg.zeros([2, 2, 3])), tg.variable('b', tg.zeros([3, 3, 4])));
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow(/matmul.*do not broadcast.*\[2\].*\[3\]/);
  });

  it('rejects scalars and points to mul', () => {
    const f = () => tg.matmul(tg.variable('a', 2), tg.variable('b', tg.zeros([3])));
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('matmul: operands need at least 1 axis (use mul for scalars); got a [] and b [3]');
  });
});
