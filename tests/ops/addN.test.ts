import { describe, expect, it } from 'vitest';
import { derivative, evaluate } from 'mathjs';
import * as tg from '../../src/index.js';
import { flat } from '../helpers/numeric.js';
import { bitwiseDiff, compiled, interpret } from '../exec/helpers.js';
import { reachable } from '../helpers/graph.js';

describe('addN', () => {
  it('sums its terms left to right: the bits of nested adds, and mathjs add on scalars', () => {
    const xs = [0, 1, 2, 3].map((k) => tg.variable(`x${k}`, tg.tensor(tg.randn([2, 3], { seed: 7 + k }).data.map((v) => v * 1e3 ** k), [2, 3])));
    const nested = tg.add(tg.add(tg.add(xs[0]!, xs[1]!), xs[2]!), xs[3]!);
    expect(Array.from(flat(tg.addN(xs)))).toEqual(Array.from(flat(nested)));
    const vals = [0.1, 0.7, -2.5, 1e-3];
    const s = tg.addN(vals.map((v, i) => tg.variable(`s${i}`, v)));
    expect(s.value).toBe(evaluate(`add(${vals.join(', ')})`));
  });

  it('prints as a sum, a negative term as a subtraction, as nested adds print', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', 2), z = tg.variable('z', 3);
    expect(tg.toText(tg.addN([x, y, z]))).toBe('x + y + z');
    const terms = [x, tg.mul(y, z), tg.neg(z)];
    const nested = tg.add(tg.add(terms[0]!, terms[1]!), terms[2]!);
    expect(tg.toLatex(tg.addN(terms))).toBe(tg.toLatex(nested));
    expect(tg.toText(tg.addN(terms))).toBe(tg.toText(nested));
    // Where nested adds would print `+ (-2 z)`, the sum subtracts.
    const s = tg.addN([tg.neg(x), tg.neg(tg.add(y, z)), tg.mul(-2, z)]);
    expect(tg.toLatex(s, { simplify: false })).toBe('-x - \\left(y + z\\right) - 2 z');
    // The display simplifier collects the like terms in z.
    expect(tg.toLatex(s)).toBe('-x - y - 3 z');
    expect(s.value).toBe(-1 - 5 - 6);
  });

  it('is the term itself for one term, and drops structurally zero terms', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', 2);
    expect(tg.addN([x])).toBe(x);
    const s = tg.addN([x, tg.constant(0), y]);
    expect(s.op).toBe(tg.ops.addNOp);
    expect(s.inputs).toEqual([x, y]);
    expect(tg.isZero(tg.addN([tg.constant([0, 0]), tg.constant([0, 0])]))).toBe(true);
  });

  it('rejects no terms and terms of different shapes', () => {
    expect(() => tg.addN([])).toThrow(tg.ArgumentError);
    expect(() => tg.addN([])).toThrow('addN: terms must be a non-empty array; got an empty array');
    const f = () => tg.addN([tg.variable('a', [1, 2]), tg.variable('b', [1, 2]), tg.variable('c', [1, 2, 3])]);
    expect(f).toThrow(tg.ShapeError);
    expect(f).toThrow('addN: every term needs the same shape; got term 0 [2] and term 2 [3]');
  });
});

describe('gradients sum fan-out with addN', () => {
  it('gives a node used three times one addN adjoint, and a node used twice one add', () => {
    const x = tg.variable('x', 0.7);
    const thrice = tg.add(tg.add(tg.sin(x), tg.exp(x)), tg.cos(x));
    const dx = tg.grad(thrice, x);
    expect(dx.op).toBe(tg.ops.addNOp);
    expect(dx.inputs.length).toBe(3);
    const twice = tg.add(tg.sin(x), tg.exp(x));
    expect(tg.grad(twice, x).op).toBe(tg.ops.addOp);
  });

  it('matches mathjs derivative and central differences where a variable feeds many nodes', () => {
    const x = tg.variable('x', 0.3);
    const expr = 'sin(x) + x * exp(x) + cos(2 * x) + x^3 + tanh(x)';
    const y = tg.parse(expr, { x });
    const dx = tg.grad(y, x);
    expect(dx.op).toBe(tg.ops.addNOp);
    for (const v of [-1.2, 0.3, 2]) {
      x.assign(v);
      expect(dx.value as number).toBeCloseTo(derivative(expr, 'x').evaluate({ x: v }) as number, 12);
    }
    expect(tg.gradcheck(y, [x]).ok).toBe(true);
  });

  it('splits sums of more than 64 terms into addN nodes of at most 64, with the value unchanged', () => {
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
    let x = x0;
    const steps = 200;
    for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
    const [da, db, dx0] = tg.grad(x, [a, b, x0]);
    for (const g of [da!, db!]) {
      const sums = [...reachable([g])].filter((n) => n.op === tg.ops.addNOp);
      expect(sums.length).toBe(Math.ceil((steps - 1) / 63));
      expect(Math.max(...sums.map((n) => n.inputs.length))).toBe(64);
    }
    // Against a hand-written reverse pass in plain numbers.
    const ys: number[] = [];
    let v = 0.3;
    for (let i = 0; i < steps; i++) ys.push((v = Math.tanh(0.9 * v - 0.2)));
    let g = 1, ga = 0, gb = 0;
    for (let i = steps - 1; i >= 0; i--) {
      const gz = g * (1 - ys[i]! ** 2);
      ga += gz * (i === 0 ? 0.3 : ys[i - 1]!);
      gb += gz;
      g = gz * 0.9;
    }
    expect(da!.value as number).toBeCloseTo(ga, 12);
    expect(db!.value as number).toBeCloseTo(gb, 12);
    expect(dx0!.value as number).toBeCloseTo(g, 12);
    expect(tg.gradcheck(x, [a, b, x0]).ok).toBe(true);
  });

  it('keeps the gradient of the chain x ← tanh(a·x + b) at 5 nodes a step', () => {
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
    let x = x0;
    const steps = 1000;
    for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
    const before = tg.graphStats().created;
    tg.grad(x, [a, b, x0]);
    const added = tg.graphStats().created - before;
    // y², 1 - y², the adjoint of a·x + b, its product with x and with a; then one addN per
    // 63 terms for each of a and b (and no chain of adds).
    expect(added).toBeLessThanOrEqual(5 * steps + 2 * Math.ceil(steps / 63) + 2);
  });

  it('compiles to running sums: the bits and the slots of the same gradient written with nested adds', () => {
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
    const xs = [x0];
    const steps = 3000;
    for (let i = 0; i < steps; i++) xs.push(tg.tanh(a.mul(xs[i]!).add(b)));
    const y = xs[steps]!;
    // The reverse pass by hand, summing each parameter's terms as they come, with add.
    let g: tg.Node = tg.constant(1), da: tg.Node | undefined, db: tg.Node | undefined;
    for (let i = steps; i >= 1; i--) {
      const gz = tg.mul(g, tg.sub(1, tg.pow(xs[i]!, 2)));
      const ta = tg.mul(gz, xs[i - 1]!);
      da = da ? tg.add(da, ta) : ta;
      db = db ? tg.add(db, gz) : gz;
      g = tg.mul(gz, a);
    }
    const engine = tg.compile([y, ...tg.grad(y, [a, b, x0])], { inputs: [a, b, x0] });
    const hand = tg.compile([y, da!, db!, g], { inputs: [a, b, x0] });
    expect(engine() as number[]).toEqual(hand() as number[]);
    expect(engine.stats.buffers).toBeLessThanOrEqual(hand.stats.buffers);
  });

  it('agrees bit for bit between the compiled and the interpreted evaluation', () => {
    const w = tg.variable('w', [[0.5, -1], [2, 0.25]]), v = tg.variable('v', [1, -2]);
    const h = tg.tanh(tg.matmul(w, v));
    const y = tg.sum(tg.add(tg.mul(h, v), tg.add(tg.mul(h, h), tg.exp(v))));
    const [dv] = tg.grad(y, [v]);
    expect([...reachable([dv!])].some((n) => n.op === tg.ops.addNOp)).toBe(true);
    expect(bitwiseDiff(compiled([dv!])[0]!, interpret([dv!])[0]!)).toBe('');
  });
});
