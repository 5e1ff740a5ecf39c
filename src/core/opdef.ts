import type { Tensor } from '../tensor/tensor.js';
import type { Shape } from '../tensor/shape.js';
import type { Node } from './node.js';

/** A value an attribute may hold: plain data, so that attributes can be hashed and printed. */
export type AttrValue = number | string | boolean | readonly number[] | undefined;

/** An op's attributes (axes, shapes, flags). Plain data only. */
export type Attrs = { readonly [key: string]: AttrValue };

/**
 * Precedence levels used by the printers, from loosest to tightest binding. An op's
 * printed form declares its own level; the printer adds parentheses where a child binds
 * more loosely than its position requires.
 */
export const Prec = {
  /** `a + b`, `a - b` */
  Sum: 10,
  /** unary minus `-a` */
  Unary: 15,
  /** products `a b`, `a \odot b`, `A B`, `a / b` in text */
  Product: 20,
  /** `\frac{a}{b}` (a product operand without parentheses, a power base only with them) */
  Fraction: 25,
  /** `a^{b}`, `e^{x}` */
  Power: 30,
  /** postfix `x^\top`, and names that carry a superscript such as `z^{(1)}` */
  Postfix: 35,
  /** symbols, numbers, function calls, anything bracketed */
  Atom: 40,
} as const;

/** A printed sub-expression and how tightly it binds. */
export interface Printed {
  /** The printed text (LaTeX or Unicode). */
  s: string;
  /** Its precedence, a {@link Prec} level. */
  prec: number;
  /** True when it starts with a minus sign (so it needs parentheses as a right operand). */
  leadingMinus?: boolean;
  /**
   * True when it starts with a digit or a decimal point (so a product writes `a \cdot 2`, not
   * `a 2`). Left out, it is read off `s` when asked. Printers that start with an input say it
   * (through {@link PrintContext.startWith}), so that no printer reads the start of a long text:
   * reading a string built by concatenation copies it, and a chain of 10⁴ products would copy
   * quadratically.
   */
  startsWithDigit?: boolean;
  /** With `leadingMinus`: the text after the minus sign (`a - b` is printed from it). Left out, it is cut from `s`. */
  unsigned?: string;
  /**
   * True when a vector prints as a row (`xᵀ A`, `1ᵀ A`): a product that needs it as a column
   * writes it transposed, and one that needs a row writes it as it is.
   */
  row?: boolean;
}

/**
 * What an op's `latex` and `text` printers receive. Parenthesisation is central: ask for an
 * input with the minimum precedence its position needs and the printer adds brackets.
 */
export interface PrintContext {
  /** `'latex'` or `'text'` (Unicode). */
  readonly format: 'latex' | 'text';
  /** The node being printed. */
  readonly node: Node;
  /**
   * True in index notation: every input is printed as one element (`x_{ij}`), so products
   * are scalar products (no `\odot`) and shape ops are already resolved.
   */
  readonly indexed?: boolean;
  /** Its attributes (normalised). */
  readonly attrs: Attrs;
  /**
   * True when a name in the same LaTeX expression prints as `e` (a variable called e): Euler's
   * number must then not be written as a bare `e` (`\exp` rather than `e^{x}`).
   */
  readonly eIsName?: boolean;
  /**
   * Input `i`, printed, in parentheses when it binds looser than `min`, or when it starts
   * with a minus sign and `noLeadingMinus` is set.
   */
  arg(i: number, min?: number, noLeadingMinus?: boolean): string;
  /** Input `i` printed with no brackets added, e.g. inside `\sqrt{…}` or an exponent. */
  raw(i: number): string;
  /** Input `i`'s own printed form (text and precedence). */
  printed(i: number): Printed;
  /** `\left(s\right)` in LaTeX, `(s)` in text. */
  paren(s: string): string;
  /** Whether `arg(i, min, noLeadingMinus)` starts with a digit or a decimal point. */
  startsWithDigit(i: number, min?: number, noLeadingMinus?: boolean): boolean;
  /** Input `i`'s text after its leading minus sign (when `printed(i).leadingMinus`). */
  unsigned(i: number): string;
  /**
   * The printed form `arg(i, min) + rest` with precedence `prec`, which starts as input `i`
   * does (its leading minus, its leading digit): the printer of an infix op whose left operand
   * comes first (`a + b`, `a b`, `a / b`).
   */
  startWith(i: number, min: number, rest: string, prec: number): Printed;
}

/** Context of a vector-Jacobian rule. */
export interface VjpContext {
  /** The node whose gradient flows back (its output is `y`). */
  readonly y: Node;
  /** Its inputs: `x` for unary ops, `a`, `b` for binary ones. */
  readonly inputs: readonly Node[];
  /** Its attributes. */
  readonly attrs: Attrs;
  /** The upstream gradient `dy = ∂L/∂y`, with `y`'s shape. */
  readonly dy: Node;
  /** `needs[i]` is true when input `i` lies on a path to a requested gradient. */
  readonly needs: readonly boolean[];
}

/** Context of a forward-mode (Jacobian-vector product) rule. */
export interface JvpContext {
  /** The node whose tangent is wanted. */
  readonly y: Node;
  /** Its inputs. */
  readonly inputs: readonly Node[];
  /** Its attributes. */
  readonly attrs: Attrs;
  /** Tangent of each input, or `undefined` where an input does not depend on the seeds. */
  readonly tangents: readonly (Node | undefined)[];
}

/** A rewrite tried when a node is built (see {@link OpDef.rewrites}). */
export interface Rewrite {
  /** A short name, for debugging and docs (`x + 0 = x`). */
  readonly name: string;
  /** True when it can only apply if some input is an unnamed constant (then it is not tried otherwise). */
  readonly constant?: boolean;
  /**
   * The replacement for `op` applied to `inputs` (with normalised `attrs` and the output
   * `shape`), or `undefined` when the rewrite does not apply. The replacement must have
   * `shape` and equal the op's value for every finite input.
   */
  rewrite(inputs: readonly Node[], attrs: Attrs, shape: Shape, op: OpDef): Node | undefined;
}

/**
 * A JavaScript expression computing an elementwise op on scalar arguments, for generated
 * code: `args` are safe expressions (identifiers of ours, slot reads, numeric literals);
 * attributes reach code only as numbers (format them with the `num` argument, which writes
 * a safe literal). It must compute the same bits as the op's kernel.
 */
export type ScalarTemplate = (args: readonly string[], attrs: Attrs, num: (v: number) => string) => string;

/**
 * How compiled tensor plans run an op: `'kernel'` (the default) calls `forward`;
 * elementwise ops with a {@link OpDef.scalar} template are fused into loops; the others
 * name a dedicated plan step.
 */
export type PlanKind = 'kernel' | 'view' | 'transpose' | 'matmul' | 'sum' | 'mean' | 'broadcast';

/** Precedence levels of mathjs expressions (see {@link MathjsContext}). */
export const MathjsPrec = { Sum: 10, Product: 20, Unary: 25, Power: 30, Postfix: 35, Atom: 40 } as const;

/** What an op's {@link OpDef.toMathjs} writer receives. */
export interface MathjsContext {
  /** The node being written. */
  readonly node: Node;
  /** Input `i` written, in parentheses when it binds looser than `min` ({@link MathjsPrec}). */
  arg(i: number, min?: number): string;
  /** Input `i` written with no brackets added. */
  raw(i: number): string;
  /** A call `name(args…)`. */
  call(name: string, args: readonly string[]): Printed;
  /** 0-based axes written as a mathjs dimension list (1-based): `[1, 2]`, or `1` for one. */
  dims(axes: readonly number[]): string;
  /** A number as mathjs reads it back exactly. */
  number(v: number): string;
}

/**
 * What an op's {@link OpDef.indexed} printer receives: the node at output indices `at`
 * (one index letter per axis, `''` for an axis of length 1).
 */
export interface IndexedContext {
  readonly node: Node;
  readonly format: 'latex' | 'text';
  /** The output indices. */
  readonly at: readonly string[];
  /** Input `i` printed at indices `idx` (one per axis of the input). */
  visit(i: number, idx: readonly string[]): Printed;
  /** Input `i`'s indices when it is broadcast to the output at `at` (stretched axes drop out). */
  aligned(i: number): string[];
  /** A fresh summation index. */
  fresh(): string;
  /** The summation sign over indices `ks` (`\sum_{k}` / `Σₖ`). */
  sumSign(ks: readonly string[]): string;
  /** `\left(s\right)` or `(s)`. */
  paren(s: string): string;
}

/** What an op's {@link OpDef.deadGradient} receives. */
export interface DeadGradientContext {
  readonly node: Node;
  /** The input whose gradient is structurally zero. */
  readonly input: number;
  /** That input's name in text (`w`, or its expression in parentheses). */
  readonly inputName: string;
  /** The loss's name in text. */
  readonly lossName: string;
  /** That input's name in LaTeX (math mode). */
  readonly inputLatex?: string;
  /** The loss's name in LaTeX (math mode). */
  readonly lossLatex?: string;
}

/**
 * Why a gradient is zero, in words: plain text, or text and LaTeX. The LaTeX is a math-mode
 * string (words in `\text{…}`, names as math), so that a note in a LaTeX derivation is written
 * in LaTeX rather than transliterated; a plain string is escaped as text there.
 */
export type DeadGradientReason = string | { readonly text: string; readonly latex: string };

/** An argument of a function call in a parsed expression (see {@link ParseHook}). */
export interface ParseArg {
  /** The argument as a graph node (built on first use). */
  node(): Node;
  /** The argument as a number known when parsing (a literal, or a symbol bound to a number); `what` names it in errors. */
  num(what: string): number;
  /** The argument as a list of numbers known when parsing (`[2, 3]`, or one number). */
  nums(what: string): number[];
  /** The items of an array literal argument, or undefined for another argument. */
  items(): ParseArg[] | undefined;
}

/**
 * How the expression parser calls an op whose call is not one operand per input (attributes
 * given as arguments, 1-based dimensions as in mathjs). Throw {@link ParseError} (without a
 * column: the parser adds it) for a bad argument.
 */
export interface ParseHook {
  /** The function's name in expressions (default: the op's `mathjs` name). */
  readonly name?: string;
  /** Usage shown in errors, e.g. `sum(x, dim?)`. */
  readonly usage: string;
  /** Fewest and most arguments. */
  readonly min: number;
  readonly max: number;
  build(args: readonly ParseArg[]): Node;
}

/** Sampling interval for one input, used by tests, gradient checks and formula checks. */
export interface Domain {
  /** Lowest value sampled. */
  min: number;
  /** Highest value sampled. */
  max: number;
}

/**
 * The definition of an op: everything about it in one object. Built-in ops and user ops
 * use the same contract; pass one to {@link apply} to build nodes.
 *
 * Conventions: inputs are `x` for unary ops and `a`, `b` for binary ones; the upstream
 * gradient is `dy`; the input gradients returned by `vjp` are `dx`, `da`, `db`. A `vjp`
 * builds nodes with public ops, never numbers, so that gradients are graphs. It may return
 * a gradient with the op's broadcast output shape: `grad` sums it back to the input's
 * shape, once, centrally.
 */
export interface OpDef {
  /** The op's name: also the name of its function and of its file (`logSumExp`). */
  readonly name: string;
  /** Number of inputs, or `'variadic'` (at least one). */
  readonly arity: number | 'variadic';
  /** Documentation category (Elementwise, Reductions, Shape, Linear algebra, …). */
  readonly category?: string;
  /**
   * Validates and normalises attributes against the input shapes (negative axes, defaults).
   * Throw {@link ArgumentError} or {@link ShapeError} with what is accepted.
   */
  attrs?(attrs: Attrs, inputShapes: readonly Shape[]): Attrs;
  /**
   * Output shape from input shapes: an array of non-negative integers (`[]` for a scalar);
   * throws {@link ShapeError} naming both shapes. Anything else returned is an
   * {@link ArgumentError} naming the op.
   */
  shape(inputShapes: readonly Shape[], attrs: Attrs): Shape;
  /**
   * Numeric kernel: input tensors in, a new output tensor out (inputs are never mutated). It
   * must return a {@link Tensor} of exactly `shape`, the shape the shape rule gave (a scalar is
   * `tg.tensor(v)`, not a number): anything else is an {@link ArgumentError}, a tensor of
   * another shape a {@link ShapeError}, naming the op, wherever the node is evaluated.
   */
  forward(inputs: readonly Tensor[], attrs: Attrs, shape: Shape): Tensor;
  /**
   * Vector-Jacobian rule: one entry per input, a node or `null` for inputs whose gradient is not
   * needed. A gradient has the input's shape or the op's output shape (which `grad` sums back
   * to the input's shape); a user op's gradient of any other shape is a {@link ShapeError}
   * naming the op and the input.
   */
  vjp?(ctx: VjpContext): readonly (Node | null)[];
  /**
   * The kernel on scalar inputs, as numbers (elementwise ops): constant folding and the
   * interpreter use it on scalar nodes instead of making a tensor per value. It must give the
   * bits of `forward`, a number. Optional: without it, scalars go through `forward`.
   */
  scalarKernel?(args: readonly number[], attrs: Attrs): number;
  /** Forward-mode rule: the output tangent, or `undefined` when no input has a tangent. */
  jvp?(ctx: JvpContext): Node | undefined;
  /** True for elementwise ops (broadcasting; derivatives act element by element). */
  readonly elementwise?: boolean;
  /** True for ops that are linear in all their inputs jointly (`jvp` = the op on tangents). */
  readonly linear?: boolean;
  /** LaTeX form: a {@link Printed}, `{ s, prec }` (anything else is an {@link ArgumentError} naming the op). */
  latex(ctx: PrintContext): Printed;
  /** Plain-text (Unicode) form: a {@link Printed}, `{ s, prec }` (anything else is an {@link ArgumentError} naming the op). */
  text(ctx: PrintContext): Printed;
  /** Label in Graphviz pictures (default: the op's name). */
  dot?(attrs: Attrs): string;
  /**
   * The op's symbol in the circle of a circuit diagram (`+`, `×`, `σ`, `exp`): short, plain
   * text (default: the op's name).
   */
  readonly symbol?: string;
  /** Name of the function in mathjs expressions (`tracegrad parse` maps it back to this op). */
  readonly mathjs?: string;
  /**
   * A mathjs expression equal to this op on scalars, in `x` (unary) or `a`, `b` (binary):
   * the independent reference in tests (values and `derivative`). Defaults to `mathjs(args)`.
   */
  readonly reference?: string;
  /** Sampling interval of each input (default `[-2, 2]`). */
  readonly domain?: readonly Domain[];
  /**
   * The quantity whose sign change marks a kink (relu: `x`; maximum: `a - b`), elementwise in
   * the output's shape. Gradient checks warn, rather than fail, when a finite-difference step
   * crosses a kink; samplers avoid them.
   */
  kink?(inputs: readonly Tensor[], attrs: Attrs, shape: Shape): Tensor;
  /**
   * Rewrites tried when a node of this op is built, in order (the first that applies wins),
   * after constant folding, which applies to every op. They dispatch on op objects (`x.op
   * === negOp`), never on names, so a user op that shares a name is never mistaken for a
   * built-in one.
   */
  readonly rewrites?: readonly Rewrite[];
  /**
   * Scalar code template for generated code (elementwise ops): with one, the op is inlined
   * in compiled scalar graphs and fused into loops in compiled tensor plans; without one, the
   * compiled code calls `forward` (correct, slower). Every built-in elementwise op has one.
   */
  readonly scalar?: ScalarTemplate;
  /**
   * True for a variadic op whose value is the left fold of its template over its inputs,
   * `((a ∘ b) ∘ c) ∘ …` (`addN`): compiled scalar code computes it as running partial
   * results, each placed as soon as its input is ready.
   */
  readonly foldLeft?: boolean;
  /** The dedicated step of compiled tensor plans (default `'kernel'`: call `forward`). */
  readonly plan?: PlanKind;
  /** True when the inputs of a binary op may be swapped (`a + b = b + a`): formula checks compare both orders. */
  readonly commutative?: boolean;
  /**
   * The mathjs form of a node, when it is not `mathjs(args…)` with the `mathjs` name
   * (operators, attributes, dimensions); `toMathjs` reads it back to the same graph.
   */
  toMathjs?(ctx: MathjsContext): Printed;
  /**
   * Index notation (`z_{ij} = \sum_k x_{ik} w_{kj}`): the node at output indices. Default:
   * elementwise ops print elementwise over broadcast-aligned indices; other ops print their
   * matrix form, subscripted (also when this returns `undefined`).
   */
  indexed?(ctx: IndexedContext): Printed | undefined;
  /**
   * Why no gradient flows through input `i` of this node when the rule gave a structural
   * zero, in words for the derivation (default: "the local derivative … is structurally zero").
   */
  deadGradient?(ctx: DeadGradientContext): DeadGradientReason | undefined;
  /** How the expression parser calls this op, when not one operand per input. */
  readonly parse?: ParseHook;
}

/**
 * The built-in elementwise ops whose output has its inputs' shape when those shapes are equal
 * (registered by the elementwise family builders, and `addN`): `apply` takes that shape without calling the op's
 * shape rule. @internal
 */
export const sameShapeOps = new WeakSet<OpDef>();
