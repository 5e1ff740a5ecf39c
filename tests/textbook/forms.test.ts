/**
 * Forms the display simplifier printed not as a textbook writes them (issue 15): an outer
 * product written `v ⊙ vᵀ`, a vector gradient printed as a bare number, decimals for simple
 * fractions, a term that is identically 0, a Hessian's diagonal in two pieces, `x·x^(x − 1)`
 * for `x^x`, `exp(−½·x²)·x` for `x·exp(−½·x²)`. Each is printed in text and LaTeX (KaTeX parses it), and what is printed is what is
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

  it('the gradient of a mean is a vector, ⅓·1, not the number 0.333333', () => {
    const v = tg.variable('v', V0), A = tg.variable('A', [[1, 2], [3, 4]]), x = tg.variable('x', 1.7);
    const rows: [tg.Node, string, string][] = [
      [tg.grad(tg.mean(v), v), '⅓·1', '\\frac{1}{3} \\mathbf{1}'],
      [tg.grad(tg.mean(A), A), '¼·1', '\\frac{1}{4} \\mathbf{1}'],
      [tg.grad(tg.mul(2, tg.sum(v)), v), '2·1', '2 \\mathbf{1}'],
      [tg.grad(x.mul(tg.mean(v)), v), '⅓·x·1', '\\frac{1}{3} x \\mathbf{1}'],
      // A scalar stays a number, as a fraction when it is one; the ones and the zeros as they were.
      [tg.grad(x.div(3), x), '⅓', '\\frac{1}{3}'],
      [tg.grad(tg.sum(v), v), '1', '\\mathbf{1}'],
      [tg.grad(tg.mul(x, tg.sum(v)), x), '1ᵀ v', '\\mathbf{1}^\\top v'],
    ];
    for (const [g, text, latex] of rows) {
      expectForm(g, text, latex);
      expectClose(numbers(displayForm(g).node.value), numbers(g.value), 1e-12, text);
    }
    const d = tg.explain(tg.mean(v).as('L'), { wrt: [v], warn: false });
    expect(d.gradients[0]!.stages.map((s) => s.text).at(-1)).toBe('⅓·1');
  });

  it('the gradient of a variance is ⅔·(v − mean(v)): 1ᵀ(v − mean(v)) = 0 drops out, and 2/9 would be a fraction', () => {
    const v = tg.variable('v', V0), x = tg.variable('x', 1.7);
    const variance = tg.mean(tg.pow(tg.sub(v, tg.mean(v)), 2));
    const g = tg.grad(variance, v);
    expectForm(g, '⅔·(v − mean(v))', '\\frac{2}{3} \\left(v - \\operatorname{mean}\\left(v\\right)\\right)');
    matchesDifferences(variance, v, g);
    printedIsEvaluated(g, tg.toLatex(g), { v: V0 });
    // The sums that are 0 and one that is not; and a ninth is a fraction.
    expectForm(tg.sum(tg.sub(v, tg.mean(v))), '0', '0');
    expectForm(tg.sum(tg.sub(tg.mul(x, v), tg.mul(x, tg.mean(v)))), '0', '0');
    expectForm(tg.sum(tg.sub(v, tg.div(tg.sum(v), 3))), '0', '0');
    expectForm(tg.sum(tg.sub(v, tg.div(tg.sum(v), 2))), '1ᵀ (v − ½·(1ᵀ v))', '\\mathbf{1}^\\top \\left(v - \\frac{1}{2} \\left(\\mathbf{1}^\\top v\\right)\\right)');
    expectForm(tg.sum(tg.sub(v, tg.mul(2, tg.mean(v)))), '1ᵀ (v − 2·mean(v))', '\\mathbf{1}^\\top \\left(v - 2 \\operatorname{mean}\\left(v\\right)\\right)');
    expectForm(tg.mul(2 / 9, x), '2/9·x', '\\frac{2}{9} x');
    for (const n of [tg.sum(tg.sub(v, tg.mean(v))), tg.sum(tg.sub(v, tg.div(tg.sum(v), 3)))]) expectClose(numbers(displayForm(n).node.value), numbers(n.value), 1e-12);
  });

  it('the Hessian of 1ᵀσ(v) is diag(σ(v) ⊙ (1 − σ(v)) ⊙ (1 − 2σ(v))): one diagonal, factored', () => {
    const v = tg.variable('v', V0);
    const f = tg.sum(tg.sigmoid(v));
    const h = tg.hessian(f, v);
    expectForm(h, 'diag(σ(v) ⊙ (1 − σ(v)) ⊙ (1 − 2·σ(v)))', '\\operatorname{diag}\\left(\\sigma\\left(v\\right) \\odot \\left(1 - \\sigma\\left(v\\right)\\right) \\odot \\left(1 - 2 \\sigma\\left(v\\right)\\right)\\right)');
    expectClose(numbers(displayForm(h).node.value), numbers(h.value), 1e-12);
    // The diagonal against central differences of the gradient.
    const g = tg.grad(f, v);
    matchesDifferences(tg.dot(g, tg.constant([1, 1, 1])), v, tg.grad(tg.dot(g, tg.constant([1, 1, 1])), v));
    const s = V0.map((t) => 1 / (1 + Math.exp(-t)));
    expectClose(numbers(h.value), V0.flatMap((_, i) => V0.map((__, j) => (i === j ? s[i]! * (1 - s[i]!) * (1 - 2 * s[i]!) : 0))), 1e-12);
    // A difference of diagonals with something else beside them is left alone.
    expectForm(tg.sub(h, tg.eye(3)), 'diag(σ(v) ⊙ (1 − σ(v)) ⊙ (1 − 2·σ(v))) − I', '\\operatorname{diag}\\left(\\sigma\\left(v\\right) \\odot \\left(1 - \\sigma\\left(v\\right)\\right) \\odot \\left(1 - 2 \\sigma\\left(v\\right)\\right)\\right) - I');
  });

  it('the derivative of x^x is x^x·(1 + log(x)): powers of one base add their exponents when the sum collects', () => {
    const x = tg.variable('x', 1.7), y = tg.variable('y', 0.6);
    const g = tg.grad(tg.pow(x, x), x);
    expectForm(g, 'x^x·(1 + log(x))', 'x^{x} \\left(1 + \\log\\left(x\\right)\\right)');
    matchesDifferences(tg.pow(x, x), x, g);
    expectClose(numbers(g.value), [1.7 ** 1.7 * (1 + Math.log(1.7))], 1e-12);
    printedIsEvaluated(g, tg.toLatex(g), { x: 1.7 });
    const rows: [tg.Node, string][] = [
      [tg.mul(tg.mul(x, x), tg.pow(x, tg.sub(x, 1))), 'x^(x + 1)'],
      [tg.div(tg.pow(x, tg.add(x, 1)), x), 'x^x'],
      // Nothing collects: left as it is.
      [tg.mul(x, tg.pow(x, y)), 'x·x^y'],
      [tg.grad(tg.pow(x, y), x), 'y·x^(y − 1)'],
    ];
    for (const [n, text] of rows) {
      expect(tg.toText(n)).toBe(text);
      printedIsEvaluated(n, tg.toLatex(n), { x: 1.7, y: 0.6 });
    }
  });

  it('the Hessian of ‖v‖² is 2·I: a multiple of the identity prints as one, not as its numbers', () => {
    const v = tg.variable('v', V0);
    const rows: [tg.Node, string, string][] = [
      [tg.hessian(tg.sum(tg.mul(v, v)), v), '2·I', '2 I'],
      [tg.hessian(tg.neg(tg.sum(tg.mul(v, v))), v), '−2·I', '-2 I'],
      [tg.hessian(tg.mul(1e-20, tg.sum(tg.mul(v, v))), v), '2e−20·I', '2 \\times 10^{-20} \\cdot I'],
    ];
    for (const [h, text, latex] of rows) {
      expectForm(h, text, latex);
      printedIsEvaluated(h, latex, { I: tg.eye(3) });
    }
    matchesDifferences(tg.dot(tg.grad(tg.sum(tg.mul(v, v)), v), tg.constant([1, 1, 1])), v, tg.grad(tg.dot(tg.grad(tg.sum(tg.mul(v, v)), v), tg.constant([1, 1, 1])), v));
    // Not a multiple of the identity: the numbers.
    expect(tg.toText(tg.constant([[2, 0], [0, 3]]))).toBe('[[2, 0], [0, 3]]');
    expect(tg.toText(tg.constant([[2, 1], [0, 2]]))).toBe('[[2, 1], [0, 2]]');
  });

  it('a multiple of the identity is a term like any other: A + Aᵀ − ½·I, AᵀA + λ·I (last, as a constant is), −½·I', () => {
    const x0 = [1, -2], A0 = [[1, 2], [3, 4], [0, 1]], S0 = [[1, 2], [3, 4]], b0 = [1, 0, 2];
    const x = tg.variable('x', x0);
    const A = tg.constant(A0, { label: 'A' }), S = tg.constant(S0, { label: 'A' }), b = tg.constant(b0, { label: 'b' });
    const lam = tg.constant(0.1, { label: 'λ' });
    const r = tg.sub(tg.matmul(A, x), b);
    const rows: [tg.Node, string, string, Record<string, tg.TensorLike>][] = [
      [tg.sub(tg.dot(x, tg.matmul(S, x)), tg.mul(0.25, tg.dot(x, x))), 'A + Aᵀ − ½·I', 'A + A^\\top - \\frac{1}{2} I', { A: S0 }],
      [tg.add(tg.mul(0.5, tg.dot(r, r)), tg.mul(tg.div(lam, 2), tg.dot(x, x))), 'Aᵀ A + λ·I', 'A^\\top A + \\lambda I', { A: A0, λ: 0.1 }],
      [tg.mul(-0.25, tg.dot(x, x)), '−½·I', '-\\frac{1}{2} I', {}],
      // A decimal multiple: its two pieces (from ½‖r‖²'s and 0.05‖x‖²'s) collect into one.
      [tg.add(tg.mul(0.5, tg.dot(r, r)), tg.mul(0.05, tg.dot(x, x))), 'Aᵀ A + 0.1·I', 'A^\\top A + 0.1 I', { A: A0 }],
      [tg.sub(tg.mul(0.5, tg.dot(r, r)), tg.mul(0.05, tg.dot(x, x))), 'Aᵀ A − 0.1·I', 'A^\\top A - 0.1 I', { A: A0 }],
    ];
    for (const [f, text, latex, bindings] of rows) {
      const h = tg.hessian(f, x);
      expectForm(h, text, latex);
      printedIsEvaluated(h, latex, { ...bindings, I: tg.eye(2) });
      // Row by row against central differences of the gradient.
      const g = tg.grad(f, x);
      for (let i = 0; i < 2; i++) {
        const e = tg.constant(i === 0 ? [1, 0] : [0, 1]);
        matchesDifferences(tg.dot(g, e), x, tg.grad(tg.dot(g, e), x));
        expectClose(numbers(tg.grad(tg.dot(g, e), x).value), numbers(h.value).slice(2 * i, 2 * i + 2), 1e-12);
      }
    }
    // I − p pᵀ keeps its positive term first.
    const p = tg.variable('p', [0.25, 0.75]);
    const m = tg.sub(tg.constant(tg.eye(2)), tg.matmul(tg.reshape(p, [2, 1]), tg.reshape(p, [1, 2])));
    expect(tg.toText(m)).toBe('I − p pᵀ');
  });

  it('the derivative of a quotient is over one denominator when its numerator cancels: d(x/(1 + x)) = 1/(1 + x)²', () => {
    const x = tg.variable('x', 1.7), y = tg.variable('y', 0.6);
    const rows: [tg.Node, tg.Node, string, string][] = [
      [tg.div(x, tg.add(1, x)), x, '1 / (1 + x)²', '\\frac{1}{\\left(1 + x\\right)^{2}}'],
      [tg.div(x, tg.add(x, y)), x, 'y / (x + y)²', '\\frac{y}{\\left(x + y\\right)^{2}}'],
      [tg.div(x, tg.add(x, y)), y, '−x / (x + y)²', '-\\frac{x}{\\left(x + y\\right)^{2}}'],
      [tg.div(tg.sub(x, 1), tg.add(x, 1)), x, '2 / (x + 1)²', '\\frac{2}{\\left(x + 1\\right)^{2}}'],
    ];
    for (const [f, wrt, text, latex] of rows) {
      const g = tg.grad(f, wrt);
      expectForm(g, text, latex);
      matchesDifferences(f, wrt, g);
      printedIsEvaluated(g, latex, { x: 1.7, y: 0.6 });
    }
  });

  it('a name comes before a function of it, as SymPy prints: −x·exp(−½·x²), 2·x·cos(x²); sin(a)·b and σ(z)·(1 − σ(z))·x keep their order', () => {
    const x = tg.variable('x', 1.7), a = tg.variable('a', 0.4), b = tg.variable('b', -1.3);
    const gauss = tg.exp(tg.div(tg.neg(tg.mul(x, x)), 2));
    const rows: [tg.Node, string][] = [
      [tg.grad(gauss, x), '−x·exp(−½·x²)'],
      [tg.grad(tg.sin(tg.mul(x, x)), x), '2·x·cos(x²)'],
      [tg.mul(tg.sin(a), b), 'sin(a)·b'],
      [tg.grad(tg.sigmoid(tg.mul(a, x)), a), 'σ(a·x)·(1 − σ(a·x))·x'],
    ];
    for (const [n, text] of rows) {
      expect(tg.toText(n)).toBe(text);
      printedIsEvaluated(n, tg.toLatex(n), { x: 1.7, a: 0.4, b: -1.3 });
    }
    matchesDifferences(gauss, x, rows[0]![0]);
  });

  it('exp(u) over its sum along one axis is softmax(u), and a softmax over another axis than the last says which', () => {
    const v = tg.variable('v', V0), Zv = [[1, 2, 0], [0.5, -1, 3]], Z = tg.variable('Z', Zv);
    const rows: [tg.Node, string, string][] = [
      [tg.grad(tg.log(tg.sum(tg.exp(v))), v), 'softmax(v)', '\\operatorname{softmax}\\left(v\\right)'],
      [tg.grad(tg.sum(tg.log(tg.sum(tg.exp(Z), 1))), Z), 'softmax(Z)', '\\operatorname{softmax}\\left(Z\\right)'],
      [tg.div(tg.exp(Z), tg.sum(tg.exp(Z), 1, true)), 'softmax(Z)', '\\operatorname{softmax}\\left(Z\\right)'],
      [tg.div(tg.exp(Z), tg.sum(tg.exp(Z), 0, true)), 'softmax[axis 0](Z)', '\\operatorname{softmax}_{\\mathrm{axis}\\,0}\\left(Z\\right)'],
      [tg.softmax(Z, 0), 'softmax[axis 0](Z)', '\\operatorname{softmax}_{\\mathrm{axis}\\,0}\\left(Z\\right)'],
      [tg.logSoftmax(Z, 0), 'log softmax[axis 0](Z)', '\\log\\operatorname{softmax}_{\\mathrm{axis}\\,0}\\left(Z\\right)'],
      // Over all of a matrix it is no softmax along an axis: left as it is.
      [tg.div(tg.exp(Z), tg.sum(tg.exp(Z))), 'exp(Z) / (1ᵀ exp(Z) 1)', '\\frac{e^{Z}}{\\mathbf{1}^\\top e^{Z} \\mathbf{1}}'],
    ];
    for (const [n, text, latex] of rows) {
      expectForm(n, text, latex);
      printedIsEvaluated(n, latex, { v: V0, Z: Zv });
    }
    matchesDifferences(tg.log(tg.sum(tg.exp(v))), v, rows[0]![0]);
  });
});
