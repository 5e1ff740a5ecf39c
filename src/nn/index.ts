/**
 * Networks: layers, activations, losses, optimizers, datasets and training, sized for
 * teaching. Parameters and layer nodes are named as in the textbook (`W^{(1)}`, `z^{(1)}`,
 * `a^{(1)}`), so that derivations of a trained network read like lecture notes.
 *
 * ```ts
 * import * as tg from 'tracegrad';
 * const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', seed: 0 });
 * const run = tg.nn.fit(net, tg.nn.xor(), { loss: (p, y) => tg.nn.bce(p, y, { fromLogits: true }), steps: 2000 });
 * tg.nn.accuracy(run.output, tg.nn.xor().y, { threshold: 0 }); // 1
 * ```
 * @module
 */
export { activation, identity } from './activations.js';
export type { Activation, ActivationName } from './activations.js';
export { Linear, linear, Mlp, mlp } from './layers.js';
export type { Init, LinearOptions, MlpOptions, ForwardPass } from './layers.js';
export { mse, bce, softmaxCrossEntropy } from './losses.js';
export type { BceOptions, SoftmaxCrossEntropyOptions } from './losses.js';
export { sgd, momentum, adam } from './optimizers.js';
export type { Optimizer, SgdOptions, MomentumOptions, AdamOptions } from './optimizers.js';
export { xor, moons, circles, spiral, oneHot } from './datasets.js';
export type { Dataset, XorOptions, MoonsOptions, CirclesOptions, SpiralOptions } from './datasets.js';
export { parseCsv } from './csv.js';
export type { CsvOptions } from './csv.js';
export { predictLabels, accuracy } from './metrics.js';
export type { ClassifyOptions } from './metrics.js';
export { minimize, fit } from './train.js';
export type { MinimizeOptions, TrainResult, FitOptions, FitResult, Model, ProgressStream } from './train.js';
