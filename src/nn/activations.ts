import { ArgumentError } from '../util/errors.js';
import { describeValue } from '../util/describe.js';
import { Node, toNode, type Operand } from '../core/node.js';
import { relu } from '../ops/relu.js';
import { sigmoid } from '../ops/sigmoid.js';
import { softplus } from '../ops/softplus.js';
import { tanh } from '../ops/tanh.js';

/** The activations known by name. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'softplus' | 'identity';

/** An activation: a name, or any function from a node to a node of the same shape. */
export type Activation = ActivationName | ((z: Node) => Node);

/** Accepted activation names, in the order error messages list them. */
const NAMES: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'softplus', 'identity'];

/**
 * The identity activation: `f(z) = z`, for linear output layers (logits, regression).
 *
 * Derivative: `f′(z) = 1`. It builds no node: the result is `z` itself, so a network whose
 * output activation is the identity ends in its pre-activation `z⁽ᴸ⁾`.
 * @param x a node, number or tensor
 * @returns `x` as a node (numbers and tensors become constants)
 * @example
 * const z = tg.variable('z', 3);
 * tg.nn.identity(z) === z; // → true
 * @see {@link activation}
 * @category Activations
 */
export function identity(x: Operand): Node {
  return toNode('identity', x);
}

/**
 * Resolves an activation given by name (`'sigmoid'`, `'tanh'`, `'relu'`, `'softplus'`,
 * `'identity'`) or as a function to a function from nodes to nodes.
 *
 * Derivatives: `σ′ = σ(1 − σ)`, `tanh′ = 1 − tanh²`, `relu′ = 1 if z > 0 else 0`,
 * `softplus′ = σ`, `identity′ = 1`.
 * @param a a name or a function
 * @returns the activation function
 * @throws {@link ArgumentError} for an unknown name
 * @example
 * tg.nn.activation('relu')(tg.constant([-1, 2])).value.toArray(); // → [0, 2]
 * @see {@link identity}
 * @category Activations
 */
export function activation(a: Activation): (z: Node) => Node {
  if (typeof a === 'function') return a;
  switch (a) {
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return tanh;
    case 'relu':
      return relu;
    case 'softplus':
      return softplus;
    case 'identity':
      return identity;
    default:
      throw new ArgumentError(`activation: unknown activation ${describeValue(a)}; accepted: ${NAMES.map((n) => `'${n}'`).join(', ')} or a function of a node`);
  }
}

/** True for the identity activation, by name or as the function. @internal */
export function isIdentity(a: Activation): boolean {
  return a === 'identity' || a === identity;
}
