import { ArgumentError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { MathjsPrec, type MathjsContext, type Printed } from '../core/opdef.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of {@link toMathjs}. */
export interface ToMathjsOptions {
  /**
   * Write ops that mathjs does not know (`sigmoid`, `relu`, `softplus`) as their mathjs
   * reference expressions (`1 / (1 + exp(-x))`, …), so that mathjs itself can read the result.
   * Default false: the result is written for {@link parse}.
   */
  reference?: boolean;
}

const { Unary: UNARY, Atom: ATOM } = MathjsPrec;
/** The longest text written. */
const MAX_TEXT = 50_000_000;

/**
 * A number as mathjs reads it back exactly. Non-finite values have no literal that
 * {@link parse} accepts, so they are written as the quotients that make them (`1 / 0`).
 */
function numberText(v: number): string {
  if (Number.isNaN(v)) return '(0 / 0)';
  if (!Number.isFinite(v)) return v > 0 ? '(1 / 0)' : '(-1 / 0)';
  return Object.is(v, -0) ? '0' : String(v);
}

function tensorText(t: Tensor): string {
  const a = t.toArray();
  const write = (x: unknown): string => (Array.isArray(x) ? `[${x.map(write).join(', ')}]` : numberText(x as number));
  return write(a);
}

/** 1-based dimensions as written in expressions. */
const dims = (axes: readonly number[]) => (axes.length === 1 ? `${axes[0]! + 1}` : `[${axes.map((a) => a + 1).join(', ')}]`);

/**
 * Writes a graph as a mathjs expression, the reverse of {@link parse}: parsing the result
 * (with the same variables bound) builds the same computation. Named intermediate nodes are
 * written out down to the variables; variables are written by name. Ops without mathjs syntax
 * use the parser's own calls (`step`, `reshape`, `broadcastTo`, `stack`, `take`), with
 * dimensions counted from 1 as in mathjs.
 * @param node the expression's node
 * @param options see {@link ToMathjsOptions}
 * @returns the expression text
 * @throws {@link ArgumentError} for a user-defined op that has no mathjs name, and for two different
 * variables with the same name (the text would read them as one)
 * @example
 * const x = tg.variable('x', 2);
 * tg.toMathjs(tg.sin(x.pow(2)).mul(3)); // → 'sin(x ^ 2) * 3'
 * tg.toMathjs(tg.grad(tg.sigmoid(x), x)); // → 'sigmoid(x) * (1 - sigmoid(x))'
 * tg.toMathjs(tg.sigmoid(x), { reference: true }); // → '(1 / (1 + exp(-x)))'
 * @see {@link parse}
 * @category Parsing
 */
export function toMathjs(node: Node, options: ToMathjsOptions = {}): string {
  if (!(node instanceof Node)) throw new ArgumentError(`toMathjs: expected a Node; got ${typeof node}`);
  checkOptions('toMathjs', options, ['reference']);
  const order = topoOrder([node]);
  refuseSharedNames(order);
  const memo = new Map<Node, Printed>();
  const wrap = (o: Printed, min: number) => (o.prec < min ? `(${o.s})` : o.s);
  const visit = (n: Node): Printed => memo.get(n)!;
  const call = (name: string, args: readonly string[]): Printed => ({ s: `${name}(${args.join(', ')})`, prec: ATOM });
  const write = (n: Node): Printed => {
    if (n.leaf) {
      if (n.leaf.kind === 'variable') return { s: n.leaf.name!, prec: ATOM };
      const t = n.leaf.value!;
      if (n.label === '\\pi' && t.rank === 0 && t.data[0] === Math.PI) return { s: 'pi', prec: ATOM };
      if (n.label === 'e' && t.rank === 0 && t.data[0] === Math.E) return { s: 'e', prec: ATOM };
      if (t.rank === 0) {
        const s = numberText(t.data[0]!);
        return { s, prec: s.startsWith('-') ? UNARY : ATOM };
      }
      return { s: tensorText(t), prec: ATOM };
    }
    const op = n.op;
    if (options.reference && op.reference) {
      const names = n.inputs.length === 1 ? ['x'] : ['a', 'b'];
      const args = n.inputs.map((c) => wrap(visit(c), ATOM));
      const s = op.reference.replace(/\b[A-Za-z_]\w*\b/g, (w) => {
        const i = names.indexOf(w);
        return i >= 0 && i < args.length ? args[i]! : w;
      });
      return { s: `(${s})`, prec: ATOM };
    }
    if (op.toMathjs) {
      const ctx: MathjsContext = {
        node: n,
        arg: (i, min = ATOM) => wrap(visit(n.inputs[i]!), min),
        raw: (i) => visit(n.inputs[i]!).s,
        call,
        dims,
        number: numberText,
      };
      return op.toMathjs(ctx);
    }
    if (!op.mathjs) throw new ArgumentError(`toMathjs: op '${op.name}' has no mathjs name`);
    return call(op.mathjs, n.inputs.map((c) => visit(c).s));
  };
  // Inputs first (a topological order), so that every node finds its inputs written: no recursion.
  for (const n of order) {
    // Text repeats what the graph shares: stop before a string outgrows what JavaScript can hold.
    let size = 0;
    for (const c of n.inputs) size += memo.get(c)!.s.length;
    if (4 * size > MAX_TEXT) {
      throw new ArgumentError(`toMathjs: the expression is too large to write as text (more than ${MAX_TEXT.toLocaleString('en')} characters): text repeats the subexpressions that the graph shares`);
    }
    memo.set(n, write(n));
  }
  return visit(node).s;
}

/**
 * Variables are written by name, so two different variables with one name would read back as
 * one: refuse, naming them, rather than write text that means another function.
 */
function refuseSharedNames(order: readonly Node[]): void {
  const byName = new Map<string, Node>();
  for (const n of order) {
    if (!n.isVariable) continue;
    const name = n.leaf!.name!;
    const seen = byName.get(name);
    if (seen === undefined) byName.set(name, n);
    else if (seen !== n) {
      throw new ArgumentError(
        `toMathjs: two different variables are named '${name}'; mathjs text would read them as one variable (another function). ` +
          `Give them different names (e.g. tg.variable('${name}2', …)) or build the graph with one variable '${name}'`,
      );
    }
  }
}
