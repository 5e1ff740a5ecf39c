/**
 * Compilation of scalar graphs (every node of shape `[]`) to straight-line JavaScript.
 *
 * Each op node becomes one statement. A value used only inside its own chunk lives in a
 * local (`const t12 = …`, a register once optimised); a value used by a later chunk, an
 * output or a variable lives in a slot of one `Float64Array`. The statements are split
 * into chunks of a bounded size, each its own function, so that a graph of a million
 * nodes compiles.
 *
 * A chunk reads and writes slots through its own table of slot numbers (`s[r[3]]`), so
 * its source depends only on the shape of its computation, not on where its values live.
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
import type { Node } from '../graph/node.js';
import { scalarTensor } from '../tensor/tensor.js';
import { InternalError } from '../errors.js';
import { assertSafeSource, numLiteral, scalarTemplate } from './templates.js';
import { NodeIndex } from './ids.js';

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
 * @param vars the variables, in the order their values are passed to `run`
 * @param keepSource keep the generated source (for tests)
 */
export function compileScalar(order: readonly Node[], outputs: readonly Node[], vars: readonly Node[], keepSource = false): ScalarProgram {
  // Phase 1: positions of op nodes and the position of each node's last use.
  const ops: Node[] = [];
  const pos = new NodeIndex();
  for (const n of order) {
    if (n.leaf) continue;
    pos.set(n, ops.length);
    ops.push(n);
  }
  const lastUse = new Int32Array(ops.length).fill(-1);
  for (let p = 0; p < ops.length; p++) {
    for (const c of ops[p]!.inputs) if (!c.leaf) lastUse[pos.get(c)] = p;
  }

  // Phase 2: storage. Variables take the first slots; a value that outlives its chunk or
  // is an output takes a slot; everything else is a local of its chunk.
  const slotOf = new Int32Array(ops.length).fill(-1);
  const varSlot = new NodeIndex();
  vars.forEach((v, i) => varSlot.set(v, i));
  let slots = vars.length;
  for (const o of outputs) {
    const p = o.leaf ? -1 : pos.get(o);
    if (p >= 0 && slotOf[p]! < 0) slotOf[p] = slots++;
  }
  for (let p = 0; p < ops.length; p++) {
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

  const chunkCount = Math.ceil(ops.length / CHUNK);
  const tables: Int32Array[] = [];
  const chunkSource: number[] = []; // chunk -> index into `sources`
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const args: string[] = [];
  const table: number[] = [];
  const tableIndex = new Map<number, number>();
  const slotRef = (slot: number): string => {
    let j = tableIndex.get(slot);
    if (j === undefined) {
      j = table.length;
      table.push(slot);
      tableIndex.set(slot, j);
    }
    return slotRefName(j);
  };
  for (let ch = 0; ch < chunkCount; ch++) {
    table.length = 0;
    tableIndex.clear();
    let body = '';
    const start = ch * CHUNK, end = Math.min(ops.length, start + CHUNK);
    for (let p = start; p < end; p++) {
      const n = ops[p]!;
      const ins = n.inputs;
      args.length = ins.length;
      for (let i = 0; i < ins.length; i++) {
        const c = ins[i]!;
        if (c.leaf) {
          if (c.leaf.kind === 'constant') args[i] = numLiteral(c.leaf.value!.data[0]);
          else {
            const v = varSlot.get(c);
            if (v < 0) throw new InternalError('compile: a variable has no slot');
            args[i] = slotRef(v);
          }
        } else {
          const q = pos.get(c);
          args[i] = q >= start ? localName(q - start) : slotRef(slotOf[q]!);
        }
      }
      const tmpl = scalarTemplate(n.op);
      const expr = tmpl ? tmpl(args, n.attrs) : `F[${fallback(n)}](${args.join(',')})`;
      const slot = slotOf[p]!;
      const t = localName(p - start);
      body += slot < 0 ? `const ${t}=${expr};\n` : `const ${t}=${expr};${slotRef(slot)}=${t};\n`;
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
    o.leaf?.kind === 'constant' ? { value: o.leaf.value!.data[0]! } : { slot: o.leaf ? varSlot.get(o) : slotOf[pos.get(o)]! });
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
    statements: ops.length,
    source: keepSource ? units : undefined,
  };
}
