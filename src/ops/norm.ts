import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec, type OpDef } from '../core/opdef.js';
import { Tensor } from '../tensor/tensor.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

/** Definition of {@link norm}. @category Op definitions */
export const normOp: OpDef = {
  name: 'norm',
  symbol: '‖·‖',
  arity: 1,
  category: 'Linear algebra',
  shape: () => [],
  forward: ([x]) => {
    // Scaled to avoid overflow and underflow of the squares.
    let m = 0;
    for (const v of x!.data) m = Math.max(m, Math.abs(v));
    if (m === 0 || !Number.isFinite(m)) return new Tensor([], Float64Array.of(m));
    let s = 0;
    for (const v of x!.data) s += (v / m) ** 2;
    return new Tensor([], Float64Array.of(m * Math.sqrt(s)));
  },
  // NOTE: undefined at x = 0 (a kink); the rule gives NaN there, as 0/0.
  vjp: ({ inputs: [x], y, dy }) => [mul(dy, div(x!, y))],
  jvp: ({ inputs: [x], y, tangents: [t] }) => (t ? div(sum(mul(x!, t)), y) : undefined),
  latex: (c) => ({ s: `\\left\\lVert ${c.raw(0)}\\right\\rVert`, prec: Prec.Atom }),
  text: (c) => ({ s: `‖${c.raw(0)}‖`, prec: Prec.Atom }),
  mathjs: 'norm',
};

/**
 * Euclidean (Frobenius) norm of all elements: `‖x‖ = √(Σᵢ xᵢ²)`, computed without overflow.
 *
 * Derivative: `∂‖x‖/∂x = x / ‖x‖` (undefined at `x = 0`).
 * @param x the operand, any shape
 * @returns a scalar node
 * @example
 * tg.norm(tg.constant([3, 4])).value; // → 5
 * @see {@link dot}
 * @category Linear algebra
 */
export function norm(x: Operand): Node {
  return applyOwned(normOp, [x]);
}
