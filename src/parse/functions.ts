/**
 * The function table of the expression language, read from the op registry: every op with a
 * `mathjs` name is callable by that name, with a few calls that need attributes (axes,
 * shapes) or that mathjs spells differently. The operators share the semantics here too.
 * @module
 */
import { apply, constant, type Node } from '../core/node.js';
import type { OpDef, ParseArg } from '../core/opdef.js';
import { ParseError } from '../util/errors.js';
import { registry } from '../ops/index.js';
import { add, addOp } from '../ops/add.js';
import { div, divOp } from '../ops/div.js';
import { matmul } from '../ops/matmul.js';
import { mul, mulOp } from '../ops/mul.js';
import { neg, negOp } from '../ops/neg.js';
import { pow, powOp } from '../ops/pow.js';
import { sub, subOp } from '../ops/sub.js';
import type { MathjsNode } from './mathjs.js';

/** An argument of a call: its tree, its graph (built on demand) and its value as a literal. */
export interface Arg extends ParseArg {
  readonly ast: MathjsNode;
  items(): Arg[] | undefined;
}

/** One callable function. */
export interface FunctionEntry {
  /** Its name in expressions. */
  readonly name: string;
  /** Usage, e.g. `sum(x, dim?)`. */
  readonly usage: string;
  readonly min: number;
  readonly max: number;
  /** The op it builds, when there is one. */
  readonly op?: OpDef;
  build(args: readonly Arg[]): Node;
}

const isScalar = (n: Node) => n.rank === 0;

/** `a * b`: the matrix product when both are non-scalars (NumPy matmul), elementwise otherwise. */
export function times(a: Node, b: Node): Node {
  return !isScalar(a) && !isScalar(b) ? matmul(a, b) : mul(a, b);
}

/** `a / b`: elementwise when `b` is a scalar; mathjs would invert a matrix `b`. */
export function over(a: Node, b: Node): Node {
  if (!isScalar(b)) {
    throw new ParseError(`'/' with a non-scalar divisor is matrix division in mathjs (not supported); use './' to divide elementwise`);
  }
  return div(a, b);
}

/** `a ^ b` on scalars; mathjs would take a matrix power. */
export function power(a: Node, b: Node): Node {
  if (!isScalar(a) || !isScalar(b)) {
    throw new ParseError(`'^' on a non-scalar is the matrix power in mathjs (not supported); use '.^' for the elementwise power`);
  }
  return pow(a, b);
}

const entry = (name: string, usage: string, min: number, max: number, build: (args: readonly Arg[]) => Node, op?: OpDef): FunctionEntry => ({
  name, usage, min, max, build, ...(op && { op }),
});

/**
 * The language's own calls: mathjs's names of the operators, and the few functions that are
 * not one op (`multiply` is a matrix or an elementwise product, `square` a power). Calls with
 * attributes belong to their ops (`OpDef.parse`).
 */
function operators(): FunctionEntry[] {
  return [
    entry('add', 'add(a, b)', 2, 2, ([a, b]) => add(a!.node(), b!.node()), addOp),
    entry('subtract', 'subtract(a, b)', 2, 2, ([a, b]) => sub(a!.node(), b!.node()), subOp),
    entry('multiply', 'multiply(a, b)', 2, 2, ([a, b]) => times(a!.node(), b!.node())),
    entry('divide', 'divide(a, b)', 2, 2, ([a, b]) => over(a!.node(), b!.node()), divOp),
    entry('pow', 'pow(a, b)', 2, 2, ([a, b]) => power(a!.node(), b!.node()), powOp),
    entry('dotMultiply', 'dotMultiply(a, b)', 2, 2, ([a, b]) => mul(a!.node(), b!.node()), mulOp),
    entry('dotDivide', 'dotDivide(a, b)', 2, 2, ([a, b]) => div(a!.node(), b!.node()), divOp),
    entry('dotPow', 'dotPow(a, b)', 2, 2, ([a, b]) => pow(a!.node(), b!.node()), powOp),
    entry('unaryMinus', 'unaryMinus(x)', 1, 1, ([x]) => neg(x!.node()), negOp),
    entry('unaryPlus', 'unaryPlus(x)', 1, 1, ([x]) => x!.node()),
    entry('square', 'square(x)', 1, 1, ([x]) => pow(x!.node(), 2), powOp),
    entry('cube', 'cube(x)', 1, 1, ([x]) => pow(x!.node(), 3), powOp),
  ];
}

let table: Map<string, FunctionEntry> | undefined;

/** Every callable function by name: the special calls, then each registered op by its mathjs name. */
export function functionTable(): Map<string, FunctionEntry> {
  if (table) return table;
  const t = new Map<string, FunctionEntry>();
  for (const e of operators()) t.set(e.name, e);
  // Ops with a parse hook first (it decides how their attributes are written), then the rest by their mathjs name.
  for (const op of registry) {
    const hook = op.parse;
    const name = hook?.name ?? op.mathjs;
    if (!hook || !name || t.has(name)) continue;
    t.set(name, entry(name, hook.usage, hook.min, hook.max, (args) => hook.build(args), op));
  }
  for (const op of registry) {
    const name = op.mathjs;
    if (!name || t.has(name)) continue;
    const n = op.arity === 'variadic' ? 1 : op.arity;
    const params = n === 1 ? ['x'] : n === 2 ? ['a', 'b'] : Array.from({ length: n }, (_, i) => `x${i + 1}`);
    t.set(name, entry(name, `${name}(${params.join(', ')})`, n, op.arity === 'variadic' ? Infinity : n, (args) => apply(op, args.map((a) => a.node())), op));
  }
  return (table = t);
}

/** The names of the callable functions, sorted. */
export function functionNames(): string[] {
  return [...functionTable().keys()].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || a.localeCompare(b));
}

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  // Names longer than this get no suggestion by spelling: the table is length × length, and a
  // 20,000-character name took 28 s and 3.5 GB to be told it is unknown.
  if (a.length > MAX_SPELLING || b.length > MAX_SPELLING) return Infinity;
  const s = a.toLowerCase(), t = b.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const row = d[i]!, up = d[i - 1]!;
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[s.length]![t.length]!;
}

/** The longest name compared by spelling for "did you mean". */
const MAX_SPELLING = 64;

/**
 * The known name closest to an unknown one, for "did you mean": the same name in another font
 * or decoration (`\mathbf{Y}` for `Y`, when `bare` strips them), in another letter case (`y`
 * for `Y`), or, for a name of three characters or more, the nearest by edit distance when it
 * is close. Both readers use it for names that are not names of the problem (in checks and
 * grading), so that every "unknown name" suggests alike.
 */
export function nearestName(name: string, known: Iterable<string>, bare: (s: string) => string = (s) => s): string | undefined {
  const b = bare(name);
  let best: string | undefined, bestD = Infinity;
  for (const k of known) {
    if (k === name) continue;
    const kb = bare(k);
    const d = kb === b ? -2 : kb.toLowerCase() === b.toLowerCase() ? -1 : b.length >= 3 ? distance(b, kb) + Math.abs(kb.length - b.length) / 100 : Infinity;
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && Math.floor(bestD) <= Math.floor(b.length / 3) ? best : undefined;
}

/**
 * The known function closest to an unknown name: an op's own name maps to its mathjs name
 * (`maximum` → `max`), otherwise the nearest name by edit distance, when it is close.
 */
export function suggest(name: string): string | undefined {
  const byOpName = registry.find((op) => op.name.toLowerCase() === name.toLowerCase() && op.mathjs && op.mathjs !== name);
  if (byOpName) return byOpName.mathjs === 'multiply' ? 'multiply' : byOpName.mathjs;
  // Nearest first; among equals, the one closest in length (`tahn` → `tanh`, not `tan`).
  let best: string | undefined, bestD = Infinity;
  for (const known of functionNames()) {
    const d = distance(name, known) + Math.abs(known.length - name.length) / 100;
    if (d < bestD) [best, bestD] = [known, d];
  }
  return best !== undefined && Math.floor(bestD) <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** A constant node for a literal, with `pi` and `e` named so they print as symbols. */
export function namedConstant(name: 'pi' | 'e'): Node {
  return name === 'pi' ? constant(Math.PI, { label: '\\pi' }) : constant(Math.E, { label: 'e' });
}
