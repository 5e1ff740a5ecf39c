import { ArgumentError, TracegradError } from '../util/errors.js';
import { escapeHtml } from '../util/html.js';
import { checkOptions } from '../util/options.js';
import { constant, Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { ones, type Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { adjointText, analyze, type AdjointNotation, type Analysis } from './analysis.js';
import { latexName, splitLatexName, textName } from '../util/names.js';
import { formatNumber, printExpr } from './print.js';

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

const KNOWN = ['view', 'wrt', 'values', 'grads', 'edgePartials', 'rankdir', 'collapse', 'maxDepth', 'labels', 'adjoint', 'loss', 'digits', 'stages'];

/** One box of the picture, before it is written as DOT or TikZ. @internal */
export interface PictureNode {
  id: string;
  /** Lines of the label (plain text, Unicode). */
  lines: string[];
  /** LaTeX name line (for TikZ / HTML labels). */
  latexName?: string;
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

/** Builds the picture model. @internal */
export function picture(y: Node, options: DotOptions = {}): { pic: Picture; analysis: Analysis } {
  if (!(y instanceof Node)) throw new ArgumentError(`toDot: y must be a Node; got ${typeof y}`);
  checkOptions('toDot', options, KNOWN);
  const view = options.view ?? 'forward';
  if (!['forward', 'backward', 'both'].includes(view)) throw new ArgumentError(`toDot: view must be 'forward', 'backward' or 'both'; got ${JSON.stringify(view)}`);
  const rankdir = options.rankdir ?? 'LR';
  if (!['LR', 'RL', 'TB', 'BT'].includes(rankdir)) throw new ArgumentError(`toDot: rankdir must be 'LR', 'RL', 'TB' or 'BT'; got ${JSON.stringify(rankdir)}`);
  const labels = options.labels ?? 'record';
  if (labels !== 'record' && labels !== 'html') throw new ArgumentError(`toDot: labels must be 'record' or 'html'; got ${JSON.stringify(labels)}`);
  if (options.maxDepth !== undefined && (!Number.isInteger(options.maxDepth) || options.maxDepth < 0)) throw new ArgumentError(`toDot: maxDepth must be a non-negative integer; got ${options.maxDepth}`);
  const digits = options.digits ?? 4;
  const a = analyze(y, { ...(options.wrt !== undefined && { wrt: options.wrt }), ...(options.adjoint && { adjoint: options.adjoint }), ...(options.loss && { loss: options.loss }), ...(options.stages && { stages: options.stages }) });
  const hasValues = a.order.every((n) => !n.isVariable || n.leaf!.value !== undefined);
  const showValues = options.values ?? hasValues;
  const showGrads = options.grads ?? true;
  const val = (n: Node): string | undefined => {
    if (!showValues) return undefined;
    try {
      return summary(n.tensor, digits);
    } catch (e) {
      if (e instanceof TracegradError) return undefined;
      throw e;
    }
  };
  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const ids = new Map<Node, string>();
  let counter = 0;
  const forwardSet = new Set(a.order);

  // Depth cut: distance (in edges) from the output.
  const depth = new Map<Node, number>([[y, 0]]);
  for (let k = a.order.length - 1; k >= 0; k--) {
    const n = a.order[k]!;
    const d = depth.get(n);
    if (d === undefined) continue;
    for (const c of n.inputs) depth.set(c, Math.min(depth.get(c) ?? Infinity, d + 1));
  }
  const cut = (n: Node) => options.maxDepth !== undefined && (depth.get(n) ?? 0) > options.maxDepth;

  const forwardLabel = (n: Node): { lines: string[]; latex?: string } => {
    const name = a.names.get(n) ?? n.label;
    const lines: string[] = [];
    const eq = a.forwardNumber.get(n);
    if (name !== undefined) lines.push(`${textName(name)}${eq ? ` (${eq})` : ''}`);
    if (n.leaf?.kind === 'constant' && name === undefined) lines.push(`const ${printExpr(n, 'text').s}`);
    else lines.push(n.leaf ? n.leaf.kind : n.op.dot ? n.op.dot(n.attrs) : n.op.name);
    lines.push(formatShape(n.shape));
    const v = n.leaf?.kind === 'constant' ? undefined : val(n);
    if (v !== undefined) lines.push(`value ${v}`);
    if (showGrads && view !== 'backward' && n.leaf?.kind !== 'constant') {
      const g = a.pass.adjoints.get(n);
      const adjEq = a.adjointNumber.get(n);
      lines.push(g ? `grad ${val(g) ?? adjointText(a.adjointNames.get(n) ?? '\\bar{g}')}${adjEq ? ` (${adjEq})` : ''}` : 'grad not computed');
    }
    return { lines, ...(name !== undefined && { latex: latexName(name) }) };
  };

  const showForward = view !== 'backward';
  const used = new Set<Node>();
  if (showForward) for (const n of a.order) if (!cut(n)) used.add(n);

  // Backward nodes: the gradient graph below the final gradients.
  const gradRoots = a.wrt.map((w) => a.pass.adjoints.get(w)).filter((g): g is Node => !!g);
  const backwardOrder = view === 'forward' ? [] : topoOrder(gradRoots).filter((n) => !forwardSet.has(n));
  const adjointOf = new Map<Node, Node>();
  for (const n of a.adjointOrder) {
    const g = a.pass.adjoints.get(n)!;
    if (!forwardSet.has(g) && !adjointOf.has(g)) adjointOf.set(g, n);
  }
  if (view === 'backward') for (const b of backwardOrder) for (const c of b.inputs) if (forwardSet.has(c)) used.add(c);

  const scopesToCollapse = options.collapse === true ? undefined : options.collapse === undefined || options.collapse === false ? [] : options.collapse;
  const collapsed = (n: Node) => n.scope !== undefined && (scopesToCollapse === undefined || scopesToCollapse.some((s) => n.scope === s || n.scope!.startsWith(`${s}/`)));
  const scopeBox = new Map<string, string>();
  const idOf = (n: Node): string => {
    if (collapsed(n)) {
      let id = scopeBox.get(n.scope!);
      if (!id) {
        id = `n${counter++}`;
        scopeBox.set(n.scope!, id);
        const count = [...used, ...backwardOrder].filter((m) => m.scope === n.scope).length;
        nodes.push({ id, lines: [n.scope!, `${count} nodes`], kind: 'scope', backward: false, leaf: undefined });
      }
      return id;
    }
    let id = ids.get(n);
    if (!id) ids.set(n, (id = `n${counter++}`));
    return id;
  };

  for (const n of a.order) {
    if (!used.has(n)) continue;
    const id = idOf(n);
    if (collapsed(n)) continue;
    const { lines, latex } = forwardLabel(n);
    nodes.push({ id, lines, ...(latex && { latexName: latex }), kind: n.leaf ? n.leaf.kind : n.op.name, backward: false, ...(n.scope && { scope: n.scope }), leaf: n.leaf?.kind });
  }
  for (const b of backwardOrder) {
    const id = idOf(b);
    if (collapsed(b)) continue;
    const owner = adjointOf.get(b);
    const lines: string[] = [];
    let latex: string | undefined;
    if (owner) {
      latex = a.adjointNames.get(owner);
      const eq = a.adjointNumber.get(owner);
      lines.push(`${adjointText(latex!)}${eq ? ` (${eq})` : ''}`);
    }
    lines.push(b.leaf ? (b.leaf.kind === 'constant' ? `const ${printExpr(b, 'text').s}` : b.leaf.kind) : b.op.dot ? b.op.dot(b.attrs) : b.op.name, formatShape(b.shape));
    const v = b.leaf ? undefined : val(b);
    if (v !== undefined) lines.push(`value ${v}`);
    nodes.push({ id, lines, ...(latex && { latexName: latex }), kind: b.leaf ? b.leaf.kind : b.op.name, backward: true, ...(b.scope && { scope: b.scope }), leaf: b.leaf?.kind });
  }
  const seen = new Set<string>();
  const addEdge = (from: string, to: string, backward: boolean, label?: string) => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, backward, ...(label && { label }) });
  };
  for (const n of a.order) {
    if (!used.has(n) || n.leaf) continue;
    n.inputs.forEach((c, i) => {
      if (!used.has(c)) return;
      let label: string | undefined;
      if (options.edgePartials) {
        const part = n.op.vjp?.({ y: n, inputs: n.inputs, attrs: n.attrs, dy: constant(ones(n.shape)), needs: n.inputs.map((_, k) => k === i) })[i];
        if (part) label = `∂/∂ = ${printExpr(part, 'text', { names: new Map([...a.names].filter(([m]) => !m.isVariable)) }).s}`;
      }
      addEdge(idOf(c), idOf(n), false, label);
    });
  }
  if (showForward) {
    const cutInputs = new Map<string, number>();
    for (const n of a.order) if (used.has(n)) for (const c of n.inputs) if (cut(c)) cutInputs.set(idOf(n), (cutInputs.get(idOf(n)) ?? 0) + 1);
    for (const [id, count] of cutInputs) {
      const more = `n${counter++}`;
      nodes.push({ id: more, lines: [`… ${count} input${count > 1 ? 's' : ''} not shown`], kind: 'cut', backward: false, leaf: undefined });
      addEdge(more, id, false);
    }
  }
  for (const b of backwardOrder) for (const c of b.inputs) if (ids.has(c) || collapsed(c)) if (used.has(c) || backwardOrder.includes(c)) addEdge(idOf(c), idOf(b), true);
  return { pic: { nodes, edges, rankdir, labels }, analysis: a };
}

function escapeRecord(s: string): string {
  return s.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

/** A LaTeX name as Graphviz HTML with sub- and superscripts. */
function htmlName(latex: string): string {
  const p = splitLatexName(latex);
  const t = (s: string) => escapeHtml(textName(s));
  return `${t(p.base)}${p.sub !== undefined ? `<SUB>${t(p.sub)}</SUB>` : ''}${p.sup !== undefined ? `<SUP>${t(p.sup)}</SUP>` : ''}`;
}

/** Writes a picture as DOT. @internal */
export function writeDot(pic: Picture): string {
  const out: string[] = ['digraph tracegrad {', `  rankdir=${pic.rankdir};`, '  node [shape=record, style="rounded,filled", fillcolor="#f7f7f7", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  const style = (n: PictureNode) =>
    n.backward ? ', fillcolor="#fde8e4", color="#c0392b"' : n.leaf === 'variable' ? ', fillcolor="#e4effd"' : n.leaf === 'constant' ? ', fillcolor="#ffffff", color="#999999"' : n.kind === 'scope' ? ', fillcolor="#eeeeee", style="rounded,filled,bold"' : n.kind === 'cut' ? ', shape=plaintext, style=""' : '';
  const label = (n: PictureNode) => {
    if (pic.labels === 'html' && n.kind !== 'cut') {
      const first = n.latexName ? htmlName(n.latexName) + escapeHtml(n.lines[0]!.replace(/^[^(]*/, '')) : escapeHtml(n.lines[0]!);
      const rows = [n.latexName ? first : escapeHtml(n.lines[0]!), ...n.lines.slice(1).map(escapeHtml)];
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
 * stable (`n0, n1, …` in topological order).
 * @param y the output
 * @param options view, values, grads, edgePartials, rankdir, collapse, maxDepth, labels
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
