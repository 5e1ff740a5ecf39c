/**
 * Forms the display simplifier printed not as a textbook writes them (issue 15): an outer
 * product written `v ⊙ vᵀ`, a vector gradient printed as a bare number, decimals for simple
 * fractions, a term that is identically 0, `x·x^(x − 1)` for `x^x`, a Hessian's diagonal in two
 * pieces. Each is printed in text and LaTeX (KaTeX parses it), and what is printed is what is
 * evaluated.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { displayForm } from '../../src/explain/simplify.js';
import { expectClose, katexOk, matchesDifferences, numbers, printedIsEvaluated } from './textbook.js';

const V0 = [0.5, -1, 2];

function expectForm(g: tg.Node, text: string, latex: string): void {
  expect(tg.toText(g)).toBe(text);
  expect(tg.toLatex(g)).toBe(latex);
  katexOk(latex);
}

describe('forms a textbook writes', () => {
  it('the Hessian of ‖v‖ writes the outer product v vᵀ, not v ⊙ vᵀ', () => {
    const v = tg.variable('v', V0);
    const h = tg.hessian(tg.norm(v), v);
    expectForm(h, 'I / ‖v‖ − v vᵀ / ‖v‖³', '\\frac{I}{\\left\\lVert v\\right\\rVert} - \\frac{v v^\\top}{\\left\\lVert v\\right\\rVert^{3}}');
    printedIsEvaluated(h, tg.toLatex(h), { v: V0, I: tg.eye(3) });
  });

  it('a column times a row, however it is built, is an outer product', () => {
    const u = tg.variable('u', [1, 2, 3]), w = tg.variable('w', [4, 5]);
    const col = tg.reshape(u, [3, 1]), row = tg.transpose(tg.reshape(w, [2, 1]));
    for (const n of [tg.mul(col, row), tg.mul(row, col)]) {
      expectForm(n, 'u wᵀ', 'u w^\\top');
      expectClose(numbers(displayForm(n).node.value), numbers(n.value), 1e-12);
    }
  });
});
