/**
 * What a wrong gradient gets wrong, in words a student can use: the whole answer is the right
 * one transposed (the other layout convention), negated, scaled by a constant, or not summed
 * over the batch; or, where the two formulas share their outer structure, the first
 * sub-expression that differs (a missing transpose, a missing or extra factor, a product in
 * the other order), quoted in the student's own notation when the answer was parsed from text,
 * and a missing factor named the textbook way (`σ′(z⁽¹⁾)`) when it is the derivative of an
 * activation of the forward graph.
 *
 * Every comparison is numeric, at the points of the check (never by a hard-coded pattern):
 * two nodes are "the same up to a factor" when their ratio is one constant at every element of
 * every point. Walks are loops with explicit stacks.
 * @module
 */
import { apply, type Node } from '../core/node.js';
import { topoOrder } from '../core/topo.js';
import { evaluateTensors } from '../exec/evaluate.js';
import { toLatex, toText } from '../explain/print.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { broadcastToOp } from '../ops/broadcastTo.js';
import { divOp } from '../ops/div.js';
import { dotOp } from '../ops/dot.js';
import { matmulOp } from '../ops/matmul.js';
import { mulOp } from '../ops/mul.js';
import { negOp } from '../ops/neg.js';
import { reshapeOp } from '../ops/reshape.js';
import { transposeOp } from '../ops/transpose.js';
import { sum } from '../ops/sum.js';
import { mul } from '../ops/mul.js';
import { addOp } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { subOp } from '../ops/sub.js';
import { grad } from '../autodiff/grad.js';
import { latexName, textName } from '../util/names.js';

/**
 * The kinds of hint: `layout` (the whole answer is the gradient transposed: numerator instead of
 * denominator layout), `transpose` (a transpose missing or extra inside), `sign`, `factor` (a
 * constant factor, e.g. 2), `batch-sum` (a batch axis not summed), `missing-factor`,
 * `extra-factor`, `missing-term` (a term of a sum: a second use of a variable forgotten), `order` (a product in the other order), `shape` (shapes that no hint explains).
 */
export type HintKind = 'layout' | 'transpose' | 'sign' | 'factor' | 'batch-sum' | 'missing-factor' | 'extra-factor' | 'missing-term' | 'order' | 'shape';

/** Every hint kind, in the order a class summary lists them. */
export const HINT_KINDS: readonly HintKind[] = ['sign', 'factor', 'transpose', 'layout', 'batch-sum', 'missing-factor', 'extra-factor', 'missing-term', 'order', 'shape'];

/** A hint: its kind and one sentence for the student (Unicode text and LaTeX). */
export interface Hint {
  kind: HintKind;
  text: string;
  latex: string;
  /** For `factor`: the right answer divided by the student's (e.g. 2). */
  factor?: number;
}

/** What the hint may say about the quantity and the graph. */
export interface HintContext {
  /** The quantity's name (`δ⁽¹⁾`, `∂f/∂x`), text and LaTeX; default "your answer". */
  name?: { text: string; latex: string };
  /** The forward graph (its activations name missing factors). */
  forward?: readonly Node[];
  /** The student's text for a node of the hand formula, when it was parsed from text. */
  source?: (n: Node) => string | undefined;
}


const isScalarConstant = (n: Node) => n.isConstant && n.label === undefined && n.rank === 0;

/** A node without the wrappers that do not change what a formula says: reshapes, broadcasts, scalar factors, signs. */
function core(n: Node): Node {
  for (;;) {
    if (n.op === reshapeOp || n.op === broadcastToOp || n.op === negOp) n = n.inputs[0]!;
    else if (n.op === mulOp && isScalarConstant(n.inputs[0]!)) n = n.inputs[1]!;
    else if ((n.op === mulOp || n.op === divOp) && isScalarConstant(n.inputs[1]!)) n = n.inputs[0]!;
    else return n;
  }
}

function attrsEqual(a: Node, b: Node): boolean {
  const ka = Object.keys(a.attrs).filter((k) => a.attrs[k] !== undefined).sort();
  const kb = Object.keys(b.attrs).filter((k) => b.attrs[k] !== undefined).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && JSON.stringify(a.attrs[k]) === JSON.stringify(b.attrs[k]));
}

/** Structural equality up to {@link core} wrappers (an explicit stack; at most 10,000 pairs are compared). */
function sameStructure(a: Node, b: Node): boolean {
  const todo: [Node, Node][] = [[a, b]];
  for (let budget = 10_000; todo.length; budget--) {
    if (budget === 0) return false;
    const [x0, y0] = todo.pop()!;
    const x = core(x0), y = core(y0);
    if (x === y) continue;
    if (x.leaf || y.leaf || x.op !== y.op || x.inputs.length !== y.inputs.length || !attrsEqual(x, y)) return false;
    for (let i = 0; i < x.inputs.length; i++) todo.push([x.inputs[i]!, y.inputs[i]!]);
  }
  return true;
}

/** Points to compare at: a value for every variable. */
export type Points = Map<Node, Tensor>[];

/** The ratio `e / h` when it is the same at every element of every point (and `h` is not all zero). */
export function ratio(h: Node, e: Node, pts: Points, transposeH = false): number | undefined {
  return ratioOf(valuesAt(h, pts), valuesAt(e, pts), transposeH ? 'transposed' : 'as is', sameElements);
}

/** Same elements in the same order: equal shapes up to axes of length 1 (a reshape apart). */
export function sameElements(a: readonly number[], b: readonly number[]): boolean {
  return sameShape(a.filter((d) => d !== 1), b.filter((d) => d !== 1));
}
/** Equal up to a constant factor (factors may sit elsewhere in a product). */
const proportional = (h: Node, e: Node, pts: Points) => ratio(h, e, pts) !== undefined;

export function fmt(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** What a difference looks like, with the factor node when one is missing or extra. */
export interface Described {
  note: string;
  kind?: HintKind;
  factor?: Node;
}

function describe(h: Node, e: Node, pts: Points): Described {
  const ch = core(h), ce = core(e);
  if (ce.op === transposeOp && sameStructure(ce.inputs[0]!, ch)) return { note: 'a transpose is missing', kind: 'transpose' };
  if (ch.op === transposeOp && sameStructure(ch.inputs[0]!, ce)) return { note: 'an extra transpose', kind: 'transpose' };
  const factorOf = (product: Node, part: Node) =>
    product.op === mulOp || product.op === matmulOp
      ? product.inputs.find((_, i) => sameStructure(product.inputs[1 - i]!, part))
      : undefined;
  const missing = factorOf(ce, ch);
  if (missing) return { note: `a factor ${toText(missing)} is missing`, kind: 'missing-factor', factor: missing };
  const extra = factorOf(ch, ce);
  if (extra) return { note: `an extra factor ${toText(extra)}`, kind: 'extra-factor', factor: extra };
  const c = sameElements(h.shape, e.shape) ? ratio(h, e, pts) : undefined;
  if (c !== undefined && Math.abs(c + 1) <= 1e-6) return { note: 'the sign is wrong', kind: 'sign' };
  if (c === 0) return { note: "the engine's is 0 at every point checked", kind: 'factor' };
  if (c !== undefined && Math.abs(c - 1) > 1e-6) return { note: `a factor is off: the engine's is ${fmt(c)} times the hand one`, kind: 'factor' };
  const t = ratio(h, e, pts, true);
  if (t !== undefined) {
    if (Math.abs(t - 1) <= 1e-6) return { note: "a transpose is missing or extra: the hand sub-expression is the transpose of the engine's", kind: 'transpose' };
    return { note: `a transpose and a factor: the engine's is ${fmt(t)} times the hand one, transposed`, kind: 'transpose' };
  }
  return { note: '' };
}

/** The first sub-expression where the hand formula and the engine part ways (they share their outer structure down to it). */
export function firstDifference(hand: Node, engine: Node, pts: Points): ({ h: Node; e: Node } & Described) | undefined {
  let h = hand, e = engine;
  let descended = false;
  for (let depth = 0; depth < 200; depth++) {
    const ch = core(h), ce = core(e);
    const same = ch !== ce && !ch.leaf && !ce.leaf && ch.op === ce.op && ch.inputs.length === ce.inputs.length && attrsEqual(ch, ce);
    if (!same || sameStructure(ch, ce)) break;
    const H = ch.inputs, E = ce.inputs;
    const commutative = ch.op.commutative === true;
    if (H.length === 2 && !commutative && proportional(H[0]!, E[1]!, pts) && proportional(H[1]!, E[0]!, pts) && !proportional(H[0]!, E[0]!, pts)) {
      return { h: ch, e: ce, note: `the ${ch.op === matmulOp || ch.op === dotOp ? 'factors of the product' : 'operands'} are in the other order`, kind: 'order' };
    }
    const pairs: [Node, Node][] = H.map((c, i) => [c, E[i]!]);
    if (commutative && H.length === 2) pairs.push([H[0]!, E[1]!], [H[1]!, E[0]!]);
    const differs = (p: [Node, Node]) => !sameElements(p[0].shape, p[1].shape) || !proportional(p[0], p[1], pts);
    let next: [Node, Node] | undefined;
    if (H.length === 2) {
      // Descend into the one operand that differs when the other agrees (in either order if commutative).
      const options: [[Node, Node], [Node, Node]][] = [[pairs[0]!, pairs[1]!], [pairs[1]!, pairs[0]!]];
      if (commutative) options.push([pairs[2]!, pairs[3]!], [pairs[3]!, pairs[2]!]);
      for (const [agree, other] of options) {
        if (!differs(agree) && differs(other) && sameElements(other[0].shape, other[1].shape)) {
          next = other;
          break;
        }
      }
    } else next = pairs.find((p) => differs(p) && sameElements(p[0].shape, p[1].shape));
    if (!next) break;
    [h, e] = next;
    descended = true;
  }
  const d = describe(h, e, pts);
  if (!descended && !d.note) return undefined;
  return { h, e, ...d };
}

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** The values of a node at the points. */
function valuesAt(n: Node, pts: Points): Tensor[] {
  return pts.map((p) => evaluateTensors([n], p)[0]!);
}

/** `e / h` when it is one constant at every element of every point, comparing `h` transposed, or summed over its first axis. */
function ratioOf(h: Tensor[], e: Tensor[], how: 'as is' | 'transposed' | 'batch', same: (a: readonly number[], b: readonly number[]) => boolean = sameShape): number | undefined {
  let c: number | undefined;
  for (let k = 0; k < h.length; k++) {
    let H = h[k]!;
    const E = e[k]!;
    if (how === 'transposed') {
      if (H.rank !== 2) return undefined;
      const [r, q] = H.shape as [number, number];
      const d = new Float64Array(H.size);
      for (let i = 0; i < r; i++) for (let j = 0; j < q; j++) d[j * r + i] = H.data[i * q + j]!;
      H = new Tensor([q, r], d);
    } else if (how === 'batch') {
      if (H.rank !== E.rank + 1) return undefined;
      const b = H.shape[0]!, m = H.size / b;
      const d = new Float64Array(m);
      for (let i = 0; i < b; i++) for (let j = 0; j < m; j++) d[j] += H.data[i * m + j]!;
      H = new Tensor(H.shape.slice(1), d);
    }
    if (!same(H.shape, E.shape)) return undefined;
    for (let i = 0; i < H.size; i++) {
      const x = H.data[i]!, y = E.data[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
      if (Math.abs(x) < 1e-12) {
        if (Math.abs(y) > 1e-9) return undefined;
        continue;
      }
      const r = y / x;
      if (c === undefined) c = r;
      else if (!close(r, c)) return undefined;
    }
  }
  return c;
}

/** A number for a sentence: `2`, `0.5`, `1/3` when it is one. */
function factorWords(c: number): string {
  for (let q = 2; q <= 12; q++) if (close(c * q, Math.round(c * q), 1e-9) && Math.abs(Math.round(c * q)) === 1) return `${Math.round(c * q) < 0 ? '−' : ''}1/${q}`;
  return fmt(c).replace('-', '−');
}

/**
 * The textbook name of a factor when it is the derivative of an activation of the forward graph
 * (`σ′(z⁽¹⁾)` for `a ⊙ (1 − a)`), else its printed form.
 */
function factorName(factor: Node, forward: readonly Node[], pts: Points, source?: (n: Node) => string | undefined): { text: string; latex: string } {
  // A named node by its name (a root prints its definition), else as the student wrote it, else printed.
  const written = source?.(factor);
  const fallback = factor.label !== undefined ? { text: textName(factor.label), latex: latexName(factor.label) } : written !== undefined ? { text: written, latex: written } : { text: toText(factor), latex: toLatex(factor) };
  if (forward.length === 0) return fallback;
  let want: Tensor[];
  try {
    want = valuesAt(factor, pts);
  } catch {
    return fallback;
  }
  for (const n of topoOrder(forward)) {
    if (n.leaf || n.op.elementwise !== true || n.op.arity !== 1) continue;
    const u = n.inputs[0]!;
    if (!sameShape(u.shape, factor.shape) && !(factor.rank === 0)) continue;
    try {
      const plain = apply(n.op, [u]);
      const d = grad(sum(plain), u);
      const r = ratioOf(valuesAt(d, pts), want, 'as is');
      if (r === undefined || !close(r, 1)) continue;
      const text = toText(plain), latex = toLatex(plain);
      const ti = text.indexOf('('), li = latex.indexOf('\\left(');
      if (ti <= 0 || li <= 0) continue;
      return { text: `${text.slice(0, ti)}′${text.slice(ti)}`, latex: `${latex.slice(0, li)}'${latex.slice(li)}` };
    } catch {
      continue;
    }
  }
  return fallback;
}

/** The factors of a product tree (`mul` nodes, through signs and reshapes), an explicit stack, at most 64. */
function productFactors(n: Node): Node[] {
  const out: Node[] = [];
  const todo = [n];
  while (todo.length && out.length < 64) {
    const x = core(todo.pop()!);
    if (x.op === mulOp) todo.push(x.inputs[1]!, x.inputs[0]!);
    else out.push(x);
  }
  return out;
}

/** The terms of a sum tree (`add`, `sub`, `addN`), with their signs; an explicit stack, at most 64. */
function sumTerms(n: Node): { term: Node; sign: number }[] {
  const out: { term: Node; sign: number }[] = [];
  const todo: { term: Node; sign: number }[] = [{ term: n, sign: 1 }];
  while (todo.length && out.length < 64) {
    const { term, sign } = todo.pop()!;
    if (term.op === addOp || term.op === addNOp) for (let i = term.inputs.length - 1; i >= 0; i--) todo.push({ term: term.inputs[i]!, sign });
    else if (term.op === subOp) todo.push({ term: term.inputs[1]!, sign: -sign }, { term: term.inputs[0]!, sign });
    else out.push({ term, sign });
  }
  return out;
}

/** Elementwise `a / b` at every point, or undefined where `b` is 0 or a value is not finite. */
function quotient(a: Tensor[], b: Tensor[]): Tensor[] | undefined {
  const out: Tensor[] = [];
  for (let k = 0; k < a.length; k++) {
    const A = a[k]!, B = b[k]!;
    if (!sameShape(A.shape, B.shape)) return undefined;
    const d = new Float64Array(A.size);
    for (let i = 0; i < A.size; i++) {
      if (Math.abs(B.data[i]!) < 1e-12 || !Number.isFinite(A.data[i]!) || !Number.isFinite(B.data[i]!)) return undefined;
      d[i] = A.data[i]! / B.data[i]!;
    }
    out.push(new Tensor(A.shape, d));
  }
  return out;
}

/** True when `v` equals `want` (broadcast from a scalar, or the same shape) at every point. */
function equalValues(v: Tensor[], want: Tensor[]): boolean {
  for (let k = 0; k < v.length; k++) {
    const V = v[k]!, W = want[k]!;
    if (!(V.size === 1 || sameShape(V.shape, W.shape))) return false;
    for (let i = 0; i < W.size; i++) if (!close(V.size === 1 ? V.data[0]! : V.data[i]!, W.data[i]!, 1e-6)) return false;
  }
  return true;
}

/**
 * Hints found from values when the formulas do not share their structure: the answer times a
 * factor (a factor of the gradient's product, or the derivative of an activation of the forward
 * graph) is the gradient, or the answer is a factor times the gradient, or the answer lacks one
 * term of the gradient's sum.
 */
function numericHint(hand: Node, engine: Node, h: Tensor[], e: Tensor[], pts: Points, ctx: HintContext, your: string, yourL: string): Hint | undefined {
  const at = (n: Node): Tensor[] | undefined => {
    try {
      return valuesAt(n, pts);
    } catch {
      return undefined;
    }
  };
  const activations = (): Node[] => {
    const out: Node[] = [];
    for (const n of topoOrder(ctx.forward ?? [])) {
      if (n.leaf || n.op.elementwise !== true || n.op.arity !== 1 || out.length >= 32) continue;
      try {
        const u = n.inputs[0]!;
        out.push(grad(sum(apply(n.op, [u])), u));
      } catch {
        continue;
      }
    }
    return out;
  };
  const missing = quotient(e, h);
  if (missing) {
    for (const f of [...productFactors(engine), ...activations()]) {
      const v = at(f);
      if (v && equalValues(v, missing)) {
        const name = factorName(f, ctx.forward ?? [], pts, ctx.source);
        return { kind: 'missing-factor', text: `${your} lacks the factor ${name.text}`, latex: `${yourL} \\text{ lacks the factor } ${name.latex}` };
      }
    }
  }
  const extra = quotient(h, e);
  if (extra) {
    for (const f of [...productFactors(hand), ...activations()]) {
      const v = at(f);
      if (v && equalValues(v, extra)) {
        const name = factorName(f, ctx.forward ?? [], pts, ctx.source);
        return { kind: 'extra-factor', text: `${your} has an extra factor ${name.text}`, latex: `${yourL} \\text{ has an extra factor } ${name.latex}` };
      }
    }
  }
  const terms = sumTerms(core(engine));
  if (terms.length >= 2) {
    for (const { term, sign } of terms) {
      const v = at(term);
      if (!v) continue;
      const rest = e.map((E, k) => new Tensor(E.shape, Float64Array.from(E.data, (x, i) => x - sign * (v[k]!.size === 1 ? v[k]!.data[0]! : v[k]!.data[i]!))));
      if (equalValues(h, rest)) {
        const t = sign < 0 ? `−${toText(term)}` : toText(term), l = sign < 0 ? `-${toLatex(term)}` : toLatex(term);
        return { kind: 'missing-term', text: `${your} misses the term ${t}`, latex: `${yourL} \\text{ misses the term } ${l}` };
      }
    }
  }
  return undefined;
}

/**
 * The missing factor without its constant part (`x` rather than `2·x`) when the hand formula
 * times that part alone is already the gradient (the student wrote the 2).
 */
function smallestFactor(hand: Node, factor: Node, engine: Node, pts: Points): Node {
  const bare = core(factor);
  if (bare === factor) return factor;
  try {
    const r = ratioOf(valuesAt(mul(hand, bare), pts), valuesAt(engine, pts), 'as is');
    return r !== undefined && close(r, 1) ? bare : factor;
  } catch {
    return factor;
  }
}

/**
 * The hint for a hand formula that differs from the engine's gradient at `pts` (points where
 * both are finite), or undefined when nothing is recognised. Whole-answer hints first (layout,
 * batch sum, sign, factor), then the first differing sub-expression.
 */
export function hintFor(hand: Node, engine: Node, pts: Points, ctx: HintContext = {}): Hint | undefined {
  const who = ctx.name ?? { text: 'answer', latex: '\\text{answer}' };
  const your = `your ${who.text}`, yourL = `\\text{your } ${who.latex}`;
  const quote = (n: Node) => ctx.source?.(n) ?? toText(n);
  if (pts.length === 0) return undefined;
  let h: Tensor[], e: Tensor[];
  try {
    h = valuesAt(hand, pts);
    e = valuesAt(engine, pts);
  } catch {
    return undefined;
  }
  const hint = (kind: HintKind, text: string, latex: string, factor?: number): Hint => ({ kind, text, latex, ...(factor !== undefined && { factor }) });
  const scaled = (c: number) => (close(c, 1) ? '' : close(c, -1) ? ', with the wrong sign' : `, off by a factor ${factorWords(c)}`);
  if (!sameShape(hand.shape, engine.shape)) {
    const t = hand.rank === 2 && engine.rank === 2 ? ratioOf(h, e, 'transposed') : undefined;
    if (t !== undefined) {
      return hint('layout', `${your} is the transpose of the gradient${scaled(t)}: it has shape ${formatShape(hand.shape)}, the gradient has the shape of the variable, ${formatShape(engine.shape)} (you used the numerator layout; tracegrad uses the denominator layout)`,
        `${yourL} \\text{ is the transpose of the gradient (numerator layout); the gradient has the shape of the variable}`);
    }
    const b = ratioOf(h, e, 'batch');
    if (b !== undefined) {
      const n = hand.shape[0]!;
      const mean = close(b * n, 1);
      return hint('batch-sum', `${your} has a batch axis of ${n} that the gradient sums over: ${mean ? `average it over the batch (the loss is a mean: (1/${n}) Σᵢ)` : `sum it over the batch (Σᵢ)${scaled(b)}`}`,
        `${yourL} \\text{ keeps the batch axis: } ${mean ? `\\frac{1}{${n}} \\sum_i` : '\\sum_i'}`, mean ? undefined : close(b, 1) ? undefined : b);
    }
    return hint('shape', `${your} has shape ${formatShape(hand.shape)}, but the gradient has shape ${formatShape(engine.shape)}`, `${yourL} \\text{ has shape ${formatShape(hand.shape)}, the gradient ${formatShape(engine.shape)}}`);
  }
  const c = ratioOf(h, e, 'as is');
  if (c !== undefined && close(c, -1)) return hint('sign', `${your} has the wrong sign`, `${yourL} \\text{ has the wrong sign}`, -1);
  // "The right answer is 0 times yours" is true but no help: say the gradient is 0.
  if (c === 0) return hint('factor', `${your} should be 0: the gradient is 0 at every point checked`, `${yourL} \\text{ should be 0: the gradient is 0 at every point checked}`, 0);
  if (c !== undefined && !close(c, 1)) {
    return hint('factor', `${your} is off by a constant factor: the right answer is ${factorWords(c)} times yours`, `${yourL} \\text{ is off by a constant factor: the right answer is } ${fmt(c)} \\text{ times yours}`, c);
  }
  if (hand.rank === 2 && hand.shape[0] === hand.shape[1]) {
    const t = ratioOf(h, e, 'transposed');
    if (t !== undefined) {
      return hint('layout', `${your} is the transpose of the gradient${scaled(t)} (the numerator layout; the gradient of a matrix has the matrix's layout: entry (i, j) is ∂L/∂W_ij)`,
        `${yourL} \\text{ is the transpose of the gradient (numerator layout)}`);
    }
  }
  const d = firstDifference(hand, engine, pts);
  if (d && !d.kind) {
    // The differing sub-expressions, compared by value: a term of a sum left out there.
    const sub = numericHint(d.h, d.e, valuesAt(d.h, pts), valuesAt(d.e, pts), pts, {}, your, yourL);
    if (sub?.kind === 'missing-term') {
      return { kind: 'missing-term', text: `${your} misses a term: where you wrote ${quote(d.h)}, the gradient has ${toText(d.e)}`, latex: `\\text{a term is missing: the gradient has } ${toLatex(d.e)}` };
    }
  }
  if (!d || !d.kind) return numericHint(hand, engine, h, e, pts, ctx, your, yourL);
  const where = quote(d.h);
  switch (d.kind) {
    case 'missing-factor': {
      const f = factorName(smallestFactor(hand, d.factor!, engine, pts), ctx.forward ?? [], pts, ctx.source);
      return hint('missing-factor', `${your} lacks the factor ${f.text} (in ${where})`, `${yourL} \\text{ lacks the factor } ${f.latex}`);
    }
    case 'extra-factor': {
      const f = factorName(d.factor!, ctx.forward ?? [], pts, ctx.source);
      return hint('extra-factor', `${your} has an extra factor ${f.text} (in ${where})`, `${yourL} \\text{ has an extra factor } ${f.latex}`);
    }
    case 'transpose':
      return hint('transpose', `a transpose is missing or extra in ${your}: where you wrote ${where}, the gradient has ${toText(d.e)}`, `\\text{a transpose is missing or extra: the gradient has } ${toLatex(d.e)}`);
    case 'order':
      return hint('order', `the factors of a product in ${your} are in the other order: you wrote ${where}, the gradient has ${toText(d.e)}`, `\\text{the factors are in the other order: the gradient has } ${toLatex(d.e)}`);
    case 'sign':
      return hint('sign', `${where} in ${your} has the wrong sign`, `\\text{a sign is wrong in } ${yourL}`);
    case 'factor': {
      const r = ratioOf(valuesAt(d.h, pts), valuesAt(d.e, pts), 'as is');
      return hint('factor', `${where} in ${your} is off by a constant factor: the right one is ${r === undefined ? 'a multiple' : `${factorWords(r)} times it`}`, `\\text{a constant factor is off in } ${yourL}`, r);
    }
    default:
      return undefined;
  }
}
