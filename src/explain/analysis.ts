/**
 * The analysis shared by the derivation and the pictures: which nodes are stages (get an
 * equation), their names and adjoint names, stable ids, equation numbers, and the reverse
 * pass (the same one `grad` runs).
 * @internal
 */
import { ArgumentError } from '../util/errors.js';
import { Node, constant, variable } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { isZero } from '../core/constants.js';
import { ones } from '../tensor/tensor.js';
import { reverse, type ReversePass } from '../autodiff/grad.js';
import { latexName, splitLatexName, joinLatexName, latexToText } from '../util/names.js';
import { printExpr } from './print.js';

/** Adjoint notation: `\bar{z}`, `\delta_z` (`\delta^{(l)}` for `z^{(l)}`), or `\frac{\partial L}{\partial z}`. */
export type AdjointNotation = 'bar' | 'delta' | 'partial';

export interface Analysis {
  y: Node;
  wrt: Node[];
  /** Topological order of y's ancestors (forward graph). */
  order: Node[];
  /** Stable id of every forward node: `n0, n1, …` in topological order. */
  ids: Map<Node, string>;
  /** Non-leaf nodes that get their own equation, in topological order. */
  stages: Node[];
  /** Display name (LaTeX) of every stage and variable. */
  names: Map<Node, string>;
  /** Adjoint name (LaTeX) of every stage and variable. */
  adjointNames: Map<Node, string>;
  /** Stage inputs (stages and variables) of every stage. */
  stageInputs: Map<Node, Node[]>;
  lossName: string;
  pass: ReversePass;
  /** Forward equation number of each stage; adjoint equation number of each node that has one. */
  forwardNumber: Map<Node, number>;
  adjointNumber: Map<Node, number>;
  seedNumber: number;
  gradientNumber: Map<Node, number>;
  /** Nodes in reverse topological order that have an adjoint equation. */
  adjointOrder: Node[];
}

/** The adjoint's name for a node called `name` (LaTeX). */
export function adjointName(name: string, notation: AdjointNotation, loss: string): string {
  const latex = latexName(name);
  const parts = splitLatexName(latex);
  if (notation === 'partial') return `\\frac{\\partial ${latexName(loss)}}{\\partial ${latex}}`;
  if (notation === 'delta') {
    if (parts.base === 'z' && parts.sub === undefined && parts.sup !== undefined) return joinLatexName('\\delta', undefined, parts.sup);
    return joinLatexName('\\delta', parts.sub !== undefined || parts.sup !== undefined ? `{${latex}}` : latex);
  }
  return joinLatexName(`\\bar{${parts.base}}`, parts.sub, parts.sup);
}

/** Text form of an adjoint name. */
export function adjointText(latex: string): string {
  const m = /^\\frac\{\\partial (.*)\}\{\\partial (.*)\}$/.exec(latex);
  if (m) return `∂${latexToText(m[1]!)}/∂${latexToText(m[2]!)}`;
  return latexToText(latex);
}

export interface AnalysisOptions {
  wrt?: Node | readonly Node[];
  adjoint?: AdjointNotation;
  loss?: string;
  stages?: 'named' | 'all';
}

export function analyze(y: Node, options: AnalysisOptions): Analysis {
  if (!(y instanceof Node)) throw new ArgumentError(`explain: y must be a Node; got ${typeof y}`);
  const order = topoOrder([y]);
  const wrtList = options.wrt === undefined ? order.filter((n) => n.isVariable) : options.wrt instanceof Node ? [options.wrt] : [...options.wrt];
  for (const w of wrtList) if (!(w instanceof Node)) throw new ArgumentError(`explain: wrt must be nodes; got ${typeof w}`);
  const notation = options.adjoint ?? 'bar';
  if (!['bar', 'delta', 'partial'].includes(notation)) throw new ArgumentError(`explain: adjoint must be 'bar', 'delta' or 'partial'; got ${JSON.stringify(notation)}`);
  const stagesMode = options.stages ?? 'named';
  if (stagesMode !== 'named' && stagesMode !== 'all') throw new ArgumentError(`explain: stages must be 'named' or 'all'; got ${JSON.stringify(stagesMode)}`);
  const ids = new Map(order.map((n, i) => [n, `n${i}`]));
  const uses = new Map<Node, number>();
  for (const n of order) for (const c of new Set(n.inputs)) uses.set(c, (uses.get(c) ?? 0) + 1);
  const isStage = (n: Node) => !n.leaf && (n === y || n.label !== undefined || stagesMode === 'all' || (uses.get(n) ?? 0) > 1 || n.inputs.some((c, i) => n.inputs.indexOf(c) !== i));
  const stages = order.filter(isStage);
  const lossName = y.label ?? options.loss ?? 'L';
  const names = new Map<Node, string>();
  let auto = 0;
  for (const n of order) {
    if (n.isVariable) names.set(n, n.label ?? n.leaf!.name!);
    else if (isStage(n)) names.set(n, n === y ? lossName : n.label ?? `v_{${++auto}}`);
  }
  const stageInputs = new Map<Node, Node[]>();
  for (const s of stages) {
    const found: Node[] = [];
    const seen = new Set<Node>();
    const walk = (n: Node) => {
      for (const c of n.inputs) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (c.isVariable || isStage(c)) found.push(c);
        else if (!c.leaf) walk(c);
      }
    };
    walk(s);
    stageInputs.set(s, found);
  }
  const pass = reverse(y, wrtList, constant(ones(y.shape)), true);
  const adjointNames = new Map<Node, string>();
  for (const [n, nm] of names) adjointNames.set(n, adjointName(nm, notation, lossName));
  const adjointOrder = [...order].reverse().filter((n) => pass.adjoints.has(n) && (names.has(n)));
  const forwardNumber = new Map<Node, number>();
  let k = 0;
  for (const s of stages) forwardNumber.set(s, ++k);
  const seedNumber = ++k;
  const adjointNumber = new Map<Node, number>();
  for (const n of adjointOrder) if (n !== y) adjointNumber.set(n, ++k);
  const gradientNumber = new Map<Node, number>();
  for (const w of wrtList) gradientNumber.set(w, ++k);
  return { y, wrt: wrtList, order, ids, stages, names, adjointNames, stageInputs, lossName, pass, forwardNumber, adjointNumber, seedNumber, gradientNumber, adjointOrder };
}

/** Rebuilds a stage's expression with its stage inputs replaced by fresh placeholder leaves. */
export function stageExpression(a: Analysis, s: Node): { expr: Node; placeholders: Map<Node, Node> } {
  const placeholders = new Map<Node, Node>();
  const memo = new Map<Node, Node>();
  const inputs = new Set(a.stageInputs.get(s));
  const rebuild = (n: Node): Node => {
    const hit = memo.get(n);
    if (hit) return hit;
    let out: Node;
    if (n !== s && inputs.has(n) && !n.leaf) {
      out = variable('p', undefined, { label: a.names.get(n)!, shape: n.shape });
      placeholders.set(n, out);
    } else if (n.leaf) out = n;
    else {
      const label = n === s ? a.names.get(s) : n.label;
      out = applyLike(n, n.inputs.map(rebuild), label);
    }
    memo.set(n, out);
    return out;
  };
  const expr = rebuild(s);
  return { expr, placeholders };
}

import { apply } from '../core/node.js';
function applyLike(n: Node, inputs: Node[], label: string | undefined): Node {
  return apply(n.op, inputs, n.attrs, label === undefined ? {} : { label });
}

/** The local term `\bar{c} ∂c/∂v` of consumer stage `c` for input `v`, built with placeholders. */
export function localTerm(a: Analysis, c: Node, v: Node): Node | undefined {
  const { expr, placeholders } = stageExpression(a, c);
  const target = placeholders.get(v) ?? v;
  const dy = variable('p', undefined, { label: a.adjointNames.get(c)!, shape: c.shape });
  const pass = reverse(expr, [target], dy);
  return pass.adjoints.get(target);
}

/**
 * The adjoints an equation for `of` may refer to by name: those of the stages downstream of
 * `of` (its consumers, defined earlier in the backward pass), never a sibling's that happens
 * to share a node. Only fresh adjoint nodes get names (not forward nodes or constants).
 */
export function referableAdjoints(a: Analysis, of: Node | undefined): Map<Node, string> {
  const downstream = new Set<Node>();
  if (of) for (const n of a.order) if (n === of || n.inputs.some((c) => downstream.has(c))) downstream.add(n);
  const forward = new Set(a.order);
  const out = new Map<Node, string>();
  for (const n of a.adjointOrder) {
    if (of && (n === of || !downstream.has(n))) continue;
    const adj = a.pass.adjoints.get(n)!;
    if (adj.leaf || forward.has(adj) || out.has(adj)) continue;
    out.set(adj, a.adjointNames.get(n)!);
  }
  return out;
}

/** Prints a node with stage names and adjoint names (fresh adjoint nodes only). */
export function printWithNames(a: Analysis, root: Node, format: 'latex' | 'text', digits: number, selfAdjointOf?: Node): string {
  const map = new Map<Node, string>();
  const forward = new Set(a.order);
  for (const [n, nm] of a.names) if (!n.isVariable) map.set(n, nm);
  for (const [adj, name] of referableAdjoints(a, selfAdjointOf)) map.set(adj, name);
  if (map.has(root) && !forward.has(root)) {
    const nm = map.get(root)!;
    return format === 'latex' ? nm : adjointText(nm);
  }
  return printExpr(root, format, { names: map, digits }).s;
}

export { isZero };
