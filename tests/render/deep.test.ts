/**
 * Deep graphs through every printer and explainer (issue 14): a chain of 10⁶ ops
 * (`x ← sin(x)`) prints, explains and draws without overflowing the stack, and what is
 * bounded stays bounded. Sizes and counts are asserted, never times; `bench/explain.ts`
 * measures the times. Wide graphs are in `wide.test.ts` (a separate file: a separate heap).
 */
import { inspect } from 'node:util';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { MAX_INLINE_DEPTH } from '../../src/explain/analysis.js';
import { equationLatex } from '../../src/explain/equation.js';

const DEEP = 1_000_000;

function sinChain(n: number, x: tg.Node): tg.Node {
  let y = x;
  for (let i = 0; i < n; i++) y = tg.sin(y);
  return y;
}

/** Every equation the derivation had: those shown and those the budget left out. */
function total(d: tg.Derivation): number {
  return d.equations.length + d.omitted.forward + d.omitted.adjoints + d.omitted.gradients;
}

/** KaTeX parses each equation shown (as the HTML page and Markdown render them: one at a time). */
function katexOk(d: tg.Derivation): void {
  for (const e of d.equations) {
    const s = equationLatex(e);
    expect(() => katex.renderToString(s, { displayMode: true, throwOnError: true }), s.slice(0, 200)).not.toThrow();
  }
}

describe('a chain of a million sines', () => {
  let x: tg.Node, y: tg.Node;
  beforeAll(() => {
    x = tg.variable('x', 0.5);
    y = sinChain(DEEP, x);
  });

  it('shows in console.log as its op and the start of its text, without printing all of it', () => {
    expect(inspect(y)).toBe('Node(sin []) sin(…)');
    expect(inspect(sinChain(30, x))).toBe(`Node(sin []) ${'sin('.repeat(30)}x${')'.repeat(30)}`.slice(0, 13 + 119) + '…');
    expect(inspect(tg.sin(x))).toBe('Node(sin []) sin(x)');
  });

  it('prints with String, toText and toLatex', () => {
    const text = String(y);
    expect(text.length).toBe(5 * DEEP + 1);
    expect(text.slice(0, 12)).toBe('sin(sin(sin(');
    expect(text.slice(4 * DEEP - 4, 4 * DEEP + 3)).toBe('sin(x))');
    expect(text.endsWith(')'.repeat(DEEP))).toBe(true);
    expect(tg.toText(y)).toBe(text);
    const latex = tg.toLatex(y);
    expect(latex.length).toBe(17 * DEEP + 1);
    expect(latex.slice(0, 20)).toBe('\\sin\\left(\\sin\\left(');
    expect(latex.slice(10 * DEEP - 10, 10 * DEEP + 8)).toBe('\\sin\\left(x\\right)');
  }, 60_000);

  it('explains within the size budget, says what it left out, and numbers every equation', () => {
    const d = tg.explain(y, { values: false, warn: false });
    // A stage every 9 ops (unnamed expressions are at most MAX_INLINE_DEPTH = 8 deep), and the
    // output: forward equations, the seed, an adjoint equation for each stage but the output and
    // for x, and x's gradient.
    const stages = Math.floor(DEEP / (MAX_INLINE_DEPTH + 1)) + 1;
    expect(d.analysis.stages.length).toBe(stages);
    expect(total(d)).toBe(stages + 1 + stages + 1);
    expect(d.omitted.forward).toBeGreaterThan(100_000);
    expect(d.gradients.length).toBe(1);
    const latex = d.toLatex();
    expect(latex.length).toBeLessThan(1.5 * d.maxChars);
    expect(d.toText().length).toBeLessThan(d.maxChars);
    expect(d.toText()).toMatch(/… 1\d\d,\d\d\d more forward equations not shown: the derivation is longer than its size budget \(maxChars 100,000\)/);
    expect(d.toMarkdown()).toContain('more adjoint equations not shown');
    katexOk(d);
    // The first equations read as a textbook's: v₁ = sin⁹(x), and the adjoint of the last stage.
    expect(d.forward[0]!.stages[0]!.text).toBe(`${'sin('.repeat(9)}x${')'.repeat(9)}`);
    expect(d.forward[1]!.stages[0]!.text).toBe(`${'sin('.repeat(9)}v₁${')'.repeat(9)}`);
    expect(d.adjoints[0]!.lhs.text).toBe(`v̄${[...String(stages - 1)].map((c) => '₀₁₂₃₄₅₆₇₈₉'[Number(c)]).join('')}`);
  }, 60_000);

  it('draws with toDot: the 5,000 boxes nearest the output, and one saying what is cut', () => {
    const dot = tg.toDot(y, { values: false, style: 'debug' });
    expect(dot.match(/^ {2}n\d+ \[label="\{/gm)!.length).toBe(5000);
    expect(dot).toContain('label="… 1 input not shown"');
    expect(tg.toDot(sinChain(1000, x), { maxNodes: 10, values: false, grads: false, style: 'debug' }).match(/ \[label=/g)!.length).toBe(11);
    // The circuit diagram: 5,000 op circles, a wire between each two, the output's wire, the cut.
    const circuit = tg.toDot(y, { values: false });
    expect(circuit.match(/^ {2}n\d+ \[label="sin", shape=circle/gm)!.length).toBe(5000);
    expect(circuit.match(/^ {2}w\d+ \[/gm)!.length).toBe(5000);
    expect(circuit).toContain('label="… 1 input not shown"');
  }, 60_000);

  it('draws with toTikz: bounded by its own default (400 boxes), laid out by Graphviz', async () => {
    const tikz = await tg.toTikz(y, { values: false, grads: false, style: 'debug' });
    expect(tikz.match(/\\node\[/g)!.length).toBe(401);
    expect(tikz).toContain('\\dots{} $1$ input not shown');
    const circuit = await tg.toTikz(y, { values: false, grads: false });
    expect(circuit.match(/\\node\[tgop\]/g)!.length).toBe(400);
    expect(circuit).toContain('\\dots{} $1$ input not shown');
  }, 60_000);
});

describe('chains of 10⁵ infix ops', () => {
  // Each level's printer asks how its right operand starts (a digit needs `\cdot`) or cuts
  // its leading minus: asked of the text, each of those copied the whole text below it
  // (10⁴ levels took 3 s and 1.6 GB), so the printers say it as they build it.
  const N = 100_000;
  const x = tg.variable('x', 0.5);

  it('a product whose right operand starts with a number: x · 2.5 sin(…) at every level', () => {
    let r: tg.Node = x;
    for (let i = 0; i < N; i++) r = tg.mul(x, tg.mul(tg.constant(2.5), tg.sin(r)));
    const latex = tg.toLatex(r);
    const level = 'x \\cdot 2.5 \\sin\\left(';
    expect(latex.length).toBe(N * (level.length + '\\right)'.length) + 1);
    expect(latex.slice(0, 2 * level.length)).toBe(level.repeat(2));
    expect(latex.slice((N - 1) * level.length, N * level.length + 1)).toBe(`${level}x`);
    expect(tg.toText(r).slice(0, 30)).toBe('x·2.5·sin(x·2.5·sin(x·2.5·sin(');
  }, 60_000);

  it('sums whose terms start with a minus: x − (…)·x at every level', () => {
    let q: tg.Node = x;
    for (let i = 0; i < N; i++) q = tg.addN([x, tg.neg(tg.mul(q, x))]);
    const text = tg.toText(q);
    expect(text.slice(0, 16)).toBe('x − (x − (x − (x');
    // Every level adds `x − (…)·x`, the innermost `x − x·x` (its product needs no brackets).
    expect(text.length).toBe((N - 1) * 'x − ()·x'.length + 'x − x·x'.length);
    expect(text.slice((N - 1) * 'x − ('.length - 5, (N - 1) * 'x − ('.length + 13)).toBe('x − (x − x·x)·x)·x');
    expect(text.endsWith(')·x'.repeat(N - 1))).toBe(true);
    expect(tg.toLatex(q).slice(0, 30)).toBe('x - \\left(x - \\left(x - \\left(');
  }, 60_000);
});
