import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { cosh } from './cosh.js';
import { mul } from './mul.js';

/** Definition of {@link sinh}. @category Op definitions */
export const sinhOp: UnaryOpDef<'sinh'> = elementwiseUnary({
  name: 'sinh',
  scalar: mathCall('sinh'),
  kernel: Math.sinh,
  vjp: (x, _y, dy) => mul(dy, cosh(x)),
  latex: '\\sinh',
  text: 'sinh',
  mathjs: 'sinh',
});

/**
 * Elementwise hyperbolic sine: `sinh(x)`.
 *
 * Derivative: `d/dx sinh(x) = cosh(x)`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sinh(x)`
 * @example
 * tg.sinh(tg.variable('x', 0)).value; // → 0
 * @see {@link cosh}
 * @category Elementwise
 */
export function sinh(x: Operand): Node {
  return applyOwned(sinhOp, [x]);
}
