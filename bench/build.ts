/**
 * Workload 1b: the cost of building the scalar chain `x ← tanh(a·x + b)` of 10⁶ forward
 * nodes (10⁵ with BENCH_QUICK=1) and its symbolic gradient with respect to `a`, `b`, `x0`:
 * wall time (the median of three rounds, each on an empty heap), and heap bytes per node
 * (every node of the function and of its gradient), measured in the first round with
 * `process.memoryUsage().heapUsed` after a full garbage collection before and after. Also the
 * time to compile the whole graph, once, after the timed rounds. Targets: < 2 s and ≤ 300
 * bytes per node for 10⁶ forward nodes, and compiling no slower than building.
 *
 * For reference, the same number of bare nodes (`bench/baselines/bare.js`: one object each,
 * its two inputs in fields, chained, no logic at all) is built as many times after the
 * rounds, in the same process, once the graphs have been collected: its time is this machine's allocation and
 * garbage-collection floor for a graph of one object per node, whatever the engine does. The
 * machine's speed drifts from run to run (by a quarter here); the ratio to this floor drifts
 * much less.
 *
 * Run: `node --expose-gc --import tsx bench/build.ts` (gc is needed for the memory figure;
 * without it the memory column says so).
 */
import * as tg from '../src/index.js';
import { fmt, median, QUICK, report, type Row } from './lib.js';
import { bareChain } from './baselines/bare.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const nodes = QUICK ? 1e5 : 1e6;
const steps = Math.round(nodes / 3);

/** The chain and its gradient, with the time each took. */
function build() {
  const t0 = performance.now();
  const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
  let x = x0;
  for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
  const t1 = performance.now();
  const grads = tg.grad(x, [a, b, x0]);
  const t2 = performance.now();
  return { x, grads, inputs: [a, b, x0], fnMs: t1 - t0, gradMs: t2 - t1 };
}

/** One timed round; the first also takes the heap figures. Returns numbers only (the graph dies here). */
function measure(first: boolean) {
  const h0 = first ? heap() : 0;
  const created = tg.graphStats().created;
  const g = build();
  // nodes made by the build: the graph's, and the few constants it made (checked below)
  const total = tg.graphStats().created - created;
  const graphBytes = first ? heap() - h0 : 0;
  if (g.x.rank !== 0 || g.grads.length !== 3) throw new Error('unreachable'); // the graph was alive for the heap figure
  return { fnMs: g.fnMs, gradMs: g.gradMs, total, graphBytes };
}

/** The whole graph compiled, once, after the timed rounds (so that it perturbs none of them). */
function measureCompile() {
  const g = build();
  const h1 = heap();
  const t = performance.now();
  const f = tg.compile([g.x, ...g.grads], { inputs: g.inputs });
  const compileMs = performance.now() - t;
  const programBytes = heap() - h1;
  if (g.x.rank !== 0) throw new Error('unreachable'); // the graph was alive for the heap figure
  return { compileMs, programBytes, nodes: f.stats.nodes, chunks: f.stats.chunks, functions: f.stats.functions };
}

/** The same number of bare nodes: this machine's allocation floor at this moment. */
function bare(count: number): number {
  const t = performance.now();
  const last = bareChain(count);
  const ms = performance.now() - t;
  if (last.id !== count - 1) throw new Error('unreachable');
  return ms;
}

/**
 * Lets the task end and collects: a graph built on variables is kept alive until the task that
 * built it ends (see docs/getting-started.md), so each round starts from an empty heap.
 */
async function settle(): Promise<void> {
  await new Promise((done) => setImmediate(done));
  heap();
}

// Rounds of the graph (with no walk or other work between them: a walk of the 2.68 M nodes
// after each slowed the next round by a quarter here), then of the bare nodes, each after the previous one was collected;
// medians of both. (Bare nodes built between two graphs slow the second one down by a
// quarter here: the reference would perturb what it is a reference for.)
const rounds = QUICK ? 1 : 3;
const builds: ReturnType<typeof measure>[] = [];
const bares: number[] = [];
for (let r = 0; r < rounds; r++) {
  builds.push(measure(r === 0));
  await settle();
}
for (let r = 0; r < rounds; r++) {
  bares.push(bare(builds[0]!.total));
  await settle();
}
const c = measureCompile();
const m = builds[0]!;
if (Math.abs(c.nodes - m.total) > 8) throw new Error(`bench: the compiled graph has ${c.nodes} nodes, but ${m.total} were made`);
const buildTimes = builds.map((b) => b.fnMs + b.gradMs);
const buildMs = median(buildTimes);
const bareMs = median(bares);
const perNode = m.graphBytes / c.nodes;
const each = rounds > 1 ? `; rounds ${buildTimes.map((t) => fmt(t)).join(', ')} ms` : '';
const label = `build chain ${nodes.toExponential(0).replace('+', '')} fwd nodes`;
const rows: Row[] = [
  {
    workload: label, metric: `build fn + grad${rounds > 1 ? ' (median)' : ''}`, tracegrad: `${fmt(buildMs)} ms (fn ${fmt(median(builds.map((b) => b.fnMs)))}, grad ${fmt(median(builds.map((b) => b.gradMs)))})`,
    peer: 'target', peerValue: '< 2000 ms', ratio: 2000 / buildMs, target: '≥ 1×', note: `${c.nodes} nodes in all (${fmt(c.nodes / (3 * steps + 3))}× the function's)${each}`,
  },
  {
    workload: label, metric: 'allocation floor', tracegrad: `${fmt(buildMs)} ms`, peer: `${m.total} bare nodes (one object each, no logic)`,
    peerValue: `${fmt(bareMs)} ms`, ratio: bareMs / buildMs, target: '-', note: 'same node count, built after the graphs were collected (median)',
  },
  {
    workload: label, metric: 'heap bytes per node', tracegrad: gc ? `${fmt(perNode)} B/node (${fmt(m.graphBytes / 1e6)} MB)` : 'run with --expose-gc',
    peer: 'target', peerValue: '≤ 300 B/node', ratio: gc ? 300 / perNode : undefined, target: '≥ 1×',
  },
  {
    workload: label, metric: 'compile fn + grad', tracegrad: `${fmt(c.compileMs)} ms`, peer: 'its build (median)', peerValue: `${fmt(buildMs)} ms`, ratio: buildMs / c.compileMs, target: '≥ 1× (compile ≤ build)',
    note: gc ? `compiled program ${fmt(c.programBytes / 1e6)} MB; ${c.chunks} chunks, ${c.functions} distinct functions` : '',
  },
];
report('Building a large graph and its gradient', rows);
