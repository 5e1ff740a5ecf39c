/**
 * The precedence table of the expression printers, with the known traps as explicit rows.
 * Every LaTeX string must parse in KaTeX.
 */
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const a = tg.variable('a', 1), b = tg.variable('b', 2), c = tg.variable('c', 3), x = tg.variable('x', 0.5);
const A = tg.variable('A', [[1, 2], [3, 4]]), B = tg.variable('B', [[0, 1], [1, 0]]);
const z1 = tg.variable('z1', 0.25, { label: 'z^{(1)}' });
const named = a.mul(b).as('z^{(1)}');

interface Row {
  name: string;
  node: () => tg.Node;
  latex: string;
  text: string;
  options?: tg.PrintOptions;
}

const rows: Row[] = [
  // sums and differences
  { name: 'a - (b - c)', node: () => a.sub(b.sub(c)), latex: 'a - b + c', text: 'a − b + c' },
  { name: '(a - b) - c', node: () => a.sub(b).sub(c), latex: 'a - b - c', text: 'a − b − c' },
  { name: 'a + (b + c)', node: () => a.add(b.add(c)), latex: 'a + b + c', text: 'a + b + c' },
  // a − (−b) and a + (−b) are simplified when built (to a + b and a − b); a named −b keeps them.
  { name: 'a - (-b) simplifies', node: () => a.sub(tg.neg(b)), latex: 'a + b', text: 'a + b' },
  { name: 'a + (-b) simplifies', node: () => a.add(tg.neg(b)), latex: 'a - b', text: 'a − b' },
  { name: 'a + (-2)', node: () => a.add(-2), latex: 'a - 2', text: 'a − 2' },
  { name: 'a - (-2)', node: () => a.sub(-2), latex: 'a + 2', text: 'a + 2' },
  { name: 'a - (-2 b)', node: () => a.sub(tg.mul(-2, b)), latex: 'a + 2 b', text: 'a + 2·b' },
  { name: 'a - b c', node: () => a.sub(b.mul(c)), latex: 'a - b c', text: 'a − b·c' },
  // products
  { name: '(a + b) c', node: () => a.add(b).mul(c), latex: '\\left(a + b\\right) c', text: '(a + b)·c' },
  { name: 'c (a + b)', node: () => c.mul(a.add(b)), latex: 'c \\left(a + b\\right)', text: 'c·(a + b)' },
  { name: '(a - b)(a + b)', node: () => a.sub(b).mul(a.add(b)), latex: '\\left(a - b\\right) \\left(a + b\\right)', text: '(a − b)·(a + b)' },
  { name: '-2 (a + b)', node: () => tg.mul(-2, a.add(b)), latex: '-2 \\left(a + b\\right)', text: '−2·(a + b)' },
  { name: 'a (-b)', node: () => a.mul(tg.neg(b)), latex: '-a b', text: '−a·b' },
  { name: '-(a + b)', node: () => tg.neg(a.add(b)), latex: '-\\left(a + b\\right)', text: '−(a + b)' },
  { name: 'x · 3 (digit after a product)', node: () => x.mul(3), latex: '3 x', text: '3·x' },
  // powers
  { name: '-x^2', node: () => tg.neg(x.pow(2)), latex: '-x^{2}', text: '−x²' },
  { name: '(-x)^2', node: () => tg.neg(x).pow(2), latex: '\\left(-x\\right)^{2}', text: '(−x)²' },
  { name: 'a^{b^c}', node: () => a.pow(b.pow(c)), latex: 'a^{b^{c}}', text: 'a^(b^c)' },
  { name: '(a^b)^c', node: () => a.pow(b).pow(c), latex: '\\left(a^{b}\\right)^{c}', text: '(a^b)^c' },
  { name: '(a/b)^2', node: () => a.div(b).pow(2), latex: '\\left(\\frac{a}{b}\\right)^{2}', text: '(a / b)²' },
  { name: '(a b)^2', node: () => a.mul(b).pow(2), latex: '\\left(a b\\right)^{2}', text: '(a·b)²' },
  { name: '(a + b)^2', node: () => a.add(b).pow(2), latex: '\\left(a + b\\right)^{2}', text: '(a + b)²' },
  { name: 'x^{a + b}', node: () => x.pow(a.add(b)), latex: 'x^{a + b}', text: 'x^(a + b)' },
  { name: 'x^{-1}', node: () => x.pow(-1), latex: '\\frac{1}{x}', text: '1 / x' },
  { name: '(-2)^x', node: () => tg.pow(-2, x), latex: '\\left(-2\\right)^{x}', text: '(−2)^x' },
  { name: '(e^x)^2', node: () => tg.exp(x).pow(2), latex: '\\left(e^{x}\\right)^{2}', text: 'exp(x)²' },
  { name: 'x² + 1', node: () => x.pow(2).add(1), latex: 'x^{2} + 1', text: 'x² + 1' },
  { name: '(√x)^2', node: () => tg.sqrt(x).pow(2), latex: '\\sqrt{x}^{2}', text: '(√x)²' },
  { name: '√(a + b)', node: () => tg.sqrt(a.add(b)), latex: '\\sqrt{a + b}', text: '√(a + b)' },
  // a big operator followed by another factor must be closed: (Σ T) v is a vector, Σ (T v) reads as a scalar
  { name: '(Σ T) v', node: () => tg.sum(tg.variable('T', tg.zeros([2, 2, 2]))).mul(tg.variable('v', [1, 2])), latex: '\\left(\\sum T\\right) v', text: '(Σ T)·v' },
  // fractions
  { name: '(a/b)/c', node: () => a.div(b).div(c), latex: '\\frac{a}{b c}', text: 'a / (b·c)' },
  { name: 'a/(b/c)', node: () => a.div(b.div(c)), latex: '\\frac{a c}{b}', text: 'a·c / b' },
  { name: 'a/(b c)', node: () => a.div(b.mul(c)), latex: '\\frac{a}{b c}', text: 'a / (b·c)' },
  { name: '(a + b)/c', node: () => a.add(b).div(c), latex: '\\frac{a + b}{c}', text: '(a + b) / c' },
  // matrices
  { name: '(A B)^T', node: () => tg.matmul(A, B).T, latex: '\\left(A B\\right)^\\top', text: '(A B)ᵀ' },
  { name: 'A B^T', node: () => tg.matmul(A, B.T), latex: 'A B^\\top', text: 'A Bᵀ' },
  { name: '(A + B) B', node: () => tg.matmul(A.add(B), B), latex: '\\left(A + B\\right) B', text: '(A + B) B' },
  { name: 'Hadamard A ⊙ B', node: () => A.mul(B), latex: 'A \\odot B', text: 'A ⊙ B' },
  { name: 'scalar times matrix a A', node: () => a.mul(A), latex: 'a A', text: 'a·A' },
  { name: 'number times matrix 2 A', node: () => tg.mul(2, A), latex: '2 A', text: '2·A' },
  { name: 'scalar product a b', node: () => a.mul(b), latex: 'a b', text: 'a·b' },
  // names
  { name: 'z^{(1)} squared (named node)', node: () => named.pow(2), latex: '\\left(z^{(1)}\\right)^{2}', text: '(z⁽¹⁾)²' },
  { name: 'z^{(1)} squared (labelled variable)', node: () => z1.pow(2), latex: '\\left(z^{(1)}\\right)^{2}', text: '(z⁽¹⁾)²' },
  { name: 'z^{(1)} transposed', node: () => tg.variable('Z', [[1, 2], [3, 4]], { label: 'Z^{(1)}' }).T, latex: '\\left(Z^{(1)}\\right)^\\top', text: '(Z⁽¹⁾)ᵀ' },
  { name: 'z^{(1)} as a product operand', node: () => z1.mul(x), latex: 'z^{(1)} x', text: 'z⁽¹⁾·x' },
  { name: 'a labelled node prints as its label', node: () => tg.sin(a.mul(b).as('z')), latex: '\\sin\\left(z\\right)', text: 'sin(z)' },
  { name: 'inline: true expands labels', node: () => tg.sin(a.mul(b).as('z')).add(1), latex: '\\sin\\left(a b\\right) + 1', text: 'sin(a·b) + 1', options: { inline: true } },
  { name: 'Greek and indexed names', node: () => tg.variable('theta', 1).mul(tg.variable('w0', 2)), latex: '\\theta w_{0}', text: 'θ·w₀' },
  { name: 'a named constant', node: () => tg.constant(0.1).as('\\alpha').mul(x), latex: '\\alpha x', text: 'α·x' },
];

describe('precedence table', () => {
  it.each(rows)('$name', ({ node, latex, text, options }) => {
    const n = node();
    expect(tg.toLatex(n, options)).toBe(latex);
    expect(tg.toText(n, options)).toBe(text);
  });

  it.each(rows)('$name: LaTeX parses in KaTeX', ({ node, options }) => {
    const s = tg.toLatex(node(), options);
    expect(() => katex.renderToString(s, { throwOnError: true })).not.toThrow();
  });
});

describe('derivatives print in terms of named forward quantities', () => {
  it('σ′ prints as a (1 − a)', () => {
    const w = tg.variable('w', -3), xx = tg.variable('x', 2), bb = tg.variable('b', 1);
    const s = tg.sigmoid(w.mul(xx).add(bb).as('z')).as('a');
    const dw = tg.grad(s, w);
    expect(tg.toLatex(dw)).toBe('a \\left(1 - a\\right) x');
    expect(tg.toText(dw)).toBe('a·(1 − a)·x');
    expect(tg.toText(tg.grad(s, bb))).toBe('a·(1 − a)');
    expect(() => katex.renderToString(tg.toLatex(dw), { throwOnError: true })).not.toThrow();
  });

  it('the root prints its definition even when named', () => {
    const z = a.mul(b).as('z');
    expect(tg.toLatex(z)).toBe('a b');
    expect(tg.toText(z)).toBe('a·b');
  });

  it('names override labels', () => {
    const z = a.mul(b).as('z');
    const y = tg.sin(z);
    expect(tg.toLatex(y, { names: new Map([[z, '\\bar{z}']]) })).toBe('\\sin\\left(\\bar{z}\\right)');
  });
});

describe('Unicode names in text', () => {
  it.each([
    ['z^{(1)}', 'z⁽¹⁾'],
    ['W^{(2)}', 'W⁽²⁾'],
    ['\\delta^{(1)}', 'δ⁽¹⁾'],
    ['a_{j}', 'aⱼ'],
    ['\\bar{z}', 'z̄'],
  ])('%s → %s', (label, expected) => {
    expect(tg.toText(tg.variable('v', 1, { label }))).toBe(expected);
    expect(tg.toText(tg.sin(tg.variable('v', 1, { label })))).toBe(`sin(${expected})`);
  });
});

describe('printer options', () => {
  it('rejects unknown options and bad digits, listing what is accepted', () => {
    expect(() => tg.toLatex(x, { color: true } as unknown as tg.PrintOptions)).toThrow(/unknown option 'color'; accepted: inline, names, digits/);
    expect(() => tg.toText(x, { digits: 0 })).toThrow(tg.ArgumentError);
  });

  it('formats numbers with the requested digits', () => {
    expect(tg.toText(x.mul(tg.constant(1 / 3)), { digits: 3 })).toBe('⅓·x');
    expect(tg.toLatex(tg.constant(2.5e-9).mul(x))).toBe('2.5 \\times 10^{-9} x');
    expect(tg.toLatex(x.mul(tg.constant(2.5e-9)))).toBe('2.5 \\times 10^{-9} x');
  });
});

describe('random expressions', () => {
  const leaves = [a, b, x, z1, named, tg.constant(-2), tg.constant(0.5), tg.constant(3).as('\\alpha')];
  type Step = { op: number; i: number; j: number };
  const build = (steps: readonly Step[]): tg.Node => {
    const pool: tg.Node[] = [...leaves];
    for (const { op, i, j } of steps) {
      const p = pool[i % pool.length]!, q = pool[j % pool.length]!;
      const makers = [
        () => p.add(q), () => p.sub(q), () => p.mul(q), () => p.div(q), () => p.pow(q), () => tg.neg(p),
        () => tg.sin(p), () => tg.exp(p), () => tg.sqrt(p), () => tg.sigmoid(p), () => tg.abs(p), () => p.pow(2),
        () => p.add(q).as(`h_{${pool.length}}`), () => p.mul(q).as(`u^{(${pool.length})}`),
      ];
      pool.push(makers[op % makers.length]!());
    }
    return pool[pool.length - 1]!;
  };

  it('always print LaTeX that KaTeX parses, inline or not', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ op: fc.nat(), i: fc.nat(), j: fc.nat() }), { minLength: 1, maxLength: 8 }), (steps) => {
        const n = build(steps);
        for (const options of [{}, { inline: true }]) {
          const s = tg.toLatex(n, options);
          try {
            katex.renderToString(s, { throwOnError: true });
          } catch (e) {
            throw new Error(`KaTeX rejects ${JSON.stringify(s)}: ${(e as Error).message}`);
          }
          expect(tg.toText(n, options).length).toBeGreaterThan(0);
        }
      }),
      { seed: 4242, numRuns: 200 },
    );
  });
});
