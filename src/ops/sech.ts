import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { tanh } from './tanh.js';

/** Definition of {@link sech}. @category Op definitions */
export const sechOp: UnaryOpDef<'sech'> = elementwiseUnary({
  name: 'sech',
  scalar: ([a]) => `(1/Math.cosh(${a}))`,
  kernel: (v) => 1 / Math.cosh(v),
  vjp: (x, y, dy) => neg(mul(dy, mul(y, tanh(x)))),
  latex: '\\operatorname{sech}',
  text: 'sech',
  mathjs: 'sech',
});

/**
 * Elementwise hyperbolic secant: `sech(x) = 1/cosh(x)`.
 *
 * Derivative: `d/dx sech(x) = -sech(x) tanh(x)`, written with the named output `y`: `-y tanh(x)`.
 *
 * Defined everywhere; `sech(x)` underflows to 0 for `|x| > 710`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `sech(x)`
 * @example
 * const x = tg.variable('x', 0);
 * tg.sech(x).value; // → 1
 * tg.toText(tg.grad(tg.sech(x), x)); // → '−sech(x)·tanh(x)'
 * @see {@link cosh}, {@link csch}, {@link coth}, {@link asech}
 * @category Elementwise
 */
export function sech(x: Operand): Node {
  return applyOwned(sechOp, [x]);
}
