/**
 * Helpers of the compiled-execution tests: an independent reference interpreter (each
 * op's own kernel over a topological walk, no caching, no compilation) and a bitwise
 * comparison of results.
 */
import * as tg from '../../src/index.js';
import { topoOrder } from '../../src/core/topo.js';

/** Evaluates `outputs` with each op's `forward`, in topological order, from the variables' current values. */
export function interpret(outputs: readonly tg.Node[]): tg.Tensor[] {
  const vals = new Map<tg.Node, tg.Tensor>();
  for (const n of topoOrder(outputs)) {
    vals.set(n, n.leaf ? n.leaf.value! : n.op.forward(n.inputs.map((c) => vals.get(c)!), n.attrs, n.shape));
  }
  return outputs.map((o) => vals.get(o)!);
}

/** The values of a compiled function's outputs, as tensors. */
export function compiled(outputs: readonly tg.Node[]): tg.Tensor[] {
  const f = tg.compile([...outputs]);
  return f().map((v, i) => (typeof v === 'number' ? tg.tensor(Float64Array.of(v), outputs[i]!.shape) : v));
}

/** `''` when `a` and `b` have the same shape and the same bits (NaN equal to NaN, 0 not -0), else what differs. */
export function bitwiseDiff(a: tg.Tensor, b: tg.Tensor): string {
  if (tg.formatShape(a.shape) !== tg.formatShape(b.shape)) return `shapes ${tg.formatShape(a.shape)} and ${tg.formatShape(b.shape)}`;
  for (let i = 0; i < a.data.length; i++) {
    if (!Object.is(a.data[i], b.data[i])) return `element ${i}: ${a.data[i]} and ${b.data[i]}`;
  }
  return '';
}
