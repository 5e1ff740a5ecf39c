/**
 * Workload 6: whole-process start-up of the command line,
 * `node bin/tracegrad.js grad "x^2" --wrt x --at x=3`, wall time from spawn to exit.
 *
 * Beside it, for scale: a bare `node -e ""` (the floor any Node CLI pays) and a one-line
 * mathjs script that does the same job (`derivative('x^2', 'x').evaluate({ x: 3 })`).
 * The check: both outputs contain the derivative's value, 6. If `bin/tracegrad.js` does
 * not exist or does not run (the CLI needs `npm run build`), the row says so and is
 * skipped.
 *
 * Run: `npx tsx bench/cli.ts` (BENCH_QUICK=1 for fewer runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fmt, median, QUICK, report, type Row } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'tracegrad.js');
const node = process.execPath;

interface Cmd { name: string; args: string[] }
const cli: Cmd = { name: 'tracegrad CLI', args: [bin, 'grad', 'x^2', '--wrt', 'x', '--at', 'x=3'] };
const bare: Cmd = { name: 'node -e ""', args: ['-e', ''] };
const mathjs: Cmd = {
  name: 'mathjs one-liner',
  args: ['--input-type=module', '-e', "import { derivative } from 'mathjs'; console.log(derivative('x^2', 'x').evaluate({ x: 3 }));"],
};

function runOnce(c: Cmd): { ms: number; out: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(node, c.args, { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - t0, out: `${r.stdout}${r.stderr}`, status: r.status };
}

const rows: Row[] = [];
const label = 'CLI start-up: grad "x^2" --wrt x --at x=3';
const skip = (why: string) => rows.push({ workload: label, metric: 'wall ms (median)', tracegrad: 'skipped', peer: '-', peerValue: '-', ratio: undefined, target: '-', note: why });

if (!existsSync(bin)) skip('bin/tracegrad.js does not exist yet');
else {
  const probe = runOnce(cli);
  const ref = runOnce(mathjs);
  if (probe.status !== 0 || !/\b6\b/.test(probe.out)) skip(`the CLI did not print 6 (exit ${probe.status}): ${probe.out.trim().split('\n')[0]?.slice(0, 100)}`);
  else if (ref.status !== 0 || !/\b6\b/.test(ref.out)) skip(`the mathjs one-liner did not print 6: ${ref.out.trim().slice(0, 100)}`);
  else {
    const runs = QUICK ? 5 : 15;
    const times = new Map<string, number[]>([[cli.name, []], [bare.name, []], [mathjs.name, []]]);
    for (let i = 0; i < runs; i++) for (const c of [cli, bare, mathjs]) times.get(c.name)!.push(runOnce(c).ms);
    const t = (c: Cmd) => median(times.get(c.name)!);
    rows.push(
      { workload: label, metric: 'wall ms (median)', tracegrad: `${fmt(t(cli))} ms`, peer: 'mathjs one-liner (same job)', peerValue: `${fmt(t(mathjs))} ms`, ratio: t(mathjs) / t(cli), target: '-' },
      { workload: label, metric: 'wall ms (median)', tracegrad: `${fmt(t(cli))} ms`, peer: 'bare node -e ""', peerValue: `${fmt(t(bare))} ms`, ratio: t(bare) / t(cli), target: '-', note: 'the floor of any Node CLI' },
    );
  }
}
report('Command-line start-up (whole process)', rows);
