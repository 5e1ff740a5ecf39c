import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

describe('asech', () => {
  it('is real on (0, 1] only: infinite at 0, 0 at 1, NaN elsewhere (mathjs answers complex numbers there)', () => {
    expect(tg.asech(0).value).toBe(Infinity);
    expect(tg.asech(1).value).toBe(0);
    for (const v of [-0.5, 1.5]) {
      expect(tg.asech(v).value).toBeNaN();
      expect(typeof evaluate('asech(x)', { x: v })).not.toBe('number');
    }
  });
});
