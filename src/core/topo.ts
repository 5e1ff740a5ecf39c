/**
 * Node-indexed tables for graphs of millions of nodes. A `Map` keyed by nodes costs a
 * hash lookup and several cache misses per access; these tables are keyed by `node.id`
 * (a dense serial number) through pages of 4,096 entries (see {@link PageDirectory}), so an
 * access is three array reads.
 * @module
 */
import { inputAt, inputCount, type Node } from './node.js';

/** Node tables are paged by id: page `id >>> PAGE_BITS`, slot `id & MASK`. */
const PAGE_BITS = 12;
export const PAGE = 1 << PAGE_BITS;
export const MASK = PAGE - 1;
const DIR_BITS = 10;
const DIR_SHIFT = PAGE_BITS + DIR_BITS;
const DIR_MASK = (1 << DIR_BITS) - 1;

/**
 * The pages of a node table (the tables extend it), found by id through a two-level
 * directory. Ids only grow in a process, and one array indexed by page would be sparse once
 * they pass about four million (its first entry far from 0), which V8 stores as a dictionary,
 * several times slower to read; every array here stays dense (at most 1,024 entries).
 */
export class PageDirectory<P> {
  private readonly dir: (P | undefined)[][] = [];
  constructor(private readonly create: () => P) {}

  /** The page that holds `id`, if made. */
  find(id: number): P | undefined {
    const d = this.dir[id >>> DIR_SHIFT];
    return d === undefined ? undefined : d[(id >>> PAGE_BITS) & DIR_MASK];
  }

  /** The page that holds `id`, made if needed. */
  ensure(id: number): P {
    const top = id >>> DIR_SHIFT;
    const d = this.dir[top] ?? (this.dir[top] = new Array<P | undefined>(1 << DIR_BITS));
    const k = (id >>> PAGE_BITS) & DIR_MASK;
    return d[k] ?? (d[k] = this.create());
  }
}

const newIndexPage = (): Int32Array => new Int32Array(PAGE);

/** A table from nodes to non-negative integers (-1 when absent). */
export class NodeIndex extends PageDirectory<Int32Array> {
  constructor() {
    super(newIndexPage);
  }

  /** The value stored for `n`, or -1. */
  get(n: Node): number {
    const id = n.id;
    const page = this.find(id);
    return page === undefined ? -1 : page[id & MASK]! - 1;
  }

  /** True when a value is stored for `n`. */
  has(n: Node): boolean {
    return this.get(n) >= 0;
  }

  /** Stores `v ≥ 0` for `n`. */
  set(n: Node, v: number): void {
    const id = n.id;
    this.ensure(id)[id & MASK] = v + 1;
  }
}

/** The base of the next walk (see {@link beginWalk}). */
let walkTop = 1;

/**
 * Starts a walk over nodes and returns its base. A walk marks the nodes it reaches in their
 * `walk` field: a node is in the walk when its mark is at least the base, and its mark minus
 * the base minus one is its position in the walk's order once emitted (the base itself means
 * "reached, not yet emitted"). No table is allocated, which matters for the many small walks
 * of a training loop that builds a new graph every step. Walks do not nest: a walk's marks are
 * read only until the next walk begins. `endWalk(base, count)` frees the range. @internal
 */
export function beginWalk(): number {
  walkStats.walks++;
  return walkTop;
}

/** How many walks began (for tests: reading values must not walk a graph once per root). @internal */
export const walkStats = { walks: 0 };

/** Ends a walk that emitted `count` nodes: the next walk's marks are all above this one's. @internal */
export function endWalk(base: number, count: number): void {
  walkTop = base + count + 2;
}

/** What a {@link postOrder} walk is told of each node it reaches. */
export interface PostOrderVisitor {
  /** Whether to go into `c`, a node this walk has not reached yet (default: always). */
  enter?(c: Node, base: number): boolean;
  /** `n` is the `k`-th node emitted (its inputs were emitted before it); return false to stop the walk. */
  emit(n: Node, k: number, base: number): boolean | void;
}

/**
 * The one graph walk: depth first from each root over the inputs in their order, each node
 * emitted after its inputs (post-order), each at most once. Iterative, so deep graphs do not
 * overflow the stack; it allocates a small stack and no table (see {@link beginWalk} for the
 * marks it leaves: a node's position is `n.walk - base - 1` while the walk lasts). The walk
 * ends (its marks are released) even when `emit` throws. Returns the number of nodes emitted.
 */
export function postOrder(roots: readonly Node[], v: PostOrderVisitor): number {
  const base = beginWalk();
  let emitted = 0;
  // A stack of nodes and of the next input to visit of each; `top` is its height, so the
  // arrays never shrink (popping a long array trims its store, again and again).
  const nodes = stackNodes;
  let next = stackNext;
  let high = 0;
  const enter = v.enter;
  try {
    for (let ri = 0; ri < roots.length; ri++) {
      const r = roots[ri]!;
      if (r.walk >= base || (enter !== undefined && !enter(r, base))) continue;
      r.walk = base;
      nodes[0] = r;
      next[0] = 0;
      let top = 1;
      while (top > 0) {
        const n = nodes[top - 1]!;
        const count = inputCount(n);
        const i = next[top - 1]!;
        if (i < count) {
          next[top - 1] = i + 1;
          const c = inputAt(n, i);
          if (c.walk < base && (enter === undefined || enter(c, base))) {
            c.walk = base;
            if (top === next.length) {
              const grown = new Int32Array(2 * top);
              grown.set(next);
              next = stackNext = grown;
            }
            nodes[top] = c;
            next[top] = 0;
            top++;
            if (top > high) high = top;
          }
          continue;
        }
        top--;
        const k = emitted++;
        n.walk = base + 1 + k;
        if (v.emit(n, k, base) === false) return emitted;
      }
    }
    return emitted;
  } finally {
    // The stack is kept for the next walk (a deep graph's walk would otherwise grow a new
    // array of millions of entries each time), but holds no node once the walk ends.
    nodes.fill(undefined as unknown as Node, 0, Math.max(high, 1));
    endWalk(base, emitted);
  }
}
/** The walk's stack of nodes, kept between walks and emptied after each (walks do not nest). */
const stackNodes: Node[] = [];
/** The walk's stack of next-input indices, kept between walks (walks do not nest). */
let stackNext = new Int32Array(64);

/**
 * Every node the roots depend on, inputs before users, in a deterministic order (depth
 * first over inputs in their order). With `marked`, a node any of whose inputs is marked gets
 * marked too (with 0) as it is emitted: the nodes that depend on the marked ones, found in
 * the same walk.
 */
export function topoOrder(roots: readonly Node[], marked?: NodeIndex): Node[] {
  const order: Node[] = [];
  postOrder(roots, {
    emit(n) {
      order.push(n);
      if (marked !== undefined && !marked.has(n)) {
        for (let j = 0, count = inputCount(n); j < count; j++) {
          if (marked.has(inputAt(n, j))) {
            marked.set(n, 0);
            break;
          }
        }
      }
    },
  });
  return order;
}
