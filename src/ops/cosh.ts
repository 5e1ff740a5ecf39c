import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { sinh } from './sinh.js';

/** Definition of {@link cosh}. @category Op definitions */
export const coshOp: UnaryOpDef<'cosh'> = elementwiseUnary({
  name: 'cosh',
  scalar: mathCall('cosh'),
  kernel: Math.cosh,
  vjp: (x, _y, dy) => mul(dy, sinh(x)),
  latex: '\\cosh',
  text: 'cosh',
  mathjs: 'cosh',
});

/**
 * Elementwise hyperbolic cosine: `cosh(x)`.
 *
 * Derivative: `d/dx cosh(x) = sinh(x)`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `cosh(x)`
 * @example
 * tg.cosh(tg.variable('x', 0)).value; // → 1
 * @see {@link sinh}
 * @category Elementwise
 */
export function cosh(x: Operand): Node {
  return applyOwned(coshOp, [x]);
}
