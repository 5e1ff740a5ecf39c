/**
 * Feedback a student can use (issue 18): LaTeX answers checked against the engine, with the hint
 * for each kind of mistake, for a scalar case, a sigmoid neuron, least squares with matrices, a
 * δ of a two-layer network and a batch. Every right answer is also checked against central
 * finite differences in float64.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { centralDifference, relativeError } from './fd.js';

const latex = { syntax: 'latex' as const };

/** The hand answer's value, at the variables' values. */
const value = (text: string, b: tg.LatexBindings) => tg.parseLatex(text, b).tensor;

describe('a scalar case: f = sin(x²)', () => {
  const f = '\\sin(x^2)';
  it('accepts the right answer, written several ways', () => {
    for (const hand of ['2x\\cos(x^2)', '2 \\cdot x \\cdot \\cos\\left(x^{2}\\right)', '\\cos(x^2) \\, 2x', '\\frac{4x\\cos(x^2)}{2}']) {
      const r = tg.checkFormula(hand, f, 'x', latex);
      expect(r.ok, hand).toBe(true);
      expect(r.hint).toBeUndefined();
    }
  });
  it('the right answer equals central differences', () => {
    const x = tg.variable('x', 0.7);
    const y = tg.parseLatex(f, { x });
    expect(relativeError(value('2x\\cos(x^2)', { x }), centralDifference(y, x))).toBeLessThan(1e-7);
  });
  it.each([
    ['x\\cos(x^2)', 'factor', /the right answer is 2 times yours/],
    ['-2x\\cos(x^2)', 'sign', /has the wrong sign/],
    ['4x\\cos(x^2)', 'factor', /the right answer is 1\/2 times yours/],
    ['2\\cos(x^2)', 'missing-factor', /lacks the factor x/],
  ])('%s: %s', (hand, kind, words) => {
    const r = tg.checkFormula(hand, f, 'x', { ...latex, name: '\\frac{\\partial f}{\\partial x}' });
    expect(r.ok).toBe(false);
    expect(r.counterexample).toBeDefined();
    expect(r.hint?.kind).toBe(kind);
    expect(r.hint?.text).toMatch(words);
    expect(r.hint?.text).toMatch(/^your ∂f\/∂x|∂f\/∂x/);
  });
});

describe('a sigmoid neuron: f = σ(w x + b)', () => {
  const f = '\\sigma(w x + b)';
  const values = { w: -3, x: 2, b: 1 };
  it('accepts σ(wx+b)(1 − σ(wx+b)) x, equal to central differences', () => {
    const r = tg.checkFormula('\\sigma(w x + b)(1 - \\sigma(w x + b)) x', f, 'w', { ...latex, values });
    expect(r.ok).toBe(true);
    const w = tg.variable('w', -3), x = tg.variable('x', 2), b = tg.variable('b', 1);
    const y = tg.parseLatex(f, { w, x, b });
    expect(relativeError(value("\\sigma'(w x + b) x", { w, x, b }), centralDifference(y, w))).toBeLessThan(1e-7);
    expect(relativeError(value('\\sigma(w x + b)(1 - \\sigma(w x + b))', { w, x, b }), centralDifference(y, b))).toBeLessThan(1e-7);
    expect(tg.checkFormula("\\sigma'(w x + b) x", f, 'w', { ...latex, values }).ok).toBe(true);
  });
  it('a missing (1 − σ) factor is named', () => {
    const r = tg.checkFormula('\\sigma(w x + b) x', f, 'w', { ...latex, values, name: '\\frac{\\partial f}{\\partial w}' });
    expect(r.hint?.kind).toBe('missing-factor');
    expect(r.hint?.text).toMatch(/^your ∂f\/∂w lacks the factor 1 − σ\(w·x \+ b\)/);
    expect(r.difference?.source).toBe('\\sigma(w x + b)');
  });
  it('a wrong sign', () => {
    expect(tg.checkFormula('-\\sigma(w x + b)(1 - \\sigma(w x + b))', f, 'b', { ...latex, values }).hint?.kind).toBe('sign');
  });
});

describe('least squares with matrices: f = ‖A x − b‖²', () => {
  const f = '\\lVert A x - b \\rVert^2';
  const rect = { A: [[1, 2], [3, 4], [5, 6]], x: [1, -1], b: [0.5, 2, 1] };
  const square = { A: [[1, 2], [3, 4]], x: [1, -1], b: [0.5, 2] };
  it('accepts 2Aᵀ(Ax − b) and 2(Ax − b)xᵀ, equal to central differences', () => {
    expect(tg.checkFormula('2 A^\\top (A x - b)', f, 'x', { ...latex, values: rect }).ok).toBe(true);
    expect(tg.checkFormula('2 (A x - b)^T A', f, 'x', { ...latex, values: rect }).ok).toBe(true);
    expect(tg.checkFormula('2 (A x - b) x^\\top', f, 'A', { ...latex, values: rect }).ok).toBe(true);
    const A = tg.variable('A', rect.A), x = tg.variable('x', rect.x), b = tg.variable('b', rect.b);
    const y = tg.parseLatex(f, { A, x, b });
    expect(relativeError(value('2 A^\\top (A x - b)', { A, x, b }), centralDifference(y, x))).toBeLessThan(1e-7);
    expect(relativeError(value('2 (A x - b) x^\\top', { A, x, b }), centralDifference(y, A))).toBeLessThan(1e-7);
  });
  it('a missing transpose (square A: only the numbers tell)', () => {
    const r = tg.checkFormula('2 A (A x - b)', f, 'x', { ...latex, values: square });
    expect(r.hint?.kind).toBe('transpose');
    expect(r.hint?.text).toMatch(/where you wrote 2 A, the gradient has Aᵀ/);
  });
  it('the factor 2', () => {
    const r = tg.checkFormula('A^\\top (A x - b)', f, 'x', { ...latex, values: rect });
    expect(r.hint?.kind).toBe('factor');
    expect(r.hint?.factor).toBeCloseTo(2, 12);
  });
  it('the numerator layout: the gradient transposed (shape [2, 3] for A of [3, 2])', () => {
    const r = tg.checkFormula('2 x (A x - b)^\\top', f, 'A', { ...latex, values: rect });
    expect(r.ok).toBe(false);
    expect(r.hint?.kind).toBe('layout');
    expect(r.hint?.text).toMatch(/shape \[2, 3\].*\[3, 2\].*numerator layout/);
  });
  it('the numerator layout with a square matrix', () => {
    expect(tg.checkFormula('2 x (A x - b)^\\top', f, 'A', { ...latex, values: square }).hint?.kind).toBe('layout');
  });
});

describe('a δ of a two-layer network, in the student\'s notation', () => {
  const z1 = tg.variable('z1', [0.1, -0.3], { label: 'z^{(1)}' });
  const W2 = tg.variable('W2', [[1, 2], [3, 4]], { label: 'W^{(2)}' });
  const a1 = tg.sigmoid(z1).as('a^{(1)}');
  const z2 = W2.matmul(a1).as('z^{(2)}');
  const L = tg.sum(tg.tanh(z2)).as('L');
  const [d1, d2] = tg.grad(L, [z1, z2]);
  const values = { '\\delta^{(2)}': d2! };
  it('accepts δ⁽¹⁾ = (W⁽²⁾)ᵀ δ⁽²⁾ ⊙ σ′(z⁽¹⁾), equal to central differences', () => {
    const r = tg.checkFormula("\\delta^{(1)} = (W^{(2)})^\\top \\delta^{(2)} \\odot \\sigma'(z^{(1)})".split('=')[1]!, d1!, { ...latex, values });
    expect(r.ok).toBe(true);
    expect(relativeError(d1!.tensor, centralDifference(L, z1))).toBeLessThan(1e-7);
  });
  it('"your δ⁽¹⁾ lacks the factor σ′(z⁽¹⁾)"', () => {
    const r = tg.checkFormula('(W^{(2)})^\\top \\delta^{(2)}', d1!, { ...latex, values, name: '\\delta^{(1)}' });
    expect(r.hint?.kind).toBe('missing-factor');
    expect(r.hint?.text).toBe('your δ⁽¹⁾ lacks the factor σ′(z⁽¹⁾) (in (W^{(2)})^\\top \\delta^{(2)})');
    expect(r.hint?.latex).toContain("\\sigma'\\left(z^{(1)}\\right)");
  });
});

describe('a batch: a bias gradient sums the δ of every example', () => {
  const X = tg.variable('X', [[1, 2], [3, 4], [5, 6]]);
  const W = tg.variable('W', [[0.5, -1], [0.25, 2]]);
  const b = tg.variable('b', [0.1, -0.2]);
  const Z = X.matmul(W).add(b).as('Z');
  const L = tg.sum(tg.tanh(Z)).as('L');
  const [db, dZ] = tg.grad(L, [b, Z]);
  it('1ᵀδ is right, equal to central differences', () => {
    expect(tg.checkFormula('\\mathbf{1}^\\top \\delta', db!, { ...latex, values: { '\\delta': dZ! } }).ok).toBe(true);
    expect(tg.checkFormula('\\sum_i \\delta_i', db!, { ...latex, values: { '\\delta': dZ! } }).ok).toBe(true);
    expect(relativeError(db!.tensor, centralDifference(L, b))).toBeLessThan(1e-7);
  });
  it('δ alone misses the sum over the batch', () => {
    const r = tg.checkFormula('\\delta', db!, { ...latex, values: { '\\delta': dZ! }, name: '\\frac{\\partial L}{\\partial b}' });
    expect(r.hint?.kind).toBe('batch-sum');
    expect(r.hint?.text).toMatch(/^your ∂L\/∂b has a batch axis of 3 that the gradient sums over: sum it over the batch/);
  });
  it('a mean loss: average over the batch', () => {
    const M = tg.mean(tg.sum(tg.tanh(Z), 1)).as('L');
    const [dbm, dZm] = tg.grad(M, [b, Z]);
    const r = tg.checkFormula('3 \\delta', dbm!, { ...latex, values: { '\\delta': dZm! } });
    expect(r.hint?.kind).toBe('batch-sum');
    expect(r.hint?.text).toMatch(/average it over the batch/);
  });
});

describe('fan-out: a variable used twice gets one term per use', () => {
  it('a missing term is named, and the right answer equals central differences', () => {
    const f = 'x y + \\sin(x y)';
    expect(tg.checkFormula('y + y\\cos(x y)', f, 'x', latex).ok).toBe(true);
    const r = tg.checkFormula('y \\cos(x y)', f, 'x', { ...latex, name: '\\frac{\\partial f}{\\partial x}' });
    expect(r.hint?.kind).toBe('missing-term');
    expect(r.hint?.text).toMatch(/^your ∂f\/∂x misses a term: where you wrote \\cos\(x y\), the gradient has 1 \+ cos\(x·y\)$/);
    const x = tg.variable('x', 0.4), y = tg.variable('y', -1.3);
    expect(relativeError(value('y + y\\cos(x y)', { x, y }), centralDifference(tg.parseLatex(f, { x, y }), x))).toBeLessThan(1e-7);
  });
  it('an extra factor found by value: σ′ where none belongs', () => {
    const r = tg.checkFormula('\\sigma(z)(1 - \\sigma(z))(\\sigma(z) - y)', '-y \\log \\sigma(z) - (1 - y) \\log(1 - \\sigma(z))', 'z', { ...latex, values: { z: 0.3, y: 1 } });
    expect(r.hint?.kind).toBe('extra-factor');
    expect(r.hint?.text).toBe('your answer has an extra factor σ′(z)');
  });
});

describe('options are checked', () => {
  it('rejects a bad syntax, name or values', () => {
    expect(() => tg.checkFormula('x', 'x', 'x', { syntax: 'tex' as never })).toThrow(/syntax must be one of 'mathjs', 'latex'/);
    expect(() => tg.checkFormula('x', 'x', 'x', { name: '' })).toThrow(/name must be a non-empty string/);
    expect(() => tg.checkFormula('x', 'x', 'x', { values: [] as never })).toThrow(/values must be an object/);
  });
  it('the mathjs syntax gets hints too', () => {
    expect(tg.checkFormula('-2*x*cos(x^2)', 'sin(x^2)', 'x').hint?.kind).toBe('sign');
  });
});
