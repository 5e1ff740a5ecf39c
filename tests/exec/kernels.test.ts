/** The array-level kernels: blocked and transposed products, reductions, broadcasts. */
import { describe, expect, it } from 'vitest';
import { broadcastIndex, broadcastInto, broadcastPattern, gemm, matmulInto, reduceMaxInto, reduceSumInto, reductionSplit, sumAxes, maxAxes, transposeInto } from '../../src/tensor/kernels.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { kernelBytes, setSimdEnabled, simdGemm } from '../../src/tensor/simd.js';
import { Rng } from '../helpers/numeric.js';

function random(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** C = A B by the definition, summing in order of p. */
function reference(A: Float64Array, B: Float64Array, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += A[i * k + p]! * B[p * n + j]!;
    C[i * n + j] = s;
  }
  return C;
}

function transposed(X: Float64Array, r: number, c: number): Float64Array {
  const Y = new Float64Array(r * c);
  transposeInto(Y, X, [r, c], [1, 0]);
  return Y;
}

describe('gemm', () => {
  const sizes: [number, number, number][] = [[1, 1, 1], [1, 7, 1], [3, 4, 4], [5, 3, 7], [7, 9, 10], [12, 1, 8], [1, 13, 9], [9, 13, 1], [0, 3, 2], [4, 0, 3], [33, 17, 29],
    // past the SIMD kernel's threshold, with leftover rows and columns of every count
    [64, 50, 32], [37, 41, 23], [100, 3, 64], [5, 300, 6], [66, 64, 9], [4, 1024, 4],
    // more rows and columns than one slab of the SIMD kernel (256)
    [301, 9, 270], [520, 5, 13]];
  it('equals the definition, summed in the same order, for every size and transposition', () => {
    for (const [m, k, n] of sizes) {
      const A = random(m * k, m + 31 * k), B = random(k * n, n + 17 * k);
      const want = reference(A, B, m, k, n);
      const At = transposed(A, m, k), Bt = transposed(B, k, n);
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const C = new Float64Array(m * n).fill(NaN);
        gemm(m, n, k, ta ? At : A, 0, ta ? 1 : k, ta ? m : 1, tb ? Bt : B, 0, tb ? 1 : n, tb ? k : 1, C, 0);
        expect(Array.from(C), `${m}×${k}×${n} transA ${ta} transB ${tb}`).toEqual(Array.from(want));
      }
    }
  });

  it('propagates NaN and Infinity (0 · ∞ is NaN, as IEEE says)', () => {
    const C = new Float64Array(1);
    gemm(1, 1, 2, Float64Array.of(0, 1), 0, 2, 1, Float64Array.of(Infinity, 2), 0, 1, 1, C, 0);
    expect(C[0]).toBeNaN();
    // the same through the SIMD kernel: an infinity in A makes its row infinite, a NaN in B its column NaN
    const m = 32, k = 16, n = 16;
    const A = random(m * k, 5), B = random(k * n, 6);
    A[3 * k + 2] = Infinity;
    B[4 * n + 5] = NaN;
    const big = new Float64Array(m * n);
    gemm(m, n, k, A, 0, k, 1, B, 0, n, 1, big, 0);
    expect(Array.from(big)).toEqual(Array.from(reference(A, B, m, k, n)));
    expect(big.filter(Number.isNaN).length).toBe(m);
    expect(big.filter((v) => v === Infinity || v === -Infinity).length).toBe(n - 1);
  });

  it('reads operands and writes the result at offsets, leaving the rest of C alone', () => {
    const m = 40, k = 30, n = 20, pad = 7;
    const A = random(m * k, 8), B = random(k * n, 9);
    const Ap = new Float64Array(pad + m * k), Bp = new Float64Array(pad + k * n);
    Ap.set(A, pad);
    Bp.set(B, pad);
    const C = new Float64Array(2 * pad + m * n).fill(-5);
    gemm(m, n, k, Ap, pad, k, 1, Bp, pad, n, 1, C, pad);
    expect(Array.from(C.subarray(pad, pad + m * n))).toEqual(Array.from(reference(A, B, m, k, n)));
    expect([...C.subarray(0, pad), ...C.subarray(pad + m * n)].every((v) => v === -5)).toBe(true);
  });

  it('has a WebAssembly SIMD kernel on Node 20, so the sizes above exercise it', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(kernelBytes())).toBe(true);
    expect(simdGemm()).not.toBeNull();
    // a product too large for wasm32 memory is refused (gemm then uses the scalar loops)
    expect(simdGemm()!.reserve(2 ** 29)).toBe(false);
    expect(simdGemm()!.reserve(1024)).toBe(true);
  });

  it('gives the same bits with the SIMD kernel and with the scalar loops', () => {
    for (const [m, k, n] of [[64, 50, 32], [37, 41, 23], [130, 7, 66]] as const) {
      const A = random(m * k, m), B = random(k * n, n);
      const run = (simd: boolean) => {
        const was = setSimdEnabled(simd);
        try {
          const C = new Float64Array(m * n);
          gemm(m, n, k, A, 0, 1 * k, 1, B, 0, n, 1, C, 0);
          return C;
        } finally {
          setSimdEnabled(was);
        }
      };
      const withSimd = run(true), scalar = run(false);
      expect(withSimd.every((v, i) => Object.is(v, scalar[i]))).toBe(true);
    }
  });

  it('matmulInto broadcasts batches and reads transposed operands in place', () => {
    const A = random(2 * 3 * 4, 1), B = random(4 * 5, 2);
    const out = new Float64Array(2 * 3 * 5);
    matmulInto(out, [2, 3, 5], A, [2, 3, 4], false, B, [4, 5], false);
    for (let t = 0; t < 2; t++) expect(Array.from(out.subarray(t * 15, t * 15 + 15))).toEqual(Array.from(reference(A.subarray(t * 12, t * 12 + 12), B, 3, 4, 5)));
    const Bt = transposed(B, 4, 5);
    const out2 = new Float64Array(2 * 3 * 5);
    matmulInto(out2, [2, 3, 5], A, [2, 3, 4], false, Bt, [5, 4], true);
    expect(Array.from(out2)).toEqual(Array.from(out));
  });
});

describe('reductions', () => {
  it('split reduced axes into [outer, reduced, inner] when they are contiguous', () => {
    expect(reductionSplit([2, 3, 4], [1])).toEqual([2, 3, 4]);
    expect(reductionSplit([2, 3, 4], [0, 1])).toEqual([1, 6, 4]);
    expect(reductionSplit([2, 1, 4], [0, 2])).toEqual([1, 8, 1]);
    expect(reductionSplit([2, 3, 4], [0, 2])).toBeUndefined();
  });

  it('sum and max along every axis set agree with a direct computation', () => {
    const shape = [3, 1, 4, 2];
    const x = new Tensor(shape, random(24, 5));
    const axesSets = [[0], [1], [2], [3], [0, 1], [1, 2], [0, 2], [0, 3], [2, 3], [0, 1, 2, 3], [1, 3]];
    for (const axes of axesSets) {
      const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const idx = broadcastIndex(kept, shape);
      const sum = new Float64Array(kept.reduce((a, b) => a * b, 1));
      const max = new Float64Array(sum.length).fill(-Infinity);
      x.data.forEach((v, i) => {
        sum[idx[i]!] += v;
        if (v > max[idx[i]!]!) max[idx[i]!] = v;
      });
      expect(Array.from(sumAxes(x, axes, true).data), `sum ${axes}`).toEqual(Array.from(sum));
      expect(Array.from(maxAxes(x, axes).data), `max ${axes}`).toEqual(Array.from(max));
    }
  });

  it('reduceSumInto and reduceMaxInto on raw arrays', () => {
    const out = new Float64Array(2);
    reduceSumInto(out, Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3, 1);
    expect(Array.from(out)).toEqual([6, 15]);
    reduceMaxInto(out, Float64Array.of(1, NaN, 3, 4, 5, 6), 1, 3, 2);
    expect(Array.from(out)).toEqual([5, 6]);
  });
});

describe('broadcasting', () => {
  it('classifies broadcasts', () => {
    expect(broadcastPattern([2, 3], [2, 3])).toEqual({ kind: 'same' });
    expect(broadcastPattern([1, 1], [2, 3])).toEqual({ kind: 'scalar' });
    expect(broadcastPattern([3], [2, 3])).toEqual({ kind: 'tile', period: 3 });
    expect(broadcastPattern([2, 1], [2, 3])).toEqual({ kind: 'repeat', period: 3 });
    expect(broadcastPattern([2, 1, 4], [2, 3, 4])).toEqual({ kind: 'index' });
    expect(broadcastPattern([1, 3], [1, 3])).toEqual({ kind: 'same' });
  });

  it('broadcastInto agrees with the index map for every pattern', () => {
    const cases: [number[], number[]][] = [[[3], [2, 3]], [[2, 1], [2, 3]], [[2, 1, 4], [2, 3, 4]], [[1], [5]], [[4, 1], [2, 4, 3]], [[2, 3], [2, 3]]];
    for (const [from, to] of cases) {
      const x = random(from.reduce((a, b) => a * b, 1), 9);
      const out = new Float64Array(to.reduce((a, b) => a * b, 1));
      broadcastInto(out, x, from, to);
      const idx = broadcastIndex(from, to);
      expect(Array.from(out), `${from} → ${to}`).toEqual(Array.from(idx, (i) => x[i]!));
    }
  });
});
