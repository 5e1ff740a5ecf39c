import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { pow } from './pow.js';

/** Definition of {@link tan}. @category Op definitions */
export const tanOp: UnaryOpDef<'tan'> = elementwiseUnary({
  name: 'tan',
  scalar: mathCall('tan'),
  kernel: Math.tan,
  vjp: (_x, y, dy) => mul(dy, add(1, pow(y, 2))),
  latex: '\\tan',
  text: 'tan',
  mathjs: 'tan',
  domain: { min: -1.2, max: 1.2 },
});

/**
 * Elementwise tangent: `tan(x)`.
 *
 * Derivative: `d/dx tan(x) = 1 + tan²(x)` (written with the named output).
 *
 * Poles at `π/2 + kπ`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `tan(x)`
 * @example
 * tg.tan(tg.variable('x', 0)).value; // → 0
 * @see {@link atan}
 * @category Elementwise
 */
export function tan(x: Operand): Node {
  return applyOwned(tanOp, [x]);
}
