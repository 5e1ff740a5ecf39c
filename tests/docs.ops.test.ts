/**
 * The op lists of the docs are the registry's: README.md and docs/getting-started.md list
 * every op (the latter by category) between `<!-- ops:start -->` and `<!-- ops:end -->`, and
 * docs/cli.md lists the expression language's functions (the CLI's, `functionNames()`)
 * between `<!-- functions:start -->` and `<!-- functions:end -->`. Each list is read here
 * independently of the script that writes it (scripts/docs-ops.ts), then the script must
 * leave the file as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { functionNames, functionTable } from '../src/parse/functions.js';
import { DOCS } from '../scripts/docs-ops.js';

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const FIX = 'run `npx tsx scripts/docs-ops.ts` to write the lists from the registry';

/** The lines between `<!-- name:start -->` and `<!-- name:end -->`. */
function between(text: string, name: string): string {
  const m = new RegExp(`<!-- ${name}:start -->\\n([^]*?)<!-- ${name}:end -->`).exec(text);
  if (!m) throw new Error(`no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
  return m[1]!;
}

/** The names of the code spans in a text (`` `a b c` `` gives a, b, c). */
function codeNames(text: string): string[] {
  return [...text.matchAll(/`([^`]*)`/g)].flatMap((m) => m[1]!.split(/\s+/).filter(Boolean));
}

/** What differs between a listed sequence of names and the wanted one, in words ('' when equal). */
function difference(listed: readonly string[], wanted: readonly string[]): string {
  const missing = wanted.filter((n) => !listed.includes(n)), extra = listed.filter((n) => !wanted.includes(n));
  const dupes = listed.filter((n, i) => listed.indexOf(n) !== i);
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `not in the registry: ${extra.join(', ')}` : '',
    dupes.length ? `listed twice: ${dupes.join(', ')}` : '',
  ].filter(Boolean);
  if (!parts.length && listed.join(' ') !== wanted.join(' ')) parts.push(`order differs: want ${wanted.join(' ')}`);
  return parts.join('; ');
}

/** The README's op list against the registry. */
function readmeProblems(text: string): string {
  return difference(codeNames(between(text, 'ops')), tg.ops.registry.map((op) => op.name));
}

/** The getting-started category lists (`- category: \`names\` …`) against the registry's categories. */
function gettingStartedProblems(text: string): string[] {
  const wanted = new Map<string, string[]>();
  for (const op of tg.ops.registry) {
    const label = (op.category ?? 'other').toLowerCase();
    wanted.set(label, [...(wanted.get(label) ?? []), op.name]);
  }
  const problems: string[] = [];
  const bullets = between(text, 'ops').split(/\n(?=- )/).filter((b) => b.trim());
  const labels: string[] = [];
  for (const b of bullets) {
    const m = /^- ([^:`]+): `([^`]*)`/.exec(b);
    if (!m) {
      problems.push(`not a "- category: \`names\`" line: ${b.split('\n')[0]}`);
      continue;
    }
    labels.push(m[1]!);
    const d = difference(m[2]!.split(/\s+/).filter(Boolean), wanted.get(m[1]!) ?? []);
    if (d) problems.push(`${m[1]}: ${d}`);
  }
  // The categories may come in any order (the guide's, not the registry's).
  const d = difference([...labels].sort(), [...wanted.keys()].sort());
  if (d) problems.push(`categories: ${d}`);
  return problems;
}

/** The entries of docs/cli.md's function list: a name, or a usage `name(args)`, separated by spaces outside brackets. */
function cliEntries(text: string): string[] {
  const body = between(text, 'functions').replace(/^```text\n/, '').replace(/```\n$/, '');
  const entries: string[] = [];
  let depth = 0, cur = '';
  for (const ch of body) {
    if (/\s/.test(ch) && depth === 0) {
      if (cur) entries.push(cur);
      cur = '';
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    cur += ch;
  }
  if (cur) entries.push(cur);
  return entries;
}

/** docs/cli.md's function list against the expression language's table: names, and each usage shown. */
function cliProblems(text: string): string[] {
  const entries = cliEntries(text);
  const names = entries.map((e) => e.replace(/\(.*$/, ''));
  const problems = [difference(names, functionNames())].filter(Boolean);
  const table = functionTable();
  for (const e of entries) {
    const name = e.replace(/\(.*$/, ''), f = table.get(name);
    if (f && e !== name && e !== f.usage) problems.push(`${name}: shown as ${e}, its usage is ${f.usage}`);
  }
  return problems;
}

describe('the op lists of the docs are the registry’s', () => {
  it('README.md lists every op, in the registry’s order', () => {
    expect(readmeProblems(read('README.md')), FIX).toBe('');
  });

  it('docs/getting-started.md lists every op under its category', () => {
    expect(gettingStartedProblems(read('docs/getting-started.md')), FIX).toEqual([]);
  });

  it('docs/cli.md lists every function the CLI calls, with its usage', () => {
    expect(cliProblems(read('docs/cli.md')), FIX).toEqual([]);
  });

  it.each(DOCS.map((d) => [d.file, d] as const))('%s is as scripts/docs-ops.ts writes it', (file, { rewrite }) => {
    const text = read(file);
    expect(rewrite(text) === text, `${file}: ${FIX}`).toBe(true);
  });
});

describe('the checks catch a stale list', () => {
  it('an op missing, a name that is not an op, a wrong category, a wrong usage', () => {
    const readme = read('README.md').replace(/`abs acos /, '`abs trace ');
    expect(readmeProblems(readme)).toBe('missing acos; not in the registry: trace');
    const guide = read('docs/getting-started.md').replace(/- shape: `broadcastTo /, '- shape: `broadcastTo sum ');
    expect(gettingStartedProblems(guide)).toEqual(['shape: not in the registry: sum']);
    expect(gettingStartedProblems(read('docs/getting-started.md').replace(/^- linear algebra: .*\n/m, ''))).toEqual(['categories: missing linear algebra']);
    const cli = read('docs/cli.md').replace(/ cbrt /, ' ').replace(/ nthRoot\([^)]*\) /, ' nthRoot(a, n) ');
    expect(cliProblems(cli)).toEqual(['missing cbrt', 'nthRoot: shown as nthRoot(a, n), its usage is nthRoot(a, root?)']);
  });

  it('a stale file is rewritten by the script', () => {
    const { rewrite } = DOCS.find((d) => d.file === 'README.md')!;
    const stale = read('README.md').replace(/ cbrt /, ' ');
    expect(rewrite(stale)).toBe(read('README.md'));
  });
});
