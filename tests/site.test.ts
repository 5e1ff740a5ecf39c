/**
 * The documentation site (`npm run docs` → docs/api/) is one site: typedoc's API reference,
 * the guides and the course as pages, the course's math rendered by KaTeX with its stylesheet
 * and fonts on board, its figures shown, and the playground copied in and linked.
 *
 * These tests build the site the way `npm run docs` does, but into a temporary folder: the
 * course figures (docs/course/figures/, git-ignored; each replaced in one step), the playground
 * (into the temporary folder), then `typedoc --out <tmp> --playgroundDir <tmp>`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse, writeFigures, type Page } from '../examples/course/build.js';
import { buildPlayground, root } from '../examples/course/browser.js';

const typedocBin = join(root, 'node_modules/typedoc/bin/typedoc');

/** The guides: Markdown files of docs/ that the site renders as pages (typedoc.json, projectDocuments). */
const GUIDES = ['docs/getting-started.md', 'docs/explain.md', 'docs/networks.md', 'docs/cli.md'];

/** Runs typedoc; resolves with its exit status and what it printed (colours off). */
function typedoc(args: readonly string[], cwd = root): Promise<{ status: number | null; output: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [typedocBin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (status) => ok({ status, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

/** The page typedoc writes for a project document: named from its path in the repository (displayBasePath "."). */
function pageOf(file: string): string {
  return `documents/${file.replace(/\.md$/, '').split('/').join('_')}.html`;
}

/** The HTML without code blocks, inline code and KaTeX's copies of the TeX source. */
function prose(html: string): string {
  return html.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code[\s\S]*?<\/code>/g, '').replace(/<annotation[\s\S]*?<\/annotation>/g, '');
}

/** The formulas of a course page, as tests/course.test.ts finds them: display blocks, then inline. */
function formulas(text: string): string[] {
  const body = text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  const display = [...body.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => m[1]!);
  const inline = [...body.replace(/^\$\$\n[\s\S]*?\n\$\$$/gm, '').matchAll(/\$([^$\n]+)\$/g)].map((m) => m[1]!);
  return [...display, ...inline];
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');

/** The TeX source of every formula KaTeX rendered on a page (from its MathML annotations). */
function rendered(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => decode(m[1]!));
}

/** The local targets of a page's href and src attributes (no external links, no in-page anchors). */
function localLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)]
    .map((m) => decode(m[1]!))
    .filter((u) => u !== '' && !u.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(u));
}

/** Where a link of the page `from` (relative to the site) points, as a file path (query and anchor dropped). */
function target(site: string, from: string, link: string): string {
  return resolve(dirname(join(site, from)), decodeURIComponent(link.replace(/[?#].*$/, '')));
}

let tmp: string;
let site: string;
let build: { status: number | null; output: string };
let pages: Page[];
const read = (page: string) => readFileSync(join(site, page), 'utf8');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tracegrad-site-'));
  site = join(tmp, 'site');
  const built = await buildCourse();
  pages = built.pages;
  await writeFigures(built.figures);
  const playground = buildPlayground(join(tmp, 'playground'));
  build = await typedoc(['--out', site, '--playgroundDir', playground]);
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the documentation site', () => {
  it('builds with typedoc, with no warnings and no errors', () => {
    expect(build.status, build.output).toBe(0);
    expect(build.output).not.toMatch(/\[(warning|error)\]/);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  });

  it('has every course page as an HTML page, its math rendered by KaTeX and no $$ left', () => {
    expect(pages.length).toBe(8); // the index and seven lessons
    for (const p of pages) {
      const page = pageOf(`docs/course/${p.file}`);
      expect(existsSync(join(site, page)), `${page} (from docs/course/${p.file})`).toBe(true);
      const html = read(page);
      expect(html, page).toContain('class="katex"');
      expect(prose(html), `${page}: raw $$`).not.toContain('$$');
      expect(html, `${page}: a formula KaTeX could not render`).not.toMatch(/katex-error|tg-math-error/);
      // Every formula of the Markdown, exactly as written (typedoc's Markdown reader must not eat backslashes).
      expect(rendered(html).sort(), page).toEqual(formulas(p.text).sort());
    }
  });

  it('leaves the dollars of code alone', () => {
    const html = read(pageOf('docs/explain.md'));
    expect(html).toMatch(/<pre>[\s\S]*?\$\$[\s\S]*?<\/pre>/); // the Markdown output shown in a fenced block
    expect(html).toContain('<code>$$</code>'); // "one `$$` block per equation"
    expect(html).not.toContain('class="katex"');
  });

  it("shows the lessons' figures, as files of the site", () => {
    for (const p of pages) {
      const page = pageOf(`docs/course/${p.file}`);
      const figures = [...p.text.matchAll(/\]\(figures\/([\w-]+\.svg)\)/g)].map((m) => m[1]!);
      const images = [...read(page).matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
      expect(images.length, page).toBe(figures.length);
      for (const src of images) {
        const file = target(site, page, src);
        expect(existsSync(file), `${page}: <img src="${src}">`).toBe(true);
        expect(figures, `${page}: ${src} is not one of the lesson's figures`).toContain(file.split(sep).pop());
        expect(readFileSync(file, 'utf8'), src).toContain('<svg');
      }
    }
    expect(pages.some((p) => p.text.includes('](figures/'))).toBe(true);
  });

  it('links from the index to the course and to the guides as pages of the site, not as Markdown files', () => {
    const index = read('index.html');
    for (const file of ['docs/course/README.md', ...GUIDES, 'docs/playground/README.md']) {
      expect(index, `index.html links to ${file}`).toContain(`href="${pageOf(file)}"`);
      expect(existsSync(join(site, pageOf(file))), pageOf(file)).toBe(true);
    }
    // docs/getting-started.md links into the reference as `api/interfaces/OpDef.html` (docs/api/ is where it is built).
    expect(read(pageOf('docs/getting-started.md'))).toContain('href="../interfaces/OpDef.html"');
    const course = read(pageOf('docs/course/README.md'));
    for (const p of pages.slice(1)) expect(course, `the course index links to ${p.file}`).toContain(`href="${pageOf(`docs/course/${p.file}`).replace('documents/', '')}"`);
    for (const page of ['index.html', ...readdirSync(join(site, 'documents')).map((f) => `documents/${f}`)]) {
      expect(localLinks(read(page)).filter((l) => /\.md([?#]|$)/.test(l)), `${page} links to Markdown files`).toEqual([]);
    }
  });

  it('has no broken relative link or image on the index and the documents', () => {
    const broken: string[] = [];
    for (const page of ['index.html', ...readdirSync(join(site, 'documents')).map((f) => `documents/${f}`)]) {
      for (const link of localLinks(read(page))) if (!existsSync(target(site, page, link))) broken.push(`${page}: ${link}`);
    }
    expect(broken).toEqual([]);
  });

  it('links to the playground from every page, and the playground is in the site, complete', () => {
    const samples = ['index.html', 'modules.html', pageOf('docs/course/01-neuron.md'), pageOf('docs/playground/README.md'), 'interfaces/OpDef.html'];
    for (const page of samples) {
      const links = localLinks(read(page)).filter((l) => /(^|\/)playground\/index\.html$/.test(l));
      expect(links.length, `${page} has no link to the playground`).toBeGreaterThan(0);
      for (const l of links) expect(target(site, page, l), `${page}: ${l}`).toBe(join(site, 'playground', 'index.html'));
    }
    const playground = join(site, 'playground', 'index.html');
    expect(existsSync(playground)).toBe(true);
    const assets = localLinks(readFileSync(playground, 'utf8'));
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(existsSync(target(site, 'playground/index.html', a)), `playground/index.html: ${a}`).toBe(true);
  });

  it("serves KaTeX's stylesheet and fonts itself, to every page", () => {
    const css = join(site, 'assets/katex/katex.min.css');
    for (const page of ['index.html', 'modules.html', pageOf('docs/course/04-mlp.md'), 'interfaces/OpDef.html']) {
      const links = [...read(page).matchAll(/<link rel="stylesheet" href="([^"]*katex[^"]*)"/g)].map((m) => m[1]!);
      expect(links.map((l) => target(site, page, l)), page).toEqual([css]);
    }
    const urls = [...readFileSync(css, 'utf8').matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) {
      expect(u, 'no font from the network').not.toMatch(/^[a-z]+:/i);
      expect(existsSync(resolve(dirname(css), u)), u).toBe(true);
    }
  });
});

describe('the KaTeX plugin', () => {
  let small: { status: number | null; output: string };
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracegrad-site-katex-'));
    mkdirSync(join(dir, 'playground'));
    writeFileSync(join(dir, 'playground', 'index.html'), '<!doctype html><title>playground</title>');
    writeFileSync(join(dir, 'entry.ts'), '/** A value. */\nexport const x = 1;\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'esnext', target: 'es2022', strict: true, types: [] }, files: ['entry.ts'] }));
    writeFileSync(
      join(dir, 'broken.md'),
      [
        '# Broken math',
        '',
        'Fine: $x^2$, a price of \\$5, and code that looks like math: `$\\frac{1}{$`.',
        '',
        '```',
        '$$',
        '\\notacommand',
        '$$',
        '```',
        '',
        '$$',
        '\\frac{1}{',
        '$$',
        '',
      ].join('\n'),
    );
    const plugins = ['docs/typedoc-katex.mjs', 'docs/typedoc-site.mjs'].map((p) => join(root, p));
    writeFileSync(
      join(dir, 'typedoc.json'),
      JSON.stringify({ name: 'broken', entryPoints: ['entry.ts'], tsconfig: 'tsconfig.json', readme: 'none', disableSources: true, out: 'out', projectDocuments: ['broken.md'], plugin: plugins, playgroundDir: 'playground', treatWarningsAsErrors: true }),
    );
    small = await typedoc(['--options', join(dir, 'typedoc.json')], dir);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fails the build on a formula KaTeX cannot parse, naming the page, and leaves code alone', () => {
    expect(small.status, small.output).not.toBe(0);
    const errors = small.output.split('\n').filter((l) => l.includes('KaTeX cannot render'));
    expect(errors, small.output).toHaveLength(1); // the display block; not the code span, not the fenced block
    expect(errors[0]).toContain('"Broken math"');
    expect(errors[0]).toContain('broken.md');
    expect(small.output).toContain('\\frac{1}{');
  });
});
