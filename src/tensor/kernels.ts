/**
 * Numeric kernels over {@link Tensor}s. They trust their callers: shapes were validated
 * when the node was built. @module
 * @internal
 */
import { Tensor } from './tensor.js';
import { sameShape, sizeOf, stridesOf, tryBroadcast, type Shape } from './shape.js';

export function map(x: Tensor, f: (v: number) => number): Tensor {
  const out = new Float64Array(x.data.length);
  const d = x.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]!);
  return new Tensor(x.shape, out);
}

/** Index map from an output position to the flat index of a broadcast input. */
function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const rank = outShape.length;
  const inStr = stridesOf(inShape);
  const offset = rank - inShape.length;
  const eff = new Array<number>(rank).fill(0);
  for (let i = 0; i < inShape.length; i++) eff[i + offset] = inShape[i] === 1 ? 0 : inStr[i]!;
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = cur;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      cur += eff[ax]!;
      if (counter[ax]! < outShape[ax]!) break;
      cur -= eff[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
  return idx;
}

export function zip(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const ad = a.data, bd = b.data;
  if (sameShape(a.shape, b.shape)) {
    const out = new Float64Array(ad.length);
    for (let i = 0; i < ad.length; i++) out[i] = f(ad[i]!, bd[i]!);
    return new Tensor(a.shape, out);
  }
  const shape = tryBroadcast(a.shape, b.shape)!;
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  if (bd.length === 1 && sameShape(shape, a.shape)) {
    const s = bd[0]!;
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, s);
  } else if (ad.length === 1 && sameShape(shape, b.shape)) {
    const s = ad[0]!;
    for (let i = 0; i < n; i++) out[i] = f(s, bd[i]!);
  } else {
    const ia = broadcastIndex(a.shape, shape), ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = f(ad[ia[i]!]!, bd[ib[i]!]!);
  }
  return new Tensor(shape, out);
}

export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  if (x.data.length === 1) out.fill(x.data[0]!);
  else {
    const ix = broadcastIndex(x.shape, shape);
    for (let i = 0; i < n; i++) out[i] = x.data[ix[i]!]!;
  }
  return new Tensor(shape, out);
}

/** Sum over sorted `axes`; the result keeps reduced axes as 1 when `keepDims`. */
export function sumAxes(x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  if (axes.length === x.rank) {
    let s = 0;
    const d = x.data;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    return new Tensor(outShape, Float64Array.of(s));
  }
  const out = new Float64Array(sizeOf(kept));
  const idx = broadcastIndex(kept, x.shape);
  const d = x.data;
  for (let i = 0; i < d.length; i++) out[idx[i]!]! += d[i]!;
  return new Tensor(outShape, out);
}

/** Max over sorted `axes`, keeping dims. */
export function maxAxes(x: Tensor, axes: readonly number[]): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Float64Array(sizeOf(kept)).fill(-Infinity);
  const idx = broadcastIndex(kept, x.shape);
  const d = x.data;
  for (let i = 0; i < d.length; i++) if (d[i]! > out[idx[i]!]!) out[idx[i]!] = d[i]!;
  return new Tensor(kept, out);
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]!);
  const n = x.data.length;
  const out = new Float64Array(n);
  const inStr = stridesOf(x.shape);
  const rank = shape.length;
  if (rank === 2 && perm[0] === 1) {
    const r = x.shape[0]!, c = x.shape[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x.data[i * c + j]!;
    return new Tensor(shape, out);
  }
  const eff = perm.map((p) => inStr[p]!);
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    out[k] = x.data[cur]!;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      cur += eff[ax]!;
      if (counter[ax]! < shape[ax]!) break;
      cur -= eff[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
  return new Tensor(shape, out);
}

/** C[m,n] += A[m,k] B[k,n] for row-major blocks at the given offsets. */
function gemm(a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ci = co + i * n;
    for (let p = 0; p < k; p++) {
      const av = a[ao + i * k + p]!;
      if (av === 0) continue;
      const bp = bo + p * n;
      for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j]!;
    }
  }
}

/**
 * Batched matrix product of operands already promoted to rank ≥ 2; batch axes broadcast.
 * `outShape` is the full (promoted) output shape.
 */
export function matmul(a: Tensor, b: Tensor, outShape: Shape): Tensor {
  const m = a.shape[a.rank - 2]!, k = a.shape[a.rank - 1]!, n = b.shape[b.rank - 1]!;
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  const out = new Float64Array(batches * m * n);
  if (batches === 1) {
    gemm(a.data, 0, b.data, 0, out, 0, m, k, n);
    return new Tensor(outShape, out);
  }
  const ia = broadcastIndex(a.shape.slice(0, -2), batchShape);
  const ib = broadcastIndex(b.shape.slice(0, -2), batchShape);
  for (let t = 0; t < batches; t++) gemm(a.data, ia[t]! * m * k, b.data, ib[t]! * k * n, out, t * m * n, m, k, n);
  return new Tensor(outShape, out);
}

export function reshape(x: Tensor, shape: Shape): Tensor {
  return new Tensor(shape, x.data);
}

/** Stacks equal-shaped tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis: number): Tensor {
  const inner = xs[0]!.shape;
  const shape = [...inner.slice(0, axis), xs.length, ...inner.slice(axis)];
  const outer = sizeOf(inner.slice(0, axis)), rest = sizeOf(inner.slice(axis));
  const out = new Float64Array(sizeOf(shape));
  xs.forEach((x, j) => {
    for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * rest, (o + 1) * rest), (o * xs.length + j) * rest);
  });
  return new Tensor(shape, out);
}

/** Selects position `i` along `axis`, dropping the axis. */
export function index(x: Tensor, axis: number, i: number): Tensor {
  const shape = x.shape.filter((_, k) => k !== axis);
  const outer = sizeOf(x.shape.slice(0, axis)), len = x.shape[axis]!, rest = sizeOf(x.shape.slice(axis + 1));
  const out = new Float64Array(outer * rest);
  for (let o = 0; o < outer; o++) out.set(x.data.subarray((o * len + i) * rest, (o * len + i + 1) * rest), o * rest);
  return new Tensor(shape, out);
}
