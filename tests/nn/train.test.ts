import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const bceLogits = (p: tg.Node, y: tg.Node) => tg.nn.bce(p, y, { fromLogits: true });

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

describe('fit', () => {
  it('trains the seed article\'s 2-4-1 sigmoid network on XOR to 100% accuracy with binary cross-entropy', () => {
    const data = tg.nn.xor();
    const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', init: 'normal', seed: 0 });
    const run = tg.nn.fit(net, data, { loss: bceLogits, optimizer: tg.nn.adam(net.parameters, { lr: 0.01 }), steps: 1000, progress: false });
    expect(run.history.length).toBe(1000);
    expect(run.steps).toBe(1000);
    expect(tg.nn.accuracy(run.output, data.y, { threshold: 0 })).toBe(1);
    expect(tg.nn.predictLabels(run.output, { threshold: 0 })).toEqual([0, 1, 1, 0]);
    expect(run.history[999]).toBeLessThan(0.1);
    expect(run.history[999]).toBeLessThan(run.history[0]! / 5);
    expect(tg.nn.accuracy(net.predict(data.X), data.y, { threshold: 0 })).toBe(1);
  });

  it('also trains with a sigmoid output and binary cross-entropy on probabilities', () => {
    const data = tg.nn.xor();
    const net = tg.nn.mlp([2, 4, 1], { activation: 'tanh', outputActivation: 'sigmoid', seed: 1 });
    const run = tg.nn.fit(net, data, { loss: (p, y) => tg.nn.bce(p, y), optimizer: tg.nn.adam(net.parameters, { lr: 0.05 }), steps: 400, progress: false });
    expect(tg.nn.accuracy(run.output, data.y)).toBe(1);
  });

  it('fits the CS231n spiral (3 × 100 points) to ≥ 95% with 100 relu units and softmax cross-entropy', () => {
    const data = tg.nn.spiral({ classes: 3, points: 100, seed: 0 });
    const net = tg.nn.mlp([2, 100, 3], { activation: 'relu', seed: 0 });
    const run = tg.nn.fit(net, data, { loss: tg.nn.softmaxCrossEntropy, optimizer: tg.nn.adam(net.parameters, { lr: 0.05 }), steps: 200, progress: false });
    expect(run.target.name).toBe('Y');
    expect(run.target.shape).toEqual([300, 3]);
    const acc = tg.nn.accuracy(run.output, data.y);
    expect(acc).toBeGreaterThanOrEqual(0.95);
    // A linear classifier cannot do this: the hidden layer matters.
    const lin = tg.nn.mlp([2, 3], { seed: 0 });
    const linRun = tg.nn.fit(lin, data, { loss: tg.nn.softmaxCrossEntropy, optimizer: tg.nn.adam(lin.parameters, { lr: 0.05 }), steps: 200, progress: false });
    expect(tg.nn.accuracy(linRun.output, data.y)).toBeLessThan(0.7);
  });

  it('builds the graph once: 1000 steps do not create nodes after the first', () => {
    const net = tg.nn.mlp([2, 4, 1], { seed: 3 });
    let forwardCalls = 0;
    const model = { parameters: net.parameters, forward: (x: tg.Node) => (forwardCalls++, net.forward(x)) };
    const data = tg.nn.xor({ samples: 40, noise: 0.05, seed: 1 }); // X has 80 elements: constants this big are not interned
    let afterFirst = -1;
    const run = tg.nn.fit(model, data, {
      loss: bceLogits,
      steps: 1000,
      progress: false,
      until: (t) => {
        if (t === 1) afterFirst = tg.graphStats().created;
      },
    });
    expect(run.steps).toBe(1000);
    expect(forwardCalls).toBe(1);
    expect(afterFirst).toBeGreaterThan(0);
    expect(tg.graphStats().created).toBe(afterFirst);
  });

  it('names the graph: X, the target y, the loss L, and builds targets from integer labels', () => {
    const net = tg.nn.mlp([2, 3, 1], { seed: 0 });
    const run = tg.nn.fit(net, tg.nn.xor(), { loss: tg.nn.mse, steps: 1, progress: false });
    expect([run.X.name, run.target.name, run.loss.label]).toEqual(['X', 'y', 'L']);
    expect(run.target.tensor.toArray()).toEqual([[0], [1], [1], [0]]);
    expect(run.output.label).toBe('z^{(2)}');
    expect(run.gradients.map((g) => g.shape)).toEqual(net.parameters.map((p) => p.shape));
    expect(run.parameters).toEqual(net.parameters);
    const named = tg.nn.fit(net, tg.nn.xor(), { loss: (p, y) => tg.nn.mse(p, y).as('J'), steps: 1, progress: false });
    expect(named.loss.label).toBe('J');
  });

  it('rejects a bad model, data, loss or options', () => {
    const net = tg.nn.mlp([2, 1]);
    const data = tg.nn.xor();
    expect(() => tg.nn.fit({} as never, data, { loss: tg.nn.mse })).toThrow('fit: model must have forward(x) and parameters');
    expect(() => tg.nn.fit(net, { X: data.X } as never, { loss: tg.nn.mse })).toThrow('fit: data must be { X, y }');
    expect(() => tg.nn.fit(net, data, {} as never)).toThrow('fit: options.loss must be a function (prediction, target) => loss, e.g. tg.nn.mse; got undefined');
    expect(() => tg.nn.fit(net, data, { loss: (p) => p, progress: false })).toThrow('fit: the loss function must return a scalar node; got shape [4, 1]');
    expect(() => tg.nn.fit(net, { X: [[1, 2, 3]], y: [1] }, { loss: tg.nn.mse })).toThrow(tg.ShapeError);
    expect(() => tg.nn.fit(net, data, { loss: tg.nn.mse, steps: 0 })).toThrow('fit: steps must be a positive integer; got 0');
    expect(() => tg.nn.fit(net, data, { loss: tg.nn.mse, epochs: 3 } as never)).toThrow("fit: unknown option 'epochs'");
  });
});

describe('minimize', () => {
  it('records the loss before each update', () => {
    const w = tg.variable('w', 5);
    const loss = w.mul(w);
    const run = tg.nn.minimize(loss, { optimizer: tg.nn.sgd([w], { lr: 0.25 }), steps: 3, progress: false });
    // w: 5 → 2.5 → 1.25 → 0.625
    expect(run.history).toEqual([25, 6.25, 1.5625]);
    expect(w.value).toBe(0.625);
    expect(run.gradients[0]!.value).toBe(1.25);
  });

  it('stops when until returns true', () => {
    const w = tg.variable('w', 5);
    const run = tg.nn.minimize(w.mul(w), { optimizer: tg.nn.sgd([w]), steps: 100, progress: false, until: (t) => t === 7 });
    expect([run.steps, run.history.length]).toEqual([7, 7]);
  });

  it('stops with a clear error when the loss is not finite', () => {
    const w = tg.variable('w', 1);
    expect(() => tg.nn.minimize(tg.log(w), { optimizer: tg.nn.sgd([w], { lr: 2 }), steps: 5, progress: false })).toThrow(
      'minimize: the loss is not finite at step 2 (NaN); lower the learning rate or check the data',
    );
  });

  it('requires a scalar loss and an optimizer', () => {
    const w = tg.variable('w', [1, 2]);
    expect(() => tg.nn.minimize(w.mul(2), { optimizer: tg.nn.sgd([w]) })).toThrow('minimize: the loss must be a scalar; got shape [2] (reduce it with mean or sum)');
    expect(() => tg.nn.minimize(tg.sum(w), {} as never)).toThrow('minimize: optimizer must be an optimizer such as tg.nn.adam(parameters, { lr: 0.01 }); got undefined');
  });
});

describe('progress', () => {
  const train = (options: Partial<tg.nn.MinimizeOptions>) => {
    const w = tg.variable('w', 2);
    return tg.nn.minimize(w.mul(w), { optimizer: tg.nn.sgd([w], { lr: 0.25 }), steps: 20, ...options });
  };

  it('prints plain periodic lines when the output is not a terminal', () => {
    const out = capture(false);
    train({ stream: out.stream, logEvery: 5 });
    const lines = out.text().split('\n');
    expect(lines.map((l) => l.slice(0, 10))).toEqual(['step  1/20', 'step  5/20', 'step 10/20', 'step 15/20', 'step 20/20', '']);
    expect(lines[0]).toBe('step  1/20  loss 4.000000');
    expect(lines[1]).toBe('step  5/20  loss 0.015625');
    expect(out.text()).not.toContain('\r');
  });

  it('draws a bar with the loss, in place, on a terminal', () => {
    const out = capture(true);
    train({ stream: out.stream });
    const text = out.text();
    expect(text.startsWith('\r')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').length).toBe(2);
    const last = text.split('\r').at(-1)!;
    expect(last).toMatch(/^█{30} 20\/20 {2}loss \S+\x1b\[K\n$/);
    expect(text).toContain('░');
  });

  it('is silent with progress: false', () => {
    const out = capture(false);
    train({ stream: out.stream, progress: false });
    expect(out.text()).toBe('');
  });
});
