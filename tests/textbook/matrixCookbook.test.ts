/**
 * The Matrix Cookbook's derivatives (Petersen and Pedersen, §2.4 and §2.5), and the mean squared
 * error, each built with the public API and printed in the Cookbook's form:
 *   ∂xᵀAx/∂x = (A + Aᵀ)x,  ∂tr(AXB)/∂X = AᵀBᵀ,  ∂‖Ax − b‖²/∂x = 2Aᵀ(Ax − b),
 *   ∂ logSumExp(x)/∂x = softmax(x),  ∂ ½‖a − y‖²/∂a = a − y.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, katexOk, matchesDifferences, printedIsEvaluated, stages } from './textbook.js';

const A0 = [[1, 2, 0], [3, -1, 4], [0.5, 2, -2]];

function expectForm(g: tg.Node, text: string, latex: string): void {
  expect(tg.toText(g)).toBe(text);
  expect(tg.toLatex(g)).toBe(latex);
  katexOk(latex);
}

describe('the Matrix Cookbook', () => {
  it('∂xᵀAx/∂x = (A + Aᵀ)x, written with dot, with matmul, and through explain', () => {
    const A = tg.variable('A', A0), x = tg.variable('x', [1, -2, 0.5]);
    for (const f of [tg.dot(x, tg.matmul(A, x)), tg.matmul(x, tg.matmul(A, x)), tg.matmul(tg.matmul(x, A), x)]) {
      const g = tg.grad(f, x);
      expectForm(g, '(A + Aᵀ) x', '\\left(A + A^\\top\\right) x');
      matchesDifferences(f, x, g);
      printedIsEvaluated(g, tg.toLatex(g), { A: A0, x: [1, -2, 0.5] });
    }
    const d = tg.explain(tg.dot(x, tg.matmul(A, x)).as('f'), { wrt: [x], warn: false });
    expect(stages(equation(d, 'f')).text).toEqual(['xᵀ A x']);
    expect(stages(equation(d, '∂f/∂x')).text).toEqual(['(A + Aᵀ) x']);
  });

  it('∂tr(AXB)/∂X = AᵀBᵀ (no identity matrix left)', () => {
    const A = tg.variable('A', A0), X = tg.variable('X', [[1, 0, 2], [2, 1, 0], [0, 1, 1]]), B = tg.variable('B', [[0, 1, 1], [1, 1, 0], [2, 0, 1]]);
    const f = tg.tr(tg.matmul(tg.matmul(A, X), B));
    const g = tg.grad(f, X);
    expectForm(g, 'Aᵀ Bᵀ', 'A^\\top B^\\top');
    matchesDifferences(f, X, g);
    printedIsEvaluated(g, tg.toLatex(g), { A: A0, B: [[0, 1, 1], [1, 1, 0], [2, 0, 1]] });
  });

  it('∂‖Ax − b‖²/∂x = 2Aᵀ(Ax − b), through dot, through the norm, and as a sum of squares', () => {
    const A = tg.variable('A', [[1, 2], [3, 4], [5, 6]]), x = tg.variable('x', [1, 2]), b = tg.variable('b', [1, 0, -1]);
    const r = tg.sub(tg.matmul(A, x), b);
    for (const f of [tg.dot(r, r), tg.pow(tg.norm(r), 2), tg.sum(tg.pow(r, 2))]) {
      expect(tg.toText(f)).toBe('‖A x − b‖²');
      const g = tg.grad(f, x);
      expectForm(g, '2·Aᵀ (A x − b)', '2 A^\\top \\left(A x - b\\right)');
      matchesDifferences(f, x, g, 1e-5);
      printedIsEvaluated(g, tg.toLatex(g), { A: [[1, 2], [3, 4], [5, 6]], x: [1, 2], b: [1, 0, -1] });
    }
  });

  it('∂ logSumExp(x)/∂x = softmax(x)', () => {
    const x = tg.variable('x', [0.5, -1, 2]);
    const f = tg.logSumExp(x);
    const g = tg.grad(f, x);
    expectForm(g, 'softmax(x)', '\\operatorname{softmax}\\left(x\\right)');
    matchesDifferences(f, x, g);
    printedIsEvaluated(g, tg.toLatex(g), { x: [0.5, -1, 2] });
  });

  it('mean squared error: ∂ ½‖a − y‖²/∂a = a − y (the ½ and the 2 cancel), also through the norm', () => {
    const a = tg.variable('a', [0.2, 0.9, 0.4]), y = tg.constant([0, 1, 0], { label: 'y' });
    for (const C of [tg.mul(0.5, tg.sum(tg.pow(tg.sub(a, y), 2))), tg.mul(0.5, tg.pow(tg.norm(tg.sub(a, y)), 2))]) {
      expect(tg.toText(C)).toBe('½·‖a − y‖²');
      expect(tg.toLatex(C)).toBe('\\frac{1}{2} \\left\\lVert a - y\\right\\rVert^{2}');
      const g = tg.grad(C, a);
      expectForm(g, 'a − y', 'a - y');
      matchesDifferences(C, a, g);
      printedIsEvaluated(g, tg.toLatex(g), { a: [0.2, 0.9, 0.4], y: [0, 1, 0] });
    }
  });
});
