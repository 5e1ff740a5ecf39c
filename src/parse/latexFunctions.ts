/**
 * The functions of LaTeX input, read from the op registry: every op whose LaTeX printer
 * writes a call, `HEAD\left(x\right)` (`\sin`, `\sigma`, `\operatorname{ReLU}`, `\log_{10}`,
 * `\max` with two arguments), is callable by that head, so what tracegrad prints parses back
 * to the same op. A few heads students write that no printer writes (`\exp`, `\ln`,
 * `\operatorname{relu}`) are aliases of an op, by its definition object. The operators and
 * the notations that are not calls (`\frac`, `\sqrt`, `e^{x}`, `\lVert x\rVert`) belong to the
 * grammar in `latex.ts`.
 * @module
 */
import { apply, variable, type Node } from '../core/node.js';
import { Prec, type OpDef, type ParseArg, type PrintContext, type Printed } from '../core/opdef.js';
import { registry } from '../ops/index.js';
import { expOp } from '../ops/exp.js';
import { logOp } from '../ops/log.js';
import { reluOp } from '../ops/relu.js';
import { sigmoidOp } from '../ops/sigmoid.js';
import { signOp } from '../ops/sign.js';
import { absOp } from '../ops/abs.js';
import { sqrtOp } from '../ops/sqrt.js';
import { canonicalPiece } from './latexLexer.js';

/** One function of LaTeX input. */
export interface LatexFunction {
  /** Its canonical head (`\sin`, `\operatorname{ReLU}`). */
  readonly head: string;
  /** The op it builds. */
  readonly op: OpDef;
  /** Number of arguments (for a variadic op such as `stack`, the fewest: 1). */
  readonly arity: number;
  /** True for an op that takes any number of arguments (`\operatorname{stack}(a, b, …)`). */
  readonly variadic?: boolean;
  /** Builds the call on argument nodes. */
  build(args: readonly Node[]): Node;
}

/** Placeholders for the arguments while a printer writes a call. */
const SLOTS = ['\u0001', '\u0002', '\u0003'];

/** Values an op is probed on: a scalar, a vector and a square matrix (`tr` takes only the last). */
const PROBES = [0.5, [0.5, 0.25], [[0.5, 0.25], [0.125, 0.75]]];

/** The op applied to `arity` probe variables of the first shape it accepts, or undefined. */
function probe(op: OpDef, arity: number): Node | undefined {
  for (const value of op.elementwise === true ? [PROBES[0]!] : PROBES.slice(1).concat([PROBES[0]!])) {
    try {
      const node = apply(op, Array.from({ length: arity }, (_, i) => variable(`latex_probe_${i}`, value)));
      if (node.op === op) return node;
    } catch {
      // not this shape: the next one
    }
  }
  return undefined;
}

/** What an op's LaTeX printer writes for a call on placeholder arguments, or undefined when it cannot say. */
function printedCall(op: OpDef, arity: number): string | undefined {
  const node = probe(op, arity);
  if (!node) return undefined;
  const printed = (i: number): Printed => ({ s: SLOTS[i]!, prec: Prec.Atom });
  const ctx: PrintContext = {
    format: 'latex',
    node,
    attrs: node.attrs,
    arg: (i) => SLOTS[i]!,
    raw: (i) => SLOTS[i]!,
    printed,
    paren: (s) => `\\left(${s}\\right)`,
    startsWithDigit: () => false,
    unsigned: (i) => SLOTS[i]!,
    startWith: (i, _min, rest, prec) => ({ s: SLOTS[i]! + rest, prec }),
  };
  try {
    return op.latex(ctx).s;
  } catch {
    return undefined;
  }
}

/** Builds `op` on argument nodes: through its parse hook when it has one (default attributes), else `apply`. */
function builder(op: OpDef): (args: readonly Node[]) => Node {
  const hook = op.parse;
  if (!hook) return (args) => apply(op, args);
  return (args) =>
    hook.build(args.map((n): ParseArg => ({
      node: () => n,
      num: (what) => {
        throw new Error(`${what} cannot be given in LaTeX`);
      },
      nums: (what) => {
        throw new Error(`${what} cannot be given in LaTeX`);
      },
      items: () => undefined,
    })));
}

/** Heads that no printer writes, and the op each stands for (by its definition). */
const ALIASES: readonly [string, OpDef][] = [
  ['\\exp', expOp],
  ['\\ln', logOp],
  // As the rule of log10 and log2 prints ln 10 (`\mathrm{ln}\,10`).
  ['\\mathrm{ln}', logOp],
  ['\\mathrm{relu}', reluOp],
  ['\\mathrm{sigmoid}', sigmoidOp],
  ['\\mathrm{sign}', signOp],
  ['\\mathrm{abs}', absOp],
  ['\\mathrm{sqrt}', sqrtOp],
];

let table: Map<string, LatexFunction> | undefined;

/**
 * Every function of LaTeX input by canonical head (a Map: heads are compared as text, never
 * looked up in an object). Built once, from the registry.
 */
export function latexFunctions(): Map<string, LatexFunction> {
  if (table) return table;
  const t = new Map<string, LatexFunction>();
  for (const op of registry) {
    const variadic = op.arity === 'variadic';
    // A variadic op is probed with two arguments (`\operatorname{stack}\left(a, b\right)`).
    const arity = variadic ? 2 : (op.arity as number);
    if (arity < 1 || arity > 2) continue;
    const s = printedCall(op, arity);
    if (s === undefined) continue;
    const tail = `\\left(${SLOTS.slice(0, arity).join(', ')}\\right)`;
    if (!s.endsWith(tail)) continue;
    const head = canonicalPiece(s.slice(0, s.length - tail.length));
    if (head === '' || head.includes('\u0001') || t.has(head)) continue;
    t.set(head, variadic ? { head, op, arity: 1, variadic, build: (args) => apply(op, args) } : { head, op, arity, build: builder(op) });
  }
  for (const [alias, op] of ALIASES) {
    const head = canonicalPiece(alias);
    if (!t.has(head)) t.set(head, { head, op, arity: 1, build: builder(op) });
  }
  // `\mathrm{X}` for every `\operatorname{X}` head, in any letter case (`\operatorname{relu}`).
  for (const f of [...t.values()]) {
    const lower = f.head.toLowerCase();
    if (/^\\mathrm\{[a-z]+\}$/i.test(f.head) && !t.has(lower)) t.set(lower, f);
  }
  return (table = t);
}

/** The heads students can write, sorted (for messages). */
export function latexFunctionHeads(): string[] {
  return [...latexFunctions().keys()].filter((h) => h === h.toLowerCase() || !latexFunctions().has(h.toLowerCase()) || latexFunctions().get(h.toLowerCase()) !== latexFunctions().get(h)).sort();
}
