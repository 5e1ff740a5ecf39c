/**
 * Compilation of scalar graphs (every node of shape `[]`) to straight-line JavaScript.
 *
 * Each op node becomes one statement (a sum of n terms, `addN`, n − 1 running partial sums). A value used only inside its own chunk lives in a
 * local (`const t12 = …`, a register once optimised); a value used by a later chunk, an
 * output or a variable lives in a slot of one `Float64Array`. The statements are split
 * into chunks of a bounded size, each its own function, so that a graph of a million
 * nodes compiles.
 *
 * A chunk reads and writes slots through its own table of slot numbers (`s[r[3]]`; a slot
 * it reads is loaded once, into a local `u3`), so its source depends only on the shape of
 * its computation, not on where its values live.
 * Chunks with the same source share one function: the chunks of a regular graph (a chain,
 * the layers of a network, their gradients) collapse to a handful of functions that run
 * often enough for V8 to optimise them, and only those are compiled. (Without sharing, each
 * chunk of a large graph runs once per evaluation and never leaves V8's interpreter.)
 *
 * The source is built from our identifiers, table indices and numeric literals only (see
 * `templates.ts`); names and labels never reach it. Ops without a template (user ops) are
 * called through an array of closures, `F[j](…)`.
 * @module
 * @internal
 */
import { inputCount, mapInputs, type Node } from '../core/node.js';
import { scalarTensor } from '../tensor/tensor.js';
import { InternalError } from '../util/errors.js';
import { assertSafeSource, numLiteral, scalarTemplate } from './templates.js';
import { NodeIndex } from '../core/topo.js';

/**
 * Statements per chunk function. Small chunks reach V8's optimising compiler after few
 * calls (its threshold grows with a function's size); 128 measured best on the scalar chain.
 */
const CHUNK = 128;
/** Chunk functions per `new Function` call: bounds the size of one source string. */
const CHUNKS_PER_UNIT = 64;

/** Interned names used in generated code (`t12`, `s[r[3]]`), built once. */
const localNames: string[] = [];
const slotRefNames: string[] = [];
const localName = (t: number): string => localNames[t] ?? (localNames[t] = `t${t}`);
const slotRefName = (j: number): string => slotRefNames[j] ?? (slotRefNames[j] = `s[r[${j}]]`);
const readNames: string[] = [];
const readName = (j: number): string => readNames[j] ?? (readNames[j] = `u${j}`);

type Chunk = (s: Float64Array, r: Int32Array, F: readonly ((...xs: number[]) => number)[]) => void;

/** A compiled scalar graph. */
export interface ScalarProgram {
  /** Runs the graph: `inputs[i]` is the value of variable `i`; returns one number per output. */
  run(inputs: ArrayLike<number>): Float64Array;
  /** Number of slots (values kept across chunks), of chunks, and of statements. */
  readonly slots: number;
  readonly chunks: number;
  readonly statements: number;
  /** Distinct chunk functions (chunks with the same computation share one). */
  readonly functions: number;
  /** The generated source of each unit, when asked for. */
  readonly source: readonly string[] | undefined;
}

/**
 * Compiles a scalar graph.
 * @param order every node the outputs depend on, in topological order
 * @param outputs the nodes to return
 * @param vars the input leaves (the variables, and constants whose values are passed in), in the order their values are passed to `run`
 * @param keepSource keep the generated source (for tests)
 */
export function compileScalar(order: readonly Node[], outputs: readonly Node[], vars: readonly Node[], keepSource = false): ScalarProgram {
  // Phase 1: statements, in topological order, and the position of each value's last use.
  const stmts = statements(order);
  const at = stmts.at;
  const list = stmts.list;
  const lastUse = new Int32Array(list.length).fill(-1);
  for (let p = 0; p < list.length; p++) {
    for (const r of list[p]!.ins) if (typeof r === 'number') lastUse[r] = p;
  }

  // Phase 2: storage. Variables take the first slots; a value that outlives its chunk or
  // is an output takes a slot; everything else is a local of its chunk.
  const slotOf = new Int32Array(list.length).fill(-1);
  const varSlot = new NodeIndex();
  vars.forEach((v, i) => varSlot.set(v, i));
  let slots = vars.length;
  for (const o of outputs) {
    const p = o.leaf ? -1 : at.get(o);
    if (p >= 0 && slotOf[p]! < 0) slotOf[p] = slots++;
  }
  for (let p = 0; p < list.length; p++) {
    const last = lastUse[p]!;
    if (slotOf[p]! < 0 && last >= 0 && ((last / CHUNK) | 0) !== ((p / CHUNK) | 0)) slotOf[p] = slots++;
  }

  // Phase 3: statements, chunk by chunk. Locals are numbered within their chunk, and
  // slots are read through the chunk's table (`s[r[j]]`), so a chunk's source depends on
  // the shape of its computation only: the chunks of a regular graph (a chain, layers)
  // share a few functions, which run often enough for V8 to optimise them.
  const fallbacks: ((...xs: number[]) => number)[] = [];
  const fallbackOf = new Map<Node['op'], Map<string, number>>();
  const fallback = (n: Node): number => {
    // One closure per distinct (op, attrs): a user op's kernel on scalars.
    let byAttrs = fallbackOf.get(n.op);
    if (!byAttrs) fallbackOf.set(n.op, (byAttrs = new Map()));
    const key = JSON.stringify(n.attrs);
    let j = byAttrs.get(key);
    if (j === undefined) {
      const { op, attrs, shape } = n;
      j = fallbacks.length;
      fallbacks.push((...xs: number[]) => op.forward(xs.map(scalarTensor), attrs, shape).data[0]!);
      byAttrs.set(key, j);
    }
    return j;
  };

  const chunkCount = Math.ceil(list.length / CHUNK);
  const tables: Int32Array[] = [];
  const chunkSource: number[] = []; // chunk -> index into `sources`
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const args: string[] = [];
  const table: number[] = [];
  const tableIndex = new Map<number, number>();
  const slotIndex = (slot: number): number => {
    let j = tableIndex.get(slot);
    if (j === undefined) {
      j = table.length;
      table.push(slot);
      tableIndex.set(slot, j);
    }
    return j;
  };
  // A slot a chunk reads holds a variable or a value of an earlier chunk, which nothing in
  // the chunk writes (each value has its own slot): it is read once, into a local, on first
  // use (V8 cannot tell that the chunk's stores into `s` leave it unchanged).
  const read: boolean[] = [];
  let pre = '';
  const slotRead = (slot: number): string => {
    const j = slotIndex(slot);
    if (read[j] !== true) {
      read[j] = true;
      pre += `const ${readName(j)}=${slotRefName(j)};`;
    }
    return readName(j);
  };
  for (let ch = 0; ch < chunkCount; ch++) {
    table.length = 0;
    tableIndex.clear();
    read.length = 0;
    let body = '';
    const start = ch * CHUNK, end = Math.min(list.length, start + CHUNK);
    for (let p = start; p < end; p++) {
      const { node: n, ins } = list[p]!;
      args.length = ins.length;
      pre = '';
      for (let i = 0; i < ins.length; i++) {
        const c = ins[i]!;
        if (typeof c === 'number') args[i] = c >= start ? localName(c - start) : slotRead(slotOf[c]!);
        else if (c.leaf!.kind === 'constant' && varSlot.get(c) < 0) args[i] = numLiteral(c.leaf!.value!.data[0]);
        else {
          const v = varSlot.get(c);
          if (v < 0) throw new InternalError('compile: a variable has no slot');
          args[i] = slotRead(v);
        }
      }
      const tmpl = scalarTemplate(n.op);
      // (A partial sum of an addN has two of its inputs: its template adds them.)
      const expr = tmpl ? tmpl(args, n.attrs) : `F[${fallback(n)}](${args.join(',')})`;
      const slot = slotOf[p]!;
      const t = localName(p - start);
      body += slot < 0 ? `${pre}const ${t}=${expr};\n` : `${pre}const ${t}=${expr};${slotRefName(slotIndex(slot))}=${t};\n`;
    }
    tables.push(Int32Array.from(table));
    let k = sourceIndex.get(body);
    if (k === undefined) {
      k = sources.length;
      sources.push(body);
      sourceIndex.set(body, k);
    }
    chunkSource.push(k);
  }

  // Distinct chunk functions, compiled in units of a bounded source size. Parenthesised
  // functions are compiled with their unit instead of being parsed twice.
  const fns: Chunk[] = [];
  const units: string[] = [];
  for (let i = 0; i < sources.length; i += CHUNKS_PER_UNIT) {
    const unit = `return [${sources.slice(i, i + CHUNKS_PER_UNIT).map((b) => `(function(s,r,F){\n${b}})`).join(',\n')}];`;
    assertSafeSource(unit);
    fns.push(...(new Function(`'use strict';\n${unit}`)() as Chunk[]));
    if (keepSource) units.push(unit);
  }
  const chunks = chunkSource.map((k) => fns[k]!);

  const s = new Float64Array(Math.max(1, slots));
  const outRefs = outputs.map((o) =>
    o.leaf?.kind === 'constant' && varSlot.get(o) < 0 ? { value: o.leaf.value!.data[0]! } : { slot: o.leaf ? varSlot.get(o) : slotOf[at.get(o)]! });
  const nv = vars.length;
  const F = fallbacks;
  return {
    run(inputs: ArrayLike<number>): Float64Array {
      for (let i = 0; i < nv; i++) s[i] = inputs[i]!;
      for (let c = 0; c < chunks.length; c++) chunks[c]!(s, tables[c]!, F);
      const out = new Float64Array(outRefs.length);
      for (let i = 0; i < outRefs.length; i++) {
        const r = outRefs[i]!;
        out[i] = r.slot === undefined ? r.value! : s[r.slot]!;
      }
      return out;
    },
    functions: fns.length,
    slots,
    chunks: chunks.length,
    statements: list.length,
    source: keepSource ? units : undefined,
  };
}

/** One statement: `node`'s op on `ins`, each a leaf or the index of the statement computing it. */
interface Stmt {
  node: Node;
  ins: (Node | number)[];
}

/**
 * The statements of `order`: one per op node, except that a sum of three or more terms
 * (`addN`, or any op marked `foldLeft`) becomes running partial sums, `((t₀ + t₁) + t₂) + …` (the bits of its kernel),
 * each placed as soon as its term has been computed. A term is then used right where it is
 * made, in the same chunk, instead of waiting in a slot for the last one (in a gradient, the
 * terms of a parameter's sum are made a whole layer or time step apart). `at` maps each op
 * node to the statement that holds its value (a sum's last partial sum).
 */
function statements(order: readonly Node[]): { list: Stmt[]; at: NodeIndex } {
  const list: Stmt[] = [];
  const at = new NodeIndex();
  const ref = (c: Node): Node | number => (c.leaf ? c : at.get(c));
  const ready = (c: Node): boolean => c.leaf !== undefined || at.has(c);
  // The sums in progress: how many leading terms are summed, and where.
  const sums: { n: Node; have: number; acc: number }[] = [];
  const sumOf = new NodeIndex();
  // For each term, the sums waiting on it (linked lists through `waitNext`).
  const waitHead = new NodeIndex();
  const waitNext: number[] = [];
  const waitSum: number[] = [];
  for (const n of order) {
    if (n.op.foldLeft !== true || inputCount(n) < 3) continue;
    sumOf.set(n, sums.length);
    for (const t of n.inputs) {
      if (t.leaf) continue;
      waitNext.push(waitHead.get(t));
      waitSum.push(sums.length);
      waitHead.set(t, waitSum.length - 1);
    }
    sums.push({ n, have: 0, acc: -1 });
  }
  const advance = (k: number): void => {
    const s = sums[k]!;
    const ins = s.n.inputs;
    while (s.have < ins.length) {
      const first = s.have === 0;
      if (first ? !ready(ins[0]!) || !ready(ins[1]!) : !ready(ins[s.have]!)) return;
      list.push({ node: s.n, ins: first ? [ref(ins[0]!), ref(ins[1]!)] : [s.acc, ref(ins[s.have]!)] });
      s.acc = list.length - 1;
      s.have += first ? 2 : 1;
    }
  };
  for (let k = 0; k < sums.length; k++) advance(k);
  for (const n of order) {
    if (n.leaf) continue;
    const k = sumOf.get(n);
    if (k >= 0) {
      const s = sums[k]!;
      if (s.have !== n.inputs.length) throw new InternalError('compile: a sum is missing terms');
      at.set(n, s.acc);
    } else {
      list.push({ node: n, ins: mapInputs(n, ref) });
      at.set(n, list.length - 1);
    }
    for (let e = waitHead.get(n); e >= 0; e = waitNext[e]!) advance(waitSum[e]!);
  }
  return { list, at };
}
