/**
 * Numeric kernels over {@link Tensor}s. They trust their callers: shapes were validated
 * when the node was built.
 *
 * Two layers live here. The tensor-level kernels (`map`, `zip`, `sumAxes`, `matmul`, …)
 * return new tensors; ops call them. The array-level kernels (`gemm`, `reduceSumInto`,
 * `broadcastInto`, …) write into a caller's `Float64Array`; compiled plans call them with
 * preallocated buffers. Both layers share one implementation of each computation, so a
 * value is the same bits whichever path computed it.
 * @module
 */
import { Tensor } from './tensor.js';
import { allocate, sameShape, sizeOf, stridesOf, tryBroadcast, type Shape } from './shape.js';
import { MR, simdGemm } from './simd.js';

export function map(x: Tensor, f: (v: number) => number): Tensor {
  const out = new Float64Array(x.data.length);
  const d = x.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]!);
  return new Tensor(x.shape, out);
}

/** Index map from an output position to the flat index of a broadcast input. */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array {
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

/**
 * How an input of shape `inShape` is read when broadcast to `outShape`, as a flat index
 * `k` of the output runs:
 * - `same`: element `k`;
 * - `scalar`: element 0;
 * - `tile`: element `k % period` (the input repeats whole, e.g. `[n]` over `[m, n]`);
 * - `repeat`: element `floor(k / period)` (each input element repeats, e.g. `[m, 1]` over `[m, n]`);
 * - `index`: anything else (an index map is needed).
 */
export type BroadcastPattern =
  | { kind: 'same' }
  | { kind: 'scalar' }
  | { kind: 'tile'; period: number }
  | { kind: 'repeat'; period: number }
  | { kind: 'index' };

/** Classifies a broadcast; see {@link BroadcastPattern}. */
export function broadcastPattern(inShape: Shape, outShape: Shape): BroadcastPattern {
  if (sizeOf(inShape) === 1) return { kind: 'scalar' };
  const offset = outShape.length - inShape.length;
  // Per output axis of length > 1: true when the input varies along it.
  const flags: boolean[] = [];
  const dims: number[] = [];
  for (let ax = 0; ax < outShape.length; ax++) {
    const d = outShape[ax]!;
    if (d === 1) continue;
    const di = ax < offset ? 1 : inShape[ax - offset]!;
    flags.push(di !== 1);
    dims.push(d);
  }
  let changes = 0;
  for (let i = 1; i < flags.length; i++) if (flags[i] !== flags[i - 1]) changes++;
  if (flags.every((f) => f)) return { kind: 'same' };
  if (changes > 1) return { kind: 'index' };
  const split = flags.findIndex((f, i) => i > 0 && f !== flags[i - 1]);
  const tail = sizeOf(dims.slice(split));
  // [broadcast…, varying…]: the input repeats whole; [varying…, broadcast…]: each element repeats.
  return flags[0] ? { kind: 'repeat', period: tail } : { kind: 'tile', period: tail };
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
  const out = allocate('broadcast', shape);
  const pa = broadcastPattern(a.shape, shape), pb = broadcastPattern(b.shape, shape);
  if (pa.kind === 'same' && pb.kind === 'same') {
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, bd[i]!);
  } else if (pa.kind === 'same' && pb.kind === 'scalar') {
    const s = bd[0]!;
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, s);
  } else if (pa.kind === 'scalar' && pb.kind === 'same') {
    const s = ad[0]!;
    for (let i = 0; i < n; i++) out[i] = f(s, bd[i]!);
  } else if (pa.kind === 'same' && pb.kind === 'tile') {
    const p = pb.period;
    for (let o = 0; o < n; o += p) for (let j = 0; j < p; j++) out[o + j] = f(ad[o + j]!, bd[j]!);
  } else if (pa.kind === 'tile' && pb.kind === 'same') {
    const p = pa.period;
    for (let o = 0; o < n; o += p) for (let j = 0; j < p; j++) out[o + j] = f(ad[j]!, bd[o + j]!);
  } else if (pa.kind === 'same' && pb.kind === 'repeat') {
    const p = pb.period;
    for (let o = 0, r = 0; o < n; o += p, r++) {
      const s = bd[r]!;
      for (let j = 0; j < p; j++) out[o + j] = f(ad[o + j]!, s);
    }
  } else if (pa.kind === 'repeat' && pb.kind === 'same') {
    const p = pa.period;
    for (let o = 0, r = 0; o < n; o += p, r++) {
      const s = ad[r]!;
      for (let j = 0; j < p; j++) out[o + j] = f(s, bd[o + j]!);
    }
  } else {
    const ia = broadcastIndex(a.shape, shape), ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) out[i] = f(ad[ia[i]!]!, bd[ib[i]!]!);
  }
  return new Tensor(shape, out);
}

/** Writes `x` (of `inShape`) broadcast to `outShape` into `out`. */
export function broadcastInto(out: Float64Array, x: Float64Array, inShape: Shape, outShape: Shape): void {
  const n = out.length;
  const p = broadcastPattern(inShape, outShape);
  switch (p.kind) {
    case 'same':
      out.set(x.subarray(0, n));
      return;
    case 'scalar':
      out.fill(x[0]!);
      return;
    case 'tile':
      for (let o = 0; o < n; o += p.period) out.set(x.subarray(0, p.period), o);
      return;
    case 'repeat':
      for (let o = 0, r = 0; o < n; o += p.period, r++) out.fill(x[r]!, o, o + p.period);
      return;
    default: {
      const ix = broadcastIndex(inShape, outShape);
      for (let i = 0; i < n; i++) out[i] = x[ix[i]!]!;
    }
  }
}

export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const out = allocate('broadcastTo', shape);
  broadcastInto(out, x.data, x.shape, shape);
  return new Tensor(shape, out);
}

/**
 * A reduction over sorted `axes` seen as `[outer, red, inner]` (the reduced axes form one
 * contiguous block once axes of length 1 are dropped), or `undefined` when they do not.
 */
export function reductionSplit(shape: Shape, axes: readonly number[]): [number, number, number] | undefined {
  let outer = 1, red = 1, inner = 1;
  let phase = 0; // 0: before the reduced block, 1: inside it, 2: after it
  for (let ax = 0; ax < shape.length; ax++) {
    const d = shape[ax]!;
    if (d === 1) continue;
    const r = axes.includes(ax);
    if (r) {
      if (phase === 2) return undefined;
      phase = 1;
      red *= d;
    } else if (phase === 0) outer *= d;
    else {
      phase = 2;
      inner *= d;
    }
  }
  return [outer, red, inner];
}

/** `out[o, i] = Σ_r x[o, r, i]`, summed in order of `r`. */
export function reduceSumInto(out: Float64Array, x: Float64Array, outer: number, red: number, inner: number): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * red;
      for (let r = 0; r < red; r++) s += x[base + r]!;
      out[o] = s;
    }
    return;
  }
  out.fill(0, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let r = 0; r < red; r++) {
      const xb = (o * red + r) * inner;
      for (let i = 0; i < inner; i++) out[ob + i]! += x[xb + i]!;
    }
  }
}

/** `out[o, i] = max_r x[o, r, i]` (NaN never wins, -Infinity for an empty block). */
export function reduceMaxInto(out: Float64Array, x: Float64Array, outer: number, red: number, inner: number): void {
  out.fill(-Infinity, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let r = 0; r < red; r++) {
      const xb = (o * red + r) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[xb + i]!;
        if (v > out[ob + i]!) out[ob + i] = v;
      }
    }
  }
}

/** The input shape with reduced axes set to 1, and the output shape. */
function reducedShapes(shape: Shape, axes: readonly number[], keepDims: boolean): [number[], number[]] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return [kept, keepDims ? kept : shape.filter((_, i) => !axes.includes(i))];
}

/** Sum over sorted `axes`; the result keeps reduced axes as 1 when `keepDims`. */
export function sumAxes(x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  const [kept, outShape] = reducedShapes(x.shape, axes, keepDims);
  const out = allocate('sum', kept);
  const split = reductionSplit(x.shape, axes);
  if (split) reduceSumInto(out, x.data, split[0], split[1], split[2]);
  else {
    const idx = broadcastIndex(kept, x.shape);
    const d = x.data;
    for (let i = 0; i < d.length; i++) out[idx[i]!]! += d[i]!;
  }
  return new Tensor(outShape, out);
}

/** Max over sorted `axes`, keeping dims. */
export function maxAxes(x: Tensor, axes: readonly number[]): Tensor {
  const [kept] = reducedShapes(x.shape, axes, true);
  const out = allocate('max', kept);
  const split = reductionSplit(x.shape, axes);
  if (split) reduceMaxInto(out, x.data, split[0], split[1], split[2]);
  else {
    out.fill(-Infinity);
    const idx = broadcastIndex(kept, x.shape);
    const d = x.data;
    for (let i = 0; i < d.length; i++) if (d[i]! > out[idx[i]!]!) out[idx[i]!] = d[i]!;
  }
  return new Tensor(kept, out);
}

/** Writes the axes of `x` permuted by `perm` into `out`. */
export function transposeInto(out: Float64Array, x: Float64Array, inShape: Shape, perm: readonly number[]): void {
  const shape = perm.map((p) => inShape[p]!);
  const n = x.length;
  const rank = shape.length;
  if (rank === 2 && perm[0] === 1) {
    const r = inShape[0]!, c = inShape[1]!;
    // Blocks of 32×32 keep both the rows read and the rows written in cache.
    for (let i0 = 0; i0 < r; i0 += 32) {
      const i1 = Math.min(r, i0 + 32);
      for (let j0 = 0; j0 < c; j0 += 32) {
        const j1 = Math.min(c, j0 + 32);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * r + i] = x[i * c + j]!;
      }
    }
    return;
  }
  const inStr = stridesOf(inShape);
  const eff = perm.map((p) => inStr[p]!);
  const counter = new Array<number>(rank).fill(0);
  let cur = 0;
  for (let k = 0; k < n; k++) {
    out[k] = x[cur]!;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]!++;
      cur += eff[ax]!;
      if (counter[ax]! < shape[ax]!) break;
      cur -= eff[ax]! * counter[ax]!;
      counter[ax] = 0;
    }
  }
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]!);
  const out = new Float64Array(x.data.length);
  transposeInto(out, x.data, x.shape, perm);
  return new Tensor(shape, out);
}

/** Products of at least this many multiply-adds use the WebAssembly SIMD kernel when there is one. */
const SIMD_MIN = 4096;
/** Rows and columns of `C` the SIMD kernel computes per call (a multiple of its 4 × 4 block). */
const SLAB = 256;

/** Scratch panels of `gemm`, grown on demand and reused (kernels never run concurrently). */
let panelB = new Float64Array(0);
let panelA = new Float64Array(0);

/**
 * `C = A B` for an `m × k` matrix `A` and a `k × n` matrix `B` read through strides:
 * `A[i, p] = a[ao + i·ar + p·ac]`, `B[p, j] = b[bo + p·br + j·bc]`, so a transposed
 * operand is read in place (swap its strides). `C` is row-major `m × n` at `co`, and is
 * overwritten. Every element is summed in order of `p`, starting from 0, so the blocking
 * does not change results.
 *
 * Register blocking: a block of `C` lives in registers while `p` runs, so each element loaded
 * feeds several multiply-adds instead of 1. Where WebAssembly SIMD exists (Node, current
 * browsers) and the product is not tiny, the block is 4 × 4 in eight two-double registers
 * (`simd.ts`); otherwise it is 3 × 4 in 12 JavaScript locals. Packing: the columns of `B` and
 * the rows of `A` a block reads are first copied into contiguous panels, so the inner loop
 * reads memory in order whatever the strides (and transposes cost nothing). Both kernels
 * multiply then add, in order of `p`, so they give the same values bit for bit (a NaN's sign
 * and payload aside).
 */
export function gemm(
  m: number, n: number, k: number,
  a: Float64Array, ao: number, ar: number, ac: number,
  b: Float64Array, bo: number, br: number, bc: number,
  c: Float64Array, co: number,
): void {
  const n4 = n - (n % 4);
  // Rows [0, mb) × columns [0, n4) go through a register-blocked kernel; the leftover rows and
  // columns through the loops at the end.
  let mb = m - (m % 3);
  const simd = n4 > 0 && k > 0 && m >= MR && m * n * k >= SIMD_MIN ? simdGemm() : null;
  // The wasm memory holds a slab of A's rows (as panels of MR), a slab of B's columns (as
  // panels of 4) and their block of C: at most SLAB rows and SLAB columns at a time, so it
  // stays a few megabytes whatever the size of the product (each element of C is still one sum
  // over all of p, in order).
  const mr = m - (m % MR), ms = Math.min(SLAB, mr), ns = Math.min(SLAB, n4), bpO = ms * k, cO = bpO + ns * k;
  if (simd && simd.reserve(cO + ms * ns)) {
    mb = mr;
    const ar2 = 2 * ar, ar3 = 3 * ar;
    const v = simd.view(); // (the memory does not grow again below)
    for (let jb = 0; jb < n4; jb += SLAB) {
      const nc = Math.min(SLAB, n4 - jb);
      packColumns(v, bpO, nc, k, b, bo + jb * bc, br, bc);
      for (let ib = 0; ib < mb; ib += SLAB) {
        const mc = Math.min(SLAB, mb - ib);
        // A's rows in panels of MR = 4 (the four reads of one p are adjacent when A is transposed).
        for (let i = 0; i < mc; i += MR) {
          let q = ao + (ib + i) * ar;
          for (let o = i * k, end = o + MR * k; o < end; o += MR) {
            v[o] = a[q]!; v[o + 1] = a[q + ar]!; v[o + 2] = a[q + ar2]!; v[o + 3] = a[q + ar3]!;
            q += ac;
          }
        }
        simd.run(mc, nc, k, 0, 8 * bpO, 8 * cO, nc);
        for (let i = 0; i < mc; i++) c.set(v.subarray(cO + i * nc, cO + (i + 1) * nc), co + (ib + i) * n + jb);
      }
    }
  } else if (mb > 0 && n4 > 0 && k > 0) {
    const m3 = mb;
    if (panelB.length < n4 * k) panelB = new Float64Array(n4 * k);
    if (panelA.length < 3 * k) panelA = new Float64Array(3 * k);
    const Bp = panelB, Ap = panelA;
    const ar2 = 2 * ar;
    packColumns(Bp, 0, n4, k, b, bo, br, bc);
    const end = 3 * k;
    for (let i = 0; i < m3; i += 3) {
      // Three rows of A as one panel: Ap[3p + ii] = A[i + ii, p].
      let q = ao + i * ar;
      for (let o = 0; o < end; o += 3) {
        Ap[o] = a[q]!; Ap[o + 1] = a[q + ar]!; Ap[o + 2] = a[q + ar2]!;
        q += ac;
      }
      for (let j = 0; j < n4; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0, c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let qa = 0, qb = j * k;
        while (qa < end) {
          const b0 = Bp[qb]!, b1 = Bp[qb + 1]!, b2 = Bp[qb + 2]!, b3 = Bp[qb + 3]!;
          let x = Ap[qa]!;
          c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
          x = Ap[qa + 1]!;
          c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
          x = Ap[qa + 2]!;
          c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
          qa += 3;
          qb += 4;
        }
        let o = co + i * n + j;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
        o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13;
        o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23;
      }
    }
  }
  const bc2 = 2 * bc, bc3 = 3 * bc;
  // Leftover rows, four columns at a time.
  for (let i = k > 0 ? mb : 0; i < m; i++) {
    const ai = ao + i * ar;
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let qa = ai, qb = bo + j * bc;
      for (let p = 0; p < k; p++) {
        const x = a[qa]!;
        c0 += x * b[qb]!; c1 += x * b[qb + bc]!; c2 += x * b[qb + bc2]!; c3 += x * b[qb + bc3]!;
        qa += ac;
        qb += br;
      }
      const o = co + i * n + j;
      c[o] = c0; c[o + 1] = c1; c[o + 2] = c2; c[o + 3] = c3;
    }
  }
  leftoverColumns(m, n, k, n4, a, ao, ar, ac, b, bo, br, bc, c, co);
}

/**
 * Copies columns `[0, n)` (`n` a multiple of 4) of the `k × n` matrix `B[p, j] = b[bo + p·br +
 * j·bc]` into panels of four at `o0`: `dst[o0 + j·k + 4p + jj] = B[p, j + jj]`.
 */
function packColumns(dst: Float64Array, o0: number, n: number, k: number, b: Float64Array, bo: number, br: number, bc: number): void {
  const bc2 = 2 * bc, bc3 = 3 * bc;
  for (let j = 0; j < n; j += 4) {
    let o = o0 + j * k, q = bo + j * bc;
    for (let p = 0; p < k; p++) {
      dst[o] = b[q]!; dst[o + 1] = b[q + bc]!; dst[o + 2] = b[q + bc2]!; dst[o + 3] = b[q + bc3]!;
      q += br;
      o += 4;
    }
  }
}

/** Columns `[n4, n)` of `gemm`'s product (a matrix-vector product is all leftover). */
function leftoverColumns(
  m: number, n: number, k: number, n4: number,
  a: Float64Array, ao: number, ar: number, ac: number,
  b: Float64Array, bo: number, br: number, bc: number,
  c: Float64Array, co: number,
): void {
  // Leftover columns (all of a matrix-vector product): dot products, eight rows at a time so
  // that eight independent sums are in flight (and, when A is read transposed, each cache
  // line of it is used whole), then four, then one.
  const m8 = m - (m % 8), m4 = m - (m % 4);
  const ar2 = 2 * ar, ar3 = 3 * ar, ar4 = 4 * ar, ar5 = 5 * ar, ar6 = 6 * ar, ar7 = 7 * ar;
  for (let j = n4; j < n; j++) {
    const bj = bo + j * bc;
    for (let i = 0; i < m8; i += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, qa = ao + i * ar, qb = bj;
      for (let p = 0; p < k; p++) {
        const x = b[qb]!;
        s0 += a[qa]! * x; s1 += a[qa + ar]! * x; s2 += a[qa + ar2]! * x; s3 += a[qa + ar3]! * x;
        s4 += a[qa + ar4]! * x; s5 += a[qa + ar5]! * x; s6 += a[qa + ar6]! * x; s7 += a[qa + ar7]! * x;
        qa += ac;
        qb += br;
      }
      let o = co + i * n + j;
      c[o] = s0; o += n; c[o] = s1; o += n; c[o] = s2; o += n; c[o] = s3; o += n;
      c[o] = s4; o += n; c[o] = s5; o += n; c[o] = s6; o += n; c[o] = s7;
    }
    for (let i = m8; i < m4; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, qa = ao + i * ar, qb = bj;
      for (let p = 0; p < k; p++) {
        const x = b[qb]!;
        s0 += a[qa]! * x; s1 += a[qa + ar]! * x; s2 += a[qa + ar2]! * x; s3 += a[qa + ar3]! * x;
        qa += ac;
        qb += br;
      }
      const o = co + i * n + j;
      c[o] = s0; c[o + n] = s1; c[o + 2 * n] = s2; c[o + 3 * n] = s3;
    }
    for (let i = m4; i < m; i++) {
      let s = 0, qa = ao + i * ar, qb = bj;
      for (let p = 0; p < k; p++) {
        s += a[qa]! * b[qb]!;
        qa += ac;
        qb += br;
      }
      c[co + i * n + j] = s;
    }
  }
}

/**
 * Batched `out = op(A) op(B)`, where `op` transposes the last two axes when the flag is
 * set, without materialising the transpose. `aShape` and `bShape` are the stored shapes
 * (rank ≥ 2); `outShape` is `[...batch, m, n]`; batch axes broadcast.
 */
export function matmulInto(
  out: Float64Array, outShape: Shape,
  a: Float64Array, aShape: Shape, transA: boolean,
  b: Float64Array, bShape: Shape, transB: boolean,
): void {
  const ra = aShape.length, rb = bShape.length;
  const ar0 = aShape[ra - 2]!, ac0 = aShape[ra - 1]!;
  const br0 = bShape[rb - 2]!, bc0 = bShape[rb - 1]!;
  const m = transA ? ac0 : ar0, k = transA ? ar0 : ac0, n = transB ? br0 : bc0;
  // Strides of the logical (possibly transposed) operands.
  const [sar, sac] = transA ? [1, ac0] : [ac0, 1];
  const [sbr, sbc] = transB ? [1, bc0] : [bc0, 1];
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  if (batches === 1) {
    gemm(m, n, k, a, 0, sar, sac, b, 0, sbr, sbc, out, 0);
    return;
  }
  const ia = broadcastIndex(aShape.slice(0, -2), batchShape);
  const ib = broadcastIndex(bShape.slice(0, -2), batchShape);
  for (let t = 0; t < batches; t++) gemm(m, n, k, a, ia[t]! * m * k, sar, sac, b, ib[t]! * k * n, sbr, sbc, out, t * m * n);
}

/**
 * Batched matrix product of operands already promoted to rank ≥ 2; batch axes broadcast.
 * `outShape` is the full (promoted) output shape.
 */
export function matmul(a: Tensor, b: Tensor, outShape: Shape): Tensor {
  const out = allocate('matmul', outShape);
  matmulInto(out, outShape, a.data, a.shape, false, b.data, b.shape, false);
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
  const out = allocate('stack', shape);
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
  const d = x.data;
  if (rest === 1) {
    // A column: one element per outer position (no typed-array view per element).
    for (let o = 0, q = i; o < outer; o++, q += len) out[o] = d[q]!;
  } else for (let o = 0; o < outer; o++) out.set(d.subarray((o * len + i) * rest, (o * len + i + 1) * rest), o * rest);
  return new Tensor(shape, out);
}
