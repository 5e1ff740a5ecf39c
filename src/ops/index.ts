/**
 * The op registry: every built-in op, one line each, and the Node methods installed from it.
 * Tests, the expression parser's function table, the printers and the CLI's list of
 * functions read this list; nothing else lists ops.
 *
 * Adding an op: one op file (`src/ops/<name>.ts`, see docs/adding-an-op.md) and its line in
 * `ops/defs.ts`. An elementwise op becomes a Node method (`x.tanh()`, `x.add(y)`)
 * by being registered.
 * @module
 */
import { InternalError } from '../util/errors.js';
import { applyOwned, Node, type Operand } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import type { Shape } from '../tensor/shape.js';
import * as defs from './defs.js';
import { matmul } from './matmul.js';
import { mean } from './mean.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { transpose } from './transpose.js';

export * from './defs.js';

/** The type of any built-in op definition (the union of their precise types). */
export type BuiltinOpDef = (typeof defs)[keyof typeof defs];
export type { UnaryOpDef, BinaryOpDef } from './_family.js';
const builtins: readonly BuiltinOpDef[] = Object.values(defs);

/**
 * Every built-in op (the {@link OpDef} objects), in the order of their names.
 * @example
 * tg.ops.registry.some((op) => op.name === 'tanh'); // → true
 * @category Op definitions
 */
export const registry: readonly OpDef[] = Object.freeze([...builtins].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));

/**
 * Looks up a built-in op by name (its `name` field; user ops are never found here).
 * @example
 * tg.ops.byName('sin')?.name; // → 'sin'
 * @category Op definitions
 */
export function byName(name: string): OpDef | undefined {
  return registry.find((op) => op.name === name);
}

/** Names of the registered elementwise ops with one input (`tanh`, `exp`, …). */
export type UnaryMethodName = Extract<BuiltinOpDef, { readonly arity: 1; readonly elementwise: true }>['name'];
/** Names of the registered elementwise ops with two inputs (`add`, `mul`, `maximum`, …). */
export type BinaryMethodName = Extract<BuiltinOpDef, { readonly arity: 2; readonly elementwise: true }>['name'];

/** The methods a node gets from the registered elementwise ops: `x.tanh()`, `x.add(y)`. */
export type ElementwiseMethods = { [K in UnaryMethodName]: () => Node } & { [K in BinaryMethodName]: (b: Operand) => Node };

declare module '../core/node.js' {
  interface NodeMethods extends ElementwiseMethods {
    /** Matrix product `this b` (NumPy `matmul` semantics). */
    matmul(b: Operand): Node;
    /** Sum over `axes` (all when omitted). */
    sum(axes?: number | number[], keepDims?: boolean): Node;
    /** Mean over `axes` (all when omitted). */
    mean(axes?: number | number[], keepDims?: boolean): Node;
    /** Same elements, new shape. */
    reshape(shape: Shape): Node;
    /** Transpose: reverses the axes (swaps rows and columns of a matrix). */
    readonly T: Node;
  }
}

/** Installs the op methods on `Node.prototype`: one per registered elementwise op, and the few that take attributes. */
function installMethods(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const define = (name: string, descriptor: PropertyDescriptor) => {
    if (name in proto) throw new InternalError(`ops: the method '${name}' would shadow a member of Node`);
    Object.defineProperty(proto, name, { configurable: false, enumerable: false, ...descriptor });
  };
  for (const op of builtins) {
    if (op.elementwise !== true) continue;
    if (op.arity === 1) define(op.name, { value: function (this: Node) { return applyOwned(op, [this]); } });
    else if (op.arity === 2) define(op.name, { value: function (this: Node, b: Operand) { return applyOwned(op, [this, b]); } });
  }
  define('matmul', { value: function (this: Node, b: Operand) { return matmul(this, b); } });
  define('sum', { value: function (this: Node, axes?: number | number[], keepDims = false) { return sum(this, axes, keepDims); } });
  define('mean', { value: function (this: Node, axes?: number | number[], keepDims = false) { return mean(this, axes, keepDims); } });
  define('reshape', { value: function (this: Node, shape: Shape) { return reshape(this, shape); } });
  define('T', { get: function (this: Node) { return transpose(this); } });
}
installMethods();
