/**
 * Index notation for the elementwise + matmul family, as in the seed article:
 * `z_{ij} = \sum_{k} x_{ik} w_{kj} + b_{j}`. Each tensor prints as one element with index
 * letters; broadcasting drops indices; transposes permute them; matmuls, dots and sums
 * introduce summation indices. Other ops print in matrix form, subscripted.
 */
import { Prec, type IndexedContext, type Printed } from '../core/opdef.js';
import { alignedIndices } from '../ops/_family.js';
import { inputAt, inputCount, type Node } from '../core/node.js';
import type { Shape } from '../tensor/shape.js';
import { scriptedName, subscriptText, wholeName, type Name } from '../util/label.js';
import { formatNumber, namePrinted, parenFor, printContext, printExpr, settle, terminalName, type PrintSettings } from './print.js';
import { NameTable } from './naming.js';

type Format = 'latex' | 'text';

/**
 * Output index letters for a shape: one per axis longer than 1 (`j` for a vector, `i, j`
 * for a matrix, as in the seed article); axes of length 1 get `''` and print no index, so a
 * column vector `[3, 1]` prints `z_{j}`.
 */
export function outputIndices(shape: Shape): string[] {
  const big = shape.filter((d) => d !== 1).length;
  const letters = big <= 3 ? ['h', 'i', 'j'].slice(3 - big) : Array.from({ length: big }, (_, a) => `i_{${a + 1}}`);
  let k = 0;
  return shape.map((d) => (d === 1 ? '' : letters[k++]!));
}

/** Index letters as text (`i_{1}` → `i₁`). */
function indexText(idx: readonly string[]): string {
  return idx.map((i) => i.replace(/_\{(\d+)\}$/, (_, d: string) => subscriptText(d))).join('');
}

/** A name with index subscripts: `z^{(1)}` at `i, j` → `z_{ij}^{(1)}`; a name that has a subscript already is bracketed, `[δ_{a}]_{j}`. */
export function indexedName(name: Name, idx: readonly string[]): Name {
  const sub = idx.join('');
  if (sub === '') return name;
  if (name.sub !== undefined || name.binding === 'juxtaposed' || name.binding === 'loose' || name.compound) {
    return wholeName({ latex: `\\left[${name.latex}\\right]_{${sub}}`, text: `[${name.text}]${subscriptText(indexText(idx))}` }, 'atom');
  }
  return scriptedName(name.base, { latex: sub, text: indexText(idx) }, name.sup);
}

const SUM_LETTERS = ['k', 'm', 'p', 'q', 'r', 's', 't', 'u'];

/** One node to print at some indices: its key in the memo, and the summation letters its printer took. */
interface Task {
  node: Node;
  at: readonly string[];
  key: string;
  letters: string[];
}

const keyOf = (n: Node, at: readonly string[]) => `${n.id}|${at.join(',')}`;

/**
 * Prints `root` at output indices `idx`; `settings.inline` expands named intermediate nodes
 * down to the leaves. Iterative: an op's index printer asks for its inputs at indices it
 * chooses, so each node is first run as a probe that records what it asks for (and the
 * summation letters it takes); once those are printed, it runs again with the same letters.
 * Returns undefined when a sub-expression is longer than `settings.maxChars`.
 */
export function printIndexed(root: Node, idx: readonly string[], format: Format, settings: PrintSettings): Printed | undefined {
  const table = settings.table ?? new NameTable();
  let next = 0;
  const fresh = () => SUM_LETTERS[next++ % SUM_LETTERS.length]! + (next > SUM_LETTERS.length ? `'` : '');
  const paren = parenFor(format);
  const sumSign = (ks: readonly string[]) => (format === 'latex' ? `\\sum_{${ks.join(',')}}` : `Σ${subscriptText(indexText(ks))}`);
  const memo = new Map<string, Printed>();
  const stack: Task[] = [{ node: root, at: idx, key: keyOf(root, idx), letters: [] }];
  const placeholder: Printed = { s: '', prec: Prec.Atom };

  /** The terminal form of `n` at `at` (a name or a number), or undefined. */
  const terminal = (n: Node, at: readonly string[]): Printed | undefined => {
    const name = terminalName(n, root, settings, table);
    if (name !== undefined) return subscripted(name, at, format);
    if (!n.leaf) return undefined;
    const t = n.leaf.value!;
    const v = t.data[0]!;
    if (t.data.every((x) => x === v)) {
      const s = formatNumber(v, format, settings.digits);
      return v < 0 ? { s, prec: Prec.Unary, leadingMinus: true } : { s, prec: Prec.Atom };
    }
    return subscripted(wholeName({ latex: 'C', text: 'C' }, 'atom'), at, format);
  };

  /** Runs `task`'s printer; `missing` collects the inputs it asked for that are not printed yet. */
  const run = (task: Task, missing: Task[]): Printed | undefined => {
    const n = task.node;
    let used = 0;
    const ctx: IndexedContext = {
      node: n,
      format,
      at: task.at,
      visit: (i, at) => {
        const c = inputAt(n, i);
        const hit = memo.get(keyOf(c, at));
        if (hit !== undefined) return hit;
        missing.push({ node: c, at, key: keyOf(c, at), letters: [] });
        return placeholder;
      },
      aligned: (i) => alignedIndices(inputAt(n, i).shape, n.shape, task.at),
      fresh: () => (used < task.letters.length ? task.letters[used++]! : (task.letters.push(fresh()), task.letters[used++]!)),
      sumSign,
      paren,
    };
    if (n.op.indexed) return n.op.indexed(ctx);
    if (!n.op.elementwise) return undefined;
    const kids: Printed[] = [];
    for (let i = 0; i < inputCount(n); i++) kids.push(ctx.visit(i, ctx.aligned(i)));
    const pc = printContext(n, format, kids, true);
    return settle(format === 'latex' ? n.op.latex(pc) : n.op.text(pc), n, format, kids, true);
  };

  while (stack.length > 0) {
    const task = stack[stack.length - 1]!;
    if (memo.has(task.key)) {
      stack.pop();
      continue;
    }
    let p = terminal(task.node, task.at);
    if (p === undefined) {
      const missing: Task[] = [];
      p = run(task, missing);
      if (missing.length > 0) {
        for (let k = missing.length - 1; k >= 0; k--) stack.push(missing[k]!);
        continue;
      }
      // Ops without an index form print their matrix form, taken at the indices.
      p ??= matrixAt(task.node, task.at, format, settings, table);
      if (p === undefined) return undefined;
    }
    if (settings.maxChars !== undefined && p.s.length > settings.maxChars) return undefined;
    memo.set(task.key, p);
    stack.pop();
  }
  return memo.get(keyOf(root, idx))!;
}

function subscripted(name: Name, idx: readonly string[], format: Format): Printed {
  if (idx.join('') === '') return namePrinted(name, format);
  const withIdx = indexedName(name, idx);
  return { s: format === 'latex' ? withIdx.latex : withIdx.text, prec: Prec.Atom };
}

function matrixAt(n: Node, at: readonly string[], format: Format, settings: PrintSettings, table: NameTable): Printed | undefined {
  const m = printExpr(n, format, { ...settings, table });
  if (m === undefined || at.join('') === '') return m;
  return { s: format === 'latex' ? `\\left[${m.s}\\right]_{${at.join('')}}` : `[${m.s}]${subscriptText(indexText(at))}`, prec: Prec.Atom };
}
