import { ArgumentError, TracegradError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Tensor } from '../tensor/tensor.js';
import { Prec, type Attrs, type PrintContext, type Printed } from '../core/opdef.js';
import { inputAt, inputCount, installNodeHooks, mapInputs, Node } from '../core/node.js';
import { NodeIndex } from '../core/topo.js';
import { nameOf, type Name } from '../util/label.js';
import { namePrec, NameTable, renamingMessages, warnOnce } from './naming.js';
import { DISPLAY_BUDGET, DisplayContext, displayForm } from './simplify.js';
import { describeValue } from '../util/describe.js';
import { expOp } from '../ops/exp.js';
import { checkPrinted } from '../core/checks.js';

/**
 * Options of the expression printers {@link toLatex} and {@link toText}.
 */
export interface PrintOptions {
  /**
   * Expand named intermediate nodes into their definitions, down to the leaves. Default
   * false: a named node prints as its name, so `a = σ(z)` keeps derivatives readable.
   */
  inline?: boolean;
  /**
   * Names to use for particular nodes (e.g. adjoints), overriding their labels. Each is read
   * as a label is (see {@link Node.as}): plain text unless it is a name in the safe LaTeX
   * subset.
   */
  names?: ReadonlyMap<Node, string>;
  /** Significant digits of numbers (default 6). */
  digits?: number;
  /**
   * Print the simplest equivalent form (default true): the display simplifier cancels,
   * collects, factors and recognises textbook forms (`σ(x)(1 − σ(x))`, `(A + Aᵀ)x`,
   * `2Aᵀ(Ax − b)`); the graph is not changed. False prints the graph as it was built.
   */
  simplify?: boolean;
  /**
   * Longest string printed, in characters (default 100,000,000: a chain of a million ops prints). A graph that reuses a node
   * prints it at every use, so the expression of a deep gradient can grow with the square of
   * its depth (the gradient of sin applied 4,000 times is 136 MB of LaTeX); past this, the
   * printer stops with a {@link TracegradError} that says so. {@link explain} prints such
   * a gradient in named stages. `Infinity` for no limit.
   */
  maxChars?: number;
}

/** Default {@link PrintOptions.maxChars}. */
const MAX_PRINTED = 100_000_000;

type Format = 'latex' | 'text';

/** How {@link printExpr} prints: the public options resolved, and what the explainers add. @internal */
export interface PrintSettings {
  digits: number;
  inline?: boolean;
  /** Names of particular nodes, overriding labels (also for the root when it is a leaf). */
  names?: (n: Node) => Name | undefined;
  /** Hands out names so that different nodes never print alike (shared by several calls to keep them consistent). */
  table?: NameTable;
  /** Use the `names` as given (the caller keeps them distinct); otherwise they go through the table like labels. */
  trustNames?: boolean;
  /** Stop, returning undefined, as soon as a sub-expression is longer than this many characters. */
  maxChars?: number;
  /** A name prints as `e` in this LaTeX: Euler's number is written `\exp` (set by {@link printExpr} itself when it finds one). */
  eIsName?: boolean;
}

function readOptions(where: string, o: PrintOptions): PrintSettings {
  checkOptions(where, o, ['inline', 'names', 'digits', 'simplify', 'maxChars']);
  if (o.maxChars !== undefined && !(typeof o.maxChars === 'number' && (o.maxChars === Infinity || (Number.isInteger(o.maxChars) && o.maxChars > 0)))) {
    throw new ArgumentError(`${where}: maxChars must be a positive integer or Infinity; got ${describeValue(o.maxChars)}`);
  }
  if (o.simplify !== undefined && typeof o.simplify !== 'boolean') throw new ArgumentError(`${where}: simplify must be true or false; got ${describeValue(o.simplify)}`);
  if (o.inline !== undefined && typeof o.inline !== 'boolean') throw new ArgumentError(`${where}: inline must be true or false; got ${describeValue(o.inline)}`);
  const digits = o.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`${where}: digits must be an integer from 1 to 17; got ${o.digits}`);
  if (o.names !== undefined && !(o.names instanceof Map)) throw new ArgumentError(`${where}: names must be a Map from nodes to labels; got ${typeof o.names}`);
  const given = o.names;
  const names = given ? (n: Node) => {
    const s = given.get(n);
    return s === undefined ? undefined : nameOf(s);
  } : undefined;
  return { digits, inline: o.inline ?? false, ...(names && { names }) };
}

/** Formats a number for printing. @internal */
export function formatNumber(v: number, format: Format, digits = 6): string {
  if (Number.isNaN(v)) return format === 'latex' ? '\\mathrm{NaN}' : 'NaN';
  if (!Number.isFinite(v)) return (v < 0 ? '-' : '') + (format === 'latex' ? '\\infty' : '∞');
  if (Object.is(v, -0) || v === 0) return '0';
  const s = String(Number(v.toPrecision(digits)));
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  if (m) {
    const exp = Number(m[2]);
    return format === 'latex' ? `${m[1]} \\times 10^{${exp}}` : `${m[1]!.replace('-', '−')}e${String(exp).replace('-', '−')}`;
  }
  return format === 'text' && s.startsWith('-') ? `−${s.slice(1)}` : s;
}

function constantPrinted(t: Tensor, format: Format, digits: number): Printed {
  const num = (v: number) => formatNumber(v, format, digits);
  if (t.shape.length === 0) {
    const v = t.data[0]!;
    const s = num(v);
    return v < 0 ? { s, prec: Prec.Unary, leadingMinus: true, startsWithDigit: false, unsigned: s.slice(1) } : { s, prec: s.includes('times') ? Prec.Product : Prec.Atom, startsWithDigit: /^[\d.]/.test(s) };
  }
  const first = t.data[0]!;
  const uniform = t.data.every((v) => v === first);
  if (uniform && (first === 0 || first === 1)) return { s: format === 'latex' ? `\\mathbf{${first}}` : `${first}`, prec: Prec.Atom };
  const n = t.shape[0]!;
  if (t.shape.length === 2 && t.shape[1] === n && t.data.every((v, i) => v === (i % (n + 1) === 0 ? 1 : 0))) {
    return { s: 'I', prec: Prec.Atom };
  }
  // A multiple of the identity prints as one, 2·I (the Hessian of ‖v‖²), not as its numbers.
  const c = t.data[0]!;
  if (t.shape.length === 2 && t.shape[1] === n && n > 1 && c !== 0 && Number.isFinite(c) && t.data.every((v, i) => v === (i % (n + 1) === 0 ? c : 0))) {
    const k = constantPrinted(new Tensor([], Float64Array.of(c)), format, digits);
    const times = format === 'latex' ? (k.s.includes('times') ? ' \\cdot ' : ' ') : '·';
    return { ...k, s: `${k.s}${times}I`, prec: k.leadingMinus ? Prec.Unary : Prec.Product, ...(k.unsigned !== undefined && { unsigned: `${k.unsigned}${times}I` }) };
  }
  // NOTE: a uniform tensor prints as its scalar: broadcasting is implicit in formulas, as in textbooks.
  if (uniform) return constantPrinted(new Tensor([], Float64Array.of(first)), format, digits);
  if (t.shape.length <= 2 && t.size <= 16) {
    const rows = t.shape.length === 1 ? Array.from(t.data, (v) => [v]) : Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * t.shape[1]!, (i + 1) * t.shape[1]!)));
    if (format === 'latex') return { s: `\\begin{bmatrix}${rows.map((r) => r.map(num).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`, prec: Prec.Atom };
    return { s: t.shape.length === 1 ? `[${rows.map((r) => num(r[0]!)).join(', ')}]` : `[${rows.map((r) => `[${r.map(num).join(', ')}]`).join(', ')}]`, prec: Prec.Atom };
  }
  return { s: format === 'latex' ? `C_{[${t.shape.join(' \\times ')}]}` : `C[${t.shape.join('×')}]`, prec: Prec.Atom };
}

/** A name printed as a term: an atom, a postfix-level term when it carries a superscript, … @internal */
export function namePrinted(name: Name, format: Format): Printed {
  return { s: format === 'latex' ? name.latex : name.text, prec: namePrec(name), ...(name.leadingMinus && { leadingMinus: true }) };
}

/** `\left(s\right)` or `(s)`. @internal */
export function parenFor(format: Format): (s: string) => string {
  return format === 'latex' ? latexParen : textParen;
}

/** A {@link PrintContext}: one object per printed node, its methods on the prototype. */
class Context implements PrintContext {
  readonly paren: (s: string) => string;
  constructor(readonly node: Node, readonly format: Format, private readonly kids: readonly Printed[], readonly indexed?: boolean, readonly eIsName?: boolean) {
    this.paren = format === 'latex' ? latexParen : textParen;
  }
  get attrs(): Attrs {
    return this.node.attrs;
  }
  printed(i: number): Printed {
    return this.kids[i]!;
  }
  raw(i: number): string {
    return this.kids[i]!.s;
  }
  arg(i: number, min: number = Prec.Atom, noLeadingMinus = false): string {
    const k = this.kids[i]!;
    return k.prec < min || (noLeadingMinus && k.leadingMinus) ? this.paren(k.s) : k.s;
  }
  startsWithDigit(i: number, min: number = Prec.Atom, noLeadingMinus = false): boolean {
    const k = this.kids[i]!;
    if (k.prec < min || (noLeadingMinus && k.leadingMinus)) return false;
    // Settled for every printed input (see settle); a form made by hand is read off its text.
    return k.startsWithDigit ?? DIGIT_FIRST.test(k.s);
  }
  unsigned(i: number): string {
    const k = this.kids[i]!;
    if (k.unsigned !== undefined) return k.unsigned;
    const minus = this.format === 'latex' ? '-' : '−';
    return k.s.startsWith(minus) ? k.s.slice(minus.length) : k.s;
  }
  startWith(i: number, min: number, rest: string, prec: number): Printed {
    const k = this.kids[i]!;
    if (k.prec < min) return { s: `${this.paren(k.s)}${rest}`, prec, startsWithDigit: false };
    const out: Printed = { s: `${k.s}${rest}`, prec, startsWithDigit: this.startsWithDigit(i, min) };
    if (k.leadingMinus) {
      out.leadingMinus = true;
      out.unsigned = `${this.unsigned(i)}${rest}`;
    }
    return out;
  }
}
const DIGIT_FIRST = /^[\d.]/;

/**
 * `p`, which node `n`'s printer made from `kids`, with `startsWithDigit` said. A printer that
 * does not say it has it read off its text when the text is short; when it is long (reading
 * the start of a long concatenated string copies all of it), the printer runs again on
 * one-character stand-ins of its inputs that start as they do, and its short output starts as
 * `p` does. Each printed node is settled once, so a chain of any depth prints in linear time.
 * @internal
 */
export function settle(p: Printed, n: Node, format: Format, kids: readonly Printed[], indexed = false): Printed {
  checkPrinted(n.op, format, p);
  if (p.startsWithDigit !== undefined) return p;
  if (p.s.length <= 256) {
    p.startsWithDigit = DIGIT_FIRST.test(p.s);
    return p;
  }
  const minus = format === 'latex' ? '-' : '−';
  const standIns = kids.map((k): Printed => ({ ...k, s: k.leadingMinus ? `${minus}a` : k.startsWithDigit ? '0' : 'a', unsigned: 'a' }));
  const ctx = printContext(n, format, standIns, indexed);
  const probe = format === 'latex' ? n.op.latex(ctx) : n.op.text(ctx);
  p.startsWithDigit = probe.s.length <= 256 ? DIGIT_FIRST.test(probe.s) : false;
  return p;
}

const latexParen = (s: string) => `\\left(${s}\\right)`;
const textParen = (s: string) => `(${s})`;

/**
 * The context an op's printer receives for node `n` whose inputs printed as `kids`; the one
 * place where parentheses are decided. @internal
 */
export function printContext(n: Node, format: Format, kids: readonly Printed[], indexed = false): PrintContext {
  return indexed ? new Context(n, format, kids, true) : new Context(n, format, kids);
}

/**
 * How node `n` prints when it prints as a name or a number (a leaf, a named node), or
 * undefined when it prints as its op applied to its inputs. @internal
 */
export function terminalName(n: Node, root: Node, settings: PrintSettings, table: NameTable): Name | undefined {
  const override = settings.names?.(n);
  if (override !== undefined && (n !== root || n.leaf !== undefined)) return settings.trustNames ? override : table.name(n, override);
  const leaf = n.leaf;
  if (leaf?.kind === 'variable') return table.name(n, nameOf(n.label ?? leaf.name!));
  if (n.label !== undefined && (leaf !== undefined || (n !== root && !settings.inline))) return table.name(n, nameOf(n.label));
  return undefined;
}

/**
 * Prints a graph as one expression. Iterative (an explicit stack, inputs left to right, each
 * node printed once), so a chain of a million ops prints; printed strings are joined, never
 * searched, so the time is linear in the number of nodes. With `maxChars`, gives up (returns
 * undefined) as soon as one sub-expression is longer. @internal
 */
export function printExpr(root: Node, format: Format, settings: PrintSettings = { digits: 6 }): Printed | undefined {
  const table = settings.table ?? new NameTable();
  const done = new NodeMemo<Printed>();
  const get = (c: Node) => done.get(c)!;
  const put = (n: Node, p: Printed) => done.set(n, p);
  const nodes: Node[] = [root];
  // 0: not yet looked at; 1: its inputs are on the stack above it.
  const state: number[] = [0];
  let sawE = false, sawExp = false;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const n = nodes[top]!;
    if (done.has(n)) {
      nodes.pop();
      state.pop();
      continue;
    }
    if (state[top] === 0) {
      const name = terminalName(n, root, settings, table);
      if (name !== undefined || n.leaf !== undefined) {
        if (name !== undefined && name.latex === 'e') sawE = true;
        put(n, name !== undefined ? namePrinted(name, format) : constantPrinted(n.leaf!.value!, format, settings.digits));
        nodes.pop();
        state.pop();
        continue;
      }
      state[top] = 1;
      for (let i = inputCount(n) - 1; i >= 0; i--) {
        const c = inputAt(n, i);
        if (!done.has(c)) {
          nodes.push(c);
          state.push(0);
        }
      }
      continue;
    }
    nodes.pop();
    state.pop();
    const kids = mapInputs(n, get);
    const ctx = new Context(n, format, kids, undefined, settings.eIsName);
    const p = settle(format === 'latex' ? n.op.latex(ctx) : n.op.text(ctx), n, format, kids);
    if (settings.maxChars !== undefined && p.s.length > settings.maxChars) return undefined;
    if (n.op === expOp) sawExp = true;
    put(n, p);
  }
  // A variable called e beside e^{x}: printed again with \exp, so that e means one thing.
  if (format === 'latex' && sawE && sawExp && !settings.eIsName) return printExpr(root, format, { ...settings, eIsName: true });
  return get(root);
}

/**
 * A table from nodes to values for one walk: a `Map` while small (most prints are), an
 * id-indexed table once large (a Map of a million nodes is several times slower). @internal
 */
export class NodeMemo<T> {
  private map: Map<Node, T> | undefined = new Map();
  private index: NodeIndex | undefined;
  private readonly values: T[] = [];

  has(n: Node): boolean {
    return this.map ? this.map.has(n) : this.index!.has(n);
  }

  get(n: Node): T | undefined {
    if (this.map) return this.map.get(n);
    const k = this.index!.get(n);
    return k < 0 ? undefined : this.values[k];
  }

  set(n: Node, v: T): void {
    if (this.map) {
      this.map.set(n, v);
      if (this.map.size > 10_000) {
        this.index = new NodeIndex();
        for (const [m, w] of this.map) {
          this.index.set(m, this.values.length);
          this.values.push(w);
        }
        this.map = undefined;
      }
      return;
    }
    const k = this.index!.get(n);
    if (k >= 0) this.values[k] = v;
    else {
      this.index!.set(n, this.values.length);
      this.values.push(v);
    }
  }
}

/** Prints for the public printers: names made distinct, and a warning when that renamed a node. */
function printPublic(node: Node, format: Format, options: PrintOptions, where: string): string {
  if (!(node instanceof Node)) throw new ArgumentError(`${where}: expected a Node; got ${node === null ? 'null' : typeof node}`);
  const table = new NameTable();
  const settings = readOptions(where, options);
  const shown = options.simplify === false ? node : displayOf(node, settings);
  const limit = options.maxChars ?? MAX_PRINTED;
  let printed: Printed | undefined;
  try {
    printed = printExpr(shown, format, { ...settings, table, ...(limit !== Infinity && { maxChars: limit }) });
  } catch (e) {
    // Past the engine's longest string (about 2²⁹ characters): the limit was lifted.
    if (!(e instanceof RangeError)) throw e;
  }
  if (printed === undefined) {
    throw new TracegradError(
      `${where}: the expression prints longer than ${limit === Infinity ? 'the longest string JavaScript can hold' : `${limit.toLocaleString('en-US')} characters`} (a node used several times is printed at every use); explain(y) prints it in named stages, or pass maxChars: Infinity`,
    );
  }
  for (const m of renamingMessages(table.renamed)) warnOnce(`${where}: ${m}`, 'TRACEGRAD_SAME_NAME');
  return printed.s;
}

/**
 * The display form of `node` for the public printers: names are what they print (variables,
 * labelled nodes unless `inline`, the `names` given), and a labelled node prints as its name
 * wherever its definition's display form appears.
 */
function displayOf(node: Node, settings: PrintSettings): Node {
  const override = settings.names;
  const isName = (n: Node) => n !== node && (n.isVariable || override?.(n) !== undefined || (!settings.inline && n.label !== undefined));
  const context = new DisplayContext();
  if (!settings.inline) context.defineAll(namedBelow(node, isName), isName, DISPLAY_BUDGET);
  return displayForm(node, { atom: isName, context, self: node }).node;
}

/** The labelled op nodes of `root`'s expression (not below them), within the display budget. */
function namedBelow(root: Node, isName: (n: Node) => boolean): Node[] {
  const found: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack = [root];
  while (stack.length > 0 && seen.size <= DISPLAY_BUDGET) {
    const n = stack.pop()!;
    if (n !== root && isName(n)) {
      if (n.leaf === undefined) found.push(n);
      continue;
    }
    for (let i = 0; i < inputCount(n); i++) {
      const c = inputAt(n, i);
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return found;
}

/**
 * The LaTeX of a node's expression, in its simplest equivalent form (the display simplifier
 * cancels, collects, factors and recognises textbook forms; `simplify: false` prints the graph
 * as built). Named nodes below the root print as their names (so the
 * derivative of `a = σ(z)` reads `a (1 - a)`), unless `inline`. Labels print by the rule of
 * {@link Node.as}: plain text unless they are names in the safe LaTeX subset. Different
 * nodes with the same name print apart (`x`, `x'`), with a process warning.
 * @example
 * const x = tg.variable('x', 1);
 * tg.toLatex(tg.mul(2, tg.sin(x))); // → '2 \\sin\\left(x\\right)'
 * @category Printing
 */
export function toLatex(node: Node, options: PrintOptions = {}): string {
  return printPublic(node, 'latex', options, 'toLatex');
}

/**
 * The Unicode text of a node's expression (for terminals), in its simplest equivalent form as
 * {@link toLatex} prints it. Different nodes with the same name print apart (`x`, `x′`), with a
 * process warning.
 * @example
 * const x = tg.variable('x', 1);
 * tg.toText(x.pow(2).add(1)); // → 'x² + 1'
 * tg.toText(tg.grad(tg.div(1, tg.add(1, tg.exp(tg.neg(x)))), x)); // → 'σ(x)·(1 − σ(x))'
 * tg.toText(x.mul(x).div(x), { simplify: false }); // → 'x·x / x'
 * @category Printing
 */
export function toText(node: Node, options: PrintOptions = {}): string {
  return printPublic(node, 'text', options, 'toText');
}

installNodeHooks({ text: (node) => printExpr(node, 'text', { digits: 6, maxChars: MAX_PRINTED })?.s ?? `[an expression of more than ${MAX_PRINTED.toLocaleString('en-US')} characters; explain() prints it in stages]`, shortText: (node, maxChars) => printExpr(node, 'text', { digits: 6, maxChars })?.s });
