import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

describe('norm', () => {
  it('is the Euclidean norm of a vector and the Frobenius norm of a matrix', () => {
    expect(tg.norm(tg.constant([3, 4])).value).toBe(5);
    expect(tg.norm(tg.constant([[1, 2], [2, 4]])).value).toBe(5);
    expect(tg.norm(tg.constant([[1, 2], [2, 4]])).shape).toEqual([]);
  });

  it('is |x| on a scalar and 0 on zeros', () => {
    expect(tg.norm(tg.variable('x', -3)).value).toBe(3);
    expect(tg.norm(tg.constant([0, 0, 0])).value).toBe(0);
  });

  it('neither overflows nor underflows', () => {
    expect(tg.norm(tg.constant([3e200, 4e200])).value).toBeCloseTo(5e200, -186);
    expect((tg.norm(tg.constant([3e200, 4e200])).value as number) / 5e200).toBeCloseTo(1, 14);
    expect((tg.norm(tg.constant([3e-200, 4e-200])).value as number) / 5e-200).toBeCloseTo(1, 14);
  });

  it('has gradient x / ‖x‖, printed with the norm', () => {
    const x = tg.variable('x', [3, 4]);
    const g = tg.grad(tg.norm(x), x);
    expect(Array.from(flat(g))).toEqual([0.6, 0.8]);
    expect(tg.toText(g)).toContain('‖x‖');
    expect(tg.toLatex(g)).toContain('\\lVert');
  });

  it('has gradient x / ‖x‖ for a matrix, in its shape', () => {
    const x = tg.variable('x', [[1, 2], [2, 4]]);
    const g = tg.grad(tg.norm(x), x);
    expect(g.shape).toEqual([2, 2]);
    expect(Array.from(flat(g))).toEqual([0.2, 0.4, 0.4, 0.8]);
  });
});
