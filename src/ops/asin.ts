import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link asin}. @category Op definitions */
export const asinOp: UnaryOpDef<'asin'> = elementwiseUnary({
  name: 'asin',
  scalar: mathCall('asin'),
  kernel: Math.asin,
  vjp: (x, _y, dy) => div(dy, sqrt(sub(1, pow(x, 2)))),
  latex: '\\arcsin',
  text: 'asin',
  mathjs: 'asin',
  domain: { min: -0.9, max: 0.9 },
});

/**
 * Elementwise inverse sine: `asin(x)`.
 *
 * Derivative: `d/dx asin(x) = 1/√(1 - x²)`.
 *
 * Domain: `-1 ≤ x ≤ 1` (NaN outside); the derivative is infinite at ±1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `asin(x)`
 * @example
 * tg.asin(tg.variable('x', 0)).value; // → 0
 * @see {@link acos}
 * @category Elementwise
 */
export function asin(x: Operand): Node {
  return applyOwned(asinOp, [x]);
}
