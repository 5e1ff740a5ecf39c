/**
 * LaTeX math to graphs: what students write for a gradient (`2 A^\top (A x - b)`,
 * `\delta^{(1)} \odot \sigma'(z^{(1)})`, `\frac{1}{1 + e^{-x}}`) and what tracegrad prints,
 * read back to tracegrad's ops.
 *
 * One pass with explicit stacks (operands and frames, as `reader.ts` reads mathjs syntax):
 * a million nested `\frac{1}{…}` or parentheses parse like any other input, and a sum of
 * 100,000 terms is one loop. Each reduction builds the node at once, so there is no tree to
 * walk afterwards; every node remembers the part of the text it came from (`spans`), which
 * is how feedback quotes the student's own notation.
 *
 * The reading, in short (docs/cli.md and the {@link parseLatex} comment have the list):
 * juxtaposition, `\cdot`, `\times` and `*` are products (the matrix product between
 * non-scalars, with a 1-D vector read as a column: `x^\top y` is a dot product, `x y^\top` an
 * outer product); `\odot` and `\circ` are elementwise; `\frac` and `/` divide elementwise;
 * `^` is an elementwise power, `^\top` and `^T` transpose; functions are read from the op
 * registry (`latexFunctions.ts`); `\mathbf{1}^\top X` and `X \mathbf{1}` are sums, as
 * tracegrad prints them; `\sum_i` sums its body over the first axis of the symbols it
 * subscripts with `i`. Anything else is a {@link ParseError} with its column.
 * @module
 */
import { ArgumentError, ParseError, ShapeError, TracegradError } from '../util/errors.js';
import { apply as applyOp, constant, isNode, variable, type Node } from '../core/node.js';
import { toTensor, type TensorLike } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { latexName } from '../util/names.js';
import { nameOf } from '../util/label.js';
import { add } from '../ops/add.js';
import { div } from '../ops/div.js';
import { exp } from '../ops/exp.js';
import { matmul } from '../ops/matmul.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { norm } from '../ops/norm.js';
import { abs } from '../ops/abs.js';
import { nthRoot } from '../ops/nthRoot.js';
import { pow } from '../ops/pow.js';
import { reshape } from '../ops/reshape.js';
import { sqrt } from '../ops/sqrt.js';
import { stack } from '../ops/stack.js';
import { step, stepOp } from '../ops/step.js';
import { logOp } from '../ops/log.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { take } from '../ops/take.js';
import { transpose } from '../ops/transpose.js';
import { grad } from '../autodiff/grad.js';
import { excerpt } from './columns.js';
import { namedConstant, nearestName } from './functions.js';
import { canonicalPiece, isAccent, isSymbolCommand, LatexLexer, MATH_FONTS, WORD_FONTS, type LatexToken } from './latexLexer.js';
import { latexFunctionHeads, latexFunctions, type LatexFunction } from './latexFunctions.js';
import { describeValue } from '../util/describe.js';

/** Values for the names of a LaTeX expression, by name (`x`, `W1`, `W^{(1)}`, `\delta^{(2)}`): numbers, arrays, tensors or nodes. */
export type LatexBindings = Readonly<Record<string, TensorLike | Node>> | ReadonlyMap<string, TensorLike | Node>;

/** A LaTeX expression read into a graph. @internal */
export interface LatexParsed {
  /** The expression's node. */
  node: Node;
  /** Each name of the expression (canonical LaTeX) and its node. */
  symbols: Map<string, Node>;
  /** The part of the text (0-based start, end exclusive) each node was first built from. */
  spans: Map<Node, readonly [number, number]>;
  /**
   * True when the expression is a scalar that stands for a uniform tensor whose size is not
   * written (`\mathbf{1}`, `x \mathbf{1}`, `\mathbf{0}`): it has the size the context needs.
   */
  uniform: boolean;
}

/** Options of {@link parseLatexExpression}. @internal */
export interface LatexParseOptions {
  /**
   * Only the bound names may be used: any other name is a {@link ParseError} at its column,
   * "unknown name 'y' (did you mean Y?)", instead of a new variable (checks and grading: a
   * name that is not one of the problem's would be sampled at random).
   */
  closed?: boolean;
}

/** A parsed operand: its node (or the ones vector `\mathbf{1}`), whether a 1-D vector is a row, and its text span. */
interface Val {
  node: Node | undefined;
  /** `\mathbf{1}`: a vector of ones, read only as a sum (`\mathbf{1}^\top X`, `X \mathbf{1}`). */
  ones?: boolean;
  /** A scalar factor of the ones (`\frac{1}{2} \mathbf{1}^\top X`), applied to the sum. */
  scale?: Node;
  /** For a 1-D vector (or the ones): true once transposed (a row). */
  row: boolean;
  start: number;
  end: number;
  /** Euler's number written `e` (so `e^{x}` is `exp(x)`). */
  isE?: boolean;
  /** The value of a `[…]` group (so `[x]_{1}` takes an element). */
  bracket?: boolean;
  /** A name as written (so that a digit right after it, `W1`, is refused as ambiguous). */
  name?: boolean;
  /** `a > 0` inside an indicator `\mathbb{1}[…]`. */
  positive?: Node;
  /** A scalar that stands for a uniform tensor of unwritten size (`\mathbf{0}`, `x \mathbf{1}`, and what is computed from them alone). */
  uniform?: boolean;
}

type OpKind = 'add' | 'sub' | 'times' | 'odot' | 'div' | 'pow' | 'gt' | 'neg' | 'plus' | 'fn' | 'sum';

interface OpFrame {
  kind: 'op';
  op: OpKind;
  prec: number;
  right: boolean;
  unary: boolean;
  start: number;
  end: number;
  /** For 'fn': the function (and the number of primes: a derivative). */
  fn?: LatexFunction;
  primes?: number;
  /** For 'sum': the index name (canonical) and whether the body used it. */
  index?: string;
  used?: boolean;
  /** For 'sum': numeric limits as written (`_{i=1}^{n}` has a lower limit 1 and no numeric upper one). */
  limits?: { lower?: number; upper?: number; text: string };
}

type GroupRole = 'paren' | 'brace' | 'bracket' | 'abs' | 'norm' | 'call' | 'frac' | 'sqrt-index' | 'sqrt' | 'indicator' | 'matrix';

interface GroupFrame {
  kind: 'group';
  role: GroupRole;
  /** What closes it: `)`, `]`, `}`, `|`, `\|`. */
  close: string;
  /** Opened by `\left`: closed by `\right`. */
  left: boolean;
  start: number;
  /** For 'call': the function, its primes, its arguments so far. */
  fn?: LatexFunction;
  primes?: number;
  args?: Val[];
  /** For 'frac': the numerator once read. */
  numerator?: Val;
  /** For 'sqrt': the index when given. */
  index?: Val;
  /** For 'matrix': the environment, the rows and the current row. */
  env?: string;
  rows?: Val[][];
  row?: Val[];
}

type Frame = OpFrame | GroupFrame;

const PREC = { gt: 5, sum: 10, sumOp: 15, product: 20, unary: 25, fn: 27, pow: 30 } as const;

/** Commands that are recognised and refused, with what to say. */
const UNSUPPORTED = new Map<string, string>([
  ['int', 'integrals are not supported'], ['iint', 'integrals are not supported'], ['oint', 'integrals are not supported'],
  ['lim', 'limits are not supported'], ['prod', 'products \\prod are not supported'], ['partial', "a partial derivative is read only as a whole name, \\frac{\\partial L}{\\partial x}"],
  ['nabla', 'the gradient operator \\nabla is not supported; name the gradient, e.g. \\frac{\\partial L}{\\partial x}'],
  ['det', 'determinants are not supported'], ['otimes', 'the Kronecker product \\otimes is not supported; for an outer product write x y^\\top'],
  ['le', 'comparisons are not supported'], ['leq', 'comparisons are not supported'], ['ge', 'comparisons are not supported'], ['geq', 'comparisons are not supported'],
  ['neq', 'comparisons are not supported'], ['approx', 'comparisons are not supported'], ['to', 'arrows are not supported'], ['rightarrow', 'arrows are not supported'],
  ['mapsto', 'arrows are not supported'], ['in', 'set membership is not supported'], ['forall', 'quantifiers are not supported'], ['exists', 'quantifiers are not supported'],
  ['div', '\\div is not supported; write \\frac{a}{b}'], ['pm', '\\pm is not supported'], ['mp', '\\mp is not supported'], ['ldots', 'ellipses are not supported'],
  ['cdots', 'ellipses are not supported'], ['dots', 'ellipses are not supported'], ['vdots', 'ellipses are not supported'], ['ddots', 'ellipses are not supported'],
  ['max', ''], // placeholder, replaced by the function table when \max is a function
]);

/** Superscripts that mean a transpose. */
const TRANSPOSE_MARKS = new Set(['\\top', 'T', '\\intercal', '\\mathsf{T}', '\\mathrm{T}', '\\mathsf{\\top}']);

/** Environments read as matrices. */
const MATRIX_ENVS = new Set(['bmatrix', 'pmatrix', 'matrix', 'Bmatrix', 'smallmatrix']);

/** `{\partial` after `\frac`: the fraction is a name, `\frac{\partial L}{\partial x}` (checked without reading the argument). */
const PARTIAL = /\s*\{\s*\\partial(?![A-Za-z])/y;

/** `{d}{d` or `{\mathrm{d}}{\mathrm{d}` after `\frac`: the derivative operator `\frac{d}{dx}` (checked without reading the arguments). */
const D_OPERATOR = /\s*\{\s*(?:d|\\mathrm\s*\{\s*d\s*\})\s*\}\s*\{\s*(?:d|\\mathrm\s*\{\s*d\s*\})/y;

/** A superscript that names (a layer): `(1)`, `(l)`, `(l+1)`, `(L-1)`, `(i,j)`. */
const INDEX_SUPERSCRIPT = /^\([A-Za-z0-9]+(?:[+-][A-Za-z0-9]+)?(?:,[A-Za-z0-9]+)*\)$/;

/** A name read from the text: its canonical form and the parts that make it. */
interface ReadName {
  key: string;
  base: string;
  primes: number;
  sub?: string;
  sup?: string;
  start: number;
  end: number;
}

const compose = (n: { base: string; primes: number; sub?: string | undefined; sup?: string | undefined }) =>
  `${n.base}${"'".repeat(n.primes)}${n.sub !== undefined ? `_{${n.sub}}` : ''}${n.sup !== undefined ? `^{${n.sup}}` : ''}`;

/** Fonts that do not change which symbol a letter is for a reader (`\mathbf{v}`, `\vec{v}` and `v`): a name under one is suggested for the other. */
const FONT_WRAPPER = /\\(?:mathbf|boldsymbol|bm|mathsf|mathit|mathtt|vec|mathrm)\{([^{}]*)\}/g;

/** A canonical name without its fonts (`\mathbf{Y}` → `Y`, `\vec{v}_{i}` → `v_{i}`), for suggestions. */
export function bareLatexName(key: string): string {
  let out = key;
  for (let prev = ''; prev !== out; ) (prev = out), (out = out.replace(FONT_WRAPPER, '$1'));
  return out;
}

/** The Heaviside step as tracegrad prints a step whose value at 0 is not 0 (`H\left(x - y\right)` in the rules of max and min): ½ at 0. */
const HEAVISIDE: LatexFunction = { head: 'H', op: stepOp, arity: 1, build: ([x]) => step(x!, 0.5) };

/** An identifier for a variable made from a LaTeX name (`W^{(1)}` → `W_1`). */
function identifierFor(key: string, taken: (id: string) => boolean): string {
  const words = key.replace(/\\(mathrm|mathbf|boldsymbol|mathcal|mathbb|mathsf|mathit|mathtt|bm|vec)\b/g, '').match(/[A-Za-z]+|[0-9]+/g) ?? ['v'];
  let id = words.join('_');
  if (!/^[A-Za-z_]/.test(id)) id = `v_${id}`;
  let k = 2;
  const base = id;
  while (taken(id)) id = `${base}_${k++}`;
  return id;
}

/**
 * The canonical key of a binding's name: an identifier or a label is read as tracegrad prints
 * it (`w0` → `w_{0}`, `theta` → `\theta`, `loss` → `\mathrm{loss}`, `λ` → `\lambda`), a LaTeX name as written;
 * both through the name reader, so `W^{ (1) }` and `W^{(1)}` are one key.
 */
export function latexNameKey(name: string): string {
  // A label without LaTeX markup as tracegrad prints it when it is a name (`λ` → `\lambda`).
  const printed = /[\\^_{}]/.test(name) ? undefined : nameOf(name);
  const latex = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? latexName(name) : printed && !printed.plain ? printed.latex : name;
  const lx = new LatexLexer(latex);
  const t = lx.next();
  // A binding's name is one name with every script it has (`z_j^l`).
  const read = t.kind === 'end' ? undefined : readNameAt(lx, t, () => true);
  if (read && lx.peek().kind === 'end') return read.key;
  return canonicalPiece(latex);
}

/** True when `text` is one LaTeX name (`W^{(1)}`, `\\delta_{j}`, `x`), as a binding's name is read. */
export function isLatexName(text: string): boolean {
  const lx = new LatexLexer(text);
  const t = lx.next();
  return t.kind !== 'end' && readNameAt(lx, t, () => true) !== undefined && lx.peek().kind === 'end';
}

/**
 * Reads a name starting at token `t` (a letter, a symbol command, an accent or a font), with
 * its primes, subscript and parenthesised superscript; `known(key)` says whether a longer
 * name (with a superscript such as `^{T}` or `^{l}`) is one the caller knows. Undefined when
 * `t` starts no name.
 */
/** The longest superscript read as part of a name. */
const MAX_NAME_SCRIPT = 128;

function readNameAt(lx: LatexLexer, t: LatexToken, known: (key: string) => boolean): ReadName | undefined {
  let base: string;
  if (t.kind === 'letter') base = t.text;
  else if (t.kind === 'cmd' && isSymbolCommand(t.text)) base = `\\${t.text}`;
  else if (t.kind === 'cmd' && (isAccent(t.text) || MATH_FONTS.has(t.text) || WORD_FONTS.has(t.text))) {
    const arg = lx.rawArgument();
    if (!arg) return undefined;
    const word = WORD_FONTS.has(t.text) ? 'mathrm' : t.text;
    base = `\\${word}{${canonicalPiece(arg.text)}}`;
  } else return undefined;
  const name: ReadName = { key: '', base, primes: 0, start: t.start, end: lx.pos };
  for (;;) {
    const save = lx.pos;
    const next = lx.next(true);
    if (next.kind === 'char' && next.text === "'") {
      name.primes++;
      name.end = lx.pos;
      continue;
    }
    if (next.kind === 'cmd' && next.text === 'prime') {
      name.primes++;
      name.end = lx.pos;
      continue;
    }
    if (next.kind === 'char' && next.text === '_' && name.sub === undefined) {
      const arg = lx.rawArgument();
      if (!arg) {
        lx.pos = save;
        break;
      }
      name.sub = canonicalPiece(arg.text);
      name.end = lx.pos;
      continue;
    }
    if (next.kind === 'char' && next.text === '^' && name.sup === undefined) {
      const argStart = lx.pos;
      // A name's superscript is short (`^{(1)}`, `^{T}`): reading and trying the whole of a
      // long one at every level made `x^{x^{…}}` quadratic (10⁴ levels: 16 s).
      let arg = lx.rawArgument(MAX_NAME_SCRIPT);
      if (arg && arg.text === '(') {
        // `W^(1)`: a superscript in parentheses without braces.
        const close = lx.text.indexOf(')', lx.pos);
        if (close > 0) {
          arg = { text: lx.text.slice(arg.start, close + 1), start: arg.start, end: close + 1 };
          lx.pos = close + 1;
        }
      }
      if (arg) {
        const piece = canonicalPiece(arg.text);
        const withSup = compose({ ...name, sup: piece });
        if (known(withSup) || (base !== 'e' && name.primes === 0 && INDEX_SUPERSCRIPT.test(piece))) {
          name.sup = piece;
          name.end = lx.pos;
          continue;
        }
        // `z^l_j`: the superscript belongs to the name when the name with both scripts is known.
        if (name.sub === undefined) {
          const afterSup = lx.pos;
          const u = lx.next(true);
          const subArg = u.kind === 'char' && u.text === '_' ? lx.rawArgument() : undefined;
          if (subArg) {
            const sub = canonicalPiece(subArg.text);
            if (known(compose({ ...name, sub, sup: piece }))) {
              name.sub = sub;
              name.sup = piece;
              name.end = lx.pos;
              continue;
            }
          }
          lx.pos = afterSup;
        }
      }
      lx.pos = argStart;
      lx.pos = save;
      break;
    }
    lx.pos = save;
    break;
  }
  name.key = compose(name);
  return name;
}

/** The parser's state: the text, the bindings by key, the stacks, the names made. */
class LatexParser {
  private readonly lx: LatexLexer;
  private readonly operands: Val[] = [];
  private readonly frames: Frame[] = [];
  private readonly bound = new Map<string, { name: string; value: TensorLike | Node }>();
  readonly symbols = new Map<string, Node>();
  readonly spans = new Map<Node, readonly [number, number]>();
  private readonly ids = new Set<string>();
  /** How many `\sum` frames are open (names are looked up as summation indices only then). */
  private sums = 0;
  /** Whether the next token may be one digit only (an unbraced script). */
  private single = false;
  /** Whether the result stands for a uniform tensor of unwritten size. */
  uniform = false;

  constructor(private readonly text: string, bindings: LatexBindings, private readonly options: LatexParseOptions = {}) {
    this.lx = new LatexLexer(text);
    const entries: [string, TensorLike | Node][] = bindings instanceof Map ? [...bindings] : Object.keys(bindings).map((k) => [k, (bindings as Record<string, TensorLike | Node>)[k]!]);
    for (const [name, value] of entries) {
      if (typeof name !== 'string' || name.trim() === '') throw new ArgumentError(`parseLatex: a binding's name is a non-empty string; got ${describeValue(name)}`);
      const key = latexNameKey(name);
      const prev = this.bound.get(key);
      if (prev) throw new ArgumentError(`parseLatex: the bindings '${prev.name}' and '${name}' name the same symbol ${key}; give it once`);
      this.bound.set(key, { name, value });
    }
  }

  // -------------------------------------------------------------------------------------
  // Errors.

  fail(at: number, problem: string, hint?: string): never {
    const col = at + 1;
    throw new ParseError(`${excerpt(this.text, col)} : ${problem} at column ${col}${hint ? `; ${hint}` : ''}`, col);
  }

  /** An error from building a node (a shape that does not fit), located at `at`. */
  private located(at: number, e: unknown): never {
    if (e instanceof ParseError && e.column !== undefined) throw e;
    if (e instanceof TracegradError) {
      const col = at + 1;
      const Cls = e instanceof ShapeError ? ShapeError : e instanceof ArgumentError ? ArgumentError : ParseError;
      const err = Cls === ParseError ? new ParseError(`${excerpt(this.text, col)} : ${e.message} at column ${col}`, col) : new Cls(`${excerpt(this.text, col)} : ${e.message} at column ${col}`);
      throw err;
    }
    throw e;
  }

  private build(at: number, f: () => Node): Node {
    try {
      return f();
    } catch (e) {
      return this.located(at, e);
    }
  }

  // -------------------------------------------------------------------------------------
  // Operands.

  private push(v: Val): void {
    if (v.node && !this.spans.has(v.node)) this.spans.set(v.node, [v.start, v.end]);
    this.operands.push(v);
  }

  private val(node: Node, start: number, end: number, like?: Val, other?: Val): Val {
    const row = node.rank === 1 ? (like?.node?.rank === 1 ? like.row : other?.node?.rank === 1 ? other.row : false) : false;
    const uniform = node.rank === 0 && [like, other].some((v) => v && (v.uniform || (v.ones && !v.row)));
    return { node, row, start, end, ...(uniform && { uniform }) };
  }

  private need(v: Val, at: number, what: string): Node {
    if (v.ones) {
      // A column of ones (times a scalar) whose length is not written: the scalar, which broadcasts.
      if (!v.row) return v.scale ?? constant(1);
      this.fail(v.start, '\\mathbf{1}^\\top (a row of ones) is read only in a product, \\mathbf{1}^\\top X (the sums of the columns of X)', what);
    }
    return v.node!;
  }

  /** The node a name stands for: a summation index, a binding, a constant, or a new variable. */
  private resolve(name: ReadName): Val {
    const span = { start: name.start, end: name.end, name: true };
    // Inside \sum_i, x_i is x (summed over its first axis).
    if (name.sub !== undefined && this.sums > 0) {
      for (let k = this.frames.length - 1; k >= 0; k--) {
        const f = this.frames[k]!;
        if (f.kind !== 'op' || f.op !== 'sum' || f.index !== name.sub) continue;
        const baseKey = compose({ ...name, sub: undefined });
        const node = this.lookup(baseKey);
        if (!node) this.fail(name.start, `${name.key}: ${baseKey} has no value`, 'a symbol indexed by the sum is a bound tensor');
        if (node.rank < 1) this.fail(name.start, `${name.key}: ${baseKey} is a scalar`, `the index ${name.sub} runs over the first axis of a tensor`);
        this.useSum(f, node);
        return { node, row: false, ...span };
      }
    }
    const known = this.lookup(name.key);
    if (known) return { node: known, row: false, ...span };
    if (name.key === '\\pi') return { node: namedConstant('pi'), row: false, ...span };
    if (name.key === 'e') return { node: namedConstant('e'), row: false, isE: true, ...span };
    if (name.key === '\\mathbf{1}' || name.key === '\\boldsymbol{1}' || name.key === '\\mathbb{1}') return { node: undefined, ones: true, row: false, ...span };
    // The zero vector (a gradient that is zero) is the number 0, which broadcasts.
    if (name.key === '\\mathbf{0}' || name.key === '\\boldsymbol{0}') return { node: constant(0), row: false, uniform: true, ...span };
    // A value that is not a number, as tracegrad prints a folded NaN.
    if (name.key === '\\mathrm{NaN}') return { node: constant(NaN), row: false, ...span };
    this.unbound(name);
    if (/^\\frac\{/.test(name.key)) this.fail(name.start, `${name.key} has no value`, 'bind it to the quantity it names');
    const id = identifierFor(name.key, (s) => this.ids.has(s));
    this.ids.add(id);
    const v = variable(id, undefined, { label: name.key });
    this.symbols.set(name.key, v);
    return { node: v, row: false, ...span };
  }

  /**
   * A name that is not bound: in a closed parse an error ("unknown name"), and in any parse an
   * error when only a font tells it from a bound name (`\vec{v}` with `v` bound), which a new
   * variable would shadow unseen.
   */
  private unbound(name: ReadName): void {
    const keys = [...this.bound.keys()];
    const near = nearestName(name.key, keys, bareLatexName);
    if (this.options.closed) {
      const list = keys.length > 24 ? `${keys.slice(0, 24).join(', ')}, …` : keys.join(', ');
      this.fail(name.start, `unknown name '${name.key}'${near ? ` (did you mean ${near}?)` : ''}`, keys.length ? `the names it may use: ${list}` : 'it may use no names');
    }
    if (near !== undefined && bareLatexName(near) === bareLatexName(name.key)) {
      this.fail(name.start, `${name.key} is not bound (did you mean ${near}?)`, `the bindings name ${near}; a font or \\vec makes another name`);
    }
  }

  /**
   * The body of a `\sum` uses its index on `x`: numeric limits must cover the first axis of
   * `x` (1 to n, or 0 to n − 1), since the sum is read over the whole axis.
   */
  private useSum(f: OpFrame, x: Node): void {
    f.used = true;
    const lim = f.limits;
    if (!lim) return;
    const n = x.shape[0]!;
    const { lower, upper } = lim;
    const whole = upper === undefined ? lower === undefined || lower === 0 || lower === 1 : ((lower === undefined || lower === 1) && upper === n) || (lower === 0 && upper === n - 1);
    if (!whole) {
      this.fail(f.start, `the limits of \\sum${lim.text} do not cover the axis of length ${n} that ${f.index} runs over`, `a sum is read over a whole axis: write \\sum_{${f.index}=1}^{${n}} (or \\sum_{${f.index}=0}^{${n - 1}}, or \\sum_{${f.index}}); a part of an axis is not read`);
    }
  }

  /** A name already made in this parse, or bound. */
  private lookup(key: string): Node | undefined {
    const made = this.symbols.get(key);
    if (made) return made;
    const b = this.bound.get(key);
    if (!b) return undefined;
    let node: Node;
    if (isNode(b.value)) node = b.value;
    else {
      const t = toTensor(`parseLatex: '${b.name}'`, b.value);
      if (!t.data.every(Number.isFinite)) throw new ArgumentError(`parseLatex: the value of '${b.name}' is not finite; values must be finite numbers`);
      const id = /^[A-Za-z_][A-Za-z0-9_]*$/.test(b.name) && !this.ids.has(b.name) ? b.name : identifierFor(key, (s) => this.ids.has(s));
      this.ids.add(id);
      node = variable(id, t, id === b.name ? {} : { label: key });
    }
    this.symbols.set(key, node);
    return node;
  }

  private isKnown = (key: string): boolean => this.symbols.has(key) || this.bound.has(key);

  // -------------------------------------------------------------------------------------
  // Reductions.

  private reduceOp(f: OpFrame): void {
    if (f.unary) {
      const a = this.operands.pop()!;
      const start = Math.min(f.start, a.start);
      if (f.op === 'plus') return this.push({ ...a, start });
      if (f.op === 'neg') {
        const x = this.need(a, f.start, 'negate the sum instead');
        return this.push(this.val(this.build(f.start, () => neg(x)), start, a.end, a));
      }
      if (f.op === 'sum') {
        this.sums--;
        if (!f.used) this.fail(f.start, `the index ${f.index} of the sum does not appear as a subscript in its body`, `write e.g. \\sum_{${f.index}} x_{${f.index}}`);
        const x = this.need(a, f.start, 'sum the body instead');
        return this.push(this.val(this.build(f.start, () => (x.rank === 0 ? x : sum(x, 0))), start, a.end, a));
      }
      // A function applied to the next factor (\sin x).
      return this.push(this.apply(f.fn!, f.primes ?? 0, [a], f.start, start, a.end));
    }
    const b = this.operands.pop()!, a = this.operands.pop()!;
    const start = a.start, end = b.end;
    switch (f.op) {
      case 'add':
      case 'sub': {
        const x = this.need(a, f.start, 'it cannot be added'), y = this.need(b, f.start, 'it cannot be added');
        return this.push(this.val(this.build(f.start, () => (f.op === 'add' ? add(x, y) : sub(x, y))), start, end, a, b));
      }
      case 'odot': {
        const x = this.need(a, f.start, 'use a product'), y = this.need(b, f.start, 'use a product');
        return this.push(this.val(this.build(f.start, () => mul(x, y)), start, end, a, b));
      }
      case 'div': {
        const x = this.need(a, f.start, 'it cannot be divided'), y = this.need(b, f.start, 'it cannot divide');
        return this.push(this.val(this.build(f.start, () => div(x, y)), start, end, a, b));
      }
      case 'pow': {
        const y = this.need(b, f.start, 'it cannot be an exponent');
        if (a.isE) return this.push(this.val(this.build(f.start, () => exp(y)), start, end, b));
        const x = this.need(a, f.start, 'it cannot be raised to a power');
        if (x.rank >= 2 && y.isConstant && y.rank === 0 && y.leaf!.value!.data[0] === -1) {
          this.fail(f.start, 'a matrix inverse (^{-1}) is not supported', 'the power ^ is elementwise here');
        }
        return this.push(this.val(this.build(f.start, () => pow(x, y)), start, end, a));
      }
      case 'gt': {
        const x = this.need(a, f.start, 'compare a value');
        const y = this.need(b, f.start, 'compare with 0');
        if (!(y.isConstant && y.rank === 0 && y.leaf!.value!.data[0] === 0)) this.fail(f.start, "only 'x > 0' is read inside \\mathbb{1}[…] (the step function)");
        return this.push({ node: undefined, positive: x, row: false, start, end });
      }
      case 'times':
        return this.push(this.product(a, b, f.start));
      default:
        return this.fail(f.start, `the operator is not supported`);
    }
  }

  /** A product written by juxtaposition, `\cdot`, `\times` or `*`. */
  private product(a: Val, b: Val, at: number): Val {
    const start = a.start, end = b.end;
    if (a.ones && b.ones) this.fail(a.start, 'a product of two \\mathbf{1} vectors (\\mathbf{1}^\\top \\mathbf{1} is the number of elements of a vector of ones whose length is not written) is not read', 'write the number');
    // A scalar times the ones: the factor waits for the sum.
    if ((a.ones && b.node?.rank === 0) || (b.ones && a.node?.rank === 0)) {
      const ones = a.ones ? a : b, k = (a.ones ? b : a).node!;
      const scale = ones.scale;
      return { ...ones, scale: scale ? this.build(at, () => mul(scale, k)) : k, start, end };
    }
    const scaled = (v: Val, from: Val): Val => (from.scale && v.node ? { ...v, node: this.build(at, () => mul(from.scale!, v.node!)) } : v);
    if (a.ones) return scaled(this.sumOnes(a, b, at, start, end), a);
    if (b.ones) return scaled(this.sumOnes(a, b, at, start, end), b);
    return this.plainProduct(a, b, at, start, end);
  }

  /** `\mathbf{1}^\top X` or `X \mathbf{1}`: a sum. */
  private sumOnes(a: Val, b: Val, at: number, start: number, end: number): Val {
    if (a.ones) {
      if (!a.row) this.fail(a.start, '\\mathbf{1} on the left of a product must be transposed', 'write \\mathbf{1}^\\top X for the sums of the columns of X');
      const x = b.node!;
      const out = this.build(at, () => (x.rank <= 1 ? sum(x) : sum(x, 0)));
      return { node: out, row: out.rank === 1, start, end };
    }
    if (b.row) this.fail(b.start, '\\mathbf{1}^\\top on the right of a product is not supported', 'write X \\mathbf{1} for the sums of the rows of X');
    const x = a.node!;
    if (x.rank === 1 && !a.row) this.fail(b.start, 'a column vector times \\mathbf{1} is not supported', 'write \\mathbf{1}^\\top x for the sum of x');
    return this.val(this.build(at, () => (x.rank <= 1 ? sum(x) : sum(x, x.rank - 1))), start, end);
  }

  /** A product of two tensors. */
  private plainProduct(a: Val, b: Val, at: number, start: number, end: number): Val {
    const x = a.node!, y = b.node!;
    if (x.rank === 0 || y.rank === 0) return this.val(this.build(at, () => mul(x, y)), start, end, x.rank === 0 ? b : a, x.rank === 0 ? a : b);
    if (x.rank === 1 && y.rank === 1) {
      // A column times a row is their outer product; so is a product of vectors of different
      // lengths, which has no other reading (tracegrad prints x (yᵀ)ᵀ-like forms of it).
      if ((!a.row && b.row) || x.shape[0] !== y.shape[0]) return this.val(this.build(at, () => matmul(reshape(x, [x.shape[0]!, 1]), reshape(y, [1, y.shape[0]!]))), start, end);
      return this.val(this.build(at, () => matmul(x, y)), start, end);
    }
    const out = this.build(at, () => matmul(x, y));
    return { node: out, row: out.rank === 1 && x.rank === 1, start, end };
  }

  /** A function call (with `primes` primes: its derivative). */
  private apply(fn: LatexFunction, primes: number, args: readonly Val[], at: number, start: number, end: number): Val {
    if (fn.variadic ? args.length < 1 : args.length !== fn.arity) this.fail(at, `${fn.head} takes ${fn.variadic ? 'one argument or more' : `${fn.arity} argument${fn.arity === 1 ? '' : 's'}`}, got ${args.length}`);
    const nodes = args.map((a) => this.need(a, a.start, 'give a tensor'));
    if (primes > 0) {
      if (fn.arity !== 1 || fn.variadic || fn.op.elementwise !== true) this.fail(at, `${fn.head}' : only the derivative of an elementwise function of one argument is read`);
      if (primes > 1) this.fail(at, `${fn.head}${"'".repeat(primes)}: only first derivatives are read`);
      const u = nodes[0]!;
      return this.val(this.build(at, () => grad(sum(fn.build([u])), u)), start, end, args[0]);
    }
    return this.val(this.build(at, () => fn.build(nodes)), start, end, args[0]);
  }

  /** Reduces operators down to the innermost group (or the bottom); returns that group. */
  private reduceGroup(): GroupFrame | undefined {
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (!top || top.kind === 'group') return top;
      this.frames.pop();
      this.reduceOp(top);
    }
  }

  private pushBinary(op: OpKind, prec: number, right: boolean, t: { start: number; end: number }): void {
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (!top || top.kind !== 'op' || !(top.prec > prec || (top.prec === prec && !right))) break;
      this.frames.pop();
      this.reduceOp(top);
    }
    this.frames.push({ kind: 'op', op, prec, right, unary: false, start: t.start, end: t.end });
  }

  private openGroup(role: GroupRole, close: string, left: boolean, start: number, extra: Partial<GroupFrame> = {}): void {
    this.frames.push({ kind: 'group', role, close, left, start, ...extra });
  }

  /** Closes the innermost group with the value inside it; returns whether an operand is expected next. */
  private closeGroup(g: GroupFrame, end: number, empty: boolean): boolean {
    this.closeGroupWith(g, end, empty);
    return this.frames.length > 0 && this.frames[this.frames.length - 1] === this.reopened;
  }

  /** The frame a close reopened for a second argument (`\frac`'s denominator, `\sqrt`'s radicand) while it waits for `{`. */
  private reopened: Frame | undefined;

  private closeGroupWith(g: GroupFrame, end: number, empty: boolean): void {
    this.reopened = undefined;
    this.frames.pop();
    if (g.role === 'call') {
      const args = g.args ?? [];
      if (!empty) args.push(this.operands.pop()!);
      return this.push(this.apply(g.fn!, g.primes ?? 0, args, g.start, g.start, end));
    }
    if (empty) this.fail(g.start, 'an empty group has no value');
    const v = this.operands.pop()!;
    switch (g.role) {
      case 'paren':
      case 'brace':
        return this.push({ ...v, start: g.start, end, isE: false, bracket: false });
      case 'bracket':
        return this.push({ ...v, start: g.start, end, isE: false, bracket: true });
      case 'abs': {
        const x = this.need(v, g.start, 'take the absolute value of a tensor');
        return this.push(this.val(this.build(g.start, () => abs(x)), g.start, end, v));
      }
      case 'norm': {
        const x = this.need(v, g.start, 'take the norm of a tensor');
        return this.push(this.val(this.build(g.start, () => norm(x)), g.start, end));
      }
      case 'indicator': {
        if (!v.positive) this.fail(g.start, '\\mathbb{1}[…] is read as the step function: write \\mathbb{1}\\left[x > 0\\right]');
        const x = v.positive;
        return this.push(this.val(this.build(g.start, () => step(x)), g.start, end));
      }
      case 'frac': {
        if (!g.numerator) {
          // The numerator is read; the denominator follows.
          this.frames.push({ ...g, numerator: { ...v, start: v.start, end } });
          this.expectArgument('the denominator of \\frac');
          return;
        }
        const a = g.numerator;
        const x = this.need(a, a.start, 'it cannot be divided'), y = this.need(v, v.start, 'it cannot divide');
        return this.push(this.val(this.build(g.start, () => div(x, y)), g.start, end, a, v));
      }
      case 'sqrt-index': {
        const k = this.need(v, v.start, 'give a number');
        if (!(k.isConstant && k.rank === 0)) this.fail(v.start, 'the index of a root must be a number');
        this.frames.push({ kind: 'group', role: 'sqrt', close: '}', left: false, start: g.start, index: v });
        this.expectArgument('the argument of \\sqrt');
        return;
      }
      case 'sqrt': {
        const x = this.need(v, v.start, 'take the root of a tensor');
        const k = g.index?.node;
        return this.push(this.val(this.build(g.start, () => (k ? nthRoot(x, k.leaf!.value!.data[0]!) : sqrt(x))), g.start, end, v));
      }
      default:
        return this.fail(g.start, 'this group cannot be closed here');
    }
  }

  /** The next token must open a braced argument (or be a single digit or letter, as TeX reads `\frac12`). */
  private expectArgument(what: string): void {
    const t = this.lx.peek(true);
    if (t.kind === 'char' && t.text === '{') {
      this.lx.next(true);
      const g = this.frames.pop() as GroupFrame;
      // The frame that takes the argument becomes a group closed by '}'.
      const open: GroupFrame = { ...g, close: '}', left: false };
      this.frames.push(open);
      this.reopened = open;
      return;
    }
    if (t.kind === 'num' || t.kind === 'letter') {
      this.lx.next(true);
      const node = t.kind === 'num' ? constant(Number(t.text)) : undefined;
      const v: Val = node ? { node, row: false, start: t.start, end: t.end } : this.resolve({ key: t.text, base: t.text, primes: 0, start: t.start, end: t.end });
      this.push(v);
      const g = this.frames[this.frames.length - 1] as GroupFrame;
      this.closeGroup(g, t.end, false);
      return;
    }
    this.fail(t.start, `${what} must be in braces {…}`);
  }

  // -------------------------------------------------------------------------------------
  // The main loop.

  run(): Node {
    if (this.text.trim() === '') throw new ParseError('parseLatex: the expression is empty', 1);
    let expectOperand = true;
    for (;;) {
      const t = this.lx.next(this.single);
      this.single = false;
      if (expectOperand) {
        if (t.kind === 'end') {
          const open = this.frames[this.frames.length - 1];
          if (open?.kind === 'group') this.fail(open.start, `${opener(open)} opened here is not closed`, 'a value was expected');
          return this.fail(t.start, 'a value was expected');
        }
        if (this.closesEmpty(t)) {
          expectOperand = false;
          continue;
        }
        expectOperand = this.operand(t);
        continue;
      }
      // An operand is complete.
      if (t.kind === 'end') {
        const g = this.reduceGroup();
        if (g) this.fail(g.start, `${opener(g)} opened here is not closed`);
        const v = this.operands.pop()!;
        if (v.positive) this.fail(v.start, "'>' is read only inside \\mathbb{1}[…]");
        const node = this.need(v, v.start, 'give an expression');
        this.uniform = node.rank === 0 && (v.uniform === true || (v.ones === true && !v.row));
        return node;
      }
      expectOperand = this.afterOperand(t);
    }
  }

  /** A closer right after an opener: an empty call `f()` or an empty group. */
  private closesEmpty(t: LatexToken): boolean {
    const top = this.frames[this.frames.length - 1];
    if (!top || top.kind !== 'group' || top.role !== 'call' || (top.args?.length ?? 0) > 0) return false;
    if (!this.isCloser(t, top)) return false;
    this.closeGroup(top, t.end, true);
    return true;
  }

  private isCloser(t: LatexToken, g: GroupFrame): boolean {
    if (g.left) return t.kind === 'cmd' && t.text === 'right';
    if (t.kind === 'char') return t.text === g.close;
    if (t.kind === 'cmd') return (g.close === '\\|' && (t.text === '|' || t.text === 'rVert' || t.text === 'Vert')) || (g.close === '|' && (t.text === 'rvert' || t.text === 'vert'));
    return false;
  }

  /** Reads a token where an operand is expected; returns whether an operand is still expected. */
  private operand(t: LatexToken): boolean {
    if (t.kind === 'num') {
      const second = t.text.indexOf('.', t.text.indexOf('.') + 1);
      if (second >= 0) this.fail(t.start + second, `the number ${t.text.slice(0, 40)} has two decimal points`, 'a number has at most one (1.25); for a product write 1.2 \\cdot 0.3');
      const v = Number(t.text);
      if (!Number.isFinite(v)) this.fail(t.start, `the number ${t.text.slice(0, 40)} is too large for float64`, 'numbers must be finite');
      this.push({ node: constant(v), row: false, start: t.start, end: t.end });
      return false;
    }
    if (t.kind === 'char') {
      switch (t.text) {
        case '-':
          this.frames.push({ kind: 'op', op: 'neg', prec: PREC.unary, right: true, unary: true, start: t.start, end: t.end });
          return true;
        case '+':
          this.frames.push({ kind: 'op', op: 'plus', prec: PREC.unary, right: true, unary: true, start: t.start, end: t.end });
          return true;
        case '(':
          this.openGroup('paren', ')', false, t.start);
          return true;
        case '[':
          this.openGroup('bracket', ']', false, t.start);
          return true;
        case '{':
          this.openGroup('brace', '}', false, t.start);
          return true;
        case '|':
          this.openGroup('abs', '|', false, t.start);
          return true;
        default:
          return this.unexpected(t);
      }
    }
    if (t.kind === 'letter') return this.name(t);
    if (t.kind === 'cmd') return this.command(t);
    return this.unexpected(t);
  }

  private unexpected(t: LatexToken): never {
    if (t.kind === 'end') this.fail(t.start, 'unexpected end of expression', 'a value was expected');
    const shown = t.kind === 'cmd' ? `\\${t.text}` : t.text;
    if (t.kind === 'char' && t.text === '=') this.fail(t.start, "an equation ('=') is not an expression", 'give the right-hand side only');
    if (t.kind === 'char' && (t.text === '<' || t.text === '>')) this.fail(t.start, `comparisons ('${t.text}') are not supported`);
    if (t.kind === 'char' && t.text === '!') this.fail(t.start, "factorials ('!') are not supported");
    if (t.kind === 'char' && t.text === '&') this.fail(t.start, "'&' is read only inside a matrix (\\begin{bmatrix}…\\end{bmatrix})");
    if (t.kind === 'cmd' && t.text === '\\') this.fail(t.start, "'\\\\' is read only inside a matrix (\\begin{bmatrix}…\\end{bmatrix})");
    if (t.kind === 'char' && (t.text === '_' || t.text === '^')) this.fail(t.start, `unexpected '${t.text}'`, 'a subscript or superscript follows a name or a group');
    if (t.kind === 'char' && t.text.charCodeAt(0) > 127) this.fail(t.start, `unexpected character '${t.text}'`, 'write LaTeX commands (\\sigma, \\cdot, \\odot) instead');
    return this.fail(t.start, `unexpected '${shown.slice(0, 40)}'`);
  }

  /** A letter: a name (with its scripts), or Euler's e. */
  private name(t: LatexToken): boolean {
    const n = readNameAt(this.lx, t, this.isKnown)!;
    // `H(x)`, `H\left(x\right)`: the Heaviside step, as tracegrad prints it, unless H is a name of the caller.
    if (n.key === 'H' && !this.isKnown('H') && this.opensParenthesis()) return this.call(t, HEAVISIDE, 0);
    this.push(this.resolve(n));
    return false;
  }

  /** Whether the next token is `(` or `\left(`. */
  private opensParenthesis(): boolean {
    const save = this.lx.pos;
    let t = this.lx.next();
    if (t.kind === 'cmd' && t.text === 'left') t = this.lx.next();
    this.lx.pos = save;
    return t.kind === 'char' && t.text === '(';
  }

  /** Reads a function's head after its first token: subscript (a base), primes. */
  private functionHead(t: LatexToken, baseHead: string): { fn: LatexFunction; primes: number } | undefined {
    const table = latexFunctions();
    const lower = baseHead.toLowerCase();
    if (![...table.keys()].some((k) => k.toLowerCase() === lower || k.startsWith(`${baseHead}_{`))) return undefined;
    let head = baseHead;
    let primes = 0;
    let axes: { list: number[]; at: number } | undefined;
    const save = this.lx.pos;
    // A head of two words (`\log\operatorname{softmax}`).
    const word = this.lx.peek();
    if (word.kind === 'cmd' && WORD_FONTS.has(word.text)) {
      const before = this.lx.pos;
      this.lx.next();
      const arg = this.lx.rawArgument();
      const longer = arg ? `${head}\\mathrm{${canonicalPiece(arg.text)}}` : '';
      if (arg && table.has(longer)) head = longer;
      else this.lx.pos = before;
    }
    for (;;) {
      const s2 = this.lx.pos;
      const n = this.lx.next(true);
      if (n.kind === 'char' && n.text === '_' && !head.includes('_') && axes === undefined) {
        const arg = this.lx.rawArgument();
        if (!arg) {
          this.lx.pos = s2;
          break;
        }
        const piece = canonicalPiece(arg.text);
        // The axes a reduction or a softmax runs over, as tracegrad prints them: \operatorname{mean}_{\mathrm{axis}\,0}.
        const m = /^\\mathrm\{axis\}((?:-?\d+,)*-?\d+)$/.exec(piece);
        if (m) axes = { list: m[1]!.split(',').map(Number), at: n.start };
        else head = `${head}_{${piece}}`;
        continue;
      }
      if ((n.kind === 'char' && n.text === "'") || (n.kind === 'cmd' && n.text === 'prime')) {
        primes++;
        continue;
      }
      if (n.kind === 'char' && n.text === '^') {
        const arg = this.lx.rawArgument();
        const piece = arg ? canonicalPiece(arg.text) : '';
        if (piece === '\\prime' || piece === "'") {
          primes++;
          continue;
        }
        this.fail(n.start, `a power of a function (${head}^{${piece}}) is not read`, `write (${head}(x))^{${piece}}`);
      }
      this.lx.pos = s2;
      break;
    }
    const fn = table.get(head) ?? table.get(head.toLowerCase());
    if (!fn) {
      this.lx.pos = save;
      return undefined;
    }
    void t;
    return { fn: axes ? this.alongAxes(fn, axes.list, axes.at) : fn, primes };
  }

  /** `fn` over the given axes (`axes` of a reduction, the one `axis` of a softmax); a clear error for an op that takes none. */
  private alongAxes(fn: LatexFunction, axes: readonly number[], at: number): LatexFunction {
    return {
      ...fn,
      build: (args) => {
        const plain = fn.build(args);
        if (Object.hasOwn(plain.attrs, 'axes')) return applyOp(fn.op, args, { ...plain.attrs, axes: [...axes] });
        if (Object.hasOwn(plain.attrs, 'axis') && axes.length === 1) return applyOp(fn.op, args, { ...plain.attrs, axis: axes[0] });
        return this.fail(at, `${fn.head} takes ${Object.hasOwn(plain.attrs, 'axis') ? 'one axis' : 'no axis'}; got _{\\mathrm{axis}\\,${axes.join(',')}}`);
      },
    };
  }

  /** After a function head: a call in parentheses, or the next factor. */
  private call(t: LatexToken, fn: LatexFunction, primes: number): boolean {
    const next = this.lx.peek();
    if (next.kind === 'char' && next.text === '(') {
      this.lx.next();
      this.openGroup('call', ')', false, t.start, { fn, primes, args: [] });
      return true;
    }
    if (next.kind === 'cmd' && next.text === 'left') {
      const save = this.lx.pos;
      this.lx.next();
      const d = this.lx.next();
      if (d.kind === 'char' && d.text === '(') {
        this.openGroup('call', ')', true, t.start, { fn, primes, args: [] });
        return true;
      }
      this.lx.pos = save;
    }
    if (fn.arity !== 1 || fn.variadic) this.fail(t.start, `${fn.head} takes ${fn.variadic ? 'its' : fn.arity} arguments in parentheses`, `write ${fn.head}(a, b)`);
    // `\ln 10`, `\mathrm{ln}\,2`: the constant, as the rules of log10 and log2 print it.
    if (primes === 0 && fn.op === logOp && (fn.head === '\\ln' || fn.head === '\\mathrm{ln}') && next.kind === 'num' && Number(next.text) > 0 && !next.text.includes('.', next.text.indexOf('.') + 1)) {
      this.lx.next();
      const c = constant(Math.log(Number(next.text)), { label: `\\mathrm{ln}\\,${next.text}` });
      this.push({ node: c, row: false, start: t.start, end: next.end });
      return false;
    }
    this.frames.push({ kind: 'op', op: 'fn', prec: PREC.fn, right: true, unary: true, start: t.start, end: t.end, fn, primes });
    return true;
  }

  /** A command where an operand is expected. */
  private command(t: LatexToken): boolean {
    const w = t.text;
    if (w === 'left') {
      const d = this.lx.next();
      const opener = d.kind === 'char' ? d.text : d.kind === 'cmd' ? `\\${d.text}` : '';
      if (opener === '(') this.openGroup('paren', ')', true, t.start);
      else if (opener === '[') this.openGroup('bracket', ']', true, t.start);
      else if (opener === '\\{') this.openGroup('brace', '}', true, t.start);
      else if (opener === '|' || opener === '\\lvert' || opener === '\\vert') this.openGroup('abs', '|', true, t.start);
      else if (opener === '\\|' || opener === '\\lVert' || opener === '\\Vert') this.openGroup('norm', '\\|', true, t.start);
      else this.fail(d.start, `\\left${opener.slice(0, 20)} is not read`, 'delimiters are ( [ | \\| \\lVert \\lvert');
      return true;
    }
    if (w === 'lVert' || w === '|' || w === 'Vert') {
      this.openGroup('norm', '\\|', false, t.start);
      return true;
    }
    if (w === 'lvert' || w === 'vert') {
      this.openGroup('abs', '|', false, t.start);
      return true;
    }
    if (w === 'frac' || w === 'dfrac' || w === 'tfrac') {
      // \frac{\partial L}{\partial x}: a name.
      const save = this.lx.pos;
      PARTIAL.lastIndex = save;
      const num = PARTIAL.test(this.text) ? this.lx.rawArgument() : undefined;
      if (num) {
        const den = this.lx.rawArgument();
        if (!den) this.fail(t.start, '\\frac needs a denominator');
        const key = `\\frac{${canonicalPiece(num.text)}}{${canonicalPiece(den.text)}}`;
        this.push(this.resolve({ key, base: key, primes: 0, start: t.start, end: this.lx.pos }));
        return false;
      }
      this.lx.pos = save;
      // \frac{d}{dx} (or \mathrm{d}): the derivative operator, which would read as a product of names d and x.
      D_OPERATOR.lastIndex = save;
      if (D_OPERATOR.test(this.text) && !this.isKnown('d')) this.fail(t.start, 'the derivative operator \\frac{d}{dx} is not read', 'write the derivative itself (the formula it equals)');
      this.frames.push({ kind: 'group', role: 'frac', close: '}', left: false, start: t.start });
      this.reopened = undefined;
      this.expectArgument('the numerator of \\frac');
      return this.frames.length > 0 && this.frames[this.frames.length - 1] === this.reopened;
    }
    if (w === 'sqrt') {
      const next = this.lx.peek();
      if (next.kind === 'char' && next.text === '[') {
        this.lx.next();
        this.openGroup('sqrt-index', ']', false, t.start);
        return true;
      }
      this.frames.push({ kind: 'group', role: 'sqrt', close: '}', left: false, start: t.start });
      this.reopened = undefined;
      this.expectArgument('the argument of \\sqrt');
      return this.frames.length > 0 && this.frames[this.frames.length - 1] === this.reopened;
    }
    if (w === 'sum') return this.sumSign(t);
    if (w === 'infty') {
      // As tracegrad prints a folded infinity.
      this.push({ node: constant(Infinity), row: false, start: t.start, end: t.end });
      return false;
    }
    if (w === 'begin') {
      const env = this.lx.rawArgument();
      if (!env || !MATRIX_ENVS.has(env.text.trim())) this.fail(t.start, `\\begin{${(env?.text ?? '').slice(0, 20)}} is not read`, 'matrices are \\begin{bmatrix} (or pmatrix, matrix)');
      this.openGroup('matrix', 'end', false, t.start, { env: env.text.trim(), rows: [], row: [] });
      return true;
    }
    if (w === 'mathbb') {
      const save = this.lx.pos;
      const arg = this.lx.rawArgument();
      if (arg && arg.text.trim() === '1') {
        const next = this.lx.next();
        if (next.kind === 'char' && next.text === '[') {
          this.openGroup('indicator', ']', false, t.start);
          return true;
        }
        if (next.kind === 'cmd' && next.text === 'left') {
          const d = this.lx.next();
          if (d.kind === 'char' && d.text === '[') {
            this.openGroup('indicator', ']', true, t.start);
            return true;
          }
        }
        this.fail(t.start, '\\mathbb{1} is read as the step function \\mathbb{1}[x > 0]', 'for a vector of ones write \\mathbf{1}');
      }
      this.lx.pos = save;
    }
    // A function head: a command (\sin, \sigma unless bound), or \operatorname{…} / \mathrm{…} naming one.
    let head: string | undefined;
    const save = this.lx.pos;
    if (WORD_FONTS.has(w)) {
      const arg = this.lx.rawArgument();
      if (arg) head = `\\mathrm{${canonicalPiece(arg.text)}}`;
    } else head = `\\${w}`;
    if (head !== undefined && !(isSymbolCommand(w) && this.isKnown(head))) {
      const found = this.functionHead(t, head);
      if (found) return this.call(t, found.fn, found.primes);
    }
    this.lx.pos = save;
    if (isSymbolCommand(w) || isAccent(w) || MATH_FONTS.has(w) || WORD_FONTS.has(w)) {
      const n = readNameAt(this.lx, t, this.isKnown);
      if (!n) this.fail(t.start, `\\${w} needs an argument in braces`);
      if (WORD_FONTS.has(w) && w === 'operatorname') {
        const next = this.lx.peek();
        if (next.kind === 'char' && next.text === '(') this.fail(t.start, `unknown function ${n.key}`, `known functions: ${latexFunctionHeads().join(' ')}`);
      }
      this.push(this.resolve(n));
      return false;
    }
    const why = UNSUPPORTED.get(w);
    if (why) this.fail(t.start, `\\${w}: ${why}`);
    return this.fail(t.start, `unknown command '\\${w.slice(0, 40)}'`, `known functions: ${latexFunctionHeads().join(' ')}`);
  }

  /** `\sum_{i}` (limits `_{i=1}^{n}` read as the whole axis; numeric ones are checked against it): a prefix over the following product. */
  private sumSign(t: LatexToken): boolean {
    let index: string | undefined;
    let lower: number | undefined, upper: number | undefined, numeric = false;
    const integer = (raw: string | undefined): number | undefined => {
      const piece = raw === undefined ? '' : canonicalPiece(raw);
      return /^-?\d+$/.test(piece) ? Number(piece) : undefined;
    };
    for (;;) {
      const save = this.lx.pos;
      const n = this.lx.next(true);
      if (n.kind === 'char' && (n.text === '_' || n.text === '^')) {
        const arg = this.lx.rawArgument();
        if (!arg) this.fail(n.start, `\\sum${n.text} needs an argument`);
        if (n.text === '_') {
          const [i, from] = arg.text.split('=');
          index = canonicalPiece(i!);
          lower = integer(from);
        } else upper = integer(arg.text);
        numeric ||= (n.text === '_' ? lower : upper) !== undefined;
        continue;
      }
      this.lx.pos = save;
      break;
    }
    if (!index) this.fail(t.start, 'a sum needs its index', 'write \\sum_{i} x_{i}');
    this.sums++;
    const limits = numeric ? { ...(lower !== undefined && { lower }), ...(upper !== undefined && { upper }), text: this.text.slice(t.end, this.lx.pos).trim() } : undefined;
    this.frames.push({ kind: 'op', op: 'sum', prec: PREC.sumOp, right: true, unary: true, start: t.start, end: t.end, index, used: false, ...(limits && { limits }) });
    return true;
  }

  /** A token after a complete operand; returns whether an operand is expected next. */
  private afterOperand(t: LatexToken): boolean {
    if (t.kind === 'char') {
      switch (t.text) {
        case '+':
          this.pushBinary('add', PREC.sum, false, t);
          return true;
        case '-':
          this.pushBinary('sub', PREC.sum, false, t);
          return true;
        case '*':
          this.pushBinary('times', PREC.product, false, t);
          return true;
        case '/':
          this.pushBinary('div', PREC.product, false, t);
          return true;
        case '^':
          return this.superscript(t);
        case '_':
          return this.subscript(t);
        case '>': {
          const g = this.innermostGroup();
          if (!g || g.role !== 'indicator') return this.unexpected(t);
          this.pushBinary('gt', PREC.gt, false, t);
          return true;
        }
        case "'":
          this.fail(t.start, 'a prime marks the derivative of a function', "write \\sigma'(z)");
          break;
        case ',':
          return this.comma(t);
        case ')':
        case ']':
        case '}':
          return this.closer(t);
        case '|':
          if (this.closesAbs()) return this.closer(t);
          break;
        default:
          break;
      }
    }
    if (t.kind === 'cmd') {
      switch (t.text) {
        case 'cdot':
        case 'times':
          this.pushBinary('times', PREC.product, false, t);
          return true;
        case 'odot':
        case 'circ':
          this.pushBinary('odot', PREC.product, false, t);
          return true;
        case 'right':
        case 'rVert':
        case 'rvert':
          return this.closer(t);
        case '|':
        case 'Vert':
        case 'vert': {
          const g = this.innermostGroup();
          if (g && this.isCloser(t, g)) return this.closer(t);
          break;
        }
        case 'T-sup':
          this.postfixTranspose(t.start, t.end);
          return false;
        case '\\':
          return this.matrixSeparator(t, 'row');
        case 'end':
          return this.endMatrix(t);
        default:
          break;
      }
    }
    if (t.kind === 'char' && t.text === '&') return this.matrixSeparator(t, 'cell');
    // Juxtaposition: an implicit product when the token starts an operand.
    if (this.startsOperand(t)) {
      const last = this.operands[this.operands.length - 1];
      if (t.kind === 'num' && last?.name && last.end === t.start) this.fail(t.start, 'a number right after a name is ambiguous', 'write a subscript (W_{1}), put the number first (2x) or write \\cdot');
      this.pushBinary('times', PREC.product, false, { start: t.start, end: t.start });
      this.lx.pos = t.start;
      return true;
    }
    return this.unexpected(t);
  }

  private startsOperand(t: LatexToken): boolean {
    if (t.kind === 'num' || t.kind === 'letter') return true;
    if (t.kind === 'char') return t.text === '(' || t.text === '[' || t.text === '{' || (t.text === '|' && !this.closesAbs());
    if (t.kind === 'cmd') return !['cdot', 'times', 'odot', 'circ', 'right', 'rVert', 'rvert', 'end', '\\', 'T-sup'].includes(t.text) && !((t.text === '|' || t.text === 'Vert') && this.innermostGroup()?.close === '\\|');
    return false;
  }

  private closesAbs(): boolean {
    return this.innermostGroup()?.close === '|';
  }

  private innermostGroup(): GroupFrame | undefined {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const f = this.frames[k]!;
      if (f.kind === 'group') return f;
    }
    return undefined;
  }

  /** `^`: a transpose mark, or an elementwise power. */
  private superscript(t: LatexToken): boolean {
    const save = this.lx.pos;
    // Transpose marks are short: reading the whole of a long exponent here made 2^{2^{…}} quadratic.
    const arg = this.lx.rawArgument(MAX_NAME_SCRIPT);
    if (arg && TRANSPOSE_MARKS.has(canonicalPiece(arg.text))) {
      this.postfixTranspose(t.start, this.lx.pos);
      return false;
    }
    this.lx.pos = save;
    this.pushBinary('pow', PREC.pow, true, t);
    const next = this.lx.peek(true);
    if (next.kind !== 'char' || next.text !== '{') this.single = true;
    return true;
  }

  private postfixTranspose(start: number, end: number): void {
    const v = this.operands.pop()!;
    if (v.ones || !v.node || v.node.rank <= 1) return this.push({ ...v, row: !v.row, end, isE: false, bracket: false });
    const x = v.node;
    this.push({ node: this.build(start, () => transpose(x)), row: false, start: v.start, end });
  }

  /** `_` after a `[…]` group: an element (`[x]_{1}`, `[A]_{:,0}`, as tracegrad prints `take`). */
  private subscript(t: LatexToken): boolean {
    const v = this.operands[this.operands.length - 1]!;
    const arg = this.lx.rawArgument();
    // Inside \sum_i, (…)_i is the group summed over its first axis, as x_i is x.
    if (arg && !v.bracket && this.sums > 0) {
      const index = canonicalPiece(arg.text);
      for (let k = this.frames.length - 1; k >= 0; k--) {
        const f = this.frames[k]!;
        if (f.kind !== 'op' || f.op !== 'sum' || f.index !== index) continue;
        if (!v.node || v.node.rank < 1) this.fail(t.start, `(…)_${index}: the group is not a tensor`, `the index ${index} runs over the first axis of a tensor`);
        this.useSum(f, v.node);
        this.operands.pop();
        this.push({ ...v, end: this.lx.pos });
        return false;
      }
    }
    if (!v.bracket || !arg) this.fail(t.start, 'a subscript here is not read', 'subscripts are part of names (x_{i}) or take an element of a bracket, [x]_{0}');
    const m = /^((?::,)*)\s*(\d+)$/.exec(arg.text.replace(/\s+/g, ''));
    if (!m) this.fail(arg.start, `the index ${canonicalPiece(arg.text)} is not a number`, 'write [x]_{0} (indices count from 0), or [A]_{:,1} for a column');
    this.operands.pop();
    const x = this.need(v, v.start, 'take an element of a tensor');
    const axis = m[1]!.length / 2, i = Number(m[2]);
    this.push(this.val(this.build(t.start, () => take(x, i, axis)), v.start, this.lx.pos, v));
    return false;
  }

  private comma(t: LatexToken): boolean {
    const g = this.reduceGroup();
    if (!g || g.role !== 'call') this.fail(t.start, "unexpected ','", 'commas separate the arguments of a function');
    g.args!.push(this.operands.pop()!);
    return true;
  }

  private closer(t: LatexToken): boolean {
    const g = this.reduceGroup();
    if (!g) this.fail(t.start, `unexpected '${t.kind === 'cmd' ? `\\${t.text}` : t.text}'`, 'it closes no group');
    let end = t.end;
    if (t.kind === 'cmd' && t.text === 'right') {
      if (!g.left) this.fail(t.start, "\\right closes no \\left", `the group opened at column ${g.start + 1} is closed by '${g.close}'`);
      const d = this.lx.next();
      end = d.end;
      const closer = d.kind === 'char' ? d.text : d.kind === 'cmd' ? `\\${d.text}` : '';
      const ok = (g.close === ')' && closer === ')') || (g.close === ']' && closer === ']') || (g.close === '}' && closer === '\\}')
        || (g.close === '|' && (closer === '|' || closer === '\\rvert' || closer === '\\vert')) || (g.close === '\\|' && (closer === '\\|' || closer === '\\rVert' || closer === '\\Vert'));
      if (!ok) this.fail(d.start, `\\right${closer.slice(0, 10)} does not match the \\left at column ${g.start + 1}`);
    } else if (!this.isCloser(t, g) || g.left) {
      const shown = t.kind === 'cmd' ? `\\${t.text}` : t.text;
      this.fail(t.start, `unexpected '${shown}'`, g.left ? `the \\left at column ${g.start + 1} is closed by \\right` : g.role === 'matrix' ? `the matrix at column ${g.start + 1} ends with \\end{${g.env}}` : `the group opened at column ${g.start + 1} is closed by '${g.close === '\\|' ? '\\|' : g.close}'`);
    }
    return this.closeGroup(g, end, false);
  }

  private matrixSeparator(t: LatexToken, what: 'cell' | 'row'): boolean {
    const g = this.reduceGroup();
    if (!g || g.role !== 'matrix') return this.unexpected(t);
    g.row!.push(this.operands.pop()!);
    if (what === 'row') {
      g.rows!.push(g.row!);
      g.row = [];
      const next = this.lx.peek();
      if (next.kind === 'cmd' && next.text === 'end') return this.endMatrix(this.lx.next(), true);
    }
    return true;
  }

  private endMatrix(t: LatexToken, afterRow = false): boolean {
    const g = afterRow ? this.innermostGroup() : this.reduceGroup();
    const env = this.lx.rawArgument();
    if (!g || g.role !== 'matrix') this.fail(t.start, 'unexpected \\end', 'it ends no matrix');
    if (!env || env.text.trim() !== g.env) this.fail(t.start, `\\end{${(env?.text ?? '').slice(0, 20)}} does not match \\begin{${g.env}} at column ${g.start + 1}`);
    if (!afterRow) {
      g.row!.push(this.operands.pop()!);
      g.rows!.push(g.row!);
    }
    this.frames.pop();
    const rows = g.rows!;
    const width = rows[0]!.length;
    if (rows.some((r) => r.length !== width)) this.fail(g.start, `the rows of the matrix have different lengths (${rows.map((r) => r.length).join(', ')})`);
    const cell = (v: Val) => this.need(v, v.start, 'give numbers or expressions');
    const end = this.lx.pos;
    let node: Node, row = false;
    if (rows.length === 1) {
      node = this.build(g.start, () => stack(rows[0]!.map(cell), 0));
      row = true;
    } else if (width === 1) node = this.build(g.start, () => stack(rows.map((r) => cell(r[0]!)), 0));
    else node = this.build(g.start, () => stack(rows.map((r) => stack(r.map(cell), 0)), 0));
    this.push({ node, row: row && node.rank === 1, start: g.start, end });
    return false;
  }
}

/** What opened a group, for "… is not closed". */
function opener(g: GroupFrame): string {
  switch (g.role) {
    case 'call':
      return `the parenthesis of ${g.fn!.head}`;
    case 'frac':
      return 'the braced argument of \\frac';
    case 'sqrt':
      return 'the braced argument of \\sqrt';
    case 'sqrt-index':
      return "the '[' of \\sqrt";
    case 'matrix':
      return `\\begin{${g.env}}`;
    case 'indicator':
      return "the '[' of \\mathbb{1}";
    case 'norm':
      return `the ${g.left ? '\\left' : ''}\\lVert`;
    case 'abs':
      return `the ${g.left ? '\\left' : ''}|`;
    default:
      return `the ${g.left ? '\\left' : ''}${g.role === 'paren' ? '(' : g.role === 'bracket' ? '[' : '{'}`;
  }
}

/** Checks the arguments of {@link parseLatex}. */
function checkArguments(text: unknown, bindings: unknown): asserts bindings is LatexBindings {
  if (typeof text !== 'string') throw new ArgumentError(`parseLatex: an expression is a string; got ${text === null ? 'null' : typeof text}`);
  if (bindings === null || typeof bindings !== 'object' || Array.isArray(bindings)) {
    throw new ArgumentError(`parseLatex: bindings are an object (or a Map) of values by name; got ${Array.isArray(bindings) ? 'an array' : bindings === null ? 'null' : typeof bindings}`);
  }
}

/**
 * Parses LaTeX and reports each name's node and each node's text span. @internal
 */
export function parseLatexExpression(text: string, bindings: LatexBindings = {}, options: LatexParseOptions = {}): LatexParsed {
  checkArguments(text, bindings);
  const p = new LatexParser(text, bindings, options);
  const node = p.run();
  return { node, symbols: p.symbols, spans: p.spans, uniform: p.uniform };
}

/**
 * Parses LaTeX math, as students write it and as tracegrad prints it, into a tracegrad graph.
 * Nothing is evaluated as code: the text is read into tracegrad's ops.
 *
 * Names: a letter, a Greek letter (`\delta`), an accent or a font on an argument (`\bar{z}`,
 * `\mathbf{x}`, `\mathrm{loss}`), with primes, a subscript (`x_i`, `w_{ij}`) and a superscript
 * in parentheses (`W^{(1)}`, `\delta^{(l)}`, also written `W^(1)`); a superscript such as `^{l}`
 * belongs to the name when the bindings have the name with it. `\frac{\partial L}{\partial x}`
 * is a name too. Names are compared in a canonical form (`x_i` is `x_{i}`), and a binding's
 * name may be an identifier (`w0` is `w_{0}`, as tracegrad prints it) or LaTeX. `e` and `\pi`
 * are the constants unless bound; `\mathrm{NaN}` and `\infty` are NaN and infinity (as tracegrad
 * prints folded values). An unbound name becomes a new variable, except one that only a font
 * tells from a bound name (`\mathbf{v}` or `\vec{v}` with `v` bound): that is an error that
 * suggests the bound name.
 *
 * Operators: `+`, `-`; products by juxtaposition (`Ax`, `2\sin(x)\cos(x)`), `\cdot`, `\times`,
 * `*` (the matrix product between non-scalars: a 1-D vector is a column, `x^\top` a row, so
 * `x^\top y` is a dot product and `x y^\top` an outer product; a product with a scalar is
 * elementwise); `\odot`, `\circ` (elementwise); `\frac{a}{b}`, `/` (elementwise); `^` (an
 * elementwise power; `e^{x}` is `exp`); `^\top`, `^T`, `^{\intercal}` (transpose). Groups:
 * `( )`, `[ ]`, `{ }`, `\left( … \right)`, `|x|`, `\lVert x \rVert` (the norm), `\sqrt{x}`,
 * `\sqrt[n]{x}`, matrices `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}` (one row or one column:
 * a vector). Functions: every op printed as a call (`\sin`, `\tanh`, `\log`, `\sigma`,
 * `\operatorname{ReLU}`, `\operatorname{softmax}`, `\operatorname{tr}`, `\operatorname{stack}`,
 * `\max(a, b)`…), plus `\exp`, `\ln`, `\mathrm{ln}` (`\ln 10` is the constant), and `H(x)`, the
 * Heaviside step with `H(0) = ½`, unless `H` is bound; a prime is the derivative (`\sigma'(z)`);
 * without parentheses a function takes the next factor (`\log x`). Sums: `\mathbf{1}^\top X` and
 * `X \mathbf{1}` (as tracegrad prints `sum`), `\sum_i` over the first axis of the tensors its
 * body subscripts with `i` (`\sum_i x_i y_i`; numeric limits must cover the axis). A column of
 * ones elsewhere (`x \mathbf{1}`, as tracegrad prints a broadcast) is its scalar, which
 * broadcasts. `\mathbb{1}[x > 0]` is the step function. Spacing (`\,`, `\quad`) and `\left.` vanish.
 *
 * The reader is iterative: a million nested `\frac` or parentheses parse.
 * @param text the LaTeX, e.g. `'2 A^\\top (A x - b)'`
 * @param bindings values or nodes by name (an object or a Map)
 * @returns the expression's node
 * @throws {@link ParseError} for a construct that is not read (an integral, an equation, an
 * unknown command…), naming the column; {@link ShapeError} for shapes that do not fit, naming
 * the column; {@link ArgumentError} for bad bindings
 * @example
 * tg.parseLatex('\\frac{1}{1 + e^{-x}}', { x: 0 }).value; // → 0.5
 * tg.toText(tg.parseLatex('\\sigma(w x + b)')); // → 'σ(w·x + b)'
 * tg.parseLatex('2 A^\\top x', { A: [[1, 2], [3, 4]], x: [1, 1] }).value.toArray(); // → [8, 12]
 * tg.parseLatex('W^{(1)} x', { 'W^{(1)}': [[1, 0], [0, 2]], x: [3, 4] }).value.toArray(); // → [3, 8]
 * tg.parseLatex('\\operatorname{tr}\\left(A\\right)', { A: [[1, 2], [3, 4]] }).value; // → 5
 * @see {@link parse}
 * @category Parsing
 */
export function parseLatex(text: string, bindings: LatexBindings = {}): Node {
  return parseLatexExpression(text, bindings).node;
}

/** Shapes of the bindings, for messages. @internal */
export function describeShape(n: Node): string {
  return formatShape(n.shape);
}
