/**
 * Numbers as a derivation shows them: float noise is shown as 0. An element whose size is
 * below 1e-12 of the scale of what it was computed from (the largest element of the value or
 * of the inputs of its last op: `0.1 + 0.2 − 0.3` is `5.6e−17` next to terms of size 0.3) is
 * rounding error, not a value, and prints as 0.
 * @module
 */
import { inputAt, inputCount, type Node } from '../core/node.js';
import { TracegradError } from '../util/errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Relative size below which an element is float noise. */
export const NOISE = 1e-12;

function largest(t: Tensor): number {
  let m = 0;
  for (let i = 0; i < t.data.length; i++) {
    const v = Math.abs(t.data[i]!);
    if (v > m && Number.isFinite(v)) m = v;
  }
  return m;
}

/** The value of `n` with its float noise set to 0 (the same tensor when there is none). */
export function denoised(n: Node, t: Tensor): Tensor {
  let scale = largest(t);
  if (n.leaf === undefined) {
    for (let i = 0; i < inputCount(n); i++) {
      try {
        scale = Math.max(scale, largest(inputAt(n, i).tensor));
      } catch (e) {
        if (!(e instanceof TracegradError)) throw e;
      }
    }
  }
  const limit = NOISE * scale;
  let noisy = false;
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]!;
    if (v !== 0 && Math.abs(v) < limit) {
      noisy = true;
      break;
    }
  }
  if (!noisy) return t;
  const out = Float64Array.from(t.data, (v) => (Math.abs(v) < limit ? 0 : v));
  return new Tensor(t.shape, out);
}
