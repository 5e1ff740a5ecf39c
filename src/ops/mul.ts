import { applyOwned, type Node, type Operand } from '../graph/node.js';
import { Prec, type PrintContext, type Printed } from '../graph/opdef.js';
import { elementwiseBinary, isTensorShaped } from './_family.js';

function product(c: PrintContext): Printed {
  const [a, b] = c.node.inputs;
  const left = c.arg(0, Prec.Unary);
  const right = c.arg(1, Prec.Product, true);
  const uniform = (n: typeof a) => n!.isConstant && n!.leaf!.value!.data.every((v) => v === n!.leaf!.value!.data[0]);
  if (!c.indexed && isTensorShaped(a!.shape) && isTensorShaped(b!.shape) && !uniform(a) && !uniform(b)) {
    return { s: `${left} ${c.format === 'latex' ? '\\odot' : '⊙'} ${right}`, prec: Prec.Product, leadingMinus: c.printed(0).leadingMinus };
  }
  const digitNext = /^[\d.]/.test(right);
  const sep = c.format === 'latex' ? (digitNext ? ' \\cdot ' : ' ') : '·';
  return { s: `${left}${sep}${right}`, prec: Prec.Product, leadingMinus: left.startsWith('-') || left.startsWith('−') };
}

/** Definition of {@link mul}. @category Op definitions */
export const mulOp = elementwiseBinary({
  name: 'mul',
  kernel: (a, b) => a * b,
  vjp: ({ inputs, dy, needs }) => [needs[0] ? mul(dy, inputs[1]!) : null, needs[1] ? mul(dy, inputs[0]!) : null],
  latex: product,
  text: product,
  mathjs: 'multiply',
});

/**
 * Elementwise (Hadamard) product: `a ⊙ b`, with NumPy broadcasting. For the matrix product
 * use {@link matmul}.
 *
 * Derivative: `∂(a b)/∂a = b`, `∂(a b)/∂b = a`.
 * @param a first factor
 * @param b second factor
 * @returns the node `a b`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * tg.mul(tg.variable('x', 2), 3).value; // → 6
 * @see {@link div}, {@link matmul}
 * @category Elementwise
 */
export function mul(a: Operand, b: Operand): Node {
  return applyOwned(mulOp, [a, b]);
}
