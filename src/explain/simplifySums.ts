/**
 * Sums written with an index: a sum whose terms are the same expression in names that differ
 * only by an integer subscript, shifted alike (`δ₃ h₂ᵀ + δ₂ h₁ᵀ + δ₁ h₀ᵀ`), is also written
 * `Σₜ δₜ hₜ₋₁ᵀ`, as a textbook writes the gradient of a weight an unrolled network shares over
 * time. Printing only: the terms are matched by their structure (ops by identity, attributes)
 * and their names, iteratively and within a bound.
 * @module
 */
import { attributesKey, inputAt, inputCount, opId, type Node } from '../core/node.js';
import { addOp } from '../ops/add.js';
import { addNOp } from '../ops/addN.js';
import { scriptedName, subscriptText, type Name } from '../util/label.js';

/** Most terms a folded sum has, and most nodes one term may have. */
const MAX_TERMS = 256, MAX_TERM_NODES = 64;

/** The terms of a sum written with `+` only (none subtracted), or undefined. */
function plusTerms(root: Node, isName: (n: Node) => boolean): Node[] | undefined {
  if ((root.op !== addOp && root.op !== addNOp) || isName(root)) return undefined;
  const out: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if ((n.op === addOp || n.op === addNOp) && !isName(n) && n.leaf === undefined) {
      for (let i = inputCount(n) - 1; i >= 0; i--) stack.push(inputAt(n, i));
    } else out.push(n);
    if (out.length + stack.length > MAX_TERMS) return undefined;
  }
  return out.length >= 2 ? out : undefined;
}

/** A term read as its structure (a string) and the names it holds, in order; undefined when too big. */
function readTerm(t: Node, nameOf: (n: Node) => Name | undefined): { shape: string; names: { node: Node; name: Name }[] } | undefined {
  let shape = '';
  const names: { node: Node; name: Name }[] = [];
  const stack = [t];
  let count = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (++count > MAX_TERM_NODES) return undefined;
    const name = nameOf(n);
    if (name !== undefined) {
      names.push({ node: n, name });
      shape += '$;';
      continue;
    }
    if (n.leaf !== undefined) {
      shape += `#${n.id};`;
      continue;
    }
    shape += `${opId(n.op)}(${attributesKey(n.attrs)})${inputCount(n)}[${n.shape.join(',')}];`;
    for (let i = inputCount(n) - 1; i >= 0; i--) stack.push(inputAt(n, i));
  }
  return { shape, names };
}

/** The integer subscript of a name (`h₂` → 2), else undefined. */
function integerSub(name: Name): number | undefined {
  const s = name.sub?.latex;
  return s !== undefined && /^-?\d{1,6}$/.test(s) ? Number(s) : undefined;
}

/** A name's base and superscript, without its subscript: what must match across terms. */
const stem = (name: Name) => `${name.base.latex}|${name.sup?.latex ?? ''}|${name.compound ? 'c' : ''}`;

/**
 * `Σₜ …` for a sum of terms that differ only by shifted integer subscripts, in LaTeX and
 * text, or undefined. `print` prints a term with some names replaced.
 */
export function sumOverIndex(
  root: Node,
  nameOf: (n: Node) => Name | undefined,
  print: (term: Node, format: 'latex' | 'text', names: (n: Node) => Name | undefined) => string | undefined,
): { latex: string; text: string } | undefined {
  const isName = (n: Node) => nameOf(n) !== undefined;
  const terms = plusTerms(root, isName);
  if (!terms) return undefined;
  const read = terms.map((t) => readTerm(t, nameOf));
  const first = read[0];
  if (!first || first.names.length === 0 || read.some((r) => !r || r.shape !== first.shape || r.names.length !== first.names.length)) return undefined;
  // Which name positions vary, and the running index of each term (the first varying subscript).
  const varying: boolean[] = first.names.map((_, k) => read.some((r) => r!.names[k]!.name.latex !== first.names[k]!.name.latex));
  const p0 = varying.indexOf(true);
  if (p0 < 0) return undefined;
  const t: number[] = [];
  for (const r of read) {
    const v = integerSub(r!.names[p0]!.name);
    if (v === undefined) return undefined;
    t.push(v);
  }
  const offsets: number[] = [];
  for (let k = 0; k < first.names.length; k++) {
    if (!varying[k]) continue;
    let c: number | undefined;
    for (let j = 0; j < read.length; j++) {
      const name = read[j]!.names[k]!.name;
      const v = integerSub(name);
      if (v === undefined || stem(name) !== stem(first.names[k]!.name)) return undefined;
      if (c === undefined) c = v - t[j]!;
      else if (v - t[j]! !== c) return undefined;
    }
    offsets[k] = c!;
  }
  const sorted = [...t].sort((a, b) => a - b);
  for (let j = 1; j < sorted.length; j++) if (sorted[j] !== sorted[0]! + j) return undefined;
  const lo = sorted[0]!, hi = sorted[sorted.length - 1]!;
  // The first term printed with its varying names written in t.
  const replaced = new Map<Node, Name>();
  first.names.forEach(({ node, name }, k) => {
    if (!varying[k]) return;
    const c = offsets[k]!;
    const sub = c === 0 ? 't' : c > 0 ? `t+${c}` : `t-${-c}`;
    replaced.set(node, scriptedName(name.base, { latex: sub, text: sub }, name.sup));
  });
  const names = (n: Node) => replaced.get(n) ?? nameOf(n);
  const latex = print(terms[0]!, 'latex', names), text = print(terms[0]!, 'text', names);
  if (latex === undefined || text === undefined) return undefined;
  return {
    latex: `\\sum_{t=${lo}}^{${hi}} ${latex}`,
    text: `Σ${subscriptText('t')} ${text} (t = ${lo}, …, ${hi})`,
  };
}
