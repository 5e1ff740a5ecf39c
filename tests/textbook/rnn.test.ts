/**
 * A tanh RNN, hₜ = tanh(W hₜ₋₁ + U xₜ + b), unrolled over three steps: the weight W is shared,
 * so its gradient is a sum over time, which the derivation shows both unrolled
 * (δ₃ h₂ᵀ + δ₂ h₁ᵀ + δ₁ h₀ᵀ) and as the textbook writes it, Σₜ δₜ hₜ₋₁ᵀ, with δₜ = ∂L/∂zₜ.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, katexOk, matchesDifferences, stages } from './textbook.js';

function rnn(T: number) {
  const W = tg.variable('W', tg.randn([2, 2], { seed: 1, std: 0.5 })), U = tg.variable('U', tg.randn([2, 2], { seed: 2, std: 0.5 }));
  const b = tg.variable('b', [0.1, -0.1]);
  let h: tg.Node = tg.constant([0.3, -0.2], { label: 'h_{0}' });
  for (let t = 1; t <= T; t++) {
    const x = tg.constant(tg.randn([2], { seed: 10 + t }), { label: `x_{${t}}` });
    const z = tg.matmul(W, h).add(tg.matmul(U, x)).add(b).as(`z_{${t}}`);
    h = tg.tanh(z).as(`h_{${t}}`);
  }
  const L = tg.mul(0.5, tg.sum(tg.pow(h, 2))).as('L');
  return { L, W, U, b };
}

describe('a tanh RNN: the gradient of a shared weight is a sum over time', () => {
  it('shows Σₜ δₜ hₜ₋₁ᵀ beside the unrolled terms, in text and LaTeX', () => {
    const { L, W } = rnn(3);
    const d = tg.explain(L, { wrt: [W], adjoint: 'delta', warn: false });
    const g = stages(equation(d, '∂L/∂W'));
    expect(g.text).toEqual(['δ₃ h₂ᵀ + δ₂ h₁ᵀ + δ₁ h₀ᵀ', 'Σₜ δₜ hₜ₋₁ᵀ (t = 1, …, 3)']);
    expect(g.latex).toEqual(['\\delta_{3} h_{2}^\\top + \\delta_{2} h_{1}^\\top + \\delta_{1} h_{0}^\\top', '\\sum_{t=1}^{3} \\delta_{t} h_{t-1}^\\top']);
    expect(equation(d, '∂L/∂W').stages[1]!.label).toBe('sum over t');
    // δₜ = δ_hₜ ⊙ (1 − hₜ²): tanh′ written with the output, as textbooks do.
    expect(stages(equation(d, 'δ₂')).text.at(-1)).toBe('δ_h₂ ⊙ (1 − h₂²)');
    expect(stages(equation(d, 'δ_h₂')).text.at(-1)).toBe('Wᵀ δ₃');
    matchesDifferences(L, W, tg.grad(L, W));
  });

  it('folds any length, and in bar notation too', () => {
    const { L, W, U } = rnn(5);
    const d = tg.explain(L, { wrt: [W, U], warn: false, values: false });
    expect(stages(equation(d, '∂L/∂W')).text.at(-1)).toBe('Σₜ z̄ₜ hₜ₋₁ᵀ (t = 1, …, 5)');
    expect(stages(equation(d, '∂L/∂U')).text.at(-1)).toBe('Σₜ z̄ₜ xₜᵀ (t = 1, …, 5)');
    katexOk(equation(d, '∂L/∂U').stages.at(-1)!.latex);
  });

  it('folds nothing that is not a shifted sum', () => {
    const x = tg.variable('x', 1), a = tg.variable('a', 2), b = tg.variable('b', 3);
    const d = tg.explain(x.mul(a).add(x.mul(b)).as('y'), { wrt: [x], warn: false });
    expect(equation(d, '∂y/∂x').stages.map((s) => s.label)).not.toContain('sum over t');
  });
});
