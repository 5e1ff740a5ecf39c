import { ArgumentError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Tensor } from '../tensor/tensor.js';
import { Prec, type PrintContext, type Printed } from '../core/opdef.js';
import { installNodeHooks, Node } from '../core/node.js';
import { latexName, latexNameHasSup, textName } from '../util/names.js';

/**
 * Options of the expression printers {@link toLatex} and {@link toText}.
 */
export interface PrintOptions {
  /**
   * Expand named intermediate nodes into their definitions, down to the leaves. Default
   * false: a named node prints as its name, so `a = σ(z)` keeps derivatives readable.
   */
  inline?: boolean;
  /** Names to use for particular nodes (e.g. adjoints), overriding their labels. */
  names?: ReadonlyMap<Node, string>;
  /** Significant digits of numbers (default 6). */
  digits?: number;
}

type Format = 'latex' | 'text';

function readOptions(where: string, o: PrintOptions): Required<Pick<PrintOptions, 'digits'>> {
  const known = ['inline', 'names', 'digits'];
  checkOptions(where, o, known);
  const digits = o.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`${where}: digits must be an integer from 1 to 17; got ${o.digits}`);
  return { digits };
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
    return v < 0 ? { s, prec: Prec.Unary, leadingMinus: true } : { s, prec: s.includes('times') ? Prec.Product : Prec.Atom };
  }
  const first = t.data[0]!;
  const uniform = t.data.every((v) => v === first);
  if (uniform && (first === 0 || first === 1)) return { s: format === 'latex' ? `\\mathbf{${first}}` : `${first}`, prec: Prec.Atom };
  const n = t.shape[0]!;
  if (t.shape.length === 2 && t.shape[1] === n && t.data.every((v, i) => v === (i % (n + 1) === 0 ? 1 : 0))) {
    return { s: 'I', prec: Prec.Atom };
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

/** A name printed as an atom (or as a postfix-level term when it carries a superscript). */
function namePrinted(name: string, format: Format): Printed {
  const s = latexName(name);
  if (format === 'text') return { s: textName(name), prec: latexNameHasSup(s) ? Prec.Postfix : Prec.Atom };
  return { s, prec: latexNameHasSup(s) ? Prec.Postfix : Prec.Atom };
}

/** `\left(s\right)` or `(s)`. @internal */
export function parenFor(format: Format): (s: string) => string {
  return format === 'latex' ? (s) => `\\left(${s}\\right)` : (s) => `(${s})`;
}

/**
 * The context an op's printer receives for node `n` whose inputs printed as `kids`; the one
 * place where parentheses are decided. @internal
 */
export function printContext(n: Node, format: Format, kids: readonly Printed[], indexed = false): PrintContext {
  const paren = parenFor(format);
  return {
    format,
    node: n,
    attrs: n.attrs,
    ...(indexed && { indexed }),
    printed: (i) => kids[i]!,
    raw: (i) => kids[i]!.s,
    paren,
    arg: (i, min = Prec.Atom, noLeadingMinus = false) => {
      const k = kids[i]!;
      return k.prec < min || (noLeadingMinus && k.leadingMinus) ? paren(k.s) : k.s;
    },
  };
}

/** Prints a graph as one expression. @internal */
export function printExpr(root: Node, format: Format, options: PrintOptions = {}): Printed {
  const { digits } = readOptions(format === 'latex' ? 'toLatex' : 'toText', options);
  const memo = new Map<Node, Printed>();
  const visit = (n: Node): Printed => {
    const hit = memo.get(n);
    if (hit) return hit;
    let p: Printed;
    const override = options.names?.get(n);
    if (override !== undefined && n !== root) p = namePrinted(override, format);
    else if (n.leaf?.kind === 'variable') p = namePrinted(n.label ?? n.leaf.name!, format);
    else if (n.label !== undefined && (n.leaf || (n !== root && !options.inline))) p = namePrinted(n.label, format);
    else if (n.leaf) p = constantPrinted(n.leaf.value!, format, digits);
    else {
      const ctx = printContext(n, format, n.inputs.map((c) => visit(c)));
      p = format === 'latex' ? n.op.latex(ctx) : n.op.text(ctx);
    }
    memo.set(n, p);
    return p;
  };
  return visit(root);
}

/**
 * The LaTeX of a node's expression. Named nodes below the root print as their names (so the
 * derivative of `a = σ(z)` reads `a (1 - a)`), unless `inline`.
 * @example
 * const x = tg.variable('x', 1);
 * tg.toLatex(tg.mul(2, tg.sin(x))); // → '2 \\sin\\left(x\\right)'
 * @category Printing
 */
export function toLatex(node: Node, options: PrintOptions = {}): string {
  if (!(node instanceof Node)) throw new ArgumentError(`toLatex: expected a Node; got ${typeof node}`);
  return printExpr(node, 'latex', options).s;
}

/**
 * The Unicode text of a node's expression (for terminals).
 * @example
 * const x = tg.variable('x', 1);
 * tg.toText(x.pow(2).add(1)); // → 'x² + 1'
 * @category Printing
 */
export function toText(node: Node, options: PrintOptions = {}): string {
  if (!(node instanceof Node)) throw new ArgumentError(`toText: expected a Node; got ${typeof node}`);
  return printExpr(node, 'text', options).s;
}

installNodeHooks({ text: (node) => printExpr(node, 'text').s });
