/**
 * Workload 4: expression swell. Symbolic differentiation by expression trees repeats
 * shared subexpressions, so derivatives can grow far faster than the function; a graph
 * with shared nodes does not. Three families, each differentiated with respect to `x`:
 * - nest: `sin(sin(x·f + y)·f + y)…`, n = 10, 20, 40 levels;
 * - product of n sines: `sin(1·x)·sin(2·x)·…·sin(n·x)`, n = 10, 20, 40;
 * - logistic map: `x ← r·x·(1 − x)`, n = 8, 12 steps.
 *
 * tracegrad: node counts of the function and of what `tg.grad` adds (distinct nodes;
 * target: added ≤ 4× the function's), and the time of `tg.grad`. mathjs 15: the tree node
 * counts and times of `derivative(…, 'x')` raw (`simplify: false`) and simplified (the
 * default), each in a worker thread stopped after 20 s. Before reporting, the gradient's
 * value at a point is checked against mathjs's raw derivative.
 *
 * Run: `npx tsx bench/swell.ts` (BENCH_QUICK=1: smaller n, 5 s cap).
 */
import { Worker } from 'node:worker_threads';
import { evaluate } from 'mathjs';
import * as tg from '../src/index.js';
import { topoOrder } from '../src/core/topo.js';
import { checkClose, fmt, QUICK, report, timeOnce, type Row } from './lib.js';

const CAP_MS = QUICK ? 5_000 : 20_000;
const AT = { x: 0.7, f: 0.9, y: 0.3, r: 3.7 };

interface MathjsResult { nodes: number; fnNodes: number; ms: number; value: number }

/** mathjs.derivative in a worker, or `undefined` when it does not finish within the cap. */
function mathjsDerivative(expr: string, simplify: boolean): Promise<MathjsResult | undefined> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./swell-worker.mjs', import.meta.url));
    let timer: NodeJS.Timeout | undefined;
    w.on('message', (m: MathjsResult | { ready: true }) => {
      if ('ready' in m) {
        // The cap starts once mathjs is loaded in the worker.
        timer = setTimeout(() => {
          void w.terminate();
          resolve(undefined);
        }, CAP_MS);
        w.postMessage({ expr, wrt: 'x', simplify, at: AT });
        return;
      }
      clearTimeout(timer);
      void w.terminate();
      resolve(m);
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

interface Case { family: string; n: number; build: () => { y: tg.Node; x: tg.Node }; expr: string }

function nest(n: number): Case {
  let s = 'x';
  for (let k = 0; k < n; k++) s = `sin(${s} * f + y)`;
  return {
    family: 'nest sin(x·f + y)', n, expr: s,
    build: () => {
      const x = tg.variable('x', AT.x), f = tg.variable('f', AT.f), y = tg.variable('y', AT.y);
      let g = x;
      for (let k = 0; k < n; k++) g = tg.sin(g.mul(f).add(y));
      return { y: g, x };
    },
  };
}

function sines(n: number): Case {
  return {
    family: 'product of n sines', n, expr: Array.from({ length: n }, (_, k) => `sin(${k + 1} * x)`).join(' * '),
    build: () => {
      const x = tg.variable('x', AT.x);
      let p = tg.sin(x);
      for (let k = 2; k <= n; k++) p = p.mul(tg.sin(x.mul(k)));
      return { y: p, x };
    },
  };
}

function logistic(n: number): Case {
  let s = 'x';
  for (let k = 0; k < n; k++) s = `r * (${s}) * (1 - (${s}))`;
  return {
    family: 'logistic map', n, expr: s,
    build: () => {
      const x = tg.variable('x', AT.x), r = tg.variable('r', AT.r);
      let v = x;
      for (let k = 0; k < n; k++) v = r.mul(v).mul(tg.sub(1, v));
      return { y: v, x };
    },
  };
}

const cases: Case[] = QUICK
  ? [nest(10), nest(20), sines(10), sines(20), logistic(8)]
  : [nest(10), nest(20), nest(40), sines(10), sines(20), sines(40), logistic(8), logistic(12)];

const rows: Row[] = [];
for (const c of cases) {
  const { y, x } = c.build();
  const fnNodes = topoOrder([y]).length;
  // Gradients are hash-consed, so a second grad of the same graph is a lookup: time fresh graphs.
  const runs = QUICK ? 5 : 11;
  const fresh = Array.from({ length: runs }, () => c.build());
  let k = 0, g!: tg.Node;
  const gradMs = timeOnce(() => (g = tg.grad(fresh[k]!.y, fresh[k++]!.x)), runs);
  const [dx] = tg.grad(y, [x]);
  const added = topoOrder([y, dx!]).length - fnNodes;
  const raw = await mathjsDerivative(c.expr, false);
  const simp = await mathjsDerivative(c.expr, true);
  if (raw) checkClose(`${c.family} n=${c.n}: d/dx, tracegrad vs mathjs raw`, dx!.value as number, raw.value, 1e-8, 1e-12);
  else {
    // mathjs did not finish: check against central differences of the expression, evaluated by mathjs.
    const h = 1e-6, fx = (v: number) => evaluate(c.expr, { ...AT, x: v }) as number;
    checkClose(`${c.family} n=${c.n}: d/dx, tracegrad vs central differences (mathjs.evaluate)`, dx!.value as number, (fx(AT.x + h) - fx(AT.x - h)) / (2 * h), 1e-5, 1e-8);
  }
  if (simp) checkClose(`${c.family} n=${c.n}: d/dx, tracegrad vs mathjs simplified`, dx!.value as number, simp.value, 1e-6, 1e-10);
  if (g.shape.length !== 0) throw new Error('unreachable');
  const ours = `${added} nodes added to ${fnNodes} (${fmt(added / fnNodes)}×), ${fmt(gradMs)} ms`;
  const label = `swell: ${c.family}, n=${c.n}`;
  rows.push({
    workload: label, metric: 'd/dx: nodes, time', tracegrad: ours, peer: 'mathjs.derivative raw',
    peerValue: raw ? `${raw.nodes} tree nodes (${fmt(raw.nodes / raw.fnNodes)}× the function's ${raw.fnNodes}), ${fmt(raw.ms)} ms` : `> ${CAP_MS / 1000} s (stopped)`,
    ratio: raw ? raw.nodes / added : undefined, target: 'added ≤ 4× fn', note: added <= 4 * fnNodes ? 'within target' : 'OVER TARGET',
  });
  rows.push({
    workload: label, metric: 'd/dx: nodes, time', tracegrad: ours, peer: 'mathjs.derivative simplified',
    peerValue: simp ? `${simp.nodes} tree nodes, ${fmt(simp.ms)} ms` : `> ${CAP_MS / 1000} s (stopped)`,
    ratio: simp ? simp.nodes / added : undefined, target: '-', note: simp ? '' : 'capped',
  });
}
report('Expression swell (ratio: mathjs tree nodes / tracegrad nodes added)', rows);
