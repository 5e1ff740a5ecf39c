/**
 * Workload 1: the scalar chain `x ← tanh(a·x + b)`, forward and backward, with gradients
 * with respect to `a`, `b` and the start `x0`. Sizes count forward nodes (three a step:
 * `a·x`, `+ b`, `tanh`): 10⁵ and 10⁶ (10⁵ only with BENCH_QUICK=1).
 *
 * tracegrad: the graph and its symbolic gradient are built once and compiled
 * (`tg.compile([x, ...grads], { inputs: [a, b, x0] })`); one unit of work is one call.
 * Peers, in plain JavaScript in `bench/baselines/`: a flat typed-array tape (records the
 * forward pass, sweeps it backward) and a micrograd-style engine (an object and a closure
 * per node). Target: tracegrad ≥ 1× the tape and ≥ 30× micrograd.
 *
 * Run: `npx tsx bench/scalar-chain.ts` (BENCH_QUICK=1 for a short run).
 */
import * as tg from '../src/index.js';
import { Tape, tapeChain } from './baselines/tape.js';
import { microgradChain } from './baselines/micrograd.js';
import { checkClose, fmt, interleave, QUICK, report, type Row } from './lib.js';

const A = 0.9, B = -0.2, X0 = 0.3;
const sizes = QUICK ? [1e5] : [1e5, 1e6];
const rows: Row[] = [];

for (const nodes of sizes) {
  const steps = Math.round(nodes / 3);
  const a = tg.variable('a', A), b = tg.variable('b', B), x0 = tg.variable('x0', X0);
  let t0 = performance.now();
  let x = x0;
  for (let i = 0; i < steps; i++) x = tg.tanh(a.mul(x).add(b));
  const grads = tg.grad(x, [a, b, x0]);
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  const f = tg.compile([x, ...grads], { inputs: [a, b, x0] });
  const compileMs = performance.now() - t0;
  t0 = performance.now();
  const ours = f(A, B, X0) as number[];
  const firstRunMs = performance.now() - t0;

  const tape = new Tape(3 * steps + 3);
  const theirs = tapeChain(tape, steps, A, B, X0);
  const micro = microgradChain(steps, A, B, X0);
  ['x', '∂/∂a', '∂/∂b', '∂/∂x0'].forEach((what, i) => {
    checkClose(`chain ${nodes}: ${what}, tracegrad vs tape`, ours[i]!, theirs[i]!, 1e-12, 1e-300);
    checkClose(`chain ${nodes}: ${what}, tracegrad vs micrograd`, ours[i]!, micro[i]!, 1e-12, 1e-300);
  });

  const contenders = [
    { name: 'tracegrad', run: () => f(A, B, X0) },
    { name: 'tape', run: () => tapeChain(tape, steps, A, B, X0) },
    { name: 'micrograd', run: () => microgradChain(steps, A, B, X0) },
  ];
  const big = nodes >= 1e6;
  const ms = interleave(contenders, { rounds: QUICK ? 5 : big ? 7 : 15, warmup: 2, minBatchMs: big ? 0 : 50 });
  const tgMs = ms.get('tracegrad')!, tapeMs = ms.get('tape')!, microMs = ms.get('micrograd')!;
  const rate = (m: number) => `${fmt(nodes / m / 1e3)} M nodes/s`;
  const label = `scalar chain ${nodes.toExponential(0).replace('+', '')}`;
  rows.push(
    { workload: label, metric: 'fwd+bwd ms (median)', tracegrad: `${fmt(tgMs)} ms (${rate(tgMs)})`, peer: 'flat typed-array tape', peerValue: `${fmt(tapeMs)} ms (${rate(tapeMs)})`, ratio: tapeMs / tgMs, target: '≥ 1×' },
    { workload: label, metric: 'fwd+bwd ms (median)', tracegrad: `${fmt(tgMs)} ms`, peer: 'micrograd-style objects', peerValue: `${fmt(microMs)} ms (${rate(microMs)})`, ratio: microMs / tgMs, target: '≥ 30×' },
    {
      workload: label, metric: 'one-off costs', tracegrad: `build ${fmt(buildMs)} ms, compile ${fmt(compileMs)} ms, first call ${fmt(firstRunMs)} ms`,
      peer: '-', peerValue: '-', ratio: undefined, target: '-', note: `${f.stats.nodes} nodes, ${f.stats.chunks} chunks, ${f.stats.buffers} slots`,
    },
  );
}

report('Scalar chain x ← tanh(a·x + b), forward + backward', rows);
