import { ArgumentError, GradientNotImplementedError, ShapeError } from '../util/errors.js';
import { apply, constant, Node, toNode, type Operand } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { checkSeedLiteral } from '../core/checks.js';
import { zeros } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { add } from '../ops/add.js';
import { broadcastTo } from '../ops/broadcastTo.js';

/**
 * Forward-mode derivative: the Jacobian-vector product `(∂y/∂x) dx`, as a node of `y`'s
 * shape. Works for every elementwise op (through its derivative), every linear op (the op
 * applied to the tangents), products (`matmul`, `dot`, by the product rule) and the ops
 * that define their own forward rule (softmax, logSoftmax, logSumExp, norm).
 * @param y the output
 * @param xs the inputs that carry tangents
 * @param dxs one tangent per input, each of its input's shape (a number or an array of finite
 *   numbers; a tensor or a node is data, taken as it is)
 * @returns the tangent of `y`
 * @throws {@link GradientNotImplementedError} for an op without a forward rule; {@link ArgumentError} for a tangent typed as a number or array that is NaN or infinite
 * @example
 * const x = tg.variable('x', 2);
 * tg.jvp(x.mul(x), [x], [1]).value; // → 4
 * @category Autodiff
 */
export function jvp(y: Node, xs: readonly Node[], dxs: readonly Operand[]): Node {
  if (!(y instanceof Node)) throw new ArgumentError(`jvp: y must be a Node; got ${typeof y}`);
  if (!Array.isArray(xs) || !Array.isArray(dxs) || xs.length !== dxs.length) {
    throw new ArgumentError(`jvp: xs and dxs must be arrays of equal length; got ${Array.isArray(xs) ? xs.length : typeof xs} and ${Array.isArray(dxs) ? dxs.length : typeof dxs}`);
  }
  const tangents = new Map<Node, Node>();
  xs.forEach((x, i) => {
    checkSeedLiteral('jvp', `tangent ${i}`, dxs[i]);
    const t = toNode('jvp', dxs[i]!);
    if (!sameShape(t.shape, x.shape)) throw new ShapeError(`jvp: tangent ${i} must have its input's shape ${formatShape(x.shape)}; got ${formatShape(t.shape)}`);
    tangents.set(x, t);
  });
  for (const n of topoOrder([y])) {
    if (tangents.has(n) || n.leaf) continue;
    const ts = n.inputs.map((c) => tangents.get(c));
    if (ts.every((t) => t === undefined)) continue;
    const t = tangentOf(n, ts);
    if (t) tangents.set(n, t);
  }
  return tangents.get(y) ?? constant(zeros(y.shape));
}

function tangentOf(n: Node, ts: (Node | undefined)[]): Node | undefined {
  const op = n.op;
  if (op.jvp) return op.jvp({ y: n, inputs: n.inputs, attrs: n.attrs, tangents: ts });
  if (op.linear) {
    const filled = ts.map((t, i) => t ?? constant(zeros(n.inputs[i]!.shape)));
    return apply(op, filled, n.attrs);
  }
  if (op.elementwise && op.vjp) {
    // An elementwise rule with dy = the broadcast tangent gives f'(x) ⊙ tangent per input.
    let total: Node | undefined;
    n.inputs.forEach((_, i) => {
      const t = ts[i];
      if (!t) return;
      const needs = n.inputs.map((_, k) => k === i);
      const part = op.vjp!({ y: n, inputs: n.inputs, attrs: n.attrs, dy: broadcastTo(t, n.shape), needs })[i];
      if (!part) throw new GradientNotImplementedError(`jvp: op '${op.name}' gave no derivative for input ${i}`);
      const term = sameShape(part.shape, n.shape) ? part : broadcastTo(part, n.shape);
      total = total ? add(total, term) : term;
    });
    return total;
  }
  throw new GradientNotImplementedError(`jvp: op '${op.name}' has no forward-mode rule (elementwise, linear and product ops have one)`);
}
