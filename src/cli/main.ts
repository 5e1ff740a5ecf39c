/**
 * The `tracegrad` command: `grad`, `hessian`, `check`, `explain` and `dot` on expressions in
 * mathjs syntax. Runs from compiled JavaScript (`bin/tracegrad.js` imports this file). Start-up
 * is kept short: only what `grad` needs is imported up front; the checker (with mathjs
 * `simplify`), the explainer and the Graphviz renderer are imported by the commands that use them.
 *
 * Exit status: 0 on success, 1 when `check` finds a hand formula that differs, 2 on any error
 * (one line on stderr, never a stack trace).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ArgumentError, ShapeError, TracegradError } from '../util/errors.js';
import { variable, type Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { grad } from '../autodiff/grad.js';
import { hessian } from '../autodiff/hessian.js';
import { toLatex, toText } from '../explain/print.js';
import { latexName, textName } from '../util/names.js';
import { MAX_SEED } from '../util/options.js';
import { viewValue } from '../explain/values.js';
import type { NestedArray, Tensor } from '../tensor/tensor.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { parseExpression, type Parsed } from '../parse/parse.js';
import { functionNames } from '../parse/functions.js';
import { visible } from '../parse/columns.js';
import { parseArgs, parseAt, parseAtFile, parseWrt, shown, splitTopLevel, type Args, type OptionSpec } from './args.js';
import { decimalNumber } from '../util/decimal.js';

/** Where output goes, and where `-` reads from (tests pass their own). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Standard input, read to its end (for the expression `-`). */
  in?(): Promise<string>;
  /** Loads tracegrad's public entry, for an assignment module that is a function of it (`tracegrad grade`); the bin script gives it. */
  api?(): Promise<unknown>;
}

interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  details: string[];
  examples: string[];
  run(args: Args, io: Io): Promise<number>;
}

const HELP: OptionSpec = { name: 'help', short: 'h', flag: true, help: 'show this help' };
const WRT: OptionSpec = { name: 'wrt', repeat: true, meta: 'x,y', help: 'variables to differentiate with respect to, separated by commas (default: every variable)' };
const AT: OptionSpec = { name: 'at', repeat: true, meta: 'name=value', help: 'a variable\'s value: a number or a JSON array (nested for matrices), or @FILE as --at-file; repeatable' };
const AT_FILE: OptionSpec = { name: 'at-file', repeat: true, meta: 'FILE', help: 'variables\' values from a JSON file: {"x": 3, "A": [[1, 2], [3, 4]]}; repeatable' };
const FILE: OptionSpec = { name: 'file', meta: 'FILE', help: 'read the expression from FILE (or give the expression - to read it from standard input)' };
const OUT: OptionSpec = { name: 'output', short: 'o', meta: 'FILE', help: 'write the output to FILE instead of standard output' };
const SYNTAX: OptionSpec = { name: 'syntax', choices: ['mathjs', 'latex'], meta: 'mathjs|latex', help: 'the syntax of the expression and the formulas (default mathjs); latex reads LaTeX (\\frac, \\sigma, ^\\top, W^{(1)}, …)' };
const format = (choices: string[]): OptionSpec => ({ name: 'format', choices, meta: choices.join('|'), help: `output format (default ${choices[0]})` });

// ---------------------------------------------------------------------------------------
// Shared steps: the expression, its values, the variables to differentiate.

interface Loaded {
  expression: string;
  parsed: Parsed;
  y: Node;
  /** Variables of the expression by name, in order of appearance. */
  variables: Map<string, Node>;
  /** The variables to differentiate with respect to (one the expression does not contain has derivative 0). */
  wrt: [string, Node][];
  /** Values of variables by name (from --at and --at-file). */
  values: Map<string, Tensor>;
  /** True when every variable has a value. */
  valued: boolean;
}

/** A file's text, or an error that says which file and why. */
function readText(file: string, what: string, command: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ArgumentError(`${command}: cannot read ${what} ${shown(file)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
  }
}

/**
 * The expression: the argument, or the text of `--file`, or standard input for `-`. Text
 * read from a file or a pipe loses its trailing white space (the final new line); columns
 * in errors count from its first character.
 */
async function expressionText(command: string, args: Args, io: Io): Promise<string> {
  const [given, ...extra] = args.positionals;
  const file = args.options.get('file')?.[0];
  if (extra.length) {
    const dash = given?.startsWith('-') && !given.startsWith('--') && given !== '-' ? ` (is '${shown(given)}' meant as an option? see tracegrad ${command} --help)` : '';
    throw new ArgumentError(`${command}: unexpected argument ${shown(JSON.stringify(extra[0]))}; put the expression in quotes${dash}`);
  }
  if (file !== undefined) {
    if (given !== undefined) throw new ArgumentError(`${command}: give the expression once: as an argument or with --file, not both`);
    return readText(file, '--file', command).trimEnd();
  }
  if (given === undefined) {
    throw new ArgumentError(`${command}: give an expression, e.g. tracegrad ${command} "x^2" --wrt x, or - to read it from standard input, or --file FILE (see tracegrad ${command} --help)`);
  }
  if (given === '-') {
    if (!io.in) throw new ArgumentError(`${command}: standard input cannot be read here`);
    return (await io.in()).trimEnd();
  }
  return given;
}

/** The LaTeX reader, loaded only when `--syntax latex` asks for it (start-up stays short otherwise). */
async function latexReader(): Promise<typeof import('../parse/latex.js')> {
  return import('../parse/latex.js');
}

async function load(command: string, args: Args, io: Io, requireScalar: boolean): Promise<Loaded> {
  const expression = await expressionText(command, args, io);
  const latex = args.options.get('syntax')?.[0] === 'latex';
  const reader = latex ? await latexReader() : undefined;
  // Names are compared as the syntax reads them: in LaTeX, W^{ (1) } is W^{(1)}.
  const key = (name: string) => (reader ? reader.latexNameKey(name) : name);
  // A Map: names are the user's (a variable may be called toString or __proto__).
  const values = new Map<string, Tensor>();
  const put = ([name, t]: [string, Tensor]) => {
    const k = key(name);
    if (values.has(k)) throw new ArgumentError(`${command}: ${name} is given two values (--at and --at-file give each variable one)`);
    values.set(k, t);
  };
  for (const item of args.options.get('at') ?? []) {
    // --at @FILE is --at-file FILE.
    if (item.startsWith('@')) parseAtFile(readText(item.slice(1), '--at', command), item.slice(1), command, latex).forEach(put);
    else put(parseAt(item, command, latex));
  }
  for (const file of args.options.get('at-file') ?? []) parseAtFile(readText(file, '--at-file', command), file, command, latex).forEach(put);
  const parsed: Parsed = reader ? reader.parseLatexExpression(expression, values) : parseExpression(expression, Object.fromEntries(values));
  const variables = new Map([...parsed.symbols].filter(([, n]) => n.isVariable));
  const known = () => [...variables.keys()].join(', ') || 'none';
  const names = parseWrt(args.options.get('wrt'), command, latex)?.map(key) ?? [...variables.keys()];
  for (const name of values.keys()) {
    if (!variables.has(name) && !names.includes(name)) {
      throw new ArgumentError(`${command}: --at ${name}: the expression has no variable '${name}'; its variables: ${known()}`);
    }
  }
  if (names.length === 0) {
    throw new ArgumentError(`${command}: the expression has no variables to differentiate; name one with --wrt (the derivative of a constant is 0)`);
  }
  // A variable the expression does not contain: its derivative is 0 (as mathjs answers), of its value's shape.
  const wrt = names.map((name): [string, Node] => [name, variables.get(name) ?? (reader ? variable('v', values.get(name), { label: name }) : variable(name, values.get(name)))]);
  const y = parsed.node;
  if (requireScalar && y.rank !== 0) {
    throw new ShapeError(`${command}: the expression must be a scalar; it has shape ${formatShape(y.shape)} (reduce it with sum, mean or norm)`);
  }
  const valued = [...variables.values()].every((v) => v.leaf!.value !== undefined);
  return { expression, parsed, y, variables, wrt, values, valued };
}

function emit(args: Args, io: Io, content: string): void {
  const file = args.options.get('output')?.[0];
  const body = content.endsWith('\n') ? content : `${content}\n`;
  if (file === undefined) return io.out(body);
  try {
    writeFileSync(file, body);
  } catch (e) {
    throw new ArgumentError(`cannot write ${shown(file)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
  }
}

/** A number in JSON: NaN and ±∞ are the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). */
const jsonNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** A value in JSON: a number, or nested arrays for a tensor, non-finite elements as strings. */
function jsonValue(t: Tensor): number | string | NestedArray {
  if (t.rank === 0) return jsonNumber(t.data[0]!);
  const out = t.toArray() as (NestedArray | string)[];
  if (t.data.every(Number.isFinite)) return out as NestedArray;
  // The arrays are fresh: replace the non-finite elements in place, rows on a stack.
  const rows: (NestedArray | string)[][] = [out];
  while (rows.length) {
    const row = rows.pop()!;
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (Array.isArray(v)) rows.push(v);
      else if (typeof v === 'number' && !Number.isFinite(v)) row[i] = String(v);
    }
  }
  return out as unknown as NestedArray;
}

/** What is not finite in a value, in words (`NaN`, `Infinity at flat index 2`), or ''. */
function nonFinite(t: Tensor): string {
  const i = t.data.findIndex((v) => !Number.isFinite(v));
  if (i < 0) return '';
  return t.rank === 0 ? String(t.data[0]) : `${t.data[i]} at flat index ${i}`;
}

/** Most operations a printed expression may have: longer ones are summarised, not printed. */
const MAX_PRINTED = 20_000;

/**
 * The number of operations of a node's printed form when it is larger than
 * {@link MAX_PRINTED}, else 0. Printing writes a shared subexpression out wherever it is
 * used (named nodes below the root print as their names), so a graph of a thousand nodes
 * can print as 2^1000 operations (`x^x^…^x`): counted over the graph, saturating.
 */
function printedSize(root: Node): number {
  const size = new Map<Node, number>();
  for (const n of topoOrder([root])) {
    if (n.leaf || (n !== root && n.label !== undefined)) {
      size.set(n, 1);
      continue;
    }
    let s = 1;
    for (const c of n.inputs) s = Math.min(s + size.get(c)!, Number.MAX_SAFE_INTEGER);
    size.set(n, s);
  }
  const s = size.get(root)!;
  return s > MAX_PRINTED ? s : 0;
}

/** A node printed, or a note that says it is too large to print. */
function printed(n: Node, fmt: 'latex' | 'text'): { s: string; omitted?: string } {
  const size = printedSize(n);
  if (size) {
    const what = `an expression of ${size < 1e15 ? size.toLocaleString('en') : size.toExponential(2)} operations when written out, too large to print`;
    return { s: fmt === 'latex' ? `\\text{(${what})}` : `(${what})`, omitted: what };
  }
  return { s: fmt === 'latex' ? toLatex(n) : toText(n) };
}

/** `∂f/∂x`, `∂²f/∂x²`, `∂²f/∂x∂y` in text or LaTeX. */
function partial(fmt: 'text' | 'latex', xs: string[]): string {
  if (fmt === 'text') {
    if (xs.length === 1) return `∂f/∂${textName(xs[0]!)}`;
    return xs[0] === xs[1] ? `∂²f/∂${textName(xs[0]!)}²` : `∂²f/∂${textName(xs[0]!)}∂${textName(xs[1]!)}`;
  }
  if (xs.length === 1) return `\\frac{\\partial f}{\\partial ${latexName(xs[0]!)}}`;
  const den = xs[0] === xs[1] ? `\\partial ${latexName(xs[0]!)}^{2}` : `\\partial ${latexName(xs[0]!)} \\, \\partial ${latexName(xs[1]!)}`;
  return `\\frac{\\partial^{2} f}{${den}}`;
}

interface Entry {
  lhs: string[];
  node: Node;
}

/**
 * The values of `f` and of the entries when every variable has one (else undefined), with a
 * warning on stderr that names each one that is not finite (`f is -Infinity; ∂f/∂x is
 * Infinity`). Every command that computes values (grad, hessian, explain, dot) warns through it.
 */
function valuesWarned(l: Loaded, entries: Entry[], io: Io): Tensor[] | undefined {
  if (!l.valued) return undefined;
  const values = evaluateTensors([l.y, ...entries.map((e) => e.node)], new Map());
  const bad = values.flatMap((v, i) => {
    const what = nonFinite(v);
    return what ? [`${i === 0 ? 'f' : partial('text', entries[i - 1]!.lhs)} is ${what}`] : [];
  });
  if (bad.length) io.err(`tracegrad: warning: not finite: ${bad.join('; ')}\n`);
  return values;
}

/** The gradient entries of a scalar expression (`∂f/∂x` for each --wrt variable), for {@link valuesWarned}; none for a tensor expression. */
function gradientEntries(l: Loaded): Entry[] {
  if (l.y.rank !== 0 || !l.valued) return [];
  const grads = grad(l.y, l.wrt.map(([, v]) => v));
  return l.wrt.map(([name], i) => ({ lhs: [name], node: grads[i]! }));
}

/** JSON text with NaN and ±∞ as the strings "NaN", "Infinity", "-Infinity" wherever they are (JSON has no such numbers; JSON.stringify would write null). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? jsonNumber(v) : v));
}

/** Writes `f` and derivative entries as text, LaTeX or JSON; warns on stderr about values that are not finite. */
function report(fmt: string, l: Loaded, entries: Entry[], key: 'gradient' | 'hessian', io: Io): string {
  const values = valuesWarned(l, entries, io);
  if (fmt === 'json') {
    const item = (n: Node, v: Tensor | undefined) => {
      const latex = printed(n, 'latex'), text = printed(n, 'text');
      return {
        ...(v && { value: jsonValue(v) }),
        latex: latex.omitted ? null : latex.s,
        text: text.omitted ? null : text.s,
        ...(latex.omitted && { omitted: latex.omitted }),
      };
    };
    // Built with fromEntries: a variable named __proto__ is a key like any other.
    let table: Record<string, unknown>;
    if (key === 'gradient') table = Object.fromEntries(entries.map((e, i) => [e.lhs[0]!, item(e.node, values?.[i + 1])]));
    else {
      const rows = new Map<string, [string, unknown][]>();
      entries.forEach((e, i) => {
        const row = rows.get(e.lhs[0]!) ?? [];
        row.push([e.lhs[1]!, item(e.node, values?.[i + 1])]);
        rows.set(e.lhs[0]!, row);
      });
      table = Object.fromEntries([...rows].map(([a, row]) => [a, Object.fromEntries(row)]));
    }
    const f = printed(l.y, 'text');
    return jsonText({ expression: l.expression, ...(values && { value: jsonValue(values[0]!) }), ...(f.omitted && { omitted: f.omitted }), [key]: table });
  }
  const f = fmt === 'latex' ? 'latex' : 'text';
  const show = (n: Node, v: Tensor | undefined) => `${printed(n, f).s}${v ? ` = ${viewValue(v)[f]}` : ''}`;
  return [
    `f = ${show(l.y, values?.[0])}`,
    ...entries.map((e, i) => `${partial(f, e.lhs)} = ${show(e.node, values?.[i + 1])}`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------
// Commands.

const gradCommand: Command = {
  name: 'grad',
  summary: 'the gradient of an expression, symbolic and (with --at) numeric',
  usage: 'tracegrad grad <expression|-> [--wrt x,y] [--at name=value …] [--at-file FILE] [--file FILE] [--format text|latex|json] [-o FILE]',
  options: [WRT, AT, AT_FILE, FILE, format(['text', 'latex', 'json']), OUT, HELP],
  details: [
    'The expression must be a scalar. Values appear when every variable has one. The derivative',
    'with respect to a variable the expression does not contain is 0.',
    'JSON: {"expression", "value", "gradient": {"x": {"value", "latex", "text"}, …}}; an expression',
    'too large to print has "latex" and "text" null and says so in "omitted".',
  ],
  examples: [
    'tracegrad grad "sin(x^2)" --wrt x --at x=1',
    'tracegrad grad "sigmoid(w*x + b)" --wrt w,b --at w=-3 --at x=2 --at b=1 --format json',
    'tracegrad grad "sum((A*x - b).^2)" --wrt x --at A=[[1,2],[3,4]] --at x=[1,1] --at b=[0,1]',
    'tracegrad grad -x^2 --wrt x --at x=3',
    'echo "x^2" | tracegrad grad - --at x=3',
  ],
  run: async (args, io) => {
    const l = await load('grad', args, io, true);
    const grads = grad(l.y, l.wrt.map(([, v]) => v));
    emit(args, io, report(args.options.get('format')?.[0] ?? 'text', l, l.wrt.map(([name], i) => ({ lhs: [name], node: grads[i]! })), 'gradient', io));
    return 0;
  },
};

/** The most Hessian entries the command computes and prints (1,000 inputs). */
const MAX_HESSIAN_ENTRIES = 1_000_000;

const hessianCommand: Command = {
  name: 'hessian',
  summary: 'second derivatives (the Hessian) of an expression',
  usage: 'tracegrad hessian <expression|-> [--wrt x,y] [--at name=value …] [--at-file FILE] [--file FILE] [--format text|latex|json] [-o FILE]',
  options: [WRT, AT, AT_FILE, FILE, format(['text', 'latex', 'json']), OUT, HELP],
  details: [
    'Variables are scalars or vectors; for several, every block ∂²f/∂x∂y is given.',
    'JSON: {"expression", "value", "hessian": {"x": {"x": {"value", "latex", "text"}, …}, …}}.',
  ],
  examples: [
    'tracegrad hessian "x^3" --wrt x --at x=2',
    'tracegrad hessian "x^2*y" --wrt x,y --at x=1 --at y=3',
    'tracegrad hessian "sum(x.^3)" --wrt x --at x=[1,2] --format json',
  ],
  run: async (args, io) => {
    const l = await load('hessian', args, io, true);
    for (const [name, v] of l.wrt) {
      if (v.rank > 1) throw new ShapeError(`hessian: --wrt ${name}: a variable must be a scalar or a vector; '${name}' has shape ${formatShape(v.shape)}`);
    }
    // Every entry is printed: bound them before the work (a 12,000-element x took 17 s and
    // 3.4 GB before failing to print 1.44·10⁸ numbers).
    let size = 0;
    for (const [, v] of l.wrt) size += sizeOf(v.shape);
    if (size * size > MAX_HESSIAN_ENTRIES) {
      throw new ArgumentError(`hessian: the Hessian with respect to ${l.wrt.map(([n, v]) => `${n} (${sizeOf(v.shape).toLocaleString('en')})`).join(', ')} has ${(size * size).toLocaleString('en')} entries; the command prints at most ${MAX_HESSIAN_ENTRIES.toLocaleString('en')} (${Math.sqrt(MAX_HESSIAN_ENTRIES)} inputs); for larger ones use tg.hessian in a program`);
    }
    const entries: Entry[] = [];
    for (const [a, va] of l.wrt) for (const [b, vb] of l.wrt) entries.push({ lhs: [a, b], node: hessian(l.y, va, vb) });
    emit(args, io, report(args.options.get('format')?.[0] ?? 'text', l, entries, 'hessian', io));
    return 0;
  },
};

/** `w=2*x` → ['w', '2*x']; a bare formula goes to the only --wrt variable. With `latex`, the name is LaTeX (`W^{(1)}=…`). */
function splitGrad(item: string, wrt: readonly string[], isLatexName?: (text: string) => boolean): [string, string] {
  if (isLatexName) {
    const [name, ...rest] = splitTopLevel(item, '=');
    if (rest.length > 0 && isLatexName(name!.trim())) return [name!.trim(), rest.join('=')];
    if (wrt.length === 1) return [wrt[0]!, item];
    throw new ArgumentError(`check: --grad takes name=formula (e.g. --grad "W^{(1)}=\\delta x^\\top"); got ${shown(JSON.stringify(item))}`);
  }
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$/s.exec(item);
  if (m) return [m[1]!, m[2]!];
  if (wrt.length === 1) return [wrt[0]!, item];
  throw new ArgumentError(`check: --grad takes name=formula (e.g. --grad "x=2*x"); got ${JSON.stringify(item)}`);
}

const checkCommand: Command = {
  name: 'check',
  summary: 'check hand-written derivatives against the engine (exit 1 when one differs)',
  usage: 'tracegrad check <expression|-> --grad "x=<formula>" [--grad …] [--wrt x,y] [--at name=value …] [--at-file FILE] [--file FILE] [--points N] [--seed N] [--format text|latex|json] [-o FILE]',
  options: [
    { name: 'grad', repeat: true, meta: 'x=formula', help: 'a hand-written derivative with respect to x (in the --syntax); repeatable' },
    WRT, AT, AT_FILE, FILE, SYNTAX,
    { name: 'points', meta: 'N', help: 'random points to compare at, 1 to 100,000 (default 50)' },
    { name: 'seed', meta: 'N', help: 'seed of the random points (default 0)' },
    format(['text', 'latex', 'json']), OUT, HELP,
  ],
  details: [
    'Each formula is compared with the engine\'s derivative: symbolically when possible, and at',
    'random points (the --at values first). Formulas may use the expression\'s variables. Give',
    '--at values for tensor variables (their shapes). Exit status 0: all match; 1: one differs.',
  ],
  examples: [
    'tracegrad check "sin(x^2)" --wrt x --grad "x=2*x*cos(x^2)"',
    'tracegrad check "x^3" --grad "x=x^2"',
    'tracegrad check "sum((A*x - b).^2)" --grad "x=2*A\'*(A*x - b)" --at A=[[1,2],[3,4]] --at x=[1,1] --at b=[0,1]',
  ],
  run: async (args, io) => {
    const items = args.options.get('grad');
    if (!items) throw new ArgumentError('check: give a hand-written derivative with --grad "x=<formula>" (see tracegrad check --help)');
    const syntax = (args.options.get('syntax')?.[0] ?? 'mathjs') as 'mathjs' | 'latex';
    const latex = syntax === 'latex';
    const reader = latex ? await latexReader() : undefined;
    const key = reader ? reader.latexNameKey : (name: string) => name;
    const wrtGiven = parseWrt(args.options.get('wrt'), 'check', latex)?.map(key);
    const pairs = items.map((item) => splitGrad(item, wrtGiven ?? [], reader?.isLatexName)).map(([n, f]): [string, string] => [key(n), f]);
    const named = new Set<string>();
    for (const [n] of pairs) {
      if (named.has(n)) throw new ArgumentError(`check: --grad gives the derivative with respect to ${n} twice; give one formula per variable`);
      named.add(n);
    }
    // --wrt joins names with commas: with LaTeX names, each name goes in its own --wrt.
    const l = await load('check', { ...args, options: new Map(args.options).set('wrt', [...new Set([...(wrtGiven ?? []), ...pairs.map(([n]) => n)])]) }, io, true);
    for (const name of wrtGiven ?? []) {
      if (!pairs.some(([n]) => n === name)) throw new ArgumentError(`check: --wrt ${name} has no hand-written derivative; add --grad "${name}=<formula>"`);
    }
    const { checkFormula, MAX_POINTS } = await import('../check/checkFormula.js');
    const int = (name: string, dflt: number, min: number, max: number) => {
      const raw = args.options.get(name)?.[0];
      if (raw === undefined) return dflt;
      const v = decimalNumber(raw) ?? NaN;
      if (!Number.isInteger(v) || v < min || v > max) {
        throw new ArgumentError(`check: --${name} must be an integer from ${min} to ${max.toLocaleString('en')}; got ${shown(JSON.stringify(raw))}`);
      }
      return v;
    };
    const points = int('points', 50, 1, MAX_POINTS), seed = int('seed', 0, 0, MAX_SEED);
    const fmt = args.options.get('format')?.[0] ?? 'text';
    const reports = pairs.map(([name, formula]) => {
      const x = l.wrt.find(([n]) => n === name)![1];
      return { name, formula, r: checkFormula(formula, l.y, x, { values: Object.fromEntries(l.values), points, seed, syntax, name: `\\frac{\\partial f}{\\partial ${latexName(name)}}` }) };
    });
    const ok = reports.every(({ r }) => r.ok);
    if (fmt === 'json') {
      const checks = Object.fromEntries(reports.map(({ name, r }) => {
        const { message: _message, ...rest } = r;
        return [name, rest];
      }));
      emit(args, io, JSON.stringify({ expression: l.expression, ok, checks }));
    } else {
      const f = fmt === 'latex' ? 'latex' : 'text';
      const lines: string[] = [];
      for (const { name, r } of reports) {
        const [head] = r.message.split('\n');
        lines.push(`${partial(f, [name])}: ${head}`, `  hand:   ${r.hand[f]}`, `  engine: ${r.engine[f]}`);
        const c = r.counterexample;
        if (c) {
          const v = (x: number | NestedArray) => JSON.stringify(x, (_k, n) => (typeof n === 'number' ? Number(n.toPrecision(6)) : n));
          const at = Object.entries(c.point).map(([k, x]) => `${k} = ${v(x)}`).join(', ');
          lines.push(`  at ${at || 'any point'}: hand ${v(c.hand)}, engine ${v(c.engine)}${typeof c.hand === 'number' ? '' : ` (worst at flat index ${c.index})`}`);
        }
        const d = r.difference;
        if (d) lines.push(`  first difference: hand ${d.hand[f]} vs engine ${d.engine[f]}${d.note ? `: ${d.note}` : ''}`);
        if (r.hint) lines.push(`  hint: ${r.hint.text}`);
      }
      if (reports.length > 1) {
        const bad = reports.filter(({ r }) => !r.ok).length;
        lines.push(bad === 0 ? `all ${reports.length} hand-written derivatives match` : `${bad} of ${reports.length} hand-written derivatives do not match`);
      }
      emit(args, io, lines.join('\n'));
    }
    return ok ? 0 : 1;
  },
};

const explainCommand: Command = {
  name: 'explain',
  summary: 'the full derivation: forward, adjoint (backward) and gradient equations',
  usage: 'tracegrad explain <expression|-> [--wrt x,y] [--at name=value …] [--at-file FILE] [--file FILE] [--format text|latex|md|html|json] [--notation matrix|index] [--adjoint bar|delta|partial] [-o FILE]',
  options: [
    WRT, AT, AT_FILE, FILE, format(['text', 'latex', 'md', 'html', 'json']),
    { name: 'notation', choices: ['matrix', 'index'], meta: 'matrix|index', help: 'matrix (default) or index notation' },
    { name: 'adjoint', choices: ['bar', 'delta', 'partial'], meta: 'bar|delta|partial', help: 'how adjoints are written (default bar)' },
    OUT, HELP,
  ],
  details: ['Numbers appear beside the symbols when every variable has a value. html is one offline page with the graph.'],
  examples: [
    'tracegrad explain "sigmoid(w*x + b)" --wrt w,b --at w=-3 --at x=2 --at b=1',
    'tracegrad explain "sum((A*x - b).^2)" --wrt x --at A=[[1,2],[3,4]] --at x=[1,-1] --at b=[0.5,2] --format latex',
    'tracegrad explain "tanh(w*x)" --format html -o derivation.html',
  ],
  run: async (args, io) => {
    const l = await load('explain', args, io, true);
    const { explain } = await import('../explain/derivation.js');
    const notation = args.options.get('notation')?.[0] as 'matrix' | 'index' | undefined;
    const adjoint = args.options.get('adjoint')?.[0] as 'bar' | 'delta' | 'partial' | undefined;
    const d = explain(l.y, { wrt: l.wrt.map(([, v]) => v), loss: 'f', warn: false, ...(notation && { notation }), ...(adjoint && { adjoint }) });
    valuesWarned(l, gradientEntries(l), io);
    const fmt = args.options.get('format')?.[0] ?? 'text';
    const out = fmt === 'latex' ? d.toLatex() : fmt === 'md' ? d.toMarkdown() : fmt === 'html' ? await d.toHTML() : fmt === 'json' ? jsonText(d.toJSON()) : d.toText();
    emit(args, io, out);
    return 0;
  },
};

const dotCommand: Command = {
  name: 'dot',
  summary: 'the computation graph as Graphviz DOT or SVG',
  usage: 'tracegrad dot <expression|-> [--view forward|backward|both] [--wrt x,y] [--at name=value …] [--at-file FILE] [--file FILE] [--format dot|svg|json] [-o FILE]',
  options: [
    { name: 'view', choices: ['forward', 'backward', 'both'], meta: 'forward|backward|both', help: 'the forward graph (default), the gradient graph, or both' },
    WRT, AT, AT_FILE, FILE, format(['dot', 'svg', 'json']), OUT, HELP,
  ],
  details: ['DOT renders with Graphviz (dot -Tsvg); svg is rendered in-process. JSON: {"expression", "view", "dot"}.'],
  examples: [
    'tracegrad dot "sigmoid(w*x + b)" --at w=-3 --at x=2 --at b=1',
    'tracegrad dot "sigmoid(w*x + b)" --view both --format svg -o graph.svg',
  ],
  run: async (args, io) => {
    const l = await load('dot', args, io, false);
    const view = (args.options.get('view')?.[0] ?? 'forward') as 'forward' | 'backward' | 'both';
    if (view !== 'forward' && l.y.rank !== 0) throw new ShapeError(`dot: the ${view} view needs a scalar expression; it has shape ${formatShape(l.y.shape)}`);
    const { toDot } = await import('../explain/dot.js');
    const dot = toDot(l.y, { view, loss: 'f', ...((view !== 'forward' || args.options.has('wrt')) && { wrt: l.wrt.map(([, v]) => v) }) });
    valuesWarned(l, gradientEntries(l), io);
    const fmt = args.options.get('format')?.[0] ?? 'dot';
    if (fmt === 'svg') {
      const { toSvg } = await import('../explain/render.js');
      emit(args, io, await toSvg(dot));
    } else emit(args, io, fmt === 'json' ? JSON.stringify({ expression: l.expression, view, dot }) : dot);
    return 0;
  },
};

const gradeCommand: Command = {
  name: 'grade',
  summary: 'grade a class: every student\'s answers to an assignment, a report each and an HTML summary',
  usage: 'tracegrad grade <assignment.json|.js|.ts> --answers FILE.csv [--out DIR] [--points N] [--seed N] [--format text|json]',
  options: [
    { name: 'answers', meta: 'FILE', help: 'the answers: CSV with a student column and one column per quantity id' },
    { name: 'out', meta: 'DIR', help: 'where the reports go (default grade-report): students/<id>.json, summary.json, index.html' },
    { name: 'points', meta: 'N', help: 'random points each answer is compared at, 1 to 100,000 (default: the assignment\'s, else 20)' },
    { name: 'seed', meta: 'N', help: 'seed of the points (default: the assignment\'s, else 0)' },
    format(['text', 'json']), HELP,
  ],
  details: [
    'The assignment: JSON { "values", "define": [["z^{(1)}", "W^{(1)} x"], …], "loss", "quantities": [{ "id", "wrt", "name" }] }',
    'in LaTeX, or a module whose default export is (tg) => ({ loss, quantities: [{ id, wrt, name }] }). Answers are',
    'LaTeX (or mathjs with "syntax": "mathjs"); an answer may use the other quantities\' names (\\delta^{(2)}).',
    'Standard output: a line per student and the common mistakes (or JSON: the summary). Exit status 0 when grading ran.',
  ],
  examples: [
    'tracegrad grade assignment.json --answers answers.csv --out report',
    'tracegrad grade assignment.ts --answers answers.csv --format json',
  ],
  run: async (args, io) => {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new ArgumentError('grade: give the assignment file, e.g. tracegrad grade assignment.json --answers answers.csv');
    if (extra.length) throw new ArgumentError(`grade: unexpected argument ${shown(JSON.stringify(extra[0]))}; give one assignment file`);
    const answersFile = args.options.get('answers')?.[0];
    if (answersFile === undefined) throw new ArgumentError('grade: give the answers with --answers FILE.csv (a student column and one column per quantity)');
    const { loadAssignment, readAnswers, writeReports } = await import('./grade.js');
    const { answersFromCsv, grade } = await import('../check/grade.js');
    const { MAX_POINTS } = await import('../check/checkFormula.js');
    const int = (name: string, min: number, max: number) => {
      const raw = args.options.get(name)?.[0];
      if (raw === undefined) return undefined;
      const v = decimalNumber(raw) ?? NaN;
      if (!Number.isInteger(v) || v < min || v > max) throw new ArgumentError(`grade: --${name} must be an integer from ${min} to ${max.toLocaleString('en')}; got ${shown(JSON.stringify(raw))}`);
      return v;
    };
    const points = int('points', 1, MAX_POINTS), seed = int('seed', 0, MAX_SEED);
    const assignment = await loadAssignment(file, io.api);
    const answers = answersFromCsv(readAnswers(answersFile), assignment);
    const result = grade(assignment, answers, { ...(points !== undefined && { points }), ...(seed !== undefined && { seed }) });
    const dir = args.options.get('out')?.[0] ?? 'grade-report';
    await writeReports(result, dir);
    if ((args.options.get('format')?.[0] ?? 'text') === 'json') {
      const { summaryJson } = await import('../check/grade.js');
      io.out(`${JSON.stringify(summaryJson(result))}\n`);
      return 0;
    }
    // What the files gave (ids, the title, names) is shown with control and bidi characters as escapes, as error lines show them.
    const lines = [`${visible(result.title)}: ${result.students.length} students, reports in ${visible(dir)}/ (index.html, summary.json, students/)`];
    for (const s of result.students) {
      const marks = result.quantities.map((q) => {
        const r = s.answers.get(q.id)!;
        return `${q.id} ${r.verdict === 'right' ? '✓' : r.verdict === 'wrong' ? `✗${r.hint ? ` (${r.hint.kind})` : ''}` : r.verdict}`;
      });
      lines.push(`${visible(s.student)}: ${s.score}/${s.total}  ${marks.join(', ')}`);
    }
    for (const q of result.quantities) {
      if (q.mistakes.length) lines.push(`${visible(q.name.text)} (${q.id}): ${q.right} right; ${q.mistakes.map((m) => `${m.kind} ${m.count}`).join(', ')}${q.invalid ? `; invalid ${q.invalid}` : ''}${q.missing ? `; missing ${q.missing}` : ''}`);
    }
    io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};

const COMMANDS: readonly Command[] = [gradCommand, hessianCommand, checkCommand, explainCommand, dotCommand, gradeCommand];

// ---------------------------------------------------------------------------------------
// Help, version and the top level.

function wrap(words: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const w of words.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((s) => indent + s).join('\n');
}

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

function generalHelp(): string {
  return [
    'tracegrad: symbolic reverse-mode autodiff on expressions in mathjs syntax',
    '',
    'Usage: tracegrad <command> <expression> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`),
    '',
    'Expressions: numbers, names (variables; pi and e are constants), + - * / ^, unary minus,',
    ".* ./ .^ (elementwise), ' (transpose), matrices [[1, 2], [3, 4]] or [1, 2; 3, 4]. * is the",
    'matrix product when both sides are non-scalars, elementwise otherwise. Dimensions count from 1.',
    'Functions:',
    wrap(functionNames().join(', '), 88, '  '),
    '',
    'Values: --at x=3 --at A=[[1,2],[3,4]] (repeatable), or --at-file FILE (or --at @FILE), a JSON',
    'object such as {"x": 3, "A": [[1, 2], [3, 4]]}. The expression: an argument, - (standard input) or',
    "--file FILE; an argument that starts with '-' is the expression unless it is an option (-h, -o),",
    'and after -- every argument is. Output: --format text|latex|json, -o FILE. JSON writes NaN and',
    'infinities as "NaN", "Infinity", "-Infinity"; a warning on stderr names each value not finite.',
    'Exit status: 0 success; 1 check found a derivative that differs; 2 error (one line on stderr).',
    '',
    'Examples:',
    '  tracegrad grad "sin(x^2)" --wrt x --at x=1',
    '  echo "x^2 + y" | tracegrad grad - --at-file values.json',
    '  tracegrad check "sin(x^2)" --wrt x --grad "x=2*x*cos(x^2)"',
    '  tracegrad explain "sigmoid(w*x + b)" --wrt w --at w=-3 --at x=2 --at b=1',
    '',
    "Run 'tracegrad <command> --help' for a command's options and examples.",
  ].join('\n');
}

function commandHelp(c: Command): string {
  const opt = (s: OptionSpec) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.flag ? '' : ` ${s.meta ?? 'VALUE'}`}`;
  const width = Math.max(...c.options.map((s) => opt(s).length)) + 2;
  return [
    `tracegrad ${c.name}: ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    ...c.options.map((s) => `  ${opt(s).padEnd(width)}${s.help}`),
    '',
    ...c.details,
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}

export const defaultIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  in: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Longest error line: what a message echoes is bounded already; this bounds the rest. */
const MAX_LINE = 2000;

/** One line, whatever the error, with control and bidi characters shown as escapes. */
function errorLine(e: unknown): string {
  const one = (s: string) => {
    const line = visible(s.replace(/\s*\n\s*/g, ' ').trim());
    if (line.length <= MAX_LINE) return line;
    const cut = (line.charCodeAt(MAX_LINE - 1) & 0xfc00) === 0xd800 ? MAX_LINE - 1 : MAX_LINE;
    return `${line.slice(0, cut)}…`;
  };
  if (e instanceof TracegradError) return one(e.message);
  // NOTE: a stack overflow or an allocation failure is a RangeError from the engine, not a user mistake.
  if (e instanceof Error) return `internal error: ${one(e.message)} (this is a bug in tracegrad; please report it)`;
  return `internal error: ${one(String(e))} (this is a bug in tracegrad; please report it)`;
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit status.
 * Never throws: errors are printed as one line on `io.err`.
 */
export async function run(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      // `help grad` and `--help grad` show the command's help; `help frob` printed the general
      // help and exited 0, as if frob were a topic.
      const topic = rest.length > 0 ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      if (rest.length > 0 && !topic) throw new ArgumentError(`${first}: unknown command ${JSON.stringify(rest[0])}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
      if (rest.length > 1) throw new ArgumentError(`${first}: unexpected argument ${JSON.stringify(rest[1])}`);
      io.out(`${topic ? commandHelp(topic) : generalHelp()}\n`);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      if (rest.length > 0) throw new ArgumentError(`${first}: unexpected argument ${JSON.stringify(rest[0])}`);
      io.out(`${version()}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) {
      throw new ArgumentError(`unknown command ${JSON.stringify(first)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see tracegrad --help)`);
    }
    const args = parseArgs(rest, command.options, command.name);
    if (args.flags.has('help')) {
      io.out(`${commandHelp(command)}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    io.err(`tracegrad: ${errorLine(e)}\n`);
    return 2;
  }
}
