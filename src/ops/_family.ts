/**
 * Shared builders for op families: elementwise unary and binary ops differ only in their
 * kernel, rule and printed form, so they share the shape rule and broadcasting here.
 * @internal
 */
import type { Node } from '../graph/node.js';
import { Prec, sameShapeOps, type Domain, type OpDef, type Printed, type PrintContext, type VjpContext } from '../graph/opdef.js';
import { broadcastShapes, formatShape, normalizeAxes, type Shape } from '../tensor/shape.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { map, zip } from '../tensor/kernels.js';
import type { Tensor } from '../tensor/tensor.js';

/** `\name\left(x\right)` / `name(x)`: the printed form of a function call. */
export function call(ctx: PrintContext, latexName: string, textName: string): Printed {
  const args = ctx.node.inputs.map((_, i) => ctx.raw(i)).join(', ');
  return ctx.format === 'latex' ? { s: `${latexName}${ctx.paren(args)}`, prec: Prec.Atom } : { s: `${textName}(${args})`, prec: Prec.Atom };
}

export interface UnarySpec {
  name: string;
  kernel: (v: number) => number;
  vjp: (x: Node, y: Node, dy: Node) => Node;
  /** LaTeX function name (`\sin`) or a custom printer. */
  latex: string | ((ctx: PrintContext) => Printed);
  /** Text function name (`sin`) or a custom printer. */
  text: string | ((ctx: PrintContext) => Printed);
  mathjs?: string;
  reference?: string;
  domain?: Domain;
  kink?: (x: Tensor) => Tensor;
}

export function elementwiseUnary(spec: UnarySpec): OpDef {
  const { latex, text } = spec;
  return sameShape({
    name: spec.name,
    arity: 1,
    category: 'Elementwise',
    elementwise: true,
    shape: (shapes: readonly Shape[]) => shapes[0]!,
    forward: ([x]) => map(x!, spec.kernel),
    vjp: ({ inputs, y, dy }: VjpContext) => [spec.vjp(inputs[0]!, y, dy)],
    latex: typeof latex === 'string' ? (ctx) => call(ctx, latex, text as string) : latex,
    text: typeof text === 'string' ? (ctx) => call(ctx, latex as string, text) : text,
    ...(spec.mathjs !== undefined && { mathjs: spec.mathjs }),
    ...(spec.reference !== undefined && { reference: spec.reference }),
    ...(spec.domain && { domain: [spec.domain] }),
    ...(spec.kink && { kink: ([x]: readonly Tensor[]) => spec.kink!(x!) }),
  });
}

export interface BinarySpec {
  name: string;
  kernel: (a: number, b: number) => number;
  vjp: (ctx: VjpContext) => readonly (Node | null)[];
  latex: (ctx: PrintContext) => Printed;
  text: (ctx: PrintContext) => Printed;
  mathjs?: string;
  reference?: string;
  domain?: readonly Domain[];
  kink?: (a: Tensor, b: Tensor) => Tensor;
}

export function elementwiseBinary(spec: BinarySpec): OpDef {
  return sameShape({
    name: spec.name,
    arity: 2,
    category: 'Elementwise',
    elementwise: true,
    shape: (shapes) => broadcastShapes(spec.name, shapes[0]!, shapes[1]!),
    forward: ([a, b]) => zip(a!, b!, spec.kernel),
    vjp: spec.vjp,
    latex: spec.latex,
    text: spec.text,
    ...(spec.mathjs !== undefined && { mathjs: spec.mathjs }),
    ...(spec.reference !== undefined && { reference: spec.reference }),
    ...(spec.domain && { domain: spec.domain }),
    ...(spec.kink && { kink: ([a, b]: readonly Tensor[]) => spec.kink!(a!, b!) }),
  });
}

function sameShape(op: OpDef): OpDef {
  sameShapeOps.add(op);
  return op;
}

/** True when a node's shape is not scalar-like (so products print as `\odot`). */
export function isTensorShaped(shape: Shape): boolean {
  return shape.some((d) => d !== 1) && shape.length > 0;
}

/** Validated reduction attributes: sorted `axes` (all when omitted) and `keepDims`. */
export function reductionAttrs(name: string, attrs: import('../graph/opdef.js').Attrs, shape: Shape): import('../graph/opdef.js').Attrs {
  const axes = normalizeAxes(name, attrs.axes, shape);
  const keepDims = attrs.keepDims ?? false;
  if (typeof keepDims !== 'boolean') throw new ArgumentError(`${name}: keepDims must be true or false; got ${JSON.stringify(attrs.keepDims)}`);
  return { axes, keepDims };
}

/** The input shape with reduced axes set to 1. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Output shape of a reduction. */
export function reducedShape(shape: Shape, attrs: import('../graph/opdef.js').Attrs): number[] {
  const axes = attrs.axes as number[];
  return attrs.keepDims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

/** A single normalised `axis` attribute (default -1, the last axis). */
export function axisAttr(name: string, attrs: import('../graph/opdef.js').Attrs, shape: Shape): import('../graph/opdef.js').Attrs {
  if (shape.length === 0) throw new ShapeError(`${name}: needs at least 1 axis; got a scalar ${formatShape(shape)}`);
  const [axis] = normalizeAxes(name, attrs.axis ?? -1, shape);
  return { axis: axis! };
}

/** Subscript describing reduced axes in printed formulas (empty when all axes are reduced). */
export function axesNote(attrs: import('../graph/opdef.js').Attrs, rank: number, format: 'latex' | 'text'): string {
  const axes = attrs.axes as number[];
  if (axes.length === rank) return '';
  return format === 'latex' ? `_{\\mathrm{axis}\\,${axes.join(',')}}` : `[axis ${axes.join(',')}]`;
}
