import { ShapeError } from '../errors.js';
import { applyOwned, type Node, type Operand } from '../graph/node.js';
import type { OpDef } from '../graph/opdef.js';
import { broadcastTo as broadcastKernel } from '../tensor/kernels.js';
import { checkShape, formatShape, sameShape, tryBroadcast, type Shape } from '../tensor/shape.js';

/** Definition of {@link broadcastTo}. @category Op definitions */
export const broadcastToOp: OpDef = {
  name: 'broadcastTo',
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
  return applyOwned(broadcastToOp, [x], { shape: [...shape] });
}
