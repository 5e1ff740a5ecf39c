/**
 * Derivations that fit the page (issue 16): pdflatex compiles the standalone documents of the
 * demo's XOR network (`out/xor.tex`), of the course's programs and of textbook cases, with
 * their TikZ circuit diagrams, and its log shows no overfull `\hbox` wider than 1pt: long
 * equations are broken by measured width. Every figure fits the line and is set at 0.8 of its
 * size or more, so that no label is below 8pt (deep networks are laid out top to bottom).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { breakLatex, latexWidth } from '../../src/explain/latexLayout.js';
import { mlpDeltas, neuron, quadraticForm } from '../../examples/lessons.js';
import { seedXorProgram } from '../../examples/seedXor.js';
import { pdflatex, requirePdflatex } from './tools.js';

interface Case {
  name: string;
  y: tg.Node;
  explain: tg.ExplainOptions;
}

/** The demo's network (examples/demo.ts): XOR, 2-4-1 sigmoid, Adam, binary cross-entropy on the logit. */
function xor(): Case {
  const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', init: 'normal', seed: 0 });
  const run = tg.nn.fit(net, tg.nn.xor(), { loss: (z, y) => tg.nn.bce(z, y, { fromLogits: true }), optimizer: tg.nn.adam(net.parameters, { lr: 0.01 }), steps: 1000 });
  return { name: 'xor', y: run.loss, explain: { wrt: [...net.parameters], adjoint: 'delta' } };
}

/** The course's programs (lessons 1 to 5 and 7). */
function course(): Case[] {
  const n = neuron();
  const x = tg.variable('x', 1.5), y = tg.variable('y', -2);
  const fanOut = x.mul(y).as('q').add(tg.sin(x).as('r')).as('f');
  const X = tg.variable('X', [[1, 2, -1], [0.5, -1, 2]]);
  const W = tg.variable('W', [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.25]]);
  const b = tg.variable('b', [0.1, -0.1]);
  const A = tg.sigmoid(X.matmul(W).add(b).as('Z')).as('A');
  const dense = tg.mul(0.5, tg.sum(tg.pow(A.sub(tg.constant([[1, 0], [0, 1]], { label: 'Y' })), 2))).as('L');
  const m = mlpDeltas();
  const seed = seedXorProgram({ seed: 0 });
  const w1 = tg.variable('w_1', 0.3), w2 = tg.variable('w_2', -0.8), bias = tg.variable('b', 0.1);
  const step = w1.mul(1.5).add(w2.mul(0.5)).add(bias).as('z').relu().as('s').mul(-1).add(1).relu().as('L');
  return [
    { name: 'course-neuron', y: n.f, explain: { wrt: n.inputs } },
    { name: 'course-fan-out', y: fanOut, explain: { wrt: [x, y] } },
    { name: 'course-dense-layer', y: dense, explain: { wrt: [W, b], adjoint: 'delta' } },
    { name: 'course-mlp', y: m.C, explain: { wrt: m.params, adjoint: 'delta' } },
    { name: 'course-mlp-index', y: m.C, explain: { wrt: m.params, adjoint: 'delta', notation: 'index' } },
    { name: 'course-seed-bug', y: seed.loss, explain: { wrt: seed.parameters } },
    { name: 'course-micrograd-step', y: step, explain: { wrt: [w1, w2, bias] } },
  ];
}

/** Textbook cases, built as a teacher would: a 2-4-1 MLP, softmax cross-entropy, the Matrix Cookbook's forms, a tanh RNN. */
function textbook(): Case[] {
  const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', seed: 3 });
  const Xv = tg.variable('X', [[0, 0], [0, 1], [1, 0], [1, 1]]);
  const mlp = tg.nn.mse(net.forward(Xv), tg.constant([[0], [1], [1], [0]], { label: 'Y' })).as('L');
  const Z = tg.variable('Z', [[1, 2, 0.5], [0.1, -1, 2]]);
  const ce = tg.nn.softmaxCrossEntropy(Z, tg.constant([[0, 1, 0], [1, 0, 0]], { label: 'Y' })).as('L');
  const Am = tg.variable('A', [[1, 2], [3, 4], [0.5, -1]]), xv = tg.variable('x', [0.5, -1]), bv = tg.constant([1, 0, 2], { label: 'b' });
  const r = Am.matmul(xv).sub(bv).as('r');
  const lsq = tg.sum(r.mul(r)).as('f');
  const P = tg.variable('A', [[1, 2], [0, 1]]), Q = tg.variable('X', [[0.5, 1], [2, -1]]), R = tg.variable('B', [[1, 0], [1, 1]]);
  const trace = tg.tr(P.matmul(Q).matmul(R)).as('f');
  const Wh = tg.variable('W', [[0.5, -0.3], [0.2, 0.8]]), Wx = tg.variable('U', [[1, 0.5], [-0.5, 1]]);
  let h: tg.Node = tg.constant([0, 0], { label: 'h_0' });
  for (let t = 1; t <= 3; t++) h = tg.tanh(Wh.matmul(h).add(Wx.matmul(tg.constant([t / 3, 1 - t / 3], { label: `x_${t}` })))).as(`h_${t}`);
  const rnn = tg.sum(h).as('L');
  return [
    { name: 'textbook-mlp-2-4-1', y: mlp, explain: { wrt: net.parameters, adjoint: 'delta' } },
    { name: 'textbook-softmax-ce', y: ce, explain: { wrt: [Z] } },
    { name: 'textbook-least-squares', y: lsq, explain: { wrt: [xv, Am] } },
    { name: 'textbook-trace', y: trace, explain: { wrt: [Q] } },
    { name: 'textbook-rnn', y: rnn, explain: { wrt: [Wh, Wx] } },
  ];
}

describe('LaTeX line breaking by measured width', () => {
  it('measures widths like TeX does, roughly: more symbols are wider, scripts are smaller, fractions take their wider part', () => {
    expect(latexWidth('x + y')).toBeGreaterThan(latexWidth('x'));
    expect(latexWidth('x^{2}')).toBeLessThan(latexWidth('x 2'));
    expect(latexWidth('\\frac{a + b + c}{d}')).toBeLessThan(latexWidth('a + b + c + d'));
    expect(latexWidth('\\text{hello world}')).toBeGreaterThan(40);
    // Command names are data: Object.prototype's names are unknown commands like any other.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(Number.isFinite(latexWidth(`\\${name} x`)), name).toBe(true);
    expect(latexWidth('\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}')).toBeLessThan(latexWidth('1 & 2 & 3 & 4'.replace(/&/g, '+')) + 30);
  });

  it('breaks a long sum before its operators, each line within the width, and keeps it whole when it fits', () => {
    const terms = Array.from({ length: 40 }, (_, i) => `w_{${i}} x_{${i}}`);
    const sum = terms.join(' + ');
    const lines = breakLatex(sum, 200, 190);
    expect(lines.length).toBeGreaterThan(3);
    lines.forEach((l, k) => expect(latexWidth(l), l).toBeLessThanOrEqual(k === 0 ? 200 : 190));
    expect(lines.slice(1).every((l) => l.startsWith('+ '))).toBe(true);
    expect(lines.join(' ')).toBe(sum);
    expect(breakLatex('x + y', 200, 190)).toEqual(['x + y']);
  });

  it('breaks inside brackets when it must, with fixed-size delimiters that KaTeX and amsmath accept line by line', () => {
    const inner = Array.from({ length: 30 }, (_, i) => `a_{${i}}`).join(' + ');
    const lines = breakLatex(`\\sigma\\left(${inner}\\right) y`, 150, 140);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]).toContain('\\Bigl(');
    expect(lines.join(' ')).toContain('\\Bigr)');
    for (const l of lines) expect(() => katex.renderToString(`{}${l}`, { displayMode: true, throwOnError: true })).not.toThrow();
  });

  it('leaves out an expanded gradient that cannot be broken to the width, and says where it comes from', () => {
    const xs = Array.from({ length: 14 }, (_, i) => tg.variable(`x${i}`, i + 1));
    const y = tg.div(1, tg.sqrt(tg.addN(xs.map((x) => tg.sin(x))).add(100))).as('y');
    const d = tg.explain(y, { wrt: [xs[0]!], warn: false, expandLimit: 100_000 });
    expect(d.gradients[0]!.stages.map((s) => s.label)).toContain('expanded');
    const tex = d.toLatex();
    expect(tex).toContain('\\text{(the expanded form is left out: it is ');
    expect(tex).toContain('equation (1) written out)');
    expect(() => katex.renderToString(tex, { displayMode: true, throwOnError: true })).not.toThrow();
  });
});

describe('pdflatex on the standalone derivations', () => {
  const cases: Case[] = [];
  beforeAll(() => {
    requirePdflatex();
    cases.push(xor(), ...course(), ...textbook());
  }, 120_000);

  it('finds no overfull \\hbox wider than 1pt in the XOR demo, the course and the textbook cases; every figure keeps its labels at 8pt or more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-overfull-'));
    const report: string[] = [];
    const shrunk: string[] = [];
    for (const c of cases) {
      const d = tg.explain(c.y, { ...c.explain, warn: false });
      const tikz = await tg.toTikz(c.y, { ...(c.explain.wrt !== undefined && { wrt: c.explain.wrt }), ...(c.explain.adjoint && { adjoint: c.explain.adjoint }) });
      writeFileSync(join(dir, `${c.name}.tex`), d.toLatex({ standalone: true, tikz }));
      const r = pdflatex(dir, c.name);
      expect(r.status, `${c.name}: ${r.errors.join('\n')}`).toBe(0);
      const worst = Math.max(0, ...r.overfull);
      const scale = r.figure ? r.figure.shown[0] / r.figure.natural[0] : 1;
      report.push(`${c.name}: widest overfull ${worst.toFixed(1)}pt; figure ${r.figure?.natural.map((v) => Math.round(v)).join('×')}pt at ${(scale * 100).toFixed(0)}%`);
      expect(worst, `${c.name} (${dir}/${c.name}.log)`).toBeLessThanOrEqual(1);
      expect(r.figure, c.name).toBeDefined();
      expect(r.figure!.shown[0], c.name).toBeLessThanOrEqual(r.figure!.line + 0.1);
      // Labels are set at 10pt: at 80% or more, none is below 8pt.
      if (scale < 0.8) shrunk.push(`${c.name}: figure set at ${(scale * 100).toFixed(0)}%`);
    }
    console.log(report.join('\n'));
    expect(shrunk).toEqual([]);
  }, 600_000);
});
