import { applyOwned, type Node, type Operand } from '../core/node.js';
import { elementwiseUnary, type UnaryOpDef } from './_family.js';
import { cot } from './cot.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/** Definition of {@link csc}. @category Op definitions */
export const cscOp: UnaryOpDef<'csc'> = elementwiseUnary({
  name: 'csc',
  scalar: ([a]) => `(1/Math.sin(${a}))`,
  kernel: (v) => 1 / Math.sin(v),
  vjp: (x, y, dy) => neg(mul(dy, mul(y, cot(x)))),
  latex: '\\csc',
  text: 'csc',
  mathjs: 'csc',
  domain: { min: 0.3, max: 2.8 },
});

/**
 * Elementwise cosecant: `csc(x) = 1/sin(x)`.
 *
 * Derivative: `d/dx csc(x) = -csc(x) cot(x)`, written with the named output `y`: `-y cot(x)`.
 *
 * Poles at `kπ` (where `sin(x) = 0`): `csc(0) = Infinity`.
 * @param x the operand (a node, number or tensor)
 * @returns the node `csc(x)`
 * @example
 * const x = tg.variable('x', Math.PI / 2);
 * tg.csc(x).value; // → 1
 * tg.toText(tg.grad(tg.csc(x), x)); // → '−csc(x)·cot(x)'
 * @see {@link sin}, {@link sec}, {@link cot}, {@link acsc}
 * @category Elementwise
 */
export function csc(x: Operand): Node {
  return applyOwned(cscOp, [x]);
}
