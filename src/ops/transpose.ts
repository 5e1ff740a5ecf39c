import { ArgumentError } from '../util/errors.js';
import { applyOwned, inputAt, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec, type OpDef } from '../core/opdef.js';
import { transpose as transposeKernel } from '../tensor/kernels.js';
import { describeValue } from '../util/describe.js';

/** Definition of {@link transpose}. @category Op definitions */
export const transposeOp: OpDef = {
  name: 'transpose',
  symbol: 'ᵀ',
  arity: 1,
  category: 'Shape',
  linear: true,
  attrs: (attrs, [s]) => {
    const rank = s!.length;
    const perm = attrs.perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const ok = Array.isArray(perm) && perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!ok) throw new ArgumentError(`transpose: perm must be a permutation of 0..${rank - 1}; got ${describeValue(attrs.perm)}`);
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
  plan: 'transpose',
  indexed: (c) => {
    const perm = c.node.attrs.perm as number[];
    const idx: string[] = new Array(perm.length);
    perm.forEach((p, k) => (idx[p] = c.at[k]!));
    return c.visit(0, idx);
  },
  toMathjs: (c) => {
    const perm = c.node.attrs.perm as number[];
    if (perm.every((p, i) => p === perm.length - 1 - i)) return { s: `${c.arg(0, MathjsPrec.Atom)}'`, prec: MathjsPrec.Postfix };
    return c.call('transpose', [c.raw(0), `[${perm.map((p) => p + 1).join(', ')}]`]);
  },
  parse: {
    name: 'transpose',
    usage: 'transpose(x, perm?)',
    min: 1,
    max: 2,
    build: ([x, p]) => (p ? transpose(x!.node(), p.nums('perm').map((d) => d - 1)) : transpose(x!.node())),
  },
  rewrites: [
    { name: 'the identity permutation', rewrite: ([x], attrs) => ((attrs.perm as number[]).every((p, i) => p === i) ? x : undefined) },
    {
      name: 'transpose of transpose',
      rewrite: ([x], attrs) => {
        if (x!.op !== transposeOp || x!.label !== undefined) return undefined;
        const inner = x!.attrs.perm as number[], outer = attrs.perm as number[];
        return transpose(inputAt(x!, 0), outer.map((p) => inner[p]!));
      },
    },
  ],
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
  return applyOwned(transposeOp, [x], perm === undefined ? {} : { perm: Array.isArray(perm) ? [...perm] : perm });
}
