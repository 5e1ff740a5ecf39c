import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { sub } from './sub.js';

/** Definition of {@link atanh}. @category Op definitions */
export const atanhOp: UnaryOpDef<'atanh'> = elementwiseUnary({
  name: 'atanh',
  scalar: mathCall('atanh'),
  kernel: Math.atanh,
  vjp: (x, _y, dy) => div(dy, sub(1, pow(x, 2))),
  latex: '\\operatorname{artanh}',
  text: 'atanh',
  mathjs: 'atanh',
  domain: { min: -0.9, max: 0.9 },
});

/**
 * Elementwise inverse hyperbolic tangent: `atanh(x) = ½ log((1 + x)/(1 - x))`.
 *
 * Derivative: `d/dx atanh(x) = 1/(1 - x²)`.
 *
 * Domain: `-1 < x < 1`; `atanh(±1) = ±Infinity`, NaN outside (where mathjs answers a complex
 * number).
 * @param x the operand (a node, number or tensor)
 * @returns the node `atanh(x)`
 * @example
 * const x = tg.variable('x', 0.5);
 * tg.atanh(x).value; // → 0.5493061443340548
 * tg.toText(tg.grad(tg.atanh(x), x)); // → '1 / (1 − x²)'
 * @see {@link tanh}, {@link acoth}
 * @category Elementwise
 */
export function atanh(x: Operand): Node {
  return applyOwned(atanhOp, [x]);
}
