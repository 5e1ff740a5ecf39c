import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const data = (t: tg.Tensor) => Array.from(t.data);
const std = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

describe('linear', () => {
  it('names its parameters as in the textbook', () => {
    const l = tg.nn.linear(3, 2, { layer: 2 });
    expect([l.W.name, l.W.label, l.b!.name, l.b!.label]).toEqual(['W2', 'W^{(2)}', 'b2', 'b^{(2)}']);
    expect(l.W.shape).toEqual([3, 2]);
    expect(l.b!.shape).toEqual([2]);
    expect(l.parameters).toEqual([l.W, l.b]);
    expect(tg.toLatex(l.W)).toBe('W^{(2)}');
    const named = tg.nn.linear(1, 1, { name: 'out' });
    expect([named.W.name, named.W.label]).toEqual(['W_out', 'W_{\\mathrm{out}}']);
    const plain = tg.nn.linear(1, 1);
    expect([plain.W.name, plain.W.label, plain.b!.name]).toEqual(['W', undefined, 'b']);
    expect(tg.nn.linear(2, 2, { bias: false }).parameters.length).toBe(1);
  });

  it('computes X W + b', () => {
    const l = tg.nn.linear(2, 2, { layer: 1 });
    l.W.assign([[1, 2], [3, 4]]);
    l.b!.assign([10, 20]);
    const y = l.forward(tg.constant([[1, 1], [2, 0]]));
    expect((y.value as tg.Tensor).toArray()).toEqual([[14, 26], [12, 24]]);
    expect((l.forward([1, -1]).value as tg.Tensor).toArray()).toEqual([8, 18]);
    expect(l.forward(tg.constant([[1, 1]]), 'z^{(1)}').label).toBe('z^{(1)}');
    const noBias = tg.nn.linear(2, 1, { bias: false });
    noBias.W.assign([[2], [3]]);
    expect((noBias.forward(tg.constant([[1, 1]])).value as tg.Tensor).toArray()).toEqual([[5]]);
  });

  it('builds the same node for the same input (the graph is shared, not rebuilt)', () => {
    const l = tg.nn.linear(2, 3);
    const X = tg.variable('X', [[1, 2]]);
    expect(l.forward(X)).toBe(l.forward(X));
  });

  it('is gradient-checked with respect to W, b and X', () => {
    const l = tg.nn.linear(3, 2, { layer: 1, seed: 4 });
    l.b!.assign([0.3, -0.7]);
    const X = tg.variable('X', tg.randn([4, 3], { seed: 9 }));
    const y = tg.sum(tg.sin(l.forward(X)));
    expect(tg.gradcheck(y, [l.W, l.b!, X]).ok).toBe(true);
  });

  it('initialises xavier, he and normal as documented, reproducibly from the seed', () => {
    const x = tg.nn.linear(200, 100, { init: 'xavier', seed: 1 });
    const r = Math.sqrt(6 / 300);
    const w = data(x.W.tensor);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(r);
    expect(std(w)).toBeCloseTo(r / Math.sqrt(3), 2);
    expect(data(x.b!.tensor).every((v) => v === 0)).toBe(true);
    const he = tg.nn.linear(200, 100, { init: 'he', seed: 1 });
    expect(std(data(he.W.tensor))).toBeCloseTo(Math.sqrt(2 / 200), 2);
    const n = tg.nn.linear(200, 100, { init: 'normal', seed: 1 });
    expect(std(data(n.W.tensor))).toBeCloseTo(1, 1);
    expect(std(data(n.b!.tensor))).toBeGreaterThan(0.5);
    expect(data(tg.nn.linear(3, 3, { seed: 5 }).W.tensor)).toEqual(data(tg.nn.linear(3, 3, { seed: 5 }).W.tensor));
    expect(data(tg.nn.linear(3, 3, { seed: 5 }).W.tensor)).not.toEqual(data(tg.nn.linear(3, 3, { seed: 6 }).W.tensor));
  });

  it('rejects bad arguments with messages that say what is accepted', () => {
    expect(() => tg.nn.linear(0, 2)).toThrow(tg.ArgumentError);
    expect(() => tg.nn.linear(0, 2)).toThrow('linear: inFeatures must be a positive integer; got 0');
    expect(() => tg.nn.linear(2, 2, { init: 'glorot' as never })).toThrow("linear: init must be one of 'xavier', 'he', 'normal'; got \"glorot\"");
    expect(() => tg.nn.linear(2, 2, { lr: 1 } as never)).toThrow("linear: unknown option 'lr'; accepted: init, seed, layer, name, bias");
    expect(() => tg.nn.linear(2, 2, { name: 'a b' })).toThrow('linear: name must be an identifier');
    const l = tg.nn.linear(2, 3);
    expect(() => l.forward(tg.constant([[1, 2, 3]]))).toThrow(tg.ShapeError);
    expect(() => l.forward(tg.constant([[1, 2, 3]]))).toThrow('linear: the input must have shape [n, 2] (or [2]); got [1, 3]');
  });
});

describe('activations', () => {
  const z = tg.variable('z', [-2, 0.5, 3]);
  it('resolves names to the ops', () => {
    expect(tg.nn.activation('sigmoid')(z)).toBe(tg.sigmoid(z));
    expect(tg.nn.activation('tanh')(z)).toBe(tg.tanh(z));
    expect(tg.nn.activation('relu')(z)).toBe(tg.relu(z));
    expect(tg.nn.activation('softplus')(z)).toBe(tg.softplus(z));
    expect(tg.nn.activation('identity')(z)).toBe(z);
    const f = (x: tg.Node) => x.mul(2);
    expect(tg.nn.activation(f)).toBe(f);
    expect(() => tg.nn.activation('gelu' as never)).toThrow("activation: unknown activation \"gelu\"; accepted: 'sigmoid', 'tanh', 'relu', 'softplus', 'identity' or a function of a node");
  });

  for (const name of ['sigmoid', 'tanh', 'relu', 'softplus', 'identity'] as const) {
    it(`${name} is gradient-checked inside a layer`, () => {
      const l = tg.nn.linear(2, 3, { seed: 2 });
      l.b!.assign([0.1, -0.2, 0.3]);
      const X = tg.variable('X', [[0.5, -1.5], [2, 0.25]]);
      const y = tg.sum(tg.nn.activation(name)(l.forward(X)).mul(tg.constant([[1, -2, 3], [0.5, 1, -1]])));
      const report = tg.gradcheck(y, [l.W, l.b!, X]);
      expect(report.ok).toBe(true);
    });
  }
});

describe('mlp', () => {
  it('names parameters, pre-activations and activations, one scope per layer', () => {
    const net = tg.nn.mlp([2, 4, 3, 1], { activation: 'tanh', outputActivation: 'sigmoid', seed: 1 });
    expect(net.parameters.map((p) => [p.name, p.label])).toEqual([
      ['W1', 'W^{(1)}'], ['b1', 'b^{(1)}'], ['W2', 'W^{(2)}'], ['b2', 'b^{(2)}'], ['W3', 'W^{(3)}'], ['b3', 'b^{(3)}'],
    ]);
    expect(net.parameters.map((p) => p.shape)).toEqual([[2, 4], [4], [4, 3], [3], [3, 1], [1]]);
    const X = tg.variable('X', [[0, 1], [1, 0]]);
    const { z, a, output } = net.forwardPass(X);
    expect(z.map((n) => n.label)).toEqual(['z^{(1)}', 'z^{(2)}', 'z^{(3)}']);
    expect(a.map((n) => n.label)).toEqual(['a^{(1)}', 'a^{(2)}', 'a^{(3)}']);
    expect(a.map((n) => n.op.name)).toEqual(['tanh', 'tanh', 'sigmoid']);
    expect(z.map((n) => n.scope)).toEqual(['layer 1', 'layer 2', 'layer 3']);
    expect(net.parameters.map((p) => p.scope)).toEqual(['layer 1', 'layer 1', 'layer 2', 'layer 2', 'layer 3', 'layer 3']);
    expect(output).toBe(a[2]);
    expect(z[1]!.inputs[0]!.inputs[0]).toBe(a[0]);
    expect(tg.toText(z[1]!)).toBe('a⁽¹⁾ W⁽²⁾ + b⁽²⁾');
    expect(net.forward(X)).toBe(output);
  });

  it('ends in z^{(L)} with an identity output', () => {
    const net = tg.nn.mlp([2, 4, 1], { seed: 0 });
    const { z, a, output } = net.forwardPass(tg.variable('X', [[0, 1]]));
    expect(output).toBe(z[1]);
    expect(a[1]).toBe(z[1]);
    expect(a[0]!.op.name).toBe('sigmoid');
  });

  it('computes the textbook forward pass', () => {
    const net = tg.nn.mlp([2, 2, 1], { activation: 'relu' });
    const [W1, b1, W2, b2] = net.parameters as [tg.Node, tg.Node, tg.Node, tg.Node];
    W1.assign([[1, -1], [2, 1]]);
    b1.assign([0, -4]);
    W2.assign([[3], [5]]);
    b2.assign([1]);
    // x = (1, 2): z1 = (5, -3), a1 = (5, 0), z2 = 16
    expect(net.predict([[1, 2]]).toArray()).toEqual([[16]]);
  });

  it('uses He init for relu and Xavier otherwise, seeded per layer', () => {
    const relu = tg.nn.mlp([400, 300, 2], { activation: 'relu', seed: 3 });
    expect(std(data(relu.layers[0]!.W.tensor))).toBeCloseTo(Math.sqrt(2 / 400), 2);
    const sig = tg.nn.mlp([400, 300, 2], { seed: 3 });
    expect(Math.max(...data(sig.layers[0]!.W.tensor).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 700));
    const a = tg.nn.mlp([2, 2, 2], { seed: 1 }), b = tg.nn.mlp([2, 2, 2], { seed: 1 }), c = tg.nn.mlp([2, 2, 2], { seed: 2 });
    expect(data(a.layers[1]!.W.tensor)).toEqual(data(b.layers[1]!.W.tensor));
    expect(data(a.layers[1]!.W.tensor)).not.toEqual(data(c.layers[1]!.W.tensor));
    expect(data(a.layers[0]!.W.tensor)).not.toEqual(data(a.layers[1]!.W.tensor));
  });

  it('is gradient-checked end to end for every hidden activation', () => {
    for (const activation of ['sigmoid', 'tanh', 'softplus', 'relu'] as const) {
      const net = tg.nn.mlp([3, 4, 2], { activation, seed: 7 });
      const X = tg.constant(tg.randn([5, 3], { seed: 2 }));
      const loss = tg.nn.softmaxCrossEntropy(net.forward(X), [0, 1, 1, 0, 1]);
      expect(tg.gradcheck(loss, net.parameters).ok).toBe(true);
    }
  });

  it('rejects bad sizes and options', () => {
    expect(() => tg.nn.mlp([2])).toThrow('mlp: sizes lists the layer widths, input first, at least two (e.g. [2, 4, 1]); got [2]');
    expect(() => tg.nn.mlp([2, 0, 1])).toThrow('mlp: sizes[1] must be a positive integer; got 0');
    expect(() => tg.nn.mlp([2, 1], { activation: 'swish' as never })).toThrow(tg.ArgumentError);
    expect(() => tg.nn.mlp([2, 1], { layers: 2 } as never)).toThrow("mlp: unknown option 'layers'");
    expect(() => tg.nn.mlp([2, 1]).forward(tg.constant([[1, 2, 3]]))).toThrow(tg.ShapeError);
  });

  it('says a network is too large in words, not with a raw RangeError', () => {
    expect(() => tg.nn.mlp([1e5, 1e5])).toThrow(tg.ArgumentError);
    expect(() => tg.nn.mlp([1e5, 1e5])).toThrow(/^linear: a tensor of shape \[100000, 100000\] would have 1e10 elements; at most 4,294,967,295 fit in one tensor$/);
  });
});
