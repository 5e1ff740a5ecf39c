/**
 * Numbers beside the symbols (issue 16): tensors up to `maxElements` elements (default 16, a
 * 4 × 4 matrix) print in full, bigger ones as a summary; a 1-D vector is a row (it broadcasts
 * as one: rows are examples), an `[n, 1]` column a column.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { viewValue } from '../../src/explain/values.js';

const matrix = (rows: number, cols: number) => tg.tensor(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => i * cols + j + 1)));

describe('values in derivations', () => {
  it('print a 4 × 4 matrix in full and summarise a 5 × 4 one', () => {
    const full = viewValue(matrix(4, 4));
    expect(full.latex.match(/\\\\/g)!.length).toBe(3);
    expect(full.latex).toContain('13 & 14 & 15 & 16');
    expect(viewValue(matrix(5, 4)).latex).toContain('5\\times 4\\text{ tensor; mean }');
    expect(viewValue(matrix(2, 3), 6, 4).latex).toContain('\\text{ tensor; mean }');
  });

  it('print a 1-D vector as a row and an [n, 1] column as a column', () => {
    expect(viewValue(tg.tensor([1, 2, 3])).latex).toBe('\\begin{bmatrix}1 & 2 & 3\\end{bmatrix}');
    expect(viewValue(tg.tensor([[1], [2], [3]])).latex).toBe('\\begin{bmatrix}1 \\\\ 2 \\\\ 3\\end{bmatrix}');
  });

  it('explain takes maxElements, checked', () => {
    const W = tg.variable('W', [[1, 2, 3, 4], [5, 6, 7, 8], [1, 2, 3, 4], [5, 6, 7, 8]]);
    const y = tg.sum(W.mul(W)).as('y');
    const full = tg.explain(y, { warn: false }).gradients[0]!.value!.latex;
    expect(full).toContain('\\begin{bmatrix}');
    const summarised = tg.explain(y, { warn: false, maxElements: 4 }).gradients[0]!.value!.latex;
    expect(summarised).toContain('tensor; mean');
    expect(() => tg.explain(y, { maxElements: -1 })).toThrow("explain: maxElements must be a non-negative integer; got -1");
  });
});
