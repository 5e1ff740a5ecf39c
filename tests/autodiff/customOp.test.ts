/**
 * A user defines an op outside the library, with the public API only, and it behaves like a
 * built-in one: gradients of any order, Hessians, jvp, gradient checks, printing and
 * hash-consing.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { allClose, flat } from '../helpers/graph.js';

/**
 * Elementwise cube: `x³`. Derivative: `d/dx x³ = 3 x²` (written with public ops, so it is
 * itself a graph that can be differentiated again).
 */
const cubeOp: tg.OpDef = {
  name: 'cube',
  arity: 1,
  category: 'Elementwise',
  elementwise: true,
  shape: ([s]) => s!,
  forward: ([x]) => tg.tensor(Float64Array.from(x!.data, (v) => v * v * v), x!.shape),
  vjp: ({ inputs: [x], dy }) => [tg.mul(dy, tg.mul(3, tg.pow(x!, 2)))],
  latex: (c) => ({ s: `${c.arg(0, tg.Prec.Atom)}^{3}`, prec: tg.Prec.Power }),
  text: (c) => ({ s: `${c.arg(0, tg.Prec.Atom)}³`, prec: tg.Prec.Power }),
  dot: () => 'cube',
};
const cube = (x: tg.Operand): tg.Node => tg.apply(cubeOp, [x]);

describe('a user-defined op (cube)', () => {
  it('evaluates with its own kernel, on scalars and tensors', () => {
    expect(cube(tg.variable('x', 2)).value).toBe(8);
    expect(flat(cube(tg.variable('v', [1, -2, 0.5])).value)).toEqual([1, -8, 0.125]);
    expect(cube(3).isConstant).toBe(true); // constant folding uses the user's kernel
    expect(cube(3).value).toBe(27);
  });

  it('is hash-consed like a built-in op, told apart from another op with the same name', () => {
    const x = tg.variable('x', 2);
    expect(cube(x)).toBe(cube(x));
    expect(cube(x)).toBe(tg.apply(cubeOp, [x]));
    const impostor: tg.OpDef = { ...cubeOp, forward: ([v]) => tg.tensor(Float64Array.from(v!.data, (u) => -u), v!.shape) };
    const other = tg.apply(impostor, [x]);
    expect(other).not.toBe(cube(x));
    expect(other.value).toBe(-2);
    expect(cube(x).value).toBe(8);
  });

  it('differentiates: first and second order, through other ops', () => {
    const x = tg.variable('x', 1.5);
    const y = tg.sin(cube(x));
    const d1 = tg.grad(y, x);
    expect(d1.value).toBeCloseTo(Math.cos(1.5 ** 3) * 3 * 1.5 ** 2, 13);
    const d2 = tg.grad(cube(x), x);
    expect(tg.grad(d2, x).value).toBeCloseTo(6 * 1.5, 13);
    expect(tg.grad(tg.grad(d2, x), x).value).toBeCloseTo(6, 13);
  });

  it('gives the Hessian of a vector function', () => {
    const x = tg.variable('x', [1, -2, 0.5]);
    const H = tg.hessian(tg.sum(cube(x)), x);
    expect(flat(H.value)).toEqual([6, 0, 0, 0, -12, 0, 0, 0, 3]);
  });

  it('works in forward mode through its elementwise rule', () => {
    const x = tg.variable('x', [1, 2]);
    expect(flat(tg.jvp(cube(x), [x], [[1, 0.5]]).value)).toEqual([3, 6]);
  });

  it('passes gradcheck, with broadcasting around it', () => {
    const a = tg.variable('a', tg.randn([2, 3], { seed: 31 })), b = tg.variable('b', tg.randn([3], { seed: 32 }));
    const r = tg.gradcheck(tg.sum(cube(a.mul(b)).add(cube(b))), [a, b]);
    expect(r.ok).toBe(true);
    expect(tg.gradcheck((x) => cube(tg.tanh(x)), [[0.3, -1.2]]).ok).toBe(true);
    const g = tg.grad(tg.sum(cube(a.mul(b))), b);
    expect(g.shape).toEqual([3]);
    const A = flat(a.value), B = flat(b.value);
    const expected = [0, 1, 2].map((j) => [0, 1].reduce((s, i) => s + 3 * A[i * 3 + j]! ** 3 * B[j]! ** 2, 0));
    expect(allClose(flat(g.value), expected, 1e-12, 1e-12)).toBe(true);
  });

  it('prints in LaTeX and text with central parenthesisation', () => {
    const x = tg.variable('x', 1), a = tg.variable('a', 1), b = tg.variable('b', 2);
    expect(tg.toLatex(cube(x))).toBe('x^{3}');
    expect(tg.toText(cube(x))).toBe('x³');
    expect(tg.toLatex(cube(a.add(b)))).toBe('\\left(a + b\\right)^{3}');
    expect(tg.toText(cube(a.add(b)))).toBe('(a + b)³');
    expect(tg.toLatex(cube(a).mul(b))).toBe('a^{3} b');
    expect(tg.toLatex(tg.neg(cube(x)))).toBe('-x^{3}');
    // the derivative prints with the public ops it was built with
    expect(tg.toLatex(tg.grad(cube(x), x))).toBe('3 x^{2}');
    expect(tg.toText(tg.grad(cube(x), x))).toBe('3·x²');
    for (const n of [cube(x), cube(a.add(b)), tg.grad(tg.sin(cube(x)), x)]) {
      expect(() => katex.renderToString(tg.toLatex(n), { throwOnError: true })).not.toThrow();
    }
  });

  it('is checked like a built-in op: shape errors come from its shape rule', () => {
    const matOnly: tg.OpDef = {
      ...cubeOp,
      name: 'matCube',
      shape: ([s]) => {
        if (s!.length !== 2) throw new tg.ShapeError(`matCube: needs a matrix; got ${tg.formatShape(s!)}`);
        return s!;
      },
    };
    expect(() => tg.apply(matOnly, [tg.variable('v', [1, 2])])).toThrow('matCube: needs a matrix; got [2]');
    expect(() => tg.apply(cubeOp, [1, 2])).toThrow('cube: expects 1 input; got 2');
  });
});
