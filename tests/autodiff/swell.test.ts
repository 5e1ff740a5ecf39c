import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { countNodes, numericGrad, swell } from '../helpers/graph.js';

/**
 * Expression swell, measured in nodes (never time): with hash-consing and construction-time
 * simplification, the symbolic gradient adds at most 4 × (number of function nodes).
 */
function report(family: string, y: tg.Node, grads: readonly tg.Node[]): void {
  const s = swell(y, grads);
  console.log(`swell ${family}: function ${s.fn} nodes, gradient adds ${s.added} (ratio ${s.ratio.toFixed(2)})`);
  expect(s.added).toBeLessThanOrEqual(4 * s.fn);
}

describe('gradient size stays linear in the function size', () => {
  it('a 40-deep nest x ← sin(x·f + y)', () => {
    const x = tg.variable('x', 0.3), f = tg.variable('f', 0.7), y = tg.variable('y', 0.2);
    let h = x;
    for (let i = 0; i < 40; i++) h = tg.sin(h.mul(f).add(y));
    expect(countNodes([h])).toBe(3 + 3 * 40);
    const grads = tg.grad(h, [x, f, y]);
    report('nest sin(x*f + y) ×40', h, grads);
    // the gradient is right, too
    const [dx, df, dy] = grads;
    expect(dx!.value).toBeCloseTo(numericGrad(h, x)[0]!, 8);
    expect(df!.value).toBeCloseTo(numericGrad(h, f)[0]!, 8);
    expect(dy!.value).toBeCloseTo(numericGrad(h, y)[0]!, 8);
  });

  it('a 40-factor product of distinct variables', () => {
    const vs = Array.from({ length: 40 }, (_, i) => tg.variable(`v${i}`, 1 + i / 100));
    let p = vs[0]!;
    for (const v of vs.slice(1)) p = p.mul(v);
    expect(countNodes([p])).toBe(40 + 39);
    const grads = tg.grad(p, vs);
    report('product of 40 variables', p, grads);
    const all = vs.reduce((s, v) => s * (v.value as number), 1);
    grads.forEach((g, i) => expect(g.value).toBeCloseTo(all / (vs[i]!.value as number), 10));
  });

  it('the logistic map l ← 4 l (1 − l), 12 deep', () => {
    const l0 = tg.variable('l', 0.3);
    let l = l0;
    for (let i = 0; i < 12; i++) l = tg.mul(4, l).mul(tg.sub(1, l));
    const grads = tg.grad(l, [l0]);
    report('logistic map ×12', l, grads);
    // chain rule by hand: d l_{k+1} / d l_k = 4 (1 - 2 l_k)
    let v = 0.3, d = 1;
    for (let i = 0; i < 12; i++) {
      d *= 4 * (1 - 2 * v);
      v = 4 * v * (1 - v);
    }
    expect(l.value).toBeCloseTo(v, 10);
    expect(grads[0]!.value).toBeCloseTo(d, 4);
    expect(Math.abs((grads[0]!.value as number) - d)).toBeLessThan(1e-9 * Math.abs(d));
  });

  it('a 3-layer tanh/sigmoid MLP with a mean-squared loss', () => {
    const X = tg.constant(tg.randn([6, 3], { seed: 1 })), Y = tg.constant(tg.rand([6, 2], { seed: 2 }));
    const dims = [3, 5, 4, 2];
    const ws = [0, 1, 2].map((i) => tg.variable(`W${i + 1}`, tg.randn([dims[i]!, dims[i + 1]!], { seed: 10 + i, std: 0.5 })));
    const bs = [0, 1, 2].map((i) => tg.variable(`b${i + 1}`, tg.randn([dims[i + 1]!], { seed: 20 + i, std: 0.1 })));
    const acts = [tg.tanh, tg.tanh, tg.sigmoid];
    let h: tg.Node = X;
    for (let i = 0; i < 3; i++) h = acts[i]!(tg.matmul(h, ws[i]!).add(bs[i]!));
    const loss = tg.mean(h.sub(Y).pow(2));
    const grads = tg.grad(loss, [...ws, ...bs]);
    report('3-layer MLP', loss, grads);
    grads.forEach((g, i) => expect(g.shape).toEqual([...ws, ...bs][i]!.shape));
    const g3 = Array.from((grads[2]!.value as tg.Tensor).data);
    const n3 = numericGrad(loss, ws[2]!);
    g3.forEach((v, i) => expect(v).toBeCloseTo(n3[i]!, 8));
  });
});
