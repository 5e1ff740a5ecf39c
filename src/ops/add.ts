import { applyOwned, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec } from '../core/opdef.js';
import { isZero } from '../core/constants.js';
import { elementwiseBinary, type BinaryOpDef } from './_family.js';
import { fit, negated, scaled } from './_rewrite.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** Definition of {@link add}. @category Op definitions */
export const addOp: BinaryOpDef<'add'> = elementwiseBinary({
  name: 'add',
  symbol: '+',
  scalar: ([a, b]) => `(${a}+${b})`,
  kernel: (a, b) => a + b,
  vjp: ({ dy }) => [dy, dy],
  latex: (c) => c.startWith(0, Prec.Sum, ` + ${c.arg(1, Prec.Sum, true)}`, Prec.Sum),
  text: (c) => c.startWith(0, Prec.Sum, ` + ${c.arg(1, Prec.Sum, true)}`, Prec.Sum),
  mathjs: 'add',
  toMathjs: (c) => ({ s: `${c.arg(0, MathjsPrec.Sum)} + ${c.arg(1, MathjsPrec.Sum)}`, prec: MathjsPrec.Sum }),
  commutative: true,
  rewrites: [
    { name: 'x + 0 = x', constant: true, rewrite: ([a, b], _attrs, shape) => (isZero(b!) ? fit(a!, shape) : isZero(a!) ? fit(b!, shape) : undefined) },
    {
      name: 'a + (-b) = a - b, (-a) + b = b - a',
      rewrite: ([a, b]) => {
        const nb = negated(b!);
        if (nb) return sub(a!, nb);
        const na = negated(a!);
        return na ? sub(b!, na) : undefined;
      },
    },
    {
      name: 'c a + c b = c (a + b), (-c) a + c b = c (b - a)',
      rewrite: ([p, q], _attrs, shape) => {
        const a = scaled(p!), b = scaled(q!);
        if (!a || !b || a[0] === 0) return undefined;
        if (a[0] === b[0]) return fit(mul(a[0], add(a[1], b[1])), shape);
        if (a[0] === -b[0]) return fit(mul(b[0], sub(b[1], a[1])), shape);
        return undefined;
      },
    },
    { name: 'x + x = 2 x', rewrite: ([a, b]) => (a === b ? mul(2, a!) : undefined) },
  ],
});

/**
 * Elementwise sum: `a + b`, with NumPy broadcasting.
 *
 * Derivative: `∂(a + b)/∂a = 1`, `∂(a + b)/∂b = 1` (summed back over broadcast axes).
 * @param a first operand (a node, number or tensor)
 * @param b second operand
 * @returns the node `a + b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.add(tg.variable('x', 2), 3).value; // → 5
 * @see {@link sub}, {@link mul}
 * @category Elementwise
 */
export function add(a: Operand, b: Operand): Node {
  return applyOwned(addOp, [a, b]);
}
