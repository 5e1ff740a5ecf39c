import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Lets WeakRefs created in this job clear, then collects. */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
}

/** Builds a graph of about `size` interned nodes (with fresh constants) and returns its root. */
function build(round: number, size: number): tg.Node {
  const x = tg.variable('x', 0.1 * round), f = tg.variable('f', 0.5), y = tg.variable('y', 0.25);
  let h = x;
  // three interned nodes per step: mul by a fresh constant, add, sin (plus the constant)
  for (let i = 0; i < size / 4; i++) h = tg.sin(h.mul(f.add(round * 10_000 + i)).add(y));
  return h;
}

describe('interning does not leak', () => {
  it('keeps graphStats().interned bounded when graphs are built and dropped in a loop', async () => {
    await collect();
    const baseline = tg.graphStats().interned;
    const perRound: number[] = [];
    let createdBefore = tg.graphStats().created;
    for (let round = 0; round < 20; round++) {
      let root: tg.Node | undefined = build(round, 2000);
      const created = tg.graphStats().created - createdBefore;
      expect(created).toBeGreaterThanOrEqual(2000);
      expect(tg.graphStats().interned - baseline).toBeGreaterThanOrEqual(1500);
      expect(root.shape).toEqual([]);
      root = undefined;
      await collect();
      perRound.push(tg.graphStats().interned - baseline);
      createdBefore = tg.graphStats().created;
    }
    // 20 rounds × 2,000 nodes (40,000) were built. What survives a collection is at most part
    // of one round's graph (V8 may keep a few recently used objects alive through one more
    // GC), and it does not grow with the number of rounds: a leak would reach tens of thousands.
    console.log(`interned after each round: ${perRound.join(" ")}`);
    expect(Math.max(...perRound)).toBeLessThan(2000);
    expect(perRound.reduce((a, b) => a + b, 0)).toBeLessThan(4000);
  });

  it('keeps nodes that are still referenced', async () => {
    await collect();
    const x = tg.variable('x', 1);
    const y = tg.sin(x.mul(3).add(7));
    await collect();
    expect(tg.sin(x.mul(3).add(7))).toBe(y);
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
