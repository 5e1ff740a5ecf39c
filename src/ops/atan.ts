import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { add } from './add.js';
import { div } from './div.js';
import { pow } from './pow.js';

/** Definition of {@link atan}. @category Op definitions */
export const atanOp: UnaryOpDef<'atan'> = elementwiseUnary({
  name: 'atan',
  scalar: mathCall('atan'),
  kernel: Math.atan,
  vjp: (x, _y, dy) => div(dy, add(1, pow(x, 2))),
  latex: '\\arctan',
  text: 'atan',
  mathjs: 'atan',
});

/**
 * Elementwise inverse tangent: `atan(x)`.
 *
 * Derivative: `d/dx atan(x) = 1/(1 + x²)`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `atan(x)`
 * @example
 * tg.atan(tg.variable('x', 0)).value; // → 0
 * @see {@link tan}
 * @category Elementwise
 */
export function atan(x: Operand): Node {
  return applyOwned(atanOp, [x]);
}
