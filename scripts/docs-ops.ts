/**
 * Writes the op lists of the docs from the op registry, between their markers:
 * - README.md, `<!-- ops:start -->` … `<!-- ops:end -->`: every op's name;
 * - docs/getting-started.md, same markers: one line per category (`- elementwise: \`…\``),
 *   each line's words after the list kept;
 * - docs/cli.md, `<!-- functions:start -->` … `<!-- functions:end -->`: the functions the
 *   expression language calls (the CLI's), with their usage where it is not one operand per input.
 *
 *   npx tsx scripts/docs-ops.ts          after adding or renaming an op
 *
 * tests/docs.ops.test.ts fails when a list differs from the registry.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tg from '../src/index.js';
import { functionNames, functionTable } from '../src/parse/functions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Longest line written, in characters. */
export const WIDTH = 92;

/** The text between `<!-- name:start -->` and `<!-- name:end -->` (each on its own line), and what surrounds it. */
export function region(text: string, name: string, file: string): { before: string; body: string; after: string } {
  const start = `<!-- ${name}:start -->\n`, end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end, i);
  if (i < 0 || j < 0) throw new Error(`${file}: no ${start.trim()} … ${end} markers`);
  // The end marker sits at the indentation of the list it closes.
  const lineStart = text.lastIndexOf('\n', j - 1) + 1;
  return { before: text.slice(0, i + start.length), body: text.slice(i + start.length, lineStart), after: text.slice(lineStart) };
}

/** Words into lines of at most {@link WIDTH} characters: the first line starts with `first`, the others with `indent`. */
export function wrap(words: readonly string[], first: string, indent: string): string {
  const lines: string[] = [];
  let line = first;
  for (const w of words) {
    const fresh = line === first || line === indent;
    if (!fresh && line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = indent + w;
    } else line = fresh ? line + w : `${line} ${w}`;
  }
  lines.push(line);
  return lines.join('\n') + '\n';
}

/** A name list as one code span, broken into words (a code span may break across lines). */
function codeSpan(names: readonly string[]): string[] {
  return `\`${names.join(' ')}\``.split(' ');
}

/** Every op's name, in the registry's order. */
export function opNames(): string[] {
  return tg.ops.registry.map((op) => op.name);
}

/** Op names by category (`elementwise`, `linear algebra`, …), each in the registry's order. */
export function opsByCategory(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const op of tg.ops.registry) {
    const label = (op.category ?? 'other').toLowerCase();
    out.set(label, [...(out.get(label) ?? []), op.name]);
  }
  return out;
}

/** The functions of the expression language as listed in docs/cli.md: the name, or the usage when it is not `name(x)` / `name(a, b)`. */
export function functionEntries(): string[] {
  const table = functionTable();
  return functionNames().map((name) => {
    const usage = table.get(name)!.usage;
    return usage === `${name}(x)` || usage === `${name}(a, b)` ? name : usage;
  });
}

/** README.md with its op list written from the registry. */
export function rewriteReadme(text: string): string {
  const { before, after } = region(text, 'ops', 'README.md');
  const indent = /([ \t]*)$/.exec(before.slice(0, -'<!-- ops:start -->\n'.length))![1]!;
  return before + wrap(codeSpan(opNames()), indent, indent) + after;
}

/** One bullet of docs/getting-started.md's list: its label, and the words after the list of names. */
interface Bullet {
  label: string;
  rest: string[];
}

/** The bullets of a category list: `- label: \`names\` rest…` (continuation lines indented). */
export function parseBullets(body: string, file: string): (Bullet & { names: string[] })[] {
  const bullets: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('- ')) bullets.push(line);
    else if (line.trim() !== '') {
      if (!bullets.length) throw new Error(`${file}: the op list holds a line that is not a bullet: ${line}`);
      bullets[bullets.length - 1] += `\n${line}`;
    }
  }
  return bullets.map((b) => {
    const m = /^- ([^:`]+): `([^`]*)`([^]*)$/.exec(b);
    if (!m) throw new Error(`${file}: an op list line must read "- category: \`names\` …"; got ${b}`);
    return { label: m[1]!, names: m[2]!.split(/\s+/).filter(Boolean), rest: m[3]!.split(/\s+/).filter(Boolean) };
  });
}

/** docs/getting-started.md with its category lists written from the registry (the words after each list kept). */
export function rewriteGettingStarted(text: string): string {
  const file = 'docs/getting-started.md';
  const { before, body, after } = region(text, 'ops', file);
  const byCategory = opsByCategory();
  const old = parseBullets(body, file);
  const labels = [...old.map((b) => b.label).filter((l) => byCategory.has(l)), ...[...byCategory.keys()].filter((l) => !old.some((b) => b.label === l))];
  const lines = labels.map((label, k) => {
    const rest = old.find((b) => b.label === label)?.rest ?? [k === labels.length - 1 ? '.' : ';'];
    const words = codeSpan(byCategory.get(label)!);
    // Punctuation right after the list stays attached to it.
    if (rest.length && /^[,;.:)]/.test(rest[0]!)) words[words.length - 1] += rest.shift();
    return wrap([...words, ...rest], `- ${label}: `, '  ');
  });
  return before + lines.join('') + after;
}

/** docs/cli.md with its function list written from the expression language's table. */
export function rewriteCli(text: string): string {
  const { before, after } = region(text, 'functions', 'docs/cli.md');
  return `${before}\`\`\`text\n${wrap(functionEntries(), '', '')}\`\`\`\n${after}`;
}

/** The files and their rewriters. */
export const DOCS: readonly { file: string; rewrite: (text: string) => string }[] = [
  { file: 'README.md', rewrite: rewriteReadme },
  { file: 'docs/getting-started.md', rewrite: rewriteGettingStarted },
  { file: 'docs/cli.md', rewrite: rewriteCli },
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { file, rewrite } of DOCS) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const next = rewrite(text);
    if (next !== text) writeFileSync(path, next);
    console.log(`${file}: ${next === text ? 'up to date' : 'written'}`);
  }
}
