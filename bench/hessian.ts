/**
 * Workload 5: the Hessian (n = 100) of `xᵀAx` and of `logSumExp(Ax)` at a point.
 *
 * tracegrad: `tg.hessian(f, x)` (with `A` a variable, so nothing folds to a constant) is built
 * once and compiled; it is the closed form of matrix calculus (issue 15: `A + Aᵀ` for xᵀAx,
 * `Aᵀ (diag(p) − p pᵀ) A` for logSumExp(Ax), one matrix expression each), not one symbolic row
 * per input. One unit of work is one evaluation of the whole 100 × 100 Hessian at the current
 * `x`. For xᵀAx a second peer forms `A + Aᵀ` directly (a Float64Array loop): the closed form
 * should cost little more than that (target: within 3×, ratio ≥ 0.33). tfjs 4.22 (`cpu` and `wasm` backends, float32): row by row,
 * `tf.grad` of `x ↦ ⟨tf.grad(f)(x), eᵢ⟩` for i = 1…100 (tfjs has no Hessian; for logSumExp,
 * where tfjs's nested gradients fail, the inner gradient is written by hand: see below). Before
 * timing, both Hessians are checked to agree (float32 tolerance). Target: ≥ 10× tfjs.
 *
 * Run: `npx tsx bench/hessian.ts` (BENCH_QUICK=1 for a short run).
 */
import * as tg from '../src/index.js';
import { quietTfjs, tf, useBackend } from './tfjs.js';
import { checkClose, fmt, interleaveAsync, QUICK, report, type Row } from './lib.js';

quietTfjs();
const n = 100;
const A0 = tg.randn([n, n], { seed: 11, std: 0.1 });
const x0 = tg.randn([n], { seed: 12 });

interface Case {
  name: string;
  /** The Hessian formed directly from A's numbers (for the closed-form target), if any. */
  direct?: (A: Float64Array) => Float64Array;
  tgf: (A: tg.Node, x: tg.Node) => tg.Node;
  /** The function, for tfjs; its gradient is taken with tf.grad unless `tfGrad` gives it. */
  tff: (A: tf.Tensor2D) => (x: tf.Tensor) => tf.Tensor;
  tfGrad?: (A: tf.Tensor2D) => (x: tf.Tensor) => tf.Tensor;
}
const col = (x: tf.Tensor) => x.reshape([n, 1]);
const cases: Case[] = [
  {
    name: 'xᵀAx',
    tgf: (A, x) => tg.matmul(x, tg.matmul(A, x)),
    direct: (A) => {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = A[i * n + j]! + A[j * n + i]!;
      return out;
    },
    tff: (A) => (x) => tf.dot(x, tf.matMul(A, col(x)).reshape([n])),
  },
  {
    name: 'logSumExp(Ax)',
    tgf: (A, x) => tg.logSumExp(tg.matmul(A, x)),
    // NOTE: tfjs cannot differentiate logSumExp twice: its gradient goes through max, then Equal, which has no
    // gradient; nested tf.grad through tf.exp gives wrong rows or fails (exp's gradient reuses its saved
    // output). So its rows are tf.grad of the first derivative written by hand, Aᵀ softmax(Ax): one grad a row.
    tff: (A) => (x) => tf.logSumExp(tf.matMul(A, col(x)).reshape([n])),
    tfGrad: (A) => (x) => tf.matMul(A, col(tf.softmax(tf.matMul(A, col(x)).reshape([n]))), true, false).reshape([n]),
  },
];

const rows: Row[] = [];
for (const c of cases) {
  // A is a variable (data), so that nothing folds to a constant: each call computes H from A and x.
  const A = tg.variable('A', A0), x = tg.variable('x', x0);
  let t0 = performance.now();
  const H = tg.hessian(c.tgf(A, x), x);
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  const h = tg.compile(H, { inputs: [x] });
  const compileMs = performance.now() - t0;
  const ours = h(x0) as tg.Tensor;

  // tfjs: one function per row, built once per backend.
  const backends: { name: 'cpu' | 'wasm'; run: () => Float32Array }[] = [];
  for (const name of ['cpu', 'wasm'] as const) {
    if (!(await useBackend(name))) continue;
    const Af = tf.tensor2d(Float32Array.from(A0.data), [n, n]);
    const xf = tf.tensor1d(Float32Array.from(x0.data));
    const g = c.tfGrad ? c.tfGrad(Af) : tf.grad(c.tff(Af));
    const rowsFn = Array.from({ length: n }, (_, i) => {
      const e = tf.oneHot(tf.tensor1d([i], 'int32'), n).reshape([n]).toFloat() as tf.Tensor1D;
      return tf.grad((v: tf.Tensor) => tf.dot(g(v), e));
    });
    const run = (): Float32Array => {
      const out = new Float32Array(n * n);
      for (let i = 0; i < n; i++) {
        const r = rowsFn[i]!(xf);
        out.set(r.dataSync() as Float32Array, i * n);
        r.dispose();
      }
      return out;
    };
    const theirs = run();
    let worst = 0, scale = 0;
    for (let i = 0; i < n * n; i++) {
      worst = Math.max(worst, Math.abs(ours.data[i]! - theirs[i]!));
      scale = Math.max(scale, Math.abs(ours.data[i]!));
    }
    checkClose(`Hessian of ${c.name}: max |tracegrad − tfjs-${name}| relative to max |H|`, worst / scale, 0, 0, 1e-4);
    checkClose(`Hessian of ${c.name}: H[3, 5], tracegrad vs tfjs-${name}`, ours.data[3 * n + 5]!, theirs[3 * n + 5]!, 1e-3, 1e-5 * scale);
    backends.push({ name, run });
  }
  const direct = c.direct;
  if (direct) checkClose(`Hessian of ${c.name}: H[3, 5], tracegrad vs A + Aᵀ formed directly`, ours.data[3 * n + 5]!, direct(A0.data)[3 * n + 5]!, 1e-12, 1e-12);
  const ms = await interleaveAsync(
    [
      { name: 'tracegrad', run: () => h(x0) },
      ...(direct ? [{ name: 'direct', run: () => direct(A0.data) }] : []),
      ...backends.map((b) => ({ name: `tfjs-${b.name}`, before: () => useBackend(b.name), run: b.run })),
    ],
    { rounds: QUICK ? 3 : 9, warmup: 1, minBatchMs: 100 },
  );
  const tgMs = ms.get('tracegrad')!;
  if (direct) {
    const theirs = ms.get('direct')!;
    rows.push({
      workload: `Hessian ${n}×${n} of ${c.name}`, metric: 'ms per Hessian (median)', tracegrad: `${fmt(tgMs)} ms`,
      peer: 'A + Aᵀ formed directly (Float64Array loop)', peerValue: `${fmt(theirs)} ms`, ratio: theirs / tgMs, target: '≥ 0.33× (within 3×)',
    });
  }
  for (const b of backends) {
    const theirs = ms.get(`tfjs-${b.name}`)!;
    rows.push({
      workload: `Hessian ${n}×${n} of ${c.name}`, metric: 'ms per Hessian (median)', tracegrad: `${fmt(tgMs)} ms`,
      peer: `tfjs-${b.name}, 100 rows of grad(grad)`, peerValue: `${fmt(theirs)} ms`, ratio: theirs / tgMs, target: '≥ 10×',
    });
  }
  rows.push({
    workload: `Hessian ${n}×${n} of ${c.name}`, metric: 'one-off costs', tracegrad: `hessian() ${fmt(buildMs)} ms, compile ${fmt(compileMs)} ms`,
    peer: '-', peerValue: '-', ratio: undefined, target: '-', note: `${h.stats.nodes} nodes, ${h.stats.steps} kernel calls`,
  });
}
report('Hessian, n = 100', rows);
