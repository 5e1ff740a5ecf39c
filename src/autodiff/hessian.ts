import { ArgumentError, ShapeError } from '../util/errors.js';
import { Node, structuralConstant } from '../core/node.js';
import { zeros } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { stack } from '../ops/stack.js';
import { grad } from './grad.js';
import { jacobian } from './jacobian.js';
import { reshape } from '../ops/reshape.js';

/**
 * The Hessian of a scalar `y` with respect to a scalar or vector `x`, as a node: `∂²y/∂x²`
 * (a scalar for scalar `x`, an `[n, n]` matrix for `x` of shape `[n]`). Where matrix calculus
 * has a closed form it is one matrix expression (`A + Aᵀ` for `xᵀA x`, `Aᵀ (diag(p) − p pᵀ) A`
 * for `logSumExp(A x)` with `p = softmax(A x)`, `2 AᵀA` for `‖A x − b‖²`): the Jacobian of the
 * gradient, derived forward over its expression (see `autodiff/jacobian.ts`). Otherwise it is
 * built as reverse over reverse: row `i` is the gradient of `(∂y/∂x)ᵢ`. With a second variable `z`, the block
 * of mixed second derivatives `∂²y/∂x∂z` (shape `[...x.shape, ...z.shape]`): row `i` is the
 * gradient of `(∂y/∂x)ᵢ` with respect to `z`.
 * @param y a scalar node
 * @param x a scalar or vector node
 * @param z a scalar or vector node (default `x`)
 * @returns the Hessian node
 * @throws {@link ShapeError} when `y` is not scalar or `x` or `z` has more than one axis
 * @example
 * const x = tg.variable('x', 3), z = tg.variable('z', 2);
 * tg.hessian(x.pow(3), x).value; // → 18
 * tg.hessian(x.pow(2).mul(z), x, z).value; // → 6
 * @category Autodiff
 */
export function hessian(y: Node, x: Node, z: Node = x): Node {
  if (!(y instanceof Node) || !(x instanceof Node) || !(z instanceof Node)) throw new ArgumentError('hessian: y, x and z must be Nodes');
  if (y.rank !== 0) throw new ShapeError(`hessian: y must be a scalar; got ${formatShape(y.shape)}`);
  if (x.rank > 1) throw new ShapeError(`hessian: x must be a scalar or a vector; got ${formatShape(x.shape)}`);
  if (z.rank > 1) throw new ShapeError(`hessian: z must be a scalar or a vector; got ${formatShape(z.shape)}`);
  const g = grad(y, x);
  if (x.rank === 0) return grad(g, z);
  // The closed form when matrix calculus has one (A + Aᵀ for xᵀA x): one matrix expression.
  const closed = jacobian(g, z);
  if (closed !== undefined) return reshape(closed, [...x.shape, ...z.shape]);
  const n = x.shape[0]!;
  const rows = Array.from({ length: n }, (_, i) => {
    const e = zeros([n]);
    e.data[i] = 1;
    return grad(g, z, structuralConstant(e));
  });
  return stack(rows, 0);
}
