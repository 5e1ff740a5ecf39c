/**
 * Workload 2: one SGD step of an MLP 784-128-10 (ReLU hidden layer) on a batch of 64,
 * softmax cross-entropy loss: forward, backward, update.
 *
 * tracegrad (float64): the loss and the updated parameters `W − lr·∂L/∂W` are built once
 * as a graph and compiled (`tg.compile([loss, W1′, b1′, W2′, b2′], { inputs: [X, Y, W1, b1,
 * W2, b2] })`); a step is one call that takes the current parameters and returns the next. tfjs 4.22 (float32): the same model with
 * `tf.train.sgd(lr).minimize(…)`, on the pure-JavaScript `cpu` backend and on the `wasm`
 * backend (SIMD, one thread). Before timing, the loss and a gradient entry are checked to
 * agree (float32 tolerance). Target: ≥ 1× tfjs-wasm and ≥ 3× tfjs-cpu steps per second.
 *
 * Run: `npx tsx bench/mlp.ts` (BENCH_QUICK=1 for a short run; MLP_BACKENDS=wasm to time tfjs-wasm only).
 */
import * as tg from '../src/index.js';
import { quietTfjs, tf, useBackend } from './tfjs.js';
import { checkClose, fmt, interleaveAsync, QUICK, report, type Row } from './lib.js';

quietTfjs();
const N = 64, D = 784, H = 128, K = 10, LR = 0.05;

// Data and initial parameters, float64 (tfjs gets float32 copies).
const X0 = tg.rand([N, D], { seed: 1 });
const labels = tg.rand([N], { seed: 2, low: 0, high: K });
const Y0 = tg.zeros([N, K]);
labels.data.forEach((v, i) => (Y0.data[i * K + Math.floor(v)] = 1));
const init = {
  W1: tg.randn([D, H], { seed: 3, std: 0.05 }), b1: tg.zeros([H]),
  W2: tg.randn([H, K], { seed: 4, std: 0.1 }), b2: tg.zeros([K]),
};

// tracegrad: the model, its loss, gradients and update, compiled once.
const X = tg.variable('X', X0), Y = tg.variable('Y', Y0);
const W1 = tg.variable('W1', init.W1), b1 = tg.variable('b1', init.b1), W2 = tg.variable('W2', init.W2), b2 = tg.variable('b2', init.b2);
const params = [W1, b1, W2, b2];
const hidden = tg.relu(tg.matmul(X, W1).add(b1));
const logits = tg.matmul(hidden, W2).add(b2);
const loss = tg.neg(tg.mean(tg.sum(tg.mul(Y, tg.logSoftmax(logits)), 1)));
const grads = tg.grad(loss, params);
const updated = params.map((p, i) => p.sub(grads[i]!.mul(LR)));
// The parameters are inputs too: each step takes the current ones and returns the next,
// so no copy is made between steps (`assign` would copy and re-check each tensor).
const step = tg.compile([loss, ...updated], { inputs: [X, Y, ...params] });
let current: tg.Tensor[] = [init.W1, init.b1, init.W2, init.b2];
const tgStep = (): number => {
  const [l, ...next] = step(X0, Y0, ...current) as [number, ...tg.Tensor[]];
  current = next;
  return l;
};

// tfjs: the same model on one backend.
function tfModel() {
  const f32 = (t: tg.Tensor) => tf.tensor(Float32Array.from(t.data), [...t.shape]);
  const v = { W1: tf.variable(f32(init.W1)), b1: tf.variable(f32(init.b1)), W2: tf.variable(f32(init.W2)), b2: tf.variable(f32(init.b2)) };
  const x = f32(X0), y = f32(Y0);
  const lossOf = () => {
    const h = tf.relu(tf.add(tf.matMul(x, v.W1), v.b1));
    const z = tf.add(tf.matMul(h, v.W2), v.b2);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1))) as tf.Scalar;
  };
  const opt = tf.train.sgd(LR);
  const stepFn = (): number => {
    const l = opt.minimize(lossOf, true)!;
    const value = l.dataSync()[0]!;
    l.dispose();
    return value;
  };
  const check = (): { loss: number; dW2: number } => {
    const { value, grads: g } = tf.variableGrads(lossOf, [v.W2]);
    const out = { loss: value.dataSync()[0]!, dW2: g[v.W2.name]!.dataSync()[7]! };
    value.dispose();
    Object.values(g).forEach((t) => t.dispose());
    return out;
  };
  return { stepFn, check };
}

// Agreement at the initial parameters: the loss and ∂L/∂W2[0, 7].
const [l0, dW2] = tg.evaluate([loss, grads[2]!]) as [number, tg.Tensor];
const backends: { name: 'cpu' | 'wasm'; model: ReturnType<typeof tfModel> }[] = [];
for (const name of (process.env.MLP_BACKENDS ?? 'cpu,wasm').split(',') as ('cpu' | 'wasm')[]) {
  if (!(await useBackend(name))) {
    console.log(`tfjs backend '${name}' cannot start here; skipped`);
    continue;
  }
  const model = tfModel();
  const c = model.check();
  checkClose(`MLP loss, tracegrad vs tfjs-${name}`, l0, c.loss, 1e-4);
  checkClose(`MLP ∂L/∂W2[0, 7], tracegrad vs tfjs-${name}`, dW2.data[7]!, c.dW2, 2e-3, 1e-6);
  backends.push({ name, model });
}

const ms = await interleaveAsync(
  [
    { name: 'tracegrad', run: tgStep },
    ...backends.map((b) => ({ name: `tfjs-${b.name}`, before: () => useBackend(b.name), run: b.model.stepFn })),
  ],
  { rounds: QUICK ? 5 : 21, warmup: 2, minBatchMs: 200 },
);
const ours = ms.get('tracegrad')!;
const rows: Row[] = backends.map((b) => {
  const theirs = ms.get(`tfjs-${b.name}`)!;
  return {
    workload: 'MLP 784-128-10, batch 64, SGD step',
    metric: 'steps/s (median)',
    tracegrad: `${fmt(1000 / ours)}/s (float64)`,
    peer: `tfjs-${b.name} (float32)`,
    peerValue: `${fmt(1000 / theirs)}/s`,
    ratio: theirs / ours,
    target: b.name === 'wasm' ? '≥ 1×' : '≥ 3×',
  };
});
rows.push({
  workload: 'MLP 784-128-10, batch 64, SGD step', metric: 'plan', tracegrad: `${step.stats.steps} kernel calls, ${step.stats.fused} ops fused into ${step.stats.chunks} loops, ${step.stats.buffers} pooled buffers`,
  peer: '-', peerValue: '-', ratio: undefined, target: '-',
});
report('MLP training step', rows);
