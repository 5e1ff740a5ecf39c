/**
 * Wide graphs through every printer and explainer (issue 14): a sum of 10⁵ terms
 * (`tg.addN`) and a chain of 10⁵ adds print, explain and draw, in the library and on the
 * command line; and `explain` grows linearly. Sizes and counts are asserted, never times.
 */
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { run } from '../../src/cli/main.js';
import { equationLatex } from '../../src/explain/equation.js';

const WIDE = 100_000;

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

describe('a sum of a hundred thousand terms', () => {
  let x: tg.Node, ws: tg.Node[], y: tg.Node;
  beforeAll(() => {
    x = tg.variable('x', 2);
    ws = Array.from({ length: WIDE }, (_, i) => tg.variable(`w${i}`, i / WIDE));
    y = tg.addN(ws.map((w) => w.mul(x))).as('y');
  });

  it('prints every term', () => {
    const text = tg.toText(y);
    expect(text.startsWith('w₀·x + w₁·x + ')).toBe(true);
    expect(text.endsWith(' + w₉₉₉₉₉·x')).toBe(true);
    expect(text.split(' + ').length).toBe(WIDE);
    expect(tg.toLatex(y).split(' + ').length).toBe(WIDE);
  }, 60_000);

  it('explains within the size budget: the long definition is summarised, the gradients are counted', () => {
    const d = tg.explain(y, { warn: false });
    expect(d.forward[0]!.stages[0]!.text).toBe('(an expression longer than 12,500 characters; raise maxChars to see it)');
    expect(d.gradients.length + d.omitted.gradients).toBe(WIDE + 1);
    expect(d.adjoints.length + d.omitted.adjoints).toBe(WIDE + 1);
    expect(d.gradients.map((e) => e.lhs.text).slice(0, 3)).toEqual(['∂y/∂w₀', '∂y/∂x', '∂y/∂w₁']);
    expect(d.gradients[1]!.value!.data).toBeCloseTo((WIDE - 1) / 2, 6); // ∂y/∂x = Σ wᵢ
    expect(d.toLatex().length).toBeLessThan(1.5 * d.maxChars);
    katexOk(d);
  }, 60_000);

  it('explains everything with maxChars: Infinity', () => {
    const n = WIDE / 10;
    const z = tg.addN(ws.slice(0, n).map((w) => w.mul(x))).as('z');
    const all = tg.explain(z, { warn: false, maxChars: Infinity, values: false });
    expect(all.omitted).toEqual({ forward: 0, adjoints: 0, gradients: 0 });
    expect(all.forward[0]!.stages[0]!.text.split(' + ').length).toBe(n);
    expect(all.gradients.length).toBe(n + 1);
  }, 60_000);

  it('draws the terms nearest the output and says how many inputs are left out', () => {
    const dot = tg.toDot(y, { values: false, grads: false });
    expect(dot).toContain(`label="… ${WIDE - 4999} inputs not shown"`);
  }, 60_000);
});

describe('a chain of a hundred thousand adds', () => {
  it('prints, explains with values, and draws', () => {
    const x = tg.variable('x', 1);
    let y = x;
    for (let i = 0; i < WIDE; i++) y = y.add(tg.variable(`w${i}`, 1).mul(x));
    const text = String(y);
    expect(text.split(' + ').length).toBe(WIDE + 1);
    const d = tg.explain(y, { warn: false });
    expect(d.forward[0]!.value!.data).toBe(9); // x + w₀x + … + w₇x, the first stage (8 deep)
    expect(d.gradients.find((e) => e.lhs.text === '∂L/∂x')!.value!.data).toBe(WIDE + 1);
    expect(tg.toDot(y, { values: false }).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('explain grows linearly', () => {
  // The printed size of a full derivation (no budget) of a chain twice as long is about twice
  // as large; before stages were cut at a bounded depth it was four times (every gradient
  // printed every prefix of the chain).
  it('a chain twice as long prints about twice as much', () => {
    const size = (n: number) => tg.explain(sinChain(n, tg.variable('x', 0.5)), { maxChars: Infinity, warn: false }).toLatex().length;
    const ratio = size(1600) / size(800);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  }, 60_000);
});

describe('the command line', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '', err = '';
    const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  }
  it('explains and draws a chain and a sum of 10⁵ ops', async () => {
    const chain = `${'sin('.repeat(WIDE)}x${')'.repeat(WIDE)}`;
    const e = await cli('explain', chain, '--at', 'x=0.5', '--format', 'text');
    expect(e.err).toBe('');
    expect(e.code).toBe(0);
    expect(e.out).toContain('more forward equations not shown');
    const dot = await cli('dot', chain);
    expect(dot.code).toBe(0);
    expect(dot.out).toContain('… 1 input not shown');
    const sum = Array.from({ length: WIDE }, (_, i) => `w${i}*x`).join('+');
    const s = await cli('explain', sum, '--format', 'latex');
    expect(s.code).toBe(0);
    expect(s.out.length).toBeLessThan(200_000);
  }, 120_000);
});
