/**
 * What `explain` calls an input the gradient is taken with respect to (hostile review): a
 * constant or an unnamed node in `wrt` was printed with a name it does not have (the constant
 * as `x`, beside the real x; the node as `n₂`, defined nowhere).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const lines = (d: tg.Derivation, re: RegExp) => d.toText().split('\n').filter((l) => re.test(l));

describe('explain: the name of each wrt input', () => {
  const x = tg.variable('x', 2), w = tg.variable('w', -3);
  const a = tg.sigmoid(w.mul(x)).as('a');

  it('a constant is written as its value, not as a name of the graph', () => {
    const d = tg.explain(a, { wrt: [x, tg.constant(2.5)], warn: false });
    expect(lines(d, /^\(\d+\) +∂a\/∂/)).toEqual(['(4)   ∂a/∂x = a·(1 − a)·w', '(5)   ∂a/∂(2.5) = 0']);
    expect(d.dead.map((g) => g.reason)).toEqual(['a does not depend on (2.5)']);
    expect(d.toLatex()).toContain('\\frac{\\partial a}{\\partial \\left(2.5\\right)}');
  });

  it('an unnamed node is written as its expression', () => {
    const d = tg.explain(a, { wrt: [w.mul(x)], warn: false });
    expect(lines(d, /^\(\d+\) +∂a\/∂/)).toEqual(['(3)   ∂a/∂(w·x) = a·(1 − a)']);
    expect(d.toText()).not.toMatch(/n₂/);
  });

  it('a variable of the same name that the output does not depend on is primed', () => {
    const other = tg.variable('x', 5);
    const d = tg.explain(a, { wrt: [x, other], warn: false });
    expect(lines(d, /^\(\d+\) +∂a\/∂x/)).toEqual(['(4)   ∂a/∂x = a·(1 − a)·w', '(5)   ∂a/∂x′ = 0']);
  });
});
