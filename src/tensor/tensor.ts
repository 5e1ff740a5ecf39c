import { ArgumentError } from '../util/errors.js';
import { checkOptions, finiteNumber, seedOption } from '../util/options.js';
import { Rng } from './random.js';
import { allocate, checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { describeValue } from '../util/describe.js';

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
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (!Number.isInteger(d) || d < 0) throw new ArgumentError(`tensor: a shape is an array of non-negative integers; got ${describeValue(shape)}`);
    }
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
    if (this.shape.length === 0) return this.data[0]!;
    // Innermost axis first: rows of numbers, then rows of rows (no recursion over the axes).
    // Past V8's longest array (2²⁷ − 3 elements): a typed error, not a raw RangeError after
    // seconds of copying.
    if (this.data.length > MAX_JS_ARRAY) {
      throw new ArgumentError(`toArray: a tensor of shape ${formatShape(this.shape)} (${this.data.length.toLocaleString('en')} elements) is too large for JavaScript arrays; read its data (a Float64Array) instead`);
    }
    let level: NestedArray[] = Array.from(this.data);
    // before[axis]: how many rows of that axis there are (the product of the axes before it).
    const before = [1];
    for (let axis = 0; axis < this.shape.length; axis++) before.push(before[axis]! * this.shape[axis]!);
    for (let axis = this.shape.length - 1; axis >= 0; axis--) {
      const n = this.shape[axis]!;
      const count = before[axis]!;
      const next: NestedArray[] = new Array(count);
      for (let i = 0; i < count; i++) next[i] = level.slice(i * n, (i + 1) * n);
      level = next;
    }
    return level[0]!;
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
  if (values instanceof Tensor) return new Tensor(shape === undefined ? values.shape : checkShape('tensor', shape), new Float64Array(values.data));
  if (values instanceof Float64Array) {
    return new Tensor(shape === undefined ? [values.length] : checkShape('tensor', shape), new Float64Array(values));
  }
  if (typeof values !== 'number' && !Array.isArray(values)) {
    throw new ArgumentError(`tensor: expected a number, nested arrays of numbers, a Float64Array or a Tensor; got ${describeValue(values)}`);
  }
  const dims: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    dims.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const out = allocate('tensor', dims);
  const where = (path: readonly number[]) => `[${path.join(', ')}]`;
  if (dims.length === 0) {
    if (typeof values !== 'number') throw new ArgumentError(`tensor: expected a number; got ${describeValue(values)}`);
    out[0] = values;
  } else {
    // Depth first with an explicit stack of (array, next index): no recursion over the axes.
    const arrays: unknown[][] = [values as unknown[]];
    const next: number[] = [0];
    let k = 0;
    while (arrays.length) {
      const axis = arrays.length - 1;
      const arr = arrays[axis]!;
      const i = next[axis]!;
      if (i === arr.length) {
        arrays.pop();
        next.pop();
        continue;
      }
      next[axis] = i + 1;
      const path = () => [...next.slice(0, axis), i];
      if (!(i in arr)) throw new ArgumentError(`tensor: element at ${where(path())} is an empty slot (a hole such as [1, , 3]); expected a number`);
      const v = arr[i];
      if (axis + 1 === dims.length) {
        if (typeof v !== 'number') {
          throw new ArgumentError(`tensor: element at ${where(path())} is ${Array.isArray(v) ? 'an array' : describeValue(v)}; expected a number (rows must be equally long)`);
        }
        out[k++] = v;
        continue;
      }
      if (!Array.isArray(v) || v.length !== dims[axis + 1]) {
        throw new ArgumentError(`tensor: ragged array at ${where(path())}; expected ${dims[axis + 1]} elements along axis ${axis + 1}, got ${Array.isArray(v) ? v.length : describeValue(v)}`);
      }
      arrays.push(v);
      next.push(0);
    }
  }
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
  if (typeof value !== 'number') throw new ArgumentError(`full: value must be a number; got ${describeValue(value)}`);
  return filled('full', shape, value);
}

/** A tensor of `shape` filled with `value`; `where` names the caller in errors. */
function filled(where: string, shape: Shape, value: number): Tensor {
  const s = checkShape(where, shape);
  const data = allocate(where, s);
  if (value !== 0) data.fill(value);
  return new Tensor(s, data);
}

/**
 * A tensor of zeros.
 * @example
 * tg.zeros([2, 2]).toArray(); // → [[0, 0], [0, 0]]
 * @category Tensors
 */
export function zeros(shape: Shape): Tensor {
  return filled('zeros', shape, 0);
}

/**
 * A tensor of ones.
 * @example
 * tg.ones([3]).toArray(); // → [1, 1, 1]
 * @category Tensors
 */
export function ones(shape: Shape): Tensor {
  return filled('ones', shape, 1);
}

/**
 * The identity matrix of size `n`.
 * @example
 * tg.eye(2).toArray(); // → [[1, 0], [0, 1]]
 * @category Tensors
 */
export function eye(n: number): Tensor {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ArgumentError(`eye: n is a non-negative integer; got ${describeValue(n)}`);
  const t = filled('eye', [n, n], 0);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** Options of the random constructors. */
export interface RandomOptions {
  /** Seed of the generator, an integer from 0 to 2³² − 1; the same seed gives the same tensor. Default 0. */
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
  checkOptions('rand', options, ['seed', 'low', 'high']);
  const s = checkShape('rand', shape);
  const rng = new Rng(seedOption('rand', options.seed ?? 0));
  const lo = finiteNumber('rand', 'low', options.low ?? 0), hi = finiteNumber('rand', 'high', options.high ?? 1, { min: lo });
  const t = filled('rand', s, 0);
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
  checkOptions('randn', options, ['seed', 'mean', 'std']);
  const s = checkShape('randn', shape);
  const rng = new Rng(seedOption('randn', options.seed ?? 0));
  const mean = finiteNumber('randn', 'mean', options.mean ?? 0), std = finiteNumber('randn', 'std', options.std ?? 1, { min: 0 });
  const t = filled('randn', s, 0);
  for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
  return t;
}

/** V8's longest array on 64-bit machines. */
const MAX_JS_ARRAY = 2 ** 27 - 3;

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
