import { applyOwned, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec } from '../core/opdef.js';
import { isZero } from '../core/constants.js';
import { elementwiseBinary, type BinaryOpDef } from './_family.js';
import { filled, fit, negated } from './_rewrite.js';
import { add } from './add.js';
import { neg } from './neg.js';

/** Definition of {@link sub}. @category Op definitions */
export const subOp: BinaryOpDef<'sub'> = elementwiseBinary({
  name: 'sub',
  symbol: '−',
  scalar: ([a, b]) => `(${a}-${b})`,
  kernel: (a, b) => a - b,
  vjp: ({ dy, needs }) => [dy, needs[1] ? neg(dy) : null],
  latex: (c) => c.startWith(0, Prec.Sum, ` - ${c.arg(1, Prec.Unary, true)}`, Prec.Sum),
  text: (c) => c.startWith(0, Prec.Sum, ` − ${c.arg(1, Prec.Unary, true)}`, Prec.Sum),
  mathjs: 'subtract',
  toMathjs: (c) => ({ s: `${c.arg(0, MathjsPrec.Sum)} - ${c.arg(1, MathjsPrec.Product)}`, prec: MathjsPrec.Sum }),
  rewrites: [
    { name: 'a - (-b) = a + b', rewrite: ([a, b]) => {
      const nb = negated(b!);
      return nb ? add(a!, nb) : undefined;
    } },
    {
      name: 'x - 0 = x, 0 - x = -x, x - x = 0',
      rewrite: ([a, b], _attrs, shape) => (isZero(b!) ? fit(a!, shape) : isZero(a!) ? fit(neg(b!), shape) : a === b ? filled(shape, 0) : undefined),
    },
  ],
});

/**
 * Elementwise difference: `a - b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a - b)/∂a = 1`, `∂(a - b)/∂b = -1`.
 * @param a minuend
 * @param b subtrahend
 * @returns the node `a - b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.sub(tg.variable('x', 2), 3).value; // → -1
 * @see {@link add}, {@link neg}
 * @category Elementwise
 */
export function sub(a: Operand, b: Operand): Node {
  return applyOwned(subOp, [a, b]);
}
