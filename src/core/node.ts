import { ArgumentError, InternalError, ShapeError } from '../util/errors.js';
import { checkLabel } from '../util/label.js';
import { scalarTensor, Tensor, toTensor, zeros as zerosLike, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape, type Shape } from '../tensor/shape.js';
import { checkOptions } from '../util/options.js';
import { sameShapeOps, type Attrs, type OpDef, type Rewrite } from './opdef.js';
import { describeValue } from '../util/describe.js';
import { checkedScalar, checkedShape, runForward } from './checks.js';

/** Anything an op accepts as an input: a node, or a number / nested array / tensor (a constant). */
export type Operand = Node | TensorLike;

const EMPTY_INFO_ATTRS: Attrs = Object.freeze({});

let nextId = 0;
/** Bumped by every `assign`: cached values computed under an older epoch are stale. */
let epoch = 0;

/** @internal */
export function currentEpoch(): number {
  return epoch;
}

/** What few nodes have: attributes, a label, a scope, a leaf payload. @internal */
export interface NodeInfo {
  readonly attrs: Attrs;
  readonly label: string | undefined;
  readonly scope: string | undefined;
  readonly leaf: LeafData | undefined;
}

/**
 * What is known about a constant's value: `'permanent'` (a small number interned for the life
 * of the process), `'structural'` (a fresh constant whose value is part of the graph's
 * structure: uniform tensors of small numbers, and the identities and basis vectors rules
 * build), `'data'` (any other value: no rewrite looks at it, and a structure fingerprint treats
 * it as an input). @internal
 */
export type ConstantClass = 'permanent' | 'structural' | 'data';

/**
 * The payload of a variable or a constant, which is also its node's `info` (a leaf costs two
 * objects: the node and this). A scalar's value is kept as a number, its tensor made on first
 * read: a loop that makes thousands of scalar constants a step allocates no tensor for them. @internal
 */
export class LeafData implements NodeInfo {
  readonly attrs: Attrs = EMPTY_INFO_ATTRS;
  readonly leaf: LeafData = this;
  /** For constants: what rewrites may know of the value. */
  readonly cls: ConstantClass | undefined;
  /** For variables: the gradient `backward()` calls added up (a number for a scalar); undefined for 0. */
  grad: Tensor | number | undefined = undefined;
  private t: Tensor | undefined;
  private n = 0;
  private scalar = false;
  constructor(
    readonly kind: 'variable' | 'constant',
    readonly name: string | undefined,
    readonly label: string | undefined,
    readonly scope: string | undefined,
    value: Tensor | number | undefined,
    cls?: ConstantClass,
  ) {
    this.cls = cls;
    if (typeof value === 'number') this.setNumber(value);
    else this.t = value;
  }

  /** The value, or undefined for a variable without one (a scalar's tensor is made on first read). */
  get value(): Tensor | undefined {
    if (this.t === undefined && this.scalar) this.t = scalarTensor(this.n);
    return this.t;
  }

  set value(t: Tensor | undefined) {
    this.t = t;
    this.scalar = false;
  }

  /** True when there is a value. */
  get hasValue(): boolean {
    return this.t !== undefined || this.scalar;
  }

  /** The value of a scalar leaf that has one, as a number. */
  get number(): number {
    return this.t !== undefined ? this.t.data[0]! : this.n;
  }

  /** Sets a scalar value. */
  setNumber(v: number): void {
    this.n = v;
    this.t = undefined;
    this.scalar = true;
  }
}

/**
 * A node's value cache: the value and the assignment epoch it was computed in, kept as a number
 * for a scalar computed as one (its tensor made on first read); and the group the node is
 * valued with (see `exec/evaluate.ts`). @internal
 */
export class ValueCache {
  epoch = -1;
  tensor: Tensor | undefined = undefined;
  num = 0;
  group: unknown = undefined;
}

/**
 * The services a node reaches in higher layers: its value (exec) and its printed form
 * (explain). Those layers install them when they load (`installNodeHooks`), so that this
 * layer imports nothing above it. @internal
 */
export interface NodeHooks {
  /** The node's value as a tensor, evaluated and cached (installed by `exec/evaluate`). */
  value(n: Node): Tensor;
  /** The value of a scalar node as a number, evaluated and cached (installed by `exec/evaluate`). */
  number(n: Node): number;
  /** The node's expression in plain text (installed by `explain/print`). */
  text(n: Node): string;
  /** The same, or undefined when it is longer than `maxChars` (found without printing all of it). */
  shortText(n: Node, maxChars: number): string | undefined;
  /** Adds to `.grad` of the variables a scalar node depends on (installed by `exec/eager`). */
  backward(n: Node): void;
  /** Resets `.grad` of the variables a node depends on (installed by `exec/eager`). */
  zeroGrad(n: Node): void;
}

const missing = (what: string) => (): never => {
  throw new InternalError(`${what} is not installed: import tracegrad from its entry point ('tracegrad'), not one of its internal modules`);
};
const hooks: NodeHooks = { value: missing('evaluation'), number: missing('evaluation'), text: missing('printing'), shortText: missing('printing'), backward: missing('backward'), zeroGrad: missing('zeroGrad') };

/** Installs some of the {@link NodeHooks} (each layer its own). @internal */
export function installNodeHooks(h: Partial<NodeHooks>): void {
  Object.assign(hooks, h);
}

/**
 * The op methods of nodes (`x.add(y)`, `x.tanh()`, `x.T`): empty here, filled in by the op
 * layer (`ops/index.ts`), which installs one method per registered op on `Node.prototype`
 * and declares them on this interface.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeMethods {}

// NOTE: the class and this interface merge, so a Node has the methods of NodeMethods.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Node extends NodeMethods {}

/**
 * A node of the computation graph: an op applied to input nodes with attributes, or a leaf
 * (a {@link variable} or a {@link constant}). Nodes are immutable and hash-consed: building
 * the same op on the same inputs with the same attributes returns the same node. A
 * variable's value can be reassigned; everything downstream re-evaluates on demand.
 * @example
 * const x = tg.variable('x', 2);
 * const y = x.mul(3).add(1);
 * y.value; // → 7
 * y === x.mul(3).add(1); // → true
 * [y.op.name, y.shape]; // → ['add', []]
 * @category Graph
 */
export class Node {
  /** Serial number, unique in this process (not shown to users; display ids are topological). */
  readonly id: number;
  /** The op this node applies. */
  readonly op: OpDef;
  /**
   * @internal the first two inputs, held in the node itself: most nodes have one or two, and
   * an inputs array would cost two more objects per node (see {@link inputAt})
   */
  readonly in0: Node | undefined;
  /** @internal the second input (see `in0`) */
  readonly in1: Node | undefined;
  /** @internal the frozen inputs array: given for three or more inputs, else made on first read of `inputs` */
  private ins: readonly Node[] | undefined;
  /** Output shape, `[]` for a scalar. */
  readonly shape: Shape;
  /** @internal attributes, label, scope and leaf payload: undefined for most op nodes, so a node stays small */
  readonly info: NodeInfo | undefined;
  /** @internal the cached value and the epoch it was computed in (see `exec/evaluate.ts`) */
  cache: ValueCache | undefined = undefined;
  /** @internal the newest node interned on this one (see `intern`), the others following through `sib`; or a table of them */
  kids: Node | KidTable | undefined = undefined;
  /** @internal the next node interned on the same input as this one */
  sib: Node | undefined = undefined;
  /** @internal a walk's mark: the walk's base plus this node's position in it (see `core/topo.ts`) */
  walk = 0;

  /** @internal Build nodes with {@link apply}, {@link variable} or {@link constant}. */
  constructor(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape, label: string | undefined, scope: string | undefined, leaf?: LeafData) {
    this.id = nextId++;
    this.op = op;
    // Up to two inputs are held in fields and the caller's array is not kept, so a node costs
    // one object; a longer array must come frozen. Shapes and attributes come frozen too,
    // shared where they can be (an elementwise op's shape is its input's).
    const count = inputs.length;
    this.in0 = count > 0 && count <= 2 ? inputs[0] : undefined;
    this.in1 = count === 2 ? inputs[1] : undefined;
    this.ins = count === 0 ? NO_INPUTS : count > 2 ? inputs : undefined;
    this.shape = shape;
    this.info = leaf !== undefined ? leaf : attrs === EMPTY_ATTRS && label === undefined && scope === undefined ? undefined : { attrs, label, scope, leaf };
  }

  /** Input nodes, in the op's order (a frozen array). */
  get inputs(): readonly Node[] {
    return (this.ins ??= Object.freeze(this.in1 === undefined ? [this.in0!] : [this.in0!, this.in1]));
  }

  /** Normalised attributes. */
  get attrs(): Attrs {
    return this.info?.attrs ?? EMPTY_ATTRS;
  }

  /** The user's name for this node (LaTeX allowed, e.g. `z^{(1)}`), if any. */
  get label(): string | undefined {
    return this.info?.label;
  }

  /** The scope path (`layer1/dense`) the node was first built in, if any. */
  get scope(): string | undefined {
    return this.info?.scope;
  }

  /** @internal */
  get leaf(): LeafData | undefined {
    return this.info?.leaf;
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
    return this.shape.length === 0 ? hooks.number(this) : hooks.value(this);
  }

  /** The value as a tensor (shape `[]` included). */
  get tensor(): Tensor {
    return hooks.value(this);
  }

  /**
   * For a variable: the gradient that {@link Node.backward} gave it, a number for a scalar
   * variable and a tensor otherwise. As in micrograd and PyTorch, gradients *accumulate*:
   * each `backward()` adds to the `.grad` of every variable its loss depends on, so call
   * {@link Node.zeroGrad} before each step's `backward()`. A variable no `backward()` has
   * reached since (or ever) reads 0. Other nodes have no `.grad` (`undefined`): ask
   * {@link grad} for the gradient with respect to an intermediate node.
   */
  get grad(): number | Tensor | undefined {
    const leaf = this.leaf;
    if (leaf === undefined || leaf.kind !== 'variable') return undefined;
    const g = leaf.grad;
    if (g === undefined) return this.shape.length === 0 ? 0 : zerosLike(this.shape);
    return typeof g === 'number' ? g : g.shape.length === 0 ? g.data[0]! : g;
  }

  /**
   * micrograd's `p.grad = 0`: clears a variable's gradient, as {@link Node.zeroGrad} does
   * (`undefined` and `null` too). Any other value is an error: gradients come from `backward()`.
   * @throws {@link ArgumentError} for another value, or a node that is not a variable
   */
  set grad(v: number | Tensor | undefined | null) {
    const leaf = this.leaf;
    if (leaf === undefined || leaf.kind !== 'variable') {
      throw new ArgumentError(`grad: only a variable has a gradient to clear; this is ${leaf === undefined ? `a ${this.op.name} node` : 'a constant'}`);
    }
    if (v !== 0 && v !== undefined && v !== null) {
      throw new ArgumentError(`grad: '${leaf.name}'.grad can only be set to 0 (clearing it, as zeroGrad() does); backward() sets gradients; got ${describeValue(v)}`);
    }
    leaf.grad = undefined;
  }

  /**
   * Backpropagation, in micrograd's words: computes the gradient of this scalar node (a loss)
   * with respect to every variable it depends on and adds it to that variable's
   * {@link Node.grad} (zero the gradients first, with {@link Node.zeroGrad}). A loop that builds
   * a graph of the same structure every step (new data, the same network) reuses the gradient
   * derived and compiled at its first steps.
   * @throws {@link ShapeError} when the node is not a scalar
   * @example
   * const a = tg.variable('a', -4), b = tg.variable('b', 2);
   * const c = a.mul(b).add(b.pow(3));
   * c.backward();
   * [a.grad, b.grad]; // → [2, 8]
   * c.backward();
   * a.grad; // → 4
   */
  backward(): void {
    hooks.backward(this);
  }

  /**
   * Resets gradients to 0 (micrograd's `zero_grad`): this variable's, or, for any other node,
   * those of every variable it depends on.
   * @example
   * const w = tg.variable('w', 3);
   * const loss = w.mul(w);
   * loss.backward();
   * w.grad; // → 6
   * w.zeroGrad().grad; // → 0
   */
  zeroGrad(): this {
    const leaf = this.leaf;
    if (leaf !== undefined) {
      if (leaf.kind === 'variable') leaf.grad = undefined;
    } else hooks.zeroGrad(this);
    return this;
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
    if (typeof value === 'number' && this.shape.length === 0 && Number.isFinite(value)) {
      // A scalar for a scalar: kept as a number (no tensor is made in a training loop's update).
      this.leaf.setNumber(value);
      epoch++;
      return this;
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
   * Names this node for printing (`z^{(1)}`, `\delta`, `hidden state`). Returns the named
   * node: the same computation, distinct from the unnamed one, so nothing that was built is
   * changed. Variables are named when created.
   *
   * Labels are plain text unless they are a name in a safe subset of LaTeX: letters, digits,
   * sub- and superscripts (`z^{(1)}`, `W_{\mathrm{out}}`, `x_i`), primes, Greek letters and
   * symbols (`\alpha`, `\delta`, `\ell`, `\partial`), accents (`\bar`, `\hat`,
   * `\tilde`, `\vec`, `\dot`) and fonts (`\mathbf`, `\mathrm`, `\text`). Anything else
   * (`my loss`, `a%b`, `\input{f}`) prints as the text it is, escaped for LaTeX, Markdown,
   * HTML, DOT and TikZ: no other LaTeX command and no HTML tag from a label reaches an output.
   * @throws {@link ArgumentError} when the label is not a non-empty string
   */
  as(label: string): Node {
    checkLabel('as', label);
    if (label === this.label) return this;
    if (this.leaf?.kind === 'variable') {
      throw new ArgumentError(`as: variable '${this.leaf.name}' is named when it is created; use variable('${this.leaf.name}', value, { label: ${JSON.stringify(label)} })`);
    }
    if (this.leaf?.kind === 'constant') return constant(this.leaf.value!, { label });
    return apply(this.op, this.inputs, this.attrs, { label });
  }

  /** The node in plain text (Unicode). */
  toString(): string {
    return hooks.text(this);
  }

  /**
   * What `JSON.stringify` writes for a node: its op, shape and name, not its inputs (a graph
   * is a DAG that refers back to itself; export one with {@link explain}'s JSON or `toDot`).
   */
  toJSON(): { op: string; shape: number[]; name?: string } {
    const name = this.name;
    return name === undefined ? { op: this.op.name, shape: [...this.shape] } : { op: this.op.name, shape: [...this.shape], name };
  }

  /** What `console.log` and the Node.js REPL show: the op, the shape and the text, shortened. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    // Printed with a budget: a node of a million ops is not printed whole to show 120 characters.
    const text = hooks.shortText(this, 4000);
    const shown = text === undefined ? `${this.op.name}(…)` : text.length > 120 ? `${text.slice(0, 119)}…` : text;
    return `Node(${this.op.name} ${formatShape(this.shape)}) ${shown}`;
  }
}

/**
 * True for a {@link Node}.
 * @example
 * tg.isNode(tg.variable('x', 1)); // → true
 * tg.isNode(1); // → false
 * @category Graph
 */
export function isNode(v: unknown): v is Node {
  return v instanceof Node;
}

// ---------------------------------------------------------------------------------------
// Interning (hash-consing) without weak references.
//
// An op node hangs off its youngest *host* input: the host holds it strongly in its `kids`
// (a list through `sib`, or a table once it has many), and the node holds its inputs, so the
// two form a cycle that the garbage collector frees as soon as nothing outside references
// either. So a node lives exactly as long as the youngest thing it was built from: a graph
// built on this step's data dies with the data, inside a synchronous loop too; a node built
// only on parameters (`w²`) lives as long as the parameters and is found again next step.
// Building the same op on the same inputs with the same attributes and label scans the
// host's kids and returns the match.
//
// Every node is a host except the permanent constants: the small numbers (integers and
// quarters up to 1024 in size) that rules and formulas use all the time, interned once per
// process in a strong table of bounded size, so that `x²` built twice is one node. Every
// other constant is a fresh leaf: numbers from data are never interned by value (a table of
// them would either grow without bound or need weak references, which JavaScript keeps
// alive until the current job ends, with everything built on them).
//
// No WeakRef is created or dereferenced on this path, and no FinalizationRegistry is used.
// A host with more than `MAX_KIDS` kids stops interning new ones (they are built unhosted),
// which bounds what one long-lived node can keep alive.
const EMPTY_ATTRS: Attrs = EMPTY_INFO_ATTRS;
const NO_OPTIONS: Readonly<ApplyOptions & ConstantOptions> = Object.freeze({});
const NO_INPUTS: readonly Node[] = Object.freeze([]);
const frozenShape = (shape: Shape): Shape => (Object.isFrozen(shape) ? shape : Object.freeze([...shape]));
const attrsKeys = new WeakMap<Attrs, string>();
/** Kids kept in a list before a host switches to a table. */
const LIST_KIDS = 16;
/** Most kids one host interns. */
const MAX_KIDS = 4096;

function attrsKey(attrs: Attrs): string {
  if (attrs === EMPTY_ATTRS) return '';
  let k = attrsKeys.get(attrs);
  if (k === undefined) {
    const keys = Object.keys(attrs).filter((n) => attrs[n] !== undefined).sort();
    k = keys.map((n) => `${n}=${valueKey(attrs[n])}`).join(';');
    attrsKeys.set(attrs, k);
  }
  return k;
}

/** The canonical key of attributes: equal keys mean equal attributes. @internal */
export function attributesKey(attrs: Attrs): string {
  return attrsKey(attrs);
}

/**
 * A key that tells every attribute value apart: unlike JSON, NaN, ±Infinity and −0 keep their
 * own spelling (an attribute `hi: Infinity` is not `hi: -Infinity`).
 */
function valueKey(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((n) => o[n] !== undefined).sort().map((n) => `${JSON.stringify(n)}:${valueKey(o[n])}`).join(',')}}`;
  }
  return String(v);
}

function sameNode(n: Node, op: OpDef, inputs: readonly Node[], attrs: string, label: string | undefined): boolean {
  if (n.op !== op || n.label !== label || inputCount(n) !== inputs.length) return false;
  for (let i = 0; i < inputs.length; i++) if (inputAt(n, i) !== inputs[i]) return false;
  return attrsKey(n.attrs) === attrs;
}

/**
 * How many inputs `n` has, read without making its `inputs` array (which a node with one or
 * two inputs only gets when asked: walks over millions of nodes use this and {@link inputAt}). @internal
 */
export function inputCount(n: Node): number {
  const ins = n['ins'];
  return ins !== undefined ? ins.length : n.in1 !== undefined ? 2 : 1;
}

/** Input `i` of `n` (`i` below {@link inputCount}), without making its `inputs` array. @internal */
export function inputAt(n: Node, i: number): Node {
  const ins = n['ins'];
  return ins !== undefined ? ins[i]! : i === 0 ? n.in0! : n.in1!;
}

/** `n.inputs.map(f)`, without making `n`'s `inputs` array. @internal */
export function mapInputs<T>(n: Node, f: (c: Node) => T): T[] {
  const count = inputCount(n);
  const out = new Array<T>(count);
  for (let i = 0; i < count; i++) out[i] = f(inputAt(n, i));
  return out;
}

/** True for a node that never hosts others: a permanent constant. */
const isPermanent = (n: Node): boolean => n.info !== undefined && n.info.leaf?.cls === 'permanent';

/** The hash of a kid in its host's table: op, inputs, attributes and label. */
function kidHash(op: OpDef, inputs: readonly Node[], attrs: string, label: string | undefined): number {
  let h = Math.imul(opId(op) + 0x9e3779b9, 0x85ebca6b);
  for (let i = 0; i < inputs.length; i++) h = Math.imul(h ^ inputs[i]!.id, 0xc2b2ae35) ^ (h >>> 15);
  return finishHash(h, attrs, label);
}

/** {@link kidHash} of an existing node, read from its fields (no inputs array is made). */
function nodeHash(n: Node): number {
  let h = Math.imul(opId(n.op) + 0x9e3779b9, 0x85ebca6b);
  for (let i = 0, c = inputCount(n); i < c; i++) h = Math.imul(h ^ inputAt(n, i).id, 0xc2b2ae35) ^ (h >>> 15);
  return finishHash(h, attrsKey(n.attrs), n.label);
}

function finishHash(h: number, attrs: string, label: string | undefined): number {
  if (attrs) h = stringHash(attrs, h);
  if (label !== undefined) h = stringHash(label, h ^ 0x27d4eb2f);
  return h | 0;
}

function stringHash(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

const opIds = new WeakMap<OpDef, number>();
const OP_ID: unique symbol = Symbol('tracegrad.opId');
let nextOpId = 1;
/** A small integer per op object: ops are told apart by identity, not by name. @internal */
export function opId(op: OpDef): number {
  const own = (op as { [OP_ID]?: number })[OP_ID];
  if (own !== undefined) return own;
  let id = opIds.get(op);
  if (id === undefined) {
    id = nextOpId++;
    // Kept on the op object when it can be (a hidden property), else in a side table (a frozen user op).
    if (Object.isExtensible(op)) Object.defineProperty(op, OP_ID, { value: id });
    else opIds.set(op, id);
  }
  return id;
}

/** The kids of a host that has many, by hash. @internal */
export class KidTable {
  readonly table = new Map<number, Node | Node[]>();
  size = 0;
  add(h: number, n: Node): void {
    const e = this.table.get(h);
    if (e === undefined) this.table.set(h, n);
    else if (Array.isArray(e)) e.push(n);
    else this.table.set(h, [e, n]);
    this.size++;
  }
}

/**
 * The interned node for `op` on `inputs` with `attrs` and `label`: the existing one, or a new
 * node with `shape`, hung off its youngest host input.
 */
function intern(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape, label: string | undefined): Node {
  const key = attrsKey(attrs);
  let host: Node | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const n = inputs[i]!;
    if ((host === undefined || n.id > host.id) && !isPermanent(n)) host = n;
  }
  if (host === undefined) return inputs.length === 0 ? internNullary(op, attrs, key, shape, label) : new Node(op, inputs, attrs, shape, label, currentScope());
  const first = host.kids;
  if (!(first instanceof KidTable)) {
    let count = 0;
    for (let k = first; k !== undefined; k = k.sib) {
      if (sameNode(k, op, inputs, key, label)) return k;
      count++;
    }
    const node = new Node(op, inputs, attrs, shape, label, currentScope());
    if (count < LIST_KIDS) {
      node.sib = first;
      host.kids = node;
      return node;
    }
    // Many kids: move them to a table (rare: a node that many different nodes are built on).
    const t = new KidTable();
    for (let k = first; k !== undefined; ) {
      const next: Node | undefined = k.sib;
      k.sib = undefined;
      t.add(nodeHash(k), k);
      k = next;
    }
    t.add(kidHash(op, inputs, key, label), node);
    host.kids = t;
    return node;
  }
  const h = kidHash(op, inputs, key, label);
  const e = first.table.get(h);
  if (e !== undefined) {
    if (Array.isArray(e)) {
      for (const k of e) if (sameNode(k, op, inputs, key, label)) return k;
    } else if (sameNode(e, op, inputs, key, label)) return e;
  }
  const node = new Node(op, inputs, attrs, shape, label, currentScope());
  if (first.size < MAX_KIDS) first.add(h, node);
  return node;
}

/**
 * The interned node for `op` on `inputs` with normalised `attrs`, a known `shape` and `label`,
 * without the rewrites and checks of {@link apply}: for rebuilding a graph whose every node was
 * built through `apply` before, on other inputs of the same structure (see `exec/eager.ts`). @internal
 */
export function internDirect(op: OpDef, inputs: readonly Node[], attrs: Attrs, shape: Shape, label: string | undefined): Node {
  return intern(op, inputs.length > 2 ? Object.freeze(inputs) : inputs, attrs, shape, label);
}

/** Nodes of ops with no inputs, per op and attributes: they live as long as their op. */
const nullary = new WeakMap<OpDef, Map<string, Node>>();
function internNullary(op: OpDef, attrs: Attrs, key: string, shape: Shape, label: string | undefined): Node {
  let byKey = nullary.get(op);
  if (byKey === undefined) nullary.set(op, (byKey = new Map()));
  const k = label === undefined ? key : JSON.stringify([key, label]);
  let n = byKey.get(k);
  if (n === undefined) byKey.set(k, (n = new Node(op, NO_INPUTS, attrs, shape, label, currentScope())));
  return n;
}

/**
 * Counts for tests and diagnostics: `created` is the number of nodes created so far in this
 * process; `permanent` the number of permanent constants (small numbers interned for the
 * life of the process; at most a few thousand).
 * @example
 * const before = tg.graphStats().created;
 * tg.sin(tg.variable('x', 1));
 * tg.graphStats().created - before; // → 2
 * @category Graph
 */
export function graphStats(): { created: number; permanent: number } {
  return { created: nextId, permanent: permanentCount };
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
  if (typeof name !== 'string' || name === '') throw new ArgumentError(`scope: a scope name is a non-empty string; got ${describeValue(name)}`);
  if (typeof fn !== 'function') throw new ArgumentError(`scope: the second argument is the function to run in the scope; got ${describeValue(fn)}`);
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
  /**
   * Display name used in LaTeX, text and DOT (e.g. `W^{(1)}`); default: the variable's name.
   * A non-empty string.
   *
   * Labels are plain text unless they are a name in a safe subset of LaTeX: letters, digits,
   * sub- and superscripts (`z^{(1)}`, `W_{\mathrm{out}}`, `x_i`), primes, Greek letters and
   * symbols (`\alpha`, `\delta`, `\ell`, `\partial`), accents (`\bar`, `\hat`,
   * `\tilde`, `\vec`, `\dot`) and fonts (`\mathbf`, `\mathrm`, `\text`). Anything else
   * (`my loss`, `a%b`, `\input{f}`) prints as the text it is, escaped for LaTeX, Markdown,
   * HTML, DOT and TikZ: no other LaTeX command and no HTML tag from a label reaches an output.
   */
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
    throw new ArgumentError(`variable: a name is an identifier (a letter or _, then letters, digits or _); got ${describeValue(name)}`);
  }
  if (options?.label !== undefined) checkLabel('variable', options.label);
  const t = value === undefined ? undefined : toTensor(`variable '${name}'`, value);
  const shape = t ? t.shape : options.shape ?? [];
  const scope = currentScope();
  return new Node(variableOp, NO_INPUTS, EMPTY_ATTRS, frozenShape(shape), options.label, scope, new LeafData('variable', name, options.label, scope, t));
}

/** Options of {@link constant}. */
export interface ConstantOptions {
  /**
   * Display name (e.g. `\alpha`); named constants are not folded away. A non-empty string,
   * read as the labels of {@link Node.as} are: plain text unless it is a name in the safe LaTeX
   * subset.
   */
  label?: string;
}

/** The largest magnitude of a permanent constant. */
const PERMANENT_MAX = 1024;
/** Permanent constants by value: at most 8,193 (the quarters from −1024 to 1024), made on first use. */
const permanents = new Map<number, Node>();
let permanentCount = 0;

/** True for a number interned as a permanent constant: an integer or a quarter, |v| ≤ 1024 (−0 aside). */
function isSmallNumber(v: number): boolean {
  return Math.abs(v) <= PERMANENT_MAX && Number.isInteger(v * 4) && !Object.is(v, -0);
}

/** A fresh constant leaf. */
function makeConstant(t: Tensor | number, label: string | undefined, cls: ConstantClass): Node {
  const scope = currentScope();
  const shape = typeof t === 'number' ? SCALAR : t.shape;
  const n = new Node(constantOp, NO_INPUTS, EMPTY_ATTRS, shape, label, scope, new LeafData('constant', undefined, label, scope, t, cls));
  if (recorder !== undefined) recorder.made(n, undefined);
  return n;
}

/** How a folded constant was computed: an op on constant inputs. @internal */
export interface Fold {
  readonly op: OpDef;
  readonly inputs: readonly Node[];
  readonly attrs: Attrs;
  readonly shape: Shape;
}

/** Told of every constant made while it is installed (see {@link recordConstants}). @internal */
export interface ConstantRecorder {
  made(n: Node, fold: Fold | undefined): void;
}
let recorder: ConstantRecorder | undefined;

/**
 * Runs `f` telling `r` of every constant made meanwhile, and how each folded one was computed:
 * a derivation recorded this way can be replayed on other numbers (see `exec/eager.ts`). @internal
 */
export function recordConstants<T>(r: ConstantRecorder, f: () => T): T {
  const outer = recorder;
  recorder = r;
  try {
    return f();
  } finally {
    recorder = outer;
  }
}

/**
 * A leaf with a fixed value. Small numbers (integers and quarters up to 1024 in size) are
 * interned: `constant(2)` is always the same node. Any other constant is a new leaf each time,
 * so that graphs built on data are freed with the data.
 * @example
 * tg.constant(2).value; // → 2
 * tg.constant(2) === tg.constant(2); // → true
 * @category Graph
 */
export function constant(value: TensorLike, options: ConstantOptions = NO_OPTIONS): Node {
  if (options !== NO_OPTIONS) checkOptions('constant', options, ['label']);
  const label = options.label;
  if (label !== undefined) checkLabel('constant', label);
  if (typeof value === 'number') {
    if (label === undefined && isSmallNumber(value)) {
      let n = permanents.get(value);
      if (n === undefined) {
        // NOTE: made outside any scope: a permanent constant belongs to no one graph.
        n = new Node(constantOp, NO_INPUTS, EMPTY_ATTRS, SCALAR, undefined, undefined, new LeafData('constant', undefined, undefined, undefined, value, 'permanent'));
        permanents.set(value, n);
        permanentCount++;
      }
      return n;
    }
    // (A number's tensor is made only if something reads it as a tensor.)
    return makeConstant(value, label, 'data');
  }
  const t = toTensor('constant', value, true);
  if (t.rank === 0 && label === undefined && isSmallNumber(t.data[0]!)) return constant(t.data[0]!);
  return makeConstant(t, label, isSmallUniform(t) ? 'structural' : 'data');
}

/** True for a tensor whose elements are all one small number (`zeros`, `ones`, `full(s, 2)`). */
function isSmallUniform(t: Tensor): boolean {
  const d = t.data;
  if (d.length === 0) return false;
  const v = d[0]!;
  // (−0 counts as 0 here: a tensor of signed zeros is structurally zero.)
  if (!(Math.abs(v) <= PERMANENT_MAX && Number.isInteger(v * 4))) return false;
  for (let i = 1; i < d.length; i++) if (d[i] !== v) return false;
  return true;
}

/** A fresh constant of a given class (a constant remade on other numbers, see `exec/eager.ts`). @internal */
export function constantOfClass(t: Tensor, cls: ConstantClass): Node {
  return cls === 'permanent' ? constant(t.data[0]!) : makeConstant(t, undefined, cls);
}

/**
 * A constant whose value is part of the graph's structure (an identity matrix, a basis vector,
 * zeros of a shape): rewrites may look at its value, and structure fingerprints include it.
 * Rules and `hessian` build such constants; data never does. @internal
 */
export function structuralConstant(t: Tensor): Node {
  if (t.rank === 0 && isSmallNumber(t.data[0]!)) return constant(t.data[0]!);
  return makeConstant(t, undefined, 'structural');
}

const SCALAR: Shape = Object.freeze([]);

/** Coerces an operand to a node (numbers and tensors become constants). @internal */
export function toNode(where: string, v: Operand): Node {
  if (v instanceof Node) return v;
  if (v === undefined || v === null) throw new ArgumentError(`${where}: an input is ${v}; expected a Node, a number or a tensor`);
  return constant(typeof v === 'number' ? v : toTensor(where, v, true));
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
export function apply(op: OpDef, inputs: readonly Operand[], attrs: Attrs = EMPTY_ATTRS, options: ApplyOptions = NO_OPTIONS): Node {
  if (op === null || typeof op !== 'object' || typeof op.name !== 'string' || typeof op.forward !== 'function') throw new ArgumentError(`apply: op must be an op definition (tg.ops.sinOp, or one you define with name, arity, shape, forward and vjp); got ${describeValue(op)}`);
  if (!Array.isArray(inputs)) throw new ArgumentError(`${op.name}: inputs must be an array; got ${typeof inputs}`);
  checkArity(op, inputs.length);
  checkOptions(`apply(${op.name})`, options, ['label']);
  if (options.label !== undefined) checkLabel(`apply(${op.name})`, options.label);
  // A copy: the caller's array is neither frozen nor changed.
  return applyOwned(op, inputs.map((v) => toNode(op.name, v)), attrs, options.label);
}

/**
 * {@link apply} on an array the caller gives away (the built-in ops pass a fresh literal): its
 * operands are coerced to nodes in place; one or two inputs are then held in the node's fields
 * and a longer array becomes its frozen `inputs`, so building a node allocates little besides
 * the node. @internal
 */
export function applyOwned(op: OpDef, ins: Operand[], attrs: Attrs = EMPTY_ATTRS, label?: string): Node {
  const count = ins.length;
  const m = metaOf(op);
  if (m.arity >= 0 ? count !== m.arity : count < 1) checkArity(op, count);
  for (let i = 0; i < count; i++) {
    const v = ins[i]!;
    if (!(v instanceof Node)) ins[i] = toNode(op.name, v);
  }
  const nodes = ins as Node[];
  let a = attrs, shape: Shape;
  if (m.sameShape && allSameShape(nodes)) shape = nodes[0]!.shape;
  else {
    const shapes = nodes.map(shapeOf);
    if (op.attrs) a = op.attrs(attrs, shapes);
    shape = frozenShape(checkedShape(op, op.shape(shapes, a)));
  }
  if (label === undefined) {
    const r = simplify(op, m.rules, nodes, a, shape);
    if (r) return r;
  }
  const frozenAttrs = a === EMPTY_ATTRS || isEmpty(a) ? EMPTY_ATTRS : Object.isFrozen(a) ? a : Object.freeze({ ...a });
  // One or two inputs go into the node's fields; a longer array is kept, frozen.
  return intern(op, count > 2 ? Object.freeze(nodes) : nodes, frozenAttrs, shape, label);
}

function checkArity(op: OpDef, count: number): void {
  if (op.arity === 'variadic' ? count < 1 : count !== op.arity) {
    throw new ArgumentError(`${op.name}: expects ${op.arity === 'variadic' ? 'at least 1 input' : `${op.arity} input${op.arity === 1 ? '' : 's'}`}; got ${count}`);
  }
}

const shapeOf = (n: Node): Shape => n.shape;

function allSameShape(nodes: readonly Node[]): boolean {
  const s = nodes[0]!.shape;
  for (let i = 1; i < nodes.length; i++) if (nodes[i]!.shape !== s && !sameShape(nodes[i]!.shape, s)) return false;
  return true;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

// ---------------------------------------------------------------------------------------
// Construction-time rewrites: small rewrites that are always sound (for finite values),
// tried by `applyOwned` before a node is interned. Folding constants applies to every op;
// the others are the op's own (`OpDef.rewrites`), so they dispatch on the op object, never
// on its name. Together with hash-consing they keep symbolic gradients linear in the size
// of the function. Named nodes are never rewritten away: `apply` skips this for them.

/** True for an unnamed constant (a literal nobody named). @internal */
export function isPlainConstant(n: Node): boolean {
  return n.info !== undefined && n.info.leaf?.kind === 'constant' && n.info.label === undefined;
}

const foldConstants: Rewrite = {
  name: 'fold constants',
  constant: true,
  rewrite: (inputs, attrs, shape, op) => {
    if (inputs.length === 0 || !inputs.every(isPlainConstant)) return undefined;
    if (shape.length === 0 && op.scalarKernel !== undefined && inputs.every((n) => n.shape.length === 0)) {
      // Scalars fold as numbers (a chain of constant factors folds without a tensor each).
      const v = checkedScalar(op, op.scalarKernel(inputs.map((n) => n.leaf!.number), attrs));
      const known = inputs.every((n) => n.leaf!.cls !== 'data');
      const folded = known && !isSmallNumber(v) ? makeConstant(v, undefined, 'structural') : constant(v);
      if (recorder !== undefined && folded.leaf!.cls !== 'permanent') recorder.made(folded, { op, inputs, attrs, shape });
      return folded;
    }
    const t = runForward(op, inputs.map((n) => n.leaf!.value!), attrs, shape);
    // What is computed from structural values alone is structural; a value computed from data
    // is data, unless it is a small uniform value (zeros, ones), which is structural anyway.
    const known = inputs.every((n) => n.leaf!.cls !== 'data');
    const folded = known ? structuralConstant(t) : t.rank === 0 ? constant(t.data[0]!) : constant(t);
    if (recorder !== undefined && folded.leaf!.cls !== 'permanent') recorder.made(folded, { op, inputs, attrs, shape });
    return folded;
  },
};

/** The op's rewrites split by whether they need a constant input. */
interface Rules {
  all: readonly Rewrite[];
  structural: readonly Rewrite[];
}

/** What `apply` needs of an op, worked out once per op object (and kept on it, hidden). */
interface OpMeta {
  /** Inputs, or -1 for variadic. */
  readonly arity: number;
  /** An elementwise op whose output has its inputs' shape when those are equal (no shape rule to call). */
  readonly sameShape: boolean;
  readonly rules: Rules;
}
const OP_META: unique symbol = Symbol('tracegrad.opMeta');
const opMetas = new WeakMap<OpDef, OpMeta>();

function metaOf(op: OpDef): OpMeta {
  const own = (op as { [OP_META]?: OpMeta })[OP_META];
  if (own !== undefined) return own;
  let m = opMetas.get(op);
  if (m === undefined) {
    const all = op.rewrites ?? [];
    m = {
      arity: op.arity === 'variadic' ? -1 : op.arity,
      sameShape: op.attrs === undefined && sameShapeOps.has(op),
      rules: { all, structural: all.filter((w) => !w.constant) },
    };
    if (Object.isExtensible(op)) Object.defineProperty(op, OP_META, { value: m });
    else opMetas.set(op, m);
  }
  return m;
}

/** Applies the first rewrite of `op` that applies, or returns undefined. @internal */
export function simplify(op: OpDef, rules: Rules, inputs: readonly Node[], attrs: Attrs, shape: Shape): Node | undefined {
  // Most nodes are built on no constant whose value a rewrite may read (`a x`, `dy ⊙ x`, `w x`
  // with x data): then only the few structural rewrites are tried, and for most ops none;
  // constants of data can only be folded.
  let known = false, all = inputs.length > 0;
  for (let i = 0; i < inputs.length; i++) {
    const n = inputs[i]!;
    if (isPlainConstant(n)) {
      if (n.leaf!.cls !== 'data') known = true;
    } else all = false;
  }
  if (all) {
    const folded = foldConstants.rewrite(inputs, attrs, shape, op);
    if (folded) return folded;
  }
  const list = known ? rules.all : rules.structural;
  for (let i = 0; i < list.length; i++) {
    const out = list[i]!.rewrite(inputs, attrs, shape, op);
    if (out) return out;
  }
  return undefined;
}
