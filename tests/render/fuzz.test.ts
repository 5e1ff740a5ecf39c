/**
 * Fuzzing the label rule (issue 14), seeded: random labels made of LaTeX's special
 * characters, commands (safe and not), markup and control characters go through every
 * printer; random graphs with random labels through `explain`. Every LaTeX string is ASCII,
 * holds only known commands and parses in KaTeX; pdflatex compiles all of them in one
 * document; every text is visible; every Markdown has no tag; the DOT of all of them renders.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equationLatex } from '../../src/explain/equation.js';
import { checkLatex, checkMarkdown, checkText } from './hostile.js';
import { requirePdflatex } from './tools.js';


/** The pieces random labels are made of. */
const PIECES = [
  '\\', '{', '}', '_', '^', '$', '%', '&', '#', '~', '<', '>', '"', "'", '`', '|', '[', ']', '(', ')', ' ', '\n', '\t', '\r', '\u0000', '\u001b', '\u202e', '\u2028',
  '\ud800', 'é', '中', '😀', '\u0301', 'a', 'x', 'z', 'W', '1', '2', '-', '+', '=', ',', '.', '*', '/', ':', ';', '!', '?', '@',
  '\\alpha', '\\Delta', '\\bar', '\\hat', '\\vec', '\\prime', '\\mathrm', '\\text', '\\mathbf', '\\operatorname', '\\,', '\\ ', '\\\\', '\\_', '\\{',
  '\\input', '\\write18', '\\def', '\\catcode', '\\href', '\\url', '\\csname', '\\end', '\\begin', '\\relax', '\\char', '^^', '(1)', '{(1)}', '{', '}',
  '<script>', '<img src=x onerror=alert(1)>', '](javascript:x)', '&amp;', '$$', '%%',
];
const labelArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')).filter((s) => s.trim() !== '');

describe('random labels', () => {
  const seen: string[] = [];
  it('print as ASCII LaTeX with known commands that KaTeX parses, and as visible text', () => {
    fc.assert(
      fc.property(labelArb, (label) => {
        seen.push(label);
        const v = tg.variable('v', 2, { label });
        // (A label of its own for the named node: same labels, which print with primes, are
        // fuzzed below through explain, without a process warning per run.)
        const y = tg.sin(v).as(`${label}1`).mul(v).add(v.pow(2));
        checkLatex(tg.toLatex(v), label);
        checkLatex(tg.toLatex(y), label);
        checkLatex(tg.toLatex(y.pow(2)), label);
        checkText(tg.toText(y), label);
      }),
      { seed: 1414, numRuns: 400 },
    );
  }, 120_000);

  it('render in Graphviz as DOT (record and HTML labels, labels and scopes)', async () => {
    const labels = fc.sample(labelArb, { seed: 1415, numRuns: 60 });
    const y = tg.addN(labels.map((label, i) => tg.scope(label, () => tg.sin(tg.variable(`v${i}`, i, { label })).as(`${label}${i}`))));
    for (const labelsStyle of ['record', 'html'] as const) expect(await tg.toSvg(tg.toDot(y, { labels: labelsStyle, values: false }))).toContain('<svg');
  }, 120_000);

  it('compile with pdflatex, all in one document, with their TikZ figure', async () => {
    requirePdflatex();
    const labels = fc.sample(labelArb, { seed: 1416, numRuns: 300 });
    const formulas = labels.map((label) => tg.toLatex(tg.sin(tg.variable('v', 1, { label })).add(tg.variable('w', 1, { label: `${label}2` }))));
    const figure = await tg.toTikz(tg.addN(labels.slice(0, 40).map((label, i) => tg.sin(tg.variable(`v${i}`, i, { label })).as(`${label}${i}`))), { values: false, grads: false });
    const tex = `\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\usepackage{tikz}\n\\begin{document}\n${formulas.map((f) => `$${f}$\n`).join('\n')}\n\\resizebox{\\linewidth}{!}{%\n${figure}%\n}\n\\end{document}\n`;
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-fuzz-'));
    writeFileSync(join(dir, 'fuzz.tex'), tex);
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'fuzz.tex'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout.split('\n').filter((l) => l.startsWith('!') || l.startsWith('l.')).join('\n')).toBe(0);
  }, 180_000);
});

describe('random graphs with random labels', () => {
  it('explain them: every equation passes the LaTeX checks, Markdown has no tag, text is visible', () => {
    const unary = [tg.sin, tg.exp, tg.tanh, tg.sigmoid] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(20), fc.nat(3), fc.option(labelArb, { freq: 2 })), { minLength: 1, maxLength: 8 }), labelArb, (steps, varLabel) => {
        const pool: tg.Node[] = [tg.variable('x', 0.3, { label: varLabel }), tg.variable('x', -0.7), tg.variable('b', 0.5)];
        for (const [i, j, op, label] of steps) {
          const a = pool[i % pool.length]!, c = pool[j % pool.length]!;
          const n = op === 0 ? a.mul(c) : op === 1 ? a.add(c) : unary[(i + j) % unary.length]!(a);
          pool.push(label === null ? n : n.as(label));
        }
        const y = pool[pool.length - 1]!;
        for (const adjoint of ['bar', 'delta', 'partial'] as const) {
          const d = tg.explain(y, { adjoint, warn: false });
          for (const e of d.equations) checkLatex(equationLatex(e), varLabel);
          checkLatex(d.toLatex(), varLabel, { katex: false });
          checkMarkdown(d.toMarkdown(), varLabel);
          checkText(d.toText(), varLabel);
        }
      }),
      { seed: 1417, numRuns: 60 },
    );
  }, 120_000);
});
