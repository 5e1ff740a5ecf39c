/**
 * The op lists of the fuzz tests, read from the op registry, so that a new op is fuzzed
 * without editing a test: the elementwise ops by arity, and a way to keep each input inside
 * the sampling domain its op declares (`OpDef.domain`), so that random expressions stay
 * where every op is real and smooth.
 */
import * as tg from '../../src/index.js';
import type { Domain, Node, OpDef } from '../../src/index.js';

/** Registered elementwise ops with one input (`exp`, `acosh`, …). */
export const UNARY_OPS: readonly OpDef[] = tg.ops.registry.filter((op) => op.elementwise === true && op.arity === 1);
/** Registered elementwise ops with two inputs (`add`, `pow`, `nthRoot`, …). */
export const BINARY_OPS: readonly OpDef[] = tg.ops.registry.filter((op) => op.elementwise === true && op.arity === 2);

/** True for an op without a kink: central differences hold everywhere it is sampled. */
export const smooth = (op: OpDef): boolean => op.kink === undefined;

/** The interval input `i` of `op` is kept in, or undefined when the op declares no domain (it is defined on every real). */
export function declaredDomain(op: OpDef, i: number): Domain | undefined {
  return op.domain?.[i];
}

/**
 * `x` kept inside the declared domain of input `i` of `op`: `lo + (hi - lo) σ(x)`, or `x`
 * itself when the op declares none. Smooth, so gradients through it are exact.
 */
export function intoDomain(op: OpDef, i: number, x: Node): Node {
  const d = declaredDomain(op, i);
  return d ? tg.add(d.min, tg.mul(d.max - d.min, tg.sigmoid(x))) : x;
}

/** `op` applied to its operands, each kept inside its domain. */
export function applyInDomain(op: OpDef, operands: readonly Node[]): Node {
  return tg.apply(op, operands.map((x, i) => intoDomain(op, i, x)));
}
