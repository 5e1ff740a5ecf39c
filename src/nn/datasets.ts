import { ArgumentError } from '../util/errors.js';
import { Rng } from '../tensor/random.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { allocate } from '../tensor/shape.js';
import { checkOptions, finiteNumber, positiveInt, seedOption } from '../util/options.js';
import { describeValue } from '../util/describe.js';

/**
 * A labelled data set: features `X` (one example per row) and integer class labels `y`.
 * @category Datasets
 */
export interface Dataset {
  /** A short name (`'xor'`, `'moons'`, `'spiral'`, or the CSV file's path). */
  name: string;
  /** Features, shape `[n, d]`. */
  X: Tensor;
  /** Labels, shape `[n]`: class indices `0…classes−1` (or real targets when `classes` is 0). */
  y: Tensor;
  /** Number of classes; 0 for real-valued targets. */
  classes: number;
  /** Names of the feature columns, when known (from a CSV header). */
  featureNames?: string[];
  /** Class names when the labels were text, `labelNames[k]` being class `k`. */
  labelNames?: string[];
}

/**
 * One-hot rows for integer class labels: row `i` has a 1 in column `labels[i]`, 0 elsewhere.
 * @param labels integer labels, shape `[n]` (or any shape: a class axis is appended)
 * @param classes the number of classes `K`
 * @returns a tensor of shape `[n, K]`
 * @throws {@link ArgumentError} for a label that is not an integer in `0…K−1`
 * @example
 * tg.nn.oneHot([0, 2], 3).toArray(); // → [[1, 0, 0], [0, 0, 1]]
 * @category Datasets
 */
export function oneHot(labels: TensorLike, classes: number): Tensor {
  return toOneHot(labels, classes, 'oneHot');
}

/** {@link oneHot} with the caller's name in errors. @internal */
export function toOneHot(labels: TensorLike, classes: number, where: string): Tensor {
  positiveInt(where, 'the number of classes', classes);
  const y = toTensor(`${where}: labels`, labels);
  const out = allocate(where, [...y.shape, classes]);
  y.data.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ArgumentError(`${where}: labels must be integers from 0 to ${classes - 1} (${classes} class${classes === 1 ? '' : 'es'}); got ${v} at index ${i}`);
    }
    out[i * classes + v] = 1;
  });
  return new Tensor([...y.shape, classes], out);
}

/** The most points a generated data set holds (its rows are built as arrays first: 3·10⁸ points ran out of heap, which cannot be caught). */
const MAX_SAMPLES = 10_000_000;

function samplesOption(where: string, what: string, n: number): number {
  if (n > MAX_SAMPLES) throw new ArgumentError(`${where}: ${what} is ${n.toLocaleString('en')}; a generated data set holds at most ${MAX_SAMPLES.toLocaleString('en')} points`);
  return n;
}

function make(name: string, rows: number[][], labels: number[], classes: number): Dataset {
  const d = rows[0]?.length ?? 0;
  return { name, X: new Tensor([rows.length, d], Float64Array.from(rows.flat())), y: new Tensor([labels.length], Float64Array.from(labels)), classes };
}

/** Options of {@link xor}. */
export interface XorOptions {
  /** Number of points, cycling through the four corners (default 4: the corners once). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to the points (default 0). */
  noise?: number;
  /** Seed of the noise: an integer from 0 to 2³² − 1 (default 0). */
  seed?: number;
}

/**
 * The XOR problem: the corners `(0,0), (0,1), (1,0), (1,1)` with labels `x₁ XOR x₂`
 * (`0, 1, 1, 0`), optionally repeated and jittered by seeded Gaussian noise.
 * @param options `samples`, `noise`, `seed`
 * @returns the data set (2 classes)
 * @example
 * tg.nn.xor().X.toArray(); // → [[0, 0], [0, 1], [1, 0], [1, 1]]
 * tg.nn.xor().y.toArray(); // → [0, 1, 1, 0]
 * @see {@link moons}, {@link circles}, {@link spiral}
 * @category Datasets
 */
export function xor(options: XorOptions = {}): Dataset {
  checkOptions('xor', options, ['samples', 'noise', 'seed']);
  const n = samplesOption('xor', 'samples', positiveInt('xor', 'samples', options.samples ?? 4));
  const noise = finiteNumber('xor', 'noise', options.noise ?? 0, { min: 0 });
  const rng = new Rng(seedOption('xor', options.seed ?? 0));
  const corners = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const rows: number[][] = [], labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = corners[i % 4]!;
    rows.push(noise ? [a! + noise * rng.normal(), b! + noise * rng.normal()] : [a!, b!]);
    labels.push(a! ^ b!);
  }
  return make('xor', rows, labels, 2);
}

/** Options of {@link moons}. */
export interface MoonsOptions {
  /** Total number of points, split between the two moons (default 100). */
  samples?: number;
  /** Standard deviation of Gaussian noise (default 0.1). */
  noise?: number;
  /** Seed: an integer from 0 to 2³² − 1 (default 0). */
  seed?: number;
}

/**
 * Two interleaving half circles (scikit-learn's `make_moons`): class 0 on
 * `(cos t, sin t)` and class 1 on `(1 − cos t, 0.5 − sin t)` for `t` evenly spaced in
 * `[0, π]`, plus seeded Gaussian noise. Points are ordered by class.
 * @param options `samples`, `noise`, `seed`
 * @returns the data set (2 classes)
 * @example
 * const d = tg.nn.moons({ samples: 10, seed: 1 });
 * d.X.shape; // → [10, 2]
 * d.y.toArray(); // → [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
 * @category Datasets
 */
export function moons(options: MoonsOptions = {}): Dataset {
  checkOptions('moons', options, ['samples', 'noise', 'seed']);
  const n = samplesOption('moons', 'samples', positiveInt('moons', 'samples', options.samples ?? 100));
  const noise = finiteNumber('moons', 'noise', options.noise ?? 0.1, { min: 0 });
  const rng = new Rng(seedOption('moons', options.seed ?? 0));
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const rows: number[][] = [], labels: number[] = [];
  const lin = (k: number, m: number) => (m === 1 ? 0 : (Math.PI * k) / (m - 1));
  for (let k = 0; k < nOut; k++) {
    const t = lin(k, nOut);
    rows.push([Math.cos(t), Math.sin(t)]);
    labels.push(0);
  }
  for (let k = 0; k < nIn; k++) {
    const t = lin(k, nIn);
    rows.push([1 - Math.cos(t), 0.5 - Math.sin(t)]);
    labels.push(1);
  }
  if (noise) for (const r of rows) for (let j = 0; j < 2; j++) r[j]! += noise * rng.normal();
  return make('moons', rows, labels, 2);
}

/** Options of {@link circles}. */
export interface CirclesOptions {
  /** Total number of points, split between the two circles (default 100). */
  samples?: number;
  /** Standard deviation of Gaussian noise (default 0.05). */
  noise?: number;
  /** Radius of the inner circle relative to the outer one, in `(0, 1)` (default 0.5). */
  factor?: number;
  /** Seed: an integer from 0 to 2³² − 1 (default 0). */
  seed?: number;
}

/**
 * Two concentric circles (scikit-learn's `make_circles`): class 0 on the unit circle,
 * class 1 on a circle of radius `factor`, angles evenly spaced, plus seeded Gaussian noise.
 * Points are ordered by class.
 * @param options `samples`, `noise`, `factor`, `seed`
 * @returns the data set (2 classes)
 * @throws {@link ArgumentError} for a factor outside `(0, 1)`
 * @example
 * const d = tg.nn.circles({ samples: 4, noise: 0 });
 * d.X.toArray(); // → [[1, 0], [-1, 1.2246467991473532e-16], [0.5, 0], [-0.5, 6.123233995736766e-17]]
 * d.y.toArray(); // → [0, 0, 1, 1]
 * @category Datasets
 */
export function circles(options: CirclesOptions = {}): Dataset {
  checkOptions('circles', options, ['samples', 'noise', 'factor', 'seed']);
  const n = samplesOption('circles', 'samples', positiveInt('circles', 'samples', options.samples ?? 100));
  const noise = finiteNumber('circles', 'noise', options.noise ?? 0.05, { min: 0 });
  const factor = finiteNumber('circles', 'factor', options.factor ?? 0.5, { min: 0, max: 1, open: true });
  const rng = new Rng(seedOption('circles', options.seed ?? 0));
  const nOut = Math.floor(n / 2), nIn = n - nOut;
  const rows: number[][] = [], labels: number[] = [];
  for (let k = 0; k < nOut; k++) {
    const t = (2 * Math.PI * k) / nOut;
    rows.push([Math.cos(t), Math.sin(t)]);
    labels.push(0);
  }
  for (let k = 0; k < nIn; k++) {
    const t = (2 * Math.PI * k) / nIn;
    rows.push([factor * Math.cos(t), factor * Math.sin(t)]);
    labels.push(1);
  }
  if (noise) for (const r of rows) for (let j = 0; j < 2; j++) r[j]! += noise * rng.normal();
  return make('circles', rows, labels, 2);
}

/** Options of {@link spiral}. */
export interface SpiralOptions {
  /** Number of classes `K`, one spiral arm each (default 3). */
  classes?: number;
  /** Points per class `N`, at least 2 (default 100): each arm runs from the centre out to radius 1. */
  points?: number;
  /** Standard deviation of the Gaussian noise on the angle (default 0.2). */
  noise?: number;
  /** Seed: an integer from 0 to 2³² − 1 (default 0). */
  seed?: number;
}

/**
 * The CS231n spiral: `K` arms of `N` points; point `i` of arm `j` has radius `r = i/(N−1)`
 * and angle `t = 4j + 4i/(N−1) + noise`, at `(r sin t, r cos t)`. Not linearly separable;
 * a hidden layer of 100 relu units fits it. Points are ordered by class. Every arm starts at
 * the centre `(0, 0)` (as in CS231n), so its first point is the same in every class.
 * @param options `classes`, `points`, `noise`, `seed`
 * @returns the data set (`K` classes, `K·N` points)
 * @throws {@link ArgumentError} for fewer than 2 points per class, or a seed that is not an integer from 0 to 2³² − 1
 * @example
 * const d = tg.nn.spiral({ classes: 3, points: 100, seed: 0 });
 * d.X.shape; // → [300, 2]
 * d.classes; // → 3
 * @category Datasets
 */
export function spiral(options: SpiralOptions = {}): Dataset {
  checkOptions('spiral', options, ['classes', 'points', 'noise', 'seed']);
  const K = positiveInt('spiral', 'classes', options.classes ?? 3);
  const N = options.points ?? 100;
  if (typeof N !== 'number' || !Number.isInteger(N) || N < 2) {
    throw new ArgumentError(`spiral: points must be an integer ≥ 2 (each arm runs from the centre, shared by every arm, out to radius 1); got ${describeValue(options.points)}`);
  }
  samplesOption('spiral', 'classes × points', K * N);
  const noise = finiteNumber('spiral', 'noise', options.noise ?? 0.2, { min: 0 });
  const rng = new Rng(seedOption('spiral', options.seed ?? 0));
  const rows: number[][] = [], labels: number[] = [];
  for (let j = 0; j < K; j++) {
    for (let i = 0; i < N; i++) {
      const f = i / (N - 1);
      const r = f;
      const t = 4 * j + 4 * f + noise * rng.normal();
      rows.push([r * Math.sin(t), r * Math.cos(t)]);
      labels.push(j);
    }
  }
  return make('spiral', rows, labels, K);
}
