import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

/** `x²` with a deliberately wrong rule: `3 x dy` instead of `2 x dy`. */
const badSquareOp: tg.OpDef = {
  name: 'badSquare',
  arity: 1,
  elementwise: true,
  shape: ([s]) => s!,
  forward: ([x]) => tg.tensor(Float64Array.from(x!.data, (v) => v * v), x!.shape),
  vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.mul(3, x!))],
  latex: (c) => ({ s: `${c.arg(0, tg.Prec.Atom)}^{2}`, prec: tg.Prec.Power }),
  text: (c) => ({ s: `${c.arg(0, tg.Prec.Atom)}²`, prec: tg.Prec.Power }),
};
const badSquare = (x: tg.Operand) => tg.apply(badSquareOp, [x]);

describe('gradcheck passes on correct gradients', () => {
  it('full mode, function form, scalars and tensors', () => {
    const r = tg.gradcheck((x, W) => tg.sum(tg.tanh(tg.matmul(W, x)).mul(tg.sin(x.sum()))), [[0.3, -0.2, 0.9], tg.randn([2, 3], { seed: 1 }).toArray()]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.inputs.map((i) => i.checked)).toEqual([3, 6]);
    expect(r.inputs.map((i) => i.input)).toEqual(['x', 'W']);
    for (const i of r.inputs) expect(i.maxAbsError).toBeLessThan(1e-6);
    expect(tg.gradcheck((x) => tg.sin(x).mul(x), [0.5]).ok).toBe(true);
  });

  it('node form with variables, non-scalar output (projected)', () => {
    const a = tg.variable('a', tg.randn([2, 3], { seed: 2 })), b = tg.variable('b', tg.randn([3], { seed: 3 }));
    const y = tg.sigmoid(a.mul(b)).add(tg.softplus(b));
    const r = tg.gradcheck(y, [a, b]);
    expect(r.ok).toBe(true);
    expect(r.inputs.map((i) => i.input)).toEqual(['a', 'b']);
  });

  it('fast mode (random directions)', () => {
    const a = tg.variable('a', tg.randn([4, 3], { seed: 4 })), b = tg.variable('b', tg.randn([3], { seed: 5 }));
    const y = tg.sum(tg.exp(tg.tanh(a).mul(b)));
    const r = tg.gradcheck(y, [a, b], { mode: 'fast', directions: 5, seed: 9 });
    expect(r.ok).toBe(true);
    expect(r.inputs).toHaveLength(5);
  });

  it('rejects unknown options, listing the accepted ones', () => {
    expect(() => tg.gradcheck((x) => x.mul(x), [1], { tolerance: 1 } as unknown as tg.GradcheckOptions)).toThrow(/unknown option 'tolerance'; accepted: atol, rtol/);
    expect(() => tg.gradcheck((x) => x.mul(x), [1], { mode: 'slow' as 'fast' })).toThrow(tg.ArgumentError);
  });
});

describe('gradcheck catches a wrong rule', () => {
  it('throws GradientCheckError with the worst element, both values and the tolerances', () => {
    const x = tg.variable('x', [0.5, -2, 1]);
    const y = tg.sum(badSquare(x));
    let err: unknown;
    try {
      tg.gradcheck(y, [x]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(tg.GradientCheckError);
    const e = err as tg.GradientCheckError;
    const d = e.details;
    expect(d.input).toBe('x');
    expect(d.index).toBe(1); // |3x − 2x| = |x| is largest at x = −2
    expect(d.analytic).toBeCloseTo(-6, 12);
    expect(d.numeric).toBeCloseTo(-4, 6);
    expect(d.absError).toBeCloseTo(2, 6);
    expect(d.relError).toBeCloseTo(2 / 6, 6);
    expect(d.atol).toBe(1e-6);
    expect(d.rtol).toBe(1e-5);
    expect(e.message).toMatch(/'x'/);
    expect(e.message).toMatch(/index 1/);
    // the message says which value is which: the number after "analytic" is the engine's,
    // the number after "numeric" the finite-difference estimate
    const num = (label: string) => Number(new RegExp(`${label}[^-\\d]*(-?\\d[\\d.e+-]*)`).exec(e.message)?.[1]);
    expect(num('analytic')).toBeCloseTo(-6, 10);
    expect(num('numeric')).toBeCloseTo(-4, 6);
    expect(e.message).toMatch(/atol 0\.000001|atol 1e-6/);
  });

  it('with throwOnFailure: false reports the failure; the function form names the parameter', () => {
    const r = tg.gradcheck((w) => tg.sum(badSquare(w).mul(w)), [[1, 3]], { throwOnFailure: false, atol: 1e-3, rtol: 1e-3 });
    expect(r.ok).toBe(false);
    expect(r.failure).toBeInstanceOf(tg.GradientCheckError);
    expect(r.failure!.details.input).toBe('w');
    expect(r.failure!.details.index).toBe(1);
    expect(r.failure!.details.atol).toBe(1e-3);
    // d/dw w³ = 3w²: analytic (3w·w + w²) = 4w² = 36, numeric 27
    expect(r.failure!.details.analytic).toBeCloseTo(36, 10);
    expect(r.failure!.details.numeric).toBeCloseTo(27, 4);
  });

  it('fast mode catches it too', () => {
    const x = tg.variable('x', [0.5, -2, 1]);
    expect(() => tg.gradcheck(tg.sum(badSquare(x)), [x], { mode: 'fast' })).toThrow(tg.GradientCheckError);
  });
});

describe('gradcheck near a kink', () => {
  it('warns instead of failing within a step of a relu kink', () => {
    const x = tg.variable('x', [0, 1.5, -0.7]);
    const r = tg.gradcheck(tg.sum(tg.relu(x)), [x]);
    expect(r.ok).toBe(true);
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(r.warnings[0]).toMatch(/x\[0\].*kink/);
    expect(r.inputs[0]!.nearKink).toBe(1);
    expect(r.inputs[0]!.checked).toBe(2);
  });

  it('sets aside elements at a maximum tie and at abs(0) (they agree there, so no warning)', () => {
    const a = tg.variable('a', [1, 2]), b = tg.variable('b', [1, 0]);
    const r = tg.gradcheck(tg.sum(tg.maximum(a, b)), [a, b]);
    expect(r.ok).toBe(true);
    expect(r.inputs.map((i) => [i.checked, i.nearKink])).toEqual([[1, 1], [1, 1]]);
    const z = tg.variable('z', [0, 1]);
    const r2 = tg.gradcheck(tg.sum(tg.abs(z)), [z]);
    expect(r2.ok).toBe(true);
    expect(r2.inputs[0]!.nearKink).toBe(1);
  });

  it('warns, not fails, where a kink makes the rule disagree with the estimate', () => {
    // relu(3a − 3) at a = 1: slopes 0 | 3; the rule gives 0, the central difference 1.5
    const a = tg.variable('a', [1, 0.2]);
    const r = tg.gradcheck(tg.sum(tg.relu(a.mul(3).sub(3))), [a]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/a\[0\]/);
    expect(r.warnings[0]).toMatch(/analytic 0, numeric 1\.(5|4999)/);
  });

  it('does not warn away from kinks', () => {
    const x = tg.variable('x', [0.5, 1.5, -0.7]);
    const r = tg.gradcheck(tg.sum(tg.relu(x).mul(x)), [x]);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.inputs[0]!.nearKink).toBe(0);
  });
});

describe('gradcheck and checkGradient options', () => {
  const x = tg.variable('x', [0.5, 1.5]);
  const y = tg.sum(tg.sin(x));
  it.each([
    [{ directions: 0, mode: 'fast' }, /^gradcheck: directions must be a positive integer; got 0$/],
    [{ directions: 2.5, mode: 'fast' }, /directions must be a positive integer/],
    [{ atol: -1 }, /^gradcheck: atol must be a finite number ≥ 0; got -1$/],
    [{ rtol: NaN }, /^gradcheck: rtol must be a finite number ≥ 0; got NaN$/],
    [{ step: 0 }, /^gradcheck: step must be a finite number > 0 and < 1; got 0$/],
    [{ step: NaN }, /step must be a finite number > 0 and < 1/],
    [{ step: 2 }, /step must be a finite number > 0 and < 1/],
    [{ seed: NaN }, /seed must be an integer from 0 to 4294967295/],
    [{ seed: -1 }, /seed must be an integer from 0 to 4294967295/],
    [{ seed: 2 ** 32 }, /seed must be an integer from 0 to 4294967295/],
    [{ directions: 3 }, /^gradcheck: directions applies to mode 'fast'/],
    [{ directions: 3, mode: 'full' }, /^gradcheck: directions applies to mode 'fast'/],
    [{ throwOnFailure: 'no' }, /throwOnFailure must be true or false/],
  ] as const)('gradcheck rejects %j instead of checking nothing or blaming the engine', (options, message) => {
    let e: unknown;
    try {
      tg.gradcheck(y, [x], options as never);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toMatch(message);
  });

  it('checkGradient rejects the same tolerances and steps', () => {
    const f = (v: tg.Node) => tg.sum(tg.sin(v));
    const hand = (v: number[]) => v.map(Math.cos);
    expect(() => tg.checkGradient(f, hand, [[0.5, 1.5]], { atol: -1 })).toThrow(/^checkGradient: atol must be a finite number ≥ 0; got -1$/);
    expect(() => tg.checkGradient(f, hand, [[0.5, 1.5]], { step: 0 })).toThrow(tg.ArgumentError);
    expect(tg.checkGradient(f, hand, [[0.5, 1.5]]).ok).toBe(true);
  });

  it('refuses a full check that would run for hours, and checks the same input in fast mode', () => {
    // 3·10⁵ elements: a full check evaluates sum(x·x) 6·10⁵ times (it used to run without end).
    const big = tg.variable('big', tg.rand([300000], { seed: 1 }));
    const loss = tg.sum(tg.mul(big, big));
    expect(() => tg.gradcheck(loss, [big])).toThrow(/^gradcheck: mode 'full' would evaluate the graph \(600,001 elements\) twice for each of the 300,000 input elements, .*; use mode: 'fast'/);
    const r = tg.gradcheck(loss, [big], { mode: 'fast', directions: 2 });
    expect(r.ok).toBe(true);
    expect(r.inputs.map((i) => i.checked)).toEqual([1, 1]);
    // A smaller input still gets its full check.
    const x = tg.variable('x', tg.rand([2000], { seed: 2 }));
    expect(tg.gradcheck(tg.sum(tg.mul(x, x)), [x]).inputs[0]!.checked).toBe(2000);
  });

  it('takes every seed from 0 to 2³² − 1 (the projection seed wraps)', () => {
    const v = tg.variable('v', [0.5, 1.5]);
    expect(tg.gradcheck(tg.sin(v), [v], { seed: 2 ** 32 - 1 }).ok).toBe(true);
  });

  it('still checks with good options', () => {
    expect(tg.gradcheck(y, [x], { mode: 'fast', directions: 3, atol: 0, rtol: 1e-6, step: 1e-5 }).inputs).toHaveLength(3);
  });
});

