import { ArgumentError, ShapeError } from '../errors.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { currentEpoch, Node } from '../graph/node.js';
import { topoOrder } from '../graph/topo.js';

/** Cached evaluation plans: the topological order of each root, built once. */
const plans = new WeakMap<Node, Node[]>();

/** @internal */
export function planOf(root: Node): Node[] {
  let plan = plans.get(root);
  if (!plan) plans.set(root, (plan = topoOrder([root])));
  return plan;
}

function leafValue(n: Node): Tensor {
  const v = n.leaf!.value;
  if (!v) {
    throw new ArgumentError(`evaluate: variable '${n.leaf!.name}' has no value; assign one (${n.leaf!.name}.assign(v)) or pass it in bindings`);
  }
  return v;
}

/** @internal */
export function runKernel(n: Node, inputs: readonly Tensor[]): Tensor {
  return n.op.forward(inputs, n.attrs, n.shape);
}

/** The value of a node, computed with its cached plan and cached per assignment epoch. @internal */
export function valueOf(root: Node): Tensor {
  const epoch = currentEpoch();
  if (root.leaf) return leafValue(root);
  if (root.cacheEpoch === epoch && root.cache) return root.cache;
  for (const n of planOf(root)) {
    if (n.leaf || (n.cacheEpoch === epoch && n.cache)) continue;
    n.cache = runKernel(n, n.inputs.map((c) => (c.leaf ? leafValue(c) : c.cache!)));
    n.cacheEpoch = epoch;
  }
  return root.cache!;
}

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
 * values are used for this call only: the variables keep their own values.
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
  const list = nodes instanceof Node ? [nodes] : [...nodes];
  for (const n of list) if (!(n instanceof Node)) throw new ArgumentError(`evaluate: expected nodes; got ${typeof n}`);
  if (!bindings) return list.map((n) => n.value);
  return evaluateTensors(list, bindings).map((t) => (t.shape.length === 0 ? t.data[0]! : t));
}

/** Like {@link evaluate} but always returns tensors. @internal */
export function evaluateTensors(list: readonly Node[], bindings: Bindings | Map<Node, Tensor>): Tensor[] {
  const order = topoOrder(list);
  const bound = bindings instanceof Map && [...bindings.values()].every((v) => v instanceof Tensor)
    ? (bindings as Map<Node, Tensor>)
    : resolveBindings('evaluate', order, bindings);
  const vals = new Map<Node, Tensor>();
  for (const n of order) {
    if (n.leaf) vals.set(n, bound.get(n) ?? leafValue(n));
    else vals.set(n, runKernel(n, n.inputs.map((c) => vals.get(c)!)));
  }
  return list.map((n) => vals.get(n)!);
}
