/**
 * Softmax cross-entropy in its three spellings, each giving the textbook's gradient
 * ∂L/∂z = softmax(z) − y when the labels are a constant whose rows sum to 1 (one-hot), with
 * the derivation saying which fact it used (1ᵀy = 1); for labels that are a variable, no such
 * fact is known and the gradient is softmax(z)·(1ᵀy) − y.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, katexOk, matchesDifferences, printedIsEvaluated, stages } from './textbook.js';

const z0 = [1, 2, 0.5];

describe('softmax cross-entropy', () => {
  it('through logSoftmax: softmax(z) − y, using 1ᵀy = 1', () => {
    const z = tg.variable('z', z0), y = tg.constant([0, 1, 0], { label: 'y' });
    const L = tg.neg(tg.sum(tg.mul(y, tg.logSoftmax(z)))).as('L');
    const d = tg.explain(L, { warn: false });
    expect(stages(equation(d, 'L')).text).toEqual(['−yᵀ log softmax(z)']);
    const g = stages(equation(d, '∂L/∂z'));
    expect(g.text).toEqual(['softmax(z) − y']);
    expect(g.latex).toEqual(['\\operatorname{softmax}\\left(z\\right) - y']);
    const note = equation(d, '∂L/∂z').note!;
    expect(note.text).toBe('using 1ᵀ y = 1, since the entries of y sum to 1');
    expect(note.latex).toBe('\\text{using } \\mathbf{1}^\\top y = 1\\text{, since the entries of }y\\text{ sum to 1}');
    katexOk(note.latex);
    const grad = tg.grad(L, z);
    matchesDifferences(L, z, grad);
    printedIsEvaluated(grad, tg.toLatex(grad), { z: z0, y: [0, 1, 0] });
  });

  it('through log(softmax(z)): the same, the softmax rule cancels against the log', () => {
    const z = tg.variable('z', z0), y = tg.constant([0, 0, 1], { label: 'y' });
    const L = tg.neg(tg.sum(tg.mul(y, tg.log(tg.softmax(z))))).as('L');
    const grad = tg.grad(L, z);
    expect(tg.toText(grad)).toBe('softmax(z) − y');
    expect(tg.toLatex(grad)).toBe('\\operatorname{softmax}\\left(z\\right) - y');
    expect(stages(equation(tg.explain(L, { warn: false }), '∂L/∂z')).text).toEqual(['softmax(z) − y']);
    matchesDifferences(L, z, grad);
    printedIsEvaluated(grad, tg.toLatex(grad), { z: z0, y: [0, 0, 1] });
  });

  it('through nn.softmaxCrossEntropy, batch loss: (softmax(Z) − Y)/n, the labels a named constant', () => {
    const Z = tg.variable('Z', [[1, 2, 0.5], [0, -1, 1], [2, 2, 2], [0.5, 0, -0.5]]);
    const L = tg.nn.softmaxCrossEntropy(Z, [1, 2, 0, 1]).as('L');
    const d = tg.explain(L, { warn: false });
    const g = stages(equation(d, '∂L/∂Z'));
    expect(g.text).toEqual(['(softmax(Z) − Y) / n']);
    expect(g.latex).toEqual(['\\frac{\\operatorname{softmax}\\left(Z\\right) - Y}{n}']);
    expect(equation(d, '∂L/∂Z').note!.text).toBe('using Y 1 = 1, since each row of Y sums to 1');
    expect(d.toLatex()).not.toContain('bmatrix}0 & 1');
    const grad = tg.grad(L, Z);
    matchesDifferences(L, Z, grad);
    const Y = [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];
    printedIsEvaluated(grad, tg.toLatex(grad), { Z: Z.value as tg.Tensor, Y, n: 4 });
  });

  it('with labels that are a variable: softmax(z)·(1ᵀy) − y, no fact assumed', () => {
    const z = tg.variable('z', z0), y = tg.variable('y', [0.2, 0.5, 0.3]);
    const L = tg.neg(tg.sum(tg.mul(y, tg.logSoftmax(z)))).as('L');
    const d = tg.explain(L, { wrt: [z], warn: false });
    const e = equation(d, '∂L/∂z');
    expect(stages(e).text).toEqual(['softmax(z)·(1ᵀ y) − y']);
    expect(stages(e).latex).toEqual(['\\operatorname{softmax}\\left(z\\right) \\left(\\mathbf{1}^\\top y\\right) - y']);
    expect(e.note).toBeUndefined();
    const grad = tg.grad(L, z);
    matchesDifferences(L, z, grad);
    printedIsEvaluated(grad, tg.toLatex(grad), { z: z0, y: [0.2, 0.5, 0.3] });
    // The fact is about the constant's values: labels that do not sum to 1 get no shortcut.
    const half = tg.constant([0, 0.5, 0], { label: 'y' });
    expect(tg.toText(tg.grad(tg.neg(tg.sum(tg.mul(half, tg.logSoftmax(z)))), z))).toBe('softmax(z)·(1ᵀ y) − y');
  });
});
