import { ArgumentError, ShapeError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';
import { scalarTensor, Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { currentEpoch, inputAt, inputCount, installNodeHooks, mapInputs, Node, ValueCache } from '../core/node.js';
import { postOrder, topoOrder } from '../core/topo.js';
import { checkedScalar, runForward } from '../core/checks.js';
import { buildProgram, currentValue, type Program } from './compile.js';

// Two ways to evaluate. The interpreter walks the topological order and runs each op's
// kernel, caching every node's value for the current assignment epoch, so roots that
// share nodes share work; it is cheapest for a graph evaluated once. A compiled program
// (see compile.ts) pays a one-off build and then evaluates without walking the graph; it
// wins when the same nodes are evaluated again after variables change (training,
// gradient checks, sampling). The policy below chooses per list of roots. A loss and the
// gradients `grad` derived from it form a group, valued together by the program that
// `exec/eager.ts` keeps for their structure.

/** Graphs smaller than this are always interpreted: compiling them cannot pay. */
const MIN_COMPILE_NODES = 8;
/** Evaluations (at distinct epochs, or with bindings) before a smaller graph is compiled. */
const RUNS_BEFORE_COMPILE = 2;

/** Lists remembered per first root (oldest forgotten first). */
const MAX_LISTS_PER_ROOT = 32;

/** Cached evaluation plans: the topological order of each root, built once. */
const plans = new WeakMap<Node, Node[]>();

/** @internal */
export function planOf(root: Node): Node[] {
  let plan = plans.get(root);
  if (!plan) plans.set(root, (plan = topoOrder([root])));
  return plan;
}

/** What is known about one list of roots: how often it ran, its order and program once compiled. */
interface ListState {
  runs: number;
  lastEpoch: number;
  order: Node[] | undefined;
  program: Program | undefined;
}

/** Per list of roots, keyed by the first root and then by the ids of all of them. */
const lists = new WeakMap<Node, Map<string, ListState>>();

function listState(list: readonly Node[]): ListState {
  let byKey = lists.get(list[0]!);
  if (!byKey) lists.set(list[0]!, (byKey = new Map()));
  const key = list.length === 1 ? '' : list.map((n) => n.id).join(',');
  let st = byKey.get(key);
  if (!st) {
    st = { runs: 0, lastEpoch: -1, order: undefined, program: undefined };
    // Bounded: lists that start with a long-lived node but vary after it must not pile up.
    if (byKey.size >= MAX_LISTS_PER_ROOT) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, st);
  }
  return st;
}

const orderOf = (list: readonly Node[], st: ListState): Node[] => (st.order ??= list.length === 1 ? planOf(list[0]!) : topoOrder(list));

/** Counts a run and compiles when the policy says so; returns the program, if any. */
function programFor(list: readonly Node[], st: ListState): Program | undefined {
  st.runs++;
  if (!st.program && st.runs >= RUNS_BEFORE_COMPILE) {
    const size = orderOf(list, st).length;
    if (size >= MIN_COMPILE_NODES) st.program = buildProgram(list, false, st.order);
  }
  return st.program;
}

function leafValue(n: Node): Tensor {
  return currentValue(n);
}

/** @internal */
export function runKernel(n: Node, inputs: readonly Tensor[]): Tensor {
  return runForward(n.op, inputs, n.attrs, n.shape);
}

/** Caches `value` as `n`'s value in `epoch` (reusing the node's cache record). @internal */
export function remember(n: Node, value: Tensor, epoch: number): void {
  const c = (n.cache ??= new ValueCache());
  c.tensor = value;
  c.epoch = epoch;
}

/** Caches the number `v` as the value of the scalar node `n` in `epoch` (its tensor is made only if asked for). @internal */
export function rememberNumber(n: Node, v: number, epoch: number): void {
  const c = (n.cache ??= new ValueCache());
  c.tensor = undefined;
  c.num = v;
  c.epoch = epoch;
}

/** True when every input of `n` is a scalar. */
function allScalar(n: Node): boolean {
  for (let i = 0, c = inputCount(n); i < c; i++) if (inputAt(n, i).shape.length !== 0) return false;
  return true;
}

/** A scalar input's value as a number: a leaf's, or a node's valued in this epoch. */
function scalarOf(c: Node): number {
  const leaf = c.leaf;
  if (leaf !== undefined) return leaf.hasValue ? leaf.number : currentValue(c).data[0]!;
  const cache = c.cache!;
  return cache.tensor !== undefined ? cache.tensor.data[0]! : cache.num;
}

/** The cached value of `n` (valued in the current epoch) as a tensor. */
function cachedTensor(n: Node): Tensor {
  const c = n.cache!;
  return (c.tensor ??= scalarTensor(c.num));
}

/**
 * Interprets roots in one walk, caching each node's value for `epoch`. The walk does not enter
 * nodes already valued in this epoch: reading a graph's values one root after another (each
 * gradient's `.value`) costs one evaluation of the graph in all, not one per root. @internal
 */
export function interpretRoots(roots: readonly Node[], epoch: number): void {
  postOrder(roots, {
    enter: (c) => c.leaf === undefined && (c.cache === undefined || c.cache.epoch !== epoch),
    emit(n) {
      const k = n.op.scalarKernel;
      if (k !== undefined && n.shape.length === 0 && allScalar(n)) rememberNumber(n, checkedScalar(n.op, k(mapInputs(n, scalarOf), n.attrs)), epoch);
      else remember(n, runKernel(n, mapInputs(n, (c) => (c.leaf ? leafValue(c) : cachedTensor(c)))), epoch);
    },
  });
}

/**
 * A set of nodes valued together (a loss and its gradients): reading the value of any of them
 * values all (see `exec/eager.ts`). @internal
 */
export interface ValueGroup {
  readonly outputs: readonly Node[];
  /** Values every output for `epoch` (with `remember`). */
  run(epoch: number): void;
}
/** Makes reading any output of `g` value all of them (the group is kept in each output's cache record). @internal */
export function joinGroup(g: ValueGroup): void {
  for (const n of g.outputs) if (n.leaf === undefined) (n.cache ??= new ValueCache()).group = g;
}

const groupOf = (n: Node): ValueGroup | undefined => n.cache?.group as ValueGroup | undefined;

/**
 * Evaluates roots that are not cached for the current epoch: through their group (unless
 * `useGroups` is false: a group valuing itself), with the compiled program of the list when the
 * policy has one, else with the interpreter; caches each root's value. @internal
 */
export function evaluateRoots(list: readonly Node[], useGroups = true): Tensor[] {
  const epoch = currentEpoch();
  let stale = list.filter((n) => !n.leaf && n.cache?.epoch !== epoch);
  if (useGroups) {
    for (const n of stale) {
      const g = groupOf(n);
      if (g !== undefined && n.cache!.epoch !== epoch) g.run(epoch);
    }
    if (stale.length) stale = stale.filter((n) => n.cache?.epoch !== epoch);
  }
  if (stale.length) {
    const st = listState(stale);
    const fresh = st.lastEpoch !== epoch;
    st.lastEpoch = epoch;
    const program = fresh ? programFor(stale, st) : st.program;
    if (program) {
      const out = program.run(program.variables.map(leafValue));
      stale.forEach((n, i) => remember(n, out[i]!, epoch));
    } else interpretRoots(stale, epoch);
  }
  return list.map((n) => (n.leaf ? leafValue(n) : cachedTensor(n)));
}

/** The value of a node, computed with its cached plan and cached per assignment epoch. @internal */
export function valueOf(root: Node): Tensor {
  if (root.leaf) return leafValue(root);
  if (root.cache?.epoch === currentEpoch()) return cachedTensor(root);
  return evaluateRoots([root])[0]!;
}

/** The value of a scalar node as a number (no tensor is made for a value computed as a number). @internal */
export function numberOf(root: Node): number {
  const leaf = root.leaf;
  if (leaf) {
    if (!leaf.hasValue) return currentValue(root).data[0]!;
    return leaf.number;
  }
  const c = root.cache;
  if (c !== undefined && c.epoch === currentEpoch()) return c.tensor !== undefined ? c.tensor.data[0]! : c.num;
  return evaluateRoots([root])[0]!.data[0]!;
}

installNodeHooks({ value: valueOf, number: numberOf });

/** Values for variables: a map from variable node to value, or an object keyed by variable name. */
export type Bindings = Map<Node, TensorLike> | Record<string, TensorLike>;

/** Resolves bindings against the variables the roots depend on. @internal */
export function resolveBindings(where: string, order: readonly Node[], bindings: Bindings | undefined): Map<Node, Tensor> {
  const out = new Map<Node, Tensor>();
  if (!bindings) return out;
  const vars = order.filter((n) => n.isVariable);
  const put = (v: Node, value: TensorLike) => {
    const t = toTensor(`${where}: value of '${v.leaf!.name}'`, value);
    if (!sameShape(t.shape, v.shape)) {
      throw new ShapeError(`${where}: variable '${v.leaf!.name}' has shape ${formatShape(v.shape)}; got a value of shape ${formatShape(t.shape)}`);
    }
    out.set(v, t);
  };
  if (bindings instanceof Map) {
    for (const [k, value] of bindings) {
      if (!(k instanceof Node) || !k.isVariable) throw new ArgumentError(`${where}: binding keys must be variables; got ${k instanceof Node ? `a ${k.op.name} node` : typeof k}`);
      // Checked even when the graph does not use the variable: a wrong value is never accepted.
      put(k, value);
    }
    return out;
  }
  for (const [name, value] of Object.entries(bindings)) {
    const matches = vars.filter((v) => v.leaf!.name === name);
    if (matches.length === 0) {
      const known = [...new Set(vars.map((v) => v.leaf!.name))].join(', ') || 'none';
      throw new ArgumentError(`${where}: no variable named '${name}' in the graph; variables: ${known}`);
    }
    if (matches.length > 1) throw new ArgumentError(`${where}: ${matches.length} different variables are named '${name}'; bind them by node (a Map) instead`);
    put(matches[0]!, value);
  }
  return out;
}

/**
 * Evaluates nodes, optionally with values for some variables. With bindings, the given
 * values are used for this call only: the variables keep their own values. Graphs that
 * are evaluated again and again (after variables change, or with new bindings) are
 * compiled (see {@link compile}) behind the scenes.
 * @param nodes one node or several
 * @param bindings values by variable node (a Map) or by variable name
 * @returns the values (numbers for scalars, tensors otherwise), one per node
 * @throws {@link ArgumentError} for an unknown variable name or a missing value
 * @example
 * const x = tg.variable('x', 2);
 * tg.evaluate([x.mul(x)], { x: 5 }); // → [25]
 * x.value; // → 2
 * @category Evaluation
 */
export function evaluate(nodes: Node | readonly Node[], bindings?: Bindings): (number | Tensor)[] {
  if (!(nodes instanceof Node) && !Array.isArray(nodes)) throw new ArgumentError(`evaluate: expected a Node or an array of Nodes; got ${describeValue(nodes)}`);
  const list = nodes instanceof Node ? [nodes] : [...nodes];
  for (const n of list) if (!(n instanceof Node)) throw new ArgumentError(`evaluate: expected nodes; got ${typeof n}`);
  const tensors = bindings ? evaluateTensors(list, bindings) : list.length ? evaluateRoots(list) : [];
  return tensors.map((t) => (t.shape.length === 0 ? t.data[0]! : t));
}

/** Like {@link evaluate} but always returns tensors. @internal */
export function evaluateTensors(list: readonly Node[], bindings: Bindings | Map<Node, Tensor>): Tensor[] {
  if (list.length === 0) return [];
  const st = listState(list);
  const order = orderOf(list, st);
  // Every binding is checked, tensors too: a key that is not a variable of the graph, a value
  // of another shape or a non-finite value is an error, never silently used.
  const bound = resolveBindings('evaluate', order, bindings);
  const program = programFor(list, st);
  if (program) return program.run(program.variables.map((v) => bound.get(v) ?? leafValue(v)));
  const vals = new Map<Node, Tensor>();
  for (const n of order) {
    if (n.leaf) vals.set(n, bound.get(n) ?? leafValue(n));
    else vals.set(n, runKernel(n, mapInputs(n, (c) => vals.get(c)!)));
  }
  return list.map((n) => vals.get(n)!);
}
