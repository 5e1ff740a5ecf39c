/**
 * Executable documentation: finds `@example` blocks in TSDoc comments (and code blocks in
 * markdown), runs each as the body of an async function with the library in scope as `tg`,
 * and turns every line `EXPR; // → VALUE` into an assertion.
 *
 * VALUE is a JavaScript literal: numbers (a trailing `...` or `…` means "these digits, then
 * more"), strings in single or double quotes, arrays, objects, `true`, `false`, `null`,
 * `undefined`, `NaN`, `Infinity`. It is converted to JSON and parsed, never evaluated.
 * Numbers compare exactly when the expected value is an integer and with a relative
 * tolerance of 1e-12 otherwise.
 *
 * Examples are plain JavaScript; one that does not compile as such is stripped of
 * TypeScript-only syntax (annotations, `as`) by the TypeScript compiler and tried again.
 * The code is our own documentation, run with `new AsyncFunction`, never user input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inspect } from 'node:util';

/** One line of example code and where it came from. */
export interface SourceLine {
  text: string;
  /** 1-based line number in the source file. */
  line: number;
}

/** An `@example` block (or a markdown code block) and its origin. */
export interface Example {
  /** Path relative to the repository root, with `/` separators. */
  file: string;
  /** The documented declaration (`sin`, `Node`, `assign`), or a description. */
  name: string;
  /** 1-based line of the first code line. */
  line: number;
  lines: SourceLine[];
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Repository-relative path with forward slashes. */
export function repoPath(abs: string): string {
  return relative(REPO_ROOT, abs).split(sep).join('/');
}

/** Every `.ts` file under `dir` (recursively), sorted, so new modules are picked up. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A `/** … *\/` block: its lines with the leading ` * ` stripped, and what it documents. */
export interface DocBlock {
  /** Offset of `/**` in the file. */
  start: number;
  /** Offset just past `*\/`. */
  end: number;
  lines: SourceLine[];
  /** Name of the declaration that follows the block. */
  name: string;
}

const DECL_RE =
  /^\s*(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const MEMBER_RE =
  /^\s*(?:(?:public|private|protected|static|readonly|override|abstract|async|get|set)\s+)*([A-Za-z_$][\w$]*)\s*[(<:=?!;]/;

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The TSDoc blocks of a source file. */
export function docBlocks(text: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const re = /\/\*\*(?!\/)([\s\S]*?)\*\//g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const first = lineAt(text, m.index);
    const lines = m[1]!.split('\n').map((raw, i) => ({
      text: raw.replace(/^\s*\*(?: |$)/, '').replace(/\s+$/, ''),
      line: first + i,
    }));
    const after = text.slice(m.index + m[0].length).split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
    const name = DECL_RE.exec(after)?.[1] ?? MEMBER_RE.exec(after)?.[1] ?? (/@module\b/.test(m[1]!) ? 'module' : '(anonymous)');
    blocks.push({ start: m.index, end: m.index + m[0].length, lines, name });
  }
  return blocks;
}

/**
 * The `@example` blocks of a source file: for each `@example` tag, the lines after it up
 * to the next block tag (`@see`, `@category`, …) or the end of the comment. Markdown fence
 * lines inside an example are dropped.
 */
export function tsdocExamples(file: string, text: string): Example[] {
  const out: Example[] = [];
  for (const block of docBlocks(text)) {
    const { lines } = block;
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*@example\b/.test(lines[i]!.text)) continue;
      const body: SourceLine[] = [];
      let j = i + 1;
      for (; j < lines.length && !/^\s*@[A-Za-z]/.test(lines[j]!.text); j++) {
        if (!/^\s*```/.test(lines[j]!.text)) body.push(lines[j]!);
      }
      while (body.length && body[body.length - 1]!.text.trim() === '') body.pop();
      while (body.length && body[0]!.text.trim() === '') body.shift();
      out.push({ file, name: block.name, line: body[0]?.line ?? lines[i]!.line, lines: body });
      i = j - 1;
    }
  }
  return out;
}

/** The fenced code blocks of a markdown text whose info string is in `langs`. */
export function markdownCodeBlocks(file: string, text: string, langs: readonly string[] = ['ts', 'typescript']): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]!);
    if (h) heading = h[1]!.trim();
    const open = /^(\s*)```\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const body: SourceLine[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push({ text: lines[j]!, line: j + 1 });
    if (langs.includes(open[2]!)) out.push({ file, name: `${heading ? `"${heading}", ` : ''}code block at line ${i + 1}`, line: i + 2, lines: body });
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Expected values: a JavaScript literal converted to JSON.

const SPECIAL = '$doctest';
type Special = { [SPECIAL]: 'NaN' | 'Infinity' | '-Infinity' | 'undefined' } | { [SPECIAL]: 'approx'; digits: string };

function decodeString(src: string, i: number): { value: string; end: number } {
  const quote = src[i]!;
  let s = '';
  let k = i + 1;
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
  for (; k < src.length && src[k] !== quote; k++) {
    const c = src[k]!;
    if (c !== '\\') {
      s += c;
      continue;
    }
    const e = src[++k];
    if (e === undefined) break;
    if (e in simple) s += simple[e];
    else if (e === 'u' && src[k + 1] === '{') {
      const close = src.indexOf('}', k);
      s += String.fromCodePoint(parseInt(src.slice(k + 2, close), 16));
      k = close;
    } else if (e === 'u') {
      s += String.fromCharCode(parseInt(src.slice(k + 1, k + 5), 16));
      k += 4;
    } else if (e === 'x') {
      s += String.fromCharCode(parseInt(src.slice(k + 1, k + 3), 16));
      k += 2;
    } else s += e;
  }
  if (src[k] !== quote) throw new Error(`unterminated string in ${src}`);
  return { value: s, end: k + 1 };
}

/** Converts a JavaScript literal to JSON text (special numbers become marker objects). */
export function literalToJson(src: string): string {
  let out = '';
  let i = 0;
  const special = (v: Special) => JSON.stringify(v);
  while (i < src.length) {
    const c = src[i]!;
    const rest = src.slice(i);
    if (c === "'" || c === '"' || c === '`') {
      const { value, end } = decodeString(src, i);
      if (c === '`' && value.includes('${')) throw new Error(`template literals with substitutions are not literals: ${src}`);
      out += JSON.stringify(value);
      i = end;
      continue;
    }
    const num = /^[-+]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?(\.\.\.|…)?/.exec(rest);
    if (num && !/^[-+]?\.\.\./.test(rest)) {
      const digits = num[0].replace(/(\.\.\.|…)$/, '').replace(/_/g, '').replace(/^\+/, '');
      out += num[1] ? special({ [SPECIAL]: 'approx', digits }) : JSON.stringify(Number(digits));
      i += num[0].length;
      continue;
    }
    const inf = /^([-+]?)Infinity\b/.exec(rest);
    if (inf) {
      out += special({ [SPECIAL]: inf[1] === '-' ? '-Infinity' : 'Infinity' });
      i += inf[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(rest);
    if (word) {
      const w = word[0];
      const isKey = /^\s*:/.test(src.slice(i + w.length));
      if (isKey) out += JSON.stringify(w);
      else if (w === 'true' || w === 'false' || w === 'null') out += w;
      else if (w === 'NaN' || w === 'undefined') out += special({ [SPECIAL]: w });
      else throw new Error(`'${w}' is not a literal (expected numbers, strings, arrays, objects, true, false, null)`);
      i += w.length;
      continue;
    }
    if (c === ',' && /^,\s*[\]}]/.test(rest)) {
      i++;
      continue;
    }
    if ('[]{}:, \t'.includes(c)) {
      out += c;
      i++;
      continue;
    }
    throw new Error(`unexpected '${c}' at column ${i + 1}`);
  }
  return out;
}

/** Parses an expected value written as a JavaScript literal, without evaluating it. */
export function parseExpected(src: string): unknown {
  return JSON.parse(literalToJson(src.trim()));
}

function isSpecial(v: unknown): v is Special {
  return typeof v === 'object' && v !== null && SPECIAL in v;
}

const REL_TOL = 1e-12;

function sameNumber(got: number, want: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (Number.isInteger(want) || !Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= REL_TOL * Math.abs(want);
}

/** Why `got` differs from `want` (a parsed expected value), or `undefined` when they agree. */
export function difference(got: unknown, want: unknown, path = ''): string | undefined {
  const at = path === '' ? '' : ` at ${path}`;
  if (isSpecial(want)) {
    const kind = want[SPECIAL];
    if (kind === 'undefined') return got === undefined ? undefined : `expected undefined${at}`;
    if (typeof got !== 'number') return `expected a number${at}; got ${typeof got}`;
    if (kind === 'approx') {
      const digits = (want as { digits: string }).digits;
      const decimals = /\.(\d+)/.exec(digits)?.[1]?.length ?? 0;
      const ok = Math.abs(got - Number(digits)) < 10 ** -decimals;
      return ok ? undefined : `expected ${digits}…${at}; got ${got}`;
    }
    const n = kind === 'NaN' ? NaN : kind === 'Infinity' ? Infinity : -Infinity;
    return sameNumber(got, n) ? undefined : `expected ${kind}${at}; got ${got}`;
  }
  if (typeof want === 'number') {
    if (typeof got !== 'number') return `expected a number${at}; got ${inspect(got, { depth: 2 })}`;
    return sameNumber(got, want) ? undefined : `expected ${want}${at}; got ${got}`;
  }
  if (Array.isArray(want)) {
    const arr = ArrayBuffer.isView(got) && !(got instanceof DataView) ? Array.from(got as unknown as ArrayLike<unknown>) : got;
    if (!Array.isArray(arr)) return `expected an array${at}; got ${inspect(got, { depth: 2 })}`;
    if (arr.length !== want.length) return `expected ${want.length} elements${at}; got ${arr.length}: ${inspect(arr, { depth: 3 })}`;
    for (let i = 0; i < want.length; i++) {
      const d = difference(arr[i], want[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof want === 'object' && want !== null) {
    if (typeof got !== 'object' || got === null) return `expected an object${at}; got ${inspect(got, { depth: 2 })}`;
    const wantKeys = Object.keys(want).sort(), gotKeys = Object.keys(got).sort();
    if (wantKeys.join(',') !== gotKeys.join(',')) return `expected keys [${wantKeys.join(', ')}]${at}; got [${gotKeys.join(', ')}]`;
    for (const k of wantKeys) {
      const d = difference((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `expected ${inspect(want)}${at}; got ${inspect(got, { depth: 2 })}`;
}

// ---------------------------------------------------------------------------------------
// Running.

/** `EXPR; // → VALUE` (the semicolon is optional). */
const CHECK_RE = /^(\s*)(.*?);?\s*\/\/\s*→\s*(.*)$/;
/** `const NAME = EXPR; // → VALUE`: the value of NAME is checked. */
const DECL_CHECK_RE = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/;

/** The example as the body of an async function of `(tg, __check)`. */
export function compile(example: Example): string {
  return example.lines
    .map(({ text, line }) => {
      const m = CHECK_RE.exec(text);
      if (!m) return text;
      const [, indent, expr, expected] = m;
      const decl = DECL_CHECK_RE.exec(expr!);
      const args = `${line}, ${JSON.stringify(expr)}, ${JSON.stringify(expected)}`;
      if (decl) return `${indent}${expr}; await __check(${args}, async () => (${decl[1]}));`;
      return `${indent}await __check(${args}, async () => (${expr}));`;
    })
    .join('\n');
}

/** Removes TypeScript-only syntax (no type checking). */
async function stripTypes(code: string): Promise<string> {
  const ts = (await import('typescript')).default;
  return ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText.replace(/^export \{\};?\s*$/m, '');
}

type Check = (line: number, expr: string, expected: string, thunk: () => Promise<unknown>) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

/**
 * Runs an example with `tg` (and any names in `scope`, e.g. a capturing `console`) in
 * scope. Resolves to the list of failed checks (empty when all pass); rejects when the
 * example does not compile or throws outside a check.
 */
export async function runExample(example: Example, tg: unknown, scope: Record<string, unknown> = {}): Promise<string[]> {
  const failures: string[] = [];
  const where = (line: number) => `${example.file}:${line}`;
  const check: Check = async (line, expr, expected, thunk) => {
    let want: unknown;
    try {
      want = parseExpected(expected);
    } catch (e) {
      failures.push(`${where(line)}: cannot read the expected value "${expected}": ${(e as Error).message}`);
      return;
    }
    let got: unknown;
    try {
      got = await thunk();
    } catch (e) {
      failures.push(`${where(line)}: ${expr}\n    threw ${(e as Error)?.name}: ${(e as Error)?.message}\n    expected ${expected}`);
      return;
    }
    const diff = difference(got, want);
    if (!diff) return;
    const nested = typeof want === 'object' && want !== null && !isSpecial(want);
    const detail = nested ? `\n    (${diff})` : '';
    failures.push(`${where(line)}: ${expr}\n    expected ${expected}\n    got      ${inspect(got, { depth: 4, breakLength: Infinity })}${detail}`);
  };
  const body = compile(example);
  const names = ['tg', '__check', ...Object.keys(scope)];
  let fn: (...args: unknown[]) => Promise<void>;
  try {
    fn = new AsyncFunction(...names, body);
  } catch (jsError) {
    // Not plain JavaScript: strip TypeScript syntax (type annotations, `as` casts) and retry.
    try {
      fn = new AsyncFunction(...names, await stripTypes(body));
    } catch {
      throw new Error(`${where(example.line)}: the example of ${example.name} does not compile: ${(jsError as Error).message} (note: a "// →" line must hold one complete expression)`);
    }
  }
  try {
    await fn(tg, check, ...Object.values(scope));
  } catch (e) {
    throw new Error(`${where(example.line)}: the example of ${example.name} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  return failures;
}

/** Number of `// →` checks in an example. */
export function countChecks(example: Example): number {
  return example.lines.filter((l) => CHECK_RE.test(l.text)).length;
}

/** Reads a repository file as text. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}
