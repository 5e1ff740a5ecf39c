/**
 * The package manifest and what it promises, checked against the sources (the packed
 * package itself is tried in tests/package/consumer.test.ts):
 * - `sideEffects` lists exactly the modules that do something when loaded (bundlers drop
 *   every other module whose exports are unused), and the main entry;
 * - the exports map has an import and a require door, each typed, for every entry that
 *   scripts/build.ts builds, and old resolvers find `tracegrad/node` too;
 * - every production dependency supports every Node version `engines` admits, so that an
 *   install prints no EBADENGINE;
 * - no module of the main entry imports a Node built-in (dependency-cruiser fails otherwise);
 * - LICENSE, CHANGELOG.md and the README's install line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../../scripts/build.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  sideEffects: string[];
  exports: Record<string, string | Record<string, string | Record<string, string>>>;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
  license: string;
  files: string[];
  repository?: { url?: string };
  keywords?: string[];
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Modules of src/ with a top-level statement other than a declaration: they act when loaded. */
function modulesWithEffects(): string[] {
  const declarations = new Set([
    ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.ExportDeclaration, ts.SyntaxKind.FunctionDeclaration,
    ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.EnumDeclaration,
    ts.SyntaxKind.ModuleDeclaration, ts.SyntaxKind.VariableStatement, ts.SyntaxKind.EmptyStatement,
  ]);
  return sourceFiles(join(ROOT, 'src'))
    .filter((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
      return source.statements.some((s) => !declarations.has(s.kind));
    })
    .map((file) => relative(join(ROOT, 'src'), file).replace(/\.ts$/, ''))
    .sort();
}

/** Whether `version` satisfies a node-semver range made of `||`, comparators, `^`, `~` and `*` (what engines fields use). */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0) ? -1 : 1;
    return 0;
  };
  return range.split('||').some((alternative) =>
    alternative.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).filter(Boolean).every((c) => {
      const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+|[x*])(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?$/.exec(c);
      if (!m) throw new Error(`unsupported range ${JSON.stringify(range)}`);
      if (m[2] === 'x' || m[2] === '*') return true;
      const parts = [m[2], m[3], m[4]].map((p) => (p === undefined || p === 'x' || p === '*' ? 0 : Number(p)));
      switch (m[1]) {
        case '>=': return cmp(v, parts) >= 0;
        case '>': return cmp(v, parts) > 0;
        case '<=': return cmp(v, parts) <= 0;
        case '<': return cmp(v, parts) < 0;
        case '^': return cmp(v, parts) >= 0 && v[0] === parts[0];
        case '~': return cmp(v, parts) >= 0 && v[0] === parts[0] && v[1] === parts[1];
        default: return m[3] === undefined ? v[0] === parts[0] : cmp(v, parts) === 0;
      }
    }),
  );
}

describe('package.json', () => {
  it('lists in sideEffects exactly the modules that act when loaded, and the main entry', () => {
    const acting = [...new Set(['index', ...modulesWithEffects()])].sort();
    expect(acting).toEqual(expect.arrayContaining(['exec/evaluate', 'explain/print', 'index', 'ops/index']));
    const listed = (prefix: string, ext: string) => pkg.sideEffects.filter((p) => p.startsWith(prefix) && p.endsWith(ext)).map((p) => p.slice(prefix.length, -ext.length)).sort();
    expect(listed('./dist/', '.js'), 'the published modules').toEqual(acting);
    expect(listed('./src/', '.ts'), 'the sources (the playground bundles them)').toEqual(acting);
    expect(pkg.sideEffects.filter((p) => p.endsWith('.cjs')).sort()).toEqual(ENTRIES.map((e) => `./dist/${e}.cjs`).sort());
  });

  it('has an import and a require door, each with its types, for every entry the build makes', () => {
    for (const entry of ENTRIES) {
      const key = entry === 'index' ? '.' : `./${entry.replace(/\/index$/, '')}`;
      const doors = pkg.exports[key] as Record<string, Record<string, string>>;
      expect(doors.import, key).toEqual({ types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` });
      expect(doors.require, key).toEqual({ types: `./dist/cjs/${entry}.d.ts`, default: `./dist/${entry}.cjs` });
      expect(existsSync(join(ROOT, 'src', `${entry}.ts`)), `src/${entry}.ts`).toBe(true);
    }
    expect((pkg.exports['.'] as Record<string, unknown>).browser).toBe('./dist/index.js');
    // Resolvers without exports maps (TypeScript's node10) find tracegrad/node through node/package.json.
    const redirect = JSON.parse(readFileSync(join(ROOT, 'node/package.json'), 'utf8')) as Record<string, string>;
    expect(redirect).toEqual({ main: '../dist/node/index.cjs', types: '../dist/cjs/node/index.d.ts' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'bin', 'node', 'CHANGELOG.md']));
  });

  it('builds at pack time, not at install time', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook], hook).toBeUndefined();
  });

  it('depends only on packages that support every Node version engines admits (no EBADENGINE)', () => {
    const lowest = /^>=\s*(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(lowest, `engines.node is a lower bound: ${pkg.engines.node}`).toBeDefined();
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[]; version?: string }> };
    const production = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev);
    expect(production.map(([path]) => path.replace(/^.*node_modules\//, ''))).toEqual(expect.arrayContaining(Object.keys(pkg.dependencies)));
    const unsupported = production.filter(([, p]) => {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      return range !== undefined && !(satisfies(lowest!, range) && satisfies('22.12.0', range) && satisfies('24.0.0', range));
    });
    expect(unsupported.map(([path, p]) => `${path}@${p.version} wants node ${JSON.stringify(p.engines)}`)).toEqual([]);
  });

  it('reads engines ranges as npm does (the check above)', () => {
    expect(satisfies('20.19.0', '>=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '>= 12')).toBe(true);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.3', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('24.0.0', '*')).toBe(true);
  });

  it('names its licence, repository and keywords', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.keywords?.length).toBeGreaterThan(3);
  });
});

describe('CHANGELOG.md', () => {
  const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  it('follows Keep a Changelog: an Unreleased section, then versions with dates, grouped by kind of change', () => {
    expect(text).toMatch(/^# Changelog\n/);
    expect(text).toContain('https://keepachangelog.com/en/1.1.0/');
    const versions = [...text.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)].map((m) => [m[1], m[2]]);
    expect(versions[0]).toEqual(['Unreleased', undefined]);
    for (const [version, date] of versions.slice(1)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(date).toBeDefined();
    }
    for (const heading of text.matchAll(/^### (.+)$/gm)) expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(heading[1]);
  });
});

describe('README.md', () => {
  it('shows the install line and a browser example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm install tracegrad');
    expect(readme).toMatch(/### In the browser\n[\s\S]*?```js\n[\s\S]*?import \* as tg from 'tracegrad';[\s\S]*?```html\n[\s\S]*?<script type="module" src="bundle\.js"><\/script>\n```/);
  });
});

describe('the main entry and Node built-ins', () => {
  it('fails the dependency check when a module below src/node/ imports a Node built-in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-builtins-'));
    try {
      for (const d of ['util', 'nn', 'node']) mkdirSync(join(dir, 'src', d), { recursive: true });
      cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
      writeFileSync(join(dir, 'src/util/a.ts'), 'export const a = 1;\n');
      writeFileSync(join(dir, 'src/nn/csv.ts'), "import { readFileSync } from 'node:fs';\nimport { a } from '../util/a.js';\nexport const read = () => readFileSync('x') && a;\n");
      writeFileSync(join(dir, 'src/node/csv.ts'), "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n");
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout).toMatch(/no-node-builtins-in-main-entry: src\/nn\/csv\.ts → (node:)?fs\n/);
      expect(r.stdout).not.toMatch(/no-node-builtins-in-main-entry: src\/node\//);
      expect(r.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
