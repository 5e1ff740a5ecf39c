import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { cos } from './cos.js';
import { mul } from './mul.js';

/** Definition of {@link sin}. @category Op definitions */
export const sinOp: UnaryOpDef<'sin'> = elementwiseUnary({
  name: 'sin',
  scalar: mathCall('sin'),
  kernel: Math.sin,
  vjp: (x, _y, dy) => mul(dy, cos(x)),
  latex: '\\sin',
  text: 'sin',
  mathjs: 'sin',
});

/**
 * Elementwise sine: `sin(x)`.
 *
 * Derivative: `d/dx sin(x) = cos(x)`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sin(x)`
 * @example
 * tg.sin(tg.variable('x', 0)).value; // → 0
 * @see {@link cos}
 * @category Elementwise
 */
export function sin(x: Operand): Node {
  return applyOwned(sinOp, [x]);
}
