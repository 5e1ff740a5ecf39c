import { ShapeError } from '../util/errors.js';
import { applyOwned, structuralConstant, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { eye, Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { call } from './_family.js';
import { mul } from './mul.js';

/** Definition of {@link tr}. @category Op definitions */
export const trOp: OpDef = {
  name: 'tr',
  arity: 1,
  category: 'Linear algebra',
  linear: true,
  shape: ([s]) => {
    if (s!.length !== 2 || s![0] !== s![1]) throw new ShapeError(`tr: needs a square matrix; got x ${formatShape(s!)}`);
    return [];
  },
  forward: ([x]) => {
    const n = x!.shape[0]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += x!.data[i * n + i]!;
    return new Tensor([], Float64Array.of(s));
  },
  vjp: ({ inputs: [x], dy }) => [mul(dy, structuralConstant(eye(x!.shape[0]!)))],
  latex: (c) => call(c, '\\operatorname{tr}', 'tr'),
  text: (c) => call(c, '\\operatorname{tr}', 'tr'),
  mathjs: 'trace',
};

/**
 * Trace of a square matrix: the sum of its diagonal, `tr(X) = Σᵢ Xᵢᵢ`.
 *
 * Derivative: `∂tr(X)/∂X = I`.
 * @param x a square matrix `[n, n]`
 * @returns a scalar node
 * @throws {@link ShapeError} unless `x` is a square matrix
 * @example
 * tg.tr(tg.constant([[1, 2], [3, 4]])).value; // → 5
 * @see {@link matmul}
 * @category Linear algebra
 */
export function tr(x: Operand): Node {
  return applyOwned(trOp, [x]);
}
