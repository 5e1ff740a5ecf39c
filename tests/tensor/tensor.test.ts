/**
 * Tensors from hostile and edge input (issue 14): every path that takes a shape checks it,
 * holes in arrays are refused, sizes beyond what a tensor holds are typed errors (never a raw
 * RangeError), and deeply nested arrays convert without recursion.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { MAX_ELEMENTS } from '../../src/tensor/shape.js';

describe('shapes are checked on every path', () => {
  it.each([
    ['negative', [-1, -2]],
    ['fractional', [0.5, 4]],
    ['NaN', [NaN]],
    ['a string', ['2'] as never],
  ])('rejects a %s shape', (_what, shape) => {
    const data = [1, 2];
    expect(() => tg.tensor(data, shape as number[])).toThrow(tg.ArgumentError);
    expect(() => tg.tensor(tg.tensor(data), shape as number[])).toThrow(/a shape is an array of non-negative integers/);
    expect(() => tg.tensor(Float64Array.of(1, 2), shape as number[])).toThrow(tg.ArgumentError);
    expect(() => new tg.Tensor(shape as number[], Float64Array.of(1, 2))).toThrow(tg.ArgumentError);
    expect(() => tg.zeros(shape as number[])).toThrow(tg.ArgumentError);
  });

  it('still reshapes data given with a valid shape', () => {
    expect(tg.tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tg.tensor(Float64Array.of(1, 2, 3, 4), [4, 1]).shape).toEqual([4, 1]);
  });
});

describe('arrays with holes', () => {
  it('refuses [1, , 3] instead of reading it as [1, 3, 0]', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tg.tensor([1, , 3] as number[])).toThrow(/element at \[1\] is an empty slot/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tg.tensor([[1, 2], [3, , ]] as number[][])).toThrow(/ragged|empty slot/);
    expect(() => tg.tensor(new Array(3) as number[])).toThrow(/empty slot/);
    expect(() => tg.variable('x', [1, , 3] as number[])).toThrow(tg.ArgumentError);
  });
});

describe('sizes beyond one tensor are typed errors', () => {
  it.each([
    ['zeros', () => tg.zeros([1e6, 1e6])],
    ['ones', () => tg.ones([1e6, 1e6])],
    ['full', () => tg.full([1e6, 1e6], 2)],
    ['eye', () => tg.eye(1e6)],
    ['rand', () => tg.rand([1e6, 1e6])],
    ['randn', () => tg.randn([1e6, 1e6])],
  ])('%s([1e6, 1e6])', (name, make) => {
    let e: unknown;
    try {
      make();
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toMatch(new RegExp(`^${name}: a tensor of shape \\[1000000, 1000000\\] would have 1e12 elements; at most 4,294,967,295 fit in one tensor$`));
  });

  it('an op whose result would be too large says so', () => {
    const a = tg.constant(tg.zeros([100_000, 1])), b = tg.constant(tg.zeros([1, 100_000]));
    expect(() => tg.matmul(a, b)).toThrow(/^matmul: a tensor of shape \[100000, 100000\] would have 1e10 elements/);
    expect(() => tg.add(a, b)).toThrow(tg.ArgumentError);
  });

  it('the limit is V8s', () => {
    expect(MAX_ELEMENTS).toBe(2 ** 32 - 1);
  });

  it('eye needs a non-negative integer', () => {
    expect(() => tg.eye(-1)).toThrow(/eye: n is a non-negative integer; got -1/);
    expect(() => tg.eye(2.5)).toThrow(tg.ArgumentError);
  });
});

describe('deep nesting', () => {
  it('converts arrays nested 100,000 levels deep, and back', () => {
    let v: unknown = 7;
    for (let i = 0; i < 100_000; i++) v = [v];
    const t = tg.tensor(v as number[]);
    expect(t.rank).toBe(100_000);
    expect(t.size).toBe(1);
    let back = t.toArray();
    let depth = 0;
    while (Array.isArray(back)) [back, depth] = [back[0]!, depth + 1];
    expect([depth, back]).toEqual([100_000, 7]);
  });

  it('toArray keeps empty axes', () => {
    expect(tg.zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(tg.zeros([0, 2]).toArray()).toEqual([]);
    expect(tg.tensor([[1, 2, 3], [4, 5, 6]]).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
});

describe('random tensors check their options', () => {
  it.each([
    ['rand', { seed: -1 }, /^rand: seed must be an integer from 0 to 4294967295 \(2³² − 1\); got -1$/],
    ['rand', { seed: 1.5 }, /^rand: seed must be an integer from 0 to 4294967295/],
    ['rand', { seed: 2 ** 32 }, /^rand: seed must be an integer from 0 to 4294967295/],
    ['rand', { low: NaN }, /^rand: low must be a finite number; got NaN$/],
    ['rand', { low: 2, high: 1 }, /^rand: high must be a finite number ≥ 2; got 1$/],
    ['randn', { seed: NaN }, /^randn: seed must be an integer from 0 to 4294967295/],
    ['randn', { std: -1 }, /^randn: std must be a finite number ≥ 0; got -1$/],
    ['randn', { mean: Infinity }, /^randn: mean must be a finite number; got Infinity$/],
  ] as const)('%s(%j) is an ArgumentError', (name, options, message) => {
    const make = name === 'rand' ? tg.rand : tg.randn;
    let e: unknown;
    try {
      make([3], options as never);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toMatch(message);
  });

  it('gives every seed up to 2³² − 1 its own stream', () => {
    // Every accepted seed has its own stream (1.5 and 2³², which repeated 1's and 0's, are refused above).
    const first = (seed: number) => tg.rand([4], { seed }).toArray();
    expect(first(2 ** 32 - 1)).not.toEqual(first(0));
    expect(first(2 ** 31)).not.toEqual(first(0));
    expect(first(7)).toEqual(first(7));
    expect(tg.rand([1000], { low: -2, high: -2 }).data.every((v) => v === -2)).toBe(true);
  });
});
