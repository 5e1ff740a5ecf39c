import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const rows = (t: tg.Tensor) => t.toArray() as number[][];
const counts = (y: tg.Tensor, k: number) => Array.from({ length: k }, (_, c) => Array.from(y.data).filter((v) => v === c).length);

describe('datasets', () => {
  it('xor: the four corners, optionally repeated with seeded noise', () => {
    const d = tg.nn.xor();
    expect([d.name, d.classes]).toEqual(['xor', 2]);
    expect(rows(d.X)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(d.y.toArray()).toEqual([0, 1, 1, 0]);
    const noisy = tg.nn.xor({ samples: 40, noise: 0.1, seed: 3 });
    expect(noisy.X.shape).toEqual([40, 2]);
    expect(counts(noisy.y, 2)).toEqual([20, 20]);
    rows(noisy.X).forEach((r, i) => {
      const corner = [[0, 0], [0, 1], [1, 0], [1, 1]][i % 4]!;
      expect(Math.hypot(r[0]! - corner[0]!, r[1]! - corner[1]!)).toBeLessThan(0.6);
    });
    expect(rows(tg.nn.xor({ samples: 8, noise: 0.1, seed: 3 }).X)).toEqual(rows(tg.nn.xor({ samples: 8, noise: 0.1, seed: 3 }).X));
    expect(rows(tg.nn.xor({ samples: 8, noise: 0.1, seed: 3 }).X)).not.toEqual(rows(tg.nn.xor({ samples: 8, noise: 0.1, seed: 4 }).X));
  });

  it('moons: two half circles', () => {
    const d = tg.nn.moons({ samples: 50, noise: 0 });
    expect(d.X.shape).toEqual([50, 2]);
    expect(counts(d.y, 2)).toEqual([25, 25]);
    rows(d.X).forEach((r, i) => {
      if (i < 25) expect(Math.hypot(r[0]!, r[1]!)).toBeCloseTo(1, 12);
      else expect(Math.hypot(r[0]! - 1, r[1]! - 0.5)).toBeCloseTo(1, 12);
    });
    expect(rows(d.X)[0]).toEqual([1, 0]);
    const noisy = tg.nn.moons({ seed: 1 });
    expect(noisy.X.shape).toEqual([100, 2]);
    expect(rows(noisy.X)).not.toEqual(rows(tg.nn.moons({ seed: 2 }).X));
  });

  it('circles: an outer unit circle and an inner one of radius factor', () => {
    const d = tg.nn.circles({ samples: 20, noise: 0, factor: 0.3 });
    rows(d.X).forEach((r, i) => expect(Math.hypot(r[0]!, r[1]!)).toBeCloseTo(i < 10 ? 1 : 0.3, 12));
    expect(counts(d.y, 2)).toEqual([10, 10]);
    expect(() => tg.nn.circles({ factor: 1 })).toThrow('circles: factor must be a finite number > 0 and < 1; got 1');
  });

  it('spiral: K arms of N points, radius growing linearly, as in CS231n', () => {
    const d = tg.nn.spiral({ classes: 3, points: 100, seed: 0 });
    expect([d.name, d.classes]).toEqual(['spiral', 3]);
    expect(d.X.shape).toEqual([300, 2]);
    expect(counts(d.y, 3)).toEqual([100, 100, 100]);
    rows(d.X).forEach((r, i) => expect(Math.hypot(r[0]!, r[1]!)).toBeCloseTo((i % 100) / 99, 12));
    // Without noise the angle is t = 4j + 4i/(N−1), at (r sin t, r cos t).
    const clean = rows(tg.nn.spiral({ classes: 2, points: 5, noise: 0 }).X);
    const t = 4 * 1 + 4 * (2 / 4), r = 2 / 4;
    expect(clean[7]![0]).toBeCloseTo(r * Math.sin(t), 14);
    expect(clean[7]![1]).toBeCloseTo(r * Math.cos(t), 14);
    expect(rows(tg.nn.spiral({ seed: 1 }).X)).not.toEqual(rows(d.X));
  });

  it('oneHot', () => {
    expect(tg.nn.oneHot([1, 0, 2], 3).toArray()).toEqual([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
    expect(() => tg.nn.oneHot([1, 3], 3)).toThrow('oneHot: labels must be integers from 0 to 2 (3 classes); got 3 at index 1');
    expect(() => tg.nn.oneHot([0], 0)).toThrow('oneHot: the number of classes must be a positive integer; got 0');
    expect(() => tg.nn.oneHot([0, 1], 1e10)).toThrow(/^oneHot: a tensor of shape \[2, 10000000000\] would have 2e10 elements/);
  });

  it('rejects unknown options and bad sizes', () => {
    expect(() => tg.nn.spiral({ arms: 3 } as never)).toThrow("spiral: unknown option 'arms'; accepted: classes, points, noise, seed");
    expect(() => tg.nn.moons({ samples: 0 })).toThrow('moons: samples must be a positive integer; got 0');
    expect(() => tg.nn.xor({ noise: -1 })).toThrow('xor: noise must be a finite number ≥ 0; got -1');
  });
});
