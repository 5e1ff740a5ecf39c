/**
 * Every public function, and every method of a node, called with what a hostile or careless
 * user passes (undefined, null, NaN, a BigInt, a symbol, an options object where a list goes, a
 * string where a node goes…) either works or throws a tracegrad error that says what is
 * accepted: never a TypeError from inside the library. Issue 14. The calls found so far:
 * `sum(x, { axes: [1] })` ("axes is not iterable"), a BigInt in any message built with JSON,
 * `dependsOn(x)`, `evaluate()`, `apply(undefined)`, `constant(1, null)`, `scope('s', 'x')`,
 * `gradcheck(y, x)`, `full(shape, {})`, `rand(shape, null)`, `toTikz(y, null)`, `minimize(loss)`.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const HOSTILE: unknown[] = [undefined, null, NaN, Infinity, -1, 0.5, 1e400, 'x', '', {}, [], [[]], { axes: [1] }, () => 1, Symbol('s'), 10n, true, [1, 'a'], Object.create(null)];

function shown(a: unknown): string {
  if (a instanceof tg.Node) return `node ${a.name ?? ''}`;
  if (typeof a === 'symbol' || typeof a === 'function' || typeof a === 'bigint') return typeof a;
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return typeof a;
  }
}

/** Calls `f`, awaits it when it is async, and returns a description of any error that is not a tracegrad error. */
async function untyped(what: string, f: () => unknown, args: readonly unknown[]): Promise<string | undefined> {
  try {
    const r = f();
    if (r instanceof Promise) await r;
  } catch (e) {
    if (e instanceof tg.TracegradError) return undefined;
    return `${what}(${args.map(shown).join(', ')}): ${(e as Error)?.constructor?.name} ${String((e as Error)?.message).slice(0, 120)}`;
  }
  return undefined;
}

const fresh = () => ({ x: tg.variable('x', 1.5), v: tg.variable('v', [1, 2, 3]), A: tg.variable('A', [[1, 2], [3, 4]]) });

describe('hostile arguments to the public API', () => {
  it('every function of tg and tg.nn throws only tracegrad errors', async () => {
    const found = new Set<string>();
    const modules: [string, Record<string, unknown>][] = [['tg', tg as unknown as Record<string, unknown>], ['tg.nn', tg.nn as unknown as Record<string, unknown>]];
    let calls = 0;
    for (const [prefix, mod] of modules) {
      for (const [name, f] of Object.entries(mod)) {
        if (typeof f !== 'function' || /^[A-Z]/.test(name)) continue;
        for (const h of HOSTILE) {
          const { x, v, A } = fresh();
          for (const args of [[h], [x, h], [v, h], [A, h], [x, x, h], [h, x], [x, [x], h], [[2, 3, 1], h]]) {
            calls++;
            const bad = await untyped(`${prefix}.${name}`, () => (f as (...a: unknown[]) => unknown)(...args), args);
            if (bad) found.add(bad);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(10_000);
    expect([...found]).toEqual([]);
  }, 120_000);

  it('every method of a node throws only tracegrad errors', async () => {
    const found = new Set<string>();
    const proto = Object.getPrototypeOf(fresh().x) as Record<string, unknown>;
    const methods = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, n)!.value === 'function');
    // The vocabulary of micrograd is there (tanh, backward), so the list is the real one.
    expect(methods).toEqual(expect.arrayContaining(['add', 'mul', 'tanh', 'backward', 'as', 'assign']));
    for (const name of methods) {
      for (const h of HOSTILE) {
        const { x, v } = fresh();
        for (const args of [[h], [h, h], [v, h]]) {
          const bad = await untyped(`Node.${name}`, () => (x as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args), args);
          if (bad) found.add(bad);
        }
      }
    }
    expect([...found]).toEqual([]);
  }, 120_000);
});
