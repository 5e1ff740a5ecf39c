import { ArgumentError, TracegradError } from '../util/errors.js';
import { escapeHtml } from '../util/html.js';
import { checkOptions } from '../util/options.js';
import { visibleText, type Name } from '../util/label.js';
import { constant, inputAt, inputCount, Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { ones, type Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { analyze, type AdjointNotation, type Analysis } from './analysis.js';
import { formatNumber, printExpr } from './print.js';
import { renamingMessages, warnOnce } from './naming.js';

/** Options of {@link toDot} (and of {@link toTikz}). */
export interface DotOptions {
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
  /** Collapse scopes into one box each: `true` for all, or the scope names. */
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
  /** Significant digits (default 4). */
  digits?: number;
  /** Which nodes count as stages (get names and equation numbers), as in {@link explain}: `'named'` (default) or `'all'`. */
  stages?: 'named' | 'all';
}

const KNOWN = ['view', 'wrt', 'values', 'grads', 'edgePartials', 'rankdir', 'collapse', 'maxDepth', 'maxNodes', 'labels', 'adjoint', 'loss', 'digits', 'stages'];
/** Default {@link DotOptions.maxNodes} of `toDot`. @internal */
export const DOT_MAX_NODES = 5000;

/** One box of the picture, before it is written as DOT or TikZ. @internal */
export interface PictureNode {
  id: string;
  /** Lines of the label (plain text, Unicode). */
  lines: string[];
  /** The name on the first line (for TikZ and HTML labels). */
  name?: Name;
  /** Op name or leaf kind. */
  kind: string;
  backward: boolean;
  scope?: string;
  /** True for a leaf variable / constant (drawn differently). */
  leaf: 'variable' | 'constant' | undefined;
}

/** An edge of the picture. @internal */
export interface PictureEdge {
  from: string;
  to: string;
  label?: string;
  backward: boolean;
}

/** The picture as data; DOT and TikZ are written from it. @internal */
export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
  rankdir: string;
  labels: 'record' | 'html';
}

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

interface PictureSettings {
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
}

/** Pass 0: the options, checked, with their defaults. */
function readSettings(y: Node, options: DotOptions, a: Analysis, defaultMaxNodes: number): PictureSettings {
  const view = options.view ?? 'forward';
  if (!['forward', 'backward', 'both'].includes(view)) throw new ArgumentError(`toDot: view must be 'forward', 'backward' or 'both'; got ${JSON.stringify(view)}`);
  const rankdir = options.rankdir ?? 'LR';
  if (!['LR', 'RL', 'TB', 'BT'].includes(rankdir)) throw new ArgumentError(`toDot: rankdir must be 'LR', 'RL', 'TB' or 'BT'; got ${JSON.stringify(rankdir)}`);
  const labels = options.labels ?? 'record';
  if (labels !== 'record' && labels !== 'html') throw new ArgumentError(`toDot: labels must be 'record' or 'html'; got ${JSON.stringify(labels)}`);
  if (options.maxDepth !== undefined && (!Number.isInteger(options.maxDepth) || options.maxDepth < 0)) throw new ArgumentError(`toDot: maxDepth must be a non-negative integer; got ${options.maxDepth}`);
  const maxNodes = options.maxNodes ?? defaultMaxNodes;
  if (typeof maxNodes !== 'number' || !(maxNodes >= 1) || (Number.isFinite(maxNodes) && !Number.isInteger(maxNodes))) throw new ArgumentError(`toDot: maxNodes must be a positive integer, or Infinity for everything; got ${JSON.stringify(options.maxNodes)}`);
  const digits = options.digits ?? 4;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new ArgumentError(`toDot: digits must be an integer from 1 to 17; got ${JSON.stringify(options.digits)}`);
  const hasValues = a.order.every((n) => !n.isVariable || n.leaf!.value !== undefined);
  void y;
  return {
    view, rankdir, labels, maxNodes,
    maxDepth: options.maxDepth ?? Infinity,
    digits,
    showValues: options.values ?? hasValues,
    showGrads: options.grads ?? true,
    edgePartials: options.edgePartials ?? false,
    collapse: options.collapse ?? false,
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

/** Pass 1: which forward and backward nodes are drawn (depth cut and node budget). */
function selectNodes(a: Analysis, s: PictureSettings): { used: Set<Node>; backward: Node[]; backwardLeftOut: number } {
  const forwardSet = a.position;
  const used = s.view !== 'backward' ? nearest([a.y], s.maxNodes, s.maxDepth) : new Set<Node>();
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

/**
 * The boxes of a picture and their ids (`n0, n1, …` in the order they are made), a
 * collapsed scope being one box for all its nodes.
 */
class Boxes {
  readonly nodes: PictureNode[] = [];
  private readonly ids = new Map<Node, string>();
  private readonly scopeBox = new Map<string, string>();
  private readonly scopeCount = new Map<string, number>();
  private readonly scopes: readonly string[] | undefined;
  private counter = 0;

  constructor(collapse: boolean | readonly string[], drawn: Iterable<Node>) {
    this.scopes = collapse === true ? undefined : collapse === false ? [] : collapse;
    for (const n of drawn) if (n.scope !== undefined) this.scopeCount.set(n.scope, (this.scopeCount.get(n.scope) ?? 0) + 1);
  }

  /** True when `n` is drawn as its scope's box. */
  collapsed(n: Node): boolean {
    return n.scope !== undefined && (this.scopes === undefined || this.scopes.some((sc) => n.scope === sc || n.scope!.startsWith(`${sc}/`)));
  }

  /** True when `n` has a box (its own or its scope's). */
  has(n: Node): boolean {
    return this.ids.has(n) || this.collapsed(n);
  }

  /** The id of `n`'s box, made (with the scope's box) on first use. */
  idOf(n: Node): string {
    if (this.collapsed(n)) {
      let id = this.scopeBox.get(n.scope!);
      if (!id) {
        id = this.fresh();
        this.scopeBox.set(n.scope!, id);
        this.nodes.push({ id, lines: [n.scope!, `${this.scopeCount.get(n.scope!) ?? 0} nodes`], kind: 'scope', backward: false, leaf: undefined });
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
}

/** Pass 3: a box per drawn node, forward then backward (a collapsed scope's nodes share one). */
function drawBoxes(a: Analysis, s: PictureSettings, used: Set<Node>, backward: readonly Node[], val: (n: Node) => string | undefined): Boxes {
  const boxes = new Boxes(s.collapse, [...used, ...backward]);
  for (const n of a.order) {
    if (!used.has(n)) continue;
    const id = boxes.idOf(n);
    if (boxes.collapsed(n)) continue;
    const { lines, name } = forwardLabel(a, s, n, val);
    boxes.nodes.push({ id, lines, ...(name && { name }), kind: n.leaf ? n.leaf.kind : n.op.name, backward: false, ...(n.scope && { scope: n.scope }), leaf: n.leaf?.kind });
  }
  const adjointOf = new Map<Node, Node>();
  for (const n of a.adjointOrder) {
    const g = a.pass.adjoints.get(n)!;
    if (!a.position.has(g) && !adjointOf.has(g)) adjointOf.set(g, n);
  }
  for (const b of backward) {
    const id = boxes.idOf(b);
    if (boxes.collapsed(b)) continue;
    const { lines, name } = backwardLabel(a, s, b, adjointOf.get(b), val);
    boxes.nodes.push({ id, lines, ...(name && { name }), kind: b.leaf ? b.leaf.kind : b.op.name, backward: true, ...(b.scope && { scope: b.scope }), leaf: b.leaf?.kind });
  }
  return boxes;
}

/** Pass 4: the edges, forward (with local derivatives when asked) and backward, and a box for the inputs each drawn node has left out. */
function drawEdges(a: Analysis, s: PictureSettings, boxes: Boxes, used: Set<Node>, backward: readonly Node[], backwardLeftOut: number): PictureEdge[] {
  const edges: PictureEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (from: string, to: string, back: boolean, label?: string) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, backward: back, ...(label && { label }) });
  };
  const stageNames = (n: Node) => (n.isVariable ? undefined : a.names.get(n));
  for (const n of a.order) {
    if (!used.has(n) || n.leaf) continue;
    for (let i = 0; i < inputCount(n); i++) {
      const c = inputAt(n, i);
      if (!used.has(c)) continue;
      let label: string | undefined;
      if (s.edgePartials) {
        const part = n.op.vjp?.({ y: n, inputs: n.inputs, attrs: n.attrs, dy: constant(ones(n.shape)), needs: n.inputs.map((_, k) => k === i) })[i];
        if (part) label = `∂/∂ = ${printExpr(part, 'text', { digits: 6, names: stageNames, trustNames: true, maxChars: 400 })?.s ?? '…'}`;
      }
      addEdge(boxes.idOf(c), boxes.idOf(n), false, label);
    }
  }
  if (s.view !== 'backward') {
    const leftOut = new Map<string, number>();
    for (const n of a.order) {
      if (!used.has(n)) continue;
      for (let i = 0; i < inputCount(n); i++) if (!used.has(inputAt(n, i))) leftOut.set(boxes.idOf(n), (leftOut.get(boxes.idOf(n)) ?? 0) + 1);
    }
    for (const [id, count] of leftOut) {
      const more = boxes.fresh();
      boxes.nodes.push({ id: more, lines: [`… ${count} input${count > 1 ? 's' : ''} not shown`], kind: 'cut', backward: false, leaf: undefined });
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
  if (backwardLeftOut > 0) boxes.nodes.push({ id: boxes.fresh(), lines: [`… ${backwardLeftOut} more nodes of the gradient graph not shown`], kind: 'cut', backward: true, leaf: undefined });
  return edges;
}

/** Builds the picture model: the passes in order. @internal */
export function picture(y: Node, options: DotOptions = {}, defaultMaxNodes = DOT_MAX_NODES): { pic: Picture; analysis: Analysis } {
  if (!(y instanceof Node)) throw new ArgumentError(`toDot: y must be a Node; got ${y === null ? 'null' : typeof y}`);
  checkOptions('toDot', options, KNOWN);
  const a = analyze(y, { ...(options.wrt !== undefined && { wrt: options.wrt }), ...(options.adjoint && { adjoint: options.adjoint }), ...(options.loss !== undefined && { loss: options.loss }), ...(options.stages && { stages: options.stages }) }, 'toDot');
  const s = readSettings(y, options, a, defaultMaxNodes);
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
  const edges = drawEdges(a, s, boxes, used, backward, backwardLeftOut);
  for (const m of renamingMessages(a.renamed)) warnOnce(`toDot: ${m}`, 'TRACEGRAD_SAME_NAME');
  return { pic: { nodes: boxes.nodes, edges, rankdir: s.rankdir, labels: s.labels }, analysis: a };
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

/** Writes a picture as DOT. @internal */
export function writeDot(pic: Picture): string {
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
    out.push(`  subgraph cluster_${k++} {`, `    label="${escapeRecord(scope)}";`, '    style="rounded,dashed"; color="#888888";', ...list.map((n) => line(n, '    ')), '  }');
  }
  out.push(...loose.map((n) => line(n, '  ')));
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
