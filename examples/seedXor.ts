/**
 * The seed article's XOR program, built as it is written, bug included (softmax
 * cross-entropy over one logit): the example that the course's lesson 5, `examples/xor.ts`
 * and `examples/seed-bug.ts` explain. It is an example built with the public API, not part of it.
 * @module
 */
import * as tg from '../src/index.js';

type Node = tg.Node;
type Mlp = tg.nn.Mlp;
type Optimizer = tg.nn.Optimizer;
type MinimizeOptions = tg.nn.MinimizeOptions;
type TrainResult = tg.nn.TrainResult;

/** Options of {@link seedXorProgram}. */
export interface SeedXorOptions {
  /** Seed of the `N(0, 1)` initialisation (default 0). */
  seed?: number;
}

/** The seed article's XOR program, built as written (see {@link seedXorProgram}). */
export interface SeedXorProgram {
  /** The 2-4-1 network: sigmoid hidden layer, one linear output (`W1, b1, W2, b2`, all `N(0, 1)`). */
  net: Mlp;
  /** The variable `X`, the four XOR inputs `[4, 2]`. */
  X: Node;
  /** The variable `Y`, the XOR labels as a column `[4, 1]`. */
  Y: Node;
  /** The single logit per example, `z^{(2)}`, shape `[4, 1]`. */
  logits: Node;
  /** `L`: softmax cross-entropy of the single logit against `Y`. */
  loss: Node;
  /** `[W1, b1, W2, b2]`. */
  parameters: Node[];
  /** `∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2`: every one structurally zero. */
  gradients: Node[];
  /** Adam with learning rate 0.01, as in the article. */
  optimizer: Optimizer;
  /**
   * Trains as the article does (1000 steps by default).
   * @param steps number of updates
   * @param options the other options of {@link minimize}
   */
  train(steps?: number, options?: Omit<MinimizeOptions, 'optimizer' | 'steps'>): TrainResult;
}

/**
 * The seed article's XOR example, exactly as written, kept as a counter-example: a 2-4-1
 * network (`Z2 = X W1 + b1`, `A2 = σ(Z2)`, `Z3 = A2 W2 + b2`, weights and biases `N(0, 1)`)
 * whose loss is softmax cross-entropy on a single logit, trained with Adam (learning rate
 * 0.01). Over one class `softmax(z) = 1`, so `L = −mean(Y log 1) = 0` for every parameter
 * value: the loss is constant and every gradient is structurally zero (`tg.isZero`). The
 * fix is binary cross-entropy on the logit (`tg.nn.bce(z, y, { fromLogits: true })`).
 *
 * Derivative: `∂ logSoftmax(z)/∂z = 0` over an axis of length 1, hence `δ⁽²⁾ = 0` and all
 * parameter gradients vanish.
 * @param options `seed`
 * @returns the program's graph, gradients, optimizer and a `train` function
 * @example
 * const p = seedXorProgram({ seed: 0 });
 * p.gradients.every((g) => tg.isZero(g)); // → true
 * Math.abs(p.loss.value); // → 0
 */
export function seedXorProgram(options: SeedXorOptions = {}): SeedXorProgram {
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new tg.ArgumentError(`seedXorProgram: seed must be a finite number; got ${JSON.stringify(seed)}`);
  const X = tg.variable('X', [[0, 0], [0, 1], [1, 0], [1, 1]]);
  const Y = tg.variable('Y', [[0], [1], [1], [0]]);
  const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', outputActivation: 'identity', init: 'normal', seed });
  const logits = net.forward(X);
  const loss = tg.nn.softmaxCrossEntropy(logits, Y).as('L');
  const parameters = net.parameters;
  const gradients = tg.grad(loss, parameters);
  const optimizer = tg.nn.adam(parameters, { lr: 0.01 });
  return {
    net,
    X,
    Y,
    logits,
    loss,
    parameters,
    gradients,
    optimizer,
    train: (steps = 1000, rest = {}) => tg.nn.minimize(loss, { ...rest, optimizer, steps }),
  };
}
