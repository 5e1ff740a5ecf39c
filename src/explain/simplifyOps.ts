/**
 * Display-only ops: forms a textbook writes that no op of the registry prints, made by the
 * display simplifier ({@link displayForm}) and never by a user's graph. Each is an ordinary
 * {@link OpDef} with a kernel, so a printed display form can still be evaluated and compared
 * with the graph it stands for (the tests do), but none has a gradient rule or a place in the
 * registry: they exist only between the simplifier and the printers.
 * @module
 */
import { applyOwned, type Node } from '../core/node.js';
import { Prec, type OpDef, type Printed, type PrintContext } from '../core/opdef.js';
import { ShapeError } from '../util/errors.js';
import { formatShape } from '../tensor/shape.js';
import { full, Tensor } from '../tensor/tensor.js';

/** Unicode vulgar fractions for the common ones (`½`, `⅓`, `¼`, …). */
const VULGAR = new Map<string, string>([
  ['1/2', '½'], ['1/3', '⅓'], ['2/3', '⅔'], ['1/4', '¼'], ['3/4', '¾'], ['1/5', '⅕'], ['1/6', '⅙'], ['1/8', '⅛'],
]);

function printRational(c: PrintContext): Printed {
  const p = c.attrs.p as number, q = c.attrs.q as number;
  const minus = p < 0;
  const a = Math.abs(p);
  if (c.format === 'latex') {
    const s = `\\frac{${a}}{${q}}`;
    return minus ? { s: `-${s}`, prec: Prec.Unary, leadingMinus: true, startsWithDigit: false, unsigned: s } : { s, prec: Prec.Fraction, startsWithDigit: false };
  }
  const v = VULGAR.get(`${a}/${q}`);
  const s = v ?? `${a}/${q}`;
  const prec = v ? Prec.Atom : Prec.Product;
  return minus ? { s: `−${s}`, prec: Prec.Unary, leadingMinus: true, startsWithDigit: false, unsigned: s } : { s, prec, startsWithDigit: v === undefined };
}

/**
 * A rational number `p/q` printed as a fraction (`\frac{1}{2}`, `½`): the coefficient of
 * `½‖a − y‖²`. Display only.
 */
export const rationalOp: OpDef = {
  name: 'rational',
  arity: 0,
  category: 'Display',
  shape: () => [],
  forward: (_x, attrs) => new Tensor([], Float64Array.of((attrs.p as number) / (attrs.q as number))),
  scalarKernel: (_args, attrs) => (attrs.p as number) / (attrs.q as number),
  latex: printRational,
  text: printRational,
  dot: (attrs) => `${attrs.p}/${attrs.q}`,
};

/** The display node of the number `p/q`. */
export function rational(p: number, q: number): Node {
  return applyOwned(rationalOp, [], { p, q });
}

/** The value of a {@link rationalOp} node, else undefined. */
export function rationalValue(n: Node): number | undefined {
  return n.op === rationalOp ? (n.attrs.p as number) / (n.attrs.q as number) : undefined;
}

/**
 * `diag(v)`: the square matrix with `v` on its diagonal, as in the Hessian of logSumExp,
 * `Aᵀ (diag(p) − p pᵀ) A`. Display only (the evaluated graph writes it `I ⊙ v`).
 */
export const diagOp: OpDef = {
  name: 'diag',
  arity: 1,
  category: 'Display',
  shape: ([s]) => {
    if (s!.length !== 1) throw new ShapeError(`diag: needs a vector; got ${formatShape(s!)}`);
    return [s![0]!, s![0]!];
  },
  forward: ([v]) => {
    const n = v!.size;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = v!.data[i]!;
    return new Tensor([n, n], out);
  },
  latex: (c) => ({ s: `\\operatorname{diag}${c.paren(c.raw(0))}`, prec: Prec.Atom, startsWithDigit: false }),
  text: (c) => ({ s: `diag(${c.raw(0)})`, prec: Prec.Atom, startsWithDigit: false }),
};

/** The display node `diag(v)`. */
export function diag(v: Node): Node {
  return applyOwned(diagOp, [v]);
}

/**
 * The ones `𝟏` of a shape (`\mathbf{1}`, `1` in text, as the ones of a sum `1ᵀx` print): the
 * factor that keeps a scalar spread over a vector a vector when printed, `⅓·1` for the
 * gradient of a mean. Display only (a ones constant would be dropped from a product as `x·1`).
 */
export const onesOp: OpDef = {
  name: 'ones',
  arity: 0,
  category: 'Display',
  shape: (_s, attrs) => attrs.shape as number[],
  forward: (_x, attrs) => full(attrs.shape as number[], 1),
  latex: () => ({ s: '\\mathbf{1}', prec: Prec.Atom, startsWithDigit: false }),
  text: () => ({ s: '1', prec: Prec.Atom, startsWithDigit: true }),
  dot: () => '1',
};

/** The display node of the ones of `shape`. */
export function ones(shape: readonly number[]): Node {
  return applyOwned(onesOp, [], { shape: [...shape] });
}
