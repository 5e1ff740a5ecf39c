import { ArgumentError, TracegradError } from '../util/errors.js';
import { escapeHtml } from '../util/html.js';
import { checkOptions, oneOf } from '../util/options.js';
import { latexText, visibleText, type Name } from '../util/label.js';
import { constant, inputAt, inputCount, Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { ones, type Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { zip } from '../tensor/kernels.js';
import { analyze, contributions, type AdjointNotation, type Analysis } from './analysis.js';
import { formatNumber, printExpr } from './print.js';
import { renamingMessages, warnOnce } from './naming.js';
import { latexWidth } from './latexLayout.js';
import { describeValue } from '../util/describe.js';

/** Options of {@link toDot} (and of {@link toTikz}). */
export interface DotOptions {
  /**
   * `'teaching'` (default): a circuit diagram as courses draw it (CS231n): op nodes are small
   * circles with the op's symbol, names in math type, each wire's value above it and its
   * gradient below (two colours). `'debug'`: one record box per node with its name, op,
   * shape, value and gradient.
   */
  style?: 'teaching' | 'debug';
  /** Draw only the nodes within {@link DotOptions.radius} edges of this node, inputs and users alike ("this node and its neighbourhood"). */
  around?: Node;
  /** How far {@link DotOptions.around} reaches, in edges (default 2). */
  radius?: number;
  /** `'forward'` (default), `'backward'` (the gradient graph) or `'both'`. */
  view?: 'forward' | 'backward' | 'both';
  /** Inputs whose gradients are computed (default: every variable). */
  wrt?: Node | readonly Node[];
  /** Show values (default: when every variable has one). */
  values?: boolean;
  /** Show gradients on forward nodes (default true); nodes off the gradient path say "not computed". */
  grads?: boolean;
  /** Label forward edges with the local derivative `∂c/∂v` (default false). */
  edgePartials?: boolean;
  /** Graphviz rank direction (default `'LR'`). */
  rankdir?: 'LR' | 'RL' | 'TB' | 'BT';
  /**
   * Collapse scopes into one box each, showing the parameters (variables) inside: `true` for
   * every outermost scope (a network's layers), or the scope names (a name takes its nested
   * scopes with it).
   */
  collapse?: boolean | readonly string[];
  /** Cut the picture this many edges below the output. */
  maxDepth?: number;
  /**
   * Most boxes of each view (forward, backward) drawn: the nodes nearest the output (or the
   * gradients) first; a node whose inputs are left out gets a box saying how many (default
   * 5,000 for {@link toDot}, 400 for {@link toTikz}; `Infinity` draws everything).
   */
  maxNodes?: number;
  /** `'record'` (default; renders the same in graphviz-cli and @viz-js/viz) or `'html'` (sub/superscripts; in-process rendering only). */
  labels?: 'record' | 'html';
  /** Adjoint notation for backward nodes (default `'bar'`). */
  adjoint?: AdjointNotation;
  /** Name of an unnamed output (default `L`). */
  loss?: string;
  /** Significant digits (default 3 in the teaching style, 4 in the debug style). */
  digits?: number;
  /** Which nodes count as stages (get names and equation numbers), as in {@link explain}: `'named'` (default) or `'all'`. */
  stages?: 'named' | 'all';
}

const KNOWN = ['style', 'around', 'radius', 'view', 'wrt', 'values', 'grads', 'edgePartials', 'rankdir', 'collapse', 'maxDepth', 'maxNodes', 'labels', 'adjoint', 'loss', 'digits', 'stages'];
/** Default {@link DotOptions.maxNodes} of `toDot`. @internal */
export const DOT_MAX_NODES = 5000;

/** A label in Unicode text and in LaTeX (math mode). @internal */
export interface Label {
  text: string;
  latex: string;
}

/** What a wire of a circuit diagram carries: the local derivative (when asked) and the value above it, the gradient below. @internal */
export interface WireLabels {
  partial?: Label;
  value?: Label;
  grad?: Label;
}

/** One box of the picture, before it is written as DOT or TikZ. @internal */
export interface PictureNode {
  id: string;
  /** Lines of the label (plain text, Unicode): a record's fields, a scope box's or a cut's lines. */
  lines: string[];
  /** The name on the first line (debug style), or the node's name (teaching style). */
  name?: Name;
  /** Op name or leaf kind; `'scope'`, `'cut'`, `'wire'`, `'out'` for the boxes that stand for no node. */
  kind: string;
  backward: boolean;
  scope?: string;
  /** True for a leaf variable / constant (drawn differently). */
  leaf: 'variable' | 'constant' | undefined;
  /** Teaching style: how it is drawn (op circle, leaf name, wire junction, scope box, cut note, output end). */
  shape?: 'op' | 'leaf' | 'wire' | 'scope' | 'cut' | 'out';
  /** Teaching style: the op's symbol (in the circle), or an unnamed constant's number. */
  symbol?: Label;
  /** Teaching style: the forward (or adjoint) equation number shown beside the name. */
  number?: number;
  /** Teaching style: a wire's labels. */
  wire?: WireLabels;
}

/** An edge of the picture. @internal */
export interface PictureEdge {
  from: string;
  to: string;
  label?: string;
  backward: boolean;
  /** False for the first half of a wire (into its junction): no arrowhead. */
  arrow?: boolean;
}

/** The picture as data; DOT and TikZ are written from it. @internal */
export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
  rankdir: string;
  labels: 'record' | 'html';
  style: 'teaching' | 'debug';
  /** TikZ, top to bottom: a wire whose labels are wider than this (points) on one line has its value and gradient on two lines beside it (narrower, taller). */
  stackOver?: number;
}

/** The tensor's summary on one line (debug style): all of it up to 4 elements, else mean and range. */
function summary(t: Tensor, digits: number): string {
  const n = (v: number) => formatNumber(v, 'text', digits);
  if (t.shape.length === 0) return n(t.data[0]!);
  if (t.size <= 4) return `[${Array.from(t.data, n).join(', ')}]`;
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return `mean ${n(sum / t.size)}, range [${n(min)}, ${n(max)}]`;
}

/**
 * A value short enough for a wire (teaching style): a scalar or up to 2 numbers in full; a
 * bigger tensor by its shape (a value) or its norm (a gradient: how much flows back, 0 when
 * none does). The derivation has every number.
 */
function wireValue(t: Tensor, digits: number, kind: 'value' | 'grad'): Label {
  const n = (v: number, f: 'text' | 'latex') => formatNumber(v, f, digits);
  if (t.shape.length === 0) return { text: n(t.data[0]!, 'text'), latex: n(t.data[0]!, 'latex') };
  if (t.size <= 2) return { text: `[${Array.from(t.data, (v) => n(v, 'text')).join(', ')}]`, latex: `[${Array.from(t.data, (v) => n(v, 'latex')).join(',\\ ')}]` };
  if (kind === 'value') return { text: t.shape.join('×'), latex: t.shape.join('{\\times}') };
  let sq = 0;
  for (const v of t.data) sq += v * v;
  return { text: `‖${n(Math.sqrt(sq), 'text')}‖`, latex: `\\|${n(Math.sqrt(sq), 'latex')}\\|` };
}

/** The options of a picture, checked, with their defaults. @internal */
export interface PictureSettings {
  style: 'teaching' | 'debug';
  view: 'forward' | 'backward' | 'both';
  rankdir: string;
  labels: 'record' | 'html';
  maxDepth: number;
  maxNodes: number;
  digits: number;
  showValues: boolean;
  showGrads: boolean;
  edgePartials: boolean;
  collapse: boolean | readonly string[];
  around: Node | undefined;
  radius: number;
}

/** Pass 0: the options, checked, with their defaults. */
function readSettings(options: DotOptions, a: Analysis, defaultMaxNodes: number, where: string): PictureSettings {
  const style = oneOf(where, 'style', options.style ?? 'teaching', ['teaching', 'debug'] as const);
  const view = options.view ?? 'forward';
  if (!['forward', 'backward', 'both'].includes(view)) throw new ArgumentError(`${where}: view must be 'forward', 'backward' or 'both'; got ${describeValue(view)}`);
  const rankdir = options.rankdir ?? 'LR';
  if (!['LR', 'RL', 'TB', 'BT'].includes(rankdir)) throw new ArgumentError(`${where}: rankdir must be 'LR', 'RL', 'TB' or 'BT'; got ${describeValue(rankdir)}`);
  const labels = options.labels ?? 'record';
  if (labels !== 'record' && labels !== 'html') throw new ArgumentError(`${where}: labels must be 'record' or 'html'; got ${describeValue(labels)}`);
  if (options.maxDepth !== undefined && (!Number.isInteger(options.maxDepth) || options.maxDepth < 0)) throw new ArgumentError(`${where}: maxDepth must be a non-negative integer; got ${options.maxDepth}`);
  const maxNodes = options.maxNodes ?? defaultMaxNodes;
  if (typeof maxNodes !== 'number' || !(maxNodes >= 1) || (Number.isFinite(maxNodes) && !Number.isInteger(maxNodes))) throw new ArgumentError(`${where}: maxNodes must be a positive integer, or Infinity for everything; got ${describeValue(options.maxNodes)}`);
  const digits = options.digits ?? (style === 'teaching' ? 3 : 4);
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`${where}: digits must be an integer from 1 to 17; got ${describeValue(options.digits)}`);
  const collapse = options.collapse ?? false;
  if (typeof collapse !== 'boolean' && !(Array.isArray(collapse) && collapse.every((c) => typeof c === 'string'))) throw new ArgumentError(`${where}: collapse must be true, false or a list of scope names; got ${describeValue(collapse)}`);
  if (Array.isArray(collapse)) {
    const scopes = new Set<string>();
    for (const n of a.order) for (let sc = n.scope; sc !== undefined; sc = sc.includes('/') ? sc.slice(0, sc.lastIndexOf('/')) : undefined) scopes.add(sc);
    const unknown = collapse.filter((c) => !scopes.has(c));
    if (unknown.length > 0) {
      throw new ArgumentError(`${where}: collapse names scopes the graph does not have: ${unknown.map((c) => describeValue(c)).join(', ')}; its scopes: ${scopes.size > 0 ? [...scopes].slice(0, 12).map((c) => describeValue(c)).join(', ') : 'none (tg.scope(name, fn) makes one)'}`);
    }
  }
  for (const flag of ['values', 'grads', 'edgePartials'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw new ArgumentError(`${where}: ${flag} must be true or false; got ${describeValue(options[flag])}`);
  }
  const around = options.around;
  if (around !== undefined && !(around instanceof Node && a.position.has(around))) throw new ArgumentError(`${where}: around must be a node of the graph drawn; got ${around instanceof Node ? 'a node the output does not depend on' : describeValue(around)}`);
  const radius = options.radius ?? 2;
  if (!Number.isInteger(radius) || radius < 0) throw new ArgumentError(`${where}: radius must be a non-negative integer; got ${describeValue(options.radius)}`);
  if (options.radius !== undefined && around === undefined) throw new ArgumentError(`${where}: radius applies with around (the node whose neighbourhood is drawn)`);
  const hasValues = a.order.every((n) => !n.isVariable || n.leaf!.value !== undefined);
  return {
    style, view, rankdir, labels, maxNodes, digits, collapse, around, radius,
    maxDepth: options.maxDepth ?? Infinity,
    showValues: options.values ?? hasValues,
    showGrads: options.grads ?? true,
    edgePartials: options.edgePartials ?? false,
  };
}

/**
 * The first `max` nodes of a breadth-first walk from `roots` over inputs (the nearest
 * first), within `maxDepth` edges and inside `allowed` when given.
 */
function nearest(roots: readonly Node[], max: number, maxDepth: number, allowed?: (n: Node) => boolean): Set<Node> {
  const out = new Set<Node>();
  let level = roots.filter((r) => !allowed || allowed(r));
  for (let depth = 0; level.length > 0 && out.size < max && depth <= maxDepth; depth++) {
    const next: Node[] = [];
    for (const n of level) {
      if (out.has(n)) continue;
      if (out.size >= max) break;
      out.add(n);
      for (let i = 0; i < inputCount(n); i++) {
        const c = inputAt(n, i);
        if (!out.has(c) && (!allowed || allowed(c))) next.push(c);
      }
    }
    level = next;
  }
  return out;
}

/** The nodes within `radius` edges of `center`, inputs and users alike, nearest first, at most `max`. */
function neighbourhood(a: Analysis, center: Node, radius: number, max: number): Set<Node> {
  const users = new Map<Node, Node[]>();
  for (const n of a.order) for (let i = 0; i < inputCount(n); i++) (users.get(inputAt(n, i)) ?? users.set(inputAt(n, i), []).get(inputAt(n, i))!).push(n);
  const out = new Set<Node>([center]);
  let level = [center];
  for (let depth = 0; depth < radius && level.length > 0 && out.size < max; depth++) {
    const next: Node[] = [];
    for (const n of level) {
      const around = [...n.inputs, ...(users.get(n) ?? [])];
      for (const m of around) {
        if (out.size >= max) break;
        if (!out.has(m)) {
          out.add(m);
          next.push(m);
        }
      }
    }
    level = next;
  }
  return out;
}

/** Pass 1: which forward and backward nodes are drawn (neighbourhood, depth cut and node budget). */
function selectNodes(a: Analysis, s: PictureSettings): { used: Set<Node>; backward: Node[]; backwardLeftOut: number } {
  const forwardSet = a.position;
  const used = s.view === 'backward' ? new Set<Node>() : s.around ? neighbourhood(a, s.around, s.radius, s.maxNodes) : nearest([a.y], s.maxNodes, s.maxDepth);
  if (s.view === 'forward') return { used, backward: [], backwardLeftOut: 0 };
  const gradRoots = a.wrt.map((w) => a.pass.adjoints.get(w)).filter((g): g is Node => g !== undefined && !forwardSet.has(g));
  const allBackward = topoOrder(gradRoots).filter((n) => !forwardSet.has(n));
  const kept = allBackward.length <= s.maxNodes ? undefined : nearest(gradRoots, s.maxNodes, Infinity, (n) => !forwardSet.has(n));
  const backward = kept ? allBackward.filter((n) => kept.has(n)) : allBackward;
  if (s.view === 'backward') for (const b of backward) for (let i = 0; i < inputCount(b); i++) if (forwardSet.has(inputAt(b, i))) used.add(inputAt(b, i));
  return { used, backward, backwardLeftOut: allBackward.length - backward.length };
}

/** Pass 2: the label lines of a forward node: name and equation number, op, shape, value, gradient. */
function forwardLabel(a: Analysis, s: PictureSettings, n: Node, val: (n: Node) => string | undefined): { lines: string[]; name?: Name } {
  const name = a.names.get(n);
  const lines: string[] = [];
  const eq = a.forwardNumber.get(n);
  if (name !== undefined) lines.push(`${name.text}${eq ? ` (${eq})` : ''}`);
  if (n.leaf?.kind === 'constant' && name === undefined) lines.push(`const ${printExpr(n, 'text', { digits: s.digits })!.s}`);
  else lines.push(n.leaf ? n.leaf.kind : n.op.dot ? n.op.dot(n.attrs) : n.op.name);
  lines.push(formatShape(n.shape));
  const v = n.leaf?.kind === 'constant' ? undefined : val(n);
  if (v !== undefined) lines.push(`value ${v}`);
  if (s.showGrads && s.view !== 'backward' && n.leaf?.kind !== 'constant') {
    const g = a.pass.adjoints.get(n);
    const adjEq = a.adjointNumber.get(n);
    lines.push(g ? `grad ${val(g) ?? a.adjointNames.get(n)?.text ?? 'ḡ'}${adjEq ? ` (${adjEq})` : ''}` : 'grad not computed');
  }
  return { lines, ...(name !== undefined && { name }) };
}

/** Pass 2, backward: the label lines of a node of the gradient graph, named after the adjoint it is. */
function backwardLabel(a: Analysis, s: PictureSettings, b: Node, owner: Node | undefined, val: (n: Node) => string | undefined): { lines: string[]; name?: Name } {
  const lines: string[] = [];
  const name = owner ? a.adjointNames.get(owner) : undefined;
  if (name) {
    const eq = a.adjointNumber.get(owner!);
    lines.push(`${name.text}${eq ? ` (${eq})` : ''}`);
  }
  lines.push(b.leaf ? (b.leaf.kind === 'constant' ? `const ${printExpr(b, 'text', { digits: s.digits })!.s}` : b.leaf.kind) : b.op.dot ? b.op.dot(b.attrs) : b.op.name, formatShape(b.shape));
  const v = b.leaf ? undefined : val(b);
  if (v !== undefined) lines.push(`value ${v}`);
  return { lines, ...(name && { name }) };
}

/** The parameters (variables) inside a collapsed scope, as one line: names and shapes, the first few. */
function parametersLines(params: readonly { name: string; base: string; shape: readonly number[] }[]): string[] {
  if (params.length === 0) return [];
  const count = `${params.length} parameter${params.length > 1 ? 's' : ''}`;
  // Scalars (a micrograd network): how many, and their symbols (w, b); tensors: names and shapes.
  if (params.every((p) => p.shape.length === 0)) return [params.length <= 2 ? `${count}: ${params.map((p) => p.name).join(', ')}` : `${count}: ${[...new Set(params.map((p) => p.base))].slice(0, 4).join(', ')}`];
  const shown = params.slice(0, 3).map((p) => `${p.name} ${formatShape(p.shape)}`);
  return [`${count}: ${shown.join(', ')}${params.length > shown.length ? ', …' : ''}`];
}

/**
 * The boxes of a picture and their ids (`n0, n1, …` in the order they are made), a
 * collapsed scope being one box for all its nodes.
 */
class Boxes {
  readonly nodes: PictureNode[] = [];
  private readonly ids = new Map<Node, string>();
  private readonly scopeBox = new Map<string, string>();
  private readonly scopeCount = new Map<string, number>();
  private readonly scopeParams = new Map<string, { name: string; base: string; shape: readonly number[] }[]>();
  private readonly scopes: readonly string[] | undefined;
  private counter = 0;
  private wires = 0;

  constructor(collapse: boolean | readonly string[], drawn: Iterable<Node>, names: (n: Node) => Name | undefined, private readonly teaching: boolean) {
    this.scopes = collapse === true ? undefined : collapse === false ? [] : collapse;
    for (const n of drawn) {
      const key = this.key(n);
      if (key === undefined) continue;
      this.scopeCount.set(key, (this.scopeCount.get(key) ?? 0) + 1);
      if (n.isVariable) {
        const name = names(n);
        (this.scopeParams.get(key) ?? this.scopeParams.set(key, []).get(key)!).push({ name: name?.text ?? n.name ?? '?', base: name?.base.text ?? n.name ?? '?', shape: n.shape });
      }
    }
  }

  /** The scope whose box `n` is drawn in: its outermost scope (`collapse: true`), the listed scope that holds it, or none. */
  private key(n: Node): string | undefined {
    const sc = n.scope;
    if (sc === undefined) return undefined;
    if (this.scopes === undefined) return sc.split('/')[0]!;
    return this.scopes.find((c) => sc === c || sc.startsWith(`${c}/`));
  }

  /** True when `n` is drawn as its scope's box. */
  collapsed(n: Node): boolean {
    return this.key(n) !== undefined;
  }

  /** True when `n` has a box (its own or its scope's). */
  has(n: Node): boolean {
    return this.ids.has(n) || this.collapsed(n);
  }

  /** The id of `n`'s box, made (with the scope's box) on first use. */
  idOf(n: Node): string {
    const key = this.key(n);
    if (key !== undefined) {
      let id = this.scopeBox.get(key);
      if (!id) {
        id = this.fresh();
        this.scopeBox.set(key, id);
        const params = parametersLines(this.scopeParams.get(key) ?? []);
        const count = this.scopeCount.get(key) ?? 0;
        this.nodes.push({ id, lines: [key, ...params, `${count} node${count === 1 ? '' : 's'}`], kind: 'scope', backward: false, leaf: undefined, ...(this.teaching && { shape: 'scope' as const }) });
      }
      return id;
    }
    let id = this.ids.get(n);
    if (!id) this.ids.set(n, (id = this.fresh()));
    return id;
  }

  /** A new id, for a box that stands for no node. */
  fresh(): string {
    return `n${this.counter++}`;
  }

  /** A new id for a wire's junction (`w0, w1, …`). */
  wire(): string {
    return `w${this.wires++}`;
  }
}

/** The symbol of an op node (its OpDef's `symbol`, else its name) or a constant's number. */
function symbolOf(n: Node, digits: number): Label {
  if (n.leaf) return { text: printExpr(n, 'text', { digits, maxChars: 40 })?.s ?? 'const', latex: printExpr(n, 'latex', { digits, maxChars: 80 })?.s ?? '\\dots' };
  const text = n.op.symbol ?? n.op.name;
  return { text, latex: `\\text{${latexText(text)}}` };
}

/** Pass 3: a box per drawn node, forward then backward (a collapsed scope's nodes share one). */
function drawBoxes(a: Analysis, s: PictureSettings, used: Set<Node>, backward: readonly Node[], val: (n: Node) => string | undefined): Boxes {
  const teaching = s.style === 'teaching';
  const boxes = new Boxes(s.collapse, [...used, ...backward], (n) => a.names.get(n), teaching);
  for (const n of a.order) {
    if (!used.has(n)) continue;
    const id = boxes.idOf(n);
    if (boxes.collapsed(n)) continue;
    const common = { id, kind: n.leaf ? n.leaf.kind : n.op.name, backward: false, ...(n.scope && { scope: n.scope }), leaf: n.leaf?.kind };
    if (teaching) {
      const name = a.names.get(n);
      const number = a.forwardNumber.get(n);
      boxes.nodes.push({ ...common, lines: [], shape: n.leaf ? 'leaf' : 'op', ...(name && { name }), ...(number !== undefined && { number }), ...((!n.leaf || !name) && { symbol: symbolOf(n, s.digits) }) });
      continue;
    }
    const { lines, name } = forwardLabel(a, s, n, val);
    boxes.nodes.push({ ...common, lines, ...(name && { name }) });
  }
  const adjointOf = new Map<Node, Node>();
  for (const n of a.adjointOrder) {
    const g = a.pass.adjoints.get(n)!;
    if (!a.position.has(g) && !adjointOf.has(g)) adjointOf.set(g, n);
  }
  for (const b of backward) {
    const id = boxes.idOf(b);
    if (boxes.collapsed(b)) continue;
    const common = { id, kind: b.leaf ? b.leaf.kind : b.op.name, backward: true, ...(b.scope && { scope: b.scope }), leaf: b.leaf?.kind };
    if (teaching) {
      const owner = adjointOf.get(b);
      const name = owner ? a.adjointNames.get(owner) : undefined;
      const number = owner ? a.adjointNumber.get(owner) : undefined;
      boxes.nodes.push({ ...common, lines: [], shape: b.leaf ? 'leaf' : 'op', ...(name && { name }), ...(number !== undefined && { number }), symbol: symbolOf(b, s.digits) });
      continue;
    }
    const { lines, name } = backwardLabel(a, s, b, adjointOf.get(b), val);
    boxes.nodes.push({ ...common, lines, ...(name && { name }) });
  }
  return boxes;
}

/** LaTeX symbols for the characters op symbols are written with; anything else is escaped text. */
const SYMBOL_LATEX: ReadonlyMap<string, string> = new Map([
  ['×', '\\times'], ['÷', '\\div'], ['−', '-'], ['+', '+'], ['σ', '\\sigma'], ['Σ', '\\Sigma'], ['·', '\\cdot'], ['√', '\\surd'],
  ['∛', '\\sqrt[3]{\\,}'], ['ⁿ', '{}^{n}'], ['ᵀ', '{}^{\\top}'], ['‖', '\\|'], ['|', '|'], ['@', '@']]);

/** An op's symbol (plain text, possibly a user's op name) in LaTeX math: known symbols, words upright, the rest escaped. @internal */
export function symbolLatex(text: string): string {
  let out = '';
  for (const m of text.matchAll(/[A-Za-z]+|[0-9]+|\s+|./gsu)) {
    const t = m[0];
    if (/^[A-Za-z]+$/.test(t)) out += t.length === 1 ? `\\mathrm{${t}}` : `\\mathrm{${t}}`;
    else if (/^[0-9]+$/.test(t)) out += t;
    else if (/^\s+$/.test(t)) out += '\\ ';
    else out += SYMBOL_LATEX.get(t) ?? `\\text{${latexText(t)}}`;
  }
  return out || '\\cdot';
}

/** The local derivative `∂n/∂c` of input `i` of `n` (its rule applied to a seed of ones), printed; undefined when it is structurally zero. */
function localPartial(a: Analysis, n: Node, i: number): Label | undefined {
  const part = n.op.vjp?.({ y: n, inputs: n.inputs, attrs: n.attrs, dy: constant(ones(n.shape)), needs: n.inputs.map((_, k) => k === i) })[i];
  if (!part) return undefined;
  const stageNames = (m: Node) => (m.isVariable ? undefined : a.names.get(m));
  const print = (f: 'text' | 'latex') => printExpr(part, f, { digits: 6, names: stageNames, trustNames: true, maxChars: f === 'text' ? 60 : 200 })?.s;
  const c = inputAt(n, i);
  const top = a.names.get(n), bottom = a.names.get(c);
  const sym = n.op.symbol ?? n.op.name;
  const text = `∂${top?.text ?? `(${sym})`}/∂${bottom?.text ?? '(·)'} = ${print('text') ?? '…'}`;
  const latex = `\\partial ${top?.latex ?? `(${symbolLatex(sym)})`}/\\partial ${bottom?.latex ?? '(\\cdot)'} = ${print('latex') ?? '\\dots'}`;
  return { text, latex };
}

/** Pass 4: the edges, forward (with local derivatives when asked) and backward, and a box for the inputs each drawn node has left out. */
function drawEdges(a: Analysis, s: PictureSettings, boxes: Boxes, used: Set<Node>, backward: readonly Node[], backwardLeftOut: number, wires: Wires): PictureEdge[] {
  const edges: PictureEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (from: string, to: string, back: boolean, label?: string) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, backward: back, ...(label && { label }) });
  };
  const teaching = s.style === 'teaching';
  /** A wire of the teaching style: the tail, a junction carrying the labels, the head. */
  const addWire = (from: string, to: string, labels: WireLabels) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    const j = boxes.wire();
    boxes.nodes.push({ id: j, lines: [], kind: 'wire', backward: false, leaf: undefined, shape: 'wire', wire: labels });
    edges.push({ from, to: j, backward: false, arrow: false }, { from: j, to, backward: false });
  };
  const stageNames = (n: Node) => (n.isVariable ? undefined : a.names.get(n));
  for (const n of a.order) {
    if (!used.has(n) || n.leaf) continue;
    for (let i = 0; i < inputCount(n); i++) {
      const c = inputAt(n, i);
      if (!used.has(c)) continue;
      if (teaching) {
        if (boxes.idOf(c) === boxes.idOf(n)) continue;
        const partial = s.edgePartials ? localPartial(a, n, i) : undefined;
        addWire(boxes.idOf(c), boxes.idOf(n), { ...(partial && { partial }), ...wires.labels(c, n) });
        continue;
      }
      let label: string | undefined;
      if (s.edgePartials) {
        const part = n.op.vjp?.({ y: n, inputs: n.inputs, attrs: n.attrs, dy: constant(ones(n.shape)), needs: n.inputs.map((_, k) => k === i) })[i];
        if (part) label = `∂/∂ = ${printExpr(part, 'text', { digits: 6, names: stageNames, trustNames: true, maxChars: 400 })?.s ?? '…'}`;
      }
      addEdge(boxes.idOf(c), boxes.idOf(n), false, label);
    }
  }
  if (teaching && used.has(a.y)) {
    // The output's own wire, to the right of the last op: its value, and the seed 1 below.
    const out = 'out';
    boxes.nodes.push({ id: out, lines: [], kind: 'out', backward: false, leaf: undefined, shape: 'out' });
    addWire(boxes.idOf(a.y), out, wires.output());
  }
  if (s.view !== 'backward') {
    const leftOut = new Map<string, number>();
    for (const n of a.order) {
      if (!used.has(n)) continue;
      for (let i = 0; i < inputCount(n); i++) if (!used.has(inputAt(n, i))) leftOut.set(boxes.idOf(n), (leftOut.get(boxes.idOf(n)) ?? 0) + 1);
    }
    for (const [id, count] of leftOut) {
      const more = boxes.fresh();
      boxes.nodes.push({ id: more, lines: [`… ${count} input${count > 1 ? 's' : ''} not shown`], kind: 'cut', backward: false, leaf: undefined, ...(teaching && { shape: 'cut' as const }) });
      addEdge(more, id, false);
    }
  }
  const backwardSet = new Set(backward);
  for (const b of backward) {
    for (let i = 0; i < inputCount(b); i++) {
      const c = inputAt(b, i);
      if (boxes.has(c) && (used.has(c) || backwardSet.has(c))) addEdge(boxes.idOf(c), boxes.idOf(b), true);
    }
  }
  if (backwardLeftOut > 0) boxes.nodes.push({ id: boxes.fresh(), lines: [`… ${backwardLeftOut} more nodes of the gradient graph not shown`], kind: 'cut', backward: true, leaf: undefined, ...(teaching && { shape: 'cut' as const }) });
  return edges;
}

/**
 * What the wires of a circuit diagram carry: the value of their tail, and the gradient that
 * flows back along them. A node used once sends its whole adjoint back along its one wire; a
 * node used several times (fan-out) gets one contribution per wire, and its adjoint is their
 * sum (the contributions come from a second reverse pass that records them, made only then).
 */
const addTensors = (p: Tensor, q: Tensor): Tensor => zip(p, q, (u, v) => u + v);

class Wires {
  private fanOut: Map<Node, number> | undefined;
  private contributions: Map<Node, { from: Node; term: Node }[]> | undefined;

  constructor(private readonly a: Analysis, private readonly s: PictureSettings) {}

  private tensorOf(n: Node): Tensor | undefined {
    try {
      return n.tensor;
    } catch (e) {
      if (e instanceof TracegradError) return undefined;
      throw e;
    }
  }

  private label(n: Node | undefined, kind: 'value' | 'grad'): Label | undefined {
    if (!n || !this.s.showValues) return undefined;
    const t = this.tensorOf(n);
    return t && wireValue(t, this.s.digits, kind);
  }

  /** How many op nodes use each node (computed once, on the first wire). */
  private uses(n: Node): number {
    if (!this.fanOut) {
      this.fanOut = new Map();
      for (const m of this.a.order) {
        if (m.leaf) continue;
        let last: Node | undefined;
        for (let i = 0; i < inputCount(m); i++) {
          const c = inputAt(m, i);
          if (c !== last) this.fanOut.set(c, (this.fanOut.get(c) ?? 0) + 1);
          last = c;
        }
      }
    }
    return this.fanOut.get(n) ?? 0;
  }

  /** The gradient sent back along the wire from `c` into `n`, when computed. */
  private gradient(c: Node, n: Node): Label | undefined {
    if (!this.s.showGrads || this.s.view === 'backward') return undefined;
    const adjoint = this.a.pass.adjoints.get(c);
    if (!adjoint) return undefined;
    if (!this.s.showValues) {
      const name = this.uses(c) === 1 ? this.a.adjointNames.get(c) : undefined;
      return name && { text: name.text, latex: name.latex };
    }
    if (this.uses(c) <= 1) return this.label(adjoint, 'grad');
    this.contributions ??= contributions(this.a);
    let total: Tensor | undefined;
    for (const { from, term } of this.contributions.get(c) ?? []) {
      if (from !== n) continue;
      const t = this.tensorOf(term);
      if (!t) return undefined;
      total = total ? addTensors(total, t) : t;
    }
    return total && wireValue(total, this.s.digits, 'grad');
  }

  /** The labels of the wire from `c` into `n`. */
  labels(c: Node, n: Node): WireLabels {
    const value = c.leaf?.kind === 'constant' ? undefined : this.label(c, 'value');
    const grad = c.leaf?.kind === 'constant' ? undefined : this.gradient(c, n);
    return { ...(value && { value }), ...(grad && { grad }) };
  }

  /** The labels of the output's wire: its value, and the seed. */
  output(): WireLabels {
    const value = this.label(this.a.y, 'value');
    const grad = this.s.showGrads && this.s.view !== 'backward' ? { text: '1', latex: '1' } : undefined;
    return { ...(value && { value }), ...(grad && { grad }) };
  }
}

/** Builds the picture model: the passes in order. @internal */
export function picture(y: Node, options: DotOptions = {}, defaultMaxNodes = DOT_MAX_NODES, where = 'toDot'): { pic: Picture; analysis: Analysis; settings: PictureSettings } {
  if (!(y instanceof Node)) throw new ArgumentError(`${where}: y must be a Node; got ${y === null ? 'null' : typeof y}`);
  checkOptions(where, options, KNOWN);
  const a = analyze(y, { ...(options.wrt !== undefined && { wrt: options.wrt }), ...(options.adjoint && { adjoint: options.adjoint }), ...(options.loss !== undefined && { loss: options.loss }), ...(options.stages && { stages: options.stages }) }, where);
  const s = readSettings(options, a, defaultMaxNodes, where);
  const val = (n: Node): string | undefined => {
    if (!s.showValues) return undefined;
    try {
      return summary(n.tensor, s.digits);
    } catch (e) {
      if (e instanceof TracegradError) return undefined;
      throw e;
    }
  };
  const { used, backward, backwardLeftOut } = selectNodes(a, s);
  const boxes = drawBoxes(a, s, used, backward, val);
  const edges = drawEdges(a, s, boxes, used, backward, backwardLeftOut, new Wires(a, s));
  for (const m of renamingMessages(a.renamed)) warnOnce(`${where}: ${m}`, 'TRACEGRAD_SAME_NAME');
  return { pic: { nodes: boxes.nodes, edges, rankdir: s.rankdir, labels: s.labels, style: s.style }, analysis: a, settings: s };
}

/** Text for a quoted DOT string of a record label: control characters made visible (never a raw newline), DOT's and records' special characters escaped. */
function escapeRecord(s: string): string {
  return visibleText(s).replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

/** Text for a Graphviz HTML-like label. */
function htmlText(s: string): string {
  return escapeHtml(visibleText(s));
}

/** A name as Graphviz HTML with sub- and superscripts. */
function htmlName(name: Name): string {
  if (name.compound) return htmlText(name.text);
  return `${htmlText(name.base.text)}${name.sub ? `<SUB>${htmlText(name.sub.text)}</SUB>` : ''}${name.sup ? `<SUP>${htmlText(name.sup.text)}</SUP>` : ''}`;
}

/** Text for a quoted DOT string of a plain label: control characters made visible, backslashes and quotes escaped. */
function escapeLabel(s: string): string {
  return visibleText(s).replace(/[\\"]/g, (c) => `\\${c}`);
}

/** True when a name is set in math italic (a symbol), false when upright (a word: `\mathrm{loss}`, plain text). @internal */
export function italicName(name: Name): boolean {
  return !name.plain && !/^\\(mathrm|text|operatorname|mathbf|mathsf|mathtt)\b/.test(name.latex);
}

/** Font sizes of a circuit diagram, in points. @internal */
export interface CircuitFonts {
  /** Names of leaves and of named ops. */
  name: number;
  /** Op symbols in the circles. */
  symbol: number;
  /** Numbers on the wires. */
  wire: number;
}

/** The sizes of the DOT and SVG pictures: read at their natural size (1 pt = 1.33 px), every label is at least 13 px tall. @internal */
export const DOT_FONTS: CircuitFonts = { name: 15, symbol: 13, wire: 10 };

/** Colours of a circuit diagram: values (green), gradients (red), local derivatives (blue), backward nodes (red). @internal */
export const CIRCUIT_COLOURS = { value: '#1a7f37', grad: '#c0392b', partial: '#1f4e9c', variable: '#1f4e9c', backward: '#c0392b', wire: '#444444' } as const;

/** The lines of a wire's label, the wire passing through the empty middle line, and the roles of the lines that are drawn (`p`, `v`, `g`). @internal */
export function wireLines(w: WireLabels): { lines: string[]; roles: string } {
  const above = [...(w.partial ? [w.partial.text] : []), ...(w.value ? [w.value.text] : [])];
  const below = w.grad ? [w.grad.text] : [];
  const pad = '\u00a0';
  const n = Math.max(above.length, below.length);
  const lines = [...Array<string>(n - above.length).fill(pad), ...above, '', ...below, ...Array<string>(n - below.length).fill(pad)];
  return { lines, roles: `${w.partial ? 'p' : ''}${w.value ? 'v' : ''}${w.grad ? 'g' : ''}` };
}

/**
 * The stylesheet that colours a circuit diagram's SVG (Graphviz writes each line of a label as
 * its own `<text>`, in order): values green, gradients red, local derivatives blue, and names
 * beside op circles in math italic. Renderers without it draw the same picture in one colour.
 * @internal
 */
export const CIRCUIT_CSS = (() => {
  const c = CIRCUIT_COLOURS;
  const nth = (roles: string, role: string) => {
    // A padding line comes first when there are fewer lines above the wire than below it.
    const above = roles.replace('g', '');
    const offset = roles.includes('g') && above.length === 0 ? 1 : 0;
    const i = roles.indexOf(role);
    return `.tg-${roles} text:nth-of-type(${i + 1 + offset})`;
  };
  const all = ['vg', 'v', 'g', 'pvg', 'pv', 'pg', 'p'];
  const sel = (role: string) => all.filter((r) => r.includes(role)).map((r) => nth(r, role)).join(', ');
  return `${sel('v')} { fill: ${c.value}; } ${sel('g')} { fill: ${c.grad}; } ${sel('p')} { fill: ${c.partial}; font-style: italic; } .tg-italic text:last-of-type { font-style: italic; font-family: "Times New Roman", Times, "Liberation Serif", "DejaVu Serif", serif; }`;
})();

/** The widths (points, at 10pt) of a wire's labels in the TikZ figure, in order: local derivative, value, gradient. */
function wireWidths(w: WireLabels): number[] {
  return [w.partial, w.value, w.grad].filter((l): l is Label => l !== undefined).map((l) => latexWidth(l.latex));
}

/** True when a wire's labels go on two lines beside it (TikZ, top to bottom; see {@link Picture.stackOver}). @internal */
export function stacked(pic: Picture, w: WireLabels): boolean {
  if (pic.stackOver === undefined) return false;
  const widths = wireWidths(w);
  return widths.length > 1 && oneLine(widths) > pic.stackOver;
}

/** Width of labels on one line, `\enspace` (5pt) apart. */
const oneLine = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0) + 5 * (widths.length - 1);

/** True for an op symbol drawn in a rounded box rather than a circle in the TikZ figure (a word: `tanh`, `reshape`), which a circle would make as tall as it is wide. @internal */
export function wordSymbol(text: string): boolean {
  return [...text].length > 3;
}

/**
 * Writes a circuit diagram (the teaching style) as DOT: plain labels only, so that graphviz-cli
 * draws it too. `forTikz` writes the layout the TikZ figure is positioned by, as compact as it
 * reads: no scope clusters and no legend (the figure draws neither; the caption explains the
 * colours), words in rounded boxes, and the wires that carry an op's result drawn straight
 * (weight 8) while those from leaves bend to meet them, so that a deep chain stays in one
 * column instead of drifting sideways at every input.
 * @internal
 */
export function writeCircuitDot(pic: Picture, fonts: CircuitFonts = DOT_FONTS, forTikz = false): string {
  const c = CIRCUIT_COLOURS;
  const wired = pic.nodes.some((n) => n.wire && (n.wire.value || n.wire.grad));
  const vertical = pic.rankdir === 'TB' || pic.rankdir === 'BT';
  const out: string[] = [
    'digraph tracegrad {',
    `  rankdir=${pic.rankdir}; nodesep=${forTikz ? 0.08 : 0.2}; ranksep=${forTikz ? 0.04 : 0.15}; forcelabels=true;`,
    ...(wired && !forTikz ? [`  label="${vertical ? 'beside each wire: its value (green), then its gradient (red)' : 'values above the wires, gradients below'}"; labelloc=b; fontname="Helvetica"; fontsize=${fonts.wire}; fontcolor="#555555";`] : []),
    `  node [fontname="Helvetica", fontsize=${fonts.symbol}];`,
    `  edge [color="${c.wire}", arrowsize=0.7];`,
  ];
  const font = (name: Name) => (italicName(name) ? 'Times-Italic' : 'Times-Roman');
  const nameLabel = (n: PictureNode) => `${n.name!.text}${n.number !== undefined ? `  (${n.number})` : ''}`;
  const line = (n: PictureNode): string => {
    const colour = n.backward ? c.backward : n.leaf === 'variable' ? c.variable : '#222222';
    switch (n.shape) {
      case 'op': {
        const xlabel = n.name ? `, xlabel="${escapeLabel(nameLabel(n))}"` : '';
        const shape = forTikz && wordSymbol(n.symbol!.text) ? 'box, height=0.24, width=0.25' : `circle, width=${forTikz ? 0.25 : 0.42}`;
        return `${n.id} [label="${escapeLabel(n.symbol!.text)}", shape=${shape}, margin=0.03, fontname="Times-Roman", style=filled, fillcolor="${n.backward ? '#fdf0ee' : '#ffffff'}", color="${n.backward ? c.backward : c.wire}"${n.backward ? ', style="filled,dashed"' : ''}, fontcolor="${colour}"${xlabel}, class="tg-op${n.name && italicName(n.name) ? ' tg-italic' : ''}"];`;
      }
      case 'leaf': {
        const text = n.name ? nameLabel(n) : n.symbol!.text;
        return `${n.id} [label="${escapeLabel(text)}", shape=plaintext, width=0.2, height=0.2, margin=0.02, fontname="${n.name ? font(n.name) : 'Times-Roman'}", fontsize=${fonts.name}, fontcolor="${n.leaf === 'constant' && !n.name ? '#555555' : colour}", class="tg-leaf"];`;
      }
      case 'wire': {
        const { lines, roles } = wireLines(n.wire!);
        const common = `shape=circle, width=0.01, height=0.01, fixedsize=shape, penwidth=0, fontsize=${fonts.wire}, fontcolor="#333333", class="tg-wire${roles ? ` tg-${roles}` : ''}"`;
        if (roles === '') return `${n.id} [label="", ${common}];`;
        if (!vertical) return `${n.id} [label="${lines.map(escapeLabel).join('\\n')}", ${common}];`;
        const w = n.wire!;
        const above = [w.partial?.text, w.value?.text].filter((t): t is string => t !== undefined);
        // Top to bottom, the wire runs down: its labels go beside it on one line, value then gradient.
        // TikZ places them itself and only needs the room; DOT gives them to Graphviz as an
        // external label.
        if (forTikz) {
          // One line beside the wire, value then gradient: a box as wide as that line, the wire
          // running down its left side (the edges meet at its west port).
          // Sized by Computer Modern's widths (the TikZ node is 2pt off the wire, with 1pt of inner sep).
          const widths = wireWidths(w);
          const many = stacked(pic, w);
          const width = 4 + (many ? Math.max(...widths) : oneLine(widths)), height = 12 * (many ? widths.length : 1);
          return `${n.id} [label="", shape=box, fixedsize=true, width=${(width / 72).toFixed(3)}, height=${(height / 72).toFixed(3)}, margin=0, penwidth=0, class="tg-wire"];`;
        }
        return `${n.id} [label="", xlabel="${[...above, ...(w.grad ? [w.grad.text] : [])].map(escapeLabel).join('\\n')}", ${common}];`;
      }
      case 'out':
        return `${n.id} [label="", shape=none, width=0.05, height=0.05];`;
      case 'scope':
        return `${n.id} [label="${n.lines.map(escapeLabel).join('\\n')}", shape=box, style="rounded,filled", fillcolor="#eef2f7", color="#6b7a8f", fontsize=${fonts.wire}, margin="0.08,0.04", class="tg-scope"];`;
      default:
        return `${n.id} [label="${escapeLabel(n.lines.join(' '))}", shape=plaintext, fontsize=${fonts.wire}, fontcolor="${n.backward ? c.backward : '#555555'}"];`;
    }
  };
  // Clusters: a scope's own nodes, and the wires whose both ends are in it.
  const scopeOf = new Map<string, string | undefined>(pic.nodes.map((n) => [n.id, n.scope]));
  const wireScope = new Map<string, string | undefined>();
  const ends = new Map<string, string[]>();
  for (const e of pic.edges) {
    if (e.to.startsWith('w') && scopeOf.get(e.to) === undefined) (ends.get(e.to) ?? ends.set(e.to, []).get(e.to)!).push(e.from);
    if (e.from.startsWith('w') && scopeOf.get(e.from) === undefined) (ends.get(e.from) ?? ends.set(e.from, []).get(e.from)!).push(e.to);
  }
  for (const [w, list] of ends) {
    const scopes = list.map((id) => scopeOf.get(id));
    if (scopes.length === 2 && scopes[0] !== undefined && scopes[0] === scopes[1]) wireScope.set(w, scopes[0]);
  }
  const byScope = new Map<string, PictureNode[]>();
  const loose: PictureNode[] = [];
  for (const n of pic.nodes) {
    const sc = n.scope ?? (n.shape === 'wire' ? wireScope.get(n.id) : undefined);
    (sc ? byScope.get(sc) ?? byScope.set(sc, []).get(sc)! : loose).push(n);
  }
  let k = 0;
  if (forTikz) {
    for (const list of byScope.values()) for (const n of list) loose.push(n);
    byScope.clear();
  }
  for (const [scope, list] of byScope) {
    out.push(`  subgraph cluster_${k++} {`, `    label="${escapeLabel(scope)}"; fontsize=${fonts.wire}; fontname="Helvetica"; labeljust=l;`, '    style="rounded,dashed"; color="#888888";');
    for (const n of list) out.push(`    ${line(n)}`);
    out.push('  }');
  }
  for (const n of loose) out.push(`  ${line(n)}`);
  // (The node itself, not a search of every node by id for each wire: that was quadratic.)
  const sideWire = (q: PictureNode) => forTikz && vertical && q.id.startsWith('w') && (q.wire?.value !== undefined || q.wire?.grad !== undefined);
  const side = new Set(pic.nodes.filter((q) => q.shape === 'wire' && sideWire(q)).map((q) => q.id));
  const shapeOf = new Map(pic.nodes.map((q) => [q.id, q.shape]));
  const fromLeaf = new Set(pic.edges.filter((e) => shapeOf.get(e.from) === 'leaf').map((e) => e.to));
  const weight = (e: PictureEdge) => (!forTikz ? '' : shapeOf.get(e.from) === 'leaf' || fromLeaf.has(e.from) ? 'weight=1' : 'weight=8');
  for (const e of pic.edges) {
    const attrs = [e.backward ? `color="${c.backward}", style=dashed` : '', e.arrow === false ? 'arrowhead=none' : '', side.has(e.to) ? 'headport=w' : '', side.has(e.from) ? 'tailport=w' : '', weight(e)].filter(Boolean).join(', ');
    out.push(`  ${e.from} -> ${e.to}${attrs ? ` [${attrs}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Writes a picture as DOT: a circuit diagram (teaching style) or record boxes (debug style). @internal */
export function writeDot(pic: Picture): string {
  if (pic.style === 'teaching') return writeCircuitDot(pic);
  const out: string[] = ['digraph tracegrad {', `  rankdir=${pic.rankdir};`, '  node [shape=record, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  const style = (n: PictureNode) =>
    n.backward && n.kind !== 'cut' ? ', fillcolor="#fde8e4", color="#c0392b"' : n.leaf === 'variable' ? ', fillcolor="#e4effd"' : n.leaf === 'constant' ? ', fillcolor="#ffffff", color="#999999"' : n.kind === 'scope' ? ', fillcolor="#eeeeee", style="rounded,filled,bold"' : n.kind === 'cut' ? ', shape=plaintext, style=""' : '';
  const label = (n: PictureNode) => {
    if (pic.labels === 'html' && n.kind !== 'cut') {
      const first = n.name ? htmlName(n.name) + htmlText(n.lines[0]!.slice(n.name.text.length)) : htmlText(n.lines[0]!);
      const rows = [first, ...n.lines.slice(1).map(htmlText)];
      return `label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1">${rows.map((r) => `<TR><TD>${r}</TD></TR>`).join('')}</TABLE>>, shape=box`;
    }
    if (n.kind === 'cut') return `label="${escapeRecord(n.lines.join(' '))}"`;
    return `label="{${n.lines.map(escapeRecord).join('|')}}"`;
  };
  const byScope = new Map<string, PictureNode[]>();
  const loose: PictureNode[] = [];
  for (const n of pic.nodes) (n.scope ? byScope.get(n.scope) ?? byScope.set(n.scope, []).get(n.scope)! : loose).push(n);
  const line = (n: PictureNode, indent: string) => `${indent}${n.id} [${label(n)}${style(n)}];`;
  let k = 0;
  for (const [scope, list] of byScope) {
    out.push(`  subgraph cluster_${k++} {`, `    label="${escapeRecord(scope)}";`, '    style="rounded,dashed"; color="#888888";');
    for (const n of list) out.push(line(n, '    '));
    out.push('  }');
  }
  for (const n of loose) out.push(line(n, '  '));
  for (const e of pic.edges) {
    const attrs = [e.backward ? 'color="#c0392b", style=dashed' : '', e.label ? `label="${escapeRecord(e.label)}"` : ''].filter(Boolean).join(', ');
    out.push(`  ${e.from} -> ${e.to}${attrs ? ` [${attrs}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/**
 * The computation graph in Graphviz DOT: nodes show name (with its equation numbers),
 * op, shape, value and gradient (tensors summarised); gradients not computed say so. The
 * backward view draws the gradient graph that `grad` built. Scopes become clusters; ids are
 * stable (`n0, n1, …` in topological order). At most `maxNodes` boxes per view (default
 * 5,000): a node whose inputs are left out gets a box saying how many. Labels are text
 * (names in Unicode), escaped; different nodes with the same name print apart (`x`, `x′`).
 * @param y the output
 * @param options view, values, grads, edgePartials, rankdir, collapse, maxDepth, maxNodes, labels
 * @returns DOT source
 * @throws {@link ArgumentError} for unknown options or values
 * @example
 * const x = tg.variable('x', 2);
 * tg.toDot(tg.sin(x).as('y')).startsWith('digraph'); // → true
 * @category Explain
 */
export function toDot(y: Node, options: DotOptions = {}): string {
  return writeDot(picture(y, options).pic);
}

/** {@link toDot} for another public function, whose name its errors carry (`toSvg: …`). @internal */
export function dotFor(where: string, y: Node, options: DotOptions): string {
  return writeDot(picture(y, options, DOT_MAX_NODES, where).pic);
}
