import { ArgumentError, ParseError, ShapeError } from '../util/errors.js';
import { apply, type Node, type Operand } from '../core/node.js';
import type { OpDef, PrintContext } from '../core/opdef.js';
import { stack as stackKernel } from '../tensor/kernels.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { axesNote, call, dimArg } from './_family.js';
import { MathjsPrec } from '../core/opdef.js';
import { take } from './take.js';
import { describeValue } from '../util/describe.js';

/** Definition of {@link stack}. @category Op definitions */
export const stackOp: OpDef = {
  name: 'stack',
  arity: 'variadic',
  category: 'Shape',
  linear: true,
  attrs: (attrs, shapes) => {
    const rank = shapes[0]!.length;
    const axis = attrs.axis ?? 0;
    if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -(rank + 1) || axis > rank) {
      throw new ArgumentError(`stack: axis must be an integer from ${-(rank + 1)} to ${rank}; got ${describeValue(attrs.axis)}`);
    }
    return { axis: axis < 0 ? axis + rank + 1 : axis };
  },
  shape: (shapes, attrs) => {
    const first = shapes[0]!;
    shapes.forEach((s, i) => {
      if (!sameShape(s, first)) throw new ShapeError(`stack: every input needs the same shape; got input 0 ${formatShape(first)} and input ${i} ${formatShape(s)}`);
    });
    const axis = attrs.axis as number;
    return [...first.slice(0, axis), shapes.length, ...first.slice(axis)];
  },
  forward: (xs, attrs) => stackKernel(xs, attrs.axis as number),
  vjp: ({ inputs, attrs, dy, needs }) => inputs.map((_, i) => (needs[i] ? take(dy, i, attrs.axis as number) : null)),
  // The axis is named unless it is the first (stack along axis 1 printed like axis 0 before).
  latex: (c) => call(c, `\\operatorname{stack}${stackAxis(c, 'latex')}`, ''),
  text: (c) => call(c, '', `stack${stackAxis(c, 'text')}`),
  dot: (attrs) => `stack axis ${attrs.axis}`,
  toMathjs: (c) => {
    const items = c.node.inputs.map((_, i) => c.raw(i));
    return c.node.attrs.axis === 0 ? { s: `[${items.join(', ')}]`, prec: MathjsPrec.Atom } : c.call('stack', [`[${items.join(', ')}]`, c.dims([c.node.attrs.axis as number])]);
  },
  parse: {
    name: 'stack',
    usage: 'stack([a, b, …], dim?)',
    min: 1,
    max: 2,
    build: ([xs, d]) => {
      const items = xs!.items();
      if (!items || items.length === 0) throw new ParseError('stack takes a non-empty array literal of operands, e.g. stack([a, b], 2)');
      return stack(items.map((i) => i.node()), d ? dimArg(d) : 0);
    },
  },
};

/** `_{axis k}` / `[axis k]` for a stack along an axis other than the first. */
function stackAxis(c: PrintContext, format: 'latex' | 'text'): string {
  const axis = c.attrs.axis as number;
  return axis === 0 ? '' : axesNote({ axes: [axis] }, -1, format);
}

/**
 * Stacks equally shaped operands along a new axis.
 *
 * Derivative: input `i` receives slice `i` of the gradient.
 * @param xs the operands (at least one), all of one shape
 * @param axis position of the new axis (default 0)
 * @returns a node with one more axis
 * @throws {@link ShapeError} when the shapes differ
 * @example
 * tg.stack([tg.constant([1, 2]), tg.constant([3, 4])]).value.toArray(); // → [[1, 2], [3, 4]]
 * @see {@link take}
 * @category Shape
 */
export function stack(xs: readonly Operand[], axis = 0): Node {
  return apply(stackOp, xs, { axis });
}
