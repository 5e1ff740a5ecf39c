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
  /** Output shape from input shapes; throws {@link ShapeError} naming both shapes. */
  shape(inputShapes: readonly Shape[], attrs: Attrs): Shape;
  /** Numeric kernel: input tensors in, a new output tensor out (inputs are never mutated). */
  forward(inputs: readonly Tensor[], attrs: Attrs, shape: Shape): Tensor;
  /** Vector-Jacobian rule; `null` for inputs whose gradient is not needed. */
  vjp?(ctx: VjpContext): readonly (Node | null)[];
  /** Forward-mode rule: the output tangent, or `undefined` when no input has a tangent. */
  jvp?(ctx: JvpContext): Node | undefined;
  /** True for elementwise ops (broadcasting; derivatives act element by element). */
  readonly elementwise?: boolean;
  /** True for ops that are linear in all their inputs jointly (`jvp` = the op on tangents). */
  readonly linear?: boolean;
  /** LaTeX form. */
  latex(ctx: PrintContext): Printed;
  /** Plain-text (Unicode) form. */
  text(ctx: PrintContext): Printed;
  /** Label in Graphviz pictures (default: the op's name). */
  dot?(attrs: Attrs): string;
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
}

/**
 * The built-in elementwise ops whose output has its inputs' shape when those shapes are equal
 * (registered by the elementwise family builders, and `addN`): `apply` takes that shape without calling the op's
 * shape rule. @internal
 */
export const sameShapeOps = new WeakSet<OpDef>();
