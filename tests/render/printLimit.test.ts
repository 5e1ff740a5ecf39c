/**
 * toText and toLatex stop at a size (hostile review): the gradient of sin applied 4,000
 * times printed 136 MB of LaTeX, and at 16,000 levels a raw `RangeError: Invalid string
 * length` escaped. A node used several times prints at every use, so such expressions grow
 * with the square of the depth; past `maxChars` (default 10⁸) the printers say so.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

function sinChain(n: number, x: tg.Node): tg.Node {
  let y = x;
  for (let i = 0; i < n; i++) y = tg.sin(y);
  return y;
}

describe('the printers’ size limit', () => {
  const x = tg.variable('x', 0.5);

  it('a gradient whose expression outgrows the limit is a TracegradError that says what to do', () => {
    const g = tg.grad(sinChain(4000, x), x);
    expect(() => tg.toLatex(g)).toThrow(tg.TracegradError);
    expect(() => tg.toLatex(g)).toThrow(/toLatex: the expression prints longer than 100,000,000 characters .*explain\(y\) prints it in named stages, or pass maxChars: Infinity/);
    const small = tg.grad(sinChain(200, x), x);
    expect(() => tg.toText(small, { maxChars: 1000 })).toThrow(/toText: the expression prints longer than 1,000 characters/);
    expect(tg.toText(small, { maxChars: 1_000_000 }).startsWith('cos(sin(')).toBe(true);
    expect(tg.toText(small, { maxChars: Infinity })).toBe(tg.toText(small));
  }, 60_000);

  it('maxChars is a positive integer or Infinity', () => {
    for (const bad of [0, -1, 1.5, NaN, '10', null]) {
      expect(() => tg.toText(x, { maxChars: bad as number })).toThrow(tg.ArgumentError);
    }
  });
});
