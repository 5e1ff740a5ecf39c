/**
 * Closed-form Jacobians of vector expressions, the matrix calculus of Laue, Mitterreiter and
 * Giesen ("Computing higher order derivatives of matrix and tensor expressions", NeurIPS 2018,
 * the method behind matrixcalculus.org) restricted to vectors: forward mode over the
 * expression, where the derivative of every node `v` with respect to `z` is a *matrix node*
 * `J(v) = ∂v/∂z` of shape `[size(v), size(z)]`, built with ordinary ops. So the Hessian of
 * `xᵀA x` is the one node `A + Aᵀ`, that of `logSumExp(A x)` is `Aᵀ (diag(p) − p pᵀ) A`, and
 * that of `‖A x − b‖²` is `2 Aᵀ A`, each evaluated in one pass instead of one reverse pass per
 * row. Where a node needs a derivative that is not a matrix (a matrix-valued node depending
 * on `z`, an op without a rule here), there is no closed form and {@link jacobian} returns
 * undefined: `hessian` then builds the rows.
 * @module
 */
import { constant, structuralConstant, type Node } from '../core/node.js';
import { NodeIndex, topoOrder } from '../core/topo.js';
import { eye, ones, zeros } from '../tensor/tensor.js';
import { sizeOf, type Shape } from '../tensor/shape.js';
import { add } from '../ops/add.js';
import { broadcastTo, broadcastToOp } from '../ops/broadcastTo.js';
import { div } from '../ops/div.js';
import { dotOp } from '../ops/dot.js';
import { logSumExpOp } from '../ops/logSumExp.js';
import { matmul, matmulOp } from '../ops/matmul.js';
import { mean, meanOp } from '../ops/mean.js';
import { mul } from '../ops/mul.js';
import { normOp } from '../ops/norm.js';
import { reshape, reshapeOp } from '../ops/reshape.js';
import { softmax, softmaxOp } from '../ops/softmax.js';
import { sub } from '../ops/sub.js';
import { sum, sumOp } from '../ops/sum.js';
import { transpose, transposeOp } from '../ops/transpose.js';

/** True for an unnamed constant whose every element is 1. */
function isOne(n: Node): boolean {
  return n.isConstant && n.label === undefined && n.leaf!.value!.data.every((v) => v === 1);
}

/** The derivative of a node: `undefined` (zero: it does not depend on `z`), `'I'` (it is `z`), or a matrix node. */
type Jac = undefined | 'I' | Node;

/** Thrown inside {@link jacobian} when a node has no closed form; caught there. */
class NoClosedForm extends Error {}

/** At most one axis longer than 1: a vector however it is shaped. */
const vectorLike = (s: Shape) => s.filter((d) => d !== 1).length <= 1;

/**
 * `∂g/∂z` as one matrix node `[size(g), size(z)]`, or undefined when the expression has no
 * closed form here. `g` and `z` are scalars or vectors (any shape with one axis longer than 1).
 * Iterative: one pass over the nodes of `g` in topological order.
 */
export function jacobian(g: Node, z: Node): Node | undefined {
  if (!vectorLike(g.shape) || !vectorLike(z.shape)) return undefined;
  const nz = sizeOf(z.shape);
  const depends = new NodeIndex();
  depends.set(z, 0);
  const order = topoOrder([g], depends);
  const jac = new Map<Node, Jac>();
  let identity: Node | undefined;
  const eyeZ = () => (identity ??= structuralConstant(eye(nz)));
  const matrix = (j: Jac): Node => (j === 'I' ? eyeZ() : j!);
  /** A column of `d`'s elements, `d` spread over `v`'s shape first. */
  const column = (d: Node, v: Node) => reshape(d.shape.length === v.shape.length && sizeOf(d.shape) === sizeOf(v.shape) ? d : broadcastTo(d, v.shape), [sizeOf(v.shape), 1]);
  /** `diag(d) J`: the rows of J scaled by the elements of `d`. */
  const scaleRows = (d: Node, j: Jac, v: Node): Node => (sizeOf(d.shape) === 1 ? mul(reshape(d, []), matrix(j)) : mul(column(d, v), matrix(j)));
  /** `M J` for a matrix `M` that does not depend on `z`. */
  const times = (m: Node, j: Jac): Node => (j === 'I' || (identity !== undefined && j === identity) ? m : matmul(m, j!));
  const plus = (a: Jac, b: Node): Node => (a === undefined ? b : add(matrix(a), b));
  /** The derivative of input `c` of `v`, spread to `v`'s size when `c` is one element. */
  const spread = (c: Node, v: Node): Jac => {
    const j = jac.get(c);
    if (j === undefined || sizeOf(c.shape) === sizeOf(v.shape)) return j;
    if (sizeOf(c.shape) === 1) return broadcastTo(matrix(j), [sizeOf(v.shape), nz]);
    throw new NoClosedForm();
  };
  try {
    for (const v of order) {
      if (v === z) {
        jac.set(v, 'I');
        continue;
      }
      if (!depends.has(v) || v.leaf !== undefined) continue;
      if (!vectorLike(v.shape)) throw new NoClosedForm();
      jac.set(v, rule(v));
    }
  } catch (e) {
    if (e instanceof NoClosedForm) return undefined;
    throw e;
  }
  const out = jac.get(g);
  if (out === undefined) return structuralConstant(zeros([sizeOf(g.shape), nz]));
  return matrix(out);

  function rule(v: Node): Jac {
    const op = v.op;
    const ins = v.inputs;
    const dep = (i: number) => depends.has(ins[i]!) && jac.get(ins[i]!) !== undefined;
    if (op === reshapeOp || op === transposeOp) return spread(ins[0]!, v);
    if (op === broadcastToOp) return spread(ins[0]!, v);
    if (op === sumOp || op === meanOp) {
      if (sizeOf(v.shape) !== 1) throw new NoClosedForm();
      const j = matrix(jac.get(ins[0]!));
      return op === sumOp ? sum(j, 0, true) : mean(j, 0, true);
    }
    if (op === matmulOp) {
      const [a, b] = ins;
      if (dep(0) && dep(1)) throw new NoClosedForm();
      const [u, m, left] = dep(1) ? [b!, a!, true] : [a!, b!, false];
      // A one-element factor scales: J = m J(u).
      if (sizeOf(m.shape) === 1) {
        const j = jac.get(u);
        return isOne(m) ? j : mul(reshape(m, []), matrix(j));
      }
      const k = sizeOf(u.shape);
      // v = M u (u a column): J = M J(u). v = uᵀ M (u a row): J = Mᵀ J(u).
      if (left && (u.rank === 1 || u.shape[1] === 1)) return times(m.rank === 1 ? reshape(m, [1, k]) : m, jac.get(u));
      if (!left && (u.rank === 1 || u.shape[0] === 1)) return times(transpose(m.rank === 1 ? reshape(m, [k, 1]) : m), jac.get(u));
      throw new NoClosedForm();
    }
    if (op === dotOp) {
      const [a, b] = ins;
      const row = (u: Node) => reshape(u, [1, sizeOf(u.shape)]);
      let out: Jac;
      if (dep(0)) out = times(row(b!), jac.get(a!));
      if (dep(1)) out = plus(out, times(row(a!), jac.get(b!)));
      return out;
    }
    if (op === softmaxOp) {
      // ∂ softmax(u)/∂u = diag(p) − p pᵀ, p = softmax(u).
      const p = v.label === undefined ? v.as('p') : v;
      const col = reshape(p, [sizeOf(p.shape), 1]);
      const d = sub(mul(structuralConstant(eye(sizeOf(p.shape))), col), matmul(col, transpose(col)));
      return times(d, jac.get(ins[0]!));
    }
    if (op === logSumExpOp) {
      if (sizeOf(v.shape) !== 1 || !vectorLike(ins[0]!.shape)) throw new NoClosedForm();
      const u = ins[0]!;
      const p = reshape(softmax(reshape(u, [sizeOf(u.shape)])), [1, sizeOf(u.shape)]);
      return times(p, jac.get(u));
    }
    if (op === normOp) {
      const u = ins[0]!;
      return times(reshape(div(u, v), [1, sizeOf(u.shape)]), jac.get(u));
    }
    if (op.elementwise && op.vjp) {
      // J(f(a, b, …)) = Σᵢ diag(∂f/∂aᵢ) J(aᵢ): each partial is the op's own rule with dy = 1.
      const needs = ins.map((_, i) => dep(i));
      const partials = op.vjp({ y: v, inputs: ins, attrs: v.attrs, dy: constant(ones(v.shape)), needs });
      let out: Jac;
      for (let i = 0; i < ins.length; i++) {
        if (!needs[i]) continue;
        const d = partials[i];
        if (!d) throw new NoClosedForm();
        out = plus(out, scaleRows(d, spread(ins[i]!, v), v));
      }
      return out;
    }
    throw new NoClosedForm();
  }
}
