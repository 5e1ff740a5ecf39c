/**
 * The package as a new user gets it: `npm pack` (which builds dist/ through `prepack`), then
 * `npm install <tarball>` into a fresh project, and there:
 * - the install prints no warning (no EBADENGINE, no install-script notice);
 * - ESM `import` and CommonJS `require` of `tracegrad` and `tracegrad/node` run the README's
 *   neuron, a parse, a symbolic formula check, the HTML report, `loadCsv` and `nn.fit` with
 *   its default options, and `require` and `import` share one copy of the library;
 * - TypeScript type-checks (no `skipLibCheck`, types precise enough that a misuse fails) and
 *   runs in an ES-module project (`nodenext`) and a CommonJS one (`node16`);
 * - esbuild bundles it for the browser (`--platform=browser`, no alias, no shim), and the
 *   bundle runs parse, grad, `explain().toHTML()` and `nn.fit` in Chromium;
 * - the `tracegrad` command reads the expression from standard input and from a file;
 * - publint and @arethetypeswrong/cli find no problem.
 *
 * The sources are copied to a temporary folder and packed there, so that this test never
 * writes the repository's dist/ (tests/cli.test.ts builds that one).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { chromiumPath, launchChromium, serveStatic } from '../../examples/course/browser.js';
import { markdownCodeBlocks, readRepoFile } from '../helpers/doctest.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = (name: string) => join(ROOT, 'node_modules', ...name.split('/'));
/** What `npm pack` needs from the repository. */
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'src', 'scripts', 'bin', 'node'];

/** The environment of a user's shell: none of the npm_* variables that `npm test` sets for its scripts. */
const userEnv = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  NO_COLOR: '1',
  FORCE_COLOR: '0',
});

function sh(command: string, args: string[], cwd: string, input?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, input, encoding: 'utf8', env: userEnv(), timeout: 240_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The last line of a program's output, as JSON. */
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

const CSV = 'x1,x2,label\n0,0,no\n0,1,"yes\nreally"\n1,0,"yes\nreally"\n1,1,no\n';

/** The program every Node consumer runs, between its imports and its output. */
const BODY = `
  const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
  const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
  const [dw] = tg.grad(a, [w]);
  const html = await tg.explain(a, { wrt: [w, b], warn: false }).toHTML();
  const data = loadCsv('data.csv');
  const run = tg.nn.fit(tg.nn.mlp([2, 4, 1], { seed: 0 }), data, { loss: tg.nn.mse, steps: 3 });
  const report = {
    value: a.value,
    dw: dw.value,
    text: tg.toText(dw),
    check: tg.checkFormula('sigmoid(w*x+b)*(1-sigmoid(w*x+b))*x', dw).verdict,
    parsed: tg.parse('x^2 + sin(x)', { x: 2 }).value,
    html: html.includes('url(data:font/woff2;base64,') && html.includes('<svg') && html.includes('class="katex"'),
    csv: [data.X.shape, data.classes, data.labelNames],
    steps: run.steps,
  };
`;

const EXPECTED = {
  value: 0.006692850924284856,
  dw: 0.013296113341580311,
  text: 'a·(1 − a)·x',
  check: 'equivalent',
  parsed: 4.909297426825682,
  html: true,
  csv: [[4, 2], 2, ['no', 'yes\nreally']],
  steps: 3,
};

/** A TypeScript check that fails when the types are too loose (any) or wrong. */
const TYPE_CHECKS = `
  function typeChecks(): void {
    const n: tg.Node = tg.variable('x', 1);
    const v: number | tg.Tensor = n.value;
    const d: tg.Derivation = tg.explain(n);
    const o: CsvOptions = { labelColumn: 'label', labels: 'values' };
    const ds: tg.nn.Dataset = loadCsv('data.csv', o);
    void [v, d, ds];
    // @ts-expect-error a variable's name is a string
    tg.variable(1, 2);
    // @ts-expect-error labels is 'auto' or 'values'
    loadCsv('data.csv', { labels: 'classes' });
    // @ts-expect-error toHTML is asynchronous
    const page: string = d.toHTML();
    void page;
  }
  void typeChecks;
`;

const PROGRAMS: Record<string, { files: Record<string, string>; run: string[] }> = {
  esm: {
    files: {
      'package.json': '{ "name": "esm-consumer", "private": true, "type": "module" }\n',
      'main.js': `import * as tg from 'tracegrad';\nimport { loadCsv } from 'tracegrad/node';\n${BODY}\nconsole.log(JSON.stringify(report));\n`,
    },
    run: ['main.js'],
  },
  cjs: {
    files: {
      'package.json': '{ "name": "cjs-consumer", "private": true, "type": "commonjs" }\n',
      'main.js': `const tg = require('tracegrad');\nconst { loadCsv } = require('tracegrad/node');\n(async () => {\n${BODY}\n  const esm = await import('tracegrad');\n  report.oneCopy = esm.Node === tg.Node && esm.nn === tg.nn;\n  console.log(JSON.stringify(report));\n})();\n`,
    },
    run: ['main.js'],
  },
  'ts-esm': {
    files: {
      'package.json': '{ "name": "ts-esm-consumer", "private": true, "type": "module" }\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, skipLibCheck: false, outDir: 'out' }, files: ['main.ts'] }),
      'main.ts': `import * as tg from 'tracegrad';\nimport { loadCsv, type CsvOptions } from 'tracegrad/node';\n${TYPE_CHECKS}\n${BODY}\nconsole.log(JSON.stringify(report));\n`,
    },
    run: ['out/main.js'],
  },
  'ts-cjs': {
    files: {
      'package.json': '{ "name": "ts-cjs-consumer", "private": true, "type": "commonjs" }\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'node16', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, skipLibCheck: false, outDir: 'out' }, files: ['main.ts'] }),
      'main.ts': `import * as tg from 'tracegrad';\nimport { loadCsv, type CsvOptions } from 'tracegrad/node';\n${TYPE_CHECKS}\nasync function main(): Promise<void> {\n${BODY}\n  console.log(JSON.stringify(report));\n}\nvoid main();\n`,
    },
    run: ['out/main.js'],
  },
};

/** The browser page's program: the same calls, data from text, progress to the console. */
const BROWSER_APP = `
import * as tg from 'tracegrad';
const report = {};
try {
  const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
  const a = tg.sigmoid(w.mul(x).add(b).as('z')).as('a');
  const [dw] = tg.grad(a, [w]);
  report.value = a.value;
  report.dw = dw.value;
  report.text = tg.toText(dw);
  report.check = tg.checkFormula('sigmoid(w*x+b)*(1-sigmoid(w*x+b))*x', dw).verdict;
  report.parsed = tg.parse('x^2 + sin(x)', { x: 2 }).value;
  const html = await tg.explain(a, { wrt: [w, b] }).toHTML();
  report.html = html.includes('url(data:font/woff2;base64,') && html.includes('<svg') && html.includes('class="katex"');
  const data = tg.nn.parseCsv(${JSON.stringify(CSV)});
  report.csv = [data.X.shape, data.classes, data.labelNames];
  report.steps = tg.nn.fit(tg.nn.mlp([2, 4, 1], { seed: 0 }), data, { loss: tg.nn.mse, steps: 3 }).steps;
} catch (e) {
  report.error = String((e && e.stack) || e);
}
window.report = report;
document.body.dataset.done = 'yes';
`;

let tmp = '';
let tarball = '';
let consumer = '';
let install: SpawnSyncReturns<string>;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tracegrad-consumer-'));
  const copy = join(tmp, 'tracegrad');
  for (const s of SOURCES) cpSync(join(ROOT, s), join(copy, s), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const packed = JSON.parse(ok(sh('npm', ['pack', '--json', '--pack-destination', tmp], copy), 'npm pack').replace(/^[^[]*/, '')) as { filename: string }[];
  tarball = join(tmp, packed[0]!.filename);

  consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
  install = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer);
  ok(install, 'npm install <tarball>');
  for (const [dir, { files }] of Object.entries(PROGRAMS)) {
    mkdirSync(join(consumer, dir));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(consumer, dir, name), text);
    writeFileSync(join(consumer, dir, 'data.csv'), CSV);
  }
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package, installed into a fresh project', () => {
  it('installs without a warning', () => {
    expect(install.stderr).toBe('');
    expect(install.stdout).not.toMatch(/warn|EBADENGINE|allow-scripts|allowScripts/i);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/tracegrad/package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[hook], hook).toBeUndefined();
  });

  it('ships source maps that carry their sources (src/ is not in the package), and licences of the code it bundles', () => {
    const dist = join(consumer, 'node_modules/tracegrad/dist');
    const maps = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(50);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(dist, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent!.every((c) => typeof c === 'string' && c.length > 0), file).toBe(true);
    }
    expect(existsSync(join(consumer, 'node_modules/tracegrad/src'))).toBe(false);
    const notices = readFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    expect(notices).toMatch(/^## mathjs \d+\.\d+\.\d+ \(Apache-2\.0\)$/m);
    expect(notices).toContain('Apache License');
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md']) expect(existsSync(join(consumer, 'node_modules/tracegrad', file)), file).toBe(true);
  });

  for (const name of ['esm', 'cjs']) {
    it(`runs from ${name === 'esm' ? 'an ES module (import)' : 'CommonJS (require)'}, with fit's progress on standard output`, () => {
      const out = ok(sh(process.execPath, PROGRAMS[name]!.run, join(consumer, name)), name);
      expect(lastJson(out)).toEqual({ ...EXPECTED, ...(name === 'cjs' && { oneCopy: true }) });
      expect(out).toMatch(/^step 1\/3 {2}loss \d+\.\d{6}$/m);
    });
  }

  for (const name of ['ts-esm', 'ts-cjs']) {
    it(`type-checks and runs in a TypeScript ${name === 'ts-esm' ? 'ES-module project (module nodenext)' : 'CommonJS project (module node16)'}`, () => {
      const dir = join(consumer, name);
      ok(sh(process.execPath, [BIN('typescript/bin/tsc'), '-p', '.'], dir), `tsc in ${name}`);
      const out = ok(sh(process.execPath, PROGRAMS[name]!.run, dir), name);
      expect(lastJson(out)).toEqual(EXPECTED);
    });
  }

  it('the CommonJS build of TypeScript really is require()', () => {
    expect(readFileSync(join(consumer, 'ts-cjs/out/main.js'), 'utf8')).toMatch(/require\("tracegrad"\)/);
  });

  it('bundles for the browser with esbuild (no alias, no shim) and runs parse, grad, toHTML and fit in Chromium', async () => {
    if (!chromiumPath) throw new Error('chromium is not installed at /usr/bin/chromium (.ci/run installs it)');
    const web = join(consumer, 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(join(web, 'app.js'), BROWSER_APP);
    writeFileSync(join(web, 'index.html'), '<!DOCTYPE html><meta charset="utf-8"><link rel="icon" href="data:,"><title>tracegrad</title><body><script type="module" src="bundle.js"></script>');
    const result = await build({ entryPoints: [join(web, 'app.js')], outfile: join(web, 'bundle.js'), bundle: true, platform: 'browser', format: 'esm', absWorkingDir: consumer, logLevel: 'silent', metafile: true });
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter((f) => f.startsWith('node:') || /^(fs|path|module)$/.test(f))).toEqual([]);
    const server = await serveStatic(web);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      const logs: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => (m.type() === 'error' ? problems.push(`console: ${m.text()}`) : logs.push(m.text())));
      await page.goto(server.url);
      await page.waitForFunction('document.body.dataset.done === "yes"', undefined, { timeout: 60_000 });
      expect(await page.evaluate('window.report')).toEqual(EXPECTED);
      expect(logs.filter((l) => /^step \d\/3 {2}loss \d+\.\d{6}$/.test(l))).toHaveLength(3);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it("runs the README's browser example, bundled with esbuild, in Chromium", async () => {
    if (!chromiumPath) throw new Error('chromium is not installed at /usr/bin/chromium (.ci/run installs it)');
    const block = (lang: string) => {
      const found = markdownCodeBlocks('README.md', readRepoFile('README.md'), [lang]).filter((b) => b.name.startsWith('"In the browser"'));
      expect(found, `one \`\`\`${lang} block under "In the browser" in README.md`).toHaveLength(1);
      return found[0]!.lines.map((l) => l.text).join('\n');
    };
    const web = join(consumer, 'readme');
    mkdirSync(web, { recursive: true });
    writeFileSync(join(web, 'app.js'), block('js'));
    writeFileSync(join(web, 'index.html'), `<!DOCTYPE html><meta charset="utf-8"><link rel="icon" href="data:,"><title>README</title>\n${block('html')}\n`);
    await build({ entryPoints: [join(web, 'app.js')], outfile: join(web, 'bundle.js'), bundle: true, platform: 'browser', format: 'esm', absWorkingDir: consumer, logLevel: 'silent' });
    const server = await serveStatic(web);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      const logs: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => (m.type() === 'error' ? problems.push(`console: ${m.text()}`) : logs.push(m.text())));
      await page.goto(server.url);
      await page.waitForFunction(`document.querySelector('#derivation').srcdoc.length > 0`, undefined, { timeout: 60_000 });
      await expect.poll(() => logs.some((l) => /^step 100\/100 {2}loss /.test(l)), { timeout: 60_000 }).toBe(true);
      expect(await page.textContent('#gradient')).toBe('∂a/∂w = a·(1 − a)·x = 0.013296113341580311');
      const frame = page.frameLocator('#derivation');
      expect(await frame.locator('.katex').count()).toBeGreaterThan(5);
      expect(await frame.locator('svg').count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('runs the tracegrad command with the expression from standard input (-) and from a file (--file), and --at values from a JSON file (--at @F)', () => {
    const bin = join(consumer, 'node_modules/.bin/tracegrad');
    const want = '{"expression":"x^2","value":9,"gradient":{"x":{"value":6,"latex":"2 x","text":"2·x"}}}\n';
    const argv = sh(bin, ['grad', 'x^2', '--wrt', 'x', '--at', 'x=3', '--format', 'json'], consumer);
    expect([argv.stdout, argv.stderr, argv.status]).toEqual([want, '', 0]);
    const stdin = sh(bin, ['grad', '-', '--wrt', 'x', '--at', 'x=3', '--format', 'json'], consumer, 'x^2\n');
    expect([stdin.stdout, stdin.stderr, stdin.status]).toEqual([want, '', 0]);
    writeFileSync(join(consumer, 'expr.txt'), 'x^2\n');
    writeFileSync(join(consumer, 'at.json'), '{ "x": 3 }\n');
    const file = sh(bin, ['grad', '--file', 'expr.txt', '--wrt', 'x', '--at', '@at.json', '--format', 'json'], consumer);
    expect([file.stdout, file.stderr, file.status]).toEqual([want, '', 0]);
    const empty = sh(bin, ['grad', '-', '--wrt', 'x'], consumer, '');
    expect(empty.status).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    const missing = sh(bin, ['grad', '--file', 'no-such-file.txt'], consumer);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.txt/);
  });

  it('passes publint (strict) and @arethetypeswrong/cli', () => {
    const publint = sh(process.execPath, [BIN('publint/src/cli.js'), 'run', tarball, '--strict'], tmp);
    expect(publint.status, publint.stdout + publint.stderr).toBe(0);
    expect(publint.stdout).toContain('All good!');
    const attw = sh(process.execPath, [BIN('@arethetypeswrong/cli/dist/index.js'), tarball, '--format', 'json'], tmp);
    const analysis = JSON.parse(attw.stdout) as { analysis: { problems?: unknown[] }; problems?: unknown };
    expect(analysis.analysis.problems ?? [], attw.stdout).toEqual([]);
    expect(attw.status, attw.stdout + attw.stderr).toBe(0);
  });
});
