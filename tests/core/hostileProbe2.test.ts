/**
 * The second hostile review's findings: NaN swallowed by comparison kernels (in every
 * execution path), non-finite seeds typed as literals, a user op whose functions return the
 * wrong thing, and edge cases of tg.nn. (The checks that need a line in src/autodiff/grad.ts or
 * src/explain/print.ts are in hostileProbe2.handoff.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkSeedLiteral } from '../../src/core/checks.js';

const isNaNValue = (v: unknown) => typeof v === 'number' && Number.isNaN(v);
const data = (v: tg.Tensor | number) => (typeof v === 'number' ? [v] : Array.from(v.data));

// ---------------------------------------------------------------------------------------
// 1. NaN propagates through maximum, minimum, relu and step.

describe('NaN through comparison kernels', () => {
  it('maximum and minimum give NaN whichever side it is on (as torch.maximum, torch.minimum)', () => {
    const x = tg.variable('x', -1);
    const nan = tg.log(x);
    for (const f of [tg.maximum, tg.minimum]) {
      expect(f(nan, 0).value, `${f.name}(NaN, 0)`).toBeNaN();
      expect(f(0, nan).value, `${f.name}(0, NaN)`).toBeNaN();
      expect(f(nan, nan).value).toBeNaN();
    }
  });

  it('relu and step of NaN are NaN (at any value at 0); abs and sign of NaN stay NaN', () => {
    const nan = tg.log(tg.variable('x', -1));
    expect(tg.relu(nan).value).toBeNaN();
    expect(tg.step(nan).value).toBeNaN();
    expect(tg.step(nan, 0.5).value).toBeNaN();
    expect(tg.abs(nan).value).toBeNaN();
    expect(tg.sign(nan).value).toBeNaN();
    // and nothing else changed: signed zeros, ties, the value at 0
    expect(Object.is(tg.relu(tg.constant(-0)).value, 0)).toBe(true);
    expect(Object.is(tg.maximum(tg.constant(-0), tg.constant(0)).value, -0)).toBe(true);
    expect(tg.step(tg.constant(-0), 0.5).value).toBe(0.5);
    expect(tg.minimum(tg.constant(Infinity), tg.constant(1)).value).toBe(1);
  });

  it('a gradient through a NaN value is NaN', () => {
    const x = tg.variable('x', -1), b = tg.variable('b', 0);
    expect(tg.grad(tg.maximum(tg.log(x), 0), x).value).toBeNaN();
    expect(tg.grad(tg.maximum(0, tg.log(x)), x).value).toBeNaN();
    expect(tg.grad(tg.minimum(tg.log(x), 0), x).value).toBeNaN();
    expect(tg.grad(tg.relu(tg.log(x)), x).value).toBeNaN();
    expect(tg.grad(tg.abs(tg.log(x)), x).value).toBeNaN();
    // the other side of a NaN comparison gets NaN too
    expect(tg.grad(tg.maximum(tg.log(x), b), b).value).toBeNaN();
  });

  it('folded constants propagate NaN (scalar kernels and tensor kernels)', () => {
    expect(tg.maximum(tg.constant(NaN), 0).value).toBeNaN();
    expect(tg.relu(tg.constant(NaN)).value).toBeNaN();
    expect(data(tg.maximum(tg.constant([NaN, 1]), 0).value as tg.Tensor).map(String)).toEqual(['NaN', '1']);
    expect(data(tg.step(tg.constant([NaN, 0, -2]), 0.5).value as tg.Tensor).map(String)).toEqual(['NaN', '0.5', '0']);
  });

  // Each op of the registry with a comparison in its kernel, built on NaN (from log of a
  // negative variable), one input position at a time: the interpreter on scalars (scalar
  // kernels), on tensors (forward), compiled scalar code (the scalar template), a compiled
  // tensor plan (the fused loop) and the eager backward path all give the same bits.
  const cases: [string, (a: tg.Node, b: tg.Node) => tg.Node][] = [
    ['maximum(nan, b)', (a, b) => tg.maximum(a, b)],
    ['maximum(b, nan)', (a, b) => tg.maximum(b, a)],
    ['minimum(nan, b)', (a, b) => tg.minimum(a, b)],
    ['minimum(b, nan)', (a, b) => tg.minimum(b, a)],
    ['relu', (a) => tg.relu(a)],
    ['step', (a) => tg.step(a)],
    ['step at0 0.5', (a) => tg.step(a, 0.5)],
    ['abs', (a) => tg.abs(a)],
    ['sign', (a) => tg.sign(a)],
  ];
  for (const [name, f] of cases) {
    it(`${name}: every execution path agrees with the interpreter on NaN, bit for bit`, () => {
      // Scalars: x = -1 makes log(x) NaN; the other x values are ordinary and 0 (a tie).
      for (const [xv, bv] of [[-1, 0.5], [-1, -3], [1, 0], [Math.E, 2]] as const) {
        const x = tg.variable('x', xv), b = tg.variable('b', bv);
        const y = f(tg.log(x), b);
        const want = y.value as number;
        if (xv === -1) expect(want, `${name} at NaN`).toBeNaN();
        const compiled = tg.compile(y, { inputs: [x, b], keepSource: true });
        expect(compiled.kind).toBe('scalar');
        expect(compiled.source!.join('\n')).not.toMatch(/F\[/);
        expect(Object.is(compiled(xv, bv) as number, want), `${name}(${xv}, ${bv}): compiled scalar ${compiled(xv, bv)} vs ${want}`).toBe(true);
      }
      // Tensors: interpreter (forward), fused loop of a compiled plan, eager backward.
      const xs = [-1, -2, 1, Math.E, 0.5], bs = [0.5, -3, 0, 2, -0.25];
      const X = tg.variable('X', xs), B = tg.variable('B', bs);
      const Y = f(tg.log(X), B);
      const want = data(Y.value as tg.Tensor);
      expect(isNaNValue(want[0]) && isNaNValue(want[1]), `${name}: ${want}`).toBe(true);
      const plan = tg.compile(Y, { inputs: [X, B] });
      expect(plan.kind).toBe('tensor');
      expect(plan.stats.chunks, `${name}: computed in a fused loop`).toBeGreaterThanOrEqual(1);
      const got = data(plan(xs, bs) as tg.Tensor);
      got.forEach((v, i) => expect(Object.is(v, want[i]), `${name} element ${i}: fused ${v} vs interpreted ${want[i]}`).toBe(true));
      // A gradient through NaN is NaN in the compiled eager path too (its program is compiled
      // on the second backward of the same structure).
      for (let k = 0; k < 3; k++) {
        const Xk = tg.variable('X', xs), Bk = tg.variable('B', bs);
        const loss = tg.sum(tg.mul(f(tg.log(Xk), Bk), tg.log(Xk)));
        loss.backward();
        expect(isNaNValue(data(Xk.grad as tg.Tensor)[0]), `${name}: eager gradient, run ${k}`).toBe(true);
      }
    });
  }

  it('every registered elementwise op gives NaN for a NaN input, in every path', () => {
    const ops = tg.ops.registry.filter((op) => op.elementwise === true);
    expect(ops.length).toBeGreaterThanOrEqual(45);
    for (const op of ops) {
      const arity = op.arity === 'variadic' ? 3 : (op.arity as number);
      for (let at = 0; at < arity; at++) {
        const vars = Array.from({ length: arity }, (_, i) => tg.variable(`v${i}`, i === at ? -1 : 0.5));
        const y = tg.apply(op, vars.map((v, i) => (i === at ? tg.log(v) : v)));
        expect(y.value, `${op.name}, NaN as input ${at}`).toBeNaN();
        const f = tg.compile(y, { inputs: vars });
        expect(f(...vars.map((_, i) => (i === at ? -1 : 0.5))), `${op.name}, NaN as input ${at}, compiled`).toBeNaN();
        const ts = Array.from({ length: arity }, (_, i) => tg.variable(`t${i}`, i === at ? [-1, 1] : [0.5, 0.5]));
        const z = tg.apply(op, ts.map((v, i) => (i === at ? tg.log(v) : v)));
        const g = tg.compile(z, { inputs: ts });
        expect(data(g(...ts.map((_, i) => (i === at ? [-1, 1] : [0.5, 0.5]))) as tg.Tensor)[0], `${op.name}, NaN as input ${at}, fused`).toBeNaN();
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// 2. A seed or tangent typed as a non-finite number is an error; a tensor or node is data.

describe('non-finite seeds typed as literals', () => {
  it('jvp rejects a NaN or infinite tangent given as a number or an array, naming it', () => {
    const x = tg.variable('x', 2), v = tg.variable('v', [1, 2]);
    const y = tg.mul(x, x);
    expect(() => tg.jvp(y, [x], [NaN])).toThrow(tg.ArgumentError);
    expect(() => tg.jvp(y, [x], [NaN])).toThrow(/^jvp: tangent 0 must be a finite number, or an array of finite numbers; got NaN \(a seed that holds NaN or ±Infinity on purpose is data: pass it as a tensor or a node\)$/);
    expect(() => tg.jvp(y, [x], [Infinity])).toThrow('jvp: tangent 0 must be a finite number, or an array of finite numbers; got Infinity');
    expect(() => tg.jvp(tg.sum(v), [x, v], [1, [1, -Infinity]])).toThrow('jvp: tangent 1 must be a finite number, or an array of finite numbers; got -Infinity at flat index 1');
    expect(() => tg.jvp(tg.sum(v), [v], [[[1], [NaN]]])).toThrow('got NaN at flat index 1');
  });

  it('jvp takes a tangent given as a tensor or node as data, NaN and all', () => {
    const x = tg.variable('x', 2);
    const y = tg.mul(x, x);
    expect(tg.jvp(y, [x], [tg.tensor(NaN)]).value).toBeNaN();
    expect(tg.jvp(y, [x], [tg.constant(Infinity)]).value).toBe(Infinity);
    expect(tg.jvp(y, [x], [1]).value).toBe(4);
  });

  it('checkSeedLiteral (the check for grad\'s seed) rejects non-finite numbers and arrays, and passes tensors and nodes', () => {
    expect(() => checkSeedLiteral('grad', 'dy', NaN)).toThrow(tg.ArgumentError);
    expect(() => checkSeedLiteral('grad', 'dy', Infinity)).toThrow(/^grad: dy must be a finite number, or an array of finite numbers; got Infinity/);
    expect(() => checkSeedLiteral('grad', 'dy', [[1, 2], [3, NaN]])).toThrow('grad: dy must be a finite number, or an array of finite numbers; got NaN at flat index 3');
    for (const ok of [1, -0, [1, 2], [[1], [2]], tg.tensor([NaN]), tg.constant(Infinity), undefined, 'x']) expect(() => checkSeedLiteral('grad', 'dy', ok)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------
// 3. What a user op's functions return is checked, with errors naming the op.

/** A user op on one input of any shape; `over` replaces some of its functions. */
function userOp(over: Partial<tg.OpDef>): tg.OpDef {
  return {
    name: 'myop',
    arity: 1,
    shape: ([s]) => s!,
    forward: ([x]) => tg.tensor(x!),
    vjp: ({ dy }) => [dy],
    latex: (c) => ({ s: `\\operatorname{myop}${c.paren(c.raw(0))}`, prec: tg.Prec.Atom }),
    text: (c) => ({ s: `myop(${c.raw(0)})`, prec: tg.Prec.Atom }),
    ...over,
  };
}

/** Runs `f`, returning the error it threw (or undefined). */
function thrown(f: () => unknown): Error | undefined {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

describe('a user op whose functions return the wrong thing', () => {
  it('a forward that returns a tensor of another shape than the shape rule gave is a ShapeError naming the op, in .value and compile', () => {
    const x = tg.variable('x', 2);
    const y = tg.apply(userOp({ forward: () => tg.tensor([1, 2]) }), [x]);
    expect(y.shape).toEqual([]);
    const msg = "myop: forward returned a tensor of shape [2]; it must return a tensor of the node's shape [] (the one its shape rule gave)";
    expect(() => y.value).toThrow(tg.ShapeError);
    expect(() => y.value).toThrow(msg);
    expect(() => tg.compile(y, { inputs: [x] })(2)).toThrow(msg);
    const v = tg.variable('v', [1, 2, 3]);
    const z = tg.apply(userOp({ forward: ([t]) => tg.tensor(Array.from(t!.data).slice(1)) }), [v]);
    expect(() => z.value).toThrow("myop: forward returned a tensor of shape [2]; it must return a tensor of the node's shape [3]");
    expect(() => tg.compile(tg.sum(z), { inputs: [v] })([1, 2, 3])).toThrow(tg.ShapeError);
  });

  for (const [what, bad, shown] of [
    ['undefined', undefined, 'undefined'],
    ['a plain array', [2], '[2]'],
    ['a number', 2, '2'],
    ['a Float64Array', Float64Array.of(2), 'a Float64Array'],
  ] as const) {
    it(`a forward that returns ${what} is an ArgumentError naming the op, wherever the node is evaluated`, () => {
      const x = tg.variable('x', 2);
      const y = tg.apply(userOp({ forward: () => bad as unknown as tg.Tensor }), [x]);
      const msg = `myop: forward returned ${shown}; it must return a tensor of the node's shape [] (tg.tensor(values, shape), tg.tensor(v) for a scalar)`;
      expect(() => y.value).toThrow(tg.ArgumentError);
      expect(() => y.value).toThrow(msg);
      expect(() => y.tensor).toThrow(msg);
      expect(() => tg.compile(y, { inputs: [x] })(2)).toThrow(msg);
      expect(() => tg.evaluate(tg.add(y, 1))).toThrow(msg);
      // Built on constants, the op is folded when the node is built.
      expect(() => tg.apply(userOp({ forward: () => bad as unknown as tg.Tensor }), [tg.constant(2)])).toThrow(msg);
      // The printers and the pictures leave the value out, as for any value that cannot be computed.
      for (const f of [() => tg.toDot(y), () => tg.explain(tg.add(y, x), { wrt: [x] }).toText(), () => tg.toText(y)]) {
        const e = thrown(f);
        expect(e === undefined || e instanceof tg.TracegradError, String(e)).toBe(true);
      }
    });
  }

  it('a scalarKernel that returns a non-number is an ArgumentError naming the op', () => {
    const op = userOp({ scalarKernel: () => 'two' as unknown as number });
    expect(() => tg.apply(op, [tg.variable('x', 2)]).value).toThrow('myop: scalarKernel returned "two"; it must return a number');
    expect(() => tg.apply(op, [tg.constant(2)])).toThrow(tg.ArgumentError);
  });

  it('a shape rule that returns anything but a shape is an ArgumentError naming the op and what it returned', () => {
    const x = tg.variable('x', 2);
    expect(() => tg.apply(userOp({ shape: () => undefined as unknown as number[] }), [x])).toThrow(tg.ArgumentError);
    expect(() => tg.apply(userOp({ shape: () => undefined as unknown as number[] }), [x])).toThrow(
      'myop: its shape rule returned undefined; it must return the output shape, an array of non-negative integers such as [2, 3] ([] for a scalar)',
    );
    expect(() => tg.apply(userOp({ shape: () => [1.5] }), [x])).toThrow('myop: its shape rule returned [1.5] (axis 0 is 1.5); it must return the output shape');
    expect(() => tg.apply(userOp({ shape: () => '[]' as unknown as number[] }), [x])).toThrow('myop: its shape rule returned "[]"');
  });

  it('a well-behaved user op still works everywhere (the docs\' softsign)', () => {
    const softsignOp: tg.OpDef = {
      name: 'softsign', arity: 1, elementwise: true, shape: ([s]) => s!,
      forward: ([x]) => tg.tensor(x!.data.map((v) => v / (1 + Math.abs(v))), x!.shape),
      vjp: ({ inputs: [x], dy }) => [tg.div(dy, tg.pow(tg.add(1, tg.abs(x!)), 2))],
      latex: (c) => ({ s: `\\operatorname{softsign}${c.paren(c.raw(0))}`, prec: tg.Prec.Atom }),
      text: (c) => ({ s: `softsign(${c.raw(0)})`, prec: tg.Prec.Atom }),
    };
    const x = tg.variable('x', 3);
    const y = tg.apply(softsignOp, [x]);
    expect(y.value).toBe(0.75);
    expect(tg.grad(y, x).value).toBe(0.0625);
    expect(tg.compile(y, { inputs: [x] })(3)).toBe(0.75);
    const v = tg.variable('v', [1, 3]);
    expect(data(tg.compile(tg.apply(softsignOp, [v]), { inputs: [v] })([1, 3]) as tg.Tensor)).toEqual([0.5, 0.75]);
  });
});

// ---------------------------------------------------------------------------------------
// 4. tg.nn edge cases.

describe('tg.nn edge cases', () => {
  it('accuracy counts a NaN prediction as wrong, never as class 0', () => {
    expect(tg.nn.accuracy(tg.tensor([[NaN], [0.9]]), [0, 1])).toBe(0.5);
    expect(tg.nn.accuracy([[NaN], [NaN]], [0, 0])).toBe(0);
    expect(tg.nn.accuracy([[NaN, 1], [0.9, 0], [1, NaN]], [1, 0, 0])).toBe(1 / 3);
    expect(tg.nn.predictLabels([[NaN], [0.9], [0.1]])).toEqual([NaN, 1, 0]);
    expect(tg.nn.predictLabels([[2, NaN, 1], [0, 3, 1]])).toEqual([NaN, 1]);
  });

  it('accuracy of no examples is an ArgumentError', () => {
    expect(() => tg.nn.accuracy([], [])).toThrow(tg.ArgumentError);
    expect(() => tg.nn.accuracy(tg.zeros([0, 1]), tg.zeros([0]))).toThrow('accuracy: no examples (labels of shape [0]); the accuracy of no examples is undefined');
  });

  it('accuracy rejects labels that are not class indices (-1/1 among them)', () => {
    expect(() => tg.nn.accuracy([[0.2], [0.9]], [-1, 1])).toThrow(tg.ArgumentError);
    expect(() => tg.nn.accuracy([[0.2], [0.9]], [-1, 1])).toThrow('accuracy: labels must be class indices, integers from 0 (one-hot rows give their column); got -1 at index 0 (map labels -1/1 to 0/1)');
    expect(() => tg.nn.accuracy([[0.2], [0.9]], [0.5, 1])).toThrow('got 0.5 at index 0');
  });

  it('spiral needs at least 2 points per class (one point per arm would put every class at the centre)', () => {
    expect(() => tg.nn.spiral({ classes: 2, points: 1 })).toThrow(tg.ArgumentError);
    expect(() => tg.nn.spiral({ classes: 2, points: 1 })).toThrow('spiral: points must be an integer ≥ 2 (each arm runs from the centre, shared by every arm, out to radius 1); got 1');
    expect(() => tg.nn.spiral({ points: 2.5 })).toThrow(tg.ArgumentError);
    const d = tg.nn.spiral({ classes: 2, points: 2, noise: 0 });
    expect(d.X.shape).toEqual([4, 2]);
    expect(d.X.toArray()).not.toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
  });

  it('seeds are integers from 0 to 2³² − 1, in mlp, linear and the data sets', () => {
    const msg = 'mlp: seed must be an integer from 0 to 4294967295 (2³² − 1); got 1.5';
    expect(() => tg.nn.mlp([2, 3, 1], { seed: 1.5 })).toThrow(tg.ArgumentError);
    expect(() => tg.nn.mlp([2, 3, 1], { seed: 1.5 })).toThrow(msg);
    for (const bad of [-1, 2 ** 32, NaN, Infinity, '1']) expect(() => tg.nn.mlp([2, 3, 1], { seed: bad as number }), String(bad)).toThrow(/^mlp: seed must be an integer from 0 to 4294967295/);
    expect(() => tg.nn.linear(2, 3, { seed: 0.5 })).toThrow('linear: seed must be an integer');
    for (const make of [tg.nn.xor, tg.nn.moons, tg.nn.circles, tg.nn.spiral]) expect(() => make({ seed: 2.5 }), make.name).toThrow(`${make.name}: seed must be an integer`);
    // The largest seed works, and different seeds give different weights.
    const w = (seed: number) => tg.nn.mlp([2, 3, 1], { seed }).parameters[0]!.value;
    expect(w(2 ** 32 - 1)).not.toEqual(w(0));
    expect(w(7)).toEqual(w(7));
  });

  it('labels -1/1 are real-valued targets in parseCsv (documented), and bce in fit rejects them rather than train on them', () => {
    const d = tg.nn.parseCsv('x,label\n1,-1\n2,1\n');
    expect([d.classes, d.y.toArray()]).toEqual([0, [-1, 1]]);
    const net = tg.nn.mlp([1, 2, 1], { seed: 0 });
    const bce = () => tg.nn.fit(net, d, { loss: (p, y) => tg.nn.bce(p, y, { fromLogits: true }), steps: 1, progress: false });
    expect(bce).toThrow(tg.ArgumentError);
    expect(bce).toThrow("bce: targets are probabilities in [0, 1]; got -1 at flat index 0 of variable 'y' (map labels -1/1 to 0/1)");
    expect(() => tg.nn.fit(tg.nn.mlp([1, 2, 2], { seed: 0 }), d, { loss: tg.nn.softmaxCrossEntropy, steps: 1, progress: false })).toThrow('fit: labels must be integers from 0 to 1 (2 classes); got -1 at index 0');
    // With mse (a tanh output's loss) -1/1 targets are legitimate.
    expect(tg.nn.fit(tg.nn.mlp([1, 2, 1], { seed: 0, outputActivation: 'tanh' }), d, { loss: tg.nn.mse, steps: 2, progress: false }).history).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------
// 4. Checks made inside grad and the printers: the seed literal, a user rule's gradient shape, a printer's result.

describe('grad: a non-finite seed typed as a literal', () => {
  it('is an ArgumentError saying what is accepted; a tensor or node seed is data', () => {
    const x = tg.variable('x', 2);
    const y = tg.mul(x, x);
    expect(() => tg.grad(y, x, NaN)).toThrow(tg.ArgumentError);
    expect(() => tg.grad(y, x, NaN)).toThrow(/^grad: dy must be a finite number, or an array of finite numbers; got NaN \(a seed that holds NaN or ±Infinity on purpose is data: pass it as a tensor or a node\)$/);
    expect(() => tg.grad(y, [x], Infinity)).toThrow('grad: dy must be a finite number, or an array of finite numbers; got Infinity');
    const v = tg.variable('v', [1, 2]);
    expect(() => tg.grad(tg.mul(v, v), v, [1, -Infinity])).toThrow('got -Infinity at flat index 1');
    expect(tg.grad(y, x, tg.tensor(NaN)).value).toBeNaN();
    expect(tg.grad(y, x, tg.constant(Infinity)).value).toBe(Infinity);
    expect(tg.grad(y, x, 2).value).toBe(8);
  });
});

describe('a user op whose vjp returns a gradient of the wrong shape', () => {
  for (const bad of [[1, 2], [[1, 2], [3, 4]]]) {
    it(`a ${tg.formatShape(tg.tensor(bad).shape)} gradient for a scalar input is a ShapeError naming the op and the input, not summed`, () => {
      const x = tg.variable('x', 2);
      const y = tg.apply(userOp({ vjp: () => [tg.constant(bad)] }), [x]);
      expect(() => tg.grad(y, x)).toThrow(tg.ShapeError);
      expect(() => tg.grad(y, x)).toThrow(
        `grad: the vjp rule of 'myop' returned a gradient of shape ${tg.formatShape(tg.tensor(bad).shape)} for input 0 ('x') of shape []; it must have the input's shape [] or the op's output shape []`,
      );
    });
  }

  it('a gradient of the op\'s output shape is still summed back to the input\'s shape (the documented broadcast case)', () => {
    const x = tg.variable('x', 2);
    const broadcastOp = userOp({ shape: () => [3], forward: ([t]) => tg.tensor([t!.data[0]!, t!.data[0]!, t!.data[0]!]), vjp: ({ dy }) => [dy] });
    expect(tg.grad(tg.sum(tg.apply(broadcastOp, [x])), x).value).toBe(3);
  });
});

describe('a user op whose printers return the wrong thing', () => {
  for (const [format, bad, shown] of [
    ['text', 3, '3'],
    ['text', { s: 3, prec: 40 }, '{"s":3,"prec":40}'],
    ['latex', 3, '3'],
    ['latex', undefined, 'undefined'],
  ] as const) {
    it(`${format} returning ${shown} is an ArgumentError naming the op, in every printer`, () => {
      const x = tg.variable('x', 2);
      const y = tg.apply(userOp({ [format]: () => bad }), [x]);
      const print = format === 'text' ? () => tg.toText(y) : () => tg.toLatex(y);
      expect(print).toThrow(tg.ArgumentError);
      expect(print).toThrow(`myop: its ${format} printer returned ${shown}; it must return { s, prec }`);
      expect(() => tg.explain(tg.add(y, x), { wrt: [x] }).toText()).toThrow(tg.TracegradError);
    });
  }
});
