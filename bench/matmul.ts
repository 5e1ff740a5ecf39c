/**
 * Workload 3: float64 matrix products of size 256 and 512, in GFLOP/s (2·n³ flops).
 *
 * tracegrad: `tg.compile(tg.matmul(A, B))` (the register-blocked kernel, through a
 * compiled plan, output allocation included), and the transposed forms `Aᵀ B` and `A Bᵀ`
 * that every backward pass needs, read in place. The kernel is WebAssembly SIMD where it
 * exists (as on Node 20); the last row times `A B` with the plain-JavaScript fallback kernel
 * (3 × 4 register blocks), which browsers without wasm SIMD get. Peer: plain i-k-j loops over
 * Float64Arrays (`bench/baselines/matmul.js`). Before timing, every result is checked
 * against the plain loops. Target: ≥ 3.5× plain loops.
 *
 * Run: `npx tsx bench/matmul.ts` (BENCH_QUICK=1 for a short run).
 */
import * as tg from '../src/index.js';
import { matmulIKJ } from './baselines/matmul.js';
import { setSimdEnabled } from '../src/tensor/simd.js';
import { checkClose, fmt, interleave, QUICK, report, type Contender, type Row } from './lib.js';

const rows: Row[] = [];
for (const n of [256, 512]) {
  const A0 = tg.rand([n, n], { seed: n, low: -1, high: 1 }), B0 = tg.rand([n, n], { seed: n + 1, low: -1, high: 1 });
  const A = tg.variable('A', A0), B = tg.variable('B', B0);
  const forms = [
    { name: 'A B', node: tg.matmul(A, B), ref: () => matmulIKJ(A0.data, B0.data, n, n, n) },
    { name: 'Aᵀ B', node: tg.matmul(A.T, B), ref: () => matmulIKJ(tg.transpose(tg.constant(A0)).tensor.data, B0.data, n, n, n) },
    { name: 'A Bᵀ', node: tg.matmul(A, B.T), ref: () => matmulIKJ(A0.data, tg.transpose(tg.constant(B0)).tensor.data, n, n, n) },
  ];
  const plain = () => matmulIKJ(A0.data, B0.data, n, n, n);
  const contenders: Contender[] = [{ name: 'plain i-k-j', run: plain }];
  for (const f of forms) {
    const fn = tg.compile(f.node);
    if (fn.stats.steps !== 1) throw new Error(`${f.name}: expected one kernel call (transpose read in place); got ${fn.stats.steps}`);
    const got = (fn() as tg.Tensor).data, want: Float64Array = f.ref();
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    checkClose(`matmul ${n} ${f.name}: max |tracegrad − plain|`, worst, 0, 0, 1e-9 * n);
    contenders.push({ name: f.name, run: () => fn() });
    if (f.name === 'A B') {
      contenders.push({
        name: 'A B, JS kernel',
        run: () => {
          setSimdEnabled(false);
          try {
            return fn();
          } finally {
            setSimdEnabled(true);
          }
        },
      });
    }
  }
  const ms = interleave(contenders, { rounds: QUICK ? 5 : 11, warmup: 2, minBatchMs: 50 });
  const gflops = (t: number) => (2 * n ** 3) / (t * 1e6);
  const base = ms.get('plain i-k-j')!;
  for (const f of [...forms, { name: 'A B, JS kernel' }]) {
    const t = ms.get(f.name)!;
    rows.push({
      workload: `matmul ${n}×${n} ${f.name}`, metric: 'GFLOP/s (median)', tracegrad: `${fmt(gflops(t))} GFLOP/s (${fmt(t)} ms)`,
      peer: 'plain i-k-j loops (A B)', peerValue: `${fmt(gflops(base))} GFLOP/s`, ratio: base / t, target: '≥ 3.5×',
    });
  }
}
report('Matrix product, float64', rows);
