/**
 * Helpers shared by the ops' construction-time rewrites (`OpDef.rewrites`). Questions about
 * other nodes compare op objects, never names.
 * @module
 */
import { constant, inputAt, isPlainConstant, type Node } from '../core/node.js';
import { sameShape, type Shape } from '../tensor/shape.js';
import { full } from '../tensor/tensor.js';
import { broadcastTo } from './broadcastTo.js';
import { negOp } from './neg.js';
import { mulOp } from './mul.js';
import { uniformValue } from '../core/constants.js';

/** `x` with `shape`: itself, or broadcast to it. */
export const fit = (x: Node, shape: Shape): Node => (sameShape(x.shape, shape) ? x : broadcastTo(x, shape));

/** An unnamed constant of `shape` filled with `v`. */
export const filled = (shape: Shape, v: number): Node => constant(full(shape, v));

/** The operand of an unnamed built-in negation `-x`, else undefined. */
export const negated = (n: Node): Node | undefined => (n.op === negOp && n.label === undefined ? inputAt(n, 0) : undefined);

/** `[k, x]` for an unnamed built-in product `k x` with a uniform constant `k`. */
export function scaled(n: Node): [number, Node] | undefined {
  if (n.op !== mulOp || n.label !== undefined) return undefined;
  const k = uniformValue(inputAt(n, 0));
  return k === undefined ? undefined : [k, inputAt(n, 1)];
}

export { isPlainConstant };
