/**
 * Checks of what users hand the engine while it runs: what the functions of an op definition
 * return (a user's op may return anything; a built-in one passes these checks by
 * construction), and seeds typed as literals. Each failure is a typed error naming the op (or
 * the function), what it got and what is accepted.
 * @module
 */
import { ArgumentError, ShapeError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape, sameShape, type Shape } from '../tensor/shape.js';
import type { Attrs, OpDef, Printed } from './opdef.js';
import type { Node } from './node.js';

/** What a shape rule must return, for messages. */
const SHAPE_WANTED = 'an array of non-negative integers such as [2, 3] ([] for a scalar)';

/**
 * The output shape an op's shape rule returned, checked: an array of non-negative integers.
 * @throws {@link ArgumentError} naming the op and what its rule returned @internal
 */
export function checkedShape(op: OpDef, s: unknown): Shape {
  if (!Array.isArray(s)) throw new ArgumentError(`${op.name}: its shape rule returned ${describeValue(s)}; it must return the output shape, ${SHAPE_WANTED}`);
  for (let i = 0; i < s.length; i++) {
    const d: unknown = s[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${op.name}: its shape rule returned ${describeValue(s)} (axis ${i} is ${describeValue(d)}); it must return the output shape, ${SHAPE_WANTED}`);
    }
  }
  return s as Shape;
}

/**
 * What an op's `forward` returned, checked: a {@link Tensor} of the node's shape (the shape
 * its shape rule gave). A number is not a tensor, even for a scalar output (`tg.tensor(v)` is).
 * @throws {@link ArgumentError} for a value that is not a tensor; {@link ShapeError} for a tensor of another shape @internal
 */
export function checkedForward(op: OpDef, t: unknown, shape: Shape): Tensor {
  if (t instanceof Tensor) {
    if (t.shape === shape || sameShape(t.shape, shape)) return t;
    throw new ShapeError(`${op.name}: forward returned a tensor of shape ${formatShape(t.shape)}; it must return a tensor of the node's shape ${formatShape(shape)} (the one its shape rule gave)`);
  }
  throw new ArgumentError(
    `${op.name}: forward returned ${t instanceof Float64Array ? 'a Float64Array' : describeValue(t)}; it must return a tensor of the node's shape ${formatShape(shape)}` +
      ` (tg.tensor(values, shape)${shape.length === 0 ? ', tg.tensor(v) for a scalar' : ''})`,
  );
}

/** Runs an op's `forward` and checks what it returned ({@link checkedForward}). @internal */
export function runForward(op: OpDef, inputs: readonly Tensor[], attrs: Attrs, shape: Shape): Tensor {
  return checkedForward(op, op.forward(inputs, attrs, shape), shape);
}

/**
 * What an op's `scalarKernel` returned, checked: a number.
 * @throws {@link ArgumentError} naming the op @internal
 */
export function checkedScalar(op: OpDef, v: unknown): number {
  if (typeof v === 'number') return v;
  throw new ArgumentError(`${op.name}: scalarKernel returned ${describeValue(v)}; it must return a number (the op's value on scalar inputs)`);
}

/**
 * What an op's `latex` or `text` printer returned, checked: a {@link Printed}, `{ s, prec }`
 * with `s` a string and `prec` a number (a `tg.Prec` level).
 * @throws {@link ArgumentError} naming the op and the printer @internal
 */
export function checkPrinted(op: OpDef, format: 'latex' | 'text', p: unknown): asserts p is Printed {
  if (p !== null && typeof p === 'object' && typeof (p as Printed).s === 'string' && typeof (p as Printed).prec === 'number') return;
  throw new ArgumentError(
    `${op.name}: its ${format} printer returned ${describeValue(p)}; it must return { s, prec }: the printed ${format === 'latex' ? 'LaTeX' : 'text'} (a string) and its precedence (a tg.Prec level, e.g. tg.Prec.Atom)`,
  );
}

/**
 * Checks the gradient a user op's vector-Jacobian rule returned for input `i` of node `n`:
 * it must have the input's shape, or the op's output shape (which `grad` sums back to the
 * input's shape). Any other shape would be summed silently into a gradient of the wrong
 * meaning. (Built-in rules may return any shape the input broadcasts to.)
 * @throws {@link ShapeError} naming the op, the input and both shapes @internal
 */
export function checkRuleGradient(n: Node, i: number, g: Node): void {
  const x = n.inputs[i]!;
  if (sameShape(g.shape, x.shape) || sameShape(g.shape, n.shape)) return;
  throw new ShapeError(
    `grad: the vjp rule of '${n.op.name}' returned a gradient of shape ${formatShape(g.shape)} for input ${i}${x.name ? ` ('${x.name}')` : ''} of shape ${formatShape(x.shape)}; ` +
      `it must have the input's shape ${formatShape(x.shape)} or the op's output shape ${formatShape(n.shape)}`,
  );
}

/**
 * Rejects a seed (the `dy` of `grad`, a tangent of `jvp`) typed as a literal, a number or an
 * array of numbers, that holds NaN or ±Infinity: such a seed is a typing mistake, and it would
 * make every gradient NaN. A tensor or a node is data and is taken as it is, whatever it holds.
 * @param where the function (`grad`)
 * @param what the argument (`dy`, `tangent 0`)
 * @throws {@link ArgumentError} naming the value and, in an array, its flat index
 */
export function checkSeedLiteral(where: string, what: string, v: unknown): void {
  const tail = 'a seed that holds NaN or ±Infinity on purpose is data: pass it as a tensor or a node';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ArgumentError(`${where}: ${what} must be a finite number, or an array of finite numbers; got ${v} (${tail})`);
    return;
  }
  if (!Array.isArray(v)) return;
  // Numbers in row-major order (an explicit stack): in a well-formed nested array, the k-th
  // number is the element at flat index k.
  const stack: unknown[] = [v];
  let k = 0;
  while (stack.length > 0) {
    const e = stack.pop();
    if (Array.isArray(e)) {
      for (let j = e.length - 1; j >= 0; j--) stack.push(e[j]);
    } else if (typeof e === 'number') {
      if (!Number.isFinite(e)) throw new ArgumentError(`${where}: ${what} must be a finite number, or an array of finite numbers; got ${e} at flat index ${k} (${tail})`);
      k++;
    }
  }
}
