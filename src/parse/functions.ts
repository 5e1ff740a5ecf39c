/**
 * The function table of the expression language, read from the op registry: every op with a
 * `mathjs` name is callable by that name, with a few calls that need attributes (axes,
 * shapes) or that mathjs spells differently. The operators share the semantics here too.
 * @module
 * @internal
 */
import { apply, constant, type Node } from '../graph/node.js';
import type { OpDef } from '../graph/opdef.js';
import { registry } from '../ops/index.js';
import { add } from '../ops/add.js';
import { broadcastTo } from '../ops/broadcastTo.js';
import { div } from '../ops/div.js';
import { log } from '../ops/log.js';
import { logSoftmax } from '../ops/logSoftmax.js';
import { logSumExp } from '../ops/logSumExp.js';
import { matmul } from '../ops/matmul.js';
import { mean } from '../ops/mean.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { pow } from '../ops/pow.js';
import { reshape } from '../ops/reshape.js';
import { softmax } from '../ops/softmax.js';
import { stack } from '../ops/stack.js';
import { step } from '../ops/step.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { take } from '../ops/take.js';
import { transpose } from '../ops/transpose.js';
import type { MathjsNode } from './mathjs.js';

/** A problem found while mapping an expression; the parser adds the text and the column. */
export class ParseProblem extends Error {}

/** An argument of a call: its tree, its graph (built on demand) and its value as a literal. */
export interface Arg {
  readonly ast: MathjsNode;
  /** The argument as a graph node. */
  node(): Node;
  /** The argument as a number known when parsing (a literal, or a symbol bound to a number). */
  num(what: string): number;
  /** The argument as a list of numbers known when parsing (`[2, 3]`, or one number). */
  nums(what: string): number[];
  /** The items of an array literal argument, as arguments. */
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
    throw new ParseProblem(`'/' with a non-scalar divisor is matrix division in mathjs (not supported); use './' to divide elementwise`);
  }
  return div(a, b);
}

/** `a ^ b` on scalars; mathjs would take a matrix power. */
export function power(a: Node, b: Node): Node {
  if (!isScalar(a) || !isScalar(b)) {
    throw new ParseProblem(`'^' on a non-scalar is the matrix power in mathjs (not supported); use '.^' for the elementwise power`);
  }
  return pow(a, b);
}

/** A 1-based dimension (as in mathjs expressions) to a 0-based axis; negative counts from the end. */
function axisOf(arg: Arg): number {
  const d = arg.num('dimension');
  if (!Number.isInteger(d)) throw new ParseProblem(`a dimension is an integer; got ${d}`);
  if (d === 0) throw new ParseProblem('dimensions count from 1, as in mathjs (1 is the first axis); got 0');
  return d > 0 ? d - 1 : d;
}

function axesOf(arg: Arg): number[] {
  return arg.nums('dimensions').map((d) => {
    if (!Number.isInteger(d)) throw new ParseProblem(`a dimension is an integer; got ${d}`);
    if (d === 0) throw new ParseProblem('dimensions count from 1, as in mathjs (1 is the first axis); got 0');
    return d > 0 ? d - 1 : d;
  });
}

const entry = (name: string, usage: string, min: number, max: number, build: (args: readonly Arg[]) => Node, op?: OpDef): FunctionEntry => ({
  name, usage, min, max, build, ...(op && { op }),
});

/** Calls whose arguments are not all plain operands, or that have no op of their own. */
function special(): FunctionEntry[] {
  const reduction = (name: string, f: (x: Node, axes?: number[]) => Node, op: OpDef) =>
    entry(name, `${name}(x, dim?)`, 1, 2, ([x, d]) => f(x!.node(), d ? axesOf(d) : undefined), op);
  const byOp = (n: string) => registry.find((op) => op.name === n)!;
  return [
    entry('add', 'add(a, b)', 2, 2, ([a, b]) => add(a!.node(), b!.node()), byOp('add')),
    entry('subtract', 'subtract(a, b)', 2, 2, ([a, b]) => sub(a!.node(), b!.node()), byOp('sub')),
    entry('multiply', 'multiply(a, b)', 2, 2, ([a, b]) => times(a!.node(), b!.node())),
    entry('divide', 'divide(a, b)', 2, 2, ([a, b]) => over(a!.node(), b!.node()), byOp('div')),
    entry('pow', 'pow(a, b)', 2, 2, ([a, b]) => power(a!.node(), b!.node()), byOp('pow')),
    entry('dotMultiply', 'dotMultiply(a, b)', 2, 2, ([a, b]) => mul(a!.node(), b!.node()), byOp('mul')),
    entry('dotDivide', 'dotDivide(a, b)', 2, 2, ([a, b]) => div(a!.node(), b!.node()), byOp('div')),
    entry('dotPow', 'dotPow(a, b)', 2, 2, ([a, b]) => pow(a!.node(), b!.node()), byOp('pow')),
    entry('unaryMinus', 'unaryMinus(x)', 1, 1, ([x]) => neg(x!.node()), byOp('neg')),
    entry('unaryPlus', 'unaryPlus(x)', 1, 1, ([x]) => x!.node()),
    entry('square', 'square(x)', 1, 1, ([x]) => pow(x!.node(), 2), byOp('pow')),
    entry('cube', 'cube(x)', 1, 1, ([x]) => pow(x!.node(), 3), byOp('pow')),
    entry('log', 'log(x, base?)', 1, 2, ([x, b]) => (b ? div(log(x!.node()), log(b.node())) : log(x!.node())), byOp('log')),
    reduction('sum', (x, a) => sum(x, a), byOp('sum')),
    reduction('mean', (x, a) => mean(x, a), byOp('mean')),
    reduction('logsumexp', (x, a) => logSumExp(x, a), byOp('logSumExp')),
    entry('softmax', 'softmax(x, dim?)', 1, 2, ([x, d]) => softmax(x!.node(), d ? axisOf(d) : -1), byOp('softmax')),
    entry('logSoftmax', 'logSoftmax(x, dim?)', 1, 2, ([x, d]) => logSoftmax(x!.node(), d ? axisOf(d) : -1), byOp('logSoftmax')),
    entry('transpose', 'transpose(x, perm?)', 1, 2, ([x, p]) => {
      if (!p) return transpose(x!.node());
      return transpose(x!.node(), p.nums('perm').map((d) => d - 1));
    }, byOp('transpose')),
    entry('step', 'step(x, at0?)', 1, 2, ([x, v]) => step(x!.node(), v ? v.num('the value at 0') : 0), byOp('step')),
    entry('reshape', 'reshape(x, sizes)', 2, 2, ([x, s]) => reshape(x!.node(), s!.nums('sizes')), byOp('reshape')),
    entry('broadcastTo', 'broadcastTo(x, sizes)', 2, 2, ([x, s]) => broadcastTo(x!.node(), s!.nums('sizes')), byOp('broadcastTo')),
    entry('stack', 'stack([a, b, …], dim?)', 1, 2, ([xs, d]) => {
      const items = xs!.items();
      if (!items || items.length === 0) throw new ParseProblem('stack takes a non-empty array literal of operands, e.g. stack([a, b], 2)');
      return stack(items.map((i) => i.node()), d ? axisOf(d) : 0);
    }, byOp('stack')),
    entry('take', 'take(x, index, dim?)', 2, 3, ([x, i, d]) => {
      const k = i!.num('index');
      if (!Number.isInteger(k) || k === 0) throw new ParseProblem(`an index is a non-zero integer (1 is the first, as in mathjs); got ${k}`);
      return take(x!.node(), k > 0 ? k - 1 : k, d ? axisOf(d) : 0);
    }, byOp('take')),
  ];
}

let table: Map<string, FunctionEntry> | undefined;

/** Every callable function by name: the special calls, then each registered op by its mathjs name. */
export function functionTable(): Map<string, FunctionEntry> {
  if (table) return table;
  const t = new Map<string, FunctionEntry>();
  for (const e of special()) t.set(e.name, e);
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
