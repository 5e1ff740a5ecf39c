import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const least = { A: [[1, 2], [3, 4]], x: [1, -1], b: [0.5, 2] };
const mats = { W: [[1, 2], [3, 4]], X: [[0.5, -1], [2, 1]], Y: [[1, 0], [0, 1]] };

describe('checkFormula accepts equal formulas', () => {
  it('proves 2*x*cos(x^2) and cos(x^2)*x*2 equal', () => {
    const x = tg.variable('x', 1);
    const dx = tg.grad(tg.sin(x.pow(2)), x);
    for (const hand of ['2*x*cos(x^2)', 'cos(x^2)*x*2']) {
      const r = tg.checkFormula(hand, dx);
      expect(r.ok, hand).toBe(true);
      expect(r.verdict).toBe('equivalent');
      expect(r.points).toBeGreaterThanOrEqual(50);
      expect(r.counterexample).toBeUndefined();
    }
  });

  it('recognises the identical graph (named nodes by name)', () => {
    const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
    const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
    const r = tg.checkFormula('a*(1-a)*x', tg.grad(a, w));
    expect(r).toMatchObject({ ok: true, verdict: 'equivalent', method: 'identical' });
    expect(r.hand.latex).toBe('a \\left(1 - a\\right) x');
  });

  it('agrees on a tensor formula: 2*A\'*(A*x-b) for sum((A*x-b).^2)', () => {
    const r = tg.checkFormula("2*A'*(A*x-b)", 'sum((A*x-b).^2)', 'x', { values: least });
    expect(r).toMatchObject({ ok: true, verdict: 'agree', method: 'sampling' });
    expect(r.points).toBe(50);
  });

  it('skips points where a side is not finite, and says when none is left', () => {
    const r = tg.checkFormula('0.5/sqrt(x)', 'sqrt(x)', 'x', { domains: { x: [-3, 1] }, symbolic: false });
    expect(r.ok).toBe(true);
    expect(r.skipped).toBeGreaterThan(0);
    const none = tg.checkFormula('0.5/sqrt(x)', 'sqrt(x)', 'x', { domains: { x: [-3, -1] } });
    expect(none).toMatchObject({ ok: false, verdict: 'inconclusive', points: 0 });
  });

  it('samples inside the domains of the ops a variable feeds', () => {
    const r = tg.checkFormula('1/x', 'log(x)', 'x');
    expect(r.ok).toBe(true);
    expect(r.skipped).toBe(0);
  });
});

describe('checkFormula catches mistakes', () => {
  it('a wrong sign', () => {
    const r = tg.checkFormula('sin(x)', 'cos(x)', 'x');
    expect(r).toMatchObject({ ok: false, verdict: 'differ' });
    expect(r.counterexample!.hand).toBeCloseTo(-(r.counterexample!.engine as number), 12);
    expect(r.difference!.note).toMatch(/sign is wrong/);
    expect(r.difference!.engine.latex).toBe('-\\sin\\left(x\\right)');
  });

  it('a missing factor', () => {
    const r = tg.checkFormula('x^2', 'x^3', 'x');
    expect(r.verdict).toBe('differ');
    expect(r.difference!.note).toBe("a factor is off: the engine's is 3 times the hand one");
    const w = tg.variable('w', 1), x = tg.variable('x', 2);
    const s = tg.checkFormula('a*(1-a)', tg.grad(tg.sigmoid(w.mul(x)).as('a'), w));
    expect(s.verdict).toBe('differ');
    expect(s.difference!.note).toBe('a factor x is missing');
    expect(tg.checkFormula('cos(x^2)', 'sin(x^2)', 'x').difference!.note).toBe('a factor 2·x is missing');
  });

  it('a missing transpose in a matrix formula', () => {
    const r = tg.checkFormula('2*A*(A*x-b)', 'sum((A*x-b).^2)', 'x', { values: least });
    expect(r).toMatchObject({ ok: false, verdict: 'differ' });
    expect(r.counterexample!.point).toEqual(least);
    expect(r.counterexample!.engine).toEqual([-21, -30]);
    expect(r.counterexample!.hand).toEqual([-15, -33]);
    expect(r.counterexample!.index).toBe(0);
    expect(r.difference!.hand.text).toBe('2·A');
    expect(r.difference!.engine.text).toBe('Aᵀ');
    expect(r.difference!.note).toMatch(/transpose is missing/);
  });

  it('a swapped product order in a matrix formula', () => {
    for (const hand of ["X'*(W*X-Y)*2", "2*X'*(W*X-Y)"]) {
      const r = tg.checkFormula(hand, 'sum((W*X-Y).^2)', 'W', { values: mats });
      expect(r.verdict, hand).toBe('differ');
      expect(r.difference!.note, hand).toMatch(/factors of the product are in the other order/);
    }
    expect(tg.checkFormula("2*(W*X-Y)*X'", 'sum((W*X-Y).^2)', 'W', { values: mats }).ok).toBe(true);
  });

  it('a wrong shape', () => {
    const r = tg.checkFormula('sum(x)', 'sum(x.^2)', 'x', { values: { x: [1, 2] } });
    expect(r).toMatchObject({ ok: false, verdict: 'differ' });
    expect(r.message).toMatch(/shape \[\] but the gradient has shape \[2\]/);
  });

  it('does not trust a symbolic simplification that sampling contradicts', () => {
    const x = tg.variable('x', 1);
    const r = tg.checkFormula('abs(x)', tg.grad(x.pow(2).div(2), x), { symbolic: true });
    expect(r.verdict).toBe('differ');
  });

  it('reports both formulas in LaTeX and a readable message', () => {
    const r = tg.checkFormula('-2*x*cos(x^2)', 'sin(x^2)', 'x');
    expect(r.hand.latex).toBe('-2 x \\cos\\left(x^{2}\\right)');
    expect(r.engine.formula).toBe('cos(x ^ 2) * (2 * x)');
    expect(r.message.split('\n')[0]).toBe("differ: the hand formula does not match the engine's gradient");
    expect(r.message).toMatch(/first difference: .*sign is wrong/);
  });
});

describe('checkFormula arguments', () => {
  it('rejects unknown options and a variable that is not there', () => {
    const x = tg.variable('x', 1);
    expect(() => tg.checkFormula('x', x, { tolerance: 1 } as never)).toThrow(/unknown option 'tolerance'/);
    expect(() => tg.checkFormula('x', 'x^2', 'y')).toThrow(/'y' does not appear in the expression; its variables: x/);
    expect(() => tg.checkFormula('x +', 'x^2', 'x')).toThrow(tg.ParseError);
    expect(() => tg.checkFormula('x', 'x^2', 'x', { points: 0 })).toThrow(/points/);
  });

  it('rejects a seed, points, tolerances or a flag that cannot be what they say', () => {
    const x = tg.variable('x', 1);
    const dx = tg.grad(x.pow(2), x);
    expect(() => tg.checkFormula('2*x', dx, { seed: NaN })).toThrow(/^checkFormula: seed must be an integer from 0 to 4294967295 \(2³² − 1\); got NaN$/);
    expect(() => tg.checkFormula('2*x', dx, { seed: Infinity })).toThrow(tg.ArgumentError);
    expect(() => tg.checkFormula('2*x', dx, { points: 100_000_000 })).toThrow(/^checkFormula: points must be an integer from 1 to 100,000; got 100000000$/);
    expect(() => tg.checkFormula('2*x', dx, { points: 2.5 })).toThrow(tg.ArgumentError);
    expect(() => tg.checkFormula('2*x', dx, { rtol: Infinity })).toThrow(/rtol must be a finite non-negative number/);
    expect(() => tg.checkFormula('2*x', dx, { symbolic: 'no' as never })).toThrow(/symbolic must be true or false/);
  });

  it('takes domains and values for names that are keys of Object.prototype', () => {
    // (Sampled, not proved: an inherited 'constructor' taken for a domain made every point NaN.)
    const r = tg.checkFormula('4*constructor/2', 'constructor^2', 'constructor', { domains: { toString: [1, 2] } as never, symbolic: false });
    expect([r.ok, r.verdict, r.points]).toEqual([true, 'agree', 50]);
    // Only own keys are domains: an inherited 'constructor' is not a domain of constructor.
    const own = tg.checkFormula('4*toString/2', 'toString^2', 'toString', { domains: JSON.parse('{"toString": [3, 4]}') as never, symbolic: false, points: 3 });
    expect([own.ok, own.points]).toEqual([true, 3]);
    const bad = tg.checkFormula('3*__proto__', '__proto__^2', '__proto__', { values: JSON.parse('{"__proto__": 2}') as never });
    expect(bad.verdict).toBe('differ');
    expect(bad.counterexample!.point).toEqual(JSON.parse('{"__proto__": 2}'));
    expect(Object.keys(bad.counterexample!.point)).toEqual(['__proto__']);
  });

  it('accepts nodes for every argument', () => {
    const x = tg.variable('x', 0.3);
    const y = tg.tanh(x);
    expect(tg.checkFormula(tg.sub(1, tg.tanh(x).pow(2)), y, x).ok).toBe(true);
  });
});

describe('checkGradient', () => {
  const f = (x: tg.Node, y: tg.Node) => tg.sin(x).mul(y);

  it('accepts a correct hand-written gradient, with the gradcheck report format', () => {
    const r = tg.checkGradient(f, (x: number, y: number) => [Math.cos(x) * y, Math.sin(x)], [0.5, 2]);
    expect(r.ok).toBe(true);
    expect(r.inputs.map((i) => [i.input, i.checked])).toEqual([['x', 1], ['y', 1]]);
    expect(r.gradients[0]!.engine).toBeCloseTo(Math.cos(0.5) * 2, 14);
    expect(r.gradients[0]!.numeric).toBeCloseTo(Math.cos(0.5) * 2, 8);
  });

  it('catches a wrong one, naming the input, the element and the three values', () => {
    const hand = (x: number) => [Math.cos(x), Math.sin(x)];
    expect(() => tg.checkGradient(f, hand, [0.5, 2])).toThrow(tg.GradientCheckError);
    const r = tg.checkGradient(f, hand, [0.5, 2], { throwOnFailure: false });
    expect(r.ok).toBe(false);
    expect(r.failure!.details).toMatchObject({ input: 'x', index: 0, analytic: Math.cos(0.5) });
    expect(r.failure!.message).toMatch(/hand-written gradient of 'x' is wrong at flat index 0: hand 0\.877.*engine \(symbolic\) 1\.755.*numeric \(central difference\) 1\.755/);
  });

  it('works on tensors: the gradient of ½‖Ax − b‖² is Aᵀ(Ax − b)', () => {
    const A = [[1, 2], [3, 4], [5, 6]], b = [1, 0, -1];
    const loss = (x: tg.Node) => tg.sum(tg.matmul(tg.constant(A), x).sub(tg.constant(b)).pow(2)).div(2);
    const handRight = (v: number[]) => {
      const r = A.map((row, i) => row[0]! * v[0]! + row[1]! * v[1]! - b[i]!);
      return [0, 1].map((j) => A.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
    };
    expect(tg.checkGradient(loss, handRight, [[0.5, -1]]).ok).toBe(true);
    const handWrong = (v: number[]) => handRight(v).reverse();
    const r = tg.checkGradient(loss, handWrong, [[0.5, -1]], { throwOnFailure: false });
    expect(r.ok).toBe(false);
    expect(() => tg.checkGradient(loss, () => [1, 2, 3], [[0.5, -1]])).toThrow(/has shape \[3\]; the input has shape \[2\]/);
  });

  it('does not fail at a kink where the engine and finite differences disagree', () => {
    const r = tg.checkGradient((x: tg.Node) => tg.relu(x), () => 1, [0], { throwOnFailure: false });
    expect(r.ok).toBe(true);
    expect(r.warnings.length).toBe(1);
  });
});
