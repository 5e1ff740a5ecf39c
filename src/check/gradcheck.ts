import { ArgumentError, GradientCheckError } from '../util/errors.js';
import { checkOptions, finiteNumber, MAX_SEED, positiveInt, seedOption } from '../util/options.js';
import { Node, constant } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { trace } from '../exec/traced.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { Rng } from '../tensor/random.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor, randn, type TensorLike } from '../tensor/tensor.js';
import { mul } from '../ops/mul.js';
import { sum } from '../ops/sum.js';
import { grad } from '../autodiff/grad.js';
import { describeValue } from '../util/describe.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Relative tolerance (default 1e-5). An element passes when `|analytic − numeric| ≤ atol + rtol·|numeric|`. */
  rtol?: number;
  /** `'full'`: every element (default); `'fast'`: random directions only. */
  mode?: 'full' | 'fast';
  /** Number of random directions in fast mode (a positive integer, default 8); only with `mode: 'fast'`. */
  directions?: number;
  /** Seed of the random directions and output projection: an integer from 0 to 2³² − 1 (default 0). */
  seed?: number;
  /** Relative step: `h = step · max(1, |x|)`, in `(0, 1)` (default 6e-6, about the cube root of machine epsilon). */
  step?: number;
  /** Throw a {@link GradientCheckError} on failure (default true); otherwise report it. */
  throwOnFailure?: boolean;
}

/** One input's result. */
export interface GradcheckInputReport {
  /** The input's name. */
  input: string;
  /** Largest `|analytic − numeric|` over the checked elements. */
  maxAbsError: number;
  /** Largest relative error. */
  maxRelError: number;
  /** Elements compared. */
  checked: number;
  /** Elements skipped because a finite-difference step crosses a kink. */
  nearKink: number;
}

/** The result of {@link gradcheck}. */
export interface GradcheckReport {
  /** True when every compared element is within tolerance. */
  ok: boolean;
  /** Per input (or per direction in fast mode). */
  inputs: GradcheckInputReport[];
  /** Elements within a step of a kink (relu, abs, maximum at ties), where a mismatch only warns. */
  warnings: string[];
  /** The worst failure, when `ok` is false. */
  failure?: GradientCheckError;
}

/**
 * Checks the engine's symbolic gradient against central finite differences in float64,
 * element by element (or along random directions in fast mode), with the step scaled to
 * each input's magnitude. Non-scalar outputs are projected on a fixed random vector. Where
 * a step crosses a kink (the input of relu, abs, maximum… changes side), a mismatch is a
 * warning, not a failure.
 * @param f a node (then `inputs` are its variables) or a function of nodes (then `inputs` are values)
 * @param inputs variables of `f`, or values for the function's arguments
 * @returns the report
 * @throws {@link GradientCheckError} naming the input, the worst element's flat index, the analytic and numeric values, both errors and the tolerances;
 * {@link ArgumentError} for a bad option (a negative tolerance, a step outside `(0, 1)`, no directions,
 * directions without mode `'fast'`, a seed outside 0..2³² − 1), or a full check of more than 2·10⁹ element
 * operations (input elements × 2 × the graph's elements: use mode `'fast'`)
 * @example
 * tg.gradcheck((x) => tg.sin(x).mul(x), [0.5]).ok; // → true
 * @category Autodiff
 */
export function gradcheck(f: Node | ((...xs: Node[]) => Node), inputs: readonly (Node | TensorLike)[], options: GradcheckOptions = {}): GradcheckReport {
  const known = ['atol', 'rtol', 'mode', 'directions', 'seed', 'step', 'throwOnFailure'];
  checkOptions('gradcheck', options, known);
  if (!Array.isArray(inputs)) throw new ArgumentError(`gradcheck: inputs must be an array of the variables (or values) to check; got ${describeValue(inputs)}`);
  const { atol, rtol, step: rel } = checkTolerances('gradcheck', options);
  const mode = options.mode ?? 'full';
  if (mode !== 'full' && mode !== 'fast') throw new ArgumentError(`gradcheck: mode must be 'full' or 'fast'; got ${describeValue(mode)}`);
  const count = options.directions === undefined ? 8 : positiveInt('gradcheck', 'directions', options.directions);
  if (options.directions !== undefined && mode !== 'fast') {
    throw new ArgumentError(`gradcheck: directions applies to mode 'fast' (random directions); add mode: 'fast', or leave directions out to check every element`);
  }
  const seed = seedOption('gradcheck', options.seed ?? 0);
  if (options.throwOnFailure !== undefined && typeof options.throwOnFailure !== 'boolean') {
    throw new ArgumentError(`gradcheck: throwOnFailure must be true or false; got ${describeValue(options.throwOnFailure)}`);
  }
  let y: Node, vars: Node[];
  if (f instanceof Node) {
    if (!inputs.every((v) => v instanceof Node && v.isVariable)) throw new ArgumentError('gradcheck: with a node, inputs must be its variables');
    y = f;
    vars = inputs as Node[];
  } else if (typeof f === 'function') {
    const t = trace(f, inputs as TensorLike[]);
    y = t.output;
    vars = [...t.inputs];
  } else throw new ArgumentError(`gradcheck: f must be a Node or a function; got ${typeof f}`);

  // Scalar loss: project a non-scalar output on a fixed random vector.
  const loss = y.rank === 0 ? y : sum(mul(y, constant(randn(y.shape, { seed: (seed + 7919) % (MAX_SEED + 1) }))));
  const analytic = evaluateTensors(grad(loss, vars), new Map());
  const base = new Map<Node, Tensor>(vars.map((v) => [v, v.tensor]));
  const order = topoOrder([loss]);
  if (mode === 'full') checkFullWork(vars, order);
  const kinkNodes = order.filter((n) => n.op.kink && !n.leaf);
  const kinkInputs = kinkNodes.flatMap((n) => n.inputs);
  const kinkValues = (vals: Tensor[]): Float64Array[] => {
    let k = 0;
    return kinkNodes.map((n) => {
      const ins = vals.slice(k, k + n.inputs.length);
      k += n.inputs.length;
      return n.op.kink!(ins, n.attrs, n.shape).data;
    });
  };
  const baseKinks = kinkValues(evaluateTensors(kinkInputs, base));
  // A step "crosses a kink" when some kink quantity that the step moved changes sign or touches 0.
  const at = (shift: Map<Node, Tensor>) => {
    const vals = evaluateTensors([loss, ...kinkInputs], shift);
    const now = kinkValues(vals.slice(1));
    const crosses = now.some((arr, i) =>
      arr.some((v, j) => {
        const b0 = baseKinks[i]![j]!;
        return v !== b0 && (Math.sign(v) !== Math.sign(b0) || v === 0 || b0 === 0);
      }),
    );
    return { value: vals[0]!.data[0]!, crosses };
  };
  const reports: GradcheckInputReport[] = [];
  const warnings: string[] = [];
  const tally = new FailureTally(atol, rtol);
  const compare = (input: string, index: number, a: number, n: number, rep: GradcheckInputReport, nearKink: boolean) => {
    if (nearKink) {
      rep.nearKink++;
      if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) warnings.push(`${input}[${index}]: within a step of a kink; analytic ${a}, numeric ${n} (not counted as a failure)`);
      return;
    }
    tally.count(rep, a, n, (abs, relErr) => new GradientCheckError(
      `gradcheck: gradient of '${input}' is wrong at flat index ${index}: analytic (engine) ${a}, numeric (central difference) ${n}; ` +
        `abs error ${abs.toExponential(3)}, rel error ${relErr.toExponential(3)}; tolerances atol ${atol}, rtol ${rtol}`,
      { input, index, analytic: a, numeric: n, absError: abs, relError: relErr, atol, rtol },
    ));
  };

  if (mode === 'full') {
    vars.forEach((v, vi) => {
      const name = v.name ?? `input ${vi}`;
      const rep: GradcheckInputReport = { input: name, maxAbsError: 0, maxRelError: 0, checked: 0, nearKink: 0 };
      const x0 = base.get(v)!;
      for (let i = 0; i < x0.size; i++) {
        const h = rel * Math.max(1, Math.abs(x0.data[i]!));
        const plus = new Tensor(x0.shape, Float64Array.from(x0.data)), minus = new Tensor(x0.shape, Float64Array.from(x0.data));
        plus.data[i]! += h;
        minus.data[i]! -= h;
        const p = at(new Map(base).set(v, plus)), m = at(new Map(base).set(v, minus));
        compare(name, i, analytic[vi]!.data[i]!, (p.value - m.value) / (2 * h), rep, p.crosses || m.crosses);
      }
      reports.push(rep);
    });
  } else {
    const rng = new Rng(seed);
    for (let k = 0; k < count; k++) {
      const dirs = vars.map((v) => new Tensor(v.shape, Float64Array.from({ length: base.get(v)!.size }, () => rng.normal())));
      let scale = 1;
      for (const v of vars) for (const x of base.get(v)!.data) scale = Math.max(scale, Math.abs(x));
      const h = rel * scale;
      const shifted = (sign: number) => new Map(vars.map((v, i) => [v, new Tensor(v.shape, Float64Array.from(base.get(v)!.data, (x, j) => x + sign * h * dirs[i]!.data[j]!))]));
      const p = at(shifted(1)), m = at(shifted(-1));
      let a = 0;
      vars.forEach((_, i) => analytic[i]!.data.forEach((g, j) => (a += g * dirs[i]!.data[j]!)));
      const rep: GradcheckInputReport = { input: `direction ${k}`, maxAbsError: 0, maxRelError: 0, checked: 0, nearKink: 0 };
      compare(`direction ${k}`, k, a, (p.value - m.value) / (2 * h), rep, p.crosses || m.crosses);
      reports.push(rep);
    }
  }
  const worst = tally.worst;
  const report: GradcheckReport = { ok: !worst, inputs: reports, warnings, ...(worst && { failure: worst }) };
  if (worst && options.throwOnFailure !== false) throw worst;
  return report;
}

/**
 * Element operations full mode may take: two evaluations of the graph per input element.
 * An element operation takes about 4 ns here, so this bound is under 10 s; past it a full check
 * of a large input would run for minutes or hours (10⁵ elements of `sum(x·x)`: 6·10¹⁰).
 */
const MAX_FULL_WORK = 2e9;

/** Refuses a full check whose cost (elements × 2 × the graph's elements) is past {@link MAX_FULL_WORK}. */
function checkFullWork(vars: readonly Node[], order: readonly Node[]): void {
  let elements = 0, graph = 0;
  for (const v of vars) elements += sizeOf(v.shape);
  for (const n of order) graph += sizeOf(n.shape);
  const work = 2 * elements * graph;
  if (work > MAX_FULL_WORK) {
    throw new ArgumentError(
      `gradcheck: mode 'full' would evaluate the graph (${graph.toLocaleString('en')} elements) twice for each of the ${elements.toLocaleString('en')} input elements, ` +
        `${work.toExponential(1)} element operations (at most ${MAX_FULL_WORK.toExponential(0)}); use mode: 'fast', which checks random directions of all inputs at once`,
    );
  }
}

/**
 * The tolerances and step of a gradient check, validated: a bad one would make the check
 * blame the engine ("gradient is wrong") or check nothing. @internal
 */
export function checkTolerances(where: string, o: { atol?: unknown; rtol?: unknown; step?: unknown }): { atol: number; rtol: number; step: number } {
  return {
    atol: finiteNumber(where, 'atol', o.atol ?? 1e-6, { min: 0 }),
    rtol: finiteNumber(where, 'rtol', o.rtol ?? 1e-5, { min: 0 }),
    step: finiteNumber(where, 'step', o.step ?? 6e-6, { min: 0, max: 1, open: true }),
  };
}

/**
 * The error accounting of {@link gradcheck} and `checkGradient`: each compared element updates
 * its input's report, and the element furthest out of tolerance (a NaN counts as furthest) is
 * kept as the failure to report.
 * @internal
 */
export class FailureTally {
  /** The worst failure so far. */
  worst: GradientCheckError | undefined;
  private worstExcess = 0;

  constructor(private readonly atol: number, private readonly rtol: number) {}

  /**
   * Counts `value` against the reference `ref` in `rep`. When it is out of tolerance and worse
   * than any failure so far, `failure(abs, rel)` becomes the worst one.
   */
  count(rep: GradcheckInputReport, value: number, ref: number, failure: (abs: number, rel: number) => GradientCheckError): void {
    const abs = Math.abs(value - ref);
    const rel = abs / Math.max(Math.abs(value), Math.abs(ref), Number.MIN_VALUE);
    const excess = abs - (this.atol + this.rtol * Math.abs(ref));
    rep.checked++;
    rep.maxAbsError = Math.max(rep.maxAbsError, abs);
    rep.maxRelError = Math.max(rep.maxRelError, abs === 0 ? 0 : rel);
    if ((excess > 0 || Number.isNaN(excess)) && (!this.worst || excess > this.worstExcess || Number.isNaN(excess))) {
      this.worstExcess = Number.isNaN(excess) ? Infinity : excess;
      this.worst = failure(abs, rel);
    }
  }
}
