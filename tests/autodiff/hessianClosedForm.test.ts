/**
 * Closed-form Hessians (issue 15): where matrix calculus has one (Laue, Mitterreiter and
 * Giesen, NeurIPS 2018), `hessian()` returns one matrix expression, printed as the textbook
 * writes it; elsewhere it builds the rows. Every Hessian is checked against central
 * differences of the gradient and against the row-by-row construction.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { allClose, flat } from '../helpers/graph.js';

/** Central differences of the gradient g over x's elements: column j ≈ (g(x + h eⱼ) − g(x − h eⱼ)) / 2h. */
function fdJacobian(g: tg.Node, x: tg.Node, h = 1e-5): number[] {
  const x0 = x.tensor;
  const n = x0.size, m = g.shape.length ? g.shape[0]! : 1;
  const out = new Array<number>(m * n).fill(0);
  for (let j = 0; j < n; j++) {
    const p = tg.tensor(x0), q = tg.tensor(x0);
    p.data[j]! += h;
    q.data[j]! -= h;
    const gp = flat(tg.evaluate([g], new Map([[x, p]]))[0]!), gq = flat(tg.evaluate([g], new Map([[x, q]]))[0]!);
    for (let i = 0; i < m; i++) out[i * n + j] = (gp[i]! - gq[i]!) / (2 * h);
  }
  return out;
}

/** The Hessian built row by row (reverse over reverse), as hessian() did before closed forms. */
function byRows(y: tg.Node, x: tg.Node, z: tg.Node = x): number[] {
  const g = tg.grad(y, x);
  const n = x.shape[0]!;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = tg.zeros([n]);
    e.data[i] = 1;
    rows.push(...flat(tg.grad(g, z, tg.constant(e)).value));
  }
  return rows;
}

function textbook(H: tg.Node, text: string, latex: string): void {
  expect(tg.toText(H)).toBe(text);
  expect(tg.toLatex(H)).toBe(latex);
  expect(() => katex.renderToString(latex, { throwOnError: true, strict: true })).not.toThrow();
  expect(H.op).not.toBe(tg.ops.stackOp);
}

describe('closed-form Hessians', () => {
  const A0 = tg.randn([4, 3], { seed: 31 }), S0 = tg.randn([3, 3], { seed: 32 });

  it('xᵀA x: A + Aᵀ, written with dot or with matmul', () => {
    const A = tg.variable('A', S0), x = tg.variable('x', [0.5, -1, 2]);
    for (const f of [tg.dot(x, tg.matmul(A, x)), tg.matmul(x, tg.matmul(A, x))]) {
      const H = tg.hessian(f, x);
      textbook(H, 'A + Aᵀ', 'A + A^\\top');
      const expected = Array.from({ length: 9 }, (_, k) => S0.data[k]! + S0.data[(k % 3) * 3 + Math.floor(k / 3)]!);
      expect(allClose(flat(H.value), expected, 1e-14, 1e-14)).toBe(true);
      expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-7, 1e-7)).toBe(true);
    }
  });

  it('logSumExp(A x): Aᵀ (diag(p) − p pᵀ) A with p = softmax(A x)', () => {
    const A = tg.variable('A', A0), x = tg.variable('x', [0.3, -0.4, 0.1]);
    const f = tg.logSumExp(tg.matmul(A, x));
    const H = tg.hessian(f, x);
    textbook(H, 'Aᵀ (diag(p) − p pᵀ) A', 'A^\\top \\left(\\operatorname{diag}\\left(p\\right) - p p^\\top\\right) A');
    expect(tg.toText(H, { inline: true })).toBe('Aᵀ (diag(softmax(A x)) − softmax(A x) softmax(A x)ᵀ) A');
    expect(allClose(flat(H.value), byRows(f, x), 1e-13, 1e-13)).toBe(true);
    expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-7, 1e-7)).toBe(true);
    x.assign([1, 2, -3]);
    expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-7, 1e-7)).toBe(true);
  });

  it('‖A x − b‖²: 2 AᵀA, through dot, the norm and a sum of squares', () => {
    const A = tg.variable('A', A0), x = tg.variable('x', [1, 2, 3]), b = tg.variable('b', [1, 0, -1, 2]);
    const r = tg.sub(tg.matmul(A, x), b);
    for (const f of [tg.dot(r, r), tg.pow(tg.norm(r), 2), tg.sum(tg.pow(r, 2))]) {
      const H = tg.hessian(f, x);
      textbook(H, '2·Aᵀ A', '2 A^\\top A');
      expect(allClose(flat(H.value), byRows(f, x), 1e-12, 1e-12)).toBe(true);
      expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-6, 1e-6)).toBe(true);
    }
  });

  it('elementwise functions: a diagonal matrix', () => {
    const x = tg.variable('x', [0.3, -0.2, 1.1]);
    const f = tg.sum(tg.sigmoid(x));
    const H = tg.hessian(f, x);
    expect(H.op).not.toBe(tg.ops.stackOp);
    expect(allClose(flat(H.value), byRows(f, x), 1e-14, 1e-14)).toBe(true);
    expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-7, 1e-7)).toBe(true);
  });

  it('mixed second derivatives ∂²y/∂x∂z', () => {
    const x = tg.variable('x', [0.5, -1]), z = tg.variable('z', [2, 0.25, 1]), M = tg.variable('M', tg.randn([3, 2], { seed: 33 }));
    const y = tg.dot(z, tg.tanh(tg.matmul(M, x)));
    const H = tg.hessian(y, x, z);
    expect(H.shape).toEqual([2, 3]);
    expect(H.op).not.toBe(tg.ops.stackOp);
    expect(allClose(flat(H.value), byRows(y, x, z), 1e-13, 1e-13)).toBe(true);
    expect(allClose(flat(H.value), fdJacobian(tg.grad(y, x), z), 1e-7, 1e-7)).toBe(true);
  });

  it('falls back to rows where no closed form exists (a matrix that depends on x)', () => {
    const x = tg.variable('x', [0.5, -1, 2]);
    const outer = tg.matmul(tg.reshape(x, [3, 1]), tg.reshape(x, [1, 3]));
    const f = tg.sum(tg.sin(outer));
    const H = tg.hessian(f, x);
    expect(H.op).toBe(tg.ops.stackOp);
    expect(allClose(flat(H.value), fdJacobian(tg.grad(f, x), x), 1e-6, 1e-6)).toBe(true);
  });
});
