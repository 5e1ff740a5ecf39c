import { ArgumentError, ShapeError } from '../util/errors.js';
import { constant, Node, toNode, type Operand } from '../core/node.js';
import { div } from '../ops/div.js';
import { add } from '../ops/add.js';
import { log } from '../ops/log.js';
import { logSoftmax } from '../ops/logSoftmax.js';
import { maximum } from '../ops/maximum.js';
import { mean } from '../ops/mean.js';
import { minimum } from '../ops/minimum.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { pow } from '../ops/pow.js';
import { reshape } from '../ops/reshape.js';
import { softplus } from '../ops/softplus.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { checkOptions, finiteNumber } from '../util/options.js';
import { toOneHot } from './datasets.js';
import { describeValue } from '../util/describe.js';

/**
 * The target as a node of the prediction's shape. A target `[n]` for a prediction `[n, 1]`
 * is taken as a column (broadcasting them would silently build an `[n, n]` loss).
 */
function matchTarget(where: string, prediction: Node, target: Operand): Node {
  const t = toNode(where, target);
  if (sameShape(t.shape, prediction.shape)) return t;
  const p = prediction.shape;
  if (p.length === 2 && p[1] === 1 && t.shape.length === 1 && t.shape[0] === p[0]) return reshape(t, p);
  throw new ShapeError(`${where}: the target must have the prediction's shape ${formatShape(p)}${p.length === 2 && p[1] === 1 ? ` (or [${p[0]}])` : ''}; got ${formatShape(t.shape)}`);
}

function checkPrediction(where: string, prediction: unknown): Node {
  if (!(prediction instanceof Node)) throw new ArgumentError(`${where}: the prediction must be a Node (the network's output); got ${typeof prediction}`);
  return prediction;
}

/** Data targets (not nodes) must lie in [0, 1] for the cross-entropies. */
function checkUnitInterval(where: string, target: Operand): void {
  // A variable's current value is checked too (the targets `fit` makes are variables: labels
  // −1/1 would otherwise train silently towards a wrong loss); other nodes are computed.
  let t: Tensor;
  if (target instanceof Node) {
    if (!target.isVariable || !target.leaf!.hasValue) return;
    t = target.leaf!.value!;
  } else t = toTensor(`${where}: target`, target);
  const i = t.data.findIndex((v) => v < 0 || v > 1);
  if (i >= 0) {
    throw new ArgumentError(`${where}: targets are probabilities in [0, 1]; got ${t.data[i]} at flat index ${i}${target instanceof Node ? ` of variable '${target.name}'` : ''}${t.data[i] === -1 ? ' (map labels -1/1 to 0/1)' : ''}`);
  }
}

/**
 * Mean squared error: `L = (1/N) Σᵢ (ŷᵢ − yᵢ)²` over all N elements.
 *
 * Derivative: `∂L/∂ŷ = (2/N)(ŷ − y)`.
 * @param prediction the network's output `ŷ`
 * @param target `y`, of the prediction's shape (a target `[n]` fits a prediction `[n, 1]`)
 * @returns the scalar loss node
 * @throws {@link ShapeError} when the shapes differ
 * @example
 * tg.nn.mse(tg.variable('p', [1, 2]), [1, 4]).value; // → 2
 * @see {@link bce}, {@link softmaxCrossEntropy}
 * @category Losses
 */
export function mse(prediction: Node, target: Operand): Node {
  const p = checkPrediction('mse', prediction);
  return mean(pow(sub(p, matchTarget('mse', p, target)), 2));
}

/** Options of {@link bce}. */
export interface BceOptions {
  /**
   * True when the prediction is a logit `z` (any real number; the probability is `σ(z)`),
   * false when it is a probability `p` in `[0, 1]` (default false).
   */
  fromLogits?: boolean;
  /** Probabilities are clamped to `[ε, 1 − ε]` before the logarithm (default `1e-7`). */
  epsilon?: number;
}

/**
 * Binary cross-entropy, averaged over all elements: `L = −(1/N) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)]`.
 * With `fromLogits: true` the prediction is the logit `z` and the loss is computed stably as
 * `(1/N) Σᵢ [softplus(zᵢ) − yᵢ zᵢ]`, finite for any `z` (even ±1000); with probabilities they
 * are clamped to `[ε, 1 − ε]` so that `log 0` never occurs.
 *
 * Derivative: from logits `∂L/∂z = (σ(z) − y)/N`; from probabilities
 * `∂L/∂p = (p − y) / (N p (1 − p))` inside the clamp, 0 outside it.
 * @param prediction logits `z` or probabilities `p`
 * @param target labels in `[0, 1]`, of the prediction's shape (a target `[n]` fits `[n, 1]`)
 * @param options `fromLogits`, `epsilon`
 * @returns the scalar loss node
 * @throws {@link ShapeError} when the shapes differ; {@link ArgumentError} for a data target outside `[0, 1]` (or a
 * variable target whose value is, such as labels −1/1), or a bad option
 * @example
 * tg.nn.bce(tg.variable('z', [0]), [1], { fromLogits: true }).value; // → 0.6931471805599453
 * tg.nn.bce(tg.variable('z', [1000]), [0], { fromLogits: true }).value; // → 1000
 * tg.nn.bce(tg.variable('p', [0.5, 0.5]), [1, 0]).value; // → 0.6931471805599453
 * @see {@link softmaxCrossEntropy}, {@link mse}
 * @category Losses
 */
export function bce(prediction: Node, target: Operand, options: BceOptions = {}): Node {
  checkOptions('bce', options, ['fromLogits', 'epsilon']);
  const p = checkPrediction('bce', prediction);
  const fromLogits = options.fromLogits ?? false;
  if (typeof fromLogits !== 'boolean') throw new ArgumentError(`bce: fromLogits must be true or false; got ${describeValue(fromLogits)}`);
  const eps = finiteNumber('bce', 'epsilon', options.epsilon ?? 1e-7, { min: 0, max: 0.5, open: true });
  checkUnitInterval('bce', target);
  const y = matchTarget('bce', p, target);
  if (fromLogits) return mean(sub(softplus(p), mul(y, p)));
  const q = minimum(maximum(p, eps), 1 - eps);
  return neg(mean(add(mul(y, log(q)), mul(sub(1, y), log(sub(1, q))))));
}

/** Options of {@link softmaxCrossEntropy}. */
export interface SoftmaxCrossEntropyOptions {
  /** The class axis of the logits (default -1, the last). */
  axis?: number;
}

/**
 * Softmax cross-entropy averaged over examples: `L = −(1/n) Σᵢ Σₖ Yᵢₖ log softmax(zᵢ)ₖ`, for
 * logits `z` of shape `[n, K]` and one-hot (or probability) labels `Y`; integer labels
 * `y` of shape `[n]` (class indices `0…K−1`, given as data) are turned into one-hot rows.
 * Computed stably through `logSoftmax`. The labels given as data become a named constant
 * (`Y` for a batch, `y` for one example) and the number of examples a constant named `n`, so the
 * derivation reads `∂L/∂Z = (softmax(Z) − Y)/n`. With a single class (`K = 1`) the loss is the
 * constant 0 and every gradient is zero — the seed article's bug; use {@link bce} on one logit.
 *
 * Derivative: `∂L/∂z = (softmax(z) − Y)/n` (when the rows of `Y` sum to 1).
 * @param logits `z`, shape `[n, K]` (classes on `axis`)
 * @param labels integer labels `[n]` as data, or one-hot labels of the logits' shape (data or a node)
 * @param options `axis`
 * @returns the scalar loss node
 * @throws {@link ShapeError} when the labels fit neither form; {@link ArgumentError} for a label that is not an integer in `0…K−1`, or integer labels given as a node
 * @example
 * const z = tg.variable('z', [[0, 0], [0, 0]]);
 * tg.nn.softmaxCrossEntropy(z, [0, 1]).value; // → 0.6931471805599453
 * tg.nn.softmaxCrossEntropy(z, [[1, 0], [0, 1]]).value; // → 0.6931471805599453
 * @see {@link bce}
 * @category Losses
 */
export function softmaxCrossEntropy(logits: Node, labels: Operand, options: SoftmaxCrossEntropyOptions = {}): Node {
  checkOptions('softmaxCrossEntropy', options, ['axis']);
  const z = checkPrediction('softmaxCrossEntropy', logits);
  if (z.rank === 0) throw new ShapeError(`softmaxCrossEntropy: logits need a class axis (shape [n, K]); got a scalar ${formatShape(z.shape)}`);
  const ax = options.axis ?? -1;
  if (typeof ax !== 'number' || !Number.isInteger(ax) || ax < -z.rank || ax >= z.rank) {
    throw new ArgumentError(`softmaxCrossEntropy: axis must be an integer from ${-z.rank} to ${z.rank - 1}; got ${describeValue(ax)}`);
  }
  const axis = ax < 0 ? ax + z.rank : ax;
  const K = z.shape[axis]!;
  const intShape = z.shape.filter((_, i) => i !== axis);
  // The labels and the number of examples are named constants, so that the derivation reads
  // as the textbook's, `∂L/∂Z = (softmax(Z) − Y)/n`, rather than with the labels written out.
  const batch = z.rank > 1;
  const labelName = batch ? 'Y' : 'y';
  let Y: Node;
  const shapeOf = (v: unknown): readonly number[] => (v instanceof Node || v instanceof Tensor ? v.shape : toTensor('softmaxCrossEntropy: labels', v).shape);
  const ls = shapeOf(labels);
  if (sameShape(ls, z.shape)) {
    Y = labels instanceof Node ? labels : constant(toTensor('softmaxCrossEntropy: labels', labels as TensorLike), { label: labelName });
  } else if (sameShape(ls, intShape)) {
    if (labels instanceof Node) {
      throw new ArgumentError(`softmaxCrossEntropy: integer labels must be data (an array or a tensor), not a node; give one-hot labels ${formatShape(z.shape)} as a node instead`);
    }
    const y = toTensor('softmaxCrossEntropy: labels', labels as TensorLike);
    const hot = toOneHot(y, K, 'softmaxCrossEntropy');
    Y = constant(axis === z.rank - 1 ? hot : moveLastAxis(hot, axis), { label: labelName });
  } else {
    throw new ShapeError(
      `softmaxCrossEntropy: labels must be integer labels ${formatShape(intShape)} or one-hot labels ${formatShape(z.shape)} for logits ${formatShape(z.shape)}; got ${formatShape(ls)}`,
    );
  }
  const perExample = sum(mul(Y, logSoftmax(z, axis)), axis);
  if (!batch) return neg(perExample);
  return neg(div(sum(perExample), constant(perExample.shape.reduce((a, b) => a * b, 1), { label: 'n' })));
}

/** Moves the last axis of a one-hot tensor to `axis`. */
function moveLastAxis(t: Tensor, axis: number): Tensor {
  const shape = t.shape;
  const K = shape[shape.length - 1]!;
  const outShape = [...shape.slice(0, axis), K, ...shape.slice(axis, -1)];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis, -1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(t.size);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) for (let k = 0; k < K; k++) out[(o * K + k) * inner + i] = t.data[(o * inner + i) * K + k]!;
  return new Tensor(outShape, out);
}
