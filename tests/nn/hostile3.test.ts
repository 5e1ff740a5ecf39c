/**
 * A hostile review of the eager loop, nn and explain (helper-15, 2026-12-05), each reproducer
 * a test: a display rule rewrote the gradients of a one-row batch 12,811 times (2 s a
 * gradient), micrograd's `p.grad = 0` was ignored or a raw TypeError, a bad progress stream
 * failed after the first step had changed the parameters, a custom activation's wrong result
 * was a raw TypeError or changed the output's shape, huge data sets ran out of heap, and
 * explain of a tensor output printed the gradient of its sum as ∂z/∂b.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { caught } from '../helpers/errors.js';

describe('explain and the printers on a batch of one row', () => {
  it('reach their form in a few rewrites (a rule took a [1, 1] factor out of a reshape and put it back, 12,811 times)', () => {
    const net = tg.nn.mlp([2, 3, 1], { activation: 'tanh', seed: 0 });
    const X = tg.variable('X', [[0.3, 0.2]]), y = tg.variable('y', [[0.5]]);
    const L = tg.nn.mse(net.forward(X), y).as('L');
    const gs = tg.grad(L, net.parameters);
    const before = tg.graphStats().created;
    const texts = gs.map((g) => tg.toText(g));
    // 166,574 nodes were made for the second gradient alone.
    expect(tg.graphStats().created - before).toBeLessThan(2000);
    expect(texts[1]).toBe('2·(z⁽²⁾ − y)·(W⁽²⁾)ᵀ ⊙ (1 − (a⁽¹⁾)²)');
    expect(texts[3]).toBe('2·(z⁽²⁾ − y)');
    const d = tg.explain(L, { wrt: net.parameters });
    expect(d.gradients.map((e) => e.lhs.text)).toEqual(['∂L/∂W⁽¹⁾', '∂L/∂b⁽¹⁾', '∂L/∂W⁽²⁾', '∂L/∂b⁽²⁾']);
  });
});

describe("micrograd's p.grad = 0", () => {
  it('clears the gradient, as zeroGrad() does; any other value is an ArgumentError', () => {
    const w = tg.variable('w', 1);
    const seen: unknown[] = [];
    for (let s = 0; s < 3; s++) {
      const loss = w.mul(3).pow(2);
      w.grad = 0;
      loss.backward();
      seen.push(w.grad);
    }
    expect(seen).toEqual([18, 18, 18]); // was 18, 36, 54 in CommonJS (ignored) and a TypeError in ES modules
    w.grad = undefined;
    expect(w.grad).toBe(0);
    const e = caught(() => {
      w.grad = 5;
    });
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toBe("grad: 'w'.grad can only be set to 0 (clearing it, as zeroGrad() does); backward() sets gradients; got 5");
    expect(caught(() => {
      w.mul(2).grad = 0;
    })).toBeInstanceOf(tg.ArgumentError);
  });
});

describe('fit and minimize check the progress stream before the first step', () => {
  it.each([[{}], ['x'], [null], [{ write: () => undefined, isTTY: 'yes' }]])('stream %j', (stream) => {
    const w = tg.variable('w', 1);
    const e = caught(() => tg.nn.minimize(w.sub(3).pow(2), { optimizer: tg.nn.sgd([w], { lr: 0.1 }), steps: 3, stream: stream as never }));
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toMatch(/^minimize: stream must be an object with a write\(text\) method/);
    expect(w.value).toBe(1); // was 1.4: the first step ran before the stream failed
  });
});

describe("a custom activation's result is checked", () => {
  it.each([
    [{ activation: () => 0 }, tg.ArgumentError, 'mlp: the activation of layer 1 must return a node of its input\'s shape [1, 3]; got 0'],
    [{ activation: () => undefined }, tg.ArgumentError, 'mlp: the activation of layer 1 must return a node of its input\'s shape [1, 3]; got undefined'],
    [{ outputActivation: (z: tg.Node) => tg.sum(z) }, tg.ShapeError, 'mlp: the output activation of layer 2 must keep the shape [1, 2]; it returned a node of shape []'],
  ])('%#', (options, type, message) => {
    const e = caught(() => tg.nn.mlp([2, 3, 2], options as never).forward(tg.constant([[1, 2]])));
    expect(e).toBeInstanceOf(type);
    expect((e as Error).message).toBe(message);
  });
});

describe('generated data sets are bounded before they are built', () => {
  it.each([
    ['xor', () => tg.nn.xor({ samples: 2 ** 31 }), 'xor: samples is 2,147,483,648; a generated data set holds at most 10,000,000 points'],
    ['moons', () => tg.nn.moons({ samples: 3e8 }), 'moons: samples is 300,000,000; a generated data set holds at most 10,000,000 points'],
    ['circles', () => tg.nn.circles({ samples: 1e8 }), 'circles: samples is 100,000,000; a generated data set holds at most 10,000,000 points'],
    ['spiral', () => tg.nn.spiral({ classes: 1e5, points: 1e5 }), 'spiral: classes × points is 10,000,000,000; a generated data set holds at most 10,000,000 points'],
  ])('%s', (_name, make, message) => {
    const e = caught(make);
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toBe(message);
  });
});

describe('explain is of a scalar, as grad and backward are', () => {
  it('a tensor output is a ShapeError (its gradients were those of its sum, printed as ∂z/∂b)', () => {
    const net = tg.nn.mlp([2, 3, 1], { activation: 'sigmoid', seed: 0 });
    const X = tg.variable('X', [[0.3, 0.2], [0.1, 0.5]]);
    const e = caught(() => tg.explain(net.forward(X), { wrt: [net.parameters[3]!] }));
    expect(e).toBeInstanceOf(tg.ShapeError);
    expect((e as Error).message).toBe('explain: y has shape [2, 1]; a derivation is of a scalar (a loss): reduce it first, e.g. tg.sum(y)');
    expect(tg.explain(tg.sum(net.forward(X)), { wrt: [net.parameters[3]!] }).toText()).toContain('∂L/∂b⁽²⁾ = 2');
  });
});

describe('printer options', () => {
  it('inline is true or false (a string was taken as true)', () => {
    const x = tg.variable('x', 1);
    expect(() => tg.toLatex(x.mul(2), { inline: 'yes' as never })).toThrow("toLatex: inline must be true or false; got \"yes\"");
    expect(tg.toText(x.mul(2), { inline: true })).toBe('2·x');
  });
});

describe('explain on a micrograd MLP', () => {
  it('does not simplify expanded forms too large to show (each of the gradients was simplified over thousands of nodes: 10 s for MLP(2, [16, 16, 16, 1]), now 0.6 s)', async () => {
    const { microgradMlp } = await import('../../examples/micrograd-mlp.js');
    const { loss, parameters } = microgradMlp({ sizes: [2, 16, 16, 16, 1] });
    const before = tg.graphStats().created;
    const d = tg.explain(loss, { wrt: parameters, warn: false });
    // 8,446 nodes were made on the way, for expanded forms that then printed past their limit.
    expect(tg.graphStats().created - before).toBeLessThan(5000);
    expect(d.gradients.length).toBeGreaterThan(0);
    expect(d.gradients.every((g) => g.stages.every((s) => s.label !== 'expanded'))).toBe(true);
  });
});
