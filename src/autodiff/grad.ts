import { ArgumentError, GradientNotImplementedError, ShapeError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';
import { constant, inputAt, inputCount, Node, toNode, type Operand } from '../core/node.js';
import { MASK, NodeIndex, PAGE, PageDirectory, topoOrder } from '../core/topo.js';
import { isZero } from '../core/constants.js';
import { ones, zeros } from '../tensor/tensor.js';
import { formatShape, sameShape, tryBroadcast, type Shape } from '../tensor/shape.js';
import { add } from '../ops/add.js';
import { addN } from '../ops/addN.js';
import { reshape } from '../ops/reshape.js';
import { sum } from '../ops/sum.js';
import { registry } from '../ops/index.js';
import type { OpDef, VjpContext } from '../core/opdef.js';
import { checkRuleGradient, checkSeedLiteral } from '../core/checks.js';

/**
 * Sums a gradient back to `shape` over the axes that broadcasting added or stretched; the
 * one place where broadcasting is undone. @internal
 */
export function sumTo(g: Node, shape: Shape): Node | undefined {
  if (sameShape(g.shape, shape)) return g;
  const b = tryBroadcast(shape, g.shape);
  if (!b || !sameShape(b, g.shape)) return undefined;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reshape(sum(g, axes, true), shape);
}

/**
 * Adjoints by node: an id-indexed table for graphs of millions of nodes, in pages like
 * {@link NodeIndex} (one page read per access, and no array that grows by copying),
 * read with get/has.
 */
export class AdjointTable extends PageDirectory<(Node | undefined)[]> {
  constructor() {
    super(newAdjointPage);
  }
  get(n: Node): Node | undefined {
    const id = n.id;
    const page = this.find(id);
    return page === undefined ? undefined : page[id & MASK];
  }
  has(n: Node): boolean {
    return this.get(n) !== undefined;
  }
  set(n: Node, v: Node): void {
    const id = n.id;
    this.ensure(id)[id & MASK] = v;
  }
}
const newAdjointPage = (): (Node | undefined)[] => new Array<Node | undefined>(PAGE);

/** The built-in ops (whose vjp rules keep nothing of their context). */
let builtins: Set<OpDef> | undefined;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The reverse pass, shared by {@link grad} and the explainers. */
export interface ReversePass {
  /** Adjoint of every node on the path that received one (`∂y/∂node`, weighted by `dy`). */
  adjoints: AdjointTable;
  /** For each node, the contributions it received from each consumer, in order (recorded only when asked). */
  contributions: Map<Node, { from: Node; term: Node }[]>;
  /** Topological order of `y`'s ancestors. */
  order: readonly Node[];
}

/** Runs the reverse pass; `given` is `y`'s topological order when the caller has it already. @internal */
export function reverse(y: Node, xs: readonly Node[], dy: Node, recordContributions = false, given?: readonly Node[]): ReversePass {
  const { order, onPath } = pathTo(y, xs, given);
  const adjoints = new AdjointTable();
  const contributions = new Map<Node, { from: Node; term: Node }[]>();
  if (!onPath.has(y)) return { adjoints, contributions, order };
  adjoints.set(y, dy);
  // Phase 2: walk users before inputs, apply each vector-Jacobian rule (undoing broadcasting,
  // checking shapes), and sum what the consumers of a node send back.
  const sums = new AdjointSums(adjoints, order);
  const rules = new RuleCaller(y, dy, onPath);
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    const g = sums.settle(n);
    if (!g || n.leaf || !onPath.has(n)) continue;
    const parts = rules.call(n, g);
    if (parts === undefined) continue;
    for (let i = 0; i < parts.length; i++) {
      const gi = parts[i];
      if (gi === undefined) continue;
      const c = inputAt(n, i);
      if (recordContributions) {
        const list = contributions.get(c) ?? [];
        list.push({ from: n, term: gi });
        contributions.set(c, list);
      }
      sums.add(c, gi, k);
    }
  }
  sums.settleRest();
  return { adjoints, contributions, order };
}

/**
 * Phase 1: `y`'s ancestors in order, and which lie on a path from a requested input to `y`
 * (only those get adjoints).
 */
function pathTo(y: Node, xs: readonly Node[], given: readonly Node[] | undefined): { order: readonly Node[]; onPath: NodeIndex } {
  const onPath = new NodeIndex();
  for (const x of xs) onPath.set(x, 1);
  if (given === undefined) return { order: topoOrder([y], onPath), onPath };
  for (const n of given) {
    if (n.leaf !== undefined || onPath.has(n)) continue;
    for (let i = 0, c = inputCount(n); i < c; i++) {
      if (onPath.has(inputAt(n, i))) {
        onPath.set(n, 0);
        break;
      }
    }
  }
  return { order: given, onPath };
}

/**
 * The sums of what a node's consumers send back. The first term is kept in `adjoints`; later
 * ones gather in a list, summed once every consumer has been seen (users come after inputs in
 * the order, so when the walk reaches the node, or at the end for leaves): one `add` for two
 * terms, one `addN` for more, instead of a chain of adds.
 *
 * The terms of a sum of at most {@link SORTED_TERMS} are summed in the order their uses are read in the function, left to right
 * (`d(x² + sin x) = 2·x + cos(x)`, `d(x·sin x) = sin(x) + x·cos(x)`, `d(xᵀA x) = A x + Aᵀx`),
 * not in the order the walk meets them (last use first): see {@link readingOrder}.
 */
class AdjointSums {
  /** Per node: `2k + 1` when it has one term, sent by the consumer at walk position `k`; `2j` when its terms are list `j`. */
  private readonly pending = new NodeIndex();
  private readonly lists: (Node[] | undefined)[] = [];
  /** For each list while it is short: the walk position of the consumer of each term. */
  private readonly froms: (number[] | undefined)[] = [];
  private readonly owners: Node[] = [];
  constructor(
    private readonly adjoints: AdjointTable,
    private readonly order: readonly Node[],
  ) {}

  /** The adjoint of `n`, its sum made if it has several terms (every term is in once the walk reaches `n`). */
  settle(n: Node): Node | undefined {
    const p = this.pending.get(n);
    const k = p >= 0 && p % 2 === 0 ? p / 2 : -1;
    const list = k < 0 ? undefined : this.lists[k];
    if (list === undefined) return this.adjoints.get(n);
    this.lists[k] = undefined;
    const froms = this.froms[k];
    this.froms[k] = undefined;
    const total = sumOfTerms(froms === undefined ? list : readingOrder(list, froms, n, this.order));
    this.adjoints.set(n, total);
    return total;
  }

  /** Adds `term`, sent to `c` by the consumer at walk position `from`. */
  add(c: Node, term: Node, from: number): void {
    const p = this.pending.get(c);
    if (p >= 0 && p % 2 === 0) {
      const j = p / 2;
      this.lists[j]!.push(term);
      const f = this.froms[j];
      if (f !== undefined) {
        if (f.length < SORTED_TERMS) f.push(from);
        else this.froms[j] = undefined;
      }
    } else if (p < 0) {
      this.adjoints.set(c, term);
      this.pending.set(c, 2 * from + 1);
    } else {
      const j = this.lists.length;
      this.pending.set(c, 2 * j);
      this.lists.push([this.adjoints.get(c)!, term]);
      this.froms.push([(p - 1) / 2, from]);
      this.owners.push(c);
    }
  }

  /** Sums the terms of nodes the walk did not reach (leaves). */
  settleRest(): void {
    for (const n of this.owners) this.settle(n);
  }
}

/**
 * Most terms of one adjoint put in reading order. A longer sum (a weight shared by every step
 * of a long chain) keeps the walk's order, last use first, which is also the order a compiled
 * program can free each term's buffers in.
 */
const SORTED_TERMS = 16;
/** Most nodes looked at to tell whether one use lies inside another. */
const REACH_BUDGET = 256;

/**
 * The terms of `c`'s adjoint (as the walk met them: consumers from the last built back, the
 * terms of one consumer by input) in the order their uses of `c` are read left to right: a
 * use inside an input of another consumer comes before or after that consumer's own use of
 * `c` as that input comes before or after it (`x·sin(x)`: the `x` of the product first;
 * `sin(x)·x`: the `x` inside `sin` first); uses in unrelated parts of the function in the
 * order the function was built.
 */
function readingOrder(terms: Node[], froms: readonly number[], c: Node, order: readonly Node[]): Node[] {
  // Groups of consecutive terms from one consumer, with the first input slot they came through.
  const groups: { from: Node; slot: number; terms: Node[] }[] = [];
  for (let i = 0; i < terms.length; i++) {
    const from = order[froms[i]!]!;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.from === from) last.terms.push(terms[i]!);
    else groups.push({ from, slot: firstSlot(from, c), terms: [terms[i]!] });
  }
  groups.reverse();
  // Insertion sort (a few groups): a consumer moves before an earlier one that it reads first.
  for (let i = 1; i < groups.length; i++) {
    const g = groups[i]!;
    let j = i;
    while (j > 0 && readsBefore(g, groups[j - 1]!)) {
      groups[j] = groups[j - 1]!;
      j--;
    }
    groups[j] = g;
  }
  return groups.flatMap((g) => g.terms);
}

/** The first input slot of `n` that is `c`. */
function firstSlot(n: Node, c: Node): number {
  // A wide consumer (an addN of thousands of terms) is not searched: the order is cosmetic.
  for (let i = 0, count = Math.min(inputCount(n), 64); i < count; i++) if (inputAt(n, i) === c) return i;
  return 0;
}

/** True when `a`'s use is read before `b`'s: `a` uses `b` through an input before its own use, or the reverse. */
function readsBefore(a: { from: Node; slot: number }, b: { from: Node; slot: number }): boolean {
  const ab = slotReaching(a.from, b.from);
  if (ab !== undefined) return ab > a.slot;
  const ba = slotReaching(b.from, a.from);
  if (ba !== undefined) return ba < b.slot;
  return false;
}

/**
 * The first input slot of `a` through which `a` depends on `b` (looking at a bounded number of
 * nodes; inputs are built before their users, so no node older than `b` can lead to it), else undefined.
 */
function slotReaching(a: Node, b: Node): number | undefined {
  if (a.id < b.id) return undefined;
  // Every node looked at counts against the budget, the inputs of `a` themselves included (an
  // addN of 10⁵ leaves must not be scanned once per term).
  let budget = REACH_BUDGET;
  const seen = new Set<Node>();
  const stack: Node[] = [];
  for (let i = 0, count = inputCount(a); i < count; i++) {
    stack.push(inputAt(a, i));
    while (stack.length > 0) {
      const m = stack.pop()!;
      if (m === b) return i;
      if (--budget < 0) return undefined;
      if (m.id < b.id || m.leaf !== undefined || seen.has(m)) continue;
      seen.add(m);
      for (let k = 0, mc = inputCount(m); k < mc; k++) stack.push(inputAt(m, k));
    }
  }
  return undefined;
}

/**
 * Calls vector-Jacobian rules and checks what they return: one gradient per input, each with
 * its input's shape once broadcasting is undone (the one place it is undone).
 */
class RuleCaller {
  private readonly needs1 = [false];
  private readonly needs2 = [false, false];
  private readonly out1: (Node | undefined)[] = [undefined];
  private readonly out2: (Node | undefined)[] = [undefined, undefined];
  private readonly ins1: Node[];
  private readonly ins2: Node[];
  private readonly scratch: Mutable<VjpContext>;
  constructor(y: Node, dy: Node, private readonly onPath: NodeIndex) {
    builtins ??= new Set(registry);
    this.ins1 = [y];
    this.ins2 = [y, y];
    this.scratch = { y, inputs: this.ins1, attrs: y.attrs, dy, needs: this.needs1 };
  }

  /** The gradient of each input of `n` for its adjoint `g` (undefined where not needed), or undefined when none is. */
  call(n: Node, g: Node): (Node | undefined)[] | undefined {
    // A built-in rule reads its context and returns: one context, inputs array and `needs`
    // array serve every call (so a node with one or two inputs never makes its own `inputs`
    // array here). A user's rule gets its own (it may keep them).
    const count = inputCount(n);
    const builtin = builtins!.has(n.op);
    let needs: boolean[], ins: readonly Node[];
    if (builtin && count <= 2) {
      const s = count === 1 ? this.ins1 : this.ins2;
      needs = count === 1 ? this.needs1 : this.needs2;
      for (let i = 0; i < count; i++) needs[i] = this.onPath.has((s[i] = inputAt(n, i)));
      ins = s;
    } else {
      ins = n.inputs;
      needs = ins.map((c) => this.onPath.has(c));
    }
    if (!needs.includes(true)) return undefined;
    if (!n.op.vjp) {
      throw new GradientNotImplementedError(`grad: op '${n.op.name}'${n.label ? ` (node '${n.label}')` : ''} has no vector-Jacobian rule; it lies on the path to the requested gradient`);
    }
    let ctx: VjpContext;
    if (builtin) {
      ctx = this.scratch;
      this.scratch.y = n;
      this.scratch.inputs = ins;
      this.scratch.attrs = n.attrs;
      this.scratch.dy = g;
      this.scratch.needs = needs;
    } else ctx = { y: n, inputs: ins, attrs: n.attrs, dy: g, needs };
    const parts = n.op.vjp(ctx);
    if (!Array.isArray(parts) || parts.length !== count) {
      throw new GradientNotImplementedError(`grad: the vjp rule of '${n.op.name}' returned ${Array.isArray(parts) ? parts.length : typeof parts} gradients for ${count} inputs; it must return one per input (null where not needed)`);
    }
    // (The caller reads the result before the next call: one array serves every node with one or two inputs.)
    const out: (Node | undefined)[] = count === 1 ? this.out1 : count === 2 ? this.out2 : new Array<Node | undefined>(count);
    for (let i = 0; i < count; i++) {
      out[i] = undefined;
      if (!needs[i]) continue;
      const c = inputAt(n, i);
      const raw = parts[i];
      if (!(raw instanceof Node)) {
        throw new GradientNotImplementedError(`grad: the vjp rule of '${n.op.name}' returned no gradient for input ${i}${c.name ? ` ('${c.name}')` : ''}, which is needed`);
      }
      if (!builtin) checkRuleGradient(n, i, raw);
      const gi = sumTo(raw, c.shape);
      if (!gi) {
        throw new ShapeError(`grad: the vjp rule of '${n.op.name}' returned a gradient of shape ${formatShape(raw.shape)} for input ${i}${c.name ? ` ('${c.name}')` : ''} of shape ${formatShape(c.shape)}; it must have the input's shape or the op's output shape`);
      }
      out[i] = gi;
    }
    return out;
  }
}

/** Most terms in one `addN` node; longer sums chain several (each starting with the last). */
const MAX_TERMS = 64;

/** `t₀ + t₁ + …` in order: an `add` for two terms, `addN` nodes of at most {@link MAX_TERMS} for more. */
function sumOfTerms(terms: readonly Node[]): Node {
  if (terms.length === 2) return add(terms[0]!, terms[1]!);
  let total = addN(terms.slice(0, MAX_TERMS));
  for (let i = MAX_TERMS; i < terms.length; i += MAX_TERMS - 1) total = addN([total, ...terms.slice(i, i + MAX_TERMS - 1)]);
  return total;
}

/** Checks and coerces the arguments of grad-like functions. @internal */
export function gradArgs(where: string, y: unknown, xs: unknown, dy: unknown): { y: Node; xs: Node[]; dy: Node; single: boolean } {
  if (!(y instanceof Node)) throw new ArgumentError(`${where}: y must be a Node; got ${typeof y}`);
  const single = xs instanceof Node;
  const list = single ? [xs as Node] : xs;
  if (!Array.isArray(list) || list.some((x) => !(x instanceof Node))) {
    throw new ArgumentError(`${where}: xs must be a Node or an array of Nodes; got ${Array.isArray(list) ? 'an array with non-nodes' : typeof xs}`);
  }
  let seed: Node;
  if (dy === undefined) {
    if (y.shape.length !== 0) {
      throw new ShapeError(`${where}: y has shape ${formatShape(y.shape)}; give dy (a seed of that shape) or reduce y to a scalar first`);
    }
    seed = constant(ones([]));
  } else {
    checkSeedLiteral(where, 'dy', dy);
    seed = toNode(where, dy as Operand);
    if (!sameShape(seed.shape, y.shape)) throw new ShapeError(`${where}: dy must have y's shape ${formatShape(y.shape)}; got ${formatShape(seed.shape)}`);
  }
  return { y, xs: list as Node[], dy: seed, single };
}

/**
 * Symbolic reverse-mode gradient: the nodes `∂y/∂x` for each `x` in `xs` (with `y` scalar),
 * or the vector-Jacobian product `dyᵀ ∂y/∂x` when a seed `dy` of `y`'s shape is given.
 * The result is a graph of ordinary nodes: evaluate it (`.value`), print it, or
 * differentiate it again. Only the path from `xs` to `y` is walked. Where a node feeds
 * several others, its adjoint is the sum of their terms: an {@link add} for two, one
 * {@link addN} for more. An input that `y` does not depend on gets a structurally zero
 * gradient ({@link isZero} tells; so does {@link dependsOn}).
 * @param y the output (a scalar unless `dy` is given)
 * @param xs one node or several (variables or intermediate nodes)
 * @param dy the seed (default 1 for scalar `y`)
 * @returns one gradient node per `x` (an array, or a single node when `xs` is a node), each with its `x`'s shape
 * @throws {@link ShapeError} when `y` is not scalar and no seed is given; {@link GradientNotImplementedError} for an op without a rule
 * @example
 * const x = tg.variable('x', 3);
 * const [dx] = tg.grad(x.mul(x), [x]);
 * dx.value; // → 6
 * tg.toText(dx); // → '2·x'
 * @category Autodiff
 */
export function grad(y: Node, xs: readonly Node[], dy?: Operand): Node[];
export function grad(y: Node, xs: Node, dy?: Operand): Node;
export function grad(y: Node, xs: Node | readonly Node[], dy?: Operand): Node | Node[] {
  const a = gradArgs('grad', y, xs, dy);
  const out = derive(a.y, a.xs, a.dy);
  return a.single ? out[0]! : out;
}

/** The gradients of `y` with respect to `xs` for the seed `dy` (checked arguments); `order` is `y`'s topological order when known. @internal */
export function derive(y: Node, xs: readonly Node[], dy: Node, order?: readonly Node[]): Node[] {
  const { adjoints } = reverse(y, xs, dy, false, order);
  return xs.map((x) => adjoints.get(x) ?? constant(zeros(x.shape)));
}

/**
 * True when `y` depends on `x` (a path leads from `x` to `y`).
 * @example
 * const x = tg.variable('x', 1), z = tg.variable('z', 2);
 * tg.dependsOn(tg.sin(x), z); // → false
 * @category Autodiff
 */
export function dependsOn(y: Node, x: Node): boolean {
  if (!(y instanceof Node) || !(x instanceof Node)) throw new ArgumentError(`dependsOn: y and x must be Nodes; got ${y instanceof Node ? 'a Node' : describeValue(y)} and ${x instanceof Node ? 'a Node' : describeValue(x)}`);
  return topoOrder([y]).includes(x);
}

export { isZero };
