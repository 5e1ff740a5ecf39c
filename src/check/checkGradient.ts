import { ArgumentError, GradientCheckError, ShapeError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Node } from '../core/node.js';
import { trace } from '../exec/traced.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { Tensor, toTensor, type NestedArray, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { grad } from '../autodiff/grad.js';
import { checkTolerances, FailureTally, type GradcheckInputReport, type GradcheckReport } from './gradcheck.js';

/** Options of {@link checkGradient}. */
export interface CheckGradientOptions {
  /** Absolute tolerance (default 1e-6). An element passes when `|hand − engine| ≤ atol + rtol·|engine|`. */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Relative finite-difference step: `h = step · max(1, |x|)` (default 6e-6). */
  step?: number;
  /** Throw a {@link GradientCheckError} on failure (default true); otherwise report it. */
  throwOnFailure?: boolean;
}

/** The three gradients of one input, as plain numbers. */
export interface GradientValues {
  /** The input's name. */
  input: string;
  /** From the hand-written gradient function. */
  hand: number | NestedArray;
  /** The engine's symbolic gradient. */
  engine: number | NestedArray;
  /** Central finite differences. */
  numeric: number | NestedArray;
}

/** The result of {@link checkGradient}: the {@link gradcheck} report, plus the three gradients. */
export interface CheckGradientReport extends GradcheckReport {
  /** Hand, engine and finite-difference gradients of each input. */
  gradients: GradientValues[];
}

const plain = (t: Tensor): number | NestedArray => (t.rank === 0 ? t.data[0]! : t.toArray());

/**
 * Checks a hand-written gradient function, numbers in and numbers out, against the engine's
 * symbolic gradient of `f` and against central finite differences, element by element, in
 * float64. `handGradient` receives the inputs as numbers or nested arrays and returns the
 * gradient of each (one value when there is one input, else an array with one per input). An
 * element fails when the hand value differs from the engine's; where the engine and finite
 * differences disagree (a kink, such as relu at 0), a mismatch is a warning instead.
 * @param f the function, written with tracegrad ops, returning a scalar
 * @param handGradient the hand-written gradient: `(...inputs) => gradient(s)`
 * @param inputs values of the inputs (numbers, nested arrays or tensors)
 * @param options see {@link CheckGradientOptions}
 * @returns the report, in {@link gradcheck}'s format, with the three gradients
 * @throws {@link GradientCheckError} on failure (unless `throwOnFailure` is false), naming the input,
 * the worst element's flat index, the hand, engine and finite-difference values and the tolerances;
 * {@link ShapeError} when the hand gradient has the wrong shape or `f` is not scalar
 * @example
 * const f = (x, y) => tg.sin(x).mul(y);
 * tg.checkGradient(f, (x, y) => [Math.cos(x) * y, Math.sin(x)], [0.5, 2]).ok; // → true
 * tg.checkGradient(f, (x, y) => [Math.cos(x), Math.sin(x)], [0.5, 2], { throwOnFailure: false }).failure?.details.input; // → 'x'
 * @see {@link gradcheck}, {@link checkFormula}
 * @category Autodiff
 */
export function checkGradient(
  f: (...xs: Node[]) => Node,
  // NOTE: `any` so that a hand-written gradient can declare its parameters as it likes
  // (`(x: number, y: number) => …`, `(w: number[][]) => …`).
  handGradient: (...inputs: any[]) => unknown,
  inputs: readonly TensorLike[],
  options: CheckGradientOptions = {},
): CheckGradientReport {
  const known = ['atol', 'rtol', 'step', 'throwOnFailure'];
  checkOptions('checkGradient', options, known);
  if (typeof f !== 'function') throw new ArgumentError(`checkGradient: f must be a function of nodes; got ${typeof f}`);
  if (typeof handGradient !== 'function') throw new ArgumentError(`checkGradient: handGradient must be a function; got ${typeof handGradient}`);
  if (!Array.isArray(inputs) || inputs.length === 0) throw new ArgumentError('checkGradient: inputs must be a non-empty array of values');
  const { atol, rtol, step: rel } = checkTolerances('checkGradient', options);
  const t = trace(f, inputs);
  const y = t.output, vars = [...t.inputs];
  if (y.rank !== 0) throw new ShapeError(`checkGradient: f must return a scalar; got shape ${formatShape(y.shape)}`);
  const names = vars.map((v, i) => v.name ?? `input ${i}`);
  const base = new Map<Node, Tensor>(vars.map((v) => [v, v.tensor]));
  const engine = evaluateTensors(grad(y, vars), base);

  // The hand gradient, normalised to one tensor per input.
  const raw = handGradient(...vars.map((v) => plain(base.get(v)!)));
  const asValue = (v: unknown): unknown => (v instanceof Float64Array ? Array.from(v) : v);
  let list: unknown[];
  if (vars.length === 1) {
    const one = asValue(raw);
    const shaped = (v: unknown) => {
      try {
        return sameShape(toTensor('checkGradient', asValue(v), true).shape, vars[0]!.shape);
      } catch {
        return false;
      }
    };
    list = !shaped(one) && Array.isArray(one) && one.length === 1 && shaped(one[0]) ? [one[0]] : [one];
  } else {
    if (!Array.isArray(raw) || raw.length !== vars.length) {
      throw new ArgumentError(`checkGradient: handGradient must return one gradient per input (an array of ${vars.length}); got ${Array.isArray(raw) ? `an array of ${raw.length}` : typeof raw}`);
    }
    list = raw;
  }
  const hand = list.map((v, i) => {
    const h = toTensor(`checkGradient: hand gradient of '${names[i]}'`, asValue(v), true);
    if (!sameShape(h.shape, vars[i]!.shape)) {
      throw new ShapeError(`checkGradient: the hand gradient of '${names[i]}' has shape ${formatShape(h.shape)}; the input has shape ${formatShape(vars[i]!.shape)}`);
    }
    return h;
  });

  const reports: GradcheckInputReport[] = [];
  const warnings: string[] = [];
  const gradients: GradientValues[] = [];
  const tally = new FailureTally(atol, rtol);
  vars.forEach((v, vi) => {
    const name = names[vi]!;
    const rep: GradcheckInputReport = { input: name, maxAbsError: 0, maxRelError: 0, checked: 0, nearKink: 0 };
    const x0 = base.get(v)!;
    const numeric = new Tensor(x0.shape, new Float64Array(x0.size));
    for (let i = 0; i < x0.size; i++) {
      const h = rel * Math.max(1, Math.abs(x0.data[i]!));
      const at = (s: number) => {
        const shifted = new Tensor(x0.shape, Float64Array.from(x0.data));
        shifted.data[i]! += s * h;
        return evaluateTensors([y], new Map(base).set(v, shifted))[0]!.data[0]!;
      };
      numeric.data[i] = (at(1) - at(-1)) / (2 * h);
      const a = hand[vi]!.data[i]!, e = engine[vi]!.data[i]!, n = numeric.data[i]!;
      const engineReliable = Math.abs(e - n) <= 10 * (atol + rtol * Math.abs(n)) + 1e-4 * Math.max(1, Math.abs(n));
      if (!engineReliable) {
        rep.nearKink++;
        warnings.push(`${name}[${i}]: the engine (${e}) and finite differences (${n}) disagree here (a kink?); hand ${a} is not counted as a failure`);
        continue;
      }
      tally.count(rep, a, e, (abs, relErr) => {
        const absN = Math.abs(a - n), relN = absN / Math.max(Math.abs(a), Math.abs(n), Number.MIN_VALUE);
        return new GradientCheckError(
          `checkGradient: the hand-written gradient of '${name}' is wrong at flat index ${i}: hand ${a}, engine (symbolic) ${e}, numeric (central difference) ${n}; ` +
            `abs error ${abs.toExponential(3)}, rel error ${relErr.toExponential(3)} (hand vs engine); tolerances atol ${atol}, rtol ${rtol}`,
          { input: name, index: i, analytic: a, numeric: n, absError: absN, relError: relN, atol, rtol },
        );
      });
    }
    reports.push(rep);
    gradients.push({ input: name, hand: plain(hand[vi]!), engine: plain(engine[vi]!), numeric: plain(numeric) });
  });
  const worst = tally.worst;
  const report: CheckGradientReport = { ok: !worst, inputs: reports, warnings, ...(worst && { failure: worst }), gradients };
  if (worst && options.throwOnFailure !== false) throw worst;
  return report;
}
