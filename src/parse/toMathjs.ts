import { ArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import type { Tensor } from '../tensor/tensor.js';
import { registry } from '../ops/index.js';

/** Options of {@link toMathjs}. */
export interface ToMathjsOptions {
  /**
   * Write ops that mathjs does not know (`sigmoid`, `relu`, `softplus`) as their mathjs
   * reference expressions (`1 / (1 + exp(-x))`, …), so that mathjs itself can read the result.
   * Default false: the result is written for {@link parse}.
   */
  reference?: boolean;
}

// Precedence in mathjs: sum < product < unary minus < power < postfix (') < atom.
const SUM = 1, PRODUCT = 2, UNARY = 3, POWER = 4, POSTFIX = 5, ATOM = 6;

interface Out {
  s: string;
  prec: number;
}

let builtins: Set<unknown> | undefined;

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
  for (const k of Object.keys(options)) if (k !== 'reference') throw new ArgumentError(`toMathjs: unknown option '${k}'; accepted: reference`);
  builtins ??= new Set(registry);
  const memo = new Map<Node, Out>();
  const wrap = (o: Out, min: number) => (o.prec < min ? `(${o.s})` : o.s);
  const visit = (n: Node): Out => {
    const hit = memo.get(n);
    if (hit) return hit;
    const out = write(n);
    memo.set(n, out);
    return out;
  };
  const call = (name: string, args: string[]): Out => ({ s: `${name}(${args.join(', ')})`, prec: ATOM });
  const write = (n: Node): Out => {
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
    const [a, b] = n.inputs.map(visit);
    const [na, nb] = n.inputs;
    const nonScalar = (x: Node | undefined) => !!x && x.rank > 0;
    const op = n.op;
    if (!builtins!.has(op)) {
      if (!op.mathjs) throw new ArgumentError(`toMathjs: op '${op.name}' has no mathjs name`);
      return call(op.mathjs, n.inputs.map((c) => visit(c).s));
    }
    const binary = (sym: string, prec: number, right: number): Out => ({ s: `${wrap(a!, prec)} ${sym} ${wrap(b!, right)}`, prec });
    const axes = n.attrs.axes as number[] | undefined;
    switch (op.name) {
      case 'add': return binary('+', SUM, SUM);
      case 'addN': return { s: n.inputs.map((c) => wrap(visit(c), SUM)).join(' + '), prec: SUM };
      case 'sub': return binary('-', SUM, PRODUCT);
      case 'mul': return binary(nonScalar(na) && nonScalar(nb) ? '.*' : '*', PRODUCT, UNARY);
      case 'matmul': return binary('*', PRODUCT, UNARY);
      case 'div': return binary(nonScalar(nb) ? './' : '/', PRODUCT, UNARY);
      case 'pow': return { s: `${wrap(a!, POSTFIX)} ${nonScalar(na) || nonScalar(nb) ? '.^' : '^'} ${wrap(b!, POSTFIX)}`, prec: POWER };
      case 'neg': return { s: `-${wrap(a!, POWER)}`, prec: UNARY };
      case 'transpose': {
        const perm = n.attrs.perm as number[];
        if (perm.every((p, i) => p === perm.length - 1 - i)) return { s: `${wrap(a!, ATOM)}'`, prec: POSTFIX };
        return call('transpose', [a!.s, `[${perm.map((p) => p + 1).join(', ')}]`]);
      }
      case 'sum':
      case 'mean':
      case 'logSumExp': {
        const name = op.name === 'logSumExp' ? 'logsumexp' : op.name;
        const all = axes!.length === na!.rank;
        const inner = call(name, all ? [a!.s] : [a!.s, dims(axes!)]);
        return n.attrs.keepDims ? call('reshape', [inner.s, `[${n.shape.join(', ')}]`]) : inner;
      }
      case 'softmax':
      case 'logSoftmax': {
        const axis = n.attrs.axis as number;
        return call(op.mathjs!, axis === na!.rank - 1 ? [a!.s] : [a!.s, dims([axis])]);
      }
      case 'step': return call('step', n.attrs.at0 === 0 ? [a!.s] : [a!.s, numberText(n.attrs.at0 as number)]);
      case 'reshape':
      case 'broadcastTo': return call(op.name, [a!.s, `[${n.shape.join(', ')}]`]);
      case 'stack': {
        const items = n.inputs.map((c) => visit(c).s);
        return n.attrs.axis === 0 ? { s: `[${items.join(', ')}]`, prec: ATOM } : call('stack', [`[${items.join(', ')}]`, dims([n.attrs.axis as number])]);
      }
      case 'take': return call('take', [a!.s, `${(n.attrs.i as number) + 1}`, dims([n.attrs.axis as number])]);
    }
    if (options.reference && op.reference) {
      const names = n.inputs.length === 1 ? ['x'] : ['a', 'b'];
      const args = n.inputs.map((c) => wrap(visit(c), ATOM));
      const s = op.reference.replace(/\b[A-Za-z_]\w*\b/g, (w) => {
        const i = names.indexOf(w);
        return i >= 0 && i < args.length ? args[i]! : w;
      });
      return { s: `(${s})`, prec: ATOM };
    }
    if (!op.mathjs) throw new ArgumentError(`toMathjs: op '${op.name}' has no mathjs name`);
    return call(op.mathjs, n.inputs.map((c) => visit(c).s));
  };
  return visit(node).s;
}
