/**
 * Runs every benchmark script, each in its own Node process (a fresh heap and JIT, and
 * `--expose-gc` for the memory figures), and prints one table of all results.
 *
 * Run: `npm run bench` (BENCH_QUICK=1 npm run bench for a short run on a shared machine).
 * One script: `npm run bench -- matmul` (names: see SCRIPTS).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUICK, table, type Row } from './lib.js';

const SCRIPTS = ['scalar-chain', 'build', 'eager', 'mlp', 'matmul', 'swell', 'hessian', 'explain', 'cli'];
const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = only.length ? SCRIPTS.filter((s) => only.includes(s)) : SCRIPTS;
if (only.length && chosen.length !== only.length) {
  console.error(`bench: unknown script(s) ${only.filter((s) => !SCRIPTS.includes(s)).join(', ')}; known: ${SCRIPTS.join(', ')}`);
  process.exit(2);
}

// A pause between scripts: a process started right after one that used a few GB spends much
// longer in garbage collection (measured here: about 40% more, for the same code), whatever it
// runs; each script should meet a machine at rest.
const PAUSE_MS = 5000;
const rows: Row[] = [];
const started = new Date();
for (const [k, name] of chosen.entries()) {
  if (k > 0) await new Promise((done) => setTimeout(done, PAUSE_MS));
  const file = path.join(here, `${name}.ts`);
  process.stdout.write(`running bench/${name}.ts … `);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, '--json'], {
    cwd: path.join(here, '..'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_ROWS '));
  if (r.status === 0 && line) {
    rows.push(...(JSON.parse(line.slice('BENCH_ROWS '.length)) as Row[]));
    console.log(`done in ${secs} s`);
  } else {
    // Keep the first lines of the error (the wasm backend can print its whole source on a crash).
    const why = `${r.stderr}\n${r.stdout}`.split('\n').filter((l) => /Error|failed/.test(l)).slice(0, 2).map((l) => l.slice(0, 200)).join(' / ');
    console.log(`FAILED (exit ${r.status}) in ${secs} s`);
    rows.push({ workload: name, metric: '-', tracegrad: 'FAILED', peer: '-', peerValue: '-', ratio: undefined, target: '-', note: why || 'no result' });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\ntracegrad benchmarks, ${started.toISOString()}${QUICK ? ' (BENCH_QUICK)' : ''}`);
console.log(`Node ${process.version}, ${os.cpus().length} cores (${cpu}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('ratio = peer time / tracegrad time (or tracegrad rate / peer rate): above 1 means tracegrad is faster.\n');
console.log(table(rows));
if (rows.some((r) => r.tracegrad === 'FAILED')) process.exitCode = 1;
