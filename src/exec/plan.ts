/**
 * Compilation of tensor graphs to a plan: a list of kernel calls over preallocated
 * buffers.
 *
 * Building the plan takes five passes over the topological order:
 * 1. views: `reshape` (and a `transpose` that only moves axes of length 1) share their
 *    input's buffer; a matrix `transpose` read only by `matmul`s is never materialised,
 *    the product reads its operand transposed in place;
 * 2. fusion: a chain of built-in elementwise ops of one shape becomes one generated loop;
 *    an op is inlined into its consumer when that is its only consumer and has its shape;
 * 3. steps: one kernel call per remaining node (fused loop, matrix product, reduction,
 *    broadcast, transpose, or the op's own `forward`);
 * 4. liveness: each buffer is returned to a pool after its last reader and reused by a
 *    later step of the same size (a fused loop may write over an input that dies in it);
 * 5. outputs get fresh arrays on every call, so returned tensors are never overwritten.
 *
 * Generated loop code holds our identifiers, indices and numeric literals only.
 * @module
 */
import type { Node } from '../core/node.js';
import { Tensor } from '../tensor/tensor.js';
import { runForward } from '../core/checks.js';
import { formatShape, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import {
  broadcastIndex, broadcastInto, broadcastPattern, matmulInto, reduceSumInto, reductionSplit, transposeInto,
} from '../tensor/kernels.js';
import { ArgumentError, InternalError } from '../util/errors.js';
import { assertSafeSource, numLiteral, scalarTemplate } from './templates.js';

/** A compiled tensor graph. */
export interface TensorProgram {
  /** Runs the plan: `inputs[i]` is the data of variable `i`; returns one fresh array per output. */
  run(inputs: readonly Float64Array[]): Float64Array[];
  /** Kernel calls per run. */
  readonly steps: number;
  /** Nodes computed inside fused loops (not materialised). */
  readonly fusedNodes: number;
  /** Fused loops. */
  readonly loops: number;
  /** Pooled buffers (intermediates), and the op nodes whose values they hold. */
  readonly buffers: number;
  readonly materialized: number;
  /** Generated loop sources, when asked for. */
  readonly source: readonly string[] | undefined;
  /** One line per kernel call (op, shape, kind), for diagnostics. */
  readonly describe: readonly string[];
}

type Regs = Float64Array[];
type Step = (r: Regs) => void;

/** Largest number of ops in one fused loop. */
const MAX_FUSED = 48;

/** Generated loops, shared by every plan: one function per distinct source. */
const loopCache = new Map<string, (...args: unknown[]) => void>();

function loopFunction(src: string): (...args: unknown[]) => void {
  let f = loopCache.get(src);
  if (!f) {
    assertSafeSource(src);
    if (loopCache.size > 4096) loopCache.clear();
    f = new Function(`'use strict';\nreturn ${src};`)() as (...args: unknown[]) => void;
    loopCache.set(src, f);
  }
  return f;
}

/** True for a transpose that only moves axes of length 1: same elements, same order. */
function isViewTranspose(n: Node): boolean {
  const perm = n.attrs.perm as number[];
  const s = n.inputs[0]!.shape;
  let last = -1;
  for (const p of perm) {
    if (s[p] === 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

/** True for the transpose of a matrix (rank 2, axes swapped). */
function isMatrixTranspose(n: Node): boolean {
  const perm = n.attrs.perm as number[];
  return perm.length === 2 && perm[0] === 1;
}

/** One kernel call of a plan, before buffers are assigned. */
interface StepInfo {
  node: Node;
  reads: { reg: number; same: boolean }[];
  write: number;
  kind: 'pooled' | 'dynamic';
  make: () => Step;
}

/** What the passes share: the graph, who reads each node, and what earlier passes decided. */
interface PlanContext {
  readonly order: readonly Node[];
  readonly isOutput: ReadonlySet<Node>;
  usersOf(n: Node): readonly Node[];
  /** The node whose buffer a view node shares (followed to the end). */
  readonly viewOf: Map<Node, Node>;
  /** Matrix transposes that no consumer needs materialised. */
  readonly elided: Set<Node>;
  /** Nodes computed inside their consumer's loop. */
  readonly inline: Set<Node>;
}

const fusible = (n: Node): boolean => !n.leaf && scalarTemplate(n.op) !== undefined;
const rootOf = (c: PlanContext, n: Node): Node => c.viewOf.get(n) ?? n;

/**
 * Builds the plan, in the passes the module comment lists.
 * @param order every node the outputs depend on, in topological order
 * @param outputs the nodes to return
 * @param vars the input leaves (the variables, and constants whose values are passed in), in the order their data is passed to `run`
 */
export function compileTensor(order: readonly Node[], outputs: readonly Node[], vars: readonly Node[], keepSource = false): TensorProgram {
  const consumers = new Map<Node, Node[]>();
  for (const n of order) for (const c of n.inputs) {
    const list = consumers.get(c);
    if (list) list.push(n);
    else consumers.set(c, [n]);
  }
  const ctx: PlanContext = {
    order, isOutput: new Set(outputs), usersOf: (n) => consumers.get(n) ?? [], viewOf: new Map(), elided: new Set(), inline: new Set(),
  };
  findViews(ctx);
  planFusion(ctx);
  const regs = assignInputs(order, vars);
  const { infos, sources, fusedNodes, loops } = planSteps(ctx, regs, keepSource);
  const regFor = (n: Node) => registerOf(ctx, regs.regOf, n);
  const buffers = assignBuffers(infos, outputs.map(regFor));
  return assemble(infos, outputs.map(regFor), buffers, regs, vars.length, { sources: keepSource ? sources : undefined, fusedNodes, loops });
}

/** Pass 1: views and transposes read in place. */
function findViews(c: PlanContext): void {
  for (const n of c.order) {
    if (n.op.plan === 'view' || (n.op.plan === 'transpose' && isViewTranspose(n))) c.viewOf.set(n, rootOf(c, n.inputs[0]!));
  }
  const matmulReadsTransposed = (mm: Node, t: Node): boolean => {
    const [a, b] = mm.inputs;
    // Only 2-D operands: the matmul op reads them without promotion.
    return (a === t || b === t) && t.rank === 2 && a!.rank >= 2 && b!.rank >= 2;
  };
  for (const n of c.order) {
    if (n.op.plan !== 'transpose' || c.viewOf.has(n) || !isMatrixTranspose(n) || c.isOutput.has(n)) continue;
    const users = c.usersOf(n);
    if (users.length > 0 && users.every((u) => u.op.plan === 'matmul' && matmulReadsTransposed(u, n))) c.elided.add(n);
  }
}

/** Pass 2: fusion. A node is inlined into its consumer's loop when that is its only consumer and has its shape. */
function planFusion(c: PlanContext): void {
  const { order, inline } = c;
  // Walk users before inputs so a node's decision sees its consumer's.
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (!(fusible(n) || n.op.plan === 'broadcast') || c.isOutput.has(n)) continue;
    const users = new Set(c.usersOf(n));
    if (users.size !== 1) continue;
    const [u] = users as unknown as [Node];
    if (!fusible(u) || !sameShape(u.shape, n.shape)) continue;
    // A broadcastTo inlined this way is never materialised: the loop reads its input through the broadcast.
    inline.add(n);
  }
  // Keep loops small: cut a group where it grows too large (the cut node is materialised).
  const sizeOfGroup = new Map<Node, number>();
  for (const n of order) {
    if (!fusible(n) && n.op.plan !== 'broadcast') continue;
    let size = n.op.plan === 'broadcast' ? 0 : 1;
    for (const x of new Set(n.inputs)) if (inline.has(x)) size += sizeOfGroup.get(x)!;
    if (size > MAX_FUSED && inline.has(n)) {
      inline.delete(n);
      size = 1;
    }
    sizeOfGroup.set(n, inline.has(n) ? size : 1);
  }
}

/** Storage registers of the leaves: the inputs first, then the constants with their data. */
interface Registers {
  readonly regOf: Map<Node, number>;
  count: number;
  readonly init: { reg: number; data: Float64Array }[];
  readonly inputs: ReadonlySet<Node>;
}

function assignInputs(order: readonly Node[], vars: readonly Node[]): Registers {
  const r: Registers = { regOf: new Map(), count: 0, init: [], inputs: new Set(vars) };
  for (const v of vars) r.regOf.set(v, r.count++);
  for (const n of order) {
    if (n.leaf?.kind === 'constant' && !r.regOf.has(n)) {
      r.regOf.set(n, r.count);
      r.init.push({ reg: r.count++, data: n.leaf.value!.data });
    } else if (n.leaf?.kind === 'variable' && !r.regOf.has(n)) {
      throw new InternalError('compile: a variable of the graph is missing from the inputs');
    }
  }
  return r;
}

function registerOf(c: PlanContext, regOf: ReadonlyMap<Node, number>, n: Node): number {
  const r = regOf.get(rootOf(c, n));
  if (r === undefined) throw new InternalError(`compile: no value for a ${n.op.name} node`);
  return r;
}

/** Pass 3: steps. Each materialised op node gets a register; views share their root's. */
function planSteps(c: PlanContext, regs: Registers, keepSource: boolean): { infos: StepInfo[]; sources: string[]; fusedNodes: number; loops: number } {
  const infos: StepInfo[] = [];
  const sources: string[] = [];
  let fusedNodes = 0, loops = 0;
  const regFor = (n: Node) => registerOf(c, regs.regOf, n);
  for (const n of c.order) {
    if (n.leaf || c.viewOf.has(n) || c.elided.has(n) || c.inline.has(n)) continue;
    const out = regs.count++;
    regs.regOf.set(n, out);
    if (fusible(n)) {
      const { src, args, reads, count } = fuse(n, c.inline, (m) => rootOf(c, m), regFor, regs.inputs);
      fusedNodes += count - 1;
      loops++;
      if (keepSource) sources.push(src);
      infos.push({ node: n, reads, write: out, kind: 'pooled', make: () => loopStep(loopFunction(src), sizeOf(n.shape), out, args) });
    } else infos.push(kernelStep(c, n, out, regFor));
  }
  return { infos, sources, fusedNodes, loops };
}

/** The step of a fused loop: the output, then each input's register or index map. */
function loopStep(fn: (...args: unknown[]) => void, size: number, out: number, a: readonly LoopArg[]): Step {
  switch (a.length) {
    case 1: { const [x0] = a; return (r: Regs) => fn(size, r[out], arg(r, x0!)); }
    case 2: { const [x0, x1] = a; return (r: Regs) => fn(size, r[out], arg(r, x0!), arg(r, x1!)); }
    case 3: { const [x0, x1, x2] = a; return (r: Regs) => fn(size, r[out], arg(r, x0!), arg(r, x1!), arg(r, x2!)); }
    default: return (r: Regs) => fn(size, r[out], ...a.map((x) => arg(r, x)));
  }
}

/** The step of an op that is not fused: its plan's dedicated kernel, or its own `forward`. */
function kernelStep(c: PlanContext, n: Node, out: number, regFor: (n: Node) => number): StepInfo {
  const pooled = (reads: number[], make: () => Step): StepInfo => ({ node: n, reads: reads.map((reg) => ({ reg, same: false })), write: out, kind: 'pooled', make });
  if (n.op.plan === 'matmul') {
    const [a, b] = n.inputs as [Node, Node];
    const ta = c.elided.has(a), tb = c.elided.has(b);
    const A = ta ? a.inputs[0]! : a, Bn = tb ? b.inputs[0]! : b;
    const ra = regFor(A), rb = regFor(Bn);
    // Promoted shapes, as the op's kernel sees them (a 1-D left operand is a row, a 1-D right one a column).
    const pa = A.rank === 1 ? [1, A.shape[0]!] : [...A.shape];
    const pb = Bn.rank === 1 ? [Bn.shape[0]!, 1] : [...Bn.shape];
    const am = ta ? pa[pa.length - 1]! : pa[pa.length - 2]!;
    const bn = tb ? pb[pb.length - 2]! : pb[pb.length - 1]!;
    const batch = n.rank - (a.rank === 1 ? 0 : 1) - (b.rank === 1 ? 0 : 1);
    const outShape = [...n.shape.slice(0, Math.max(0, batch)), am, bn];
    return pooled([ra, rb], () => (r: Regs) => matmulInto(r[out]!, outShape, r[ra]!, pa, ta, r[rb]!, pb, tb));
  }
  if (n.op.plan === 'sum' || n.op.plan === 'mean') {
    const x = n.inputs[0]!;
    const axes = n.attrs.axes as number[];
    const split = reductionSplit(x.shape, axes);
    if (split) {
      const [o, red, inner] = split;
      const rx = regFor(x);
      const count = axes.reduce((k, ax) => k * x.shape[ax]!, 1);
      const isMean = n.op.plan === 'mean';
      return pooled([rx], () => (r: Regs) => {
        const y = r[out]!;
        reduceSumInto(y, r[rx]!, o, red, inner);
        if (isMean) for (let i = 0; i < y.length; i++) y[i] = y[i]! / count;
      });
    }
  }
  if (n.op.plan === 'broadcast') {
    const x = n.inputs[0]!;
    const rx = regFor(x);
    return pooled([rx], () => (r: Regs) => broadcastInto(r[out]!, r[rx]!, x.shape, n.shape));
  }
  if (n.op.plan === 'transpose') {
    const x = n.inputs[0]!;
    const rx = regFor(x);
    const perm = n.attrs.perm as number[];
    return pooled([rx], () => (r: Regs) => transposeInto(r[out]!, r[rx]!, x.shape, perm));
  }
  // Any other op: its own kernel, which returns a new tensor.
  const ins = n.inputs.map((x) => ({ reg: regFor(x), shape: x.shape }));
  const { op, attrs, shape } = n;
  return {
    node: n, reads: ins.map((i) => ({ reg: i.reg, same: false })), write: out, kind: 'dynamic',
    make: () => (r: Regs) => {
      const datas = ins.map((i) => r[i.reg]!);
      const t = runForward(op, ins.map((i, k) => new Tensor(i.shape, datas[k]!)), attrs, shape);
      // A kernel may hand back an input's memory (itself or a view of it): copy it, so that
      // pooled buffers stay private and outputs never alias inputs.
      const shared = datas.some((d) => d.buffer === t.data.buffer);
      r[out] = shared ? new Float64Array(t.data) : t.data;
    },
  };
}

/** The buffers of a plan: pooled ones, by register, and the outputs that get fresh arrays each run. */
interface Buffers {
  readonly phys: Map<number, number>;
  readonly pool: Float64Array[];
  readonly fresh: { reg: number; size: number }[];
}

/** Pass 4: liveness. A pooled register's buffer is free after the last step reading it, for a later step of its size. */
function assignBuffers(infos: readonly StepInfo[], outputRegs: readonly number[]): Buffers {
  const lastRead = new Map<number, number>();
  infos.forEach((s, i) => { for (const rd of s.reads) lastRead.set(rd.reg, i); });
  const outRegs = new Set(outputRegs);
  const phys = new Map<number, number>(); // register -> pooled buffer index
  const pool: Float64Array[] = [];
  const free = new Map<number, number[]>(); // size -> free buffer indices
  const release = (reg: number) => {
    const b = phys.get(reg);
    if (b === undefined) return;
    const size = pool[b]!.length;
    const list = free.get(size);
    if (list) list.push(b);
    else free.set(size, [b]);
  };
  const fresh: { reg: number; size: number }[] = [];
  const dying: number[][] = infos.map(() => []);
  lastRead.forEach((i, reg) => { if (!outRegs.has(reg)) dying[i]!.push(reg); });
  infos.forEach((s, i) => {
    const size = sizeOf(s.node.shape);
    // A fused loop reads element k of a same-shape input before it writes element k, so
    // it may write over an input that dies in it.
    const inPlace = s.kind === 'pooled' && fusible(s.node);
    if (inPlace) {
      for (const reg of dying[i]!) {
        const reads = s.reads.filter((rd) => rd.reg === reg);
        if (reads.every((rd) => rd.same)) release(reg);
      }
    }
    if (s.kind === 'pooled') {
      if (outRegs.has(s.write)) fresh.push({ reg: s.write, size });
      else {
        const list = free.get(size);
        let b = list?.pop();
        if (b === undefined) {
          b = pool.length;
          pool.push(buffer(size));
        }
        phys.set(s.write, b);
      }
    }
    for (const reg of dying[i]!) {
      if (inPlace && s.reads.filter((rd) => rd.reg === reg).every((rd) => rd.same)) continue;
      release(reg);
    }
    // A value nobody reads (an output read by no step is in outRegs) is free at once.
    if (!lastRead.has(s.write) && !outRegs.has(s.write)) release(s.write);
  });
  return { phys, pool, fresh };
}

/**
 * A register of `size` numbers; when memory runs out, an error that says so (each tensor's
 * size was checked when its node was made, but a plan holds many of them at once).
 */
function buffer(size: number): Float64Array {
  try {
    return new Float64Array(size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ArgumentError(`evaluate: not enough memory for a buffer of ${size} numbers (${(size * 8 / 2 ** 30).toFixed(1)} GiB) beside those already held`);
  }
}

/** Pass 5: the program. Outputs get fresh arrays on every call, so returned tensors are never overwritten. */
function assemble(
  infos: readonly StepInfo[], outputRegs: readonly number[], buffers: Buffers, registers: Registers, nv: number,
  extra: { sources: string[] | undefined; fusedNodes: number; loops: number },
): TensorProgram {
  const { phys, pool, fresh } = buffers;
  const steps = infos.map((s) => s.make());
  const regs: Regs = new Array<Float64Array>(registers.count);
  for (const { reg, data } of registers.init) regs[reg] = data;
  phys.forEach((b, reg) => { regs[reg] = pool[b]!; });
  const outList = outputRegs.map((reg) => ({ reg, fresh: fresh.some((f) => f.reg === reg) || infos.some((s) => s.kind === 'dynamic' && s.write === reg) }));
  return {
    run(inputs: readonly Float64Array[]): Float64Array[] {
      for (let i = 0; i < nv; i++) regs[i] = inputs[i]!;
      for (let i = 0; i < fresh.length; i++) regs[fresh[i]!.reg] = buffer(fresh[i]!.size);
      for (let i = 0; i < steps.length; i++) steps[i]!(regs);
      const handed = new Set<Float64Array>();
      return outList.map(({ reg, fresh: isFresh }) => {
        const d = regs[reg]!;
        if (isFresh && !handed.has(d)) {
          handed.add(d);
          return d;
        }
        return new Float64Array(d);
      });
    },
    steps: steps.length,
    fusedNodes: extra.fusedNodes,
    loops: extra.loops,
    buffers: pool.length,
    materialized: infos.length,
    source: extra.sources,
    describe: infos.map((s) => `${s.node.op.name} ${formatShape(s.node.shape)} ${s.kind === 'dynamic' ? '(op kernel)' : fusible(s.node) ? '(fused loop)' : ''}`.trimEnd()),
  };
}

/** A loop argument: a register's data, or a constant index map. */
type LoopArg = { reg: number } | { index: Int32Array };

function arg(r: Regs, a: LoopArg): Float64Array | Int32Array {
  return 'reg' in a ? r[a.reg]! : a.index;
}

/**
 * Generates the loop of a fused group rooted at `n`: every inlined node of the group
 * becomes a local of the loop body, each input is read at `k`, at 0 (a scalar), or through
 * an index map (any other broadcast).
 */
function fuse(
  n: Node, inline: ReadonlySet<Node>, root: (n: Node) => Node, regFor: (n: Node) => number, inputs: ReadonlySet<Node>,
): { src: string; args: LoopArg[]; reads: { reg: number; same: boolean }[]; count: number } {
  const shape = n.shape;
  const params: string[] = [];
  const args: LoopArg[] = [];
  const reads: { reg: number; same: boolean }[] = [];
  const pre: string[] = [];
  const body: string[] = [];
  const inputExpr = new Map<string, string>();
  const local = new Map<Node, string>();
  let count = 0;
  /** Reads a materialised value `x` broadcast from `xShape` to the loop's shape. */
  const read = (x: Node, xShape: Shape): string => {
    if (x.leaf?.kind === 'constant' && x.leaf.value!.size === 1 && !inputs.has(x)) return numLiteral(x.leaf.value!.data[0]);
    const reg = regFor(root(x));
    const p = broadcastPattern(xShape, shape);
    const key = `${reg}|${p.kind === 'same' || p.kind === 'scalar' ? p.kind : xShape.join(',')}`;
    const hit = inputExpr.get(key);
    if (hit) return hit;
    const i = args.length;
    params.push(`x${i}`);
    args.push({ reg });
    reads.push({ reg, same: p.kind === 'same' });
    let expr: string;
    if (p.kind === 'same') expr = `x${i}[k]`;
    else if (p.kind === 'scalar') {
      pre.push(`const c${i}=x${i}[0];`);
      expr = `c${i}`;
    } else {
      const j = args.length;
      params.push(`x${j}`);
      args.push({ index: broadcastIndex(xShape, shape) });
      expr = `x${i}[x${j}[k]]`;
    }
    inputExpr.set(key, expr);
    return expr;
  };
  const visit = (m: Node): string => {
    const hit = local.get(m);
    if (hit) return hit;
    if (m !== n && !inline.has(m)) return read(m, m.shape);
    if (m.op.plan === 'broadcast') {
      const x = m.inputs[0]!;
      const e = read(x, x.shape);
      local.set(m, e);
      return e;
    }
    const argsExpr = m.inputs.map((c) => visit(c));
    const name = `v${count++}`;
    body.push(`const ${name}=${scalarTemplate(m.op)!(argsExpr, m.attrs)};`);
    local.set(m, name);
    return name;
  };
  const result = visit(n);
  const src = `function(n,o,${params.join(',')}){\n${pre.join('')}\nfor(let k=0;k<n;k++){\n${body.join('\n')}\no[k]=${result};\n}\n}`;
  return { src, args, reads, count };
}
