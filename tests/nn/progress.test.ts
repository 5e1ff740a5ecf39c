/**
 * Where training progress goes by default: standard output in Node, and the console where
 * there is no `process` (a browser page; tests/package/consumer.test.ts also runs `fit` with
 * its default options in Chromium).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tg from '../../src/index.js';

/** Runs `body` with `globalThis.process` replaced (restored before anything else can run). */
function withProcess<T>(replacement: unknown, body: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: replacement, configurable: true, writable: true });
  try {
    return body();
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fit and minimize progress, by default', () => {
  it('writes lines to process.stdout in Node', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const w = tg.variable('w', 0);
    tg.nn.minimize(w.sub(3).pow(2), { optimizer: tg.nn.sgd([w], { lr: 0.25 }), steps: 2 });
    const text = write.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toMatch(/step 1\/2 {2}loss 9\.000000/);
    expect(text).toMatch(/2\/2 {2}loss 2\.250000/);
  });

  it('logs one console line per step line where there is no process (browsers)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const run = withProcess(undefined, () => tg.nn.fit(tg.nn.mlp([2, 3, 1], { seed: 0 }), tg.nn.xor(), { loss: tg.nn.mse, steps: 3 }));
    expect(run.steps).toBe(3);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      `step 1/3  loss ${run.history[0]!.toFixed(6)}`,
      `step 2/3  loss ${run.history[1]!.toFixed(6)}`,
      `step 3/3  loss ${run.history[2]!.toFixed(6)}`,
    ]);
  });

  it('uses the console too when process has no stdout (a bundler shim of process)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const w = tg.variable('w', 0);
    withProcess({ env: {} }, () => tg.nn.minimize(w.sub(3).pow(2), { optimizer: tg.nn.sgd([w], { lr: 0.25 }), steps: 1 }));
    expect(log.mock.calls).toEqual([['step 1/1  loss 9.000000']]);
  });
});
