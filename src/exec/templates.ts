/**
 * Scalar code templates of the built-in elementwise ops, for generated code.
 *
 * The table is keyed by op identity (the `OpDef` objects of the registry), never by name,
 * so a user op that shares a name with a built-in one is not mistaken for it. Each
 * template returns a JavaScript expression computing the op on scalar arguments that are
 * themselves safe expressions (an identifier of ours, a slot read or a numeric literal).
 * A template repeats its op's kernel formula exactly, so generated code computes the same
 * bits as the kernel; `tests/exec` checks every registry op against the interpreter.
 *
 * Templates never see user text: attributes reach the code only as numbers, formatted by
 * {@link numLiteral}.
 * @module
 * @internal
 */
import type { Attrs, OpDef } from '../graph/opdef.js';
import { InternalError } from '../errors.js';
import { addOp } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { subOp } from '../ops/sub.js';
import { mulOp } from '../ops/mul.js';
import { divOp } from '../ops/div.js';
import { negOp } from '../ops/neg.js';
import { powOp } from '../ops/pow.js';
import { expOp } from '../ops/exp.js';
import { logOp } from '../ops/log.js';
import { sqrtOp } from '../ops/sqrt.js';
import { absOp } from '../ops/abs.js';
import { signOp } from '../ops/sign.js';
import { stepOp } from '../ops/step.js';
import { sinOp } from '../ops/sin.js';
import { cosOp } from '../ops/cos.js';
import { tanOp } from '../ops/tan.js';
import { asinOp } from '../ops/asin.js';
import { acosOp } from '../ops/acos.js';
import { atanOp } from '../ops/atan.js';
import { sinhOp } from '../ops/sinh.js';
import { coshOp } from '../ops/cosh.js';
import { tanhOp } from '../ops/tanh.js';
import { sigmoidOp } from '../ops/sigmoid.js';
import { reluOp } from '../ops/relu.js';
import { softplusOp } from '../ops/softplus.js';
import { maximumOp } from '../ops/maximum.js';
import { minimumOp } from '../ops/minimum.js';

/** Builds the expression of one op from its argument expressions. */
export type ScalarTemplate = (args: readonly string[], attrs: Attrs) => string;

/**
 * A JavaScript literal for a number that is safe to splice into generated code: digits,
 * a sign, a point and an exponent only (`NaN` and `Infinity` as `(0/0)` and `(1/0)`).
 * @throws {@link InternalError} for a non-number (a bug: only numbers reach code)
 */
export function numLiteral(v: unknown): string {
  if (typeof v !== 'number') throw new InternalError(`codegen: a literal must be a number; got ${typeof v}`);
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  if (Object.is(v, -0)) return '(-0)';
  const s = String(v);
  if (!/^-?[0-9.]+(e[+-]?[0-9]+)?$/.test(s)) throw new InternalError(`codegen: unexpected number format ${s}`);
  return v < 0 ? `(${s})` : s;
}

const unary = (fn: string): ScalarTemplate => ([a]) => `Math.${fn}(${a})`;

let table: Map<OpDef, ScalarTemplate> | undefined;

/** The template table, built on first use (op modules may still be loading at import time). */
function templates(): Map<OpDef, ScalarTemplate> {
  if (table) return table;
  table = new Map<OpDef, ScalarTemplate>([
    [addOp, ([a, b]) => `(${a}+${b})`],
    [addNOp, (args) => `(${args.join('+')})`],
    [subOp, ([a, b]) => `(${a}-${b})`],
    [mulOp, ([a, b]) => `(${a}*${b})`],
    [divOp, ([a, b]) => `(${a}/${b})`],
    [negOp, ([a]) => `(-${a})`],
    // NOTE: V8's Math.pow(x, 2) is exactly x*x (checked over random doubles and the special values), and x*x is much faster.
    [powOp, ([a, b]) => (b === '2' ? `(${a}*${a})` : `Math.pow(${a},${b})`)],
    [expOp, unary('exp')],
    [logOp, unary('log')],
    [sqrtOp, unary('sqrt')],
    [absOp, unary('abs')],
    [signOp, unary('sign')],
    [stepOp, ([a], attrs) => `(${a}>0?1:${a}<0?0:${numLiteral(attrs.at0)})`],
    [sinOp, unary('sin')],
    [cosOp, unary('cos')],
    [tanOp, unary('tan')],
    [asinOp, unary('asin')],
    [acosOp, unary('acos')],
    [atanOp, unary('atan')],
    [sinhOp, unary('sinh')],
    [coshOp, unary('cosh')],
    [tanhOp, unary('tanh')],
    [sigmoidOp, ([a]) => `(${a}>=0?1/(1+Math.exp(-${a})):Math.exp(${a})/(1+Math.exp(${a})))`],
    [reluOp, ([a]) => `(${a}>0?${a}:0)`],
    [softplusOp, ([a]) => `(${a}>0?${a}+Math.log1p(Math.exp(-${a})):Math.log1p(Math.exp(${a})))`],
    [maximumOp, ([a, b]) => `(${a}>=${b}?${a}:${b})`],
    [minimumOp, ([a, b]) => `(${a}<=${b}?${a}:${b})`],
  ]);
  return table;
}

/** The scalar template of a built-in elementwise op, or `undefined` (user ops, non-elementwise ops). */
export function scalarTemplate(op: OpDef): ScalarTemplate | undefined {
  return templates().get(op);
}

/**
 * Characters generated code may contain. Generated code is built from our identifiers,
 * operators, indices and numeric literals only; a quote, backslash or backtick would mean
 * that text from elsewhere leaked in.
 */
const SAFE_CODE = /^[A-Za-z0-9_$\s.,;:?()[\]{}=+\-*/%<>!&|]*$/;

/** Asserts that generated source holds only what codegen emits. @throws {@link InternalError} */
export function assertSafeSource(src: string): void {
  if (!SAFE_CODE.test(src)) throw new InternalError('codegen: generated source contains unexpected characters');
}
