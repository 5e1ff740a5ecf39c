/**
 * The documentation is executable: every `@example` in the TSDoc comments of `src/` runs,
 * and each `EXPR; // → VALUE` line is an assertion. Every public function and class has an
 * example. New source files are picked up automatically.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { countChecks, docBlocks, REPO_ROOT, repoPath, runExample, sourceFiles, tsdocExamples, type Example } from './helpers/doctest.js';

const SRC = join(REPO_ROOT, 'src');
const sources = sourceFiles(SRC).map((abs) => ({ file: repoPath(abs), text: readFileSync(abs, 'utf8') }));
const examples: Example[] = sources.flatMap(({ file, text }) => tsdocExamples(file, text));

describe('doc examples', () => {
  const seen = new Map<string, number>();
  for (const example of examples) {
    const base = `${example.file}: ${example.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    it(n === 1 ? base : `${base} (${n})`, async () => {
      expect(example.lines.length, `${example.file}:${example.line}: empty @example`).toBeGreaterThan(0);
      const failures = await runExample(example, tg);
      if (failures.length) throw new Error(`${failures.length} check(s) failed:\n${failures.join('\n')}`);
    });
  }

  it('exist, and each checks at least one value', () => {
    expect(examples.length).toBeGreaterThan(0);
    const unchecked = examples.filter((e) => countChecks(e) === 0).map((e) => `${e.file}:${e.line} (${e.name})`);
    if (unchecked.length) throw new Error(`examples without a "// →" line:\n${unchecked.join('\n')}`);
  });
});

/** Exported runtime values that need no example of their own. */
function exempt(name: string, value: unknown): boolean {
  if (typeof value !== 'function') return true; // Prec, registry, op definitions, namespaces: not functions or classes
  if (value === Error || (value as { prototype?: unknown }).prototype instanceof Error) return true; // error classes
  return name === 'Prec' || name.endsWith('Op');
}

/** Where `name` is declared in src, and whether the doc comment just before it has an `@example`. */
interface Declaration {
  file: string;
  hasExample: boolean;
  /** Tagged `@internal`: exported for the library's own use, left out of the API site. */
  internal: boolean;
}

function findDeclaration(name: string, depth = 0): Declaration | undefined {
  const decl = new RegExp(`export\\s+(?:declare\\s+)?(?:default\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:function\\*?|class|const|let|var)\\s+${name}\\b`, 'g');
  let found: Declaration | undefined;
  for (const { file, text } of sources) {
    for (let m = decl.exec(text); m; m = decl.exec(text)) {
      const before = text.slice(0, m.index).trimEnd();
      const block = before.endsWith('*/') ? docBlocks(text).find((b) => b.end === before.length) : undefined;
      const tagged = (tag: string) => !!block && block.lines.some((l) => new RegExp(`(^|\\s|\\{)@${tag}\\b`).test(l.text));
      const d = { file, hasExample: tagged('example'), internal: tagged('internal') };
      if (d.hasExample) return d;
      found ??= d;
    }
  }
  if (found || depth > 3) return found;
  // `export { original as name }`: look for the original.
  const alias = new RegExp(`export\\s*\\{[^}]*?\\b([A-Za-z_$][\\w$]*)\\s+as\\s+${name}\\b`);
  for (const { text } of sources) {
    const m = alias.exec(text);
    if (m && m[1] !== name) return findDeclaration(m[1]!, depth + 1);
  }
  return undefined;
}

describe('public API documentation', () => {
  it('every exported function and class has a doc comment with an @example', async () => {
    const api = Object.entries(await import('../src/index.js'));
    const missing = api
      .filter(([name, value]) => !exempt(name, value))
      .map(([name]) => ({ name, decl: findDeclaration(name) }))
      .filter(({ decl }) => !decl?.hasExample && !decl?.internal)
      .map(({ name, decl }) => `${name} (${decl ? decl.file : 'declaration not found in src/'})`)
      .sort();
    if (missing.length) throw new Error(`${missing.length} public functions and classes have no @example:\n${missing.join('\n')}`);
  });
});
