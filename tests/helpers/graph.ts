/**
 * Test helpers over graphs: node counting by an independent topological walk, central
 * finite differences through `evaluate` with bindings, and a small seeded PRNG.
 */
import * as tg from '../../src/index.js';

/**
 * Every node the roots depend on (each counted once), found by our own iterative walk over
 * `inputs`, so that the count does not rely on the engine's own topological sort.
 */
export function reachable(roots: readonly tg.Node[]): Set<tg.Node> {
  const seen = new Set<tg.Node>();
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const c of n.inputs) if (!seen.has(c)) stack.push(c);
  }
  return seen;
}

/** Number of distinct nodes reachable from the roots (leaves and constants included). */
export function countNodes(roots: readonly tg.Node[]): number {
  return reachable(roots).size;
}

/** Node counts of a function and of the function together with its gradients. */
export interface Swell {
  /** Nodes of the function. */
  fn: number;
  /** Nodes the gradients add on top of the function. */
  added: number;
  /** `added / fn`. */
  ratio: number;
}

/** Measures how many nodes `grads` add to the graph of `y`. */
export function swell(y: tg.Node, grads: readonly tg.Node[]): Swell {
  const fn = countNodes([y]);
  const all = countNodes([y, ...grads]);
  return { fn, added: all - fn, ratio: (all - fn) / fn };
}

/** A value as a flat array of numbers (a scalar becomes a one-element array; -0 becomes 0). */
export function flat(v: number | tg.Tensor): number[] {
  return (typeof v === 'number' ? [v] : Array.from(v.data)).map((x) => x + 0);
}

/** The current value of a variable as a tensor. */
function valueTensor(x: tg.Node): tg.Tensor {
  const v = x.value;
  return typeof v === 'number' ? tg.tensor(v) : v;
}

/**
 * Central-difference estimate of `d y / d x` for scalar `y`, element by element, at the
 * variables' current values (the variables are not changed: values go through bindings).
 * Returns a flat array in `x`'s row-major order.
 */
export function numericGrad(y: tg.Node, x: tg.Node, h = 1e-5): number[] {
  const x0 = valueTensor(x);
  const out: number[] = [];
  for (let i = 0; i < x0.size; i++) {
    const plus = tg.tensor(x0), minus = tg.tensor(x0);
    plus.data[i]! += h;
    minus.data[i]! -= h;
    const [fp] = tg.evaluate([y], new Map([[x, plus]]));
    const [fm] = tg.evaluate([y], new Map([[x, minus]]));
    out.push((flat(fp!)[0]! - flat(fm!)[0]!) / (2 * h));
  }
  return out;
}

/**
 * Central-difference estimate of the directional derivative `(∂y/∂x) dx` (any shape of
 * `y`), moving all `xs` together along their tangents `dxs`.
 */
export function numericJvp(y: tg.Node, xs: readonly tg.Node[], dxs: readonly tg.Tensor[], h = 1e-5): number[] {
  const at = (sign: number) => {
    const m = new Map<tg.Node, tg.Tensor>();
    xs.forEach((x, k) => {
      const x0 = valueTensor(x);
      m.set(x, new tg.Tensor(x0.shape, Float64Array.from(x0.data, (v, i) => v + sign * h * dxs[k]!.data[i]!)));
    });
    return flat(tg.evaluate([y], m)[0]!);
  };
  const p = at(1), q = at(-1);
  return p.map((v, i) => (v - q[i]!) / (2 * h));
}

/** Asserts two flat arrays agree within `atol + rtol·|expected|`, element by element. */
export function allClose(actual: readonly number[], expected: readonly number[], atol = 1e-6, rtol = 1e-5): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((a, i) => Math.abs(a - expected[i]!) <= atol + rtol * Math.abs(expected[i]!));
}

/** A small seeded PRNG (mulberry32), independent of the engine's own. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A user op `x + 1` whose kernel counts its runs, to observe caching. */
export function countingOp(): { op: tg.OpDef; runs: () => number } {
  let runs = 0;
  const op: tg.OpDef = {
    name: 'plusOne',
    arity: 1,
    elementwise: true,
    shape: ([s]) => s!,
    forward: ([x]) => {
      runs++;
      return tg.tensor(Float64Array.from(x!.data, (v) => v + 1), x!.shape);
    },
    vjp: ({ dy }) => [dy],
    latex: (c) => ({ s: `${c.arg(0, tg.Prec.Sum)} + 1`, prec: tg.Prec.Sum }),
    text: (c) => ({ s: `${c.arg(0, tg.Prec.Sum)} + 1`, prec: tg.Prec.Sum }),
  };
  return { op, runs: () => runs };
}
