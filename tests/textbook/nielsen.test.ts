/**
 * Nielsen, "Neural networks and deep learning", chapter 2: the four equations of
 * backpropagation, derived by the engine for a 3-layer sigmoid network with the quadratic
 * cost C = ½‖a⁽³⁾ − y‖², in δ notation (δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾):
 *   BP1 δᴸ = ∇ₐC ⊙ σ′(zᴸ)        BP2 δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)
 *   BP3 ∂C/∂bˡ = δˡ               BP4 ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ
 * in column layout (Nielsen's: one example, a column), and in batch layout (rows are
 * examples: Z = A W + b, so BP2 reads Δˡ W⁽ˡ⁺¹⁾ᵀ, BP3 sums over the rows, 1ᵀ δ, and BP4 is Aᵀ δ).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, katexOk, matchesDifferences, printedIsEvaluated, stages } from './textbook.js';

function columnNetwork() {
  const a1 = tg.variable('a1', [[0.5], [-0.2]], { label: 'a^{(1)}' });
  const W2 = tg.variable('W2', tg.randn([3, 2], { seed: 1 }), { label: 'W^{(2)}' }), b2 = tg.variable('b2', tg.randn([3, 1], { seed: 2 }), { label: 'b^{(2)}' });
  const W3 = tg.variable('W3', tg.randn([2, 3], { seed: 3 }), { label: 'W^{(3)}' }), b3 = tg.variable('b3', tg.randn([2, 1], { seed: 4 }), { label: 'b^{(3)}' });
  const y = tg.constant([[1], [0]], { label: 'y' });
  const z2 = W2.matmul(a1).add(b2).as('z^{(2)}'), a2 = tg.sigmoid(z2).as('a^{(2)}');
  const z3 = W3.matmul(a2).add(b3).as('z^{(3)}'), a3 = tg.sigmoid(z3).as('a^{(3)}');
  const C = tg.mul(0.5, tg.sum(tg.pow(a3.sub(y), 2))).as('C');
  return { C, params: [W2, b2, W3, b3], z2, z3, a2 };
}

function batchNetwork() {
  const A1 = tg.constant(tg.randn([4, 3], { seed: 5 }), { label: 'A^{(1)}' });
  const W2 = tg.variable('W2', tg.randn([3, 5], { seed: 6 }), { label: 'W^{(2)}' }), b2 = tg.variable('b2', tg.randn([5], { seed: 7 }), { label: 'b^{(2)}' });
  const W3 = tg.variable('W3', tg.randn([5, 2], { seed: 8 }), { label: 'W^{(3)}' }), b3 = tg.variable('b3', tg.randn([2], { seed: 9 }), { label: 'b^{(3)}' });
  const Y = tg.constant([[1, 0], [0, 1], [1, 0], [0, 1]], { label: 'Y' });
  const Z2 = A1.matmul(W2).add(b2).as('Z^{(2)}'), A2 = tg.sigmoid(Z2).as('A^{(2)}');
  const Z3 = A2.matmul(W3).add(b3).as('Z^{(3)}'), A3 = tg.sigmoid(Z3).as('A^{(3)}');
  const C = tg.mul(0.5, tg.sum(tg.pow(A3.sub(Y), 2))).as('C');
  return { C, params: [W2, b2, W3, b3], Z2, Z3 };
}

describe('Nielsen, chapter 2: BP1–BP4 in column layout', () => {
  const { C, params, z2, z3, a2 } = columnNetwork();
  const d = tg.explain(C, { wrt: params, adjoint: 'delta', warn: false });
  const last = (lhs: string) => stages(equation(d, lhs));

  it('the cost reads ½‖a⁽³⁾ − y‖², and ∇ₐC = a⁽³⁾ − y (the ½ and the 2 cancel)', () => {
    expect(stages(equation(d, 'C')).text).toEqual(['½·‖a⁽³⁾ − y‖²']);
    expect(stages(equation(d, 'C')).latex).toEqual(['\\frac{1}{2} \\left\\lVert a^{(3)} - y\\right\\rVert^{2}']);
    expect(last('δ_a⁽³⁾').text).toEqual(['δ_C·∂C/∂a⁽³⁾', 'δ_C·(a⁽³⁾ − y)', 'a⁽³⁾ − y']);
  });

  it('BP1: δ⁽³⁾ = (a⁽³⁾ − y) ⊙ σ′(z⁽³⁾), σ′ written a⁽³⁾ ⊙ (1 − a⁽³⁾)', () => {
    expect(last('δ⁽³⁾').text.at(-1)).toBe('(a⁽³⁾ − y) ⊙ a⁽³⁾ ⊙ (1 − a⁽³⁾)');
    expect(last('δ⁽³⁾').latex.at(-1)).toBe('\\left(a^{(3)} - y\\right) \\odot a^{(3)} \\odot \\left(1 - a^{(3)}\\right)');
  });

  it('BP2: δ⁽²⁾ = ((W⁽³⁾)ᵀ δ⁽³⁾) ⊙ σ′(z⁽²⁾)', () => {
    expect(last('δ_a⁽²⁾').text.at(-1)).toBe('(W⁽³⁾)ᵀ δ⁽³⁾');
    expect(last('δ⁽²⁾').text.at(-1)).toBe('δ_a⁽²⁾ ⊙ a⁽²⁾ ⊙ (1 − a⁽²⁾)');
    // In one line, naming δ⁽³⁾ as Nielsen does:
    const [dz2, dz3] = tg.grad(C, [z2, z3]);
    const names = new Map([[dz3!, '\\delta^{(3)}']]);
    expect(tg.toText(dz2!, { names })).toBe('((W⁽³⁾)ᵀ δ⁽³⁾) ⊙ a⁽²⁾ ⊙ (1 − a⁽²⁾)');
    const latex = tg.toLatex(dz2!, { names });
    expect(latex).toBe('\\left(\\left(W^{(3)}\\right)^\\top \\delta^{(3)}\\right) \\odot a^{(2)} \\odot \\left(1 - a^{(2)}\\right)');
    katexOk(latex);
    printedIsEvaluated(dz2!, latex, { 'W^{(3)}': params[2]!.value, '\\delta^{(3)}': dz3!.value, 'a^{(2)}': a2.value });
  });

  it('BP3 and BP4: ∂C/∂b⁽ˡ⁾ = δ⁽ˡ⁾, ∂C/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ', () => {
    expect(d.gradients.map((e) => e.lhs.text)).toEqual(['∂C/∂W⁽²⁾', '∂C/∂b⁽²⁾', '∂C/∂W⁽³⁾', '∂C/∂b⁽³⁾']);
    expect(d.gradients.map((e) => stages(e).text[0])).toEqual(['δ⁽²⁾ (a⁽¹⁾)ᵀ', 'δ⁽²⁾', 'δ⁽³⁾ (a⁽²⁾)ᵀ', 'δ⁽³⁾']);
    expect(d.gradients.map((e) => e.stages[0]!.latex)).toEqual(['\\delta^{(2)} \\left(a^{(1)}\\right)^\\top', '\\delta^{(2)}', '\\delta^{(3)} \\left(a^{(2)}\\right)^\\top', '\\delta^{(3)}']);
    for (const p of params) matchesDifferences(C, p, tg.grad(C, p));
  });
});

describe('Nielsen, chapter 2: BP1–BP4 in batch layout (rows are examples)', () => {
  const { C, params } = batchNetwork();
  const d = tg.explain(C, { wrt: params, adjoint: 'delta', warn: false });
  const last = (lhs: string) => stages(equation(d, lhs)).text.at(-1);

  it('names the δ of Z⁽ˡ⁾ δ⁽ˡ⁾ and states the data layout', () => {
    expect(d.adjoints.map((e) => e.lhs.text)).toContain('δ⁽³⁾');
    expect(d.adjoints.map((e) => e.lhs.text)).toContain('δ⁽²⁾');
    expect(d.toText().split('\n')[0]).toMatch(/in a data matrix each row is one example/);
  });

  it('BP1 and BP2: δ⁽³⁾ = (A⁽³⁾ − Y) ⊙ σ′(Z⁽³⁾), δ⁽²⁾ = (δ⁽³⁾ (W⁽³⁾)ᵀ) ⊙ σ′(Z⁽²⁾)', () => {
    expect(stages(equation(d, 'C')).text).toEqual(['½·‖A⁽³⁾ − Y‖²']);
    expect(last('δ⁽³⁾')).toBe('(A⁽³⁾ − Y) ⊙ A⁽³⁾ ⊙ (1 − A⁽³⁾)');
    expect(last('δ_A⁽²⁾')).toBe('δ⁽³⁾ (W⁽³⁾)ᵀ');
    expect(last('δ⁽²⁾')).toBe('δ_A⁽²⁾ ⊙ A⁽²⁾ ⊙ (1 − A⁽²⁾)');
  });

  it('BP3 and BP4: ∂C/∂b⁽ˡ⁾ = 1ᵀ δ⁽ˡ⁾ (a sum over the examples), ∂C/∂W⁽ˡ⁾ = (A⁽ˡ⁻¹⁾)ᵀ δ⁽ˡ⁾', () => {
    expect(d.gradients.map((e) => stages(e).text[0])).toEqual(['(A⁽¹⁾)ᵀ δ⁽²⁾', '1ᵀ δ⁽²⁾', '(A⁽²⁾)ᵀ δ⁽³⁾', '1ᵀ δ⁽³⁾']);
    expect(d.gradients.map((e) => e.stages[0]!.latex)).toEqual(['\\left(A^{(1)}\\right)^\\top \\delta^{(2)}', '\\mathbf{1}^\\top \\delta^{(2)}', '\\left(A^{(2)}\\right)^\\top \\delta^{(3)}', '\\mathbf{1}^\\top \\delta^{(3)}']);
    for (const p of params) matchesDifferences(C, p, tg.grad(C, p));
  });
});
