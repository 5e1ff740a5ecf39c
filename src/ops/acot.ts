import { applyOwned, type Node, type Operand } from '../core/node.js';
import { add } from './add.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { div } from './div.js';
import { neg } from './neg.js';
import { pow } from './pow.js';

/** Definition of {@link acot}. @category Op definitions */
export const acotOp: UnaryOpDef<'acot'> = elementwiseUnary({
  name: 'acot',
  scalar: ([a]) => `Math.atan(1/${a})`,
  kernel: (v) => Math.atan(1 / v),
  vjp: (x, _y, dy) => neg(div(dy, add(1, pow(x, 2)))),
  latex: '\\operatorname{arccot}',
  text: 'acot',
  mathjs: 'acot',
  // NOTE: acot jumps from -π/2 to π/2 at 0 (mathjs's branch), so samples stay on one side.
  domain: { min: 0.2, max: 3 },
});

/**
 * Elementwise inverse cotangent: `acot(x) = atan(1/x)`, with values in `(-π/2, π/2]` as in
 * mathjs.
 *
 * Derivative: `d/dx acot(x) = -1/(1 + x²)`.
 *
 * With this branch `acot` jumps at 0, from `-π/2` (at `-0`) to `π/2` (at `0`); the derivative
 * holds on each side.
 * @param x the operand (a node, number or tensor)
 * @returns the node `acot(x)`
 * @example
 * tg.acot(tg.variable('x', 1)).value; // → 0.7853981633974483
 * tg.acot(tg.variable('x', 0)).value; // → 1.5707963267948966
 * @see {@link cot}, {@link atan}
 * @category Elementwise
 */
export function acot(x: Operand): Node {
  return applyOwned(acotOp, [x]);
}
