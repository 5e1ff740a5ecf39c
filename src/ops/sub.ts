import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec } from '../graph/opdef.js';
import { elementwiseBinary } from './_family.js';
import { neg } from './neg.js';

/** Definition of {@link sub}. @category Op definitions */
export const subOp = elementwiseBinary({
  name: 'sub',
  kernel: (a, b) => a - b,
  vjp: ({ dy, needs }) => [dy, needs[1] ? neg(dy) : null],
  latex: (c) => ({ s: `${c.arg(0, Prec.Sum)} - ${c.arg(1, Prec.Unary, true)}`, prec: Prec.Sum }),
  text: (c) => ({ s: `${c.arg(0, Prec.Sum)} − ${c.arg(1, Prec.Unary, true)}`, prec: Prec.Sum }),
  mathjs: 'subtract',
});

/**
 * Elementwise difference: `a - b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a - b)/∂a = 1`, `∂(a - b)/∂b = -1`.
 * @param a minuend
 * @param b subtrahend
 * @returns the node `a - b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.sub(tg.variable('x', 2), 3).value; // → -1
 * @see {@link add}, {@link neg}
 * @category Elementwise
 */
export function sub(a: Operand, b: Operand): Node {
  return applyOwned(subOp, [a, b]);
}
