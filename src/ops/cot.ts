import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';

/** Definition of {@link cot}. @category Op definitions */
export const cotOp: UnaryOpDef<'cot'> = elementwiseUnary({
  name: 'cot',
  scalar: ([a]) => `(1/Math.tan(${a}))`,
  kernel: (v) => 1 / Math.tan(v),
  vjp: (_x, y, dy) => neg(mul(dy, add(1, pow(y, 2)))),
  latex: '\\cot',
  text: 'cot',
  mathjs: 'cot',
  domain: { min: 0.3, max: 2.8 },
});

/**
 * Elementwise cotangent: `cot(x) = 1/tan(x)`.
 *
 * Derivative: `d/dx cot(x) = -csc²(x) = -(1 + cot²(x))`, written `-(1 + y²)` with the named
 * output `y` (as {@link tan}'s is `1 + y²`).
 *
 * Poles at `kπ`: `cot(0) = Infinity`; computed as `1/tan(x)`, as mathjs does.
 * @param x the operand (a node, number or tensor)
 * @returns the node `cot(x)`
 * @example
 * const x = tg.variable('x', Math.PI / 4);
 * tg.cot(x).value; // → 1.0000000000000002
 * tg.toText(tg.grad(tg.cot(x), x)); // → '−(1 + cot(x)²)'
 * @see {@link tan}, {@link csc}, {@link acot}
 * @category Elementwise
 */
export function cot(x: Operand): Node {
  return applyOwned(cotOp, [x]);
}
