/**
 * The inner loop of the matrix product as a WebAssembly SIMD kernel, encoded here byte by
 * byte (no binary file, no build step, no dependency), with a plain-JavaScript fallback
 * wherever WebAssembly SIMD is missing.
 *
 * The kernel multiplies packed panels: `A` as panels of {@link MR} rows
 * (`Ap[panel·MR·k + MR·p + r] = A[panel·MR + r, p]`) and `B` as panels of 4 columns
 * (`Bp[j·k + 4p + c] = B[p, j + c]`), into a row-major `C` with row stride `ldc`. An
 * `MR × 4` block of `C` lives in `2·MR` registers of two doubles each while `p` runs. Every
 * element is still `((0 + a₀b₀) + a₁b₁) + …` in order of `p`, a multiply then an add (never
 * fused), so the values are those of the scalar loops, bit for bit (a NaN's sign and payload
 * aside, which IEEE leaves open).
 * @module
 */

/** Rows per register block. */
export const MR = 4;

/** The kernel over wasm memory: `Ap`, `Bp` and `C` are byte offsets, `ldc` is in doubles. */
export interface SimdGemm {
  /** Doubles of the memory, as a view (replaced when the memory grows). */
  view(): Float64Array;
  /**
   * Makes the memory hold at least `doubles` doubles; false when it cannot (wasm32 memory
   * stops at 4 GiB, and growing can fail), and then the caller uses the scalar loops.
   */
  reserve(doubles: number): boolean;
  /**
   * `C[i, j] = Σ_p A[i, p] B[p, j]` for `i < m` (a positive multiple of MR), `j < n` (a
   * positive multiple of 4), with `k ≥ 1` (the loop over `p` tests at its end).
   */
  run(m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number): void;
}

// --- a minimal encoder of the few WebAssembly instructions the kernel needs -------------
const u32 = (v: number): number[] => {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};
const s32 = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...u32(body.length), ...body];
const name = (s: string): number[] => [...u32(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f, V128 = 0x7b;
const get = (i: number) => [0x20, ...u32(i)];
const set = (i: number) => [0x21, ...u32(i)];
const i32c = (v: number) => [0x41, ...s32(v)];
const add = [0x6a], mul = [0x6c], ltU = [0x49];
const simd = (op: number, ...imm: number[]) => [0xfd, ...u32(op), ...imm];
const memarg = (align: number, offset: number) => [...u32(align), ...u32(offset)];
const v128load = (offset: number) => simd(0x00, ...memarg(4, offset));
const v128store = (offset: number) => simd(0x0b, ...memarg(4, offset));
const load64splat = (offset: number) => simd(0x0a, ...memarg(3, offset));
const v128zero = simd(0x0c, ...new Array<number>(16).fill(0));
const f64x2add = simd(0xf0), f64x2mul = simd(0xf2);
const block = (...body: number[][]) => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body: number[][]) => [0x03, 0x40, ...body.flat(), 0x0b];
const brIf = (depth: number) => [0x0d, ...u32(depth)];

/** The module's bytes: imports memory `e.m`, exports `gemm(m, n, k, ap, bp, c, ldc)`. */
export function kernelBytes(): Uint8Array {
  // params 0..6: m, n, k, ap, bp, c, ldc; locals below
  const [M, N, K, AP, BP, C, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const I = 7, J = 8, PA = 9, PB = 10, END = 11, AROW = 12, CROW = 13, PANEL = 14;
  const B01 = 15, B23 = 16, A = 17, ACC = 18; // ACC .. ACC + 2·MR − 1
  const accs = 2 * MR;
  const body: number[][] = [
    // PANEL = MR·k·8 (bytes of one A panel); LDC in bytes
    get(K), i32c(8 * MR), mul, set(PANEL),
    get(LDC), i32c(8), mul, set(LDC),
    get(AP), set(AROW), get(C), set(CROW), i32c(0), set(I),
    block(loop(
      get(I), get(M), ltU, [0x45], brIf(1), // if !(i < m) break
      i32c(0), set(J),
      block(loop(
        get(J), get(N), ltU, [0x45], brIf(1),
        ...Array.from({ length: accs }, (_, r) => [...v128zero, ...set(ACC + r)]),
        get(AROW), set(PA), get(AROW), get(PANEL), add, set(END),
        // PB = bp + j·k·8
        get(BP), get(J), get(K), mul, i32c(8), mul, add, set(PB),
        block(loop(
          get(PB), v128load(0), set(B01), get(PB), v128load(16), set(B23),
          ...Array.from({ length: MR }, (_, r) => [
            ...get(PA), ...load64splat(8 * r), ...set(A),
            ...get(ACC + 2 * r), ...get(A), ...get(B01), ...f64x2mul, ...f64x2add, ...set(ACC + 2 * r),
            ...get(ACC + 2 * r + 1), ...get(A), ...get(B23), ...f64x2mul, ...f64x2add, ...set(ACC + 2 * r + 1),
          ]),
          get(PA), i32c(8 * MR), add, set(PA),
          get(PB), i32c(32), add, set(PB),
          get(PA), get(END), ltU, brIf(0),
        )),
        // store the block: row r at CROW + r·LDC + j·8
        ...Array.from({ length: MR }, (_, r) => [
          ...get(CROW), ...get(LDC), ...i32c(r), ...mul, ...add, ...get(J), ...i32c(8), ...mul, ...add, ...get(ACC + 2 * r), ...v128store(0),
          ...get(CROW), ...get(LDC), ...i32c(r), ...mul, ...add, ...get(J), ...i32c(8), ...mul, ...add, ...get(ACC + 2 * r + 1), ...v128store(16),
        ]),
        get(J), i32c(4), add, set(J),
        [0x0c, 0], // br 0: next j
      )),
      get(AROW), get(PANEL), add, set(AROW),
      get(CROW), get(LDC), i32c(MR), mul, add, set(CROW),
      get(I), i32c(MR), add, set(I),
      [0x0c, 0],
    )),
  ];
  const code = [...vec([[8, I32], [3, V128], [accs, V128]].map(([n, t]) => [...u32(n!), t!])), ...body.flat(), 0x0b];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(new Array<number[]>(7).fill([I32])), 0x00]])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name('gemm'), 0x00, 0x00]])),
    ...section(10, vec([[...u32(code.length), ...code]])),
  ];
  return Uint8Array.from(bytes);
}

/** The part of the WebAssembly API used here (the project's type libraries leave it out). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let instance: SimdGemm | null | undefined;
let enabled = true;

/**
 * Turns the SIMD kernel off or back on (benchmarks and tests compare it with the scalar loops).
 * Returns the previous setting.
 */
export function setSimdEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * The SIMD kernel, or `null` where WebAssembly SIMD is unavailable (then callers use the
 * scalar loops; both give the same bits). Compiled once, on first use (under a kilobyte, so
 * synchronous compilation is allowed on a browser's main thread too).
 */
export function simdGemm(): SimdGemm | null {
  if (!enabled) return null;
  if (instance !== undefined) return instance;
  instance = null;
  try {
    const WebAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (WebAssembly === undefined) return null;
    const bytes = kernelBytes();
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } }).exports as unknown as {
      gemm: (m: number, n: number, k: number, ap: number, bp: number, c: number, ldc: number) => void;
    };
    let view = new Float64Array(memory.buffer);
    instance = {
      view: () => view,
      reserve(doubles: number) {
        const bytesNeeded = doubles * 8;
        if (bytesNeeded <= memory.buffer.byteLength) return true;
        if (bytesNeeded > 2 ** 31) return false; // byte offsets travel as i32
        try {
          memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / 65536));
        } catch {
          return false;
        }
        view = new Float64Array(memory.buffer);
        return true;
      },
      run: exports.gemm,
    };
  } catch {
    instance = null;
  }
  return instance;
}
