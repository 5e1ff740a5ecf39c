import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * Counts nodes as the garbage collector frees them. A FinalizationRegistry sees a node die
 * without ever reading it (reading a WeakRef keeps its target alive until the job ends).
 */
function finalizations(): { watch: (root: tg.Node) => number; watchOne: (n: tg.Node) => number; freed: () => number } {
  let freed = 0;
  const registry = new FinalizationRegistry<number>(() => void freed++);
  return {
    /** Registers every node reachable from `root`; returns how many. */
    watch(root: tg.Node): number {
      const seen = new Set<tg.Node>();
      const stack = [root];
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        registry.register(n, 0);
        stack.push(...n.inputs);
      }
      return seen.size;
    },
    /** Registers one node; returns 1. */
    watchOne(n: tg.Node): number {
      registry.register(n, 0);
      return 1;
    },
    freed: () => freed,
  };
}

/**
 * Collects until `done()` holds, at most 100 times. A node dropped in one job can only be freed
 * after that job has ended, and finalization callbacks run in later tasks, so one `gc()` is not
 * always enough; a leak never gets freed, so waiting for the count hides nothing.
 */
async function collect(done: () => boolean = () => false, times = 100): Promise<void> {
  for (let i = 0; i < times && !done(); i++) {
    await tick();
    gc();
    await new Promise((r) => setTimeout(r, i < 3 ? 0 : 10));
  }
}

/** Builds a graph of about `size` nodes (with fresh constants) and returns its root. */
function build(round: number, size: number): tg.Node {
  const x = tg.variable('x', 0.1 * round), f = tg.variable('f', 0.5), y = tg.variable('y', 0.25);
  let h = x;
  // per step: a fresh constant (numbers above 1024 are data, never interned), add, mul, add, sin
  for (let i = 0; i < size / 5; i++) h = tg.sin(h.mul(f.add(round * 10_000 + i + 1)).add(y));
  return h;
}

/**
 * Builds one round's graph, watches all its nodes and returns only numbers. Keeping every Node
 * out of the async test's frame matters: a suspended async function saves its interpreter
 * registers, and a dead temporary there would keep the graph alive across an `await`.
 */
function round(r: number, watch: (root: tg.Node) => number): { created: number; watched: number; scalar: boolean } {
  const createdBefore = tg.graphStats().created;
  const root = build(r, 2500);
  return { created: tg.graphStats().created - createdBefore, watched: watch(root), scalar: root.rank === 0 };
}

describe('interning does not leak', () => {
  it('frees every node of graphs built and dropped in a loop, and interns no number from data', async () => {
    await collect(() => false, 3);
    const permanentBefore = tg.graphStats().permanent;
    const { watch, freed } = finalizations();
    let watched = 0;
    for (let r = 1; r <= 20; r++) {
      const built = round(r, watch);
      // 500 steps × (constant, add, mul, add, sin) and three variables
      // every one of them new and in the graph
      expect(built.created).toBeGreaterThanOrEqual(2500);
      expect(built.watched).toBe(built.created);
      expect(built.scalar).toBe(true);
      watched += built.watched;
      await collect(() => false, 2);
    }
    // 20 rounds × 2,503 nodes were built and dropped: the collector freed every one of them (a
    // table holding nodes strongly would free none), and the numbers of the data (up to
    // 200,000) were not interned.
    await collect(() => freed() === watched);
    expect(freed()).toBe(watched);
    expect(freed()).toBeGreaterThan(50_000);
    expect(tg.graphStats().permanent).toBe(permanentBefore);
  });

  it('frees deep graphs built on a variable that stays alive, and on data that does not', async () => {
    // Parameters outlive the graphs built on them (a model predicting on fresh data): none of
    // those graphs may be kept alive by the parameter, however deep.
    const w = tg.variable('w', 0.5), W = tg.variable('W', tg.randn([8, 4], { seed: 1 }));
    const { watch, freed } = finalizations();
    const watched = ((): number => {
      let n = 0;
      for (let r = 0; r < 40; r++) {
        let h = w.mul(r + 1.1);
        for (let i = 0; i < 50; i++) h = tg.tanh(h.mul(w).add(i + 0.3));
        const X = tg.constant(tg.rand([100, 8], { seed: r })); // data
        const out = tg.sum(tg.relu(tg.matmul(X, W))).add(h);
        n += watch(out);
      }
      return n;
    })();
    // everything but the two variables, registered once per round
    await collect(() => freed() >= watched - 2 * 40);
    expect(freed()).toBe(watched - 2 * 40);
    expect(w.value).toBe(0.5); // (keeps w and W alive to here)
    expect(W.shape).toEqual([8, 4]);
  });

  it('keeps what is built on a live node alive with it, up to a bound, and frees the rest with their data', async () => {
    const x = tg.variable('x', 1);
    const host = tg.sin(x);
    const { watchOne, freed } = finalizations();
    // 5,000 distinct nodes built on one long-lived op node and a permanent constant (the small
    // numbers below 1024 in size) or data (the others): those on permanent constants hang off
    // the host, so they live as long as it does and are found again; those on data hang off
    // the data and are freed with it.
    const kept = ((): number => {
      let n = 0;
      for (let i = 1; i <= 5000; i++) {
        const add = host.add(i), sin = tg.sin(add);
        if (i > 1024) n += watchOne(add) + watchOne(sin);
      }
      return n;
    })();
    expect(kept).toBe(2 * 3976);
    await collect(() => freed() >= kept, 30);
    expect(freed()).toBe(kept);
    // interning finds what hangs off the host
    expect(host.add(3)).toBe(host.add(3));
    expect(host.add(1024)).toBe(host.add(1024));
    expect(tg.sin(host.add(999))).toBe(tg.sin(host.add(999)));
    expect(x.add(999)).toBe(x.add(999));
    // and a node built on data is found again while the data lives
    const d = tg.constant(4096.5);
    expect(host.add(d)).toBe(host.add(d));
  });

  it('frees a deep graph dropped after grad, compile and evaluate: no scratch state keeps the last graph', async () => {
    // The graph walk keeps its stack between walks (a deep graph would otherwise grow a new
    // one of millions of entries each time): it must hold no node once a walk ends, even when
    // the next walks are shallow. grad's structure fingerprint keeps no node either (it held
    // the last graph fingerprinted until the next call).
    const { watch, freed } = finalizations();
    const watched = ((): number => {
      const x = tg.variable('x', 0.5);
      let h: tg.Node = x;
      for (let i = 0; i < 20_000; i++) h = tg.sin(h.mul(x));
      const g = tg.grad(h, x);
      tg.compile([h, g], { inputs: [x] });
      tg.evaluate([h, g]);
      return watch(g) + watch(h);
    })();
    tg.evaluate(tg.sin(tg.variable('z', 1))); // a shallow walk after the deep ones
    await collect(() => freed() >= watched);
    expect(freed()).toBe(watched);
  });

  it('keeps nodes that are still referenced', async () => {
    await collect(() => false, 3);
    const x = tg.variable('x', 1);
    const y = tg.sin(x.mul(3).add(7));
    await collect(() => false, 3);
    expect(tg.sin(x.mul(3).add(7))).toBe(y);
  });
});

describe('graphs built on data', () => {
  it('are freed within the loop that builds them, without returning to the event loop', () => {
    // A graph on data hangs off the data, so a synchronous loop of such graphs frees each one:
    // no weak reference (which JavaScript keeps alive until the task ends) is on the way.
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2);
    const step = (r: number): number => {
      const data = tg.constant(Array.from({ length: 65 }, (_, i) => 0.01 * (i + r)));
      let x = data;
      for (let i = 0; i < 1000; i++) x = tg.tanh(a.mul(x).add(b));
      const [da] = tg.grad(tg.sum(x), [a]);
      return da!.rank;
    };
    step(0);
    const before = heap(), createdBefore = tg.graphStats().created;
    for (let r = 1; r <= 60; r++) expect(step(r)).toBe(0);
    const grown = heap() - before, created = tg.graphStats().created - createdBefore;
    expect(created).toBeGreaterThan(400_000); // about 45 MB of nodes, were they kept
    expect(grown).toBeLessThan(8e6);
  });
});

describe('evaluation builds no nodes', () => {
  it('evaluates a graph 1,000 times with reassigned variables without creating nodes', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', [1, 2, 3]);
    const y = tg.sum(tg.tanh(w.mul(x)).pow(2));
    const [dx, dw] = tg.grad(y, [x, w]);
    // warm up: first evaluation
    void y.value, dx!.value, dw!.value;
    const before = tg.graphStats().created;
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      x.assign(Math.sin(i));
      w.assign([i % 3, 1, -1]);
      total += (y.value as number) + (dx!.value as number);
      const [v] = tg.evaluate([y], { x: i / 1000 });
      total += v as number;
    }
    expect(Number.isFinite(total)).toBe(true);
    expect(tg.graphStats().created).toBe(before);
  });
});
