/**
 * The analysis shared by the derivation and the pictures: which nodes are stages (get an
 * equation), their names and adjoint names, stable ids, equation numbers, and the reverse
 * pass (the same one `grad` runs). Every walk here is iterative and linear in the size of the
 * graph, so that a chain of a million ops can be explained and drawn.
 */
import { ArgumentError } from '../util/errors.js';
import { apply, constant, inputAt, inputCount, Node, variable } from '../core/node.js';
import { NodeIndex, topoOrder } from '../core/topo.js';
import { isZero } from '../core/constants.js';
import { ones } from '../tensor/tensor.js';
import { reverse, type ReversePass } from '../autodiff/grad.js';
import { nameOf, scriptedName, subscriptText, wholeName, type Name } from '../util/label.js';
import { printExpr, type PrintSettings } from './print.js';
import { NameTable, type Renaming } from './naming.js';
import { describeValue } from '../util/describe.js';

/** Adjoint notation: `\bar{z}`, `\delta_z` (`\delta^{(l)}` for `z^{(l)}`), or `\frac{\partial L}{\partial z}`. */
export type AdjointNotation = 'bar' | 'delta' | 'partial';

/**
 * An unnamed sub-expression of more than this many ops, or more than {@link MAX_INLINE_DEPTH}
 * ops deep, becomes a stage of its own (named `v_k`): no printed reference to a forward
 * quantity is longer than this, which is what keeps a derivation linear in the size of the
 * graph (the gradient of a chain of sines would otherwise print every prefix of the chain,
 * and its local derivatives every prefix of each stage).
 */
export const MAX_INLINE_OPS = 32;
/** See {@link MAX_INLINE_OPS}. */
export const MAX_INLINE_DEPTH = 8;

export interface Analysis {
  y: Node;
  wrt: Node[];
  /** Topological order of y's ancestors (forward graph). */
  order: Node[];
  /** Stable id of every forward node: `n0, n1, …` in topological order (undefined for other nodes). */
  ids: { get(n: Node): string | undefined; has(n: Node): boolean };
  /** Position of every forward node in `order` (-1 for other nodes). */
  position: NodeIndex;
  /** Non-leaf nodes that get their own equation, in topological order. */
  stages: Node[];
  /** Display name of every stage, variable and named constant (different nodes, different names). */
  names: Map<Node, Name>;
  /** Adjoint name of every stage, variable and named constant. */
  adjointNames: Map<Node, Name>;
  /** Stage inputs (stages and variables) of every stage, in the order they are first used. */
  stageInputs: Map<Node, Node[]>;
  /** The stages that use each stage input, in topological order. */
  consumers: Map<Node, Node[]>;
  lossName: Name;
  pass: ReversePass;
  /** Forward equation number of each stage; adjoint equation number of each node that has one. */
  forwardNumber: Map<Node, number>;
  adjointNumber: Map<Node, number>;
  seedNumber: number;
  gradientNumber: Map<Node, number>;
  /** Nodes in reverse topological order that have an adjoint equation. */
  adjointOrder: Node[];
  /** Names changed because different nodes had the same one (the second `x` prints as `x′`). */
  renamed: Renaming[];
  /** Adjoint nodes that are not forward nodes, and the named nodes they are the adjoint of, in `adjointOrder`. */
  adjointOwners: Map<Node, Node[]>;
}

const DELTA: Name = scriptedName({ latex: '\\delta', text: 'δ' });

/**
 * The adjoint's name for a node called `name`. In `'partial'` notation the adjoint is the
 * total derivative, written `dL/dz`, so that it reads apart from the local partials `∂a/∂z` of
 * the chain rule. In `'delta'` notation a pre-activation (a name whose base is `z` or `Z`)
 * that carries its layer or time gets Nielsen's `δ` with it: `z⁽ˡ⁾` and `Z⁽ˡ⁾` → `δ⁽ˡ⁾`, `zₜ` → `δₜ`;
 * and any other name `v` (a plain `z` too) gets `δ_v`.
 */
export function adjointName(name: Name, notation: AdjointNotation, loss: Name): Name {
  if (notation === 'partial') return totalDerivativeName(loss, name);
  if (notation === 'delta') {
    const preActivation = (name.base.latex === 'z' || name.base.latex === 'Z') && !name.compound && name.binding !== 'juxtaposed' && name.binding !== 'loose';
    if (preActivation && name.sub === undefined && name.sup !== undefined) return scriptedName(DELTA.base, undefined, name.sup);
    if (preActivation && name.sub !== undefined && name.sup === undefined) return scriptedName(DELTA.base, name.sub);
    const scripted = name.sub !== undefined || name.sup !== undefined || name.compound === true;
    const sub = { latex: scripted ? `{${name.latex}}` : name.latex, text: name.text };
    return { latex: `\\delta_{${sub.latex}}`, text: scripted ? `δ_${name.text}` : `δ${subscriptText(name.text)}`, base: DELTA.base, sub, binding: 'atom' };
  }
  if (name.compound || name.binding === 'juxtaposed' || name.binding === 'loose') return wholeName({ latex: `\\overline{${name.latex}}`, text: `(${name.text})\u0304` }, 'atom');
  // The bar goes on the symbol, the primes after it: x′ → x̄′.
  const latexPrimes = /'*$/.exec(name.base.latex)![0], textPrimes = /['′]*$/.exec(name.base.text)![0];
  const latex = name.base.latex.slice(0, name.base.latex.length - latexPrimes.length), text = name.base.text.slice(0, name.base.text.length - textPrimes.length);
  if (latex === '' || text === '') return scriptedName({ latex: `\\bar{${name.base.latex}}`, text: `${name.base.text}\u0304` }, name.sub, name.sup);
  return scriptedName({ latex: `\\bar{${latex}}${latexPrimes}`, text: `${text}\u0304${textPrimes}` }, name.sub, name.sup);
}

/** The total derivative `dL/dx` (upright d), distinct from the local partials `∂c/∂x` of the chain rule. */
export function totalDerivativeName(loss: Name, of: Name): Name {
  return wholeName({ latex: `\\frac{\\mathrm{d} ${loss.latex}}{\\mathrm{d} ${of.latex}}`, text: `d${loss.text}/d${of.text}` }, 'atom');
}

export interface AnalysisOptions {
  wrt?: Node | readonly Node[];
  adjoint?: AdjointNotation;
  loss?: string;
  stages?: 'named' | 'all';
}

/** True when `n` takes one node as two of its inputs (`x·x`), read without making its `inputs` array for one or two. */
function repeatsInput(n: Node): boolean {
  const count = inputCount(n);
  if (count === 1) return false;
  if (count === 2) return inputAt(n, 0) === inputAt(n, 1);
  return new Set(n.inputs).size < count;
}

/** Reads and checks the options, with the messages `explain` and `toDot` share. */
function readOptions(y: Node, options: AnalysisOptions, where: string) {
  if (!(y instanceof Node)) throw new ArgumentError(`${where}: y must be a Node; got ${y === null ? 'null' : typeof y}`);
  const notation = options.adjoint ?? 'bar';
  if (!['bar', 'delta', 'partial'].includes(notation)) throw new ArgumentError(`${where}: adjoint must be 'bar', 'delta' or 'partial'; got ${describeValue(notation)}`);
  const stagesMode = options.stages ?? 'named';
  if (stagesMode !== 'named' && stagesMode !== 'all') throw new ArgumentError(`${where}: stages must be 'named' or 'all'; got ${describeValue(stagesMode)}`);
  if (options.loss !== undefined && (typeof options.loss !== 'string' || options.loss.trim() === '')) throw new ArgumentError(`${where}: loss must be a non-empty string; got ${describeValue(options.loss)}`);
  return { notation, stagesMode };
}

/**
 * The stages, in topological order: the output, named nodes, nodes used more than once (or
 * twice by one node), every op node with `stages: 'all'`, and any unnamed sub-expression
 * that grew past {@link MAX_INLINE_OPS} ops or {@link MAX_INLINE_DEPTH} deep.
 */
function findStages(y: Node, order: readonly Node[], mode: 'named' | 'all'): NodeIndex {
  // How many distinct nodes use each node.
  const uses = new NodeIndex();
  for (const n of order) {
    if (n.leaf) continue;
    const count = inputCount(n);
    const distinct = count > 2 ? new Set(n.inputs) : count === 2 && inputAt(n, 0) === inputAt(n, 1) ? [inputAt(n, 0)] : undefined;
    if (distinct) for (const c of distinct) uses.set(c, Math.max(uses.get(c), 0) + 1);
    else for (let i = 0; i < count; i++) uses.set(inputAt(n, i), Math.max(uses.get(inputAt(n, i)), 0) + 1);
  }
  const stages = new NodeIndex();
  // Ops and depth of each unnamed node's expression, down to stages and leaves.
  const ops = new NodeIndex(), depths = new NodeIndex();
  for (const n of order) {
    if (n.leaf) continue;
    let size = 1, depth = 1;
    const count = inputCount(n);
    for (let i = 0; i < count; i++) {
      const c = inputAt(n, i);
      if (!ops.has(c)) continue;
      size += ops.get(c);
      depth = Math.max(depth, depths.get(c) + 1);
    }
    const stage = n === y || n.label !== undefined || mode === 'all' || uses.get(n) > 1 || repeatsInput(n) || size > MAX_INLINE_OPS || depth > MAX_INLINE_DEPTH;
    if (stage) stages.set(n, 0);
    else {
      ops.set(n, size);
      depths.set(n, depth);
    }
  }
  return stages;
}

/**
 * The stages and variables each stage reads, in the order a depth-first walk of its
 * expression meets them (inputs in order). Each unnamed node belongs to one stage's
 * expression (a node used twice is a stage), so the walks together visit each node once.
 */
function findStageInputs(stages: readonly Node[], isStage: (n: Node) => boolean): Map<Node, Node[]> {
  const out = new Map<Node, Node[]>();
  for (const s of stages) {
    const found: Node[] = [];
    const seen = new Set<Node>();
    const nodes: Node[] = [s];
    const next: number[] = [0];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const n = nodes[top]!;
      const i = next[top]!;
      if (i >= inputCount(n)) {
        nodes.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const c = inputAt(n, i);
      if (seen.has(c)) continue;
      seen.add(c);
      if (c.isVariable || isStage(c)) found.push(c);
      else if (!c.leaf) {
        nodes.push(c);
        next.push(0);
      }
    }
    out.set(s, found);
  }
  return out;
}

/** Names every variable, named constant and stage; different nodes get different names. */
function nameNodes(y: Node, order: readonly Node[], stageSet: NodeIndex, loss: string | undefined, table: NameTable): { names: Map<Node, Name>; lossName: Name } {
  const names = new Map<Node, Name>();
  // Users' names first, in topological order (the first node met keeps a shared name) …
  for (const n of order) {
    let wanted: string | undefined;
    if (n.isVariable) wanted = n.label ?? n.leaf!.name!;
    else if (n.label !== undefined && (n.leaf || stageSet.has(n))) wanted = n.label;
    else if (n === y && stageSet.has(n)) wanted = loss ?? 'L';
    if (wanted !== undefined) names.set(n, table.name(n, nameOf(wanted)));
  }
  // … then `v_1, v_2, …` for unnamed stages, skipping any a user took.
  let k = 0;
  for (const n of order) {
    if (!stageSet.has(n) || names.has(n)) continue;
    let auto: Name;
    do auto = scriptedName({ latex: 'v', text: 'v' }, { latex: String(++k), text: String(k) });
    while (table.taken(auto, n));
    names.set(n, table.name(n, auto));
  }
  const lossName = names.get(y) ?? table.name({ loss: y }, nameOf(loss ?? 'L'));
  return { names, lossName };
}

export function analyze(y: Node, options: AnalysisOptions, where = 'explain'): Analysis {
  const { notation, stagesMode } = readOptions(y, options, where);
  const order = topoOrder([y]);
  const wrtList = options.wrt === undefined ? order.filter((n) => n.isVariable) : options.wrt instanceof Node ? [options.wrt] : Array.isArray(options.wrt) ? [...options.wrt] : [options.wrt];
  for (const w of wrtList) if (!(w instanceof Node)) throw new ArgumentError(`${where}: wrt must be nodes; got ${w === null ? 'null' : typeof w}`);
  const position = new NodeIndex();
  for (let i = 0; i < order.length; i++) position.set(order[i]!, i);
  const ids = { get: (n: Node) => (position.has(n) ? `n${position.get(n)}` : undefined), has: (n: Node) => position.has(n) };
  const stageSet = findStages(y, order, stagesMode);
  const stages = order.filter((n) => stageSet.has(n));
  const stageInputs = findStageInputs(stages, (n) => stageSet.has(n));
  const consumers = new Map<Node, Node[]>();
  for (const s of stages) for (const v of stageInputs.get(s)!) (consumers.get(v) ?? consumers.set(v, []).get(v)!).push(s);

  const table = new NameTable();
  const { names, lossName } = nameNodes(y, order, stageSet, options.loss, table);
  const adjointNames = new Map<Node, Name>();
  for (const [n, nm] of names) adjointNames.set(n, table.name({ adjointOf: n }, adjointName(nm, notation, lossName)));

  // Contributions are recorded only when a dead gradient needs explaining (see `contributions`).
  const pass = reverse(y, wrtList, constant(ones(y.shape)), false, order);
  const adjointOrder: Node[] = [];
  for (let i = order.length - 1; i >= 0; i--) if (pass.adjoints.has(order[i]!) && names.has(order[i]!)) adjointOrder.push(order[i]!);
  const adjointOwners = new Map<Node, Node[]>();
  for (const n of adjointOrder) {
    const g = pass.adjoints.get(n)!;
    if (g.leaf || position.has(g)) continue;
    (adjointOwners.get(g) ?? adjointOwners.set(g, []).get(g)!).push(n);
  }
  const forwardNumber = new Map<Node, number>();
  let k = 0;
  for (const s of stages) forwardNumber.set(s, ++k);
  const seedNumber = ++k;
  const adjointNumber = new Map<Node, number>();
  for (const n of adjointOrder) if (n !== y) adjointNumber.set(n, ++k);
  const gradientNumber = new Map<Node, number>();
  for (const w of wrtList) gradientNumber.set(w, ++k);
  return { y, wrt: wrtList, order, ids, position, stages, names, adjointNames, stageInputs, consumers, lossName, pass, forwardNumber, adjointNumber, seedNumber, gradientNumber, adjointOrder, renamed: table.renamed, adjointOwners };
}

/**
 * What each node's consumers sent back in the reverse pass (the pass run again, recording
 * them: only explaining a dead gradient needs them).
 */
export function contributions(a: Analysis): ReversePass['contributions'] {
  return reverse(a.y, a.wrt, constant(ones(a.y.shape)), true, a.order).contributions;
}

/** What a stage's local derivatives are built from: placeholders for its inputs, and their names. */
export interface LocalTerms {
  /** `\bar{c}\,∂c/∂v` for each stage input `v` of the stage `c` (absent when structurally zero). */
  terms: Map<Node, Node>;
  /** Names of the placeholders (`v`'s name), of the rebuilt stage (`c`'s name) and of `\bar{c}`. */
  names: Map<Node, Name>;
  /** The stage rebuilt on the placeholders (it prints as `c`'s name). */
  stage: Node;
}

const localCache = new WeakMap<Analysis, Map<Node, LocalTerms>>();

/**
 * The local terms of consumer stage `c`: its expression rebuilt with its stage inputs replaced
 * by fresh placeholder leaves, differentiated once for all of them with `\bar{c}` as a symbol.
 */
export function localTerms(a: Analysis, c: Node): LocalTerms {
  let cache = localCache.get(a);
  if (!cache) localCache.set(a, (cache = new Map()));
  const hit = cache.get(c);
  if (hit) return hit;
  const inputs = new Set(a.stageInputs.get(c));
  const names = new Map<Node, Name>();
  const placeholders = new Map<Node, Node>();
  const rebuilt = new Map<Node, Node>();
  // Post-order over the stage's own expression (it stops at stage inputs and leaves).
  const nodes: Node[] = [c];
  const state: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const n = nodes[top]!;
    if (rebuilt.has(n)) {
      nodes.pop();
      state.pop();
      continue;
    }
    if (n !== c && inputs.has(n) && !n.leaf) {
      const p = variable('p', undefined, { shape: n.shape });
      placeholders.set(n, p);
      names.set(p, a.names.get(n)!);
      rebuilt.set(n, p);
      continue;
    }
    if (n.leaf) {
      rebuilt.set(n, n);
      continue;
    }
    if (state[top] === 0) {
      state[top] = 1;
      for (let i = inputCount(n) - 1; i >= 0; i--) {
        nodes.push(inputAt(n, i));
        state.push(0);
      }
      continue;
    }
    nodes.pop();
    state.pop();
    const ins = n.inputs.map((x) => rebuilt.get(x)!);
    const same = ins.every((x, i) => x === inputAt(n, i));
    // The stage itself keeps a label, so that construction-time rewrites never replace it.
    rebuilt.set(n, same ? n : apply(n.op, ins, n.attrs, n === c ? { label: c.label ?? 'stage' } : {}));
  }
  const expr = rebuilt.get(c)!;
  names.set(expr, a.names.get(c)!);
  const dy = variable('p', undefined, { shape: c.shape });
  names.set(dy, a.adjointNames.get(c)!);
  const targets = [...inputs].map((v) => placeholders.get(v) ?? v);
  const pass = reverse(expr, targets, dy);
  const terms = new Map<Node, Node>();
  for (const v of inputs) {
    const t = pass.adjoints.get(placeholders.get(v) ?? v);
    if (t) terms.set(v, t);
  }
  const out = { terms, names, stage: expr };
  cache.set(c, out);
  return out;
}

/** Most stages a downstream search visits before it gives up (then the adjoint prints in full, which is still right). */
const SEARCH_LIMIT = 10_000;

/** True when stage `o` depends on `of` (is downstream of it), searching the stage graph from `of`. */
function downstream(a: Analysis, o: Node, of: Node): boolean {
  const direct = a.consumers.get(of);
  if (!direct) return false;
  if (direct.includes(o)) return true;
  const limit = a.position.get(o);
  const seen = new Set<Node>();
  const queue = direct.filter((s) => a.position.get(s) < limit);
  while (queue.length > 0 && seen.size < SEARCH_LIMIT) {
    const s = queue.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of a.consumers.get(s) ?? []) {
      if (t === o) return true;
      if (a.position.get(t) < limit && !seen.has(t)) queue.push(t);
    }
  }
  return false;
}

/**
 * The names an equation for `of` may use for adjoint nodes: those of the stages downstream
 * of `of` (its consumers, defined earlier in the backward pass), never a sibling's that
 * happens to share a node. Only fresh adjoint nodes get names (not forward nodes or
 * constants). Without `of` (a final gradient), any adjoint's name.
 */
export function adjointLookup(a: Analysis, of: Node | undefined): (n: Node) => Name | undefined {
  return (g) => {
    const owners = a.adjointOwners.get(g);
    if (!owners) return undefined;
    for (const o of owners) if (of === undefined || (o !== of && downstream(a, o, of))) return a.adjointNames.get(o);
    return undefined;
  };
}

/**
 * Prints a node with the analysis's names and the adjoint names `selfAdjointOf`'s equation
 * may use; undefined when longer than `maxChars`.
 */
export function printWithNames(a: Analysis, root: Node, format: 'latex' | 'text', digits: number, selfAdjointOf?: Node, maxChars?: number): string | undefined {
  const adjoint = adjointLookup(a, selfAdjointOf);
  const alias = a.position.has(root) ? undefined : adjoint(root);
  if (alias) return format === 'latex' ? alias.latex : alias.text;
  const settings: PrintSettings = { digits, names: (n) => a.names.get(n) ?? adjoint(n), trustNames: true, ...(maxChars !== undefined && { maxChars }) };
  return printExpr(root, format, settings)?.s;
}

export { isZero };
