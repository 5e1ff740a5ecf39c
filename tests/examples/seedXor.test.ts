import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { seedXorProgram } from '../../examples/seedXor.js';

describe('seedXorProgram', () => {
  it('builds the seed article\'s program: 2-4-1 sigmoid, one logit, softmax cross-entropy, Adam 0.01', () => {
    const p = seedXorProgram({ seed: 0 });
    expect(p.parameters.map((v) => v.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(p.logits.shape).toEqual([4, 1]);
    expect(p.logits.label).toBe('z^{(2)}');
    expect(p.loss.label).toBe('L');
    expect(p.optimizer.name).toBe('adam');
    expect(p.optimizer.lr).toBe(0.01);
    expect(tg.dependsOn(p.loss, p.parameters[0]!)).toBe(true);
  });

  for (let seed = 0; seed < 5; seed++) {
    it(`has structurally zero gradients for every parameter (seed ${seed})`, () => {
      const p = seedXorProgram({ seed });
      expect(p.gradients.map((g) => tg.isZero(g))).toEqual([true, true, true, true]);
    });
  }

  it('keeps a constant loss and unchanged parameters while "training"', () => {
    const p = seedXorProgram({ seed: 1 });
    const before = p.parameters.map((v) => Array.from(v.tensor.data));
    const run = p.train(200, { progress: false });
    expect(new Set(run.history.map(Math.abs))).toEqual(new Set([0]));
    expect(p.parameters.map((v) => Array.from(v.tensor.data))).toEqual(before);
  });

  it('the same network with binary cross-entropy has non-zero gradients', () => {
    const p = seedXorProgram({ seed: 0 });
    const fixed = tg.nn.bce(p.logits, p.Y, { fromLogits: true });
    const grads = tg.grad(fixed, p.parameters);
    expect(grads.map((g) => tg.isZero(g))).toEqual([false, false, false, false]);
    expect(grads.every((g) => Array.from(g.tensor.data).some((v) => v !== 0))).toBe(true);
  });
});
