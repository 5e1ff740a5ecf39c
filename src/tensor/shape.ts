import { ArgumentError, ShapeError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';

/** A tensor shape: the length of each axis, row-major. `[]` is a scalar. */
export type Shape = readonly number[];

/**
 * Formats a shape the one way tracegrad prints shapes: `[2, 3]`, and `[]` for a scalar.
 * @example
 * tg.formatShape([2, 3]); // → '[2, 3]'
 * @category Tensors
 */
export function formatShape(shape: Shape): string {
  if (!Array.isArray(shape)) throw new ArgumentError(`formatShape: a shape is an array of non-negative integers; got ${describeValue(shape)}`);
  return `[${shape.join(', ')}]`;
}

/** Number of elements of a shape. @internal */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. @internal */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when two shapes are equal. @internal */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Broadcast shape of two shapes, or `undefined` when they do not broadcast. @internal */
export function tryBroadcast(a: Shape, b: Shape): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return undefined;
  }
  return out;
}

/**
 * NumPy broadcasting of two shapes.
 * @throws {@link ShapeError} naming `where` and both shapes when they do not broadcast.
 * @internal
 */
export function broadcastShapes(where: string, a: Shape, b: Shape): Shape {
  if (sameShape(a, b)) return a;
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = tryBroadcast(a, b);
  if (!out) {
    throw new ShapeError(
      `${where}: shapes do not broadcast; got a ${formatShape(a)} and b ${formatShape(b)} ` +
        `(axes must be equal or 1, aligned from the right)`,
    );
  }
  return out;
}

/**
 * Normalises `axes` (a number, an array, or `undefined` for all axes) against a rank:
 * negative axes count from the end; the result is sorted and unique.
 * @throws {@link ShapeError} when an axis is out of range or repeated.
 * @internal
 */
export function normalizeAxes(where: string, axes: unknown, shape: Shape): number[] {
  const rank = shape.length;
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list) || list.some((a) => typeof a !== 'number' || !Number.isInteger(a))) {
    throw new ArgumentError(`${where}: axes must be an integer or an array of integers; got ${describeValue(axes)}`);
  }
  const out: number[] = [];
  for (const a of list as number[]) {
    const ax = a < 0 ? a + rank : a;
    if (ax < 0 || ax >= rank) {
      throw new ShapeError(`${where}: axis ${a} is out of range for shape ${formatShape(shape)} (accepted: ${-rank} to ${rank - 1})`);
    }
    if (out.includes(ax)) throw new ShapeError(`${where}: axis ${a} is repeated; got axes ${describeValue(list)}`);
    out.push(ax);
  }
  return out.sort((x, y) => x - y);
}

/** The most elements one tensor holds (V8's typed arrays hold at most 2³² − 1, memory permitting). */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/** A shape's element count in words: `1e12` for big ones. */
function countText(n: number): string {
  return n >= 1e6 ? n.toExponential(3).replace(/\.?0+e\+?/, 'e') : String(n);
}

/**
 * Validates a user-supplied shape: non-negative integers (no holes), with at most
 * {@link MAX_ELEMENTS} elements in all. @internal
 */
export function checkShape(where: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(`${where}: a shape is an array of non-negative integers; got ${describeValue(shape)}`);
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${where}: a shape is an array of non-negative integers; got ${describeValue(shape)} (axis ${i} is ${describeValue(d)})`);
    }
    out.push(d);
  }
  checkSize(where, out);
  return out;
}

/** Rejects a shape with more elements than a tensor holds, naming it and the limit. @internal */
export function checkSize(where: string, shape: Shape): number {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new ArgumentError(`${where}: a tensor of shape ${formatShape(shape)} would have ${countText(n)} elements; at most ${MAX_ELEMENTS.toLocaleString('en')} fit in one tensor`);
  }
  return n;
}

/**
 * A zeroed `Float64Array` for a tensor of `shape`: an {@link ArgumentError} (not a raw
 * `RangeError`) when it is too large or memory runs out. @internal
 */
export function allocate(where: string, shape: Shape): Float64Array {
  const n = checkSize(where, shape);
  try {
    return new Float64Array(n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ArgumentError(`${where}: not enough memory for a tensor of shape ${formatShape(shape)} (${countText(n)} elements, ${(n * 8 / 2 ** 30).toFixed(1)} GiB)`);
  }
}

