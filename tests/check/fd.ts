/** Central finite differences in float64, for the tests of checking and grading. */
import * as tg from '../../src/index.js';

/** ∂loss/∂v by central differences at v's value (h relative to each element, 1e-6). */
export function centralDifference(loss: tg.Node, v: tg.Node): tg.Tensor {
  const base = v.tensor;
  const out = new Float64Array(base.size);
  for (let i = 0; i < base.size; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(base.data[i]!));
    const at = (d: number) => {
      const data = Float64Array.from(base.data);
      data[i]! += d;
      return tg.evaluate([loss], new Map([[v, new tg.Tensor(base.shape, data)]]))[0] as number;
    };
    out[i] = (at(h) - at(-h)) / (2 * h);
  }
  return new tg.Tensor(base.shape, out);
}

/** The largest difference between two tensors of the same shape, relative to their scale. */
export function relativeError(a: tg.Tensor, b: tg.Tensor): number {
  if (a.shape.join() !== b.shape.join()) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!) / Math.max(1, Math.abs(b.data[i]!)));
  return worst;
}
