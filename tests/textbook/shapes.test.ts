/**
 * A printed formula must have the shape of what it stands for: a scalar spread over a vector
 * is not written as the bare scalar next to a matrix (`Mᵀ (1ᵀu)` read as a scaled matrix), a
 * column spread over the columns of a matrix is not written as a vector (which reads as
 * spread over the rows), and a flattened matrix is not written as the matrix. Found by a
 * hostile review: each printed form below read back, through `tg.parseLatex`, as another
 * shape or another value.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { expectClose, katexOk, matchesDifferences, numbers, printedIsEvaluated } from './textbook.js';

const M0 = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]], U0 = [0.5, -0.4, 0.9];

describe('printed formulas have the shape of their value', () => {
  it('a scalar spread over a vector inside a matrix product is the scalar times the ones: (1ᵀu)·Mᵀ 1, ⅓·Mᵀ M 1', () => {
    const M = tg.variable('M', M0), u = tg.variable('u', U0);
    const rows: [tg.Node, string, string][] = [
      [tg.mul(tg.sum(tg.matmul(M, u)), tg.sum(u)), '(1ᵀ u)·Mᵀ 1 + 1ᵀ (M u)', '\\left(\\mathbf{1}^\\top u\\right) M^\\top \\mathbf{1} + \\mathbf{1}^\\top \\left(M u\\right)'],
      [tg.mean(tg.matmul(tg.transpose(M), tg.matmul(M, u))), '⅓·Mᵀ M 1', '\\frac{1}{3} M^\\top M \\mathbf{1}'],
      [tg.add(tg.mean(u), tg.mean(tg.matmul(tg.transpose(M), tg.matmul(M, u)))), '⅓ + ⅓·Mᵀ M 1', '\\frac{1}{3} + \\frac{1}{3} M^\\top M \\mathbf{1}'],
    ];
    for (const [f, text, latex] of rows) {
      const g = tg.grad(f, u);
      expect(tg.toText(g)).toBe(text);
      expect(tg.toLatex(g)).toBe(latex);
      katexOk(latex);
      const back = tg.parseLatex(latex, { M: M0, u: U0 });
      expect(back.shape, latex).toEqual([3]);
      printedIsEvaluated(g, latex, { M: M0, u: U0 });
      matchesDifferences(f, u, g);
    }
  });

  it('a column spread over the columns of a matrix is written c 1ᵀ: A + (A 1) 1ᵀ is not A + A 1', () => {
    const A0 = [[1, 2], [3, 4]];
    const A = tg.variable('A', A0);
    const keep = A.add(tg.sum(A, 1, true)), rowwise = A.add(tg.sum(A, 1));
    expect(numbers(keep.value)).toEqual([4, 5, 10, 11]);
    expect(numbers(rowwise.value)).toEqual([4, 9, 6, 11]);
    expect(tg.toText(keep)).toBe('A + (A 1) 1ᵀ');
    expect(tg.toText(rowwise)).toBe('A + A 1');
    expect(tg.toText(tg.sub(A, tg.mean(A, 1, true)))).toBe('A − mean[axis 1](A) 1ᵀ');
    for (const n of [keep, rowwise]) katexOk(tg.toLatex(n));
    // A bias added to every row of a batch stays X W + b.
    const X = tg.variable('X', [[1, 2], [3, 4], [5, 6]]), W = tg.variable('W', [[1, 0], [0, 1]]), b = tg.variable('b', [1, -1]);
    expect(tg.toText(tg.add(tg.matmul(X, W), b))).toBe('X W + b');
  });

  it('a flattened matrix is written reshape[4](A), not A', () => {
    const A = tg.variable('A', [[1, 2], [3, 4]]);
    const f = tg.sum(tg.reshape(A, [4]).mul(tg.constant([1, 2, 3, 4])));
    expect(f.value).toBe(30);
    expect(tg.toText(f)).toBe('reshape[4](A)ᵀ [1, 2, 3, 4]');
    katexOk(tg.toLatex(f));
    // Adding or dropping an axis of length 1 is not written: a vector made a column is the vector.
    const v = tg.variable('v', [1, 2]);
    expect(tg.toText(tg.matmul(A, tg.reshape(v, [2, 1])))).toBe('A v');
    const g = tg.grad(f, A);
    expectClose(numbers(g.value), [1, 2, 3, 4]);
    expect(tg.toText(g)).toBe('[[1, 2], [3, 4]]');
    // Through a variable, the gradient's reshape back to a matrix is written out too.
    const w = tg.variable('w', [1, 2, 3, 4]);
    const h = tg.grad(tg.sum(tg.reshape(A, [4]).mul(w)), A);
    expect(tg.toText(h)).toBe('reshape[2×2](w)');
    expectClose(numbers(h.value), [1, 2, 3, 4]);
  });
});

describe('a name that is also notation', () => {
  it('a variable called e: Euler’s number is written \\exp beside it, so the LaTeX reads back as it was', () => {
    const e = tg.variable('e', 1.5), x = tg.variable('x', 0.3);
    const f = tg.exp(x).mul(e);
    expect(tg.toLatex(f)).toBe('\\exp\\left(x\\right) e');
    expect(tg.toLatex(tg.exp(e))).toBe('\\exp\\left(e\\right)');
    // Without such a name, e^{x} as before.
    expect(tg.toLatex(tg.exp(x))).toBe('e^{x}');
    for (const n of [f, tg.exp(e), tg.grad(f, x), tg.grad(tg.exp(e).mul(x), e)]) {
      const latex = tg.toLatex(n);
      katexOk(latex);
      expectClose(numbers(tg.parseLatex(latex, { e: 1.5, x: 0.3 }).value), numbers(n.value), 1e-12, latex);
    }
    const d = tg.explain(f, { wrt: [x], warn: false }).toLatex();
    expect(d).not.toMatch(/e\^\{/);
  });
});
