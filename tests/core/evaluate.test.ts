import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { countingOp } from '../helpers/graph.js';


describe('node.value', () => {
  it('is cached, and recomputed after assign', () => {
    const { op, runs } = countingOp();
    const x = tg.variable('x', 2);
    const y = tg.apply(op, [x]).mul(3);
    expect(y.value).toBe(9);
    expect(runs()).toBe(1);
    expect(y.value).toBe(9);
    expect(runs()).toBe(1);
    x.assign(5);
    expect(runs()).toBe(1);
    expect(y.value).toBe(18);
    expect(runs()).toBe(2);
    expect(y.value).toBe(18);
    expect(runs()).toBe(2);
  });

  it('shares cached intermediate values between roots', () => {
    const { op, runs } = countingOp();
    const x = tg.variable('x', 1);
    const h = tg.apply(op, [x]);
    const a = tg.sin(h), b = tg.cos(h);
    expect(a.value).toBeCloseTo(Math.sin(2), 15);
    expect(b.value).toBeCloseTo(Math.cos(2), 15);
    expect(runs()).toBe(1);
  });

  it('sees an assignment to any variable of the graph', () => {
    const x = tg.variable('x', [1, 2]), w = tg.variable('w', 3);
    const y = tg.sum(x.mul(w));
    expect(y.value).toBe(9);
    w.assign(-1);
    expect(y.value).toBe(-3);
    x.assign([10, 20]);
    expect(y.value).toBe(-30);
  });

  it('is a number for scalars and a tensor otherwise', () => {
    const x = tg.variable('x', [[1, 2], [3, 4]]);
    expect(typeof tg.sum(x).value).toBe('number');
    expect((x.mul(2).value as tg.Tensor).toArray()).toEqual([[2, 4], [6, 8]]);
  });
});

describe('evaluate(nodes, bindings)', () => {
  it('binds by name and by Map, without changing the variables', () => {
    const x = tg.variable('x', 2), y = tg.variable('y', 3);
    const f = x.mul(y).add(x);
    expect(f.value).toBe(8);
    expect(tg.evaluate([f], { x: 10 })).toEqual([40]);
    expect(tg.evaluate([f, x], { x: 10, y: -1 })).toEqual([0, 10]);
    expect(tg.evaluate(f, new Map([[y, 5]]))).toEqual([12]);
    expect(x.value).toBe(2);
    expect(y.value).toBe(3);
    expect(f.value).toBe(8);
    expect(tg.evaluate([f])).toEqual([8]);
  });

  it('binds tensors and checks their shapes', () => {
    const w = tg.variable('w', [1, 2, 3]);
    const s = tg.sum(w.pow(2));
    expect(tg.evaluate([s], { w: [0, 0, 2] })).toEqual([4]);
    expect(() => tg.evaluate([s], { w: [1, 2] })).toThrow(tg.ShapeError);
    expect(() => tg.evaluate([s], { w: [1, 2] })).toThrow(/\[3\].*\[2\]/);
  });

  it('rejects an unknown name, listing the variables', () => {
    const x = tg.variable('x', 1), w = tg.variable('w', 2);
    const f = tg.sin(x.mul(w));
    expect(() => tg.evaluate([f], { q: 1 })).toThrow(tg.ArgumentError);
    expect(() => tg.evaluate([f], { q: 1 })).toThrow(/no variable named 'q'.*variables: (x, w|w, x)/);
  });

  it('reports a variable without a value, and accepts a binding for it', () => {
    const u = tg.variable('u');
    const f = u.mul(2);
    expect(() => f.value).toThrow(tg.ArgumentError);
    expect(() => f.value).toThrow(/variable 'u' has no value/);
    expect(() => tg.evaluate([f])).toThrow(/variable 'u' has no value/);
    expect(tg.evaluate([f], { u: 4 })).toEqual([8]);
  });

  it('rejects two variables of the same name bound by name', () => {
    const a = tg.variable('x', 1), b = tg.variable('x', 2);
    expect(() => tg.evaluate([a.add(b)], { x: 3 })).toThrow(tg.ArgumentError);
    expect(tg.evaluate([a.add(b)], new Map([[a, 3]]))).toEqual([5]);
  });
});

describe('trace(fn, inputs)', () => {
  it('traces once into a graph with inputs and an output', () => {
    let calls = 0;
    const f = tg.trace(
      (p, q) => {
        calls++;
        return tg.sin(p).mul(q);
      },
      [1, 2],
      { names: ['p', 'q'] },
    );
    expect(calls).toBe(1);
    expect(f.inputs.map((n) => n.name)).toEqual(['p', 'q']);
    expect(f.inputs.every((n) => n.isVariable)).toBe(true);
    expect(f.output.op.name).toBe('mul');
    expect(f.evaluate()).toBeCloseTo(2 * Math.sin(1), 15);
    const [g0, g1] = f.grad() as number[];
    expect(g0).toBeCloseTo(2 * Math.cos(1), 14);
    expect(g1).toBeCloseTo(Math.sin(1), 14);

    // new values: no re-tracing, no new nodes
    const created = tg.graphStats().created;
    expect(f.evaluate(Math.PI / 2, 3)).toBeCloseTo(3, 15);
    const [gp, gq] = f.grad(0, 5) as number[];
    expect(gp).toBeCloseTo(5, 15);
    expect(gq).toBeCloseTo(0, 15);
    expect(tg.graphStats().created).toBe(created);
    expect(calls).toBe(1);
    // the traced variables keep their values
    expect(f.inputs.map((n) => n.value)).toEqual([1, 2]);
  });

  it('names inputs after the parameters, else x0, x1, …', () => {
    expect(tg.trace((u, v) => u.add(v), [1, 2]).inputs.map((n) => n.name)).toEqual(['u', 'v']);
    expect(tg.trace((...xs: tg.Node[]) => xs[0]!.add(xs[1]!), [1, 2]).inputs.map((n) => n.name)).toEqual(['x0', 'x1']);
  });

  it('works with tensor inputs', () => {
    const f = tg.trace((m, v) => tg.sum(tg.matmul(m, v).pow(2)), [[[1, 0], [0, 2]], [1, 1]], { names: ['M', 'v'] });
    expect(f.evaluate()).toBe(5);
    const [gM, gv] = f.grad() as tg.Tensor[];
    // y = M v, L = Σ y², ∂L/∂M = 2 y vᵀ, ∂L/∂v = 2 Mᵀ y
    expect(gM!.toArray()).toEqual([[2, 2], [4, 4]]);
    expect(gv!.toArray()).toEqual([2, 8]);
    expect(f.evaluate([[1, 1], [1, 1]], [1, 2])).toBe(18);
  });

  it('checks the number of values and what the function returns', () => {
    const f = tg.trace((a, b) => a.mul(b), [1, 2]);
    expect(() => f.evaluate(1)).toThrow(tg.ArgumentError);
    expect(() => tg.trace(() => 3 as unknown as tg.Node, [])).toThrow(tg.ArgumentError);
  });

  it('tg.tr(matrix) is the matrix trace, and tg.trace of a non-function says so', () => {
    const A = tg.variable('A', [[1, 2], [3, 4]]);
    const t = tg.tr(A);
    expect(t).toBeInstanceOf(tg.Node);
    expect(t.op.name).toBe('tr');
    expect(t.value).toBe(5);
    expect((tg.grad(t, A).value as tg.Tensor).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(tg.tr(tg.constant([[1, 2], [3, 4]])).value).toBe(5);
    expect(() => tg.tr(tg.variable('B', [[1, 2, 3]]))).toThrow(tg.ShapeError);
    expect(() => tg.trace(A as never, [])).toThrow('the matrix trace is tr(X)');
  });
});
