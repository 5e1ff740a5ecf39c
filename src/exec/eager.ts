/**
 * Eager training loops: `grad` and `backward()` that recognise a structure seen before.
 *
 * The loop courses teach (micrograd's) builds a new graph every step: fresh data, the same
 * network. Each step's graph then has the structure of the last one (see `structure.ts`), and
 * the gradient derived for one is, node for node, the gradient of the other on other numbers.
 * So the first time a structure is seen its gradient is derived as usual; the second time the
 * derivation is recorded into a template (the gradient's nodes by the positions of their
 * inputs, and how each constant it made was computed); from then on the gradient is rebuilt
 * from the template on the new graph's nodes, without deriving, and its values come from one
 * program compiled for the structure, fed the new graph's leaves. `backward()` needs no nodes
 * at all: it runs the program and stores each variable's gradient.
 *
 * Why a rebuilt gradient equals a derived one: built-in rules read only shapes and attributes,
 * and rewrites read only the values of permanent and structural constants, which are part of
 * the structure; a constant a rule computes from data (a fold) is recomputed from the new data,
 * and if its kind of value changed (data became a structural zero) the template is not used.
 * Graphs with a user op are never templated: its rules may read anything.
 * @module
 */
import { ShapeError } from '../util/errors.js';
import {
  constant, constantOfClass, currentEpoch, installNodeHooks, internDirect, recordConstants, structuralConstant,
  type ConstantClass, type Fold, type Node, type Operand,
} from '../core/node.js';
import type { Attrs, OpDef } from '../core/opdef.js';
import { topoOrder } from '../core/topo.js';
import { runForward } from '../core/checks.js';
import { registry } from '../ops/index.js';
import { derive, gradArgs } from '../autodiff/grad.js';
import { scalarTensor, Tensor } from '../tensor/tensor.js';
import { formatShape, type Shape } from '../tensor/shape.js';
import { buildProgram, currentValue, type Program } from './compile.js';
import { evaluateRoots, joinGroup, numberOf, remember, rememberNumber, valueOf, type ValueGroup } from './evaluate.js';
import { fingerprint, setFingerprintOps, StructureCache, type Fingerprint } from './structure.js';

setFingerprintOps(registry);

/** Graphs larger than this are not templated (a one-off graph of millions of nodes would be held by the cache). */
const MAX_TEMPLATE_NODES = 300_000;
/** Structures remembered. */
const CAPACITY = 32;

/** One node or constant a template makes; `ins` are references (see {@link Template}). */
type Extra =
  | { readonly kind: 'node'; readonly op: OpDef; readonly attrs: Attrs; readonly shape: Shape; readonly label: string | undefined; readonly ins: Int32Array }
  | { readonly kind: 'same'; readonly node: Node }
  | { readonly kind: 'fresh'; readonly value: Tensor; readonly cls: ConstantClass }
  | { readonly kind: 'fold'; readonly op: OpDef; readonly attrs: Attrs; readonly shape: Shape; readonly ins: Int32Array; readonly cls: ConstantClass };

/**
 * A derivation as a recipe. A reference `r ≥ 0` is position `r` of the forward graph's order;
 * `r < 0` is the extra `~r`, made in order (each after what it refers to).
 */
interface Template {
  readonly extras: readonly Extra[];
  /** The gradients, one reference each. */
  readonly grads: Int32Array;
  /** The program's input leaves (variables, data constants), as references; and the program, once compiled. */
  readonly inputs: Int32Array;
  /** True when some input is a constant the derivation made (so the template's constants must be remade to run the program). */
  readonly hasConstantInputs: boolean;
  program: Program | undefined;
}

/** What the cache knows of one structure: how often it was derived, and its template once made. */
interface Entry {
  seen: number;
  template: Template | undefined;
  /** True when the structure cannot be templated (a constant of unknown origin). */
  never: boolean;
}

const cache = new StructureCache<Entry>(CAPACITY);

/** Counts for tests and benchmarks. @internal */
export const eagerStats = { derived: 0, rebuilt: 0, compiled: 0, backwardFast: 0 };

// ---------------------------------------------------------------------------------------
// Recording a derivation into a template.

function record(y: Node, xs: readonly Node[], dy: Node, order: readonly Node[]): { grads: Node[]; made: Map<Node, Fold | undefined> } {
  const made = new Map<Node, Fold | undefined>();
  const grads = recordConstants({ made: (n, fold) => void made.set(n, fold) }, () => derive(y, xs, dy, order));
  return { grads, made };
}

/** The template of a recorded derivation, or undefined when one of its constants has an unknown origin. */
function template(order: readonly Node[], roots: readonly Node[], grads: readonly Node[], made: ReadonlyMap<Node, Fold | undefined>): Template | undefined {
  const ref = new Map<Node, number>();
  order.forEach((n, i) => ref.set(n, i));
  const extras: Extra[] = [];
  const children = (n: Node): readonly Node[] => {
    if (n.leaf === undefined) return n.inputs;
    const fold = made.get(n);
    return fold ? fold.inputs : [];
  };
  // Post-order over what the derivation made, stopping at the forward graph.
  for (const g of grads) {
    if (ref.has(g)) continue;
    const stack: { n: Node; i: number }[] = [{ n: g, i: 0 }];
    const onStack = new Set<Node>([g]);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const kids = children(top.n);
      if (top.i < kids.length) {
        const c = kids[top.i++]!;
        if (!ref.has(c) && !onStack.has(c)) {
          onStack.add(c);
          stack.push({ n: c, i: 0 });
        }
        continue;
      }
      stack.pop();
      const n = top.n;
      const ins = Int32Array.from(children(n), (c) => ref.get(c)!);
      const leaf = n.leaf;
      let e: Extra;
      if (leaf === undefined) e = { kind: 'node', op: n.op, attrs: n.attrs, shape: n.shape, label: n.label, ins };
      else if (leaf.kind === 'constant' && leaf.cls === 'permanent') e = { kind: 'same', node: n };
      else if (leaf.kind === 'constant' && made.has(n)) {
        const fold = made.get(n);
        e = fold ? { kind: 'fold', op: fold.op, attrs: fold.attrs, shape: fold.shape, ins, cls: leaf.cls! } : { kind: 'fresh', value: leaf.value!, cls: leaf.cls! };
      } else return undefined; // a variable or constant that neither the graph nor the derivation has
      ref.set(n, ~extras.length);
      extras.push(e);
    }
  }
  // The program: the output and the gradients, its inputs the leaves whose values vary.
  const outputs = [roots[0]!, ...grads];
  const leaves = topoOrder(outputs).filter((n) => n.leaf !== undefined && (n.leaf.kind === 'variable' || n.label !== undefined || n.leaf.cls === 'data'));
  return {
    extras,
    grads: Int32Array.from(grads, (g) => ref.get(g)!),
    inputs: Int32Array.from(leaves, (n) => ref.get(n)!),
    hasConstantInputs: leaves.some((n) => ref.get(n)! < 0),
    program: undefined,
  };
}

const one: Node[] = [undefined as unknown as Node];
const two: Node[] = [undefined as unknown as Node, undefined as unknown as Node];

/**
 * The template's extras made on a new graph of the same structure, or undefined when a
 * recomputed constant changed kind. With `constantsOnly`, only the constants are made (what a
 * program's inputs need: a constant never depends on a node the derivation made).
 */
function rebuild(t: Template, order: readonly Node[], constantsOnly = false): Node[] | undefined {
  const made: Node[] = new Array<Node>(t.extras.length);
  const at = (r: number): Node => (r >= 0 ? order[r]! : made[~r]!);
  for (let k = 0; k < t.extras.length; k++) {
    const e = t.extras[k]!;
    switch (e.kind) {
      case 'node': {
        if (constantsOnly) break;
        const count = e.ins.length;
        // A node keeps one or two inputs in its fields, not the array: one scratch array serves.
        const ins: Node[] = count === 1 ? one : count === 2 ? two : new Array<Node>(count);
        for (let i = 0; i < count; i++) ins[i] = at(e.ins[i]!);
        made[k] = internDirect(e.op, ins, e.attrs, e.shape, e.label);
        break;
      }
      case 'same':
        made[k] = e.node;
        break;
      case 'fresh':
        made[k] = constantOfClass(e.value, e.cls);
        break;
      case 'fold': {
        const ins = Array.from(e.ins, (r) => at(r));
        const v = runForward(e.op, ins.map((c) => c.leaf!.value!), e.attrs, e.shape);
        const n = ins.every((c) => c.leaf!.cls !== 'data') ? structuralConstant(v) : v.rank === 0 ? constant(v.data[0]!) : constant(v);
        if (n.leaf!.cls !== e.cls) return undefined;
        made[k] = n;
        break;
      }
    }
  }
  return made;
}

// ---------------------------------------------------------------------------------------
// Values of a rebuilt gradient: one program per structure.

/**
 * The program of a template, compiled on first use from the graph at hand (`outputs`, with
 * input `leaves`): every graph rebuilt from the template has the same structure.
 */
function programOf(t: Template, outputs: readonly Node[], leaves: readonly Node[]): Program {
  if (t.program) return t.program;
  const p = buildProgram(outputs, false, undefined, leaves);
  // Only what runs it is kept: the program must not keep the graph it was compiled from alive.
  t.program = { kind: p.kind, run: p.run, scalar: p.scalar, variables: [], outputs: [], stats: p.stats, source: undefined };
  eagerStats.compiled++;
  return t.program;
}

/**
 * Runs the template's program on a graph whose input leaves are `leaves`, and stores each
 * output's value with `store` (numbers for a scalar graph: no tensor is made).
 */
function runProgram(p: Program, leaves: readonly Node[], store: (i: number, v: Tensor | number) => void): void {
  const sp = p.scalar;
  if (sp !== undefined) {
    const buf = new Float64Array(leaves.length);
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i]!.leaf!;
      buf[i] = leaf.hasValue ? leaf.number : currentValue(leaves[i]!).data[0]!;
    }
    const out = sp.run(buf);
    for (let i = 0; i < out.length; i++) store(i, out[i]!);
    return;
  }
  const values = new Array<Tensor>(leaves.length);
  for (let i = 0; i < leaves.length; i++) values[i] = currentValue(leaves[i]!);
  const out = p.run(values);
  for (let i = 0; i < out.length; i++) store(i, out[i]!);
}

/** Makes a loss and its rebuilt gradients one value group, valued by the template's program. */
function groupOf(t: Template, outputs: readonly Node[], leaves: readonly Node[]): ValueGroup {
  return {
    outputs,
    run(epoch: number) {
      runProgram(programOf(t, outputs, leaves), leaves, (i, v) => {
        const n = outputs[i]!;
        if (n.leaf !== undefined) return;
        if (typeof v === 'number') rememberNumber(n, v, epoch);
        else remember(n, v, epoch);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------
// grad and backward.

/** The gradients of `y` (with seed `dy`) with respect to `xs`, rebuilt from a template when the structure is known. */
function gradients(y: Node, xs: readonly Node[], dy: Node, fp: Fingerprint | undefined): { grads: Node[]; group: ValueGroup | undefined } {
  const order = fp?.order;
  const entry = fp ? cache.get(fp) : undefined;
  if (fp && entry?.template) {
    const made = rebuild(entry.template, fp.order);
    if (made) {
      eagerStats.rebuilt++;
      const at = (r: number): Node => (r >= 0 ? fp.order[r]! : made[~r]!);
      const grads = Array.from(entry.template.grads, at);
      const leaves = Array.from(entry.template.inputs, at);
      return { grads, group: groupOf(entry.template, [y, ...grads], leaves) };
    }
  }
  eagerStats.derived++;
  if (!fp) return { grads: derive(y, xs, dy), group: undefined };
  if (entry === undefined) {
    cache.set(fp, { seen: 1, template: undefined, never: false });
    return { grads: derive(y, xs, dy, order), group: undefined };
  }
  entry.seen++;
  if (entry.never || entry.template) return { grads: derive(y, xs, dy, order), group: undefined };
  // Seen before: derive once more, recording, and keep the template.
  const { grads, made } = record(y, xs, dy, fp.order);
  const roots = dy.leaf?.cls === 'permanent' ? [y] : [y, dy];
  const t = template(fp.order, roots, grads, made);
  if (t) entry.template = t;
  else entry.never = true;
  return { grads, group: undefined };
}

/** The fingerprint of `y` (and a seed that is not the constant 1) with `xs` marked. */
function fingerprintOf(y: Node, xs: readonly Node[], dy: Node): Fingerprint | undefined {
  return fingerprint(dy.leaf?.cls === 'permanent' ? [y] : [y, dy], xs, MAX_TEMPLATE_NODES);
}

/**
 * Symbolic reverse-mode gradient: the nodes `∂y/∂x` for each `x` in `xs` (with `y` scalar),
 * or the vector-Jacobian product `dyᵀ ∂y/∂x` when a seed `dy` of `y`'s shape is given.
 * The result is a graph of ordinary nodes: evaluate it (`.value`), print it, or
 * differentiate it again. Only the path from `xs` to `y` is walked. Where a node feeds
 * several others, its adjoint is the sum of their terms: an {@link add} for two, one
 * {@link addN} for more. An input that `y` does not depend on gets a structurally zero
 * gradient ({@link isZero} tells; so does {@link dependsOn}).
 *
 * A loop that builds a graph of the same structure every step (fresh data, the same network)
 * gets its gradients rebuilt from the derivation of an earlier step instead of derived again,
 * and the values of the loss and all its gradients computed together by one compiled program,
 * on the first `.value` read of any of them.
 * @param y the output (a scalar unless `dy` is given)
 * @param xs one node or several (variables or intermediate nodes)
 * @param dy the seed (default 1 for scalar `y`): a finite number or an array of finite numbers,
 *   or a tensor or node (data, taken as it is, NaN and all)
 * @returns one gradient node per `x` (an array, or a single node when `xs` is a node), each with its `x`'s shape
 * @throws {@link ShapeError} when `y` is not scalar and no seed is given; {@link GradientNotImplementedError} for an op without a rule;
 * {@link ArgumentError} for a seed typed as a number or array that is NaN or infinite
 * @example
 * const x = tg.variable('x', 3);
 * const [dx] = tg.grad(x.mul(x), [x]);
 * dx.value; // → 6
 * tg.toText(dx); // → '2·x'
 * @category Autodiff
 */
export function grad(y: Node, xs: readonly Node[], dy?: Operand): Node[];
export function grad(y: Node, xs: Node, dy?: Operand): Node;
export function grad(y: Node, xs: Node | readonly Node[], dy?: Operand): Node | Node[] {
  const a = gradArgs('grad', y, xs, dy);
  const { grads, group } = gradients(a.y, a.xs, a.dy, fingerprintOf(a.y, a.xs, a.dy));
  joinGroup(group ?? interpreted([a.y, ...grads]));
  return a.single ? grads[0]! : grads;
}

/**
 * A group valued as one list of roots: reading any of its outputs values all of them, in one
 * walk, or with the list's compiled program once it has been valued at several epochs.
 */
function interpreted(outputs: readonly Node[]): ValueGroup {
  return { outputs, run: () => void evaluateRoots(outputs, false) };
}

/** `y.backward()`: stores in every variable `y` depends on its gradient. */
function backward(y: Node): void {
  if (y.rank !== 0) throw new ShapeError(`backward: the node must be a scalar (a loss); got shape ${formatShape(y.shape)}; reduce it first (sum or mean), or use grad with a seed`);
  const one = constant(1);
  const fp = fingerprint([y], 'variables', MAX_TEMPLATE_NODES);
  const vars = fp ? fp.wrt : variablesOf(y);
  if (vars.length === 0) return;
  const epoch = currentEpoch();
  const entry = fp ? cache.get(fp) : undefined;
  if (fp && entry?.template && entry.template.program) {
    // Known structure, compiled: no node is built.
    const t = entry.template;
    const made = t.hasConstantInputs ? rebuild(t, fp.order, true) : [];
    if (made) {
      const at = (r: number): Node => (r >= 0 ? fp.order[r]! : made[~r]!);
      runProgram(t.program!, Array.from(t.inputs, at), (i, v) => {
        if (i === 0) {
          if (typeof v === 'number') rememberNumber(y, v, epoch);
          else remember(y, v, epoch);
        } else accumulate(vars[i - 1]!, v);
      });
      eagerStats.backwardFast++;
      return;
    }
  }
  const r = gradients(y, vars, one, fp);
  const outputs = [y, ...r.grads];
  (r.group ?? interpreted(outputs)).run(epoch);
  for (let i = 0; i < vars.length; i++) {
    const g = outputs[i + 1]!;
    accumulate(vars[i]!, g.rank === 0 ? numberOf(g) : valueOf(g));
  }
}

/** Adds `v` to a variable's `.grad` (gradients accumulate until `zeroGrad`, as in micrograd). */
function accumulate(x: Node, v: Tensor | number): void {
  const leaf = x.leaf!;
  const g = leaf.grad;
  if (g === undefined) leaf.grad = v;
  else if (typeof g === 'number' && typeof v === 'number') leaf.grad = g + v;
  else {
    const a = typeof g === 'number' ? scalarTensor(g) : g, b = typeof v === 'number' ? scalarTensor(v) : v;
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = a.data[i]! + b.data[i]!;
    leaf.grad = new Tensor(a.shape, out);
  }
}

/** `node.zeroGrad()` on a node that is not a variable: every variable it depends on. */
function zeroGrad(y: Node): void {
  for (const v of variablesOf(y)) v.leaf!.grad = undefined;
}

function variablesOf(y: Node): Node[] {
  return topoOrder([y]).filter((n) => n.isVariable);
}

installNodeHooks({ backward, zeroGrad });
