import { ArgumentError, ShapeError } from '../util/errors.js';
import { applyOwned, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { reshape as reshapeKernel } from '../tensor/kernels.js';
import { formatShape, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { inputAt } from '../core/node.js';
import { describeValue } from '../util/describe.js';
import { call } from './_family.js';

/** True when `n` (a reshape) regroups its input's elements, not only adds or drops axes of length 1. */
function regroups(n: Node): boolean {
  const big = (s: Shape) => s.filter((d) => d !== 1);
  return !sameShape(big(n.shape), big(inputAt(n, 0).shape));
}

/** Definition of {@link reshape}. @category Op definitions */
export const reshapeOp: OpDef = {
  name: 'reshape',
  arity: 1,
  category: 'Shape',
  linear: true,
  attrs: (attrs, [s]) => {
    const shape = attrs.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
      throw new ArgumentError(`reshape: shape must be an array of non-negative integers (one may be -1); got ${describeValue(shape)}`);
    }
    const free = shape.filter((d) => d === -1).length;
    if (free > 1) throw new ArgumentError(`reshape: at most one axis may be -1; got ${formatShape(shape)}`);
    const n = sizeOf(s!);
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (free === 1 && known === 0) throw new ShapeError(`reshape: -1 is ambiguous next to an axis of length 0; got ${formatShape(s!)} to ${formatShape(shape)}`);
    const out = shape.map((d) => (d === -1 ? n / known : d));
    if (sizeOf(out) !== n || out.some((d) => !Number.isInteger(d))) {
      throw new ShapeError(`reshape: cannot reshape ${formatShape(s!)} (${n} elements) to ${formatShape(shape)}`);
    }
    return { shape: out };
  },
  shape: (_s, attrs) => attrs.shape as Shape,
  forward: ([x], _a, shape) => reshapeKernel(x!, shape),
  vjp: ({ inputs: [x], dy }) => [reshape(dy, x!.shape)],
  // NOTE: a reshape that only adds or drops axes of length 1 (a vector made a column, a 1×1
  // matrix a scalar) does not change what a formula means, so formulas show its operand as is;
  // one that regroups elements (a matrix flattened) is written out, reshape[4](A), since A
  // would read as the matrix.
  latex: (c) => (regroups(c.node) ? call(c, `\\operatorname{reshape}_{${c.node.shape.join(' \\times ')}}`, '') : c.printed(0)),
  text: (c) => (regroups(c.node) ? call(c, '', `reshape[${c.node.shape.join('×')}]`) : c.printed(0)),
  dot: (attrs) => `reshape ${formatShape(attrs.shape as Shape)}`,
  plan: 'view',
  indexed: (c) => {
    // A reshape that only adds or drops axes of length 1 keeps each index; others print in matrix form.
    const x = c.node.inputs[0]!;
    const big = (s: Shape) => s.map((d, a) => [d, a] as const).filter(([d]) => d !== 1);
    const bo = big(c.node.shape), bi = big(x.shape);
    if (bo.length !== bi.length || !bo.every(([d], k) => d === bi[k]![0])) return undefined;
    const idx = x.shape.map(() => '');
    bi.forEach(([, a], k) => (idx[a] = c.at[bo[k]![1]]!));
    return c.visit(0, idx);
  },
  toMathjs: (c) => c.call('reshape', [c.raw(0), `[${c.node.shape.join(', ')}]`]),
  parse: { name: 'reshape', usage: 'reshape(x, sizes)', min: 2, max: 2, build: ([x, s]) => reshape(x!.node(), s!.nums('sizes')) },
  rewrites: [
    { name: 'a reshape that changes nothing', rewrite: ([x], _attrs, shape) => (sameShape(x!.shape, shape) ? x : undefined) },
    { name: 'reshape of reshape', rewrite: ([x], _attrs, shape) => (x!.op === reshapeOp && x!.label === undefined ? reshape(inputAt(x!, 0), shape) : undefined) },
  ],
};

/**
 * The same elements (row-major) in a new shape; one axis may be `-1` (inferred).
 *
 * Derivative: the gradient is reshaped back to the input's shape.
 * @param x the operand
 * @param shape the new shape, with as many elements
 * @returns the reshaped node
 * @throws {@link ShapeError} when the element counts differ
 * @example
 * tg.reshape(tg.constant([1, 2, 3, 4]), [2, -1]).shape; // → [2, 2]
 * @see {@link transpose}, {@link broadcastTo}
 * @category Shape
 */
export function reshape(x: Operand, shape: Shape): Node {
  return applyOwned(reshapeOp, [x], { shape: Array.isArray(shape) ? [...shape] : shape });
}
