import { ArgumentError, ParseError } from '../util/errors.js';
import { dimArg } from './_family.js';
import { applyOwned, constant, type Node, type Operand } from '../core/node.js';
import { Prec, type OpDef } from '../core/opdef.js';
import { index as indexKernel } from '../tensor/kernels.js';
import { zeros } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { stack } from './stack.js';
import { describeValue } from '../util/describe.js';

/** Definition of {@link take}. @category Op definitions */
export const takeOp: OpDef = {
  name: 'take',
  arity: 1,
  category: 'Shape',
  linear: true,
  attrs: (attrs, [s]) => {
    const rank = s!.length;
    const axis = attrs.axis ?? 0, i = attrs.i;
    if (rank === 0) throw new ArgumentError(`take: needs at least 1 axis; got a scalar ${formatShape(s!)}`);
    if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new ArgumentError(`take: axis must be an integer from ${-rank} to ${rank - 1}; got ${describeValue(attrs.axis)}`);
    }
    const ax = axis < 0 ? axis + rank : axis;
    const n = s![ax]!;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < -n || i >= n) {
      throw new ArgumentError(`take: position must be an integer from ${-n} to ${n - 1} on axis ${ax} of ${formatShape(s!)}; got ${describeValue(i)}`);
    }
    return { axis: ax, i: i < 0 ? i + n : i };
  },
  shape: ([s], attrs) => s!.filter((_, k) => k !== attrs.axis),
  forward: ([x], attrs) => indexKernel(x!, attrs.axis as number, attrs.i as number),
  vjp: ({ inputs: [x], attrs, dy }) => {
    const axis = attrs.axis as number, n = x!.shape[axis]!;
    const zero = constant(zeros(dy.shape));
    return [stack(Array.from({ length: n }, (_, k) => (k === attrs.i ? dy : zero)), axis)];
  },
  latex: (c) => ({ s: `\\left[${c.raw(0)}\\right]_{${c.attrs.axis === 0 ? c.attrs.i : `${':,'.repeat(c.attrs.axis as number)}${c.attrs.i}`}}`, prec: Prec.Atom }),
  text: (c) => ({ s: `${c.arg(0, Prec.Atom)}[${c.attrs.axis === 0 ? c.attrs.i : `${':, '.repeat(c.attrs.axis as number)}${c.attrs.i}`}]`, prec: Prec.Atom }),
  dot: (attrs) => `take axis ${attrs.axis} at ${attrs.i}`,
  toMathjs: (c) => c.call('take', [c.raw(0), `${(c.node.attrs.i as number) + 1}`, c.dims([c.node.attrs.axis as number])]),
  parse: {
    name: 'take',
    usage: 'take(x, index, dim?)',
    min: 2,
    max: 3,
    build: ([x, i, d]) => {
      const k = i!.num('index');
      if (!Number.isInteger(k) || k === 0) throw new ParseError(`an index is a non-zero integer (1 is the first, as in mathjs); got ${k}`);
      return take(x!.node(), k > 0 ? k - 1 : k, d ? dimArg(d) : 0);
    },
  },
};

/**
 * Selects position `i` along `axis`, dropping that axis (`x[i]` for axis 0).
 *
 * Derivative: the gradient is placed back at position `i`, zeros elsewhere.
 * @param x the operand (at least 1 axis)
 * @param i the position (negative counts from the end)
 * @param axis the axis (default 0)
 * @returns a node with one axis fewer
 * @throws {@link ArgumentError} for a position or axis out of range
 * @example
 * tg.take(tg.constant([[1, 2], [3, 4]]), 1).value.toArray(); // → [3, 4]
 * @see {@link stack}
 * @category Shape
 */
export function take(x: Operand, i: number, axis = 0): Node {
  return applyOwned(takeOp, [x], { axis, i });
}
