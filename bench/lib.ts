/**
 * Shared benchmark machinery: interleaved timing with medians, agreement checks, and the
 * result rows that `bench/run.ts` collects into one table.
 *
 * Every script times tracegrad and its peers in the same process, round-robin (one batch
 * of each contender per round, after warm-up rounds, the order rotating from round to
 * round), so that a slow moment of a shared
 * machine hits all of them alike; it reports medians and their ratio, and only after
 * checking that both sides computed the same thing.
 */

/** `BENCH_QUICK=1`: fewer rounds and smaller sizes, for a shared machine. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** One contender: a name and a function that does one unit of work. */
export interface Contender {
  name: string;
  run: () => unknown;
  /** Untimed preparation before each of its batches (e.g. switching tfjs backends). */
  before?: () => Promise<unknown> | unknown;
}

/** Options of {@link interleave}. */
export interface TimingOptions {
  /** Timed rounds (default 15, 5 in quick mode). */
  rounds?: number;
  /** Untimed rounds first (default 2). */
  warmup?: number;
  /** A batch repeats the work until it lasts this long, to time fast work (default 20 ms). */
  minBatchMs?: number;
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Times contenders round-robin and returns the median milliseconds per unit of work of
 * each. The batch size of each contender is fixed during warm-up.
 */
export function interleave(contenders: readonly Contender[], options: TimingOptions = {}): Map<string, number> {
  if (contenders.some((c) => c.before)) throw new Error('interleave: contenders with `before` need interleaveAsync');
  return runRounds(contenders, options);
}

/** {@link interleave} for contenders that need an asynchronous `before` step. */
export async function interleaveAsync(contenders: readonly Contender[], options: TimingOptions = {}): Promise<Map<string, number>> {
  const rounds = options.rounds ?? (QUICK ? 5 : 15);
  const warmup = options.warmup ?? 2;
  const minBatch = options.minBatchMs ?? 20;
  const batch = new Map<string, number>();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    for (const c of rotate(contenders, r)) {
      if (c.before) await c.before();
      timeBatch(c, r < warmup, batch, samples, minBatch);
    }
  }
  return medians(samples);
}

function runRounds(contenders: readonly Contender[], options: TimingOptions): Map<string, number> {
  const rounds = options.rounds ?? (QUICK ? 5 : 15);
  const warmup = options.warmup ?? 2;
  const minBatch = options.minBatchMs ?? 20;
  const batch = new Map<string, number>();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < warmup + rounds; r++) for (const c of rotate(contenders, r)) timeBatch(c, r < warmup, batch, samples, minBatch);
  return medians(samples);
}

/** The contenders starting from a different one each round, so that none always follows the same neighbour. */
function rotate<T>(xs: readonly T[], r: number): T[] {
  const k = r % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/** Runs one batch of a contender; during warm-up, grows the batch until it lasts `minBatch` ms. */
function timeBatch(c: Contender, warming: boolean, batch: Map<string, number>, samples: Map<string, number[]>, minBatch: number): void {
  let k = batch.get(c.name) ?? 1;
  const t0 = performance.now();
  for (let i = 0; i < k; i++) c.run();
  const dt = performance.now() - t0;
  if (warming) {
    if (dt < minBatch) k = Math.min(1 << 20, Math.max(k * 2, Math.ceil((k * minBatch) / Math.max(dt, 1e-3))));
    batch.set(c.name, k);
  } else samples.get(c.name)!.push(dt / k);
}

function medians(samples: Map<string, number[]>): Map<string, number> {
  return new Map([...samples].map(([name, xs]) => [name, median(xs)]));
}

/** Times one function a few times (for slow, one-off work) and returns the median ms. */
export function timeOnce(fn: () => unknown, runs = QUICK ? 3 : 5): number {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/**
 * Throws unless `a` and `b` agree to `rtol` relative (or `atol` absolute) difference:
 * a benchmark never reports a ratio between two computations that differ.
 */
export function checkClose(what: string, a: number, b: number, rtol = 1e-9, atol = 0): void {
  const ok = Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
  if (!ok || Number.isNaN(a) || Number.isNaN(b)) {
    throw new Error(`benchmark check failed: ${what}: ${a} vs ${b} (rtol ${rtol}, atol ${atol})`);
  }
}

/** One line of the results table. */
export interface Row {
  /** Workload, e.g. `scalar chain 1e5`. */
  workload: string;
  /** What the numbers are, e.g. `ms per fwd+bwd`. */
  metric: string;
  /** tracegrad's figure. */
  tracegrad: string;
  /** The peer and its figure. */
  peer: string;
  peerValue: string;
  /** `peer / tracegrad` time (or tracegrad / peer rate): above 1 means tracegrad is faster. */
  ratio: number | undefined;
  /** The target for the ratio, e.g. `≥ 30×`. */
  target: string;
  /** Anything to know (skips, caps). */
  note?: string;
}

/** Formats a number with 3 significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** Prints rows as a table, and as one JSON line when run by `bench/run.ts` (`--json`). */
export function report(title: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  console.log(table(rows));
  if (process.argv.includes('--json')) console.log(`BENCH_ROWS ${JSON.stringify(rows)}`);
}

/** A plain-text table of rows. */
export function table(rows: readonly Row[]): string {
  const head = ['workload', 'metric', 'tracegrad', 'peer', 'peer value', 'ratio', 'target', 'note'];
  const body = rows.map((r) => [r.workload, r.metric, r.tracegrad, r.peer, r.peerValue, r.ratio === undefined ? '-' : `${fmt(r.ratio)}×`, r.target, r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
