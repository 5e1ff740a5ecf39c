/**
 * Workloads 9 and 10: eager training loops, as micrograd and the courses built on it teach
 * them: a new graph every step (fresh inputs, the same network), backward, an SGD update.
 *
 * (a) A 3-3-1 tanh MLP on four samples whose inputs move a little each step, squared loss,
 *     written with `tg.grad`, `.value` on the loss and on each gradient, and `assign`. One
 *     unit of work: 200 steps.
 * (b) micrograd's own demo: an MLP 2-16-16-1 (ReLU) on 100 make_moons points, SVM max-margin
 *     loss plus L2 regularisation (α = 1e-4), SGD with micrograd's learning-rate schedule, 100
 *     steps, written as micrograd's notebook does, with `zeroGrad`, `loss.backward()` and `p.grad`. One
 *     unit of work: the 100 steps from a new model.
 *
 * Peer: a micrograd-style engine in plain JavaScript (`bench/baselines/micrograd-eager.js`:
 * objects and closures, as micrograd). Both sides start from the same weights, compute the
 * same losses (checked to 1e-12 before any timing) and are timed interleaved. Target:
 * tracegrad ≥ 1× in steps per second on both.
 *
 * Run: `npx tsx bench/eager.ts` (BENCH_QUICK=1 for a short run).
 */
import * as tg from '../src/index.js';
import { MLP as MgMLP, Value } from './baselines/micrograd-eager.js';
import { checkClose, fmt, interleave, QUICK, report, type Row } from './lib.js';

/** The same uniform numbers in [-1, 1) for both engines (a 31-bit Lehmer generator). */
function uniformFrom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (2 * s) / 2147483647 - 1;
  };
}

// ---------------------------------------------------------------------------------------
// (a) the small loop.

const BASE = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]];
const YS = [0, 1, 1, 0];
const STEPS_A = 200;
const inputsAt = (t: number, s: number) => BASE[s]!.map((v, i) => v + 0.01 * Math.sin(t + s + i));

function smallTracegrad(): number {
  const u = uniformFrom(7);
  const W1 = Array.from({ length: 3 }, (_, j) => Array.from({ length: 3 }, (_, i) => tg.variable(`w${j}${i}`, u())));
  const B1 = Array.from({ length: 3 }, (_, j) => tg.variable(`b${j}`, u()));
  const W2 = Array.from({ length: 3 }, (_, j) => tg.variable(`v${j}`, u()));
  const B2 = tg.variable('c', u());
  const params = [...W1.flat(), ...B1, ...W2, B2];
  let L = 0;
  for (let t = 0; t < STEPS_A; t++) {
    let loss: tg.Node | undefined;
    for (let s = 0; s < 4; s++) {
      const x = inputsAt(t, s);
      const h = W1.map((row, j) => row.reduce((acc: tg.Node, w, i) => acc.add(w.mul(x[i]!)), B1[j]!).tanh());
      const out = W2.reduce((acc: tg.Node, w, j) => acc.add(w.mul(h[j]!)), B2).tanh();
      const e = out.sub(YS[s]!).pow(2);
      loss = loss ? loss.add(e) : e;
    }
    const grads = tg.grad(loss!, params);
    L = loss!.value as number;
    const g = grads.map((d) => d.value as number);
    params.forEach((p, k) => p.assign((p.value as number) - 0.05 * g[k]!));
  }
  return L;
}

function smallMicrograd(): number {
  const u = uniformFrom(7);
  const W1 = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => new Value(u())));
  const B1 = Array.from({ length: 3 }, () => new Value(u()));
  const W2 = Array.from({ length: 3 }, () => new Value(u()));
  const B2 = new Value(u());
  const params = [...W1.flat(), ...B1, ...W2, B2];
  let L = 0;
  for (let t = 0; t < STEPS_A; t++) {
    let loss: Value | undefined;
    for (let s = 0; s < 4; s++) {
      const x = inputsAt(t, s).map((v) => new Value(v));
      const h = W1.map((row, j) => row.reduce((acc: Value, w, i) => acc.add(w.mul(x[i]!)), B1[j]!).tanh());
      const out = W2.reduce((acc: Value, w, j) => acc.add(w.mul(h[j]!)), B2).tanh();
      const e = out.sub(YS[s]!).pow(2);
      loss = loss ? loss.add(e) : e;
    }
    for (const p of params) p.grad = 0;
    loss!.backward();
    L = loss!.data;
    for (const p of params) p.data -= 0.05 * p.grad;
  }
  return L;
}

// ---------------------------------------------------------------------------------------
// (b) micrograd's demo.

const moons = tg.nn.moons({ samples: 100, noise: 0.1, seed: 1 });
const X = moons.X.toArray() as number[][];
const Y = Array.from(moons.y.data, (v) => 2 * v - 1); // labels −1 and 1
const STEPS_B = QUICK ? 20 : 100;
const ALPHA = 1e-4;

/** micrograd's nn.py, written with tracegrad variables as a user porting it would. */
class TgNeuron {
  readonly w: tg.Node[];
  readonly b: tg.Node;
  constructor(nin: number, readonly nonlin: boolean, u: () => number) {
    this.w = Array.from({ length: nin }, (_, i) => tg.variable(`w${i}`, u()));
    this.b = tg.variable('b', 0);
  }
  call(x: readonly (tg.Node | number)[]): tg.Node {
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i]!.mul(x[i]!));
    return this.nonlin ? act.relu() : act;
  }
  parameters(): tg.Node[] {
    return [...this.w, this.b];
  }
}
class TgMLP {
  readonly layers: TgNeuron[][];
  constructor(nin: number, nouts: number[], u: () => number) {
    const sz = [nin, ...nouts];
    this.layers = nouts.map((n, i) => Array.from({ length: n }, () => new TgNeuron(sz[i]!, i !== nouts.length - 1, u)));
  }
  call(x: readonly (tg.Node | number)[]): tg.Node[] {
    let h: readonly (tg.Node | number)[] = x;
    for (const layer of this.layers) h = layer.map((n) => n.call(h));
    return h as tg.Node[];
  }
  parameters(): tg.Node[] {
    return this.layers.flat().flatMap((n) => n.parameters());
  }
}

function demoTracegrad(): number {
  const model = new TgMLP(2, [16, 16, 1], uniformFrom(3));
  const params = model.parameters();
  let L = 0;
  for (let k = 0; k < STEPS_B; k++) {
    const scores = X.map((row) => model.call(row)[0]!);
    const losses = scores.map((s, i) => s.mul(-Y[i]!).add(1).relu());
    const dataLoss = losses.reduce((a, b) => a.add(b)).mul(1 / losses.length);
    const regLoss = params.map((p) => p.mul(p)).reduce((a, b) => a.add(b)).mul(ALPHA);
    const total = dataLoss.add(regLoss);
    for (const p of params) p.zeroGrad();
    total.backward();
    L = total.value as number;
    const lr = 1.0 - (0.9 * k) / 100;
    for (const p of params) p.assign((p.value as number) - lr * (p.grad as number));
  }
  return L;
}

function demoMicrograd(): number {
  const model = new MgMLP(2, [16, 16, 1], uniformFrom(3));
  const params = model.parameters();
  let L = 0;
  for (let k = 0; k < STEPS_B; k++) {
    const scores = X.map((row) => model.call(row.map((v) => new Value(v))));
    const losses = scores.map((s: Value, i: number) => s.mul(-Y[i]!).add(1).relu());
    const dataLoss = losses.reduce((a: Value, b: Value) => a.add(b)).mul(1 / losses.length);
    const regLoss = params.map((p: Value) => p.mul(p)).reduce((a: Value, b: Value) => a.add(b)).mul(ALPHA);
    const total = dataLoss.add(regLoss);
    model.zeroGrad();
    total.backward();
    L = total.data;
    const lr = 1.0 - (0.9 * k) / 100;
    for (const p of params) p.data -= lr * p.grad;
  }
  return L;
}

// ---------------------------------------------------------------------------------------

checkClose('small loop: loss after 200 steps, tracegrad vs micrograd-style', smallTracegrad(), smallMicrograd(), 1e-12);
checkClose(`micrograd demo: loss after ${STEPS_B} steps, tracegrad vs micrograd-style`, demoTracegrad(), demoMicrograd(), 1e-12);

const rows: Row[] = [];
{
  const ms = interleave([{ name: 'tracegrad', run: smallTracegrad }, { name: 'micrograd', run: smallMicrograd }], { rounds: QUICK ? 5 : 15, minBatchMs: 100 });
  const a = ms.get('tracegrad')!, b = ms.get('micrograd')!;
  const rate = (m: number) => `${fmt((STEPS_A / m) * 1000)} steps/s`;
  rows.push({ workload: 'eager loop: 3-3-1 tanh MLP, 4 samples, tg.grad + .value + assign', metric: 'steps/s (median)', tracegrad: rate(a), peer: 'micrograd-style objects', peerValue: rate(b), ratio: b / a, target: '≥ 1×', note: 'same losses' });
}
{
  const ms = interleave([{ name: 'tracegrad', run: demoTracegrad }, { name: 'micrograd', run: demoMicrograd }], { rounds: QUICK ? 3 : 7, warmup: 1, minBatchMs: 0 });
  const a = ms.get('tracegrad')!, b = ms.get('micrograd')!;
  const rate = (m: number) => `${fmt((STEPS_B / m) * 1000)} steps/s`;
  rows.push({ workload: "micrograd's demo: MLP 2-16-16-1, 100 moons, SVM loss + L2, SGD, loss.backward()", metric: 'steps/s (median)', tracegrad: rate(a), peer: 'micrograd-style objects', peerValue: rate(b), ratio: b / a, target: '≥ 1×', note: `${STEPS_B} steps a run; same losses` });
}
report('Eager training loops (a new graph every step)', rows);
