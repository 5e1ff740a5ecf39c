/**
 * Questions about constant nodes that rewrites, `grad` and the printers ask.
 * @module
 */
import { isNode, isPlainConstant, type Node } from './node.js';
import { ArgumentError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';

/**
 * True for an unnamed constant whose value the graph's structure may depend on: a permanent
 * or structural constant, never data (see `ConstantClass`). Rewrites look only at these values,
 * so what a graph simplifies to never depends on the numbers in the data. @internal
 */
export function hasKnownValue(n: Node): boolean {
  return isPlainConstant(n) && n.leaf!.cls !== 'data';
}

/** True for an unnamed non-data constant whose every element equals `v`. @internal */
export function isConstantValue(n: Node, v: number): boolean {
  if (!hasKnownValue(n)) return false;
  const d = n.leaf!.value!.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== v) return false;
  return true;
}

/**
 * True for a node that is structurally zero: an unnamed constant of zeros (every such constant
 * is structural: its value is part of the graph's structure). A gradient that is
 * zero for a structural reason (the output does not depend on the input, or a local
 * derivative is identically zero) is such a node.
 * @example
 * const x = tg.variable('x', 1), u = tg.variable('u', 2);
 * tg.isZero(tg.grad(tg.sin(x), u)); // → true
 * tg.isZero(tg.grad(tg.sin(x), x)); // → false
 * @category Autodiff
 */
export function isZero(n: Node): boolean {
  if (!isNode(n)) throw new ArgumentError(`isZero: expected a Node; got ${describeValue(n)}`);
  return isConstantValue(n, 0);
}

/** The value of an unnamed non-data constant whose elements are all equal, else undefined. @internal */
export function uniformValue(n: Node): number | undefined {
  if (!hasKnownValue(n)) return undefined;
  const d = n.leaf!.value!.data;
  const v = d[0]!;
  for (let i = 1; i < d.length; i++) if (d[i] !== v) return undefined;
  return v;
}
