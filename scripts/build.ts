/**
 * Builds dist/, the published package (`npm run build`; `npm pack` and `npm publish` run it
 * through `prepack`):
 *
 * 1. `tsc -p tsconfig.build.json`: one ES module per source file, declarations, and source
 *    maps that carry their sources (src/ is not published).
 * 2. dist/parse/mathjs.js is rebuilt by esbuild as one module holding the mathjs factories
 *    that `parse` and `simplify` need. Node evaluates every module of mathjs on import (about
 *    0.8 s, even for `create` alone); this file loads in about 40 ms. The licences of what it
 *    holds go to dist/THIRD-PARTY-NOTICES.md.
 * 3. CommonJS: `dist/index.cjs` and `dist/node/index.cjs` are `module.exports = require(ESM)`,
 *    which Node ≥ 20.19 supports, so `require('tracegrad')` and `import 'tracegrad'` share
 *    one copy of the library (no dual-package hazard). Their declarations (`.d.cts`) are the
 *    ES declarations, copied under dist/cjs/ where a package.json says `commonjs`, so that
 *    TypeScript reads them as CommonJS in every module mode.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** The entries of the exports map that have a CommonJS door, as dist paths without `.js`. */
export const ENTRIES = ['index', 'node/index'];

function run(command: string, args: string[]): void {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', ...command.split('/')), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

async function vendorMathjs(): Promise<void> {
  const out = join(dist, 'parse/mathjs.js');
  const result = await build({
    entryPoints: [join(root, 'src/parse/mathjs.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import'],
    target: 'es2022',
    treeShaking: true,
    legalComments: 'inline',
    metafile: true,
    allowOverwrite: true,
    logLevel: 'warning',
  });
  rmSync(`${out}.map`, { force: true });
  // The packages that went into the bundle, with their licences.
  const packages = new Map<string, string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.set(m[1]!, join(root, input.slice(0, m.index + m[0].length)));
  }
  const sections = [...packages.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, dir]) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string; homepage?: string; author?: string | { name: string } };
    if (!pkg.license) throw new Error(`${name} declares no licence: it cannot be bundled`);
    const licenceFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const notice = readdirSync(dir).find((f) => /^notice/i.test(f));
    const author = typeof pkg.author === 'object' ? pkg.author.name : pkg.author;
    const text = licenceFile
      ? readFileSync(join(dir, licenceFile), 'utf8').trim()
      : `${pkg.license}${author ? `, ${author}` : ''} (the package ships no licence file; its package.json declares ${pkg.license})`;
    return `## ${name} ${pkg.version} (${pkg.license ?? 'see below'})\n\n${pkg.homepage ?? ''}\n\n\`\`\`text\n${text}\n\`\`\`\n${notice ? `\nNOTICE:\n\n\`\`\`text\n${readFileSync(join(dir, notice), 'utf8').trim()}\n\`\`\`\n` : ''}`;
  });
  writeFileSync(
    join(dist, 'THIRD-PARTY-NOTICES.md'),
    `# Third-party code in dist/parse/mathjs.js\n\ntracegrad's build bundles the parts of these packages that mathjs's \`parse\` and \`simplify\` use into dist/parse/mathjs.js (see scripts/build.ts).\n\n${sections.join('\n')}`,
  );
  const banner = `// Bundled by scripts/build.ts from src/parse/mathjs.ts with parts of ${[...packages.keys()].join(', ')}; licences in ../THIRD-PARTY-NOTICES.md.\n`;
  writeFileSync(out, banner + readFileSync(out, 'utf8'));
}

function commonjs(): void {
  // Declarations for require(): the ES ones, read as CommonJS under dist/cjs/.
  const cjs = join(dist, 'cjs');
  for (const file of files(dist)) {
    if (!file.endsWith('.d.ts') || file.startsWith(cjs + sep) || file.startsWith(join(dist, 'cli') + sep)) continue;
    const to = join(cjs, relative(dist, file));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(file, to);
  }
  writeFileSync(join(cjs, 'package.json'), '{\n  "type": "commonjs"\n}\n');
  for (const entry of ENTRIES) {
    const name = entry.split('/').pop()!;
    writeFileSync(
      join(dist, `${entry}.cjs`),
      `'use strict';\n// require('tracegrad${entry === 'index' ? '' : `/${entry.replace(/\/index$/, '')}`}'): the ES module itself (Node >= 20.19 loads ES modules with require), so that\n// require and import share one copy of the library.\nmodule.exports = require('./${name}.js');\n`,
    );
    if (!existsSync(join(cjs, `${entry}.d.ts`))) throw new Error(`no declarations for ${entry}`);
  }
}

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  // A map of one string constant would only repeat it.
  rmSync(join(dist, 'explain/katexCss.generated.js.map'));
  writeFileSync(join(dist, 'explain/katexCss.generated.js'), readFileSync(join(dist, 'explain/katexCss.generated.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
  await vendorMathjs();
  commonjs();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
