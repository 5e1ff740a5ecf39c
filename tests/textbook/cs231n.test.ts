/**
 * CS231n's neuron with the sigmoid written out (the "Backpropagation, intuitions" notes):
 * f(w, x) = 1 / (1 + e^−(w₀x₀ + w₁x₁ + w₂)) at w = (2, −3, −3), x = (−1, −2). The notes' local
 * gradient is (1 − f) f, and dw = [x₀, x₁, 1]·(1 − f) f, dx = [w₀, w₁]·(1 − f) f.
 */
import { derivative } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, expectClose, katexOk, matchesDifferences, numbers, printedIsEvaluated, stages } from './textbook.js';

function neuron() {
  const w0 = tg.variable('w0', 2), x0 = tg.variable('x0', -1), w1 = tg.variable('w1', -3), x1 = tg.variable('x1', -2), w2 = tg.variable('w2', -3);
  const z = w0.mul(x0).add(w1.mul(x1)).add(w2).as('z');
  const f = tg.div(1, tg.add(1, tg.exp(tg.neg(z)))).as('f');
  return { w0, x0, w1, x1, w2, z, f, inputs: [w0, x0, w1, x1, w2] };
}

describe('CS231n: a neuron with the sigmoid written out', () => {
  it('prints the local gradient as the notes do: (1 − f) f', () => {
    const { f, inputs } = neuron();
    const d = tg.explain(f, { wrt: inputs, warn: false });
    const zbar = stages(equation(d, 'z̄'));
    expect(zbar.text).toEqual(['f̄·∂f/∂z', 'f̄·f·(1 − f)', 'f·(1 − f)']);
    expect(zbar.latex).toEqual(['\\bar{f} \\frac{\\partial f}{\\partial z}', '\\bar{f} f \\left(1 - f\\right)', 'f \\left(1 - f\\right)']);
    // The forward equation keeps the definition as written: it is the function being taught.
    expect(equation(d, 'f').stages[0]!.text).toBe('1 / (1 + exp(−z))');
    expect(equation(d, 'z̄').value!.data).toBeCloseTo(0.196612, 6);
  });

  it('dw = [x₀, x₁, 1]·(1 − f) f and dx = [w₀, w₁]·(1 − f) f, compact and expanded', () => {
    const { f, inputs, w0 } = neuron();
    const d = tg.explain(f, { wrt: inputs, warn: false });
    const dw0 = stages(equation(d, '∂f/∂w₀'));
    expect(dw0.text).toEqual(['z̄·x₀', 'σ(w₀·x₀ + w₁·x₁ + w₂)·(1 − σ(w₀·x₀ + w₁·x₁ + w₂))·x₀']);
    expect(dw0.latex[1]).toBe('\\sigma\\left(w_{0} x_{0} + w_{1} x_{1} + w_{2}\\right) \\left(1 - \\sigma\\left(w_{0} x_{0} + w_{1} x_{1} + w_{2}\\right)\\right) x_{0}');
    expect(d.gradients.map((e) => e.stages[0]!.text)).toEqual(['z̄·x₀', 'z̄·w₀', 'z̄·x₁', 'z̄·w₁', 'z̄']);
    // The notes' numbers: dx = [0.39, −0.59], dw = [−0.2, −0.39, 0.2].
    expectClose(d.gradients.map((e) => e.value!.data as number), [-0.196612, 0.393224, -0.393224, -0.589836, 0.196612], 1e-6);
    void w0;
  });

  it('toText and toLatex of the gradient print f (1 − f) x₀, and that is what is evaluated', () => {
    const { f, w0, x0, inputs } = neuron();
    for (const x of inputs) {
      const g = tg.grad(f, x);
      matchesDifferences(f, x, g);
    }
    const g = tg.grad(f, w0);
    expect(tg.toText(g)).toBe('f·(1 − f)·x₀');
    expect(tg.toLatex(g)).toBe('f \\left(1 - f\\right) x_{0}');
    katexOk(tg.toLatex(g));
    printedIsEvaluated(g, tg.toLatex(g), { f: f.value, x_0: x0.value });
    // Expanded to the leaves: σ(w₀x₀ + w₁x₁ + w₂)(1 − σ(…)) x₀, read back as written.
    const expanded = tg.toLatex(g, { inline: true });
    expect(expanded).toBe('\\sigma\\left(w_{0} x_{0} + w_{1} x_{1} + w_{2}\\right) \\left(1 - \\sigma\\left(w_{0} x_{0} + w_{1} x_{1} + w_{2}\\right)\\right) x_{0}');
    printedIsEvaluated(g, expanded, { w_0: 2, x_0: -1, w_1: -3, x_1: -2, w_2: -3 });
  });

  it('agrees with mathjs.derivative of the same formula', () => {
    const { f, inputs } = neuron();
    const formula = '1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))';
    const scope = { w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 };
    for (const x of inputs) {
      const reference = derivative(formula, x.name!).evaluate(scope) as number;
      expect(numbers(tg.grad(f, x).value)[0]).toBeCloseTo(reference, 14);
    }
  });
});
