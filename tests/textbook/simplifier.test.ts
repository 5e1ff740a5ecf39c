/**
 * The display simplifier (issue 15, point 1): each rewrite on a small example, printed in text
 * and LaTeX, with the printed form valued and compared with the graph it stands for; random
 * expressions and their gradients, whose display forms must have the same values; and the
 * bounds that keep it linear: a million-deep chain and a hundred-thousand-term sum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { displayForm, DISPLAY_BUDGET } from '../../src/explain/simplify.js';
import { expectClose, katexOk, numbers } from './textbook.js';

const a = tg.variable('a', 1.5), b = tg.variable('b', -0.7), x = tg.variable('x', 0.3), y = tg.variable('y', 2);
const v = tg.variable('v', [0.5, -1, 2]);
const A = tg.variable('A', [[1, 2], [3, 4]]), B = tg.variable('B', [[0, 1], [-1, 2]]);
const u = tg.variable('u', [1, -2]);

interface Row {
  rule: string;
  node: () => tg.Node;
  text: string;
  latex: string;
}

const rows: Row[] = [
  { rule: '−(−a) = a (unnamed)', node: () => tg.mul(-1, tg.neg(a)).add(b), text: 'a + b', latex: 'a + b' },
  { rule: 'a·b/a = b', node: () => a.mul(b).div(a), text: 'b', latex: 'b' },
  { rule: '‖v‖·v/‖v‖ = v', node: () => tg.norm(v).mul(v).div(tg.norm(v)), text: 'v', latex: 'v' },
  { rule: 'x·x = x²', node: () => x.mul(y).mul(x), text: 'x²·y', latex: 'x^{2} y' },
  { rule: 'like terms collected', node: () => tg.addN([a, tg.mul(a, 3), b, tg.neg(b)]), text: '4·a', latex: '4 a' },
  { rule: 'common factors taken out', node: () => a.mul(x).add(a.mul(y)), text: 'a·(x + y)', latex: 'a \\left(x + y\\right)' },
  { rule: 'a common number taken out', node: () => tg.mul(2, a).sub(tg.mul(2, b)), text: '2·(a − b)', latex: '2 \\left(a - b\\right)' },
  { rule: 'a positive term first', node: () => tg.neg(a).add(x.mul(y)), text: 'x·y − a', latex: 'x y - a' },
  { rule: 'numbers first', node: () => x.mul(y).mul(2), text: '2·x·y', latex: '2 x y' },
  { rule: '· for a scalar times a tensor (broadcasting is implicit)', node: () => tg.mul(tg.broadcastTo(a, [3]), v), text: 'a·v', latex: 'a v' },
  { rule: '⊙ between tensors', node: () => v.mul(tg.variable('w', [1, 2, 3])), text: 'v ⊙ w', latex: 'v \\odot w' },
  { rule: 'identity matrices drop out', node: () => tg.matmul(A, tg.matmul(tg.constant(tg.eye(2)), B)), text: 'A B', latex: 'A B' },
  { rule: '1×1 ones drop out, 1-D vectors are not transposed', node: () => tg.reshape(tg.matmul(tg.constant([[1]]), tg.transpose(tg.reshape(u, [2, 1]))), [2]), text: 'u', latex: 'u' },
  { rule: 'scalars leave matrix products', node: () => tg.matmul(A, tg.mul(3, u)), text: '3·A u', latex: '3 A u' },
  { rule: 'matrix products factored on the right', node: () => tg.matmul(A, u).add(tg.matmul(B, u)), text: '(A + B) u', latex: '\\left(A + B\\right) u' },
  { rule: 'matrix products factored on the left', node: () => tg.matmul(A, u).sub(tg.matmul(A, tg.mul(2, u))), text: '−A u', latex: '-A u' },
  { rule: 'σ written with exp', node: () => tg.div(1, tg.add(1, tg.exp(tg.neg(x)))), text: 'σ(x)', latex: '\\sigma\\left(x\\right)' },
  { rule: 'σ′ written with exp is σ(1 − σ)', node: () => tg.grad(tg.div(1, tg.add(1, tg.exp(tg.neg(x)))), x), text: 'σ(x)·(1 − σ(x))', latex: '\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)' },
  { rule: 'softplus written with exp', node: () => tg.log(tg.add(1, tg.exp(x))), text: 'softplus(x)', latex: '\\operatorname{softplus}\\left(x\\right)' },
  { rule: 'softplus′ written with exp is σ', node: () => tg.grad(tg.log(tg.add(1, tg.exp(x))), x), text: 'σ(x)', latex: '\\sigma\\left(x\\right)' },
  { rule: 'tanh written with exp', node: () => tg.exp(x).sub(tg.exp(tg.neg(x))).div(tg.exp(x).add(tg.exp(tg.neg(x)))), text: 'tanh(x)', latex: '\\tanh\\left(x\\right)' },
  {
    rule: 'tanh′ written with exp is 1 − tanh²',
    node: () => tg.grad(tg.exp(x).sub(tg.exp(tg.neg(x))).div(tg.exp(x).add(tg.exp(tg.neg(x)))), x),
    text: '1 − tanh(x)²',
    latex: '1 - \\tanh\\left(x\\right)^{2}',
  },
  {
    rule: 'binary cross-entropy written with log σ: ∂L/∂z = σ(z) − y',
    node: () => tg.grad(tg.neg(y.mul(tg.log(tg.sigmoid(x)))).sub(tg.sub(1, y).mul(tg.log(tg.sub(1, tg.sigmoid(x))))), x),
    text: 'σ(x) − y',
    latex: '\\sigma\\left(x\\right) - y',
  },
  { rule: 'a sign goes into a sum factor', node: () => tg.neg(tg.div(y.sub(1), tg.sub(1, x))), text: '(1 − y) / (1 − x)', latex: '\\frac{1 - y}{1 - x}' },
  { rule: 'a fraction coefficient', node: () => tg.mul(0.5, tg.pow(a, 2)), text: '½·a²', latex: '\\frac{1}{2} a^{2}' },
  { rule: 'a sum divided by a number', node: () => tg.mul(0.25, a.sub(b)), text: '(a − b) / 4', latex: '\\frac{a - b}{4}' },
];

describe('the rewrites, one by one', () => {
  it.each(rows)('$rule', ({ node, text, latex }) => {
    const n = node();
    expect(tg.toText(n)).toBe(text);
    expect(tg.toLatex(n)).toBe(latex);
    katexOk(latex);
    // What is printed is what is evaluated.
    expectClose(numbers(displayForm(n).node.value), numbers(n.value), 1e-12);
  });

  it('prints the graph as built with simplify: false', () => {
    const n = a.mul(b).div(a);
    expect(tg.toText(n, { simplify: false })).toBe('a·b / a');
  });
});

describe('random expressions and their gradients', () => {
  const leaves = [a, b, x, y, tg.constant(2), tg.constant(0.5), tg.constant(-3)];
  const build = (steps: readonly { op: number; i: number; j: number }[]): tg.Node => {
    const pool: tg.Node[] = [...leaves];
    for (const { op, i, j } of steps) {
      const p = pool[i % pool.length]!, q = pool[j % pool.length]!;
      const makers = [
        () => p.add(q), () => p.sub(q), () => p.mul(q), () => p.div(tg.add(tg.mul(q, q), 1)), () => tg.neg(p), () => tg.exp(tg.mul(0.1, p)),
        () => tg.sin(p), () => tg.sigmoid(p), () => tg.tanh(p), () => p.pow(2), () => tg.div(1, tg.add(1, tg.exp(tg.neg(p)))),
        () => tg.log(tg.add(1, tg.exp(tg.mul(0.1, p)))), () => p.mul(q).as(`h_{${pool.length}}`),
      ];
      pool.push(makers[op % makers.length]!());
    }
    return pool[pool.length - 1]!;
  };
  const same = (n: tg.Node) => {
    const want = numbers(n.value), got = numbers(displayForm(n).node.value);
    expect(got.length).toBe(want.length);
    got.forEach((g, k) => {
      const w = want[k]!;
      if (!Number.isFinite(w)) return;
      expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
    });
  };

  it('print as they evaluate, and their gradients too, and the LaTeX parses', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ op: fc.nat(), i: fc.nat(), j: fc.nat() }), { minLength: 1, maxLength: 10 }), (steps) => {
        const n = build(steps);
        same(n);
        for (const g of tg.grad(n, [a, x])) {
          same(g);
          katexOk(tg.toLatex(g));
          katexOk(tg.toLatex(g, { inline: true }));
        }
      }),
      { seed: 1515, numRuns: 300 },
    );
  });
});

describe('bounds', () => {
  it('a chain of a million ops is printed as built (beyond the budget) without walking all of it twice', () => {
    let n: tg.Node = x;
    for (let i = 0; i < 1_000_000; i++) n = tg.sin(n);
    expect(displayForm(n).node).toBe(n);
  }, 60_000);

  it('an expression near the budget is simplified with an explicit stack (no recursion)', () => {
    let n: tg.Node = x;
    for (let i = 0; i < DISPLAY_BUDGET / 4; i++) n = tg.sin(n).mul(y).mul(2);
    const shown = displayForm(n).node;
    expect(shown === n).toBe(false);
    expectClose(numbers(shown.value), numbers(n.value), 1e-12);
  }, 60_000);

  it('a sum of a hundred thousand terms prints as built, and a sum of a thousand is collected', () => {
    const ws = Array.from({ length: 1000 }, (_, i) => tg.variable(`w${i}`, i));
    const big = tg.addN(Array.from({ length: 100_000 }, (_, i) => ws[i % 1000]!.mul(x)));
    expect(displayForm(big).node).toBe(big);
    const small = tg.addN([...ws.slice(0, 40).map((w) => w.mul(x)), ...ws.slice(0, 40).map((w) => w.mul(x))]);
    expect(tg.toText(small).split(' + ').length).toBe(40);
    expectClose(numbers(displayForm(small).node.value), numbers(small.value), 1e-12);
  }, 60_000);
});
