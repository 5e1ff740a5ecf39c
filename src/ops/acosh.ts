import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link acosh}. @category Op definitions */
export const acoshOp: UnaryOpDef<'acosh'> = elementwiseUnary({
  name: 'acosh',
  scalar: mathCall('acosh'),
  kernel: Math.acosh,
  vjp: (x, _y, dy) => div(dy, sqrt(sub(pow(x, 2), 1))),
  latex: '\\operatorname{arcosh}',
  text: 'acosh',
  mathjs: 'acosh',
  domain: { min: 1.1, max: 3 },
});

/**
 * Elementwise inverse hyperbolic cosine: `acosh(x) = log(x + √(x² - 1))`, with values `≥ 0`.
 *
 * Derivative: `d/dx acosh(x) = 1/√(x² - 1)`.
 *
 * Domain: `x ≥ 1` (NaN below, where mathjs answers a complex number); the derivative is
 * infinite at 1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `acosh(x)`
 * @example
 * const x = tg.variable('x', 1);
 * tg.acosh(x).value; // → 0
 * tg.toText(tg.grad(tg.acosh(x), x)); // → '1 / √(x² − 1)'
 * @see {@link cosh}, {@link asinh}, {@link asech}
 * @category Elementwise
 */
export function acosh(x: Operand): Node {
  return applyOwned(acoshOp, [x]);
}
