/**
 * Index notation for the elementwise + matmul family, as in the seed article:
 * `z_{ij} = \sum_{k} x_{ik} w_{kj} + b_{j}`. Each tensor prints as one element with index
 * letters; broadcasting drops indices; transposes permute them; matmuls, dots and sums
 * introduce summation indices. Other ops print in matrix form, subscripted.
 * @internal
 */
import { Prec, type IndexedContext, type Printed } from '../core/opdef.js';
import { alignedIndices } from '../ops/_family.js';
import type { Node } from '../core/node.js';
import type { Shape } from '../tensor/shape.js';
import { latexName, latexToText, splitLatexName, textName } from '../util/names.js';
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

function subscripted(name: string, idx: readonly string[], format: Format): Printed {
  const latex = latexName(name);
  if (idx.join('') === '') return format === 'latex' ? { s: latex, prec: Prec.Atom } : { s: textName(name), prec: Prec.Atom };
  const s = indexedName(latex, idx);
  return { s: format === 'latex' ? s : latexToText(s), prec: Prec.Atom };
}

/** Prints `root` at output indices `idx`; `inline` expands named intermediate nodes down to the leaves. */
export function printIndexed(root: Node, idx: readonly string[], format: Format, names: ReadonlyMap<Node, string>, digits = 6, inline = false): Printed {
  let next = 0;
  const fresh = () => SUM_LETTERS[next++ % SUM_LETTERS.length]! + (next > SUM_LETTERS.length ? `'` : '');
  const paren = parenFor(format);
  const sumSign = (ks: readonly string[]) => (format === 'latex' ? `\\sum_{${ks.join(',')}}` : `Σ${latexToText(`_{${ks.join('')}}`)}`);
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
    const ctx: IndexedContext = {
      node: n,
      format,
      at,
      visit: (i, idx) => visit(n.inputs[i]!, idx),
      aligned: (i) => alignedIndices(n.inputs[i]!.shape, n.shape, at),
      fresh,
      sumSign,
      paren,
    };
    if (op.indexed) {
      const p = op.indexed(ctx);
      if (p) return p;
    } else if (op.elementwise) {
      const kids = n.inputs.map((_, i) => ctx.visit(i, ctx.aligned(i)));
      const pc = printContext(n, format, kids, true);
      return format === 'latex' ? op.latex(pc) : op.text(pc);
    }
    // Fallback: the matrix form of this sub-expression, taken at the indices.
    const m = printExpr(n, format, { names: names as Map<Node, string>, digits, inline });
    if (at.length === 0) return m;
    return { s: format === 'latex' ? `\\left[${m.s}\\right]_{${at.join('')}}` : `[${m.s}]${latexToText(`_{${at.join('')}}`)}`, prec: Prec.Atom };
  };
  return visit(root, idx);
}
