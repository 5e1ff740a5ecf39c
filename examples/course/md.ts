/**
 * Small Markdown helpers for the course pages. Every equation on a page comes from a
 * `Derivation` (never typed by hand), every figure from `tg.toDot`.
 */
import * as tg from '../../src/index.js';

/** A figure of a lesson: its file name (without `.svg`) and its DOT source. */
export interface Figure {
  name: string;
  dot: string;
}

/** A generated lesson page. */
export interface Lesson {
  /** File name without `.md`, e.g. `01-neuron`. */
  slug: string;
  title: string;
  /** One line for the course index. */
  summary: string;
  /** The page body (the builder adds the header and the navigation). */
  body: string;
  figures: Figure[];
}

/** One equation as a display block, numbered as in its derivation (the value last). */
export function equation(e: tg.Equation, options: { value?: boolean; stages?: readonly string[] } = {}): string {
  const stages = options.stages ? e.stages.filter((s) => options.stages!.includes(s.label)) : e.stages;
  const rhs = [...stages.map((s) => s.latex), ...(e.value && options.value !== false ? [e.value.latex] : [])];
  const body =
    rhs.length === 1
      ? `${e.lhs.latex} = ${rhs[0]} \\tag{${e.number}}`
      : `\\begin{aligned}\n${rhs.map((r, i) => (i === 0 ? `${e.lhs.latex} &= ${r}` : `&= ${r}`)).join(' \\\\\n')}\n\\end{aligned} \\tag{${e.number}}`;
  return `$$\n${body}\n$$${e.note ? `\n\n_${e.note.text}_` : ''}`;
}

/** Several equations, one block each. */
export function equations(list: readonly tg.Equation[], options: { value?: boolean } = {}): string {
  return list.map((e) => equation(e, options)).join('\n\n');
}

/** The equation whose left-hand side reads `lhs` in text form (e.g. `z̄`, `∂f/∂w₀`). */
export function find(d: tg.Derivation, lhs: string): tg.Equation {
  const e = d.equations.find((q) => q.lhs.text === lhs);
  if (!e) throw new Error(`course: no equation for ${lhs}; have ${d.equations.map((q) => q.lhs.text).join(', ')}`);
  return e;
}

/** A fenced block. */
export function code(lang: string, text: string): string {
  return `\`\`\`${lang}\n${text.replace(/\s+$/, '')}\n\`\`\``;
}

/** A Markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** An image of a figure, with its caption. */
export function image(f: Figure, alt: string, caption?: string): string {
  return `![${alt}](figures/${f.name}.svg)${caption ? `\n\n_${caption}_` : ''}`;
}

/** A number as the derivations print it: 6 significant digits, a real minus sign. */
export function num(v: number, digits = 6): string {
  if (Object.is(v, -0) || v === 0) return '0';
  const s = Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** A vector or matrix of numbers, as text. */
export function numbers(v: number | tg.Tensor, digits = 4): string {
  if (typeof v === 'number') return num(v, digits);
  const show = (x: unknown): string => (Array.isArray(x) ? `[${x.map(show).join(', ')}]` : num(x as number, digits));
  return show(v.toArray());
}

/** The largest absolute difference between two values of the same shape. */
export function maxDiff(a: number | tg.Tensor, b: number | tg.Tensor): number {
  const da = typeof a === 'number' ? [a] : Array.from(a.data);
  const db = typeof b === 'number' ? [b] : Array.from(b.data);
  if (da.length !== db.length) throw new Error(`course: sizes differ (${da.length} and ${db.length})`);
  return da.reduce((m, x, i) => Math.max(m, Math.abs(x - db[i]!)), 0);
}

/** Runs the `tracegrad` command in-process and returns what it printed and its exit status. */
export async function cli(argv: readonly string[]): Promise<{ status: number; out: string; err: string }> {
  const { run } = await import('../../src/cli/main.js');
  let out = '', err = '';
  const status = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { status, out, err };
}

/** A shell command line with its arguments quoted as a reader would type them. */
export function shell(argv: readonly string[]): string {
  return ['tracegrad', ...argv.map((a) => (/^[\w./=,:+-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`))].join(' ');
}

/** Fails the build when a statement a page makes is no longer true of the engine. */
export function claim(condition: boolean, statement: string): asserts condition {
  if (!condition) throw new Error(`course: a lesson states something that is no longer true: ${statement}`);
}
