/**
 * Numbers as a derivation shows them: float noise is shown as 0. An element of a sum (or of a
 * product that adds: a matrix or dot product, a reduction) whose size is below 1e-12 of the
 * terms it was added from (`0.1 + 0.2 − 0.3` is `5.6e−17` next to terms of size 0.3) is
 * rounding error left by cancellation, not a value, and prints as 0. Other values are never
 * noise: `10⁻²⁰·x` is `10⁻²⁰`.
 * @module
 */
import { inputAt, inputCount, type Node } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { addOp } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { dotOp } from '../ops/dot.js';
import { matmulOp } from '../ops/matmul.js';
import { meanOp } from '../ops/mean.js';
import { subOp } from '../ops/sub.js';
import { sumOp } from '../ops/sum.js';

/** The ops whose results add terms, so may be left with the noise of cancellation. */
const ADDING: ReadonlySet<OpDef> = new Set([addOp, subOp, addNOp, sumOp, meanOp, dotOp, matmulOp]);
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
  if (n.leaf !== undefined || !ADDING.has(n.op)) return t;
  // The size of the largest term added: an input's element, or for a matrix or dot product
  // the product of the operands' largest elements.
  let scale = largest(t);
  try {
    if (n.op === matmulOp || n.op === dotOp) scale = Math.max(scale, largest(inputAt(n, 0).tensor) * largest(inputAt(n, 1).tensor));
    else for (let i = 0; i < inputCount(n); i++) scale = Math.max(scale, largest(inputAt(n, i).tensor));
  } catch (e) {
    if (!(e instanceof TracegradError)) throw e;
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
