import { ShapeError } from '../util/errors.js';
import { applyOwned, type Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { broadcastTo as broadcastKernel } from '../tensor/kernels.js';
import { checkShape, formatShape, sameShape, tryBroadcast, type Shape } from '../tensor/shape.js';

/** Definition of {@link broadcastTo}. @category Op definitions */
export const broadcastToOp: OpDef = {
  name: 'broadcastTo',
  symbol: 'bcast',
  arity: 1,
  category: 'Shape',
  linear: true,
  attrs: (attrs) => ({ shape: checkShape('broadcastTo', attrs.shape) }),
  shape: ([s], attrs) => {
    const target = attrs.shape as Shape;
    const b = tryBroadcast(s!, target);
    if (!b || !sameShape(b, target)) {
      throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape(s!)} to ${formatShape(target)} (axes must be equal or 1, aligned from the right)`);
    }
    return target;
  },
  forward: ([x], _a, shape) => broadcastKernel(x!, shape),
  // NOTE: the gradient is dy itself, with the output's shape: grad sums it back to the input's shape, centrally.
  vjp: ({ dy }) => [dy],
  // NOTE: formulas leave broadcasting implicit, as textbooks do; the picture shows the op.
  latex: (c) => c.printed(0),
  text: (c) => c.printed(0),
  dot: (attrs) => `broadcastTo ${formatShape(attrs.shape as Shape)}`,
  plan: 'broadcast',
  // NOTE: index notation drops the stretched axes' indices, as formulas do.
  indexed: (c) => c.visit(0, c.aligned(0)),
  toMathjs: (c) => c.call('broadcastTo', [c.raw(0), `[${c.node.shape.join(', ')}]`]),
  parse: { name: 'broadcastTo', usage: 'broadcastTo(x, sizes)', min: 2, max: 2, build: ([x, s]) => broadcastTo(x!.node(), s!.nums('sizes')) },
  rewrites: [{ name: 'a broadcast that changes nothing', rewrite: ([x], _attrs, shape) => (sameShape(x!.shape, shape) ? x : undefined) }],
};

/**
 * Repeats `x` along axes of length 1 (and new leading axes) to reach `shape` (NumPy rules).
 *
 * Derivative: the gradient is summed over the broadcast axes.
 * @param x the operand
 * @param shape the target shape
 * @returns the broadcast node
 * @throws {@link ShapeError} when `x` does not broadcast to `shape`
 * @example
 * tg.broadcastTo(tg.constant([1, 2]), [3, 2]).shape; // → [3, 2]
 * @see {@link sum}
 * @category Shape
 */
export function broadcastTo(x: Operand, shape: Shape): Node {
  return applyOwned(broadcastToOp, [x], { shape: Array.isArray(shape) ? [...shape] : shape });
}
