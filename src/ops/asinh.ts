import { applyOwned, type Node, type Operand } from '../core/node.js';
import { add } from './add.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';

/** Definition of {@link asinh}. @category Op definitions */
export const asinhOp: UnaryOpDef<'asinh'> = elementwiseUnary({
  name: 'asinh',
  scalar: mathCall('asinh'),
  kernel: Math.asinh,
  vjp: (x, _y, dy) => div(dy, sqrt(add(pow(x, 2), 1))),
  latex: '\\operatorname{arsinh}',
  text: 'asinh',
  mathjs: 'asinh',
});

/**
 * Elementwise inverse hyperbolic sine: `asinh(x) = log(x + √(x² + 1))`.
 *
 * Derivative: `d/dx asinh(x) = 1/√(x² + 1)`.
 *
 * Defined everywhere (computed by `Math.asinh`, accurate near 0 and for large `|x|`).
 * @param x the operand (a node, number or tensor)
 * @returns the node `asinh(x)`
 * @example
 * const x = tg.variable('x', 0);
 * tg.asinh(x).value; // → 0
 * tg.toText(tg.grad(tg.asinh(x), x)); // → '1 / √(x² + 1)'
 * @see {@link sinh}, {@link acosh}, {@link atanh}
 * @category Elementwise
 */
export function asinh(x: Operand): Node {
  return applyOwned(asinhOp, [x]);
}
