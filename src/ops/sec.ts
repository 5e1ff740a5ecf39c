import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { tan } from './tan.js';

/** Definition of {@link sec}. @category Op definitions */
export const secOp: UnaryOpDef<'sec'> = elementwiseUnary({
  name: 'sec',
  scalar: ([a]) => `(1/Math.cos(${a}))`,
  kernel: (v) => 1 / Math.cos(v),
  vjp: (x, y, dy) => mul(dy, mul(y, tan(x))),
  latex: '\\sec',
  text: 'sec',
  mathjs: 'sec',
  domain: { min: -1.2, max: 1.2 },
});

/**
 * Elementwise secant: `sec(x) = 1/cos(x)`.
 *
 * Derivative: `d/dx sec(x) = sec(x) tan(x)`, written with the named output `y`: `y tan(x)`.
 *
 * Poles at `π/2 + kπ` (where `cos(x) = 0`).
 * @param x the operand (a node, number or tensor)
 * @returns the node `sec(x)`
 * @example
 * const x = tg.variable('x', 0);
 * tg.sec(x).value; // → 1
 * tg.toText(tg.grad(tg.sec(x), x)); // → 'sec(x)·tan(x)'
 * @see {@link cos}, {@link csc}, {@link cot}, {@link asec}
 * @category Elementwise
 */
export function sec(x: Operand): Node {
  return applyOwned(secOp, [x]);
}
