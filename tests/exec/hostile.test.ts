import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

// Issue 14's reproducers in evaluation: nothing passed in is used unchecked, and deep and wide
// graphs go through value, grad, backward and compile without recursion.

describe('evaluate with a Map of bindings checks every binding, tensors too', () => {
  const x = tg.variable('x', 2), v = tg.variable('v', [1, 2, 3]);
  const y = x.mul(3).add(tg.sum(v));
  it('rejects a tensor of the wrong shape for a variable', () => {
    expect(() => tg.evaluate(y, new Map([[x, tg.tensor([1, 2, 3])]]))).toThrow(tg.ShapeError);
    expect(() => tg.evaluate(y, new Map([[x, tg.tensor([1, 2, 3])]]))).toThrow("evaluate: variable 'x' has shape []; got a value of shape [3]");
  });
  it('rejects a non-finite tensor', () => {
    expect(() => tg.evaluate(y, new Map([[v, tg.tensor([1, NaN, 3])]]))).toThrow(tg.ArgumentError);
    expect(() => tg.evaluate(y, new Map([[v, tg.tensor([1, NaN, 3])]]))).toThrow(/value of 'v': value is not finite at flat index 1; got NaN/);
  });
  it('rejects a key that is not a variable', () => {
    expect(() => tg.evaluate(y, new Map([[x.mul(2), tg.tensor(1)]]))).toThrow('evaluate: binding keys must be variables; got a mul node');
  });
  it('checks a value for a variable the graph does not use, and accepts a right one', () => {
    const z = tg.variable('z', 1);
    expect(() => tg.evaluate(y, new Map([[z, tg.tensor(NaN)]]))).toThrow(tg.ArgumentError);
    expect(tg.evaluate(y, new Map([[z, tg.tensor(5)], [x, tg.tensor(1)]]))).toEqual([9]);
  });
});

describe('a compiled function checks values for inputs the graph does not use', () => {
  it('scalar and tensor graphs alike', () => {
    const x = tg.variable('x', 1), z = tg.variable('z', 2);
    const f = tg.compile(x.mul(2), { inputs: [x, z] });
    expect(f(3, 4)).toBe(6);
    expect(() => f(3, NaN)).toThrow(/compiled function: value of 'z'.*not finite/);
    expect(() => f(3, [1, 2] as never)).toThrow(tg.ShapeError);
    const v = tg.variable('v', [1, 2]);
    const g = tg.compile(tg.sum(v), { inputs: [v, z] });
    expect(() => g([1, 2], NaN)).toThrow(tg.ArgumentError);
  });
});

describe('deep and wide graphs through value, grad, backward and compile', () => {
  it('a 10⁶-deep chain', () => {
    const x = tg.variable('x', 0.5);
    let y: tg.Node = x;
    for (let i = 0; i < 1_000_000; i++) y = y.mul(0.999999).add(1e-7);
    // y = x·c^n + a geometric sum; its derivative is c^n.
    const cn = Math.pow(0.999999, 1_000_000);
    expect(y.value as number).toBeCloseTo(0.5 * cn + 1e-7 * (1 - cn) / (1 - 0.999999), 6);
    const dx = tg.grad(y, x);
    expect(dx.value as number).toBeCloseTo(cn, 9);
    x.zeroGrad();
    y.backward();
    expect(x.grad as number).toBeCloseTo(cn, 9);
    expect(tg.compile([y, dx], { inputs: [x] })(0.5) as number[]).toEqual([y.value, dx.value]);
  }, 120_000);

  it('a 10⁵-wide sum', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => tg.variable(`x${i}`, i / 1e5));
    const s = xs.reduce((acc: tg.Node, x) => acc.add(x.mul(x)), tg.constant(0.5));
    const wide = tg.addN(xs);
    const grads = tg.grad(s.add(wide), xs);
    expect(grads.length).toBe(100_000);
    expect(grads[99_999]!.value as number).toBeCloseTo(2 * 0.99999 + 1, 12);
    expect(grads[0]!.value).toBe(1);
    expect(tg.compile(wide)() as number).toBeCloseTo((0.99999 * 100_000) / 2, 6);
  }, 120_000);

  it('compile with 10⁵ inputs (their positions in a Map: indexOf per input was quadratic)', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => tg.variable(`x${i}`, i));
    const f = tg.compile(tg.addN(xs.map((v) => v.mul(v))), { inputs: xs });
    expect(f.inputs.length).toBe(100_000);
    expect(f.apply(null, xs.map(() => 2))).toBe(400_000);
    expect(() => tg.compile(xs[0]!, { inputs: [...xs, xs[99_999]!] })).toThrow(/^compile: variable 'x99999' is listed twice in inputs$/);
  }, 120_000);
});
