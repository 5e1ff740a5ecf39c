import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { NodeIndex, PageDirectory } from '../../src/core/topo.js';
import { AdjointTable } from '../../src/autodiff/grad.js';
import type { Node } from '../../src/core/node.js';
import * as tg from '../../src/index.js';

v8.setFlagsFromString('--allow-natives-syntax');
/** V8's own test: is this array stored as a dictionary (sparse, slow to read)? */
const isDictionary = new Function('a', 'return %HasDictionaryElements(a)') as (a: unknown[]) => boolean;

/** Stand-ins for nodes: the tables read only `id`. */
const node = (id: number): Node => ({ id }) as unknown as Node;

// Ids only grow in a process: a long session reaches millions, and its tables must not slow down.
const ids = [0, 1, 4095, 4096, 4_194_303, 4_194_304, 6_000_000, 123_456_789, 2 ** 31 - 1, 2 ** 32 - 1];

describe('node-indexed tables', () => {
  it('store and find values for ids anywhere in the range, like a Map', () => {
    const index = new NodeIndex(), adjoints = new AdjointTable(), reference = new Map<number, number>();
    const values = ids.map((id, k) => [id, k * 7] as const);
    let seed = 3;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      values.push([seed * 2 + (k % 2), k]);
    }
    for (const [id, v] of values) {
      index.set(node(id), v);
      reference.set(id, v);
    }
    for (const [id] of values) expect(index.get(node(id))).toBe(reference.get(id));
    for (const id of [2, 4097, 6_000_001, 2 ** 31]) expect(index.has(node(id))).toBe(reference.has(id));
    const lastTarget = new Map<number, tg.Node>();
    for (const [id] of values) {
      const t = tg.constant(id);
      adjoints.set(node(id), t);
      lastTarget.set(id, t);
    }
    for (const [id] of values) expect(adjoints.get(node(id))).toBe(lastTarget.get(id));
    expect(adjoints.has(node(5))).toBe(false);
  });

  it('keep every array dense when ids are in the millions', () => {
    const pages = new PageDirectory(() => new Int32Array(4));
    pages.ensure(6_000_000)[0] = 1;
    pages.ensure(300_000_000)[0] = 2;
    const dir = (pages as unknown as { dir: unknown[][] }).dir;
    expect(isDictionary(dir)).toBe(false);
    for (const d of dir) if (d) expect(isDictionary(d)).toBe(false);
    expect(pages.find(6_000_000)![0]).toBe(1);
    expect(pages.find(300_000_000)![0]).toBe(2);
    expect(pages.find(7_000_000)).toBeUndefined();
    // what one array indexed by page would have become (the layout before)
    const flat: unknown[] = [];
    flat[6_000_000 >>> 12] = new Int32Array(4);
    expect(isDictionary(flat)).toBe(true);
  });
});
