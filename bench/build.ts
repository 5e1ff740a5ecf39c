/**
 * Workload 1b: the cost of building the scalar chain `x ← tanh(a·x + b)` of 10⁶ forward
 * nodes (10⁵ with BENCH_QUICK=1) and its symbolic gradient with respect to `a`, `b`, `x0`:
 * wall time, and heap bytes per node (every node of the function and of its gradient),
 * measured with `process.memoryUsage().heapUsed` after a full garbage collection before
 * and after. Also the time to compile the whole graph. Target: < 2 s and ≤ 300 bytes per
 * node for 10⁶ forward nodes.
 *
 * For reference, the same number of bare nodes (`bench/baselines/bare.js`: an object and an
 * inputs array each, chained, no logic at all) is built first, in the same process: its time
 * is this machine's allocation and garbage-collection floor for a graph of one object per
 * node, whatever the engine does.
 *
 * Run: `node --expose-gc --import tsx bench/build.ts` (gc is needed for the memory figure;
 * without it the memory column says so).
 */
import * as tg from '../src/index.js';
import { fmt, QUICK, report, type Row } from './lib.js';
import { bareChain } from './baselines/bare.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const nodes = QUICK ? 1e5 : 1e6;
const steps = Math.round(nodes / 3);
// The floor: as many bare nodes as the function and its gradient have (counted below; the
// gradient adds 7 nodes a step, the function 3, plus the three leaves).
const bareCount = 10 * steps + 2;
heap();
const bareMs = ((): number => {
  const t = performance.now();
  const last = bareChain(bareCount);
  const ms = performance.now() - t;
  if (last.id !== bareCount - 1) throw new Error('unreachable');
  return ms; // and the bare graph is garbage from here on
})();
const h0 = heap();
const t0 = performance.now();
const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
let x = x0;
for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
const t1 = performance.now();
const grads = tg.grad(x, [a, b, x0]);
const t2 = performance.now();
const h1 = heap();
const f = tg.compile([x, ...grads], { inputs: [a, b, x0] });
const t3 = performance.now();
const h2 = heap();
const total = f.stats.nodes;
const perNode = (h1 - h0) / total;
const label = `build chain ${nodes.toExponential(0).replace('+', '')} fwd nodes`;
const rows: Row[] = [
  {
    workload: label, metric: 'build fn + grad', tracegrad: `${fmt(t2 - t0)} ms (fn ${fmt(t1 - t0)}, grad ${fmt(t2 - t1)})`,
    peer: 'target', peerValue: '< 2000 ms', ratio: 2000 / (t2 - t0), target: '≥ 1×', note: `${total} nodes in all (${fmt(total / (3 * steps + 3))}× the function's)`,
  },
  {
    workload: label, metric: 'allocation floor', tracegrad: `${fmt(t2 - t0)} ms`, peer: `${bareCount} bare nodes (object + inputs array, no logic)`,
    peerValue: `${fmt(bareMs)} ms`, ratio: bareMs / (t2 - t0), target: '-', note: total === bareCount ? 'same node count' : `node counts differ: ${total} vs ${bareCount}`,
  },
  {
    workload: label, metric: 'heap bytes per node', tracegrad: gc ? `${fmt(perNode)} B/node (${fmt((h1 - h0) / 1e6)} MB)` : 'run with --expose-gc',
    peer: 'target', peerValue: '≤ 300 B/node', ratio: gc ? 300 / perNode : undefined, target: '≥ 1×',
  },
  {
    workload: label, metric: 'compile fn + grad', tracegrad: `${fmt(t3 - t2)} ms`, peer: '-', peerValue: '-', ratio: undefined, target: '-',
    note: gc ? `compiled program ${fmt((h2 - h1) / 1e6)} MB; ${f.stats.chunks} chunks, ${f.stats.functions} distinct functions` : '',
  },
];
report('Building a large graph and its gradient', rows);
// Keep the graph alive until the end, so that the measurements above saw it.
if (x.rank !== 0 || grads.length !== 3) throw new Error('unreachable');
