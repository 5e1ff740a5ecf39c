import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { sin } from './sin.js';

/** Definition of {@link cos}. @category Op definitions */
export const cosOp: UnaryOpDef<'cos'> = elementwiseUnary({
  name: 'cos',
  scalar: mathCall('cos'),
  kernel: Math.cos,
  vjp: (x, _y, dy) => neg(mul(dy, sin(x))),
  latex: '\\cos',
  text: 'cos',
  mathjs: 'cos',
});

/**
 * Elementwise cosine: `cos(x)`.
 *
 * Derivative: `d/dx cos(x) = -sin(x)`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `cos(x)`
 * @example
 * tg.cos(tg.variable('x', 0)).value; // → 1
 * @see {@link sin}
 * @category Elementwise
 */
export function cos(x: Operand): Node {
  return applyOwned(cosOp, [x]);
}
