/**
 * mathjs as the independent reference of the op tests: each op's scalar reference expression
 * (for values), and the expression whose `mathjs.derivative` is the reference derivative
 * (the same one, except for the few ops mathjs cannot differentiate or differentiates wrongly).
 * Shared by tests/ops.registry.test.ts and the derivative fuzz (tests/parse/mathjsDerivative.test.ts).
 */
import { derivative, isFunctionNode, OperatorNode, parse, type MathNode } from 'mathjs';
import type { OpDef } from '../../src/index.js';

/**
 * Equivalent scalar expressions for ops whose reference mathjs cannot differentiate
 * (mathjs.derivative has no rule for max, min, sum, mean, norm, log2) or differentiates
 * wrongly (mathjs 15's rule for acoth has the wrong sign; tests/ops/acoth.test.ts shows it).
 * tests/ops.registry.test.ts checks each one equals the op's reference in value.
 */
export const DERIVATIVE_REFERENCE: Record<string, string> = {
  relu: '(x + abs(x)) / 2',
  maximum: '(a + b + abs(a - b)) / 2',
  minimum: '(a + b - abs(a - b)) / 2',
  sum: 'x',
  mean: 'x',
  norm: 'sqrt(x^2)',
  log2: 'log(x, 2)',
  acoth: 'atanh(1 / x)',
};

/** The op's scalar reference in mathjs: its `reference`, else its mathjs call on `x` (unary) or `a, b` (binary). */
export function referenceOf(op: OpDef): string | undefined {
  if (op.reference !== undefined) return op.reference;
  if (op.mathjs === undefined) return undefined;
  return op.arity === 1 ? `${op.mathjs}(x)` : op.arity === 2 ? `${op.mathjs}(a, b)` : undefined;
}

/** The expression whose mathjs derivative is the op's reference derivative. */
export function derivativeReferenceOf(op: OpDef): string | undefined {
  return DERIVATIVE_REFERENCE[op.name] ?? referenceOf(op);
}

/** mathjs differentiates operators but not the function forms add(a, b), …: rewrite them. */
export function toOperators(node: MathNode): MathNode {
  return node.transform((n: MathNode): MathNode => {
    if (!isFunctionNode(n)) return n;
    const args = n.args.map(toOperators);
    switch (n.fn.name) {
      case 'add': return new OperatorNode('+', 'add', args);
      case 'subtract': return new OperatorNode('-', 'subtract', args);
      case 'multiply': return new OperatorNode('*', 'multiply', args);
      case 'divide': return new OperatorNode('/', 'divide', args);
      case 'pow': return new OperatorNode('^', 'pow', args);
      case 'unaryMinus': return new OperatorNode('-', 'unaryMinus', args);
      default: return n;
    }
  });
}

/** True when mathjs can differentiate the op's derivative reference in each of its inputs. */
export function mathjsDifferentiates(op: OpDef): boolean {
  const ref = derivativeReferenceOf(op);
  if (ref === undefined || (op.arity !== 1 && op.arity !== 2)) return false;
  try {
    const tree = toOperators(parse(ref));
    for (const v of op.arity === 1 ? ['x'] : ['a', 'b']) derivative(tree, v);
    return true;
  } catch {
    return false;
  }
}
