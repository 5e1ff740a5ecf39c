/**
 * Numbers beside symbols: scalars in full, small tensors as matrices, big ones summarised.
 */
import type { Tensor } from '../tensor/tensor.js';
import { formatNumber } from './print.js';

/** A value printed for an equation, in LaTeX and text, plus plain data for JSON. */
export interface ValueView {
  latex: string;
  text: string;
  /** Exact numbers: a number, or nested arrays for small tensors. */
  data: number | unknown[] | { shape: number[]; mean: number; min: number; max: number; norm: number };
}

/** Default most elements of a tensor printed in full (a 4 × 4 matrix); bigger ones are summarised. */
export const MAX_ELEMENTS = 16;

/**
 * A tensor's value for an equation: a scalar in full; a vector or matrix of at most
 * `maxElements` elements in full, a 1-D vector as a row (the layout of the derivations: rows
 * are examples, and a 1-D vector broadcasts as a row), an `[n, 1]` column as a column; bigger
 * tensors summarised (shape, mean, range).
 */
export function viewValue(t: Tensor, digits = 6, maxElements = MAX_ELEMENTS): ValueView {
  const n = (v: number, f: 'latex' | 'text') => formatNumber(v, f, digits);
  if (t.shape.length === 0) {
    const v = t.data[0]!;
    return { latex: n(v, 'latex'), text: n(v, 'text'), data: v };
  }
  if (t.size <= maxElements && t.shape.length <= 2) {
    const rows = t.shape.length === 1 ? [Array.from(t.data)] : Array.from({ length: t.shape[0]! }, (_, i) => Array.from(t.data.subarray(i * t.shape[1]!, (i + 1) * t.shape[1]!)));
    const latex = `\\begin{bmatrix}${rows.map((r) => r.map((v) => n(v, 'latex')).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
    const text = t.shape.length === 1 ? `[${rows[0]!.map((v) => n(v, 'text')).join(', ')}]` : `[${rows.map((r) => `[${r.map((v) => n(v, 'text')).join(', ')}]`).join(', ')}]`;
    return { latex, text, data: t.toArray() as unknown[] };
  }
  let min = Infinity, max = -Infinity, sum = 0, sq = 0;
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  const mean = sum / t.size, norm = Math.sqrt(sq);
  const dims = t.shape.join('\\times ');
  return {
    latex: `\\left[\\,${dims}\\text{ tensor; mean } ${n(mean, 'latex')},\\ \\text{range } [${n(min, 'latex')}, ${n(max, 'latex')}]\\,\\right]`,
    text: `[${t.shape.join('×')} tensor; mean ${n(mean, 'text')}, range [${n(min, 'text')}, ${n(max, 'text')}]]`,
    data: { shape: [...t.shape], mean, min, max, norm },
  };
}
