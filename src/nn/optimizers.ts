import { ArgumentError, ShapeError } from '../util/errors.js';
import { Node } from '../core/node.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { checkOptions, finiteNumber } from '../util/options.js';

/**
 * An optimizer: owns a list of variables and, given their gradients, updates their values
 * in place with `assign` (the graph is never rebuilt). Build one with {@link sgd},
 * {@link momentum} or {@link adam}.
 * @category Optimizers
 */
export interface Optimizer {
  /** `'sgd'`, `'momentum'` or `'adam'`. */
  readonly name: string;
  /** The variables it updates. */
  readonly parameters: readonly Node[];
  /** The learning rate `α`. */
  readonly lr: number;
  /** Number of updates made so far (`t` in the Adam paper). */
  readonly steps: number;
  /**
   * One update. All gradients are read (gradient nodes evaluated) before any variable
   * changes, so every gradient is taken at the same point. A step is all or nothing: when
   * it fails (a bad gradient, or an update that is not finite, as with a learning rate far
   * too large), no parameter, no state and no step count has changed.
   * @param gradients one per parameter, in order: values, or gradient nodes to evaluate
   * @throws {@link ArgumentError} for the wrong number of gradients, a non-finite one or a non-finite update; {@link ShapeError} for a gradient whose shape is not its variable's
   */
  step(gradients: readonly (Node | TensorLike)[]): void;
  /** Forgets the state (velocities, moments) and the step count; values are kept. */
  reset(): void;
}

abstract class BaseOptimizer implements Optimizer {
  abstract readonly name: string;
  readonly parameters: readonly Node[];
  steps = 0;
  constructor(where: string, parameters: readonly Node[], readonly lr: number) {
    if (!Array.isArray(parameters) || parameters.length === 0) {
      throw new ArgumentError(`${where}: parameters must be a non-empty array of variables (e.g. net.parameters); got ${Array.isArray(parameters) ? 'an empty array' : typeof parameters}`);
    }
    const seen = new Set<Node>(); // (indexOf per parameter was quadratic: micrograd-style nets have 10⁴–10⁵ scalar parameters)
    parameters.forEach((p, i) => {
      if (!(p instanceof Node) || !p.isVariable) {
        throw new ArgumentError(`${where}: parameters must be variables; parameter ${i} is ${p instanceof Node ? `a ${p.op.name} node` : typeof p}`);
      }
      if (seen.has(p)) throw new ArgumentError(`${where}: variable '${p.name}' is listed twice`);
      seen.add(p);
    });
    this.parameters = Object.freeze([...parameters]);
  }

  step(gradients: readonly (Node | TensorLike)[]): void {
    const where = `${this.name}.step`;
    if (!Array.isArray(gradients) || gradients.length !== this.parameters.length) {
      throw new ArgumentError(`${where}: expected ${this.parameters.length} gradients, one per parameter; got ${Array.isArray(gradients) ? gradients.length : typeof gradients}`);
    }
    // Read every gradient first: assigning a variable invalidates cached values.
    const gs = gradients.map((g, i) => {
      const p = this.parameters[i]!;
      const t = g instanceof Node ? g.tensor : toTensor(`${where}: gradient of '${p.name}'`, g);
      if (!sameShape(t.shape, p.shape)) {
        throw new ShapeError(`${where}: the gradient of '${p.name}' must have its shape ${formatShape(p.shape)}; got ${formatShape(t.shape)}`);
      }
      const bad = t.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new ArgumentError(`${where}: the gradient of '${p.name}' is not finite at flat index ${bad}; got ${t.data[bad]}`);
      return t.data;
    });
    // All or nothing: the new values and state are computed on copies and checked, and only
    // then do the parameters, the state and the step count change.
    const t = this.steps + 1;
    const state = this.parameters.map((_, i) => this.stateOf(i).map((buf) => Float64Array.from(buf)));
    const next = this.parameters.map((p, i) => {
      const theta = Float64Array.from(p.tensor.data);
      this.update(theta, gs[i]!, state[i]!, t);
      const bad = theta.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new ArgumentError(
          `${where}: the update of '${p.name}' is not finite at flat index ${bad} (${p.tensor.data[bad]} would become ${theta[bad]}); ` +
            `nothing was changed: lower the learning rate (lr ${this.lr}) or scale the gradients`,
        );
      }
      return new Tensor(p.shape, theta);
    });
    this.parameters.forEach((p, i) => p.assign(next[i]!));
    state.forEach((buffers, i) => this.setState(i, buffers));
    this.steps = t;
  }

  /** The state buffers of parameter `i` (velocities, moments), made on first use; none for plain SGD. */
  protected stateOf(_i: number): Float64Array[] {
    return [];
  }

  /** Replaces the state buffers of parameter `i`. */
  protected setState(_i: number, _buffers: Float64Array[]): void {}

  /** Updates `theta` (a copy of a parameter) and `state` (copies of its buffers) in place from its gradient `g`, at step `t`. */
  protected abstract update(theta: Float64Array, g: Float64Array, state: Float64Array[], t: number): void;

  reset(): void {
    this.steps = 0;
  }
}

class Sgd extends BaseOptimizer {
  readonly name = 'sgd';
  protected update(theta: Float64Array, g: Float64Array): void {
    for (let k = 0; k < theta.length; k++) theta[k]! -= this.lr * g[k]!;
  }
}

class Momentum extends BaseOptimizer {
  readonly name = 'momentum';
  private velocity: Float64Array[] = [];
  constructor(parameters: readonly Node[], lr: number, readonly beta: number) {
    super('momentum', parameters, lr);
  }
  protected override stateOf(i: number): Float64Array[] {
    return [(this.velocity[i] ??= new Float64Array(this.parameters[i]!.tensor.size))];
  }
  protected override setState(i: number, [v]: Float64Array[]): void {
    this.velocity[i] = v!;
  }
  protected update(theta: Float64Array, g: Float64Array, [v]: Float64Array[]): void {
    for (let k = 0; k < theta.length; k++) {
      v![k] = this.beta * v![k]! + g[k]!;
      theta[k]! -= this.lr * v![k]!;
    }
  }
  override reset(): void {
    super.reset();
    this.velocity = [];
  }
}

class Adam extends BaseOptimizer {
  readonly name = 'adam';
  private m: Float64Array[] = [];
  private v: Float64Array[] = [];
  constructor(parameters: readonly Node[], lr: number, readonly beta1: number, readonly beta2: number, readonly epsilon: number) {
    super('adam', parameters, lr);
  }
  protected override stateOf(i: number): Float64Array[] {
    const n = this.parameters[i]!.tensor.size;
    return [(this.m[i] ??= new Float64Array(n)), (this.v[i] ??= new Float64Array(n))];
  }
  protected override setState(i: number, [m, v]: Float64Array[]): void {
    this.m[i] = m!;
    this.v[i] = v!;
  }
  protected update(theta: Float64Array, g: Float64Array, [m, v]: Float64Array[], t: number): void {
    const c1 = 1 - this.beta1 ** t, c2 = 1 - this.beta2 ** t;
    for (let k = 0; k < theta.length; k++) {
      m![k] = this.beta1 * m![k]! + (1 - this.beta1) * g[k]!;
      v![k] = this.beta2 * v![k]! + (1 - this.beta2) * g[k]! * g[k]!;
      theta[k]! -= (this.lr * (m![k]! / c1)) / (Math.sqrt(v![k]! / c2) + this.epsilon);
    }
  }
  override reset(): void {
    super.reset();
    this.m = [];
    this.v = [];
  }
}

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Learning rate `α` (default 0.01). */
  lr?: number;
}

/**
 * Plain gradient descent: `θ ← θ − α g`, the seed article's `w ← w − α δ x`.
 * @param parameters the variables to train (e.g. `net.parameters`)
 * @param options `lr`
 * @returns the optimizer
 * @throws {@link ArgumentError} for an empty list, a non-variable, or a learning rate that is not positive
 * @example
 * const w = tg.variable('w', 1);
 * const opt = tg.nn.sgd([w], { lr: 0.5 });
 * opt.step([2]);
 * w.value; // → 0
 * @see {@link momentum}, {@link adam}
 * @category Optimizers
 */
export function sgd(parameters: readonly Node[], options: SgdOptions = {}): Optimizer {
  checkOptions('sgd', options, ['lr']);
  return new Sgd('sgd', parameters, finiteNumber('sgd', 'lr', options.lr ?? 0.01, { min: 0, open: true }));
}

/** Options of {@link momentum}. */
export interface MomentumOptions {
  /** Learning rate `α` (default 0.01). */
  lr?: number;
  /** Momentum coefficient `μ` in `[0, 1)` (default 0.9). */
  beta?: number;
}

/**
 * Gradient descent with (heavy-ball) momentum, in PyTorch's form: `v ← μ v + g`,
 * `θ ← θ − α v`, with `v` starting at 0.
 * @param parameters the variables to train
 * @param options `lr`, `beta`
 * @returns the optimizer
 * @throws {@link ArgumentError} for bad parameters, a learning rate that is not positive, or `beta` outside `[0, 1)`
 * @example
 * const w = tg.variable('w', 0);
 * const opt = tg.nn.momentum([w], { lr: 1, beta: 0.5 });
 * opt.step([1]);
 * opt.step([1]);
 * w.value; // → -2.5
 * @see {@link sgd}, {@link adam}
 * @category Optimizers
 */
export function momentum(parameters: readonly Node[], options: MomentumOptions = {}): Optimizer {
  checkOptions('momentum', options, ['lr', 'beta']);
  const lr = finiteNumber('momentum', 'lr', options.lr ?? 0.01, { min: 0, open: true });
  const beta = finiteNumber('momentum', 'beta', options.beta ?? 0.9, { min: 0 });
  if (beta >= 1) throw new ArgumentError(`momentum: beta must be in [0, 1); got ${beta}`);
  return new Momentum(parameters, lr, beta);
}

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Step size `α` (default 0.001, the paper's). */
  lr?: number;
  /** Decay of the first moment `β₁` in `[0, 1)` (default 0.9). */
  beta1?: number;
  /** Decay of the second moment `β₂` in `[0, 1)` (default 0.999). */
  beta2?: number;
  /** `ε` in the denominator (default 1e-8). */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), with bias correction: at step `t`,
 * `m ← β₁ m + (1 − β₁) g`, `v ← β₂ v + (1 − β₂) g²`, `m̂ = m / (1 − β₁ᵗ)`,
 * `v̂ = v / (1 − β₂ᵗ)`, `θ ← θ − α m̂ / (√v̂ + ε)`, elementwise, with `m` and `v` starting at 0.
 * The first step therefore moves every element by about `α` against the sign of its gradient.
 * @param parameters the variables to train
 * @param options `lr`, `beta1`, `beta2`, `epsilon`
 * @returns the optimizer
 * @throws {@link ArgumentError} for bad parameters or hyperparameters
 * @example
 * const w = tg.variable('w', 1);
 * const opt = tg.nn.adam([w], { lr: 0.01 });
 * opt.step([5]);
 * w.value; // → 0.99000000002
 * @see {@link sgd}, {@link momentum}
 * @category Optimizers
 */
export function adam(parameters: readonly Node[], options: AdamOptions = {}): Optimizer {
  checkOptions('adam', options, ['lr', 'beta1', 'beta2', 'epsilon']);
  const lr = finiteNumber('adam', 'lr', options.lr ?? 0.001, { min: 0, open: true });
  const beta1 = finiteNumber('adam', 'beta1', options.beta1 ?? 0.9, { min: 0 });
  const beta2 = finiteNumber('adam', 'beta2', options.beta2 ?? 0.999, { min: 0 });
  if (beta1 >= 1 || beta2 >= 1) throw new ArgumentError(`adam: beta1 and beta2 must be in [0, 1); got beta1 ${beta1}, beta2 ${beta2}`);
  const epsilon = finiteNumber('adam', 'epsilon', options.epsilon ?? 1e-8, { min: 0, open: true });
  return new Adam(parameters, lr, beta1, beta2, epsilon);
}
