import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { mlpDeltas, neuron, quadraticForm } from '../../examples/lessons.js';
import { seedXorProgram } from '../../examples/seedXor.js';
import { requireChromium, requirePdflatex } from './tools.js';


const artifacts = join(import.meta.dirname, '..', '.artifacts');
mkdirSync(artifacts, { recursive: true });

function seedBug() {
  const p = seedXorProgram({ seed: 0 });
  return { y: p.loss, wrt: p.parameters };
}

const programs = () => {
  const n = neuron(), m = mlpDeltas(), q = quadraticForm(), s = seedBug();
  return [
    { name: 'neuron', y: n.f, wrt: n.inputs },
    { name: 'mlp', y: m.C, wrt: m.params },
    { name: 'xAx', y: q.f, wrt: [q.x] },
    { name: 'seed-bug', y: s.y, wrt: s.wrt },
  ];
};

describe('the standalone LaTeX document', () => {
  it('compiles with pdflatex, with the TikZ figure of the graph', async () => {
    requirePdflatex();
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-tex-'));
    for (const p of programs()) {
      const d = tg.explain(p.y, { wrt: p.wrt, warn: false });
      const tex = d.toLatex({ standalone: true, tikz: await tg.toTikz(p.y, { wrt: p.wrt, view: 'both' }) });
      writeFileSync(join(dir, `${p.name}.tex`), tex);
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', `${p.name}.tex`], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, `${p.name}: ${r.stdout.split('\n').filter((l) => l.startsWith('!')).join('\n')}`).toBe(0);
      expect(existsSync(join(dir, `${p.name}.pdf`))).toBe(true);
    }
  }, 300_000);
});

/** Node ids and the text of every label line in an SVG. */
function svgContent(svg: string): { ids: string[]; texts: string[] } {
  const ids = [...svg.matchAll(/<g id="node\d+" class="node[^"]*">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]!).sort();
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).sort();
  return { ids, texts };
}

describe('DOT pictures', () => {
  it('render in @viz-js/viz and in graphviz-cli with the same nodes and labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-dot-'));
    const p = programs();
    const dots = [
      tg.toDot(p[0]!.y, { view: 'both', edgePartials: true }),
      tg.toDot(p[0]!.y, { view: 'both', edgePartials: true, style: 'debug' }),
      tg.toDot(p[1]!.y, { wrt: p[1]!.wrt, rankdir: 'TB' }),
      tg.toDot(p[1]!.y, { view: 'both', wrt: p[1]!.wrt }),
      tg.toDot(p[3]!.y, { view: 'forward', wrt: p[3]!.wrt, collapse: true }),
      tg.toDot(p[1]!.y, { view: 'backward', wrt: p[1]!.wrt, maxDepth: 2, rankdir: 'TB' }),
    ];
    const files = dots.map((dot, i) => {
      const f = join(dir, `g${i}.dot`);
      writeFileSync(f, dot);
      return f;
    });
    const bin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'graphviz');
    for (const [i, dot] of dots.entries()) {
      const inProcess = svgContent(await tg.toSvg(dot));
      const cli = svgContent(execFileSync(bin, ['-Tsvg', files[i]!], { encoding: 'utf8', timeout: 120_000 }));
      expect(inProcess.ids.length).toBeGreaterThan(2);
      expect(cli.ids).toEqual(inProcess.ids);
      expect(cli.texts).toEqual(inProcess.texts);
    }
  }, 300_000);
  it('the html label style renders in-process with sub- and superscripts', async () => {
    const svg = await tg.toSvg(tg.toDot(mlpDeltas().C, { labels: 'html', style: 'debug' }));
    expect(svg).toContain('baseline-shift="super"');
  });
  it('has stable ids, says "not computed", and rejects bad options', () => {
    const a = neuron(), b = neuron();
    expect(tg.toDot(a.f)).toBe(tg.toDot(b.f));
    const x = tg.variable('x', 1), u = tg.variable('u', 2);
    const dot = tg.toDot(tg.sin(x).mul(u).as('y'), { wrt: [x], style: 'debug' });
    expect(dot).toMatch(/u\|variable\|\[\]\|value 2\|grad not computed/);
    // In the circuit diagram a gradient not computed is left off the wire: u's wire shows its value only.
    const circuit = tg.toDot(tg.sin(x).mul(u).as('y'), { wrt: [x] });
    expect(circuit).toMatch(/w\d+ \[label="2\\n\\n\u00a0", [^\n]*class="tg-wire tg-v"\]/);
    expect(() => tg.toDot(a.f, { style: 'fancy' as never })).toThrow("toDot: style must be one of 'teaching', 'debug'; got \"fancy\"");
    expect(() => tg.toDot(a.f, { radius: 2 })).toThrow(/radius applies with around/);
    expect(() => tg.toDot(a.f, { around: tg.variable('q', 1) })).toThrow(/around must be a node of the graph drawn/);
    expect(() => tg.toDot(a.f, { view: 'sideways' as never })).toThrow(/view must be 'forward', 'backward' or 'both'/);
    expect(() => tg.toDot(a.f, { digits: 200 })).toThrow(/toDot: digits must be an integer from 1 to 17; got 200/);
    expect(() => tg.toDot(a.f, { maxNodes: 0 })).toThrow(/toDot: maxNodes must be a positive integer, or Infinity for everything; got 0/);
  });
  it('toTikz draws the circuit: op circles with their symbols, names in math with equation numbers apart, minus signs in math, local partials when asked', async () => {
    const { f, inputs } = neuron();
    const tikz = await tg.toTikz(f, { wrt: inputs });
    expect(tikz).toContain('{$\\times$}');
    expect(tikz).toContain('{$\\sigma$}');
    expect(tikz).toContain('{$z$~{\\color{black!60}(1)}}');
    expect(tikz).toContain('$w_{0}$');
    expect(tikz).toMatch(/\\textcolor\{red!75!black\}\{\$-0\.197\$\}/);
    expect(tikz).not.toContain('−');
    expect(tikz).not.toContain('\\partial');
    const partials = await tg.toTikz(f, { wrt: inputs, edgePartials: true });
    expect(partials).toContain('\\textcolor{blue!60!black}{$\\partial (\\times)/\\partial w_{0} = x_{0}$}');
    expect(partials).toContain('\\partial f/\\partial z = ');
    // The debug style: the record boxes, numbers in math too.
    const debug = await tg.toTikz(f, { wrt: inputs, style: 'debug' });
    expect(debug).toContain('$z$~($1$)');
    expect(debug).toContain('value $1$');
  });

  it('scopes become clusters, and collapse replaces them by one box', () => {
    const y = tg.scope('layer 1', () => tg.sigmoid(tg.matmul(tg.variable('W', [[1, 2], [3, 4]]), tg.constant([1, 1]))).as('a'));
    const L = tg.sum(y).as('L');
    expect(tg.toDot(L, { style: 'debug' })).toContain('subgraph cluster_0 {\n    label="layer 1";');
    expect(tg.toDot(L)).toContain('subgraph cluster_0 {\n    label="layer 1";');
    const collapsed = tg.toDot(L, { collapse: true, style: 'debug' });
    expect(collapsed).toContain('label="{layer 1|1 parameter: W [2, 2]|4 nodes}"');
    expect(collapsed).not.toContain('cluster_');
    // The circuit diagram's box of a layer shows its parameters too.
    expect(tg.toDot(L, { collapse: true })).toMatch(/label="layer 1\\n1 parameter: W \[2, 2\]\\n\d+ nodes", shape=box/);
  });
});

describe('the HTML report', () => {
  it('shows rendered math with no KaTeX error and the SVG graph in headless Chromium', async () => {
    const { chromium } = await import('playwright-core');
    const { y, wrt } = programs()[1]!;
    const d = tg.explain(y, { wrt, adjoint: 'delta', warn: false });
    const html = await d.toHTML();
    const file = join(artifacts, 'mlp-report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({
      executablePath: requireChromium(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(`file://${file}`);
      expect(await page.locator('.eq .katex-display').count()).toBe(d.equations.length);
      expect(await page.locator('.katex-error').count()).toBe(0);
      expect(await page.locator('.graph svg g.node').count()).toBeGreaterThan(10);
      const fontsLoaded = (await page.evaluate('document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === "loaded").length)')) as number;
      expect(fontsLoaded).toBeGreaterThan(0);
      await page.screenshot({ path: join(artifacts, 'mlp-report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('random graphs', () => {
  const unary = ['sin', 'cos', 'tanh', 'sigmoid', 'exp', 'softplus', 'relu', 'abs', 'sqrt', 'log', 'neg'] as const;
  const binary = ['add', 'sub', 'mul', 'div', 'pow', 'maximum'] as const;
  it('every LaTeX string of their derivations parses in KaTeX, and their DOT renders', async () => {
    const prog = fc.array(fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.boolean()), { minLength: 2, maxLength: 9 });
    const samples = fc.sample(prog, { seed: 42, numRuns: 40 });
    let k = 0;
    for (const steps of samples) {
      const x = tg.variable('x', 0.7), w = tg.variable('w', -1.3), b = tg.variable('b0', 0.4);
      const pool: tg.Node[] = [x, w, b];
      for (const [op, i, j, name] of steps) {
        const a = pool[i % pool.length]!, c = pool[j % pool.length]!;
        let n: tg.Node;
        if (op % 2 === 0) {
          const f = unary[op % unary.length]!;
          n = (tg[f] as (v: tg.Node) => tg.Node)(a);
        } else {
          const f = binary[op % binary.length]!;
          n = f === 'pow' ? tg.pow(tg.add(tg.mul(a, a), 1), tg.constant(-1.5)) : (tg[f] as (p: tg.Node, q: tg.Node) => tg.Node)(a, c);
        }
        pool.push(name ? n.as(`v^{(${++k})}`) : n);
      }
      const y = tg.sum(pool[pool.length - 1]!).as('L');
      for (const adjoint of ['bar', 'delta', 'partial'] as const) {
        const d = tg.explain(y, { adjoint, warn: false });
        const strings = [d.toLatex(), ...d.equations.flatMap((e) => [e.lhs.latex, ...e.stages.map((s) => s.latex), ...(e.value ? [e.value.latex] : [])])];
        for (const s of strings) expect(() => katex.renderToString(s, { displayMode: true, throwOnError: true }), s).not.toThrow();
      }
      expect(await tg.toSvg(tg.toDot(y, { view: 'both' }))).toContain('<svg');
    }
  }, 120_000);
});
