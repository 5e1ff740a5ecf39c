import { ArgumentError, ShapeError } from '../util/errors.js';
import { Node, variable } from '../core/node.js';
import { evaluate } from '../exec/evaluate.js';
import { grad } from '../autodiff/grad.js';
import { formatShape } from '../tensor/shape.js';
import { toTensor, Tensor, type TensorLike } from '../tensor/tensor.js';
import { toOneHot } from './datasets.js';
import { adam, type Optimizer } from './optimizers.js';
import { checkOptions, positiveInt } from '../util/options.js';
import { describeValue } from '../util/describe.js';

/**
 * Where progress goes: anything with `write` (and `isTTY`). By default, standard output in
 * Node (`process.stdout`), and the console where there is no `process` (browsers): one
 * `console.log` per line.
 */
export interface ProgressStream {
  /** Writes a chunk of text. */
  write(text: string): unknown;
  /** True for a terminal: a progress bar is drawn in place instead of periodic lines. */
  isTTY?: boolean;
}

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** The optimizer; its `parameters` are the variables trained. */
  optimizer: Optimizer;
  /** Number of updates (default 1000). */
  steps?: number;
  /**
   * Show progress (default true): on a terminal a bar with the loss, redrawn in place;
   * otherwise a line `step 100/1000  loss 0.123456` every `logEvery` steps. False is silent.
   */
  progress?: boolean;
  /** Steps between plain progress lines (default a tenth of `steps`). */
  logEvery?: number;
  /** Where progress is written (default `process.stdout` in Node, the console in browsers). */
  stream?: ProgressStream;
  /**
   * Called after each update with the step number (from 1) and the loss before that update;
   * returning true stops training.
   */
  until?: (step: number, loss: number) => boolean | void;
}

/** The result of {@link minimize}. */
export interface TrainResult {
  /** The loss before each update: `history[t − 1]` is the loss at step `t`. */
  history: number[];
  /** The loss node that was minimised. */
  loss: Node;
  /** The symbolic gradients of the loss, one per parameter, built once. */
  gradients: Node[];
  /** The trained variables. */
  parameters: readonly Node[];
  /** Number of updates made (fewer than `steps` when `until` stopped training). */
  steps: number;
}

const MINIMIZE_OPTIONS = ['optimizer', 'steps', 'progress', 'logEvery', 'stream', 'until'];

/** Draws progress: a bar on a terminal, periodic lines otherwise. */
class Progress {
  private readonly tty: boolean;
  private readonly every: number;
  private readonly barEvery: number;
  constructor(private readonly out: ProgressStream | undefined, private readonly total: number, logEvery: number | undefined) {
    this.tty = !!out?.isTTY;
    this.every = logEvery ?? Math.max(1, Math.round(total / 10));
    this.barEvery = Math.max(1, Math.floor(total / 100));
  }
  update(step: number, loss: number, last: boolean): void {
    if (!this.out) return;
    const lossText = `loss ${formatLoss(loss)}`;
    if (this.tty) {
      if (!last && step !== 1 && step % this.barEvery !== 0) return;
      const width = 30, filled = Math.round((width * step) / this.total);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.out.write(`\r${bar} ${String(step).padStart(String(this.total).length)}/${this.total}  ${lossText}\x1b[K${last ? '\n' : ''}`);
    } else if (last || step === 1 || step % this.every === 0) {
      this.out.write(`step ${String(step).padStart(String(this.total).length)}/${this.total}  ${lossText}\n`);
    }
  }
}

/** Standard output where there is one (Node, Deno, Bun), else the console, a line at a time. */
function defaultStream(): ProgressStream {
  const stdout = (globalThis as { process?: { stdout?: Partial<ProgressStream> } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') return stdout as ProgressStream;
  let pending = '';
  return {
    write(text: string) {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) console.log(line);
    },
  };
}

function formatLoss(v: number): string {
  return Math.abs(v) >= 1e-4 || v === 0 ? v.toFixed(6) : v.toExponential(3);
}

function runLoop(where: string, loss: Node, options: MinimizeOptions): TrainResult {
  const { optimizer } = options;
  if (!optimizer || typeof optimizer.step !== 'function' || !Array.isArray(optimizer.parameters)) {
    throw new ArgumentError(`${where}: optimizer must be an optimizer such as tg.nn.adam(parameters, { lr: 0.01 }); got ${typeof optimizer}`);
  }
  const steps = positiveInt(where, 'steps', options.steps ?? 1000);
  if (options.logEvery !== undefined) positiveInt(where, 'logEvery', options.logEvery);
  if (options.until !== undefined && typeof options.until !== 'function') throw new ArgumentError(`${where}: until must be a function (step, loss) => boolean; got ${typeof options.until}`);
  const show = options.progress ?? true;
  if (typeof show !== 'boolean') throw new ArgumentError(`${where}: progress must be true or false; got ${describeValue(show)}`);
  const stream = options.stream;
  if (stream !== undefined && (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function' || (stream.isTTY !== undefined && typeof stream.isTTY !== 'boolean'))) {
    // Checked before the first step: a bad stream used to fail at the first progress line, after the parameters had changed.
    throw new ArgumentError(`${where}: stream must be an object with a write(text) method (process.stdout, a file stream), and isTTY true or false if given; got ${describeValue(stream)}`);
  }
  const progress = new Progress(show ? stream ?? defaultStream() : undefined, steps, options.logEvery);

  // Build once: the gradient graph is made here, and only re-evaluated in the loop.
  const parameters = optimizer.parameters;
  const gradients = grad(loss, [...parameters]);
  const roots = [loss, ...gradients];
  const history: number[] = [];
  let done = 0;
  for (let t = 1; t <= steps; t++) {
    const [value, ...gs] = evaluate(roots);
    const l = value as number;
    if (!Number.isFinite(l)) {
      throw new ArgumentError(`${where}: the loss is not finite at step ${t} (${l}); lower the learning rate or check the data`);
    }
    history.push(l);
    optimizer.step(gs as (number | Tensor)[]);
    done = t;
    const stop = options.until?.(t, l) === true;
    progress.update(t, l, stop || t === steps);
    if (stop) break;
  }
  return { history, loss, gradients, parameters, steps: done };
}

/**
 * Minimises a scalar loss node over the optimizer's variables: the symbolic gradient is
 * built once, then each step evaluates the loss and the gradients with the current values
 * and lets the optimizer assign new ones. No graph is rebuilt, so the number of nodes does
 * not grow while training.
 * @param loss a scalar node that depends on the optimizer's parameters
 * @param options `optimizer` (required), `steps`, `progress`, `logEvery`, `stream`, `until`
 * @returns the loss history, the gradients and the number of steps made
 * @throws {@link ShapeError} for a non-scalar loss; {@link ArgumentError} for bad options or a loss that becomes non-finite
 * @example
 * const w = tg.variable('w', 0);
 * const loss = w.sub(3).pow(2);
 * const run = tg.nn.minimize(loss, { optimizer: tg.nn.sgd([w], { lr: 0.25 }), steps: 2, progress: false });
 * run.history; // → [9, 2.25]
 * w.value; // → 2.25
 * @see {@link fit}
 * @category Training
 */
export function minimize(loss: Node, options: MinimizeOptions): TrainResult {
  checkOptions('minimize', options, MINIMIZE_OPTIONS);
  if (options === undefined) throw new ArgumentError('minimize: options must give the optimizer, e.g. { optimizer: tg.nn.adam(parameters), steps: 100 }');
  if (!(loss instanceof Node)) throw new ArgumentError(`minimize: loss must be a Node; got ${typeof loss}`);
  if (loss.rank !== 0) throw new ShapeError(`minimize: the loss must be a scalar; got shape ${formatShape(loss.shape)} (reduce it with mean or sum)`);
  return runLoop('minimize', loss, options);
}

/** What {@link fit} trains: anything with a forward pass and trainable variables, such as {@link mlp}'s networks. */
export interface Model {
  /** The output node for an input node. */
  forward(x: Node): Node;
  /** The trainable variables. */
  readonly parameters: readonly Node[];
}

/** Options of {@link fit}. */
export interface FitOptions extends Omit<MinimizeOptions, 'optimizer'> {
  /** The loss of a prediction and a target, e.g. `tg.nn.mse` or `(p, y) => tg.nn.bce(p, y, { fromLogits: true })`. */
  loss: (prediction: Node, target: Node) => Node;
  /** The optimizer (default `tg.nn.adam(model.parameters, { lr: 0.01 })`). */
  optimizer?: Optimizer;
}

/** The result of {@link fit}: the training graph and its history. */
export interface FitResult extends TrainResult {
  /** The variable `X` holding the training features. */
  X: Node;
  /** The variable holding the targets (`y` as a column `[n, 1]`, or one-hot `Y` `[n, K]`). */
  target: Node;
  /** The model's output on `X` (evaluate it for the trained predictions). */
  output: Node;
}

/**
 * Trains a model on a data set, full batch: builds the graph `L(model(X), target)` once,
 * with `X` and the target as variables, named `L` unless the loss function names it, and its
 * symbolic gradients once, then runs {@link minimize}. Integer labels `[n]` become a column
 * `[n, 1]` for a single output, and one-hot rows `[n, K]` for K outputs.
 *
 * Labels are taken as they are, never remapped: for a single output the column holds them
 * unchanged, so labels −1/1 (which {@link parseCsv} reads as real-valued targets) suit a `tanh`
 * output with `mse`, while `bce` rejects them (its targets are in `[0, 1]`); for K outputs they
 * must be class indices `0…K−1`.
 * @param model a network such as `tg.nn.mlp([2, 4, 1])`
 * @param data `{ X, y }`, e.g. a {@link Dataset}
 * @param options `loss` (required), `optimizer`, `steps`, `progress`, `logEvery`, `stream`, `until`
 * @returns the loss history and the training graph (`loss`, `gradients`, `X`, `target`, `output`)
 * @throws {@link ShapeError} when `X` does not fit the model or `y` does not fit its output; {@link ArgumentError} for bad options or a loss that becomes non-finite
 * @example
 * const net = tg.nn.mlp([2, 4, 1], { seed: 0 });
 * const run = tg.nn.fit(net, tg.nn.xor(), {
 *   loss: (p, y) => tg.nn.bce(p, y, { fromLogits: true }),
 *   optimizer: tg.nn.adam(net.parameters, { lr: 0.1 }), steps: 300, progress: false,
 * });
 * run.history.length; // → 300
 * tg.nn.accuracy(run.output, tg.nn.xor().y, { threshold: 0 }); // → 1
 * @see {@link minimize}, {@link mlp}
 * @category Training
 */
export function fit(model: Model, data: { X: TensorLike; y: TensorLike }, options: FitOptions): FitResult {
  checkOptions('fit', options, ['loss', ...MINIMIZE_OPTIONS]);
  if (!model || typeof model.forward !== 'function' || !Array.isArray(model.parameters)) {
    throw new ArgumentError(`fit: model must have forward(x) and parameters, like tg.nn.mlp([2, 4, 1]); got ${typeof model}`);
  }
  if (!data || data.X === undefined || data.y === undefined) throw new ArgumentError('fit: data must be { X, y } (features [n, d] and labels [n])');
  if (typeof options?.loss !== 'function') throw new ArgumentError(`fit: options.loss must be a function (prediction, target) => loss, e.g. tg.nn.mse; got ${typeof options?.loss}`);
  const Xt = toTensor('fit: X', data.X), yt = toTensor('fit: y', data.y);
  if (Xt.rank !== 2) throw new ShapeError(`fit: X must have shape [n, d]; got ${formatShape(Xt.shape)}`);
  const X = variable('X', Xt);
  const output = model.forward(X);
  const n = Xt.shape[0]!;
  let target: Node;
  if (output.rank === 2 && output.shape[0] === n && yt.rank === 1 && yt.shape[0] === n) {
    const K = output.shape[1]!;
    target = K === 1 ? variable('y', new Tensor([n, 1], yt.data)) : variable('Y', toOneHot(yt, K, 'fit'));
  } else {
    target = variable(yt.rank === 2 && yt.shape[1] !== 1 ? 'Y' : 'y', yt);
  }
  let loss = options.loss(output, target);
  if (!(loss instanceof Node) || loss.rank !== 0) {
    throw new ShapeError(`fit: the loss function must return a scalar node; got ${loss instanceof Node ? `shape ${formatShape(loss.shape)}` : typeof loss}`);
  }
  if (loss.label === undefined && !loss.leaf) loss = loss.as('L');
  const optimizer = options.optimizer ?? adam(model.parameters, { lr: 0.01 });
  const { loss: _unused, optimizer: _o, ...rest } = options;
  const result = runLoop('fit', loss, { ...rest, optimizer });
  return { ...result, X, target, output };
}
