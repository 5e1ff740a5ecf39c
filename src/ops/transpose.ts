import { ArgumentError } from '../errors.js';
import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec, type OpDef } from '../graph/opdef.js';
import { transpose as transposeKernel } from '../tensor/kernels.js';

/** Definition of {@link transpose}. @category Op definitions */
export const transposeOp: OpDef = {
  name: 'transpose',
  arity: 1,
  category: 'Shape',
  linear: true,
  attrs: (attrs, [s]) => {
    const rank = s!.length;
    const perm = attrs.perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const ok = Array.isArray(perm) && perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!ok) throw new ArgumentError(`transpose: perm must be a permutation of 0..${rank - 1}; got ${JSON.stringify(attrs.perm)}`);
    return { perm: [...(perm as number[])] };
  },
  shape: ([s], attrs) => (attrs.perm as number[]).map((p) => s![p]!),
  forward: ([x], attrs) => transposeKernel(x!, attrs.perm as number[]),
  vjp: ({ attrs, dy }) => {
    const perm = attrs.perm as number[];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [transpose(dy, inverse)];
  },
  latex: (c) => {
    const perm = c.attrs.perm as number[];
    if (perm.every((p, i) => p === i)) return c.printed(0);
    const mark = perm.length <= 2 ? '^\\top' : `^{\\top(${perm.join(',')})}`;
    return { s: `${c.arg(0, Prec.Atom)}${mark}`, prec: Prec.Postfix };
  },
  text: (c) => {
    const perm = c.attrs.perm as number[];
    if (perm.every((p, i) => p === i)) return c.printed(0);
    const mark = perm.length <= 2 ? 'ᵀ' : `ᵀ⁽${perm.join(',')}⁾`;
    return { s: `${c.arg(0, Prec.Atom)}${mark}`, prec: Prec.Postfix };
  },
  dot: (attrs) => ((attrs.perm as number[]).length <= 2 ? 'transpose' : `transpose (${(attrs.perm as number[]).join(', ')})`),
};

/**
 * Permutes the axes; by default reverses them (the matrix transpose `Xᵀ`).
 *
 * Derivative: the gradient is permuted back with the inverse permutation.
 * @param x the operand
 * @param perm a permutation of the axes (default: reversed)
 * @returns the transposed node
 * @throws {@link ArgumentError} when `perm` is not a permutation of the axes
 * @example
 * tg.transpose(tg.constant([[1, 2, 3]])).shape; // → [3, 1]
 * @see {@link reshape}, {@link matmul}
 * @category Shape
 */
export function transpose(x: Operand, perm?: readonly number[]): Node {
  return applyOwned(transposeOp, [x], perm === undefined ? {} : { perm: [...perm] });
}
