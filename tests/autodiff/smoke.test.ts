import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('the sigmoid neuron (CS231n)', () => {
  it('has the textbook gradients', () => {
    const w0 = tg.variable('w0', 2), x0 = tg.variable('x0', -1), w1 = tg.variable('w1', -3), x1 = tg.variable('x1', -2), w2 = tg.variable('w2', -3);
    const f = tg.sigmoid(w0.mul(x0).add(w1.mul(x1)).add(w2));
    const g = tg.grad(f, [w0, x0, w1, x1, w2]).map((n) => n.value as number);
    [-0.1966, 0.3932, -0.3932, -0.5898, 0.1966].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 4));
  });
});
