/**
 * The `tracegrad` command: `grad`, `hessian`, `check`, `explain` and `dot` on expressions in
 * mathjs syntax. Runs from compiled JavaScript (`bin/tracegrad.js` imports this file). Start-up
 * is kept short: only what `grad` needs is imported up front; the checker (with mathjs
 * `simplify`), the explainer and the Graphviz renderer are imported by the commands that use them.
 *
 * Exit status: 0 on success, 1 when `check` finds a hand formula that differs, 2 on any error
 * (one line on stderr, never a stack trace).
 * @module
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ArgumentError, ShapeError, TracegradError } from '../util/errors.js';
import { constant, type Node } from '../core/node.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { grad } from '../autodiff/grad.js';
import { toLatex, toText } from '../explain/print.js';
import { latexName, textName } from '../util/names.js';
import { viewValue } from '../explain/values.js';
import { stack } from '../ops/stack.js';
import { zeros, type NestedArray, type Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { parseExpression, type Parsed } from '../parse/parse.js';
import { functionNames } from '../parse/functions.js';
import { parseArgs, parseAt, parseWrt, type Args, type OptionSpec } from './args.js';

/** Where output goes (tests pass their own). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
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
const AT: OptionSpec = { name: 'at', repeat: true, meta: 'name=value', help: 'a variable\'s value: a number or a JSON array (nested for matrices); repeatable' };
const OUT: OptionSpec = { name: 'output', short: 'o', meta: 'FILE', help: 'write the output to FILE instead of standard output' };
const format = (choices: string[]): OptionSpec => ({ name: 'format', choices, meta: choices.join('|'), help: `output format (default ${choices[0]})` });

// ---------------------------------------------------------------------------------------
// Shared steps: the expression, its values, the variables to differentiate.

interface Loaded {
  expression: string;
  parsed: Parsed;
  y: Node;
  /** Variables of the expression by name, in order of appearance. */
  variables: Map<string, Node>;
  /** The variables to differentiate with respect to. */
  wrt: [string, Node][];
  /** `--at` values by name. */
  values: Record<string, Tensor>;
  /** True when every variable has a value. */
  valued: boolean;
}

function load(command: string, args: Args, requireScalar: boolean): Loaded {
  const [expression, ...extra] = args.positionals;
  if (expression === undefined) throw new ArgumentError(`${command}: give an expression, e.g. tracegrad ${command} "x^2" --wrt x (see tracegrad ${command} --help)`);
  if (extra.length) throw new ArgumentError(`${command}: unexpected argument ${JSON.stringify(extra[0])}; put the expression in quotes`);
  const values: Record<string, Tensor> = {};
  for (const item of args.options.get('at') ?? []) {
    const [name, t] = parseAt(item, command);
    if (name in values) throw new ArgumentError(`${command}: --at ${name} is given twice`);
    values[name] = t;
  }
  const parsed = parseExpression(expression, values);
  const variables = new Map([...parsed.symbols].filter(([, n]) => n.isVariable));
  const known = () => [...variables.keys()].join(', ') || 'none';
  for (const name of Object.keys(values)) {
    if (!variables.has(name)) throw new ArgumentError(`${command}: --at ${name}: the expression has no variable '${name}'; its variables: ${known()}`);
  }
  const names = parseWrt(args.options.get('wrt'), command) ?? [...variables.keys()];
  if (names.length === 0) throw new ArgumentError(`${command}: the expression has no variables to differentiate`);
  const wrt = names.map((name): [string, Node] => {
    const v = variables.get(name);
    if (!v) throw new ArgumentError(`${command}: --wrt ${name}: the expression has no variable '${name}'; its variables: ${known()}`);
    return [name, v];
  });
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
    throw new ArgumentError(`cannot write ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

const jsonValue = (t: Tensor): number | NestedArray | null => (t.rank === 0 ? (Number.isFinite(t.data[0]!) ? t.data[0]! : null) : t.toArray());

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

/** Writes `f` and derivative entries as text, LaTeX or JSON. */
function report(fmt: string, l: Loaded, entries: Entry[], key: 'gradient' | 'hessian'): string {
  const values = l.valued ? evaluateTensors([l.y, ...entries.map((e) => e.node)], new Map()) : undefined;
  if (fmt === 'json') {
    const out: Record<string, unknown> = { expression: l.expression };
    if (values) out.value = jsonValue(values[0]!);
    const table: Record<string, unknown> = {};
    entries.forEach((e, i) => {
      const item = { ...(values && { value: jsonValue(values[i + 1]!) }), latex: toLatex(e.node), text: toText(e.node) };
      if (key === 'gradient') table[e.lhs[0]!] = item;
      else ((table[e.lhs[0]!] ??= {}) as Record<string, unknown>)[e.lhs[1]!] = item;
    });
    out[key] = table;
    return JSON.stringify(out);
  }
  const f = fmt === 'latex' ? 'latex' : 'text';
  const show = (n: Node, v: Tensor | undefined) => `${f === 'latex' ? toLatex(n) : toText(n)}${v ? ` = ${viewValue(v)[f]}` : ''}`;
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
  usage: 'tracegrad grad <expression> [--wrt x,y] [--at name=value …] [--format text|latex|json] [-o FILE]',
  options: [WRT, AT, format(['text', 'latex', 'json']), OUT, HELP],
  details: [
    'The expression must be a scalar. Values appear when every variable has one.',
    'JSON: {"expression", "value", "gradient": {"x": {"value", "latex", "text"}, …}}.',
  ],
  examples: [
    'tracegrad grad "sin(x^2)" --wrt x --at x=1',
    'tracegrad grad "sigmoid(w*x + b)" --wrt w,b --at w=-3 --at x=2 --at b=1 --format json',
    'tracegrad grad "sum((A*x - b).^2)" --wrt x --at A=[[1,2],[3,4]] --at x=[1,1] --at b=[0,1]',
  ],
  run: async (args, io) => {
    const l = load('grad', args, true);
    const grads = grad(l.y, l.wrt.map(([, v]) => v));
    emit(args, io, report(args.options.get('format')?.[0] ?? 'text', l, l.wrt.map(([name], i) => ({ lhs: [name], node: grads[i]! })), 'gradient'));
    return 0;
  },
};

/** The block `∂²f/∂a∂b` for scalar or vector `a` and `b`: row `i` is the gradient of `(∂f/∂a)ᵢ`. */
function hessianBlock(y: Node, a: Node, b: Node): Node {
  const g = grad(y, a);
  if (a.rank === 0) return grad(g, b);
  const n = a.shape[0]!;
  return stack(Array.from({ length: n }, (_, i) => {
    const e = zeros([n]);
    e.data[i] = 1;
    return grad(g, b, constant(e));
  }), 0);
}

const hessianCommand: Command = {
  name: 'hessian',
  summary: 'second derivatives (the Hessian) of an expression',
  usage: 'tracegrad hessian <expression> [--wrt x,y] [--at name=value …] [--format text|latex|json] [-o FILE]',
  options: [WRT, AT, format(['text', 'latex', 'json']), OUT, HELP],
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
    const l = load('hessian', args, true);
    for (const [name, v] of l.wrt) {
      if (v.rank > 1) throw new ShapeError(`hessian: --wrt ${name}: a variable must be a scalar or a vector; '${name}' has shape ${formatShape(v.shape)}`);
    }
    const entries: Entry[] = [];
    for (const [a, va] of l.wrt) for (const [b, vb] of l.wrt) entries.push({ lhs: [a, b], node: hessianBlock(l.y, va, vb) });
    emit(args, io, report(args.options.get('format')?.[0] ?? 'text', l, entries, 'hessian'));
    return 0;
  },
};

/** `w=2*x` → ['w', '2*x']; a bare formula goes to the only --wrt variable. */
function splitGrad(item: string, wrt: readonly string[]): [string, string] {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$/s.exec(item);
  if (m) return [m[1]!, m[2]!];
  if (wrt.length === 1) return [wrt[0]!, item];
  throw new ArgumentError(`check: --grad takes name=formula (e.g. --grad "x=2*x"); got ${JSON.stringify(item)}`);
}

const checkCommand: Command = {
  name: 'check',
  summary: 'check hand-written derivatives against the engine (exit 1 when one differs)',
  usage: 'tracegrad check <expression> --grad "x=<formula>" [--grad …] [--wrt x,y] [--at name=value …] [--points N] [--seed N] [--format text|latex|json] [-o FILE]',
  options: [
    { name: 'grad', repeat: true, meta: 'x=formula', help: 'a hand-written derivative with respect to x (mathjs syntax); repeatable' },
    WRT, AT,
    { name: 'points', meta: 'N', help: 'random points to compare at (default 50)' },
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
    const wrtGiven = parseWrt(args.options.get('wrt'), 'check');
    const pairs = items.map((item) => splitGrad(item, wrtGiven ?? []));
    const l = load('check', { ...args, options: new Map(args.options).set('wrt', [...new Set([...(wrtGiven ?? []), ...pairs.map(([n]) => n)])]) }, true);
    for (const name of wrtGiven ?? []) {
      if (!pairs.some(([n]) => n === name)) throw new ArgumentError(`check: --wrt ${name} has no hand-written derivative; add --grad "${name}=<formula>"`);
    }
    const int = (name: string, dflt: number, min: number) => {
      const raw = args.options.get(name)?.[0];
      if (raw === undefined) return dflt;
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min) throw new ArgumentError(`check: --${name} must be an integer ≥ ${min}; got ${JSON.stringify(raw)}`);
      return v;
    };
    const points = int('points', 50, 1), seed = int('seed', 0, 0);
    const { checkFormula } = await import('../check/checkFormula.js');
    const fmt = args.options.get('format')?.[0] ?? 'text';
    const reports = pairs.map(([name, formula]) => {
      const x = l.variables.get(name)!;
      return { name, formula, r: checkFormula(formula, l.y, x, { values: l.values, points, seed }) };
    });
    const ok = reports.every(({ r }) => r.ok);
    if (fmt === 'json') {
      const checks: Record<string, unknown> = {};
      for (const { name, r } of reports) {
        const { message: _message, ...rest } = r;
        checks[name] = rest;
      }
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
  usage: 'tracegrad explain <expression> [--wrt x,y] [--at name=value …] [--format text|latex|md|html|json] [--notation matrix|index] [--adjoint bar|delta|partial] [-o FILE]',
  options: [
    WRT, AT, format(['text', 'latex', 'md', 'html', 'json']),
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
    const l = load('explain', args, true);
    const { explain } = await import('../explain/derivation.js');
    const notation = args.options.get('notation')?.[0] as 'matrix' | 'index' | undefined;
    const adjoint = args.options.get('adjoint')?.[0] as 'bar' | 'delta' | 'partial' | undefined;
    const d = explain(l.y, { wrt: l.wrt.map(([, v]) => v), loss: 'f', warn: false, ...(notation && { notation }), ...(adjoint && { adjoint }) });
    const fmt = args.options.get('format')?.[0] ?? 'text';
    const out = fmt === 'latex' ? d.toLatex() : fmt === 'md' ? d.toMarkdown() : fmt === 'html' ? await d.toHTML() : fmt === 'json' ? JSON.stringify(d.toJSON()) : d.toText();
    emit(args, io, out);
    return 0;
  },
};

const dotCommand: Command = {
  name: 'dot',
  summary: 'the computation graph as Graphviz DOT or SVG',
  usage: 'tracegrad dot <expression> [--view forward|backward|both] [--wrt x,y] [--at name=value …] [--format dot|svg|json] [-o FILE]',
  options: [
    { name: 'view', choices: ['forward', 'backward', 'both'], meta: 'forward|backward|both', help: 'the forward graph (default), the gradient graph, or both' },
    WRT, AT, format(['dot', 'svg', 'json']), OUT, HELP,
  ],
  details: ['DOT renders with Graphviz (dot -Tsvg); svg is rendered in-process. JSON: {"expression", "view", "dot"}.'],
  examples: [
    'tracegrad dot "sigmoid(w*x + b)" --at w=-3 --at x=2 --at b=1',
    'tracegrad dot "sigmoid(w*x + b)" --view both --format svg -o graph.svg',
  ],
  run: async (args, io) => {
    const l = load('dot', args, false);
    const view = (args.options.get('view')?.[0] ?? 'forward') as 'forward' | 'backward' | 'both';
    if (view !== 'forward' && l.y.rank !== 0) throw new ShapeError(`dot: the ${view} view needs a scalar expression; it has shape ${formatShape(l.y.shape)}`);
    const { toDot } = await import('../explain/dot.js');
    const dot = toDot(l.y, { view, loss: 'f', ...((view !== 'forward' || args.options.has('wrt')) && { wrt: l.wrt.map(([, v]) => v) }) });
    const fmt = args.options.get('format')?.[0] ?? 'dot';
    if (fmt === 'svg') {
      const { toSvg } = await import('../explain/render.js');
      emit(args, io, await toSvg(dot));
    } else emit(args, io, fmt === 'json' ? JSON.stringify({ expression: l.expression, view, dot }) : dot);
    return 0;
  },
};

const COMMANDS: readonly Command[] = [gradCommand, hessianCommand, checkCommand, explainCommand, dotCommand];

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
    'Values: --at x=3 --at A=[[1,2],[3,4]] (repeatable). Output: --format text|latex|json, -o FILE.',
    'Exit status: 0 success; 1 check found a derivative that differs; 2 error (one line on stderr).',
    '',
    'Examples:',
    '  tracegrad grad "sin(x^2)" --wrt x --at x=1',
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

const defaultIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

/** One line, whatever the error. */
function errorLine(e: unknown): string {
  const one = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  if (e instanceof TracegradError) return one(e.message);
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
      const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.out(`${topic ? commandHelp(topic) : generalHelp()}\n`);
      return 0;
    }
    if (first === '--version' || first === '-v') {
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
