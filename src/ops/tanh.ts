import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { pow } from './pow.js';
import { sub } from './sub.js';

/** Definition of {@link tanh}. @category Op definitions */
export const tanhOp: UnaryOpDef<'tanh'> = elementwiseUnary({
  name: 'tanh',
  scalar: mathCall('tanh'),
  kernel: Math.tanh,
  vjp: (_x, y, dy) => mul(dy, sub(1, pow(y, 2))),
  latex: '\\tanh',
  text: 'tanh',
  mathjs: 'tanh',
});

/**
 * Elementwise hyperbolic tangent: `tanh(x)`.
 *
 * Derivative: `d/dx tanh(x) = 1 - tanh²(x)`, written `1 - y²` with the named output `y`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `tanh(x)`
 * @example
 * tg.tanh(tg.variable('x', 0)).value; // → 0
 * @see {@link sigmoid}
 * @category Elementwise
 */
export function tanh(x: Operand): Node {
  return applyOwned(tanhOp, [x]);
}
