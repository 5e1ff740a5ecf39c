import { ArgumentError, ShapeError } from '../errors.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape, type Shape } from '../tensor/shape.js';
import type { Attrs, OpDef } from './opdef.js';
import { valueOf } from '../exec/evaluate.js';
import { add } from '../ops/add.js';
import { sub } from '../ops/sub.js';
import { mul } from '../ops/mul.js';
import { div } from '../ops/div.js';
import { neg } from '../ops/neg.js';
import { pow } from '../ops/pow.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/transpose.js';
import { sum } from '../ops/sum.js';
import { mean } from '../ops/mean.js';
import { reshape } from '../ops/reshape.js';
import { toText } from '../explain/print.js';
import { simplify } from './simplify.js';

/** Anything an op accepts as an input: a node, or a number / nested array / tensor (a constant). */
export type Operand = Node | TensorLike;

let nextId = 0;
/** Bumped by every `assign`: cached values computed under an older epoch are stale. */
let epoch = 0;

/** @internal */
export function currentEpoch(): number {
  return epoch;
}

/** Leaf payload of variables and constants. @internal */
export interface LeafData {
  kind: 'variable' | 'constant';
  name?: string;
  value?: Tensor;
}

/**
 * A node of the computation graph: an op applied to input nodes with attributes, or a leaf
 * (a {@link variable} or a {@link constant}). Nodes are immutable and hash-consed: building
 * the same op on the same inputs with the same attributes returns the same node. A
 * variable's value can be reassigned; everything downstream re-evaluates on demand.
 * @category Graph
 */
export class Node {
  /** Serial number, unique in this process (not shown to users; display ids are topological). */
  readonly id: number;
  /** The op this node applies. */
  readonly op: OpDef;
  /** Input nodes, in the op's order. */
  readonly inputs: readonly Node[];
  /** Normalised attributes. */
  readonly attrs: Attrs;
  /** Output shape, `[]` for a scalar. */
  readonly shape: Shape;
  /** The user's name for this node (LaTeX allowed, e.g. `z^{(1)}`), if any. */
  readonly label: string | undefined;
  /** The scope path (`layer1/dense`) the node was first built in, if any. */
  readonly scope: string | undefined;
  /** @internal */
  readonly leaf: LeafData | undefined;
  /** @internal cached value and the epoch it was computed in */
  cache: Tensor | undefined;
  /** @internal */
  cacheEpoch = -1;

  /** @internal Build nodes with {@link apply}, {@link variable} or {@link constant}. */
  constructor(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape, label: string | undefined, scope: string | undefined, leaf?: LeafData) {
    this.id = nextId++;
    this.op = op;
    this.inputs = Object.freeze([...inputs]);
    this.attrs = Object.freeze({ ...attrs });
    this.shape = Object.freeze([...shape]);
    this.label = label;
    this.scope = scope;
    this.leaf = leaf;
  }

  /** The variable's name, for variables; otherwise the label, if any. */
  get name(): string | undefined {
    return this.leaf?.name ?? this.label;
  }

  /** True for a {@link variable}. */
  get isVariable(): boolean {
    return this.leaf?.kind === 'variable';
  }

  /** True for a {@link constant}. */
  get isConstant(): boolean {
    return this.leaf?.kind === 'constant';
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The value: a number for shape `[]`, a {@link Tensor} otherwise. Evaluated on demand and cached. */
  get value(): number | Tensor {
    const t = valueOf(this);
    return this.shape.length === 0 ? t.data[0]! : t;
  }

  /** The value as a tensor (shape `[]` included). */
  get tensor(): Tensor {
    return valueOf(this);
  }

  /**
   * Gives a variable a new value (copied; same shape as before, finite). Downstream values
   * recompute on next use; no graph is rebuilt.
   * @throws {@link ArgumentError} for a non-variable or a non-finite value; {@link ShapeError} for a new shape
   */
  assign(value: TensorLike): this {
    if (this.leaf?.kind !== 'variable') {
      throw new ArgumentError(`assign: only variables can be assigned; got a ${this.op.name} node${this.label ? ` '${this.label}'` : ''}`);
    }
    const t = toTensor(`assign to '${this.leaf.name}'`, value);
    if (!sameShape(t.shape, this.shape)) {
      throw new ShapeError(`assign to '${this.leaf.name}': the variable has shape ${formatShape(this.shape)}; got a value of shape ${formatShape(t.shape)}`);
    }
    this.leaf.value = t;
    epoch++;
    return this;
  }

  /**
   * Names this node for printing (LaTeX allowed: `z^{(1)}`). Returns the named node: the
   * same computation, distinct from the unnamed one, so nothing that was built is changed.
   * Variables are named when created.
   */
  as(label: string): Node {
    if (typeof label !== 'string' || label.trim() === '') {
      throw new ArgumentError(`as: a label is a non-empty string; got ${JSON.stringify(label)}`);
    }
    if (label === this.label) return this;
    if (this.leaf?.kind === 'variable') {
      throw new ArgumentError(`as: variable '${this.leaf.name}' is named when it is created; use variable('${this.leaf.name}', value, { label: ${JSON.stringify(label)} })`);
    }
    if (this.leaf?.kind === 'constant') return constant(this.leaf.value!, { label });
    return apply(this.op, this.inputs, this.attrs, { label });
  }

  /** `this + b` (broadcasting). */
  add(b: Operand): Node { return add(this, b); }
  /** `this - b` (broadcasting). */
  sub(b: Operand): Node { return sub(this, b); }
  /** `this * b`, elementwise (broadcasting). */
  mul(b: Operand): Node { return mul(this, b); }
  /** `this / b`, elementwise (broadcasting). */
  div(b: Operand): Node { return div(this, b); }
  /** `-this`. */
  neg(): Node { return neg(this); }
  /** `this ^ b`, elementwise (broadcasting). */
  pow(b: Operand): Node { return pow(this, b); }
  /** Matrix product `this b` (NumPy `matmul` semantics). */
  matmul(b: Operand): Node { return matmul(this, b); }
  /** Sum over `axes` (all when omitted). */
  sum(axes?: number | number[], keepDims = false): Node { return sum(this, axes, keepDims); }
  /** Mean over `axes` (all when omitted). */
  mean(axes?: number | number[], keepDims = false): Node { return mean(this, axes, keepDims); }
  /** Same elements, new shape. */
  reshape(shape: Shape): Node { return reshape(this, shape); }
  /** Transpose: reverses the axes (swaps rows and columns of a matrix). */
  get T(): Node { return transpose(this); }

  /** The node in plain text (Unicode). */
  toString(): string {
    return toText(this);
  }
}

/** True for a {@link Node}. @category Graph */
export function isNode(v: unknown): v is Node {
  return v instanceof Node;
}

// ---------------------------------------------------------------------------------------
// Interning. One table of weak references keyed by (op, inputs, attrs, label): a node that
// nothing references can be collected, and the finalizer removes its entry.
const table = new Map<string, WeakRef<Node>>();
const finalizer = new FinalizationRegistry<string>((key) => {
  const ref = table.get(key);
  if (ref && ref.deref() === undefined) table.delete(key);
});

function attrsKey(attrs: Attrs): string {
  const keys = Object.keys(attrs).filter((k) => attrs[k] !== undefined).sort();
  return keys.map((k) => `${k}=${JSON.stringify(attrs[k])}`).join(';');
}

const opIds = new WeakMap<OpDef, number>();
let nextOpId = 0;
/** Ops are told apart by identity, not by name, so two user ops may share a name. */
function opId(op: OpDef): string {
  let id = opIds.get(op);
  if (id === undefined) opIds.set(op, (id = nextOpId++));
  return `${op.name}#${id}`;
}

function intern(key: string, make: () => Node): Node {
  const hit = table.get(key)?.deref();
  if (hit) return hit;
  const node = make();
  table.set(key, new WeakRef(node));
  finalizer.register(node, key);
  return node;
}

/**
 * Counts of the interning table, for tests and diagnostics: `interned` is the number of
 * live hash-consed nodes (dead entries are pruned first).
 * @category Graph
 */
export function graphStats(): { interned: number; created: number } {
  for (const [k, ref] of table) if (ref.deref() === undefined) table.delete(k);
  return { interned: table.size, created: nextId };
}

// ---------------------------------------------------------------------------------------
// Scopes.
const scopeStack: string[] = [];

/**
 * Runs `fn` with every node it builds tagged with the scope `name` (nested scopes join with
 * `/`). Scopes become clusters in Graphviz pictures.
 * @example
 * const y = tg.scope('layer1', () => tg.variable('x', 2).mul(3));
 * y.scope; // → 'layer1'
 * @category Graph
 */
export function scope<T>(name: string, fn: () => T): T {
  if (typeof name !== 'string' || name === '') throw new ArgumentError(`scope: a scope name is a non-empty string; got ${JSON.stringify(name)}`);
  scopeStack.push(name);
  try {
    return fn();
  } finally {
    scopeStack.pop();
  }
}

function currentScope(): string | undefined {
  return scopeStack.length ? scopeStack.join('/') : undefined;
}

// ---------------------------------------------------------------------------------------
// Leaves.
const leafOp = (name: 'variable' | 'constant'): OpDef => ({
  name,
  arity: 0,
  category: 'Graph',
  shape: () => [],
  forward: () => {
    throw new ArgumentError(`${name}: a leaf has no kernel`);
  },
  latex: () => ({ s: '', prec: 40 }),
  text: () => ({ s: '', prec: 40 }),
});
/** The leaf op of variables. @internal */
export const variableOp: OpDef = leafOp('variable');
/** The leaf op of constants. @internal */
export const constantOp: OpDef = leafOp('constant');

/** Options of {@link variable}. */
export interface VariableOptions {
  /** Display name used in LaTeX, text and DOT (e.g. `W^{(1)}`); default: the variable's name. */
  label?: string;
  /** Shape of a variable created without a value (default `[]`). */
  shape?: Shape;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*'*$/;

/**
 * A leaf whose value can be reassigned. `name` identifies it in bindings, expressions and
 * the CLI; it must be an identifier. Each call creates a new variable.
 * @param name an identifier such as `x`, `w0` or `W1`
 * @param value a number or tensor (copied); may be omitted and assigned later
 * @throws {@link ArgumentError} for a bad name or a non-finite value
 * @example
 * const x = tg.variable('x', 3);
 * x.value; // → 3
 * x.assign(4).value; // → 4
 * @category Graph
 */
export function variable(name: string, value?: TensorLike, options: VariableOptions = {}): Node {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new ArgumentError(`variable: a name is an identifier (a letter or _, then letters, digits or _); got ${JSON.stringify(name)}`);
  }
  const t = value === undefined ? undefined : toTensor(`variable '${name}'`, value);
  const shape = t ? t.shape : options.shape ?? [];
  return new Node(variableOp, [], {}, shape, options.label, currentScope(), { kind: 'variable', name, value: t });
}

/** Options of {@link constant}. */
export interface ConstantOptions {
  /** Display name (e.g. `\alpha`); named constants are not folded away. */
  label?: string;
}

/**
 * A leaf with a fixed value. Small constants are hash-consed by value.
 * @example
 * tg.constant(2).value; // → 2
 * @category Graph
 */
export function constant(value: TensorLike, options: ConstantOptions = {}): Node {
  const t = toTensor('constant', value, true);
  const make = () => new Node(constantOp, [], {}, t.shape, options.label, currentScope(), { kind: 'constant', value: t });
  if (t.size > 64) return make();
  const key = `const|${formatShape(t.shape)}|${Array.from(t.data, (v) => Object.is(v, -0) ? '-0' : String(v)).join(',')}|${options.label ?? ''}`;
  return intern(key, make);
}

/** Coerces an operand to a node (numbers and tensors become constants). @internal */
export function toNode(where: string, v: Operand): Node {
  if (v instanceof Node) return v;
  if (v === undefined || v === null) throw new ArgumentError(`${where}: an input is ${v}; expected a Node, a number or a tensor`);
  return constant(toTensor(where, v, true));
}

// ---------------------------------------------------------------------------------------
// apply: the one entry point of every op.

/** Options of {@link apply}. */
export interface ApplyOptions {
  /** Name of the resulting node. */
  label?: string;
}

/**
 * Applies an op to inputs: coerces numbers and tensors to constants, validates and
 * normalises attributes, infers and checks the shape, simplifies what is always sound
 * (constant folding, `x + 0`, `x * 1`, …) and returns the interned node.
 * User-defined ops go through here too.
 * @param op the op's definition
 * @param inputs nodes, numbers or tensors
 * @param attrs the op's attributes
 * @throws {@link ArgumentError} for a wrong number of inputs or bad attributes; {@link ShapeError} for shapes that do not fit
 * @example
 * const twice = { name: 'twice', arity: 1, shape: (s) => s[0], forward: ([x]) => tg.tensor(x.data.map((v) => 2 * v), x.shape),
 *   vjp: ({ dy }) => [tg.mul(dy, 2)], latex: (c) => ({ s: `2 ${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }),
 *   text: (c) => ({ s: `2·${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }) };
 * tg.apply(twice, [tg.variable('x', 5)]).value; // → 10
 * @category Graph
 */
export function apply(op: OpDef, inputs: readonly Operand[], attrs: Attrs = {}, options: ApplyOptions = {}): Node {
  if (!Array.isArray(inputs)) throw new ArgumentError(`${op.name}: inputs must be an array; got ${typeof inputs}`);
  if (op.arity === 'variadic' ? inputs.length < 1 : inputs.length !== op.arity) {
    throw new ArgumentError(`${op.name}: expects ${op.arity === 'variadic' ? 'at least 1 input' : `${op.arity} input${op.arity === 1 ? '' : 's'}`}; got ${inputs.length}`);
  }
  const ins = inputs.map((v) => toNode(op.name, v));
  const shapes = ins.map((n) => n.shape);
  const a = op.attrs ? op.attrs(attrs, shapes) : attrs;
  const shape = op.shape(shapes, a);
  if (options.label === undefined) {
    const r = simplify(op, ins, a, shape);
    if (r) return r;
  }
  const key = `${opId(op)}|${ins.map((n) => n.id).join(',')}|${attrsKey(a)}|${options.label ?? ''}`;
  return intern(key, () => new Node(op, ins, a, shape, options.label, currentScope()));
}
