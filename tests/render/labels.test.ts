/**
 * Labels (issue 14): a label is text unless it is a name in a safe subset of LaTeX, and then
 * only that subset reaches LaTeX. The course's names read as before; every other label is
 * escaped for LaTeX, Markdown, HTML, DOT and TikZ; the legal names that broke LaTeX (`x_`,
 * `x__y`, `_`, `a_b_`) print valid LaTeX; different nodes with one name print apart; a label
 * that is not a string is a typed error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { run } from '../../src/cli/main.js';
import { equationLatex } from '../../src/explain/equation.js';
import { HOSTILE_LABELS, checkLatex, checkMarkdown, checkText, katexOk } from './hostile.js';
import { requirePdflatex } from './tools.js';


/** The warnings of explain for `k` variables named r. */
const renamingMessagesOf = (k: number) => tg.explain(tg.addN(Array.from({ length: k }, (_, i) => tg.variable('r', i + 1)))).warnings;
const latexOf = (label: string) => tg.toLatex(tg.variable('v', 1, { label }));
const textOf = (label: string) => tg.toText(tg.variable('v', 1, { label }));

describe('the label rule', () => {
  it.each([
    ['z^{(1)}', 'z^{(1)}', 'z⁽¹⁾'],
    ['W^{(2)}', 'W^{(2)}', 'W⁽²⁾'],
    ['\\delta^{(1)}', '\\delta^{(1)}', 'δ⁽¹⁾'],
    ['\\bar{z}', '\\bar{z}', 'z̄'],
    ['\\hat{y}_i', '\\hat{y}_{i}', 'y\u0302ᵢ'],
    ['\\alpha', '\\alpha', 'α'],
    ['a_{j}', 'a_{j}', 'aⱼ'],
    ['x_{i,j}', 'x_{i,j}', 'x_(i,j)'],
    ['a^{(l+1)}', 'a^{(l+1)}', 'a⁽ˡ⁺¹⁾'],
    ['W_{\\mathrm{hidden}}', 'W_{\\mathrm{hidden}}', 'W_(hidden)'],
    ['b_{\\mathrm{foo\\_bar}}', 'b_{\\mathrm{foo\\_bar}}', 'b_(foo_bar)'],
    ['\\mathrm{ln}\\,10', '\\mathrm{ln}\\,10', 'ln 10'],
    ['\\Delta w', '\\Delta w', 'Δw'],
    ["\\tilde{x}'", "\\tilde{x}'", "x̃'"],
    ['\\mathbf{W}^{\\top}', '\\mathbf{W}^{\\top}', 'Wᵀ'],
    ['x', 'x', 'x'],
    ['w0', 'w_{0}', 'w₀'],
    ['theta', '\\theta', 'θ'],
    ['loss', '\\mathrm{loss}', 'loss'],
    ['y_hat', 'y_{\\mathrm{hat}}', 'y_(hat)'],
    ['α', '\\alpha', 'α'],
  ])('%s is a LaTeX name: %s, %s', (label, latex, text) => {
    expect(latexOf(label)).toBe(latex);
    expect(textOf(label)).toBe(text);
  });

  it.each([
    ['my loss', '\\text{my loss}', 'my loss'],
    ['a%b', '\\text{a\\%b}', 'a%b'],
    ['$x$', '\\text{\\$x\\$}', '$x$'],
    ['}{', '\\text{\\}\\{}', '}{'],
    ['a\\', '\\text{a\\textbackslash{}}', 'a\\'],
    ['\\input{/etc/passwd}', '\\text{\\textbackslash{}input\\{/etc/passwd\\}}', '\\input{/etc/passwd}'],
    ['\\write18{rm -rf ~}', '\\text{\\textbackslash{}write18\\{rm -rf \\textasciitilde{}\\}}', '\\write18{rm -rf ~}'],
    ['\\href{javascript:alert(1)}{x}', '\\text{\\textbackslash{}href\\{javascript:alert(1)\\}\\{x\\}}', '\\href{javascript:alert(1)}{x}'],
    ['<script>', '\\text{\\textless{}script\\textgreater{}}', '<script>'],
    ['a\nb', '\\text{a\\textbackslash{}n}', ''],
    ['x_', '\\mathrm{x\\_}', 'x_'],
    ['x^2^3', '\\text{x\\textasciicircum{}2\\textasciicircum{}3}', 'x^2^3'],
    ['\\bar{', '\\text{\\textbackslash{}bar\\{}', '\\bar{'],
    ['é', '\\text{\\\'{e}}', 'é'],
    ['中', '\\text{{[}U+4E2D{]}}', '中'],
  ])('%j is plain text', (label, latex, text) => {
    if (label === 'a\nb') {
      // A newline is shown, not obeyed: ␊ in text, a visible escape in LaTeX.
      expect(textOf(label)).toBe('a␊b');
      expect(latexOf(label)).toBe('\\text{a{[}U+240A{]}b}');
      return;
    }
    expect(latexOf(label)).toBe(latex);
    expect(textOf(label)).toBe(text);
  });

  it('prints every legal variable name as LaTeX that KaTeX parses (x_, x__y, _, a_b_)', () => {
    for (const name of ['x_', 'x__y', '_', 'a_b_', '__', 'a_1_', "x_'", 'x_b__']) {
      const v = tg.variable(name, 2);
      const y = v.pow(2).add(v);
      katexOk(tg.toLatex(y));
      for (const e of tg.explain(y, { warn: false }).equations) katexOk(equationLatex(e));
    }
  });

  it('the command line explains x_^2 (and x__y, _, a_b_) as HTML', async () => {
    for (const expr of ['x_^2', 'x__y^2', '_^2 + a_b_']) {
      let out = '', err = '';
      const code = await run(['explain', expr, '--format', 'html'], { out: (s) => void (out += s), err: (s) => void (err += s) });
      expect(err, expr).toBe('');
      expect(code, expr).toBe(0);
      expect(out).toContain('class="katex-display"');
      expect(out).not.toContain('katex-error');
    }
  }, 60_000);

  it('a label that is not a string is a typed error that says what is accepted', () => {
    const x = tg.variable('x', 1);
    for (const [f, got] of [
      [() => x.mul(2).as(42 as unknown as string), 'got 42'],
      [() => x.mul(2).as({} as unknown as string), 'got an object'],
      [() => x.mul(2).as('  '), 'got "  "'],
      [() => tg.variable('y', 1, { label: {} as unknown as string }), 'got an object'],
      [() => tg.variable('y', 1, { label: '' }), 'got ""'],
      [() => tg.constant(1.5, { label: 7 as unknown as string }), 'got 7'],
      [() => tg.constant(1.5, { label: null as unknown as string }), 'got null'],
    ] as const) {
      expect(f).toThrow(tg.ArgumentError);
      expect(f).toThrow(/: a label is a non-empty string \(plain text, or a LaTeX name such as 'z\^\{\(1\)\}'/);
      expect(f).toThrow(got);
    }
  });
});

describe('different nodes with the same name', () => {
  it('print apart in text, LaTeX, explain and DOT, with warnings', async () => {
    const a = tg.variable('q', 1), b = tg.variable('q', 2);
    const f = a.mul(b).add(a);
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      expect(tg.toText(f)).toBe('q·q′ + q');
      expect(tg.toLatex(f)).toBe("q q' + q");
      const d = tg.explain(f);
      expect(d.warnings).toEqual(['different nodes are named q; the later one prints as q′']);
      expect(d.adjoints.map((e) => e.lhs.text)).toEqual(['q̄′', 'q̄']);
      expect(d.gradients.map((e) => [e.lhs.text, e.value!.data])).toEqual([['∂L/∂q', 3], ['∂L/∂q′', 1]]);
      expect(d.toMarkdown()).toContain('> **Warning:** different nodes are named q; the later one prints as q′');
      const dot = tg.toDot(f, { style: 'debug' });
      expect(dot).toContain('label="{q|variable|[]|value 1|');
      expect(dot).toContain('label="{q′|variable|[]|value 2|');
      const circuit = tg.toDot(f);
      expect(circuit).toMatch(/label="q", shape=plaintext/);
      expect(circuit).toMatch(/label="q′", shape=plaintext/);
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings).toEqual(expect.arrayContaining([
        'toText: different nodes are named q; the later one prints as q′',
        'toLatex: different nodes are named q; the later one prints as q′',
        'explain: different nodes are named q; the later one prints as q′',
        'toDot: different nodes are named q; the later one prints as q′',
      ]));
    } finally {
      process.off('warning', listen);
    }
  });

  it('many nodes with one name: three primes, then a count; one warning line; linear output', () => {
    // 20,000 variables named x used to print as x with up to 19,999 primes (2·10⁸ characters,
    // past the print budget), with one warning line per renaming, in 4 s.
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => tg.variable('x', i / n));
    const f = tg.addN(xs.map((v) => v.mul(v)));
    const d = tg.explain(f, { wrt: xs.slice(0, 5) });
    expect(d.warnings).toEqual(['20,000 different nodes are named x; the later ones print as x′, x′′, x′′′, …, x⁽¹⁹⁹⁹⁹⁾']);
    expect(d.gradients.map((e) => e.lhs.text)).toEqual(['∂L/∂x', '∂L/∂x′', '∂L/∂x′′', '∂L/∂x′′′', '∂L/∂x⁽⁴⁾']);
    expect(d.gradients[4]!.lhs.latex).toContain('{x^{(4)}}');
    for (const e of d.gradients) katexOk(e.lhs.latex);
    expect(d.toText().length).toBeLessThan(200 * n);
    expect(tg.toText(f).length).toBeLessThan(40 * n);
    const latex = tg.toLatex(tg.addN(xs.slice(0, 5)));
    expect(latex).toBe("x + x' + x'' + x''' + {x^{(4)}}");
    expect(tg.toText(tg.addN(xs.slice(0, 5)))).toBe('x + x′ + x′′ + x′′′ + x⁽⁴⁾');
    katexOk(latex);
    expect(renamingMessagesOf(3)).toEqual(['3 different nodes are named r; the later ones print as r′, r′′']);
  });

  it('named nodes, named constants and the output are told apart too', () => {
    const x = tg.variable('x', 1);
    const z1 = x.mul(2).as('z'), z2 = x.add(3).as('z');
    expect(tg.toText(z1.mul(z2))).toBe('z·z′');
    const L = tg.variable('L', 4);
    const d = tg.explain(z1.mul(z2).add(L), { warn: false });
    // The unnamed output is called L, which a variable already is: it becomes L′.
    expect(d.forward.map((e) => e.lhs.text)).toEqual(['z', 'z′', 'L′']);
    expect(d.warnings.length).toBe(2);
    expect(tg.toText(tg.constant(2.5, { label: 'c' }).mul(tg.variable('c', 1)))).toBe('c·c′');
  });
});

describe('hostile labels through every renderer', () => {
  /** One graph with every hostile label on a variable and a named node (both the same), and every third as a scope. */
  function hostileGraph(): tg.Node {
    const terms = HOSTILE_LABELS.map((label, i) => {
      const v = tg.variable(`v${i}`, 1 + i / 100, { label });
      const h = i % 3 === 0 ? tg.scope(label, () => tg.sin(v).as(label)) : tg.sin(v).as(label);
      return h.mul(v);
    });
    return tg.addN(terms).as('y');
  }

  it('each label alone: LaTeX is ASCII, parses in KaTeX and has only known commands; text is visible; Markdown has no tag', () => {
    for (const label of HOSTILE_LABELS) {
      // (The node's label differs from the variable's, so that the printers do not warn here;
      // the graph below gives both the same label.)
      const v = tg.variable('v', 1.5, { label });
      const h = tg.sin(v.mul(2)).as(`${label}1`);
      const y = h.mul(v).add(1);
      for (const s of [tg.toLatex(y), tg.toLatex(y, { inline: true }), tg.toLatex(y, { names: new Map([[v, label]]) })]) checkLatex(s, label);
      checkText(tg.toText(y), label);
      checkText(String(y), label);
      for (const [adjoint, notation] of [['bar', 'matrix'], ['delta', 'index'], ['partial', 'matrix']] as const) {
        const d = tg.explain(y, { warn: false, adjoint, notation, loss: label });
        for (const e of d.equations) checkLatex(equationLatex(e), label);
        checkLatex(d.toLatex(), label, { katex: false });
        checkText(d.toText(), label);
        checkMarkdown(d.toMarkdown(), label);
        expect(JSON.parse(JSON.stringify(d.toJSON()))).toMatchObject({ output: d.output });
      }
    }
  }, 120_000);

  it('all together: the HTML report has only its own tags, and the DOT renders in Graphviz (record and HTML labels) after an earlier render', async () => {
    const y = hostileGraph();
    const d = tg.explain(y, { warn: false });
    const html = (await d.toHTML()).replace(/<style>[^<]*<\/style>/g, '<style></style>');
    // Every tag is the page's own: known elements, no event handler, no script URL (the labels'
    // text, escaped, may say `onerror=` or `javascript:`, but never inside a tag).
    for (const [tag, name, attrs] of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
      expect(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'section', 'div', 'span', 'svg', 'g', 'path', 'polygon', 'polyline', 'ellipse', 'text', 'defs', 'line', 'ul', 'li', 'input', 'label'], tag).toContain(name!.toLowerCase());
      expect(attrs, tag).not.toMatch(/\son\w+\s*=|javascript:|\shref\s*=/i);
    }
    // Render a plain graph first: Graphviz in WebAssembly used to fail on a newline label after an earlier render.
    await tg.toSvg(tg.toDot(tg.sin(tg.variable('x', 1)).as('s')));
    for (const [style, labels] of [['debug', 'record'], ['debug', 'html'], ['teaching', 'record']] as const) {
      const dot = tg.toDot(y, { labels, style, edgePartials: true });
      expect(dot).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      const svg = await tg.toSvg(dot);
      expect(svg).toContain('<svg');
      for (const [tag, name, attrs] of svg.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
        expect(['svg', 'style', 'g', 'title', 'path', 'polygon', 'polyline', 'ellipse', 'text'], tag).toContain(name);
        expect(attrs, tag).not.toMatch(/\son\w+\s*=|javascript:|href/i);
      }
    }
  }, 120_000);

  it('all together: pdflatex compiles the standalone document with the TikZ figure, and runs no command from a label', async () => {
    const y = hostileGraph();
    const d = tg.explain(y, { warn: false });
    const tikz = await tg.toTikz(y, { collapse: true });
    checkLatex(tikz, 'TikZ figure', { tikz: true });
    const tex = d.toLatex({ standalone: true, title: 'Hostile labels: \\input{/etc/passwd} $x$ %', tikz });
    const body = tex.slice(tex.indexOf('\\begin{document}'));
    checkLatex(body, 'standalone document', { tikz: true, document: true });
    requirePdflatex();
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-hostile-'));
    writeFileSync(join(dir, 'hostile.tex'), tex);
    // -no-shell-escape: even if a \write18 got through, it could not run; the check above shows none did.
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'hostile.tex'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout.split('\n').filter((l) => l.startsWith('!')).join('\n')).toBe(0);
    expect(r.stdout).not.toMatch(/runsystem|\/etc\/passwd/);
  }, 180_000);
});
