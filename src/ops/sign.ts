import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';

/** Definition of {@link sign}. @category Op definitions */
export const signOp: UnaryOpDef<'sign'> = elementwiseUnary({
  name: 'sign',
  symbol: 'sgn',
  scalar: mathCall('sign'),
  kernel: Math.sign,
  vjp: (_x, _y, dy) => mul(dy, 0),
  latex: '\\operatorname{sgn}',
  text: 'sgn',
  mathjs: 'sign',
  kink: (x) => x,
  deadGradient: ({ inputName }) => `the derivative of sign is 0 (almost everywhere), so no gradient flows to ${inputName}`,
});

/**
 * Elementwise sign: `-1`, `0` or `1`.
 *
 * Derivative: `d/dx sign(x) = 0` (except at 0, where it is undefined).
 *
 * Used by the derivative of {@link abs}.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sign(x)`
 * @example
 * tg.sign(tg.variable('x', -3)).value; // → -1
 * @see {@link abs}
 * @category Elementwise
 */
export function sign(x: Operand): Node {
  return applyOwned(signOp, [x]);
}
