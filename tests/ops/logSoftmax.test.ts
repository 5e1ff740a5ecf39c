import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';

const arr = (n: tg.Node) => Array.from(flat(n));

describe('logSoftmax', () => {
  it('equals log(softmax(x)) on moderate inputs', () => {
    const x = tg.constant([[0.5, -1, 2], [3, 3, -3]]);
    const a = arr(tg.logSoftmax(x)), b = arr(tg.softmax(x)).map(Math.log);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 13));
  });

  it('is stable where log(softmax(x)) underflows', () => {
    expect(arr(tg.logSoftmax(tg.constant([1000, 0])))).toEqual([0, -1000]);
    const v = arr(tg.logSoftmax(tg.constant([-1000, -1001])));
    expect(v[0]).toBeCloseTo(-Math.log1p(Math.exp(-1)), 13);
    expect(v[1]).toBeCloseTo(-1 - Math.log1p(Math.exp(-1)), 13);
  });

  it('has a finite gradient where softmax saturates', () => {
    const x = tg.variable('x', [1000, 0]);
    const g = arr(tg.grad(tg.sum(tg.mul(tg.logSoftmax(x), tg.constant([1, 2]))), x));
    // dy − softmax(x) Σ dy = [1, 2] − [1, 0]·3
    expect(g).toEqual([-2, 2]);
  });

  it('over an axis of length 1 is 0, and its gradient is structurally zero', () => {
    const x = tg.variable('x', [[5, -2, 1]]);
    const y = tg.logSoftmax(x, 0);
    expect(arr(y)).toEqual([0, 0, 0]);
    expect(tg.isZero(tg.grad(tg.sum(tg.mul(y, tg.constant([[1, 2, 3]]))), x))).toBe(true);
  });

  it('rejects a scalar', () => {
    expect(() => tg.logSoftmax(tg.variable('x', 1))).toThrow(tg.ShapeError);
    expect(() => tg.logSoftmax(tg.variable('x', 1))).toThrow('logSoftmax: needs at least 1 axis; got a scalar []');
  });
});
