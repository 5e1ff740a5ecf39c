import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec } from '../graph/opdef.js';
import { elementwiseBinary } from './_family.js';

/** Definition of {@link add}. @category Op definitions */
export const addOp = elementwiseBinary({
  name: 'add',
  kernel: (a, b) => a + b,
  vjp: ({ dy }) => [dy, dy],
  latex: (c) => ({ s: `${c.arg(0, Prec.Sum)} + ${c.arg(1, Prec.Sum, true)}`, prec: Prec.Sum }),
  text: (c) => ({ s: `${c.arg(0, Prec.Sum)} + ${c.arg(1, Prec.Sum, true)}`, prec: Prec.Sum }),
  mathjs: 'add',
});

/**
 * Elementwise sum: `a + b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a + b)/∂a = 1`, `∂(a + b)/∂b = 1` (summed back over broadcast axes).
 * @param a first operand (a node, number or tensor)
 * @param b second operand
 * @returns the node `a + b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.add(tg.variable('x', 2), 3).value; // → 5
 * @see {@link sub}, {@link mul}
 * @category Elementwise
 */
export function add(a: Operand, b: Operand): Node {
  return applyOwned(addOp, [a, b]);
}
