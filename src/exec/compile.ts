/**
 * Compiled execution of graphs: {@link compile} turns output nodes (a function and its
 * gradients together) into a reusable function that evaluates them without walking the
 * graph again.
 * @module
 */
import { ArgumentError, ShapeError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { Node } from '../core/node.js';
import { postOrder } from '../core/topo.js';
import { Tensor, toTensor, type TensorLike } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { compileScalar, newScan, scanNode, type ScalarProgram } from './scalar.js';
import { compileTensor, type TensorProgram } from './plan.js';

/** Options of {@link compile}. */
export interface CompileOptions {
  /**
   * The variables whose values the compiled function takes as arguments, in order. Any
   * other variable of the graph is read from its current value at each call.
   */
  inputs?: readonly Node[];
  /** @internal Keep the generated JavaScript source (tests read it as `f.source`). */
  keepSource?: boolean;
}

/** What compilation produced, for diagnostics and tests. */
export interface CompileStats {
  /** Nodes of the graph (leaves included). */
  nodes: number;
  /** Scalar graphs: statements of generated code; tensor graphs: kernel calls per run. */
  steps: number;
  /** Scalar graphs: slots that hold values across code chunks; tensor graphs: pooled intermediate buffers. */
  buffers: number;
  /** Scalar graphs: generated functions (chunks); tensor graphs: fused elementwise loops. */
  chunks: number;
  /** Tensor graphs: ops computed inside fused loops instead of materialised (0 for scalar graphs). */
  fused: number;
  /** Distinct generated functions: scalar chunks with the same computation share one. */
  functions: number;
}

/**
 * A compiled graph: call it with one value per input (or with none, to use every
 * variable's current value). It returns what {@link compile} was given: one value for one
 * output node, an array for an array; numbers for scalars, tensors otherwise.
 */
export interface CompiledFunction<R> {
  (...values: TensorLike[]): R;
  /** The output nodes, in order. */
  readonly outputs: readonly Node[];
  /** The input variables, in the order the arguments bind them. */
  readonly inputs: readonly Node[];
  /** Every variable the outputs depend on. */
  readonly variables: readonly Node[];
  /** `'scalar'`: straight-line generated code; `'tensor'`: a plan of kernel calls. */
  readonly kind: 'scalar' | 'tensor';
  /** Sizes of what was generated. */
  readonly stats: CompileStats;
  /** @internal The generated source (only with the `keepSource` option). */
  readonly source: readonly string[] | undefined;
}

/**
 * A graph compiled for repeated evaluation, independent of how values are bound.
 * @internal
 */
export interface Program {
  readonly kind: 'scalar' | 'tensor';
  /** Every variable of the graph, in topological order (or the inputs it was compiled with); `run` takes one value for each. */
  readonly variables: readonly Node[];
  readonly outputs: readonly Node[];
  readonly stats: CompileStats;
  readonly source: readonly string[] | undefined;
  /** Evaluates the outputs; `values[i]` is the value of `variables[i]`. */
  run(values: readonly Tensor[]): Tensor[];
  /** The scalar program, for scalar graphs (numbers in, numbers out). */
  readonly scalar: ScalarProgram | undefined;
}

/**
 * Compiles output nodes into a {@link Program}. Scalar graphs become generated code,
 * others a plan of kernel calls.
 * @internal
 */
export function buildProgram(outputs: readonly Node[], keepSource = false, given?: readonly Node[], inputs?: readonly Node[]): Program {
  // One pass over the nodes (they are scattered in memory; each visit costs cache misses):
  // the walk that orders them, or a loop over the order given, also finds the variables,
  // whether every value is a scalar, and the sums the scalar compiler splits.
  const variables: Node[] = [];
  const found = newScan();
  let allScalar = true;
  const scan = (n: Node, k: number): void => {
    if (inputs === undefined && n.leaf?.kind === 'variable') variables.push(n);
    if (allScalar) {
      if (n.shape.length !== 0) allScalar = false;
      else scanNode(found, n, k);
    }
  };
  let order: readonly Node[];
  if (given === undefined) {
    const list: Node[] = [];
    postOrder(outputs, {
      emit(n, k) {
        list.push(n);
        scan(n, k);
      },
    });
    order = list;
  } else {
    order = given;
    for (let k = 0; k < order.length; k++) scan(order[k]!, k);
  }
  // Explicit inputs: every variable and the constants whose values are passed in (a graph
  // compiled by structure, run on other graphs of the same structure).
  if (inputs !== undefined) for (const v of inputs) variables.push(v);
  if (allScalar) {
    const p = compileScalar(order, outputs, variables, keepSource, found);
    const buf = new Float64Array(variables.length);
    return {
      kind: 'scalar',
      variables,
      outputs,
      stats: { nodes: order.length, steps: p.statements, buffers: p.slots, chunks: p.chunks, fused: 0, functions: p.functions },
      source: p.source,
      scalar: p,
      run(values: readonly Tensor[]): Tensor[] {
        for (let i = 0; i < buf.length; i++) buf[i] = values[i]!.data[0]!;
        const out = p.run(buf);
        return Array.from(out, (v) => new Tensor([], Float64Array.of(v)));
      },
    };
  }
  const p: TensorProgram = compileTensor(order, outputs, variables, keepSource);
  // (Output shapes, not the output nodes: a program kept by structure must not keep its graph alive.)
  const shapes = outputs.map((o) => o.shape);
  return {
    kind: 'tensor',
    variables,
    outputs,
    stats: { nodes: order.length, steps: p.steps, buffers: p.buffers, chunks: p.loops, fused: p.fusedNodes, functions: p.loops },
    source: p.source,
    scalar: undefined,
    run(values: readonly Tensor[]): Tensor[] {
      const out = p.run(values.map((t) => t.data));
      return out.map((d, i) => new Tensor(shapes[i]!, d));
    },
  };
}

/** The current value of a variable, or the error `evaluate` gives when it has none. @internal */
export function currentValue(v: Node): Tensor {
  const t = v.leaf!.value;
  if (!t) {
    throw new ArgumentError(`evaluate: variable '${v.leaf!.name}' has no value; assign one (${v.leaf!.name}.assign(v)) or pass it in bindings`);
  }
  return t;
}

function checkFinite(where: string, d: Float64Array): void {
  // One branch-free pass (x·0 is NaN exactly for NaN and ±Infinity), then the index on failure.
  let probe = 0;
  for (let i = 0; i < d.length; i++) probe += d[i]! * 0;
  if (probe === 0) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) throw new ArgumentError(`${where}: value is not finite at flat index ${i}; got ${d[i]}`);
  }
}

/**
 * Compiles nodes (a function and its gradients, typically) into a function that
 * evaluates all of them at once, many times, without walking the graph. Scalar graphs
 * (every node of shape `[]`) become straight-line JavaScript, generated in chunks so that
 * graphs of millions of nodes compile; tensor graphs become a plan of kernel calls with
 * preallocated buffers reused once dead, chains of elementwise ops fused into single
 * loops, and matrix products that read transposed operands in place. Values agree with
 * `evaluate` and `node.value`.
 *
 * Generated code contains only indices and numbers, never names or labels.
 * @param outputs one node or several
 * @param options `inputs`: the variables bound by the arguments, in order (others are read
 *   from their current values at each call)
 * @returns the compiled function: call it with one value per input, or with no arguments
 *   to use the variables' current values (JavaScript passes at most about 10⁵ arguments in one
 *   call: for more inputs, make them one tensor variable)
 * @throws {@link ArgumentError} for non-nodes, an input that is not a variable, a repeated
 *   input or an unknown option; the compiled function throws {@link ArgumentError} for a
 *   wrong number of values or a non-finite value and {@link ShapeError} for a value of the
 *   wrong shape
 * @example
 * const x = tg.variable('x', 2), y = tg.variable('y', 3);
 * const f = tg.compile([x.mul(y), tg.grad(x.mul(y), x)], { inputs: [x, y] });
 * f(4, 5); // → [20, 5]
 * f(); // → [6, 3]
 * tg.compile(tg.sum(tg.variable('v', [1, 2, 3]))).kind; // → 'tensor'
 * @see {@link evaluate}, {@link grad}
 * @category Evaluation
 */
export function compile(outputs: Node, options?: CompileOptions): CompiledFunction<number | Tensor>;
export function compile(outputs: readonly Node[], options?: CompileOptions): CompiledFunction<(number | Tensor)[]>;
export function compile(outputs: Node | readonly Node[], options: CompileOptions = {}): CompiledFunction<number | Tensor | (number | Tensor)[]> {
  const single = outputs instanceof Node;
  const list = single ? [outputs] : outputs;
  if (!Array.isArray(list) || list.length === 0 || list.some((n) => !(n instanceof Node))) {
    throw new ArgumentError(`compile: outputs must be a Node or a non-empty array of Nodes; got ${Array.isArray(list) ? `an array of ${list.length} with ${list.length ? 'non-nodes' : 'nothing'}` : typeof outputs}`);
  }
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`compile: options must be an object; got ${options === null ? 'null' : typeof options}`);
  checkOptions('compile', options, ['inputs', 'keepSource']);
  const inputs = options.inputs ?? [];
  if (!Array.isArray(inputs)) throw new ArgumentError(`compile: inputs must be an array of variables; got ${typeof inputs}`);
  // Each input's argument position (a Map: indexOf per input was quadratic, 17 s for 2·10⁵ inputs).
  const position = new Map<Node, number>();
  inputs.forEach((v, i) => {
    if (!(v instanceof Node) || !v.isVariable) {
      throw new ArgumentError(`compile: inputs must be variables; input ${i} is ${v instanceof Node ? `a ${v.op.name} node` : typeof v}`);
    }
    if (position.has(v)) throw new ArgumentError(`compile: variable '${v.leaf!.name}' is listed twice in inputs`);
    position.set(v, i);
  });

  const program = buildProgram(list as Node[], options.keepSource === true);
  const { variables } = program;
  // For each variable of the graph: the argument that binds it, or -1 (current value).
  const argOf = variables.map((v) => position.get(v) ?? -1);
  const inGraph = new Set(variables);
  const names = inputs.map((v) => v.leaf!.name!);
  const shapes = inputs.map((v) => v.shape);
  const toValue = (i: number, value: TensorLike): Tensor => {
    const where = `compiled function: value of '${names[i]}'`;
    let t: Tensor;
    if (value instanceof Tensor) {
      t = value;
      checkFinite(where, t.data);
    } else t = toTensor(where, value);
    if (!sameShape(t.shape, shapes[i]!)) {
      throw new ShapeError(`${where}: the variable has shape ${formatShape(shapes[i]!)}; got a value of shape ${formatShape(t.shape)}`);
    }
    return t;
  };
  const arity = (n: number) => {
    if (n !== 0 && n !== inputs.length) {
      throw new ArgumentError(`compiled function: takes ${inputs.length} value${inputs.length === 1 ? '' : 's'} (${names.join(', ') || 'none'}), or none to use the current values; got ${n}`);
    }
  };
  const unused = inputs.map((v, i) => (inGraph.has(v) ? -1 : i)).filter((i) => i >= 0);
  const wrap = (t: Tensor): number | Tensor => (t.shape.length === 0 ? t.data[0]! : t);

  let fn: (...values: TensorLike[]) => number | Tensor | (number | Tensor)[];
  const sp = program.scalar;
  if (sp) {
    // Scalar graphs: numbers in, numbers out, no tensors on the way.
    const buf = new Float64Array(variables.length);
    const scalarArgs = shapes.every((s) => s.length === 0);
    fn = (...values) => {
      arity(values.length);
      for (let j = 0; j < variables.length; j++) {
        const i = argOf[j]!;
        if (i < 0 || values.length === 0) buf[j] = currentValue(variables[j]!).data[0]!;
        else {
          const v = values[i];
          if (scalarArgs && typeof v === 'number') {
            if (!Number.isFinite(v)) throw new ArgumentError(`compiled function: value of '${names[i]}' is not finite; got ${v}`);
            buf[j] = v;
          } else buf[j] = toValue(i, v!).data[0]!;
        }
      }
      // Values bound to inputs the graph does not use are still checked (a wrong value is never accepted).
      if (values.length) for (const i of unused) toValue(i, values[i]!);
      const out = sp.run(buf);
      return single ? out[0]! : Array.from(out);
    };
  } else {
    fn = (...values) => {
      arity(values.length);
      const vals = variables.map((v, j) => {
        const i = argOf[j]!;
        return i < 0 || values.length === 0 ? currentValue(v) : toValue(i, values[i]!);
      });
      // Values bound to inputs the graph does not use are still checked.
      if (values.length) for (const i of unused) toValue(i, values[i]!);
      const out = program.run(vals).map(wrap);
      return single ? out[0]! : out;
    };
  }
  return Object.assign(fn, {
    outputs: Object.freeze([...list]) as readonly Node[],
    inputs: Object.freeze([...inputs]) as readonly Node[],
    variables,
    kind: program.kind,
    stats: program.stats,
    source: program.source,
  }) as CompiledFunction<number | Tensor | (number | Tensor)[]>;
}
