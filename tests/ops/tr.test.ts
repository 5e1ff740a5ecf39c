import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { apply } from '../../src/index.js';

describe('tr', () => {
  const tr = (x: tg.Operand) => apply(tg.ops.trOp, [x]);

  it('sums the diagonal; its gradient is the identity', () => {
    const x = tg.variable('X', [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(tr(x).value).toBe(15);
    expect((tg.grad(tr(x), x).value as tg.Tensor).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('gives tr(A B) the gradient Bᵀ with respect to A', () => {
    const A = tg.variable('A', [[1, 2], [3, 4]]), B = tg.variable('B', [[5, 6], [7, 8]]);
    expect((tg.grad(tr(tg.matmul(A, B)), A).value as tg.Tensor).toArray()).toEqual([[5, 7], [6, 8]]);
  });

  it('rejects a non-square matrix', () => {
    const f = () => tr(tg.variable('X', [[1, 2, 3], [4, 5, 6]]));
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('tr: needs a square matrix; got x [2, 3]');
    expect(() => tr(tg.variable('v', [1, 2]))).toThrow(tg.ShapeError);
  });
});
