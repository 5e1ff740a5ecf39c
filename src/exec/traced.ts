import { ArgumentError } from '../util/errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { evaluateTensors } from './evaluate.js';
import { grad } from '../autodiff/grad.js';
import { Node, variable } from '../core/node.js';

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Names of the inputs' variables (default: the function's parameter names, else `x0, x1, …`). */
  names?: readonly string[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads plain parameter names from a function's source text (never evaluated). */
function paramNames(fn: (...args: Node[]) => Node): string[] | undefined {
  const src = Function.prototype.toString.call(fn);
  const m = /^\s*(?:async\s*)?(?:function\b[^(]*)?\(([^)]*)\)/.exec(src) ?? /^\s*(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (!m) return undefined;
  const names = m[1]!.split(',').map((p) => p.trim()).filter((p) => p !== '');
  return names.every((n) => IDENT.test(n)) ? names : undefined;
}

/**
 * A function traced once into a graph: its input variables, its output node, its symbolic
 * gradient, and evaluation at new input values without re-tracing.
 * @example
 * const f = tg.trace((u, v) => u.mul(v), [2, 5]);
 * f.inputs.map((n) => n.name); // → ['u', 'v']
 * f.evaluate(3, 4); // → 12
 * f.grad(3, 4); // → [4, 3]
 * @category Graph
 */
export class TracedFunction {
  private grads: Node[] | undefined;
  /** @internal */
  constructor(
    /** The input variables, one per argument. */
    readonly inputs: readonly Node[],
    /** The output node. */
    readonly output: Node,
  ) {}

  /** The symbolic gradient of the (scalar) output with respect to each input. */
  get gradients(): readonly Node[] {
    return (this.grads ??= grad(this.output, [...this.inputs]));
  }

  private bind(where: string, values: readonly TensorLike[]): Map<Node, TensorLike> {
    if (values.length !== 0 && values.length !== this.inputs.length) {
      throw new ArgumentError(`${where}: the function takes ${this.inputs.length} inputs; got ${values.length} values`);
    }
    return new Map(values.map((v, i) => [this.inputs[i]!, v]));
  }

  /** The output at new input values (the traced variables keep their own values). */
  evaluate(...values: TensorLike[]): number | Tensor {
    const [t] = evaluateTensors([this.output], this.bind('evaluate', values));
    return t!.shape.length === 0 ? t!.data[0]! : t!;
  }

  /** The gradient values at new input values, one per input. */
  grad(...values: TensorLike[]): (number | Tensor)[] {
    return evaluateTensors([...this.gradients], this.bind('grad', values)).map((t) => (t.shape.length === 0 ? t.data[0]! : t));
  }
}

/**
 * Traces a function: runs a function of nodes once on fresh variables holding `inputs` and
 * returns the {@link TracedFunction} (its graph, its gradient, and evaluation at new values
 * without tracing again). The matrix trace is {@link tr}.
 * @param fn a function of nodes written with tracegrad ops
 * @param inputs example values, one per parameter
 * @param options `names`: the variables' names (default: the function's parameter names)
 * @throws {@link ArgumentError} when `fn` is not a function, `inputs` is not an array, or
 *   the function does not return a node
 * @example
 * const f = tg.trace((x, y) => tg.sin(x).mul(y), [0, 2]);
 * f.evaluate(); // → 0
 * f.grad(); // → [2, 0]
 * f.evaluate(Math.PI / 2, 3); // → 3
 * @category Graph
 */
export function trace(fn: (...args: Node[]) => Node, inputs: readonly TensorLike[], options: TraceOptions = {}): TracedFunction {
  if (typeof fn !== 'function') throw new ArgumentError(`trace: the first argument is a function of nodes; got ${fn === null ? 'null' : typeof fn} (the matrix trace is tr(X))`);
  if (!Array.isArray(inputs)) throw new ArgumentError(`trace: inputs must be an array of values; got ${typeof inputs}`);
  const given = options.names;
  if (given && given.length !== inputs.length) throw new ArgumentError(`trace: ${given.length} names for ${inputs.length} inputs`);
  const found = paramNames(fn);
  const names = given ?? (found && found.length === inputs.length ? found : inputs.map((_, i) => `x${i}`));
  const vars = inputs.map((v, i) => variable(names[i]!, v));
  const out = fn(...vars);
  if (!(out instanceof Node)) throw new ArgumentError(`trace: the function must return a Node built with tracegrad ops; got ${typeof out}`);
  return new TracedFunction(vars, out);
}
