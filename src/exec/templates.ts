/**
 * Scalar code templates for generated code: each op's own (`OpDef.scalar`), read through the
 * op object, never its name, so a user op that shares a name with a built-in one is not
 * mistaken for it. A template returns a JavaScript expression computing the op on scalar
 * arguments that are themselves safe expressions (an identifier of ours, a slot read or a
 * numeric literal). It repeats its op's kernel formula exactly, so generated code computes
 * the same bits as the kernel; `tests/exec` checks every registry op against the interpreter.
 *
 * Templates never see user text: attributes reach the code only as numbers, formatted by
 * {@link numLiteral}, and {@link assertSafeSource} checks every generated source.
 * @module
 */
import type { Attrs, OpDef } from '../core/opdef.js';
import { InternalError } from '../util/errors.js';

/** Builds the expression of one op from its argument expressions. */
export type BoundTemplate = (args: readonly string[], attrs: Attrs) => string;

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

const bound = new WeakMap<OpDef, BoundTemplate>();

/** The scalar template of an op (its `scalar` field, with safe numeric literals), or `undefined`. */
export function scalarTemplate(op: OpDef): BoundTemplate | undefined {
  const t = op.scalar;
  if (t === undefined) return undefined;
  let b = bound.get(op);
  if (b === undefined) bound.set(op, (b = (args, attrs) => t(args, attrs, numLiteral)));
  return b;
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
