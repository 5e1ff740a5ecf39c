import { ArgumentError } from '../util/errors.js';
import { Rng } from './random.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';

/** A nested array of numbers, as accepted by {@link tensor}. */
export type NestedArray = number | NestedArray[];

/**
 * A dense float64 tensor: row-major contiguous data and a shape. Tensors are values:
 * tracegrad never mutates one that it handed out or was handed.
 * @example
 * const t = tg.tensor([[1, 2, 3], [4, 5, 6]]);
 * [t.shape, t.size, t.rank]; // → [[2, 3], 6, 2]
 * t.toArray(); // → [[1, 2, 3], [4, 5, 6]]
 * @category Tensors
 */
export class Tensor {
  /** The shape, `[]` for a scalar. */
  readonly shape: Shape;
  /** Row-major elements. */
  readonly data: Float64Array;

  /** @internal Use {@link tensor}, {@link zeros}, … instead. */
  constructor(shape: Shape, data: Float64Array) {
    if (data.length !== sizeOf(shape)) {
      throw new ArgumentError(`tensor: ${data.length} elements do not fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** The single element of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new ArgumentError(`item: the tensor has shape ${formatShape(this.shape)}, not one element`);
    return this.data[0]!;
  }

  /** The elements as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const n = this.shape[axis]!;
      const inner = stride / n;
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, offset + i * inner, inner));
      return out;
    };
    return build(0, 0, this.data.length);
  }

  /** `tensor([2, 3], [[1, 2, 3], [4, 5, 6]])`-style summary for logs. */
  toString(): string {
    return `tensor(${formatShape(this.shape)}, ${JSON.stringify(this.toArray())})`;
  }
}

/**
 * True for a {@link Tensor}.
 * @example
 * tg.isTensor(tg.zeros([2])); // → true
 * @category Tensors
 */
export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

/**
 * Builds a tensor from a number or nested arrays of numbers (copied). Ragged arrays and
 * non-numbers are rejected.
 * @param values a number (shape `[]`) or nested arrays of equal-length rows
 * @returns a new float64 tensor
 * @throws {@link ArgumentError} for ragged input or a non-number element
 * @example
 * tg.tensor([[1, 2], [3, 4]]).shape; // → [2, 2]
 * @category Tensors
 */
export function tensor(values: NestedArray | Tensor | Float64Array | number[], shape?: Shape): Tensor {
  if (values instanceof Tensor) return new Tensor(shape ?? values.shape, new Float64Array(values.data));
  if (values instanceof Float64Array) {
    return new Tensor(shape ?? [values.length], new Float64Array(values));
  }
  const dims: number[] = [];
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    dims.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0]!;
  }
  const out = new Float64Array(sizeOf(dims));
  let k = 0;
  const walk = (v: NestedArray, axis: number, path: number[]): void => {
    if (axis === dims.length) {
      if (typeof v !== 'number') {
        throw new ArgumentError(`tensor: element at [${path.join(', ')}] is ${Array.isArray(v) ? 'an array' : typeof v}; expected a number (rows must be equally long)`);
      }
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== dims[axis]) {
      throw new ArgumentError(`tensor: ragged array at [${path.join(', ')}]; expected ${dims[axis]} elements along axis ${axis}, got ${Array.isArray(v) ? v.length : typeof v}`);
    }
    v.forEach((e, i) => walk(e, axis + 1, [...path, i]));
  };
  walk(values, 0, []);
  const t = new Tensor(dims, out);
  return shape ? new Tensor(checkShape('tensor', shape), t.data) : t;
}

/** A scalar tensor. @internal */
export function scalarTensor(v: number): Tensor {
  return new Tensor([], Float64Array.of(v));
}

/**
 * A tensor of the given shape with every element equal to `value`.
 * @example
 * tg.full([2], 7).toArray(); // → [7, 7]
 * @category Tensors
 */
export function full(shape: Shape, value: number): Tensor {
  const s = checkShape('full', shape);
  return new Tensor(s, new Float64Array(sizeOf(s)).fill(value));
}

/**
 * A tensor of zeros.
 * @example
 * tg.zeros([2, 2]).toArray(); // → [[0, 0], [0, 0]]
 * @category Tensors
 */
export function zeros(shape: Shape): Tensor {
  return full(shape, 0);
}

/**
 * A tensor of ones.
 * @example
 * tg.ones([3]).toArray(); // → [1, 1, 1]
 * @category Tensors
 */
export function ones(shape: Shape): Tensor {
  return full(shape, 1);
}

/**
 * The identity matrix of size `n`.
 * @example
 * tg.eye(2).toArray(); // → [[1, 0], [0, 1]]
 * @category Tensors
 */
export function eye(n: number): Tensor {
  const t = zeros([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** Options of the random constructors. */
export interface RandomOptions {
  /** Seed of the generator; the same seed gives the same tensor. Default 0. */
  seed?: number;
  /** Lower bound for {@link rand} (default 0) */
  low?: number;
  /** Upper bound for {@link rand} (default 1) */
  high?: number;
  /** Mean for {@link randn} (default 0) */
  mean?: number;
  /** Standard deviation for {@link randn} (default 1) */
  std?: number;
}

/**
 * Uniform random tensor in `[low, high)`, reproducible from `seed`.
 * @example
 * tg.rand([2], { seed: 1 }).shape; // → [2]
 * @category Tensors
 */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  const s = checkShape('rand', shape);
  const rng = new Rng(options.seed ?? 0);
  const lo = options.low ?? 0, hi = options.high ?? 1;
  const t = zeros(s);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.uniform(lo, hi);
  return t;
}

/**
 * Normal random tensor (`mean`, `std`), reproducible from `seed`.
 * @example
 * tg.randn([2, 3], { seed: 1 }).shape; // → [2, 3]
 * @category Tensors
 */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  const s = checkShape('randn', shape);
  const rng = new Rng(options.seed ?? 0);
  const mean = options.mean ?? 0, std = options.std ?? 1;
  const t = zeros(s);
  for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
  return t;
}

/** A value a user may pass where a tensor is expected. */
export type TensorLike = number | Tensor | NestedArray;

/**
 * Converts a number, nested array or tensor to a tensor (copying), rejecting non-finite
 * elements unless `allowNonFinite`. @internal
 */
export function toTensor(where: string, v: unknown, allowNonFinite = false): Tensor {
  let t: Tensor;
  if (typeof v === 'number') t = scalarTensor(v);
  else if (v instanceof Tensor) t = tensor(v);
  else if (Array.isArray(v)) t = tensor(v as NestedArray);
  else throw new ArgumentError(`${where}: expected a number, a nested array of numbers or a Tensor; got ${v === null ? 'null' : typeof v}`);
  if (!allowNonFinite) {
    for (let i = 0; i < t.data.length; i++) {
      if (!Number.isFinite(t.data[i]!)) {
        throw new ArgumentError(`${where}: value is not finite at flat index ${i}; got ${t.data[i]}`);
      }
    }
  }
  return t;
}
