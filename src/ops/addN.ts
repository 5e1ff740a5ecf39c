import { ArgumentError, ShapeError } from '../util/errors.js';
import { apply, type Node, type Operand } from '../core/node.js';
import { MathjsPrec, Prec, sameShapeOps, type OpDef, type PrintContext, type Printed } from '../core/opdef.js';
import { isZero } from '../core/constants.js';
import { filled } from './_rewrite.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';

/** `a + b - c + …`: a term that prints with a leading minus is subtracted (`a + (-c)` is `a - c`). */
function terms(c: PrintContext): Printed {
  const minus = c.format === 'latex' ? '-' : '−';
  let rest = '';
  for (let i = 1; i < c.node.inputs.length; i++) {
    const p = c.printed(i);
    rest += p.leadingMinus && p.prec >= Prec.Unary ? ` ${minus} ${c.unsigned(i)}` : ` + ${c.arg(i, Prec.Sum, true)}`;
  }
  return c.startWith(0, Prec.Sum, rest, Prec.Sum);
}

/** Definition of {@link addN}. @category Op definitions */
export const addNOp: OpDef = {
  name: 'addN',
  symbol: '+',
  arity: 'variadic',
  category: 'Elementwise',
  elementwise: true,
  linear: true,
  shape: (shapes) => {
    const first = shapes[0]!;
    for (let i = 1; i < shapes.length; i++) {
      if (!sameShape(shapes[i]!, first)) throw new ShapeError(`addN: every term needs the same shape; got term 0 ${formatShape(first)} and term ${i} ${formatShape(shapes[i]!)}`);
    }
    return first;
  },
  // Left to right, as `((a + b) + c) + …`: the same bits as nested adds and as generated code.
  forward: (xs) => {
    const out = Float64Array.from(xs[0]!.data);
    for (let k = 1; k < xs.length; k++) {
      const d = xs[k]!.data;
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + d[i]!;
    }
    return new Tensor(xs[0]!.shape, out);
  },
  scalarKernel: (args) => {
    let s = args[0]!;
    for (let k = 1; k < args.length; k++) s = s + args[k]!;
    return s;
  },
  vjp: ({ inputs, dy, needs }) => inputs.map((_, i) => (needs[i] ? dy : null)),
  latex: terms,
  text: terms,
  mathjs: 'add',
  scalar: (args) => `(${args.join('+')})`,
  foldLeft: true,
  toMathjs: (c) => ({ s: c.node.inputs.map((_, i) => c.arg(i, MathjsPrec.Sum)).join(' + '), prec: MathjsPrec.Sum }),
  rewrites: [
    {
      name: 'a sum of one term is the term; zero terms drop out',
      rewrite: (ins, _attrs, shape) => {
        if (ins.length === 1) return ins[0];
        if (!ins.some(isZero)) return undefined;
        const rest = ins.filter((t) => !isZero(t));
        return rest.length === 0 ? filled(shape, 0) : addN(rest);
      },
    },
  ],
};
sameShapeOps.add(addNOp);

/**
 * Sum of several terms of one shape, `a + b + c + …`, as one node (TensorFlow's `add_n`).
 * Gradients use it where a node feeds three or more others: its adjoint is the sum of what
 * each consumer sends back, one node instead of a chain of `add`s.
 *
 * Derivative: `∂(a + b + …)/∂a = 1` for every term.
 * @param terms the terms (at least one), all of one shape
 * @returns the node `a + b + c + …` (the term itself when there is one)
 * @throws {@link ShapeError} when the shapes differ; {@link ArgumentError} for no terms
 * @example
 * const x = tg.variable('x', 2);
 * tg.addN([x, tg.mul(x, 3), 1]).value; // → 9
 * tg.toText(tg.addN([x, tg.mul(x, 3), 1])); // → '4·x + 1'
 * @see {@link add}
 * @category Elementwise
 */
export function addN(terms: readonly Operand[]): Node {
  if (!Array.isArray(terms) || terms.length === 0) throw new ArgumentError(`addN: terms must be a non-empty array; got ${Array.isArray(terms) ? 'an empty array' : typeof terms}`);
  return apply(addNOp, terms);
}
