import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, mathCall, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { sqrt } from './sqrt.js';
import { sub } from './sub.js';

/** Definition of {@link acos}. @category Op definitions */
export const acosOp: UnaryOpDef<'acos'> = elementwiseUnary({
  name: 'acos',
  scalar: mathCall('acos'),
  kernel: Math.acos,
  vjp: (x, _y, dy) => neg(div(dy, sqrt(sub(1, pow(x, 2))))),
  latex: '\\arccos',
  text: 'acos',
  mathjs: 'acos',
  domain: { min: -0.9, max: 0.9 },
});

/**
 * Elementwise inverse cosine: `acos(x)`.
 *
 * Derivative: `d/dx acos(x) = -1/√(1 - x²)`.
 *
 * Domain: `-1 ≤ x ≤ 1` (NaN outside); the derivative is infinite at ±1.
 * @param x the operand (a node, number or tensor)
 * @returns the node `acos(x)`
 * @example
 * tg.acos(tg.variable('x', 1)).value; // → 0
 * @see {@link asin}
 * @category Elementwise
 */
export function acos(x: Operand): Node {
  return applyOwned(acosOp, [x]);
}
