/**
 * Index notation for the elementwise + matmul family, as in the seed article:
 * `z_{ij} = \sum_{k} x_{ik} w_{kj} + b_{j}`. Each tensor prints as one element with index
 * letters; broadcasting drops indices; transposes permute them; matmuls, dots and sums
 * introduce summation indices. Other ops print in matrix form, subscripted.
 * @internal
 */
import { Prec, type PrintContext, type Printed } from '../graph/opdef.js';
import type { Node } from '../graph/node.js';
import type { Shape } from '../tensor/shape.js';
import { latexName, latexToText, splitLatexName, textName } from './names.js';
import { formatNumber, parenFor, printContext, printExpr } from './print.js';

type Format = 'latex' | 'text';

/**
 * Output index letters for a shape: one per axis longer than 1 (`j` for a vector, `i, j`
 * for a matrix, as in the seed article); axes of length 1 get `''` and print no index, so a
 * column vector `[3, 1]` prints `z_{j}`.
 */
export function outputIndices(shape: Shape): string[] {
  const big = shape.filter((d) => d !== 1).length;
  const letters = big <= 3 ? ['h', 'i', 'j'].slice(3 - big) : Array.from({ length: big }, (_, a) => `i_{${a + 1}}`);
  let k = 0;
  return shape.map((d) => (d === 1 ? '' : letters[k++]!));
}

/** A LaTeX name with index subscripts: `z^{(1)}` at `i, j` → `z_{ij}^{(1)}`. */
export function indexedName(latex: string, idx: readonly string[]): string {
  const sub = idx.join('');
  if (sub === '') return latex;
  const parts = splitLatexName(latex);
  if (parts.sub !== undefined || parts.base.startsWith('\\frac')) return `\\left[${latex}\\right]_{${sub}}`;
  return `${parts.base}_{${sub}}${parts.sup !== undefined ? `^{${parts.sup}}` : ''}`;
}

const SUM_LETTERS = ['k', 'm', 'p', 'q', 'r', 's', 't', 'u'];
const SUM_PREC = Prec.Sum + 2;

/** Indices of a broadcast input, aligned from the right; stretched axes lose their index. */
function alignIndices(inShape: Shape, outShape: Shape, idx: readonly string[]): string[] {
  const off = outShape.length - inShape.length;
  const out: string[] = [];
  inShape.forEach((d, a) => {
    if (!(d === 1 && outShape[a + off] !== 1)) out.push(idx[a + off]!);
  });
  return out;
}

function subscripted(name: string, idx: readonly string[], format: Format): Printed {
  const latex = latexName(name);
  if (idx.join('') === '') return format === 'latex' ? { s: latex, prec: Prec.Atom } : { s: textName(name), prec: Prec.Atom };
  const s = indexedName(latex, idx);
  return { s: format === 'latex' ? s : latexToText(s), prec: Prec.Atom };
}

/** Prints `root` at output indices `idx` (one per axis). */
/** Prints `root` at output indices `idx`; `inline` expands named intermediate nodes down to the leaves. */
export function printIndexed(root: Node, idx: readonly string[], format: Format, names: ReadonlyMap<Node, string>, digits = 6, inline = false): Printed {
  let next = 0;
  const fresh = () => SUM_LETTERS[next++ % SUM_LETTERS.length]! + (next > SUM_LETTERS.length ? `'` : '');
  const paren = parenFor(format);
  const sumSign = (ks: string[]) => (format === 'latex' ? `\\sum_{${ks.join(',')}}` : `Σ${latexToText(`_{${ks.join('')}}`)}`);
  const visit = (n: Node, at: readonly string[]): Printed => {
    const override = names.get(n);
    if (override !== undefined && n !== root) return subscripted(override, at, format);
    if (n.leaf?.kind === 'variable') return subscripted(n.label ?? n.leaf.name!, at, format);
    if (n.label !== undefined && n !== root && (n.leaf || !inline)) return subscripted(n.label, at, format);
    if (n.leaf) {
      const t = n.leaf.value!;
      const v = t.data[0]!;
      if (t.data.every((x) => x === v)) {
        const s = formatNumber(v, format, digits);
        return v < 0 ? { s, prec: Prec.Unary, leadingMinus: true } : { s, prec: Prec.Atom };
      }
      return subscripted('C', at, format);
    }
    const op = n.op;
    const ctxFor = (kids: Printed[]): PrintContext => printContext(n, format, kids, true);
    const name = op.name;
    if (op.elementwise || name === 'broadcastTo') {
      const kids = n.inputs.map((c) => visit(c, alignIndices(c.shape, n.shape, at)));
      if (name === 'broadcastTo') return kids[0]!;
      return format === 'latex' ? op.latex(ctxFor(kids)) : op.text(ctxFor(kids));
    }
    if (name === 'transpose') {
      const perm = n.attrs.perm as number[];
      const childIdx: string[] = new Array(perm.length);
      perm.forEach((p, k) => (childIdx[p] = at[k]!));
      return visit(n.inputs[0]!, childIdx);
    }
    if (name === 'reshape') {
      const x = n.inputs[0]!;
      const big = (s: Shape) => s.map((d, a) => [d, a] as const).filter(([d]) => d !== 1);
      const bo = big(n.shape), bi = big(x.shape);
      if (bo.length === bi.length && bo.every(([d], k) => d === bi[k]![0])) {
          const childIdx = x.shape.map(() => '');
        bi.forEach(([, a], k) => (childIdx[a] = at[bo[k]![1]]!));
        return visit(x, childIdx);
      }
    }
    if (name === 'matmul' || name === 'dot') {
      const [a, b] = n.inputs;
      // An inner dimension of length 1 (an outer product) has nothing to sum over.
      const inner = name === 'dot' ? a!.shape[0]! : a!.shape[a!.rank - 1]!;
      const k = inner === 1 ? '' : fresh();
      let ai: string[] = [k], bi: string[] = [k];
      if (name === 'matmul') {
        // Output axes: [...batch, i (if a is a matrix), j (if b is a matrix)].
        const nb = n.rank - (a!.rank >= 2 ? 1 : 0) - (b!.rank >= 2 ? 1 : 0);
        const batchShape = n.shape.slice(0, nb), batchIdx = at.slice(0, nb);
        const i = a!.rank >= 2 ? at[nb]! : undefined;
        const j = b!.rank >= 2 ? at[at.length - 1]! : undefined;
        if (i !== undefined) ai = [...alignIndices(a!.shape.slice(0, -2), batchShape, batchIdx), i, k];
        if (j !== undefined) bi = [...alignIndices(b!.shape.slice(0, -2), batchShape, batchIdx), k, j];
      }
      const pa = visit(a!, ai), pb = visit(b!, bi);
      const left = pa.prec < Prec.Product ? paren(pa.s) : pa.s;
      const right = pb.prec < Prec.Product || pb.leadingMinus ? paren(pb.s) : pb.s;
      if (k === '') return { s: `${left}${format === 'latex' ? ' ' : '·'}${right}`, prec: Prec.Product };
      return { s: `${sumSign([k])} ${left}${format === 'latex' ? ' ' : '·'}${right}`, prec: SUM_PREC };
    }
    if (name === 'sum' || name === 'mean') {
      const x = n.inputs[0]!;
      const axes = n.attrs.axes as number[];
      const keep = n.attrs.keepDims as boolean;
      const ks: string[] = [];
      let o = 0;
      const childIdx = x.shape.map((_, a) => {
        if (axes.includes(a)) {
          if (x.shape[a] === 1) {
            if (keep) o++;
            return '';
          }
          const k = fresh();
          ks.push(k);
          if (keep) o++;
          return k;
        }
        return at[o++]!;
      });
      const inner = visit(x, childIdx);
      const body = ks.length ? `${sumSign(ks)} ${inner.prec < Prec.Product ? paren(inner.s) : inner.s}` : inner.s;
      if (name === 'sum') return ks.length ? { s: body, prec: SUM_PREC } : inner;
      const count = axes.reduce((c, a) => c * x.shape[a]!, 1);
      return { s: format === 'latex' ? `\\frac{1}{${count}} ${body}` : `(1/${count}) ${body}`, prec: Prec.Product };
    }
    // Fallback: the matrix form of this sub-expression, taken at the indices.
    const m = printExpr(n, format, { names: names as Map<Node, string>, digits, inline });
    if (at.length === 0) return m;
    return { s: format === 'latex' ? `\\left[${m.s}\\right]_{${at.join('')}}` : `[${m.s}]${latexToText(`_{${at.join('')}}`)}`, prec: Prec.Atom };
  };
  return visit(root, idx);
}
