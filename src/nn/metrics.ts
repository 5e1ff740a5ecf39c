import { ArgumentError, ShapeError } from '../util/errors.js';
import { Node } from '../core/node.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { checkOptions, finiteNumber } from '../util/options.js';

/** Options of {@link predictLabels} and {@link accuracy}. */
export interface ClassifyOptions {
  /**
   * For a single output per example: class 1 when the output is above the threshold
   * (default 0.5, for probabilities; use 0 for logits).
   */
  threshold?: number;
}

function scoresOf(where: string, scores: Node | TensorLike): Tensor {
  return scores instanceof Node ? scores.tensor : toTensor(`${where}: scores`, scores, true);
}

/**
 * The predicted class of each example: the index of the largest score for outputs
 * `[n, K]` (K ≥ 2), and `1` where the output exceeds `threshold`, else `0`, for outputs `[n, 1]` or `[n]`.
 * An example whose scores hold NaN has no prediction: its label is NaN (never a class).
 * @param scores the network's outputs (a node, evaluated, or values)
 * @param options `threshold`
 * @returns one label per example
 * @throws {@link ShapeError} for outputs of rank other than 1 or 2
 * @example
 * tg.nn.predictLabels([[0.1, 2, -1], [3, 0, 0]]); // → [1, 0]
 * tg.nn.predictLabels([[-0.3], [4]], { threshold: 0 }); // → [0, 1]
 * tg.nn.predictLabels([[NaN], [0.9]]); // → [NaN, 1]
 * @see {@link accuracy}
 * @category Metrics
 */
export function predictLabels(scores: Node | TensorLike, options: ClassifyOptions = {}): number[] {
  checkOptions('predictLabels', options, ['threshold']);
  return labelsOf('predictLabels', scoresOf('predictLabels', scores), options);
}

function labelsOf(where: string, s: Tensor, options: ClassifyOptions): number[] {
  const threshold = finiteNumber(where, 'threshold', options.threshold ?? 0.5);
  // NOTE: NaN is no class (a NaN score compares false both ways, and would otherwise read as class 0).
  if (s.rank === 1 || (s.rank === 2 && s.shape[1] === 1)) return Array.from(s.data, (v) => (v > threshold ? 1 : v <= threshold ? 0 : NaN));
  if (s.rank !== 2) throw new ShapeError(`${where}: scores must have shape [n, K] or [n]; got ${formatShape(s.shape)}`);
  const [n, K] = s.shape as [number, number];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (s.data[i * K + k]! > s.data[i * K + best]!) best = k;
    let nan = false;
    for (let k = 0; k < K; k++) if (Number.isNaN(s.data[i * K + k]!)) nan = true;
    out.push(nan ? NaN : best);
  }
  return out;
}

/**
 * The fraction of examples classified correctly, in `[0, 1]`: predictions as in
 * {@link predictLabels}, compared with integer labels `[n]`, a column `[n, 1]` or one-hot rows `[n, K]`.
 *
 * An example whose scores hold NaN counts as wrong (it predicts no class), so a network that
 * diverged scores low rather than being credited with class 0. Labels are class indices,
 * integers from 0 (for a single output, 0 or 1): labels −1/1 must be mapped to 0/1 first.
 * @param scores the network's outputs
 * @param labels the true labels
 * @param options `threshold` (for single outputs)
 * @returns the accuracy
 * @throws {@link ShapeError} when the numbers of examples differ; {@link ArgumentError} for no
 * examples (the accuracy of none is undefined) and for a label that is not a class index
 * @example
 * tg.nn.accuracy([[0.9], [0.2], [0.7], [0.4]], [1, 0, 0, 0]); // → 0.75
 * tg.nn.accuracy([[2, 1], [0, 3]], [[1, 0], [0, 1]]); // → 1
 * tg.nn.accuracy([[NaN], [0.9]], [0, 1]); // → 0.5
 * @see {@link predictLabels}
 * @category Metrics
 */
export function accuracy(scores: Node | TensorLike, labels: Node | TensorLike, options: ClassifyOptions = {}): number {
  checkOptions('accuracy', options, ['threshold']);
  const predicted = labelsOf('accuracy', scoresOf('accuracy', scores), options);
  const l = labels instanceof Node ? labels.tensor : toTensor('accuracy: labels', labels);
  const truth = l.rank === 2 && l.shape[1]! > 1 ? labelsOf('accuracy', l, {}) : Array.from(l.data);
  if (truth.length !== predicted.length || (l.rank === 2 && l.shape[0] !== predicted.length) || l.rank > 2) {
    throw new ShapeError(`accuracy: ${predicted.length} predictions but labels of shape ${formatShape(l.shape)}; expected [${predicted.length}], [${predicted.length}, 1] or one-hot [${predicted.length}, K]`);
  }
  if (truth.length === 0) throw new ArgumentError(`accuracy: no examples (labels of shape ${formatShape(l.shape)}); the accuracy of no examples is undefined`);
  truth.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0) {
      throw new ArgumentError(`accuracy: labels must be class indices, integers from 0 (one-hot rows give their column); got ${t} at index ${i}${t === -1 ? ' (map labels -1/1 to 0/1)' : ''}`);
    }
  });
  return predicted.reduce((c, p, i) => c + (p === truth[i] ? 1 : 0), 0) / truth.length;
}
