/**
 * Structure fingerprints: what makes two graphs "the same computation on other numbers".
 *
 * A training loop that builds a new graph every step (micrograd's way: fresh data, the same
 * network) builds the same structure each time. A fingerprint lists a graph's nodes in their
 * topological order with, for each, what determines its meaning and its derivation: the op
 * (by identity), the attributes, whether it is named, the positions of its inputs; for a
 * leaf, whether it is a variable (and which of the requested inputs it is) or a constant,
 * and for a constant whose value the structure may depend on (a permanent or structural
 * constant: rewrites may read it) that value. Variables and data constants are inputs: their
 * values do not enter the fingerprint. Two graphs with equal fingerprints simplify and
 * differentiate alike, so a gradient derived and compiled for one serves the other with its
 * leaves' values fed in (see `exec/eager.ts`).
 *
 * Only graphs of built-in ops are fingerprinted: a user op's rules may read anything.
 * @module
 */
import { attributesKey, inputAt, inputCount, opId, type Node } from '../core/node.js';
import { postOrder } from '../core/topo.js';
import { formatShape } from '../tensor/shape.js';
import type { Attrs, OpDef } from '../core/opdef.js';

/**
 * A graph's structure and its nodes in order. `codes` is a scratch buffer shared by every
 * fingerprint: it holds until the next call (copy it to keep it). `order` is the fingerprint's
 * own (a shared one would keep the last graph fingerprinted alive after the user dropped it).
 */
export interface Fingerprint {
  /** The nodes, inputs before users (the roots' topological order). */
  readonly order: readonly Node[];
  /** The structure, one run of integers per node. */
  readonly codes: Int32Array;
  /** A hash of `codes` (equal structures have equal hashes; compare `codes` to be sure). */
  readonly hash: number;
  /** The nodes marked as asked for (the given ones, or every variable of the graph in order). */
  readonly wrt: readonly Node[];
}

// Leaf kinds in the codes (op ids are positive).
const VARIABLE = -1, PERMANENT = -2, STRUCTURAL = -3, DATA = -4;

const attrIds = new Map<string, number>();
const attrIdOf = new WeakMap<object, number>();
const shapeIds = new Map<string, number>();
const valueIds = new Map<string, number>();
/** Most distinct attribute sets, shapes and structural values remembered (then forgotten, so they stay bounded). */
const MAX_IDS = 1 << 16;

function idIn(table: Map<string, number>, key: string): number {
  let id = table.get(key);
  if (id === undefined) {
    if (table.size >= MAX_IDS) table.clear();
    table.set(key, (id = table.size + 1));
  }
  return id;
}

function attrsId(a: Attrs): number {
  let id = attrIdOf.get(a);
  if (id === undefined) {
    const key = attributesKey(a);
    id = key === '' ? 0 : idIn(attrIds, key);
    attrIdOf.set(a, id);
  }
  return id;
}

const shapeId = (n: Node): number => (n.shape.length === 0 ? 0 : idIn(shapeIds, formatShape(n.shape)));

/** The value of a constant as a key (shape and every element, −0 apart), cached on the leaf. */
function valueId(n: Node): number {
  const leaf = n.leaf!;
  const t = leaf.value!;
  const key = `${formatShape(t.shape)}|${Array.from(t.data, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(',')}`;
  return idIn(valueIds, key);
}

/** The ops a fingerprint may contain (the built-in ones), each with its op id. */
let builtinIds = new Map<OpDef, number>();

/** Sets the ops whose graphs may be fingerprinted. @internal */
export function setFingerprintOps(ops: readonly OpDef[]): void {
  builtinIds = new Map(ops.map((op) => [op, opId(op)]));
}

/** Scratch buffers of {@link fingerprint}. */
let buf = new Int32Array(1024);
let len = 0;

let lastOp: OpDef | undefined;
let lastId = 0;

function grow(need: number): void {
  const grown = new Int32Array(Math.max(need, 2 * buf.length));
  grown.set(buf.subarray(0, len));
  buf = grown;
}

function put(v: number): void {
  if (len === buf.length) grow(len + 1);
  buf[len++] = v;
}

/**
 * The fingerprint of the graph of `roots`, with `wrt` (variables or other nodes, or
 * `'variables'`: every variable of the graph, in order) marked by their position in the list,
 * or `undefined` when the graph has an op that is not built in or more than `limit` nodes.
 */
export function fingerprint(roots: readonly Node[], wrtOrAll: readonly Node[] | 'variables' = [], limit = Infinity): Fingerprint | undefined {
  len = 0;
  const order: Node[] = [];
  const vars: Node[] | undefined = wrtOrAll === 'variables' ? [] : undefined;
  let ok = true;
  let baseOf = 0;
  postOrder(roots, {
    emit(n, k, base) {
      baseOf = base;
      if (k >= limit) return (ok = false);
      order.push(n);
      const info = n.info;
      const leaf = info === undefined ? undefined : info.leaf;
      const count = leaf !== undefined ? 0 : inputCount(n);
      if (len + 8 + count > buf.length) grow(len + 8 + count);
      const b = buf;
      if (leaf === undefined) {
        const op = n.op;
        // Graphs repeat a few ops: the last one's id is at hand.
        let id: number;
        if (op === lastOp) id = lastId;
        else {
          const known = builtinIds.get(op);
          if (known === undefined) return (ok = false);
          lastOp = op;
          lastId = id = known;
        }
        b[len] = id;
        b[len + 1] = info === undefined ? 0 : attrsId(info.attrs);
        b[len + 2] = info === undefined || info.label === undefined ? 0 : 1;
        b[len + 3] = count;
        len += 4;
        for (let j = 0; j < count; j++) b[len++] = inputAt(n, j).walk - base - 1;
      } else if (leaf.kind === 'variable') {
        b[len] = VARIABLE;
        b[len + 1] = shapeId(n);
        b[len + 2] = leaf.label === undefined ? 0 : 1;
        len += 3;
        if (vars !== undefined) vars.push(n);
      } else if (leaf.label !== undefined || leaf.cls === 'data') {
        b[len] = DATA;
        b[len + 1] = shapeId(n);
        b[len + 2] = leaf.label === undefined ? 0 : 1;
        len += 3;
      } else if (leaf.cls === 'permanent') {
        b[len] = PERMANENT;
        b[len + 1] = n.id;
        len += 2;
      } else {
        b[len] = STRUCTURAL;
        b[len + 1] = valueId(n);
        len += 2;
      }
      return true;
    },
  });
  if (!ok) return undefined;
  const wrt = vars ?? (wrtOrAll as readonly Node[]);
  // Which nodes the gradient is asked for, by position (a node not in the graph has none),
  // and the roots. The marks of the walk still hold: no other walk has begun.
  put(-5);
  put(wrt.length);
  // (A node not in the graph gets a zero gradient of its shape: its shape is part of the structure.)
  for (const x of wrt) {
    put(x.walk > baseOf && x.walk <= baseOf + order.length ? x.walk - baseOf - 1 : -1);
    put(shapeId(x));
  }
  put(-6);
  put(roots.length);
  for (const r of roots) put(r.walk - baseOf - 1);
  const codes = buf.subarray(0, len);
  return { order, codes, hash: hashCodes(codes), wrt };
}

function hashCodes(c: Int32Array): number {
  let h = 0x811c9dc5 ^ c.length;
  for (let i = 0; i < c.length; i++) h = Math.imul(h ^ c[i]!, 0x01000193) ^ (h >>> 13);
  return h | 0;
}

/** True when two fingerprints describe the same structure. */
export function sameStructure(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A bounded cache keyed by structure: entries are found by hash and confirmed by comparing
 * codes; the least recently used entry goes when it is full.
 */
export class StructureCache<V> {
  private readonly map = new Map<number, { codes: Int32Array; value: V }[]>();
  private size = 0;
  constructor(private readonly capacity: number) {}

  get(fp: Fingerprint): V | undefined {
    const list = this.map.get(fp.hash);
    if (list === undefined) return undefined;
    for (const e of list) {
      if (sameStructure(e.codes, fp.codes)) {
        // Most recently used last: move the hash to the end of the map's order.
        this.map.delete(fp.hash);
        this.map.set(fp.hash, list);
        return e.value;
      }
    }
    return undefined;
  }

  set(fp: Fingerprint, value: V): void {
    const list = this.map.get(fp.hash);
    if (list !== undefined) {
      const e = list.find((x) => sameStructure(x.codes, fp.codes));
      if (e) {
        e.value = value;
        return;
      }
      list.push({ codes: fp.codes.slice(), value });
    } else this.map.set(fp.hash, [{ codes: fp.codes.slice(), value }]);
    this.size++;
    while (this.size > this.capacity) {
      const [h, l] = this.map.entries().next().value as [number, { codes: Int32Array; value: V }[]];
      l.shift();
      this.size--;
      if (l.length === 0) this.map.delete(h);
    }
  }
}
