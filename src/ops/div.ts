import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec } from '../graph/opdef.js';
import { elementwiseBinary } from './_family.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/** Definition of {@link div}. @category Op definitions */
export const divOp = elementwiseBinary({
  name: 'div',
  kernel: (a, b) => a / b,
  // NOTE: ∂(a/b)/∂b = -a/b² is written -y/b with y = a/b, so it prints in terms of the named output.
  vjp: ({ inputs, y, dy, needs }) => [needs[0] ? div(dy, inputs[1]!) : null, needs[1] ? neg(div(mul(dy, y), inputs[1]!)) : null],
  latex: (c) => ({ s: `\\frac{${c.raw(0)}}{${c.raw(1)}}`, prec: Prec.Fraction }),
  text: (c) => ({ s: `${c.arg(0, Prec.Product)} / ${c.arg(1, Prec.Fraction)}`, prec: Prec.Product }),
  mathjs: 'divide',
  domain: [{ min: -2, max: 2 }, { min: 0.5, max: 2 }],
});

/**
 * Elementwise quotient: `a / b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a/b)/∂a = 1/b`, `∂(a/b)/∂b = -a/b²`. Division by zero gives ±Infinity or NaN, as in IEEE arithmetic.
 * @param a numerator
 * @param b denominator
 * @returns the node `a / b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.div(tg.variable('x', 3), 2).value; // → 1.5
 * @see {@link mul}
 * @category Elementwise
 */
export function div(a: Operand, b: Operand): Node {
  return applyOwned(divOp, [a, b]);
}
