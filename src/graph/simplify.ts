/**
 * Construction-time simplification: a table of small named rewrites that are always sound
 * (for finite values), applied by `apply` before a node is interned. Together with
 * hash-consing this keeps symbolic gradients linear in the size of the function.
 * Named nodes are never rewritten away: `apply` skips this pass for labelled nodes.
 * @module
 * @internal
 */
import type { Attrs, OpDef } from './opdef.js';
import { constant, inputAt, Node } from './node.js';
import { full } from '../tensor/tensor.js';
import { sameShape, type Shape } from '../tensor/shape.js';
import { broadcastTo } from '../ops/broadcastTo.js';
import { neg } from '../ops/neg.js';
import { mul } from '../ops/mul.js';
import { add } from '../ops/add.js';
import { addN } from '../ops/addN.js';
import { sub } from '../ops/sub.js';
import { reshape } from '../ops/reshape.js';
import { transpose } from '../ops/transpose.js';
import { take } from '../ops/take.js';
import { registry } from '../ops/index.js';

// Name-based rewrites apply to the built-in ops only, never to a user op that shares a name.

/** One rewrite: returns the replacement, or undefined when it does not apply. */
export interface Rewrite {
  /** A short name, for debugging and docs. */
  name: string;
  /** Op names it applies to (all ops when omitted). */
  ops?: readonly string[];
  /** True when it can only apply if some input is an unnamed constant (then it is not tried otherwise). */
  constant?: boolean;
  rewrite(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape): Node | undefined;
}

/** True for an unnamed constant whose every element equals `v`. */
export function isConstantValue(n: Node, v: number): boolean {
  if (!n.isConstant || n.label !== undefined) return false;
  const d = n.leaf!.value!.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== v) return false;
  return true;
}

/**
 * True for a node that is structurally zero: an unnamed constant of zeros. A gradient that is
 * zero for a structural reason (the output does not depend on the input, or a local
 * derivative is identically zero) is such a node.
 * @example
 * const x = tg.variable('x', 1), u = tg.variable('u', 2);
 * tg.isZero(tg.grad(tg.sin(x), u)); // → true
 * tg.isZero(tg.grad(tg.sin(x), x)); // → false
 * @category Autodiff
 */
export function isZero(n: Node): boolean {
  return isConstantValue(n, 0);
}

const fit = (x: Node, shape: Shape): Node => (sameShape(x.shape, shape) ? x : broadcastTo(x, shape));
const filled = (shape: Shape, v: number): Node => constant(full(shape, v));
const isPlainConstant = (n: Node) => n.isConstant && n.label === undefined;
const isUniformConstant = (n: Node) => isPlainConstant(n) && n.leaf!.value!.data.every((v) => v === n.leaf!.value!.data[0]);
const negated = (n: Node) => n.op.name === 'neg' && n.label === undefined;
/**
 * `i` for an unnamed constant whose elements are those of a basis vector `eᵢ` of length ≥ 2
 * (a 1 at `i`, zeros elsewhere: the seeds of Jacobian and Hessian rows), else -1.
 */
function basisIndex(n: Node): number {
  if (!isPlainConstant(n) || n.rank > 2) return -1;
  const d = n.leaf!.value!.data;
  if (d.length < 2) return -1; // a lone 1 is a one, not a column to pick
  let at = -1;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 1 && at < 0) at = i;
    else if (d[i] !== 0) return -1;
  }
  return at;
}

/** `[k, x]` for an unnamed product `k x` with a uniform constant `k`. */
function scaled(n: Node): [number, Node] | undefined {
  if (n.op.name !== 'mul' || n.label !== undefined) return undefined;
  const k = inputAt(n, 0);
  return isUniformConstant(k) ? [k.leaf!.value!.data[0]!, inputAt(n, 1)] : undefined;
}

/** The table, applied in order; the first rewrite that applies wins. */
export const rewrites: readonly Rewrite[] = [
  {
    name: 'fold constants',
    constant: true,
    rewrite: (op, inputs, attrs, shape) =>
      inputs.length > 0 && inputs.every(isPlainConstant) ? constant(op.forward(inputs.map((n) => n.leaf!.value!), attrs, shape)) : undefined,
  },
  {
    name: 'x + 0 = x',
    constant: true,
    ops: ['add'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      return isZero(b) ? fit(a, shape) : isZero(a) ? fit(b, shape) : undefined;
    },
  },
  {
    name: 'a + (-b) = a - b, (-a) + b = b - a, a - (-b) = a + b',
    ops: ['add', 'sub'],
    rewrite: (op, ins) => {
      const a = ins[0]!, b = ins[1]!;
      if (op.name === 'sub') return negated(b) ? add(a, inputAt(b, 0)) : undefined;
      if (negated(b)) return sub(a, inputAt(b, 0));
      if (negated(a)) return sub(b, inputAt(a, 0));
      return undefined;
    },
  },
  {
    name: 'c a + c b = c (a + b), (-c) a + c b = c (b - a)',
    ops: ['add'],
    rewrite: (_op, ins, _attrs, shape) => {
      const p = ins[0]!, q = ins[1]!;
      const a = scaled(p), b = scaled(q);
      if (!a || !b || a[0] === 0) return undefined;
      if (a[0] === b[0]) return fit(mul(a[0], add(a[1], b[1])), shape);
      if (a[0] === -b[0]) return fit(mul(b[0], sub(b[1], a[1])), shape);
      return undefined;
    },
  },
  {
    name: 'x + x = 2 x',
    ops: ['add'],
    rewrite: (_op, ins) => {
      const a = ins[0]!, b = ins[1]!;
      return a === b ? mul(2, a) : undefined;
    },
  },
  {
    name: 'a sum of one term is the term; zero terms drop out',
    ops: ['addN'],
    rewrite: (_op, ins, _attrs, shape) => {
      if (ins.length === 1) return ins[0];
      if (!ins.some(isZero)) return undefined;
      const rest = ins.filter((t) => !isZero(t));
      return rest.length === 0 ? filled(shape, 0) : addN(rest);
    },
  },
  {
    name: 'x - 0 = x, 0 - x = -x, x - x = 0',
    ops: ['sub'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      return isZero(b) ? fit(a, shape) : isZero(a) ? fit(neg(b), shape) : a === b ? filled(shape, 0) : undefined;
    },
  },
  {
    name: 'x * 1 = x, x * 0 = 0, x * -1 = -x',
    constant: true,
    ops: ['mul'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      if (isZero(a) || isZero(b)) return filled(shape, 0);
      if (isConstantValue(b, 1)) return fit(a, shape);
      if (isConstantValue(a, 1)) return fit(b, shape);
      if (isConstantValue(b, -1)) return fit(neg(a), shape);
      if (isConstantValue(a, -1)) return fit(neg(b), shape);
      return undefined;
    },
  },
  {
    name: 'c1 (c2 x) = (c1 c2) x for uniform constants',
    constant: true,
    ops: ['mul'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      if (!isUniformConstant(a) || b.op.name !== 'mul' || b.label !== undefined) return undefined;
      const c = inputAt(b, 0), x = inputAt(b, 1);
      if (!isUniformConstant(c)) return undefined;
      return fit(mul(a.leaf!.value!.data[0]! * c.leaf!.value!.data[0]!, x), shape);
    },
  },
  {
    name: 'x / 1 = x',
    constant: true,
    ops: ['div'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      return isConstantValue(b, 1) ? fit(a, shape) : undefined;
    },
  },
  {
    name: '--x = x',
    ops: ['neg'],
    rewrite: (_op, ins) => {
      const x = ins[0]!;
      return x.op.name === 'neg' && x.label === undefined ? inputAt(x, 0) : undefined;
    },
  },
  {
    name: 'x ^ 1 = x, x ^ 0 = 1',
    constant: true,
    ops: ['pow'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      return isConstantValue(b, 1) ? fit(a, shape) : isConstantValue(b, 0) ? filled(shape, 1) : undefined;
    },
  },
  {
    name: 'products with a zero matrix are zero',
    constant: true,
    ops: ['matmul', 'dot'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      return isZero(a) || isZero(b) ? filled(shape, 0) : undefined;
    },
  },
  {
    name: 'a matrix times a basis vector is a column (a row for the vector on the left)',
    constant: true,
    ops: ['matmul'],
    rewrite: (_op, ins, _attrs, shape) => {
      const a = ins[0]!, b = ins[1]!;
      // `b` a vector or a one-column matrix, `a` on the left a vector or a one-row matrix.
      const i = a.rank >= 2 && (b.rank === 1 || b.shape[1] === 1) ? basisIndex(b) : -1;
      const j = i < 0 && b.rank >= 2 && (a.rank === 1 || (a.rank === 2 && a.shape[0] === 1)) ? basisIndex(a) : -1;
      if (i < 0 && j < 0) return undefined;
      const picked = i >= 0 ? take(a, i, -1) : take(b, j, -2);
      return sameShape(picked.shape, shape) ? picked : reshape(picked, shape);
    },
  },
  {
    name: 'shape ops that change nothing',
    ops: ['reshape', 'broadcastTo', 'transpose'],
    rewrite: (op, ins, attrs, shape) => {
      const x = ins[0]!;
      if (op.name === 'transpose') return (attrs.perm as number[]).every((p, i) => p === i) ? x : undefined;
      return sameShape(x.shape, shape) ? x : undefined;
    },
  },
  {
    name: 'reshape of reshape, transpose of transpose',
    ops: ['reshape', 'transpose'],
    rewrite: (op, ins, attrs, shape) => {
      const x = ins[0]!;
      if (x.op !== op || x.label !== undefined) return undefined;
      if (op.name === 'reshape') return reshape(inputAt(x, 0), shape);
      const inner = x.attrs.perm as number[], outer = attrs.perm as number[];
      return transpose(inputAt(x, 0), outer.map((p) => inner[p]!));
    },
  },
  {
    name: 'sums and means over axes of length 1',
    ops: ['sum', 'mean'],
    rewrite: (_op, ins, attrs, shape) => {
      const x = ins[0]!;
      return (attrs.axes as number[]).every((a) => x.shape[a] === 1) ? (sameShape(x.shape, shape) ? x : reshape(x, shape)) : undefined;
    },
  },
];

/** Applies the first matching rewrite. @internal */
export function simplify(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape): Node | undefined {
  byOp ??= indexRewrites();
  const rules = byOp.get(op) ?? generic;
  // Most nodes are built on no constant at all (`a x`, `dy ⊙ x`): then only the few
  // structural rewrites are tried, and for most ops none.
  const list = hasPlainConstant(inputs) ? rules.all : rules.structural;
  for (let i = 0; i < list.length; i++) {
    const out = list[i]!.rewrite(op, inputs, attrs, shape);
    if (out) return out;
  }
  return undefined;
}

function hasPlainConstant(inputs: readonly Node[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (isPlainConstant(inputs[i]!)) return true;
  return false;
}

/** The rewrites of one op, in table order: all of them, and those that need no constant input. */
interface Rules {
  all: Rewrite[];
  structural: Rewrite[];
}
const rulesOf = (list: Rewrite[]): Rules => ({ all: list, structural: list.filter((r) => !r.constant) });

/** The rewrites that apply to each built-in op (built once). */
let byOp: Map<OpDef, Rules> | undefined;
const generic = rulesOf(rewrites.filter((r) => !r.ops));
function indexRewrites(): Map<OpDef, Rules> {
  return new Map(registry.map((op) => [op, rulesOf(rewrites.filter((r) => !r.ops || r.ops.includes(op.name)))]));
}
