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
 * chunk of a large graph runs once per evaluation and never leaves V8's interpreter.) A
 * chunk's shape is encoded in integers first and its source is written only when the shape
 * is new, so compiling a graph of millions of statements writes a few sources, not millions
 * of lines; statements live in flat arrays, not one object each.
 *
 * The source is built from our identifiers, table indices and numeric literals only (see
 * `templates.ts`); names and labels never reach it. Ops without a template (user ops) are
 * called through an array of closures, `F[j](…)`.
 * @module
 */
import { inputAt, inputCount, type Node } from '../core/node.js';
import { runForward } from '../core/checks.js';
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
 * Compiles a scalar graph, in four passes: statements (with each value's last use), storage
 * (slots and locals), chunk sources (written once per distinct shape), and linking.
 * @param order every node the outputs depend on, in topological order
 * @param outputs the nodes to return
 * @param vars the input leaves (the variables, and constants whose values are passed in), in the order their values are passed to `run`
 * @param keepSource keep the generated source (for tests)
 * @param scan what the walk that made `order` found of it ({@link scanNode}); scanned here when not given
 */
export function compileScalar(order: readonly Node[], outputs: readonly Node[], vars: readonly Node[], keepSource = false, scan?: OrderScan): ScalarProgram {
  if (scan === undefined) {
    scan = newScan();
    for (let k = 0; k < order.length; k++) scanNode(scan, order[k]!, k);
  }
  const st = statements(order, scan);
  const store = storage(st, outputs, vars);
  const writer = new ChunkWriter(order, st, store);
  const chunkCount = Math.ceil(st.count / CHUNK);
  for (let ch = 0; ch < chunkCount; ch++) writer.add(ch);
  const { fns, units } = link(writer.sources, keepSource);
  const chunks = writer.chunkSource.map((k) => fns[k]!);
  const tables = writer.tables;

  const s = new Float64Array(Math.max(1, store.slots));
  const outRefs = outputs.map((o) =>
    o.leaf?.kind === 'constant' && store.varSlot.get(o) < 0 ? { value: o.leaf.value!.data[0]! } : { slot: o.leaf ? store.varSlot.get(o) : store.slotOf[st.at.get(o)]! });
  const nv = vars.length;
  const F = writer.fallbacks;
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
    slots: store.slots,
    chunks: chunks.length,
    statements: st.count,
    source: keepSource ? units : undefined,
  };
}

/** Where each value lives: a slot of the shared array, or (slot −1) a local of its chunk. */
interface Storage {
  /** Slot of each statement's value, −1 for a local. */
  readonly slotOf: Int32Array;
  readonly slots: number;
  /** Slot of each variable (the first slots, in `vars` order). */
  readonly varSlot: NodeIndex;
  /** Per leaf: its slot (an input), or −1 with its literal in `leafLiteral` (a constant). */
  readonly leafSlot: readonly number[];
  readonly leafLiteral: readonly string[];
}

/**
 * Pass 2, storage. Variables take the first slots; a value that outlives its chunk or is an
 * output takes a slot; everything else is a local of its chunk. Each leaf is read from its
 * slot (an input) or written as a literal (a constant), decided once.
 */
function storage(st: Statements, outputs: readonly Node[], vars: readonly Node[]): Storage {
  const { at, off, refs, count } = st;
  const lastUse = new Int32Array(count).fill(-1);
  for (let p = 0; p < count; p++) {
    for (let q = off[p]!; q < off[p + 1]!; q++) {
      const r = refs[q]!;
      if (r >= 0) lastUse[r] = p;
    }
  }
  const slotOf = new Int32Array(count).fill(-1);
  const varSlot = new NodeIndex();
  vars.forEach((v, i) => varSlot.set(v, i));
  let slots = vars.length;
  for (const o of outputs) {
    const p = o.leaf ? -1 : at.get(o);
    if (p >= 0 && slotOf[p]! < 0) slotOf[p] = slots++;
  }
  for (let p = 0; p < count; p++) {
    const last = lastUse[p]!;
    if (slotOf[p]! < 0 && last >= 0 && ((last / CHUNK) | 0) !== ((p / CHUNK) | 0)) slotOf[p] = slots++;
  }
  const leafSlot = st.leaves.map((c) => varSlot.get(c));
  const leafLiteral = st.leaves.map((c, k) => {
    if (leafSlot[k]! >= 0) return '';
    if (c.leaf!.kind === 'constant') return numLiteral(c.leaf!.value!.data[0]);
    throw new InternalError('compile: a variable has no slot');
  });
  return { slotOf, slots, varSlot, leafSlot, leafLiteral };
}

/**
 * Pass 3, the chunks. Locals are numbered within their chunk, and slots are read through the
 * chunk's table (`s[r[j]]`), so a chunk's source depends on the shape of its computation only:
 * for each statement, its op and attributes, and where each argument comes from (a local, a
 * slot of the table, a literal). That shape is encoded in integers first, and the source is
 * written only for a shape not seen before: the chunks of a regular graph (a chain, layers)
 * share a handful of sources, so most chunks cost integers, not strings.
 */
class ChunkWriter {
  /** Per chunk: its table of slots, and the index of its source. */
  readonly tables: Int32Array[] = [];
  readonly chunkSource: number[] = [];
  /** The distinct chunk sources. */
  readonly sources: string[] = [];
  /** Closures for ops without a template (user ops): one per distinct (op, attrs). */
  readonly fallbacks: ((...xs: number[]) => number)[] = [];
  private readonly fallbackOf = new Map<Node['op'], Map<string, number>>();
  /** The table being built: slot numbers, and each slot's index in it. */
  private table = new Int32Array(64);
  private tlen = 0;
  /** Each slot's index in the table, valid when its stamp is the current table's (no clearing between chunks). */
  private readonly tableIndex: Int32Array;
  private readonly stamp: Int32Array;
  private epoch = 0;
  /** The shape code of the chunk being encoded. */
  private code = new Int32Array(CHUNK * 8);
  private clen = 0;
  private readonly leafLiteralId: readonly number[];
  private readonly shapes = new Map<number, { code: Int32Array; source: number }[]>();
  /**
   * A slot a chunk reads holds a variable or a value of an earlier chunk, which nothing in the
   * chunk writes (each value has its own slot): it is read once, into a local, on first use
   * (V8 cannot tell that the chunk's stores into `s` leave it unchanged).
   */
  private readonly read: boolean[] = [];
  private pre = '';
  private readonly args: string[] = [];

  constructor(private readonly order: readonly Node[], private readonly st: Statements, private readonly store: Storage) {
    this.tableIndex = new Int32Array(store.slots);
    this.stamp = new Int32Array(store.slots);
    const literalIds = new Map<string, number>();
    this.leafLiteralId = store.leafLiteral.map((t) => {
      if (t === '') return -1;
      let id = literalIds.get(t);
      if (id === undefined) literalIds.set(t, (id = literalIds.size));
      return id;
    });
  }

  /** Chunk `ch`: its table, and its source (shared with an earlier chunk of the same shape). */
  add(ch: number): void {
    this.encode(ch);
    this.tables.push(this.table.slice(0, this.tlen));
    const { code, clen } = this;
    let h = clen;
    for (let i = 0; i < clen; i++) h = Math.imul(h ^ code[i]!, 0x01000193) ^ (h >>> 13);
    const list = this.shapes.get(h);
    let k = -1;
    if (list !== undefined) {
      for (const e of list) {
        if (e.code.length !== clen) continue;
        let same = true;
        for (let i = 0; i < clen && same; i++) same = e.code[i] === code[i];
        if (same) {
          k = e.source;
          break;
        }
      }
    }
    if (k < 0) {
      k = this.sources.length;
      this.sources.push(this.writeSource(ch));
      const entry = { code: code.slice(0, clen), source: k };
      if (list) list.push(entry);
      else this.shapes.set(h, [entry]);
    }
    this.chunkSource.push(k);
  }

  /** The shape of chunk `ch` in integers, and its table of slots. */
  private encode(ch: number): void {
    const { st, store } = this;
    const { off, refs } = st;
    this.resetTable();
    this.clen = 0;
    const start = ch * CHUNK, end = Math.min(st.count, start + CHUNK);
    for (let p = start; p < end; p++) {
      const q0 = off[p]!, q1 = off[p + 1]!;
      this.put(st.kinds[p]!);
      this.put(q1 - q0);
      for (let q = q0; q < q1; q++) {
        const c = refs[q]!;
        if (c >= 0 && c >= start) this.put(c - start);
        else {
          const k = ~c;
          if (c >= 0 || store.leafSlot[k]! >= 0) this.put(-1 - 2 * this.slotIndex(c >= 0 ? store.slotOf[c]! : store.leafSlot[k]!));
          else this.put(-2 - 2 * this.leafLiteralId[k]!);
        }
      }
      const slot = store.slotOf[p]!;
      this.put(slot < 0 ? -1 : this.slotIndex(slot));
    }
  }

  /** The source of chunk `ch` (its table is built the same way as by `encode`). */
  private writeSource(ch: number): string {
    const { st, store, args } = this;
    const { off, refs } = st;
    this.resetTable();
    this.read.length = 0;
    let body = '';
    const start = ch * CHUNK, end = Math.min(st.count, start + CHUNK);
    for (let p = start; p < end; p++) {
      const n = this.order[st.node[p]!]!;
      const q0 = off[p]!, q1 = off[p + 1]!;
      args.length = q1 - q0;
      this.pre = '';
      for (let q = q0; q < q1; q++) {
        const c = refs[q]!;
        if (c >= 0) args[q - q0] = c >= start ? localName(c - start) : this.slotRead(store.slotOf[c]!);
        else {
          const k = ~c;
          args[q - q0] = store.leafSlot[k]! >= 0 ? this.slotRead(store.leafSlot[k]!) : store.leafLiteral[k]!;
        }
      }
      const tmpl = scalarTemplate(n.op);
      // (A partial sum of an addN has two of its inputs: its template adds them.)
      const expr = tmpl ? tmpl(args, n.attrs) : `F[${this.fallback(n)}](${args.join(',')})`;
      const slot = store.slotOf[p]!;
      const t = localName(p - start);
      body += slot < 0 ? `${this.pre}const ${t}=${expr};\n` : `${this.pre}const ${t}=${expr};${slotRefName(this.slotIndex(slot))}=${t};\n`;
    }
    return body;
  }

  private put(v: number): void {
    if (this.clen === this.code.length) {
      const grown = new Int32Array(2 * this.clen);
      grown.set(this.code);
      this.code = grown;
    }
    this.code[this.clen++] = v;
  }

  private resetTable(): void {
    this.tlen = 0;
    this.epoch++;
  }

  private slotIndex(slot: number): number {
    if (this.stamp[slot] === this.epoch) return this.tableIndex[slot]!;
    const j = this.tlen++;
    if (j === this.table.length) {
      const grown = new Int32Array(2 * j);
      grown.set(this.table);
      this.table = grown;
    }
    this.table[j] = slot;
    this.stamp[slot] = this.epoch;
    this.tableIndex[slot] = j;
    return j;
  }

  private slotRead(slot: number): string {
    const j = this.slotIndex(slot);
    if (this.read[j] !== true) {
      this.read[j] = true;
      this.pre += `const ${readName(j)}=${slotRefName(j)};`;
    }
    return readName(j);
  }

  /** The closure of a user op's kernel on scalars, one per distinct (op, attrs). */
  private fallback(n: Node): number {
    let byAttrs = this.fallbackOf.get(n.op);
    if (!byAttrs) this.fallbackOf.set(n.op, (byAttrs = new Map()));
    const key = JSON.stringify(n.attrs);
    let j = byAttrs.get(key);
    if (j === undefined) {
      const { op, attrs, shape } = n;
      j = this.fallbacks.length;
      this.fallbacks.push((...xs: number[]) => runForward(op, xs.map(scalarTensor), attrs, shape).data[0]!);
      byAttrs.set(key, j);
    }
    return j;
  }
}

/**
 * Pass 4, linking: the distinct chunk functions, compiled in units of a bounded source size.
 * Parenthesised functions are compiled with their unit instead of being parsed twice.
 */
function link(sources: readonly string[], keepSource: boolean): { fns: Chunk[]; units: string[] } {
  const fns: Chunk[] = [];
  const units: string[] = [];
  for (let i = 0; i < sources.length; i += CHUNKS_PER_UNIT) {
    const unit = `return [${sources.slice(i, i + CHUNKS_PER_UNIT).map((b) => `(function(s,r,F){\n${b}})`).join(',\n')}];`;
    assertSafeSource(unit);
    fns.push(...(new Function(`'use strict';\n${unit}`)() as Chunk[]));
    if (keepSource) units.push(unit);
  }
  return { fns, units };
}

/** An id per distinct (op, attributes): nodes without attributes are looked up by op alone. */
class KindTable {
  private readonly plain = new Map<Node['op'], number>();
  private readonly withInfo = new Map<Node['op'], Map<string, number>>();
  private next = 0;

  get(n: Node): number {
    if (n.info === undefined) {
      let id = this.plain.get(n.op);
      if (id === undefined) this.plain.set(n.op, (id = this.next++));
      return id;
    }
    let byAttrs = this.withInfo.get(n.op);
    if (!byAttrs) this.withInfo.set(n.op, (byAttrs = new Map()));
    const key = JSON.stringify(n.attrs);
    let id = byAttrs.get(key);
    if (id === undefined) byAttrs.set(key, (id = this.next++));
    return id;
  }
}

/**
 * The statements, in flat arrays (a graph of millions of nodes makes no object per statement):
 * statement `p` applies the op of `order[at[p]]` to the references `refs[off[p]] … refs[off[p + 1] - 1]`,
 * each the index of the statement computing it (`r ≥ 0`) or a leaf, `leaves[~r]`.
 */
interface Statements {
  readonly count: number;
  /** Each statement's node, as its position in the topological order. */
  readonly node: Int32Array;
  /** Each statement's kind: an id per distinct (op, attributes), for the chunks' shape codes (read while the node is at hand). */
  readonly kinds: Int32Array;
  readonly off: Int32Array;
  readonly refs: Int32Array;
  readonly leaves: Node[];
  /** The statement holding each op node's value. */
  readonly at: NodeIndex;
}

/** What the scalar compiler needs to know of a topological order before it starts (found by the walk that made it). */
export interface OrderScan {
  /** Positions in the order of the sums split into partial sums: three terms or more, of `addN` or any op marked `foldLeft`. */
  readonly sumsAt: number[];
  /** Op nodes (not leaves), and their inputs counted with repeats. */
  ops: number;
  edges: number;
}

/** A new, empty {@link OrderScan}, to be filled by {@link scanNode}. */
export const newScan = (): OrderScan => ({ sumsAt: [], ops: 0, edges: 0 });

/** Adds the `k`-th node of a topological order to a scan. */
export function scanNode(s: OrderScan, n: Node, k: number): void {
  if (n.leaf !== undefined) return;
  const c = inputCount(n);
  s.ops++;
  s.edges += c;
  if (c >= 3 && n.op.foldLeft === true) s.sumsAt.push(k);
}

/**
 * The statements of `order`: one per op node, except that a sum of three or more terms
 * (`addN`, or any op marked `foldLeft`) becomes running partial sums, `((t₀ + t₁) + t₂) + …` (the bits of its kernel),
 * each placed as soon as its term has been computed. A term is then used right where it is
 * made, in the same chunk, instead of waiting in a slot for the last one (in a gradient, the
 * terms of a parameter's sum are made a whole layer or time step apart). `at` maps each op
 * node to the statement that holds its value (a sum's last partial sum).
 * @param scan the sums' positions in `order` and the statements' count (found by the walk that made it)
 */
function statements(order: readonly Node[], scan: OrderScan): Statements {
  // The exact sizes, known from the scan: a sum of m terms is m − 1 statements of 2 references.
  let sumStatements = 0, sumTerms = 0;
  for (const i of scan.sumsAt) {
    const m = inputCount(order[i]!);
    sumStatements += m - 1;
    sumTerms += m;
  }
  const size = scan.ops - scan.sumsAt.length + sumStatements;
  let node = new Int32Array(size + 1), off = new Int32Array(size + 1), kinds = new Int32Array(size + 1);
  let refs = new Int32Array(Math.max(1, scan.edges - sumTerms + 2 * sumStatements));
  let count = 0, nrefs = 0;
  const kindOf = new KindTable();
  const leaves: Node[] = [];
  const leafIndex = new NodeIndex();
  const at = new NodeIndex();
  const ref = (c: Node): number => {
    if (c.leaf === undefined) return at.get(c);
    let k = leafIndex.get(c);
    if (k < 0) {
      k = leaves.length;
      leaves.push(c);
      leafIndex.set(c, k);
    }
    return ~k;
  };
  const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const grown = new Int32Array(2 * a.length);
    grown.set(a);
    return grown;
  };
  const push = (n: Node, i: number, k: number): void => {
    if (count + 1 >= off.length) {
      off = grow(off);
      kinds = grow(kinds);
      node = grow(node);
    }
    if (nrefs + k > refs.length) {
      const grown = new Int32Array(Math.max(2 * refs.length, nrefs + k));
      grown.set(refs);
      refs = grown;
    }
    node[count] = i;
    kinds[count] = kindOf.get(n);
    off[count] = nrefs;
    count++;
  };
  const ready = (c: Node): boolean => c.leaf !== undefined || at.has(c);
  // The sums in progress: how many leading terms are summed, and where.
  const sums: { n: Node; i: number; have: number; acc: number }[] = [];
  const sumOf = new NodeIndex();
  // For each term, the sums waiting on it (linked lists through `waitNext`).
  const waitHead = new NodeIndex();
  const waitNext: number[] = [];
  const waitSum: number[] = [];
  for (const i of scan.sumsAt) {
    const n = order[i]!;
    sumOf.set(n, sums.length);
    for (const t of n.inputs) {
      if (t.leaf) continue;
      waitNext.push(waitHead.get(t));
      waitSum.push(sums.length);
      waitHead.set(t, waitSum.length - 1);
    }
    sums.push({ n, i, have: 0, acc: -1 });
  }
  const advance = (k: number): void => {
    const s = sums[k]!;
    const ins = s.n.inputs;
    while (s.have < ins.length) {
      const first = s.have === 0;
      if (first ? !ready(ins[0]!) || !ready(ins[1]!) : !ready(ins[s.have]!)) return;
      push(s.n, s.i, 2);
      refs[nrefs++] = first ? ref(ins[0]!) : s.acc;
      refs[nrefs++] = ref(ins[first ? 1 : s.have]!);
      s.acc = count - 1;
      s.have += first ? 2 : 1;
    }
  };
  for (let k = 0; k < sums.length; k++) advance(k);
  const waiting = sums.length > 0;
  for (let i = 0; i < order.length; i++) {
    const n = order[i]!;
    if (n.leaf) continue;
    const k = waiting ? sumOf.get(n) : -1;
    if (k >= 0) {
      const s = sums[k]!;
      if (s.have !== n.inputs.length) throw new InternalError('compile: a sum is missing terms');
      at.set(n, s.acc);
    } else {
      const c = inputCount(n);
      push(n, i, c);
      for (let j = 0; j < c; j++) refs[nrefs++] = ref(inputAt(n, j));
      at.set(n, count - 1);
    }
    if (waiting) for (let e = waitHead.get(n); e >= 0; e = waitNext[e]!) advance(waitSum[e]!);
  }
  off[count] = nrefs;
  return { count, node, kinds, off: off.subarray(0, count + 1), refs: refs.subarray(0, nrefs), leaves, at };
}
