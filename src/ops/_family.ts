/**
 * Shared builders for op families: elementwise unary and binary ops differ only in their
 * kernel, rule and printed form, so they share the shape rule and broadcasting here.
 */
import type { Node } from '../core/node.js';
import { Prec, sameShapeOps, type Attrs, type Domain, type IndexedContext, type MathjsContext, type OpDef, type ParseArg, type ParseHook, type Printed, type PrintContext, type Rewrite, type ScalarTemplate, type VjpContext } from '../core/opdef.js';
import { broadcastShapes, formatShape, normalizeAxes, sameShape, type Shape } from '../tensor/shape.js';
import { ArgumentError, ParseError, ShapeError } from '../util/errors.js';
import { map, zip } from '../tensor/kernels.js';
import type { Tensor } from '../tensor/tensor.js';
import { describeValue } from '../util/describe.js';

/** `\name\left(x\right)` / `name(x)`: the printed form of a function call. */
export function call(ctx: PrintContext, latexName: string, textName: string): Printed {
  const args = ctx.node.inputs.map((_, i) => ctx.raw(i)).join(', ');
  return ctx.format === 'latex' ? { s: `${latexName}${ctx.paren(args)}`, prec: Prec.Atom } : { s: `${textName}(${args})`, prec: Prec.Atom };
}

/** A unary elementwise op with a literal name (so that the Node methods installed from the registry are typed). */
export type UnaryOpDef<N extends string = string> = OpDef & { readonly name: N; readonly arity: 1; readonly elementwise: true };
/** A binary elementwise op with a literal name. */
export type BinaryOpDef<N extends string = string> = OpDef & { readonly name: N; readonly arity: 2; readonly elementwise: true };

/** Fields of an OpDef that a family builder fills in itself. */
type Built = 'name' | 'arity' | 'category' | 'elementwise' | 'shape' | 'forward' | 'vjp' | 'latex' | 'text' | 'domain' | 'kink';

export interface UnarySpec<N extends string> extends Omit<Partial<OpDef>, Built> {
  name: N;
  kernel: (v: number) => number;
  vjp: (x: Node, y: Node, dy: Node) => Node;
  /** LaTeX function name (`\sin`) or a custom printer. */
  latex: string | ((ctx: PrintContext) => Printed);
  /** Text function name (`sin`) or a custom printer. */
  text: string | ((ctx: PrintContext) => Printed);
  domain?: Domain;
  kink?: (x: Tensor) => Tensor;
}

/** The scalar template `Math.fn(a)`. */
export const mathCall = (fn: string): ScalarTemplate => ([a]) => `Math.${fn}(${a})`;

export function elementwiseUnary<const N extends string>(spec: UnarySpec<N>): UnaryOpDef<N> {
  const { name, kernel, vjp, latex, text, domain, kink, ...rest } = spec;
  return registerSameShape({
    name,
    arity: 1,
    category: 'Elementwise',
    elementwise: true,
    shape: (shapes: readonly Shape[]) => shapes[0]!,
    forward: ([x]) => map(x!, kernel),
    scalarKernel: (args) => kernel(args[0]!),
    vjp: ({ inputs, y, dy }: VjpContext) => [vjp(inputs[0]!, y, dy)],
    latex: typeof latex === 'string' ? (ctx) => call(ctx, latex, text as string) : latex,
    text: typeof text === 'string' ? (ctx) => call(ctx, latex as string, text) : text,
    ...(domain && { domain: [domain] }),
    ...(kink && { kink: ([x]: readonly Tensor[]) => kink(x!) }),
    ...rest,
  }) as UnaryOpDef<N>;
}

export interface BinarySpec<N extends string> extends Omit<Partial<OpDef>, Built> {
  name: N;
  kernel: (a: number, b: number) => number;
  vjp: (ctx: VjpContext) => readonly (Node | null)[];
  latex: (ctx: PrintContext) => Printed;
  text: (ctx: PrintContext) => Printed;
  domain?: readonly Domain[];
  kink?: (a: Tensor, b: Tensor) => Tensor;
}

export function elementwiseBinary<const N extends string>(spec: BinarySpec<N>): BinaryOpDef<N> {
  const { name, kernel, vjp, latex, text, domain, kink, ...rest } = spec;
  return registerSameShape({
    name,
    arity: 2,
    category: 'Elementwise',
    elementwise: true,
    shape: (shapes) => broadcastShapes(name, shapes[0]!, shapes[1]!),
    forward: ([a, b]) => zip(a!, b!, kernel),
    scalarKernel: (args) => kernel(args[0]!, args[1]!),
    vjp,
    latex,
    text,
    ...(domain && { domain }),
    ...(kink && { kink: ([a, b]: readonly Tensor[]) => kink(a!, b!) }),
    ...rest,
  }) as BinaryOpDef<N>;
}

function registerSameShape(op: OpDef): OpDef {
  sameShapeOps.add(op);
  return op;
}

/** True when a node's shape is not scalar-like (so products print as `\odot`). */
export function isTensorShaped(shape: Shape): boolean {
  return shape.some((d) => d !== 1) && shape.length > 0;
}

/** Validated reduction attributes: sorted `axes` (all when omitted) and `keepDims`. */
export function reductionAttrs(name: string, attrs: Attrs, shape: Shape): Attrs {
  const axes = normalizeAxes(name, attrs.axes, shape);
  const keepDims = attrs.keepDims ?? false;
  if (typeof keepDims !== 'boolean') throw new ArgumentError(`${name}: keepDims must be true or false; got ${describeValue(attrs.keepDims)}`);
  return { axes, keepDims };
}

/** The input shape with reduced axes set to 1. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Output shape of a reduction. */
export function reducedShape(shape: Shape, attrs: Attrs): number[] {
  const axes = attrs.axes as number[];
  return attrs.keepDims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

/** A single normalised `axis` attribute (default -1, the last axis). */
export function axisAttr(name: string, attrs: Attrs, shape: Shape): Attrs {
  if (shape.length === 0) throw new ShapeError(`${name}: needs at least 1 axis; got a scalar ${formatShape(shape)}`);
  const [axis] = normalizeAxes(name, attrs.axis ?? -1, shape);
  return { axis: axis! };
}

/** Subscript describing reduced axes in printed formulas (empty when all axes are reduced). */
export function axesNote(attrs: Attrs, rank: number, format: 'latex' | 'text'): string {
  const axes = attrs.axes as number[];
  if (axes.length === rank) return '';
  return format === 'latex' ? `_{\\mathrm{axis}\\,${axes.join(',')}}` : `[axis ${axes.join(',')}]`;
}

/** Subscript naming the axis of a softmax-like op when it is not the last (`softmax[axis 0](Z)`), so that the two directions print apart. */
export function axisNote(c: PrintContext, format: 'latex' | 'text'): string {
  const axis = c.attrs.axis as number, rank = c.node.inputs[0]!.rank;
  return axis === rank - 1 ? '' : axesNote({ axes: [axis] }, rank, format);
}

/** A 1-based dimension argument of a parsed call (as in mathjs) as a 0-based axis; negative counts from the end. */
export function dimArg(arg: ParseArg): number {
  return dimsArg(arg, 'dimension')[0]!;
}

/** 1-based dimension arguments of a parsed call as 0-based axes. */
export function dimsArg(arg: ParseArg, what = 'dimensions'): number[] {
  return arg.nums(what).map((d) => {
    if (!Number.isInteger(d)) throw new ParseError(`a dimension is an integer; got ${d}`);
    if (d === 0) throw new ParseError('dimensions count from 1, as in mathjs (1 is the first axis); got 0');
    return d > 0 ? d - 1 : d;
  });
}

/** The parse hook of a reduction `name(x, dim?)` over the given axes. */
export function reductionParse(name: string, f: (x: Node, axes?: number[]) => Node): ParseHook {
  return { name, usage: `${name}(x, dim?)`, min: 1, max: 2, build: ([x, d]) => f(x!.node(), d ? dimsArg(d) : undefined) };
}

/** The mathjs form of a reduction: `name(x)` or `name(x, dims)`, reshaped when it keeps dimensions. */
export function reductionMathjs(name: string): (c: MathjsContext) => Printed {
  return (c) => {
    const x = c.node.inputs[0]!;
    const axes = c.node.attrs.axes as number[];
    const inner = c.call(name, axes.length === x.rank ? [c.raw(0)] : [c.raw(0), c.dims(axes)]);
    return c.node.attrs.keepDims ? c.call('reshape', [inner.s, `[${c.node.shape.join(', ')}]`]) : inner;
  };
}

/** Indices of an input of shape `inShape` broadcast to `outShape` at `idx`, aligned from the right; stretched axes lose their index. */
export function alignedIndices(inShape: Shape, outShape: Shape, idx: readonly string[]): string[] {
  const off = outShape.length - inShape.length;
  const out: string[] = [];
  inShape.forEach((d, a) => {
    if (!(d === 1 && outShape[a + off] !== 1)) out.push(idx[a + off]!);
  });
  return out;
}

/** Index notation of a sum or mean over axes: `\\sum_{k} x_{ik}`, `\\frac{1}{n} \\sum_{k} x_{ik}`. */
export function reductionIndexed(c: IndexedContext, isMean: boolean): Printed {
  const x = c.node.inputs[0]!;
  const axes = c.node.attrs.axes as number[];
  const keep = c.node.attrs.keepDims as boolean;
  const ks: string[] = [];
  let o = 0;
  const idx = x.shape.map((_, a) => {
    if (axes.includes(a)) {
      if (keep) o++;
      if (x.shape[a] === 1) return '';
      const k = c.fresh();
      ks.push(k);
      return k;
    }
    return c.at[o++]!;
  });
  const inner = c.visit(0, idx);
  const body = ks.length ? `${c.sumSign(ks)} ${inner.prec < Prec.Product ? c.paren(inner.s) : inner.s}` : inner.s;
  if (!isMean) return ks.length ? { s: body, prec: Prec.Sum + 2 } : inner;
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  return { s: c.format === 'latex' ? `\\frac{1}{${count}} ${body}` : `(1/${count}) ${body}`, prec: Prec.Product };
}

/** A sum or mean over axes of length 1 changes no value: it is its input, reshaped. */
export function reductionOfOnes(reshape: (x: Node, shape: Shape) => Node): Rewrite {
  return {
    name: 'sums and means over axes of length 1',
    rewrite: ([x], attrs, shape) => ((attrs.axes as number[]).every((a) => x!.shape[a] === 1) ? (sameShape(x!.shape, shape) ? x : reshape(x!, shape)) : undefined),
  };
}
