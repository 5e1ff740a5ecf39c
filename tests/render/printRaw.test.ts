/**
 * The printers on the graph as it was built (`simplify: false`): the precedence traps that the
 * display simplifier would otherwise rewrite away (`a + (−2)`, `x · 3`, `a/(b/c)`), so the
 * printers' own brackets and separators stay tested. The simplified forms are in
 * `print.test.ts`.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const a = tg.variable('a', 1), b = tg.variable('b', 2), c = tg.variable('c', 3), x = tg.variable('x', 0.5);
const raw = { simplify: false } as const;

const rows: { name: string; node: () => tg.Node; latex: string; text: string }[] = [
  { name: 'a - (b - c)', node: () => a.sub(b.sub(c)), latex: 'a - \\left(b - c\\right)', text: 'a − (b − c)' },
  { name: 'a + (-2)', node: () => a.add(-2), latex: 'a + \\left(-2\\right)', text: 'a + (−2)' },
  { name: 'a - (-2 b)', node: () => a.sub(tg.mul(-2, b)), latex: 'a - \\left(-2 b\\right)', text: 'a − (−2·b)' },
  { name: 'a (-b)', node: () => a.mul(tg.neg(b)), latex: 'a \\left(-b\\right)', text: 'a·(−b)' },
  { name: 'x · 3 (a digit after a product)', node: () => x.mul(3), latex: 'x \\cdot 3', text: 'x·3' },
  { name: 'x · 2.5e-9', node: () => x.mul(tg.constant(2.5e-9)), latex: 'x \\cdot 2.5 \\times 10^{-9}', text: 'x·2.5e−9' },
  { name: 'x^{-1}', node: () => x.pow(-1), latex: 'x^{-1}', text: 'x⁻¹' },
  { name: '(a/b)/c', node: () => a.div(b).div(c), latex: '\\frac{\\frac{a}{b}}{c}', text: 'a / b / c' },
  { name: 'a/(b/c)', node: () => a.div(b.div(c)), latex: '\\frac{a}{\\frac{b}{c}}', text: 'a / (b / c)' },
  { name: 'digits', node: () => x.mul(tg.constant(1 / 3)), latex: 'x \\cdot 0.333333', text: 'x·0.333333' },
];

describe('the printers on the graph as built (simplify: false)', () => {
  it.each(rows)('$name', ({ node, latex, text }) => {
    const n = node();
    expect(tg.toLatex(n, raw)).toBe(latex);
    expect(tg.toText(n, raw)).toBe(text);
    expect(() => katex.renderToString(latex, { throwOnError: true })).not.toThrow();
  });

  it('checks the option', () => {
    expect(() => tg.toText(x, { simplify: 'no' } as unknown as tg.PrintOptions)).toThrow(/simplify must be true or false; got "no"/);
    expect(() => tg.toText(x, { color: 1 } as unknown as tg.PrintOptions)).toThrow(/accepted: inline, names, digits, simplify/);
  });
});
