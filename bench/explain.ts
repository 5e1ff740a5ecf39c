/**
 * Size and time of `explain` (and of its renderers) on long chains and wide sums: the
 * workloads of issue 14, where `explain` was quadratic (a 400-op chain took seconds and
 * printed a megabyte; 1,000 ops ran out of memory).
 *
 * Each case runs in its own Node process (a fresh heap, a 4 GB cap, a time limit), so a case
 * that runs out of memory or time is reported as such instead of stopping the script:
 *
 * - `chain N`: `x ← sin(x)` repeated N times, `explain(y)`;
 * - `add chain N`: `s ← s + wᵢ·x`, N terms (a deep chain of adds over N variables);
 * - `addN N`: `tg.addN` of N terms `wᵢ·x` (one wide node).
 *
 * Columns: wall time of `explain` alone, then of `explain` plus `toText()`, `toLatex()` and
 * `toMarkdown()`; the length of each output in characters; the number of equations shown and
 * omitted (the default budget, then `maxChars: Infinity` where it finishes).
 *
 * Run: `npx tsx bench/explain.ts` (all cases), `npx tsx bench/explain.ts chain:400` (one);
 * `npm run bench -- explain` gives its two scaling rows in the common table.
 * Timing never goes into tests; this script only prints.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, report, type Row } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CASES = ['chain:400', 'chain:1000', 'chain:3000', 'chain:10000', 'add:3000', 'addN:3000', 'chain:1000000', 'addN:100000', 'chain:3000:all', 'add:3000:all'];
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MS ?? 120_000);

interface Result {
  case: string;
  explainMs: number;
  renderMs: number;
  text: number;
  latex: number;
  markdown: number;
  shown: number;
  omitted: number;
}

async function runCase(spec: string): Promise<Result> {
  const tg = await import('../src/index.js');
  const [kind, sizeText, budget] = spec.split(':');
  const n = Number(sizeText);
  const x = tg.variable('x', 0.5);
  let y: InstanceType<typeof tg.Node>;
  if (kind === 'chain') {
    y = x;
    for (let i = 0; i < n; i++) y = tg.sin(y);
  } else if (kind === 'add') {
    y = tg.variable('w0', 1).mul(x);
    for (let i = 1; i < n; i++) y = y.add(tg.variable(`w${i}`, 1 + i / n).mul(x));
  } else if (kind === 'addN') {
    y = tg.addN(Array.from({ length: n }, (_, i) => tg.variable(`w${i}`, 1 + i / n).mul(x)));
  } else throw new Error(`unknown case ${spec}`);
  const options = { warn: false, ...(budget === 'all' && { maxChars: Infinity }) };
  const t0 = performance.now();
  const d = tg.explain(y, options as Parameters<typeof tg.explain>[1]);
  const t1 = performance.now();
  const text = d.toText().length, latex = d.toLatex().length, markdown = d.toMarkdown().length;
  const t2 = performance.now();
  const omittedField = (d as unknown as { omitted?: { forward: number; adjoints: number; gradients: number } }).omitted;
  const omitted = omittedField ? omittedField.forward + omittedField.adjoints + omittedField.gradients : 0;
  return { case: spec, explainMs: t1 - t0, renderMs: t2 - t0, text, latex, markdown, shown: d.equations.length, omitted };
}

/** Runs one case in its own process; the result, or why there is none. */
function runChild(spec: string): Result | string {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--stack-size=984', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', spec], {
    cwd: path.join(here, '..'),
    encoding: 'utf8',
    timeout: LIMIT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line) return JSON.parse(line.slice(7)) as Result;
  const secs = ((performance.now() - t0) / 1000).toFixed(0);
  return r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `stopped after ${secs} s` : /heap out of memory|Allocation failed/.test(r.stderr) ? `out of memory after ${secs} s` : `failed after ${secs} s: ${(r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? r.stderr.trim().split('\n').at(-1) ?? '').slice(0, 100)}`;
}

/**
 * For `bench/run.ts` (`--json`): explain has no peer that derives a readable derivation, so
 * the ratio is its own scaling: time per op on 10⁴ ops over time per op on 10⁶ (or 10⁵ for
 * the wide sum), 1 when linear. Target ≥ 0.33: at most 3× slower per op at 100× the size.
 */
function runForTable(): void {
  const rows: Row[] = [];
  for (const [small, large, label] of [['chain:10000', 'chain:1000000', 'explain sin chain'], ['addN:1000', 'addN:100000', 'explain addN']] as const) {
    const a = runChild(small), b = runChild(large);
    const n = (spec: string) => Number(spec.split(':')[1]);
    if (typeof a === 'string' || typeof b === 'string') {
      rows.push({ workload: `${label} ${n(large)}`, metric: 'ms explain + render', tracegrad: 'FAILED', peer: '-', peerValue: '-', ratio: undefined, target: '≥ 0.33×', note: typeof a === 'string' ? a : (b as string) });
      continue;
    }
    rows.push({
      workload: `${label} ${n(large).toExponential(0)}`,
      metric: 'ms explain + render',
      tracegrad: fmt(b.renderMs),
      peer: `same, ${n(small).toExponential(0)} ops (scaled)`,
      peerValue: fmt((a.renderMs * n(large)) / n(small)),
      ratio: (a.renderMs / n(small)) / (b.renderMs / n(large)),
      target: '≥ 0.33×',
      note: `${b.shown} equations shown, ${b.omitted} left out; LaTeX ${b.latex} chars`,
    });
  }
  report('explain: time per op at 100× the size (1 = linear)', rows);
}

const args = process.argv.slice(2);
if (args[0] === '--json') runForTable();
else if (args[0] === '--child') {
  const r = await runCase(args[1]!);
  console.log(`RESULT ${JSON.stringify(r)}`);
} else {
  const chosen = args.length ? args : CASES;
  const rows: string[][] = [['case', 'explain ms', '+ render ms', 'text chars', 'LaTeX chars', 'Markdown chars', 'shown', 'omitted']];
  for (const spec of chosen) {
    const x = runChild(spec);
    if (typeof x === 'string') rows.push([spec, x, '', '', '', '', '', '']);
    else rows.push([x.case, x.explainMs.toFixed(0), x.renderMs.toFixed(0), String(x.text), String(x.latex), String(x.markdown), String(x.shown), String(x.omitted)]);
    console.error(rows.at(-1)!.join('  '));
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  console.log(rows.map((r) => r.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd()).join('\n'));
}
