import { ArgumentError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Node } from '../core/node.js';
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

function numberText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
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
 * @throws {@link ArgumentError} for a user-defined op that has no mathjs name
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
  const memo = new Map<Node, Printed>();
  const wrap = (o: Printed, min: number) => (o.prec < min ? `(${o.s})` : o.s);
  const visit = (n: Node): Printed => {
    const hit = memo.get(n);
    if (hit) return hit;
    const out = write(n);
    memo.set(n, out);
    return out;
  };
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
  return visit(node).s;
}
