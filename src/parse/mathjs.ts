/**
 * Loading mathjs, lazily and only as much as needed.
 *
 * Importing all of mathjs costs about half a second, and its ESM entry points load every
 * factory even when only `parse` is used. Parsing needs only the parser and the expression
 * node classes, so the parser is assembled from mathjs 15's own CommonJS factory files
 * (synchronous `require`, about 60 ms), with stubs for the two evaluation-only functions that
 * the node classes ask for (`subset`, `size`): nothing here ever evaluates. Should the file
 * layout of a future mathjs differ, the full library is loaded instead (slower, same result).
 * @module
 * @internal
 */
import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';
import { InternalError } from '../util/errors.js';

/** Node's `require`, made on first use so that importing this module works in a browser bundle. */
let nodeRequire: NodeJS.Require | undefined;
const require = Object.assign((id: string) => (nodeRequire ??= createRequire(import.meta.url))(id), {
  resolve: (id: string) => (nodeRequire ??= createRequire(import.meta.url)).resolve(id),
});

/** A node of the mathjs expression tree, as far as tracegrad reads it. @internal */
export type MathjsNode =
  | { type: 'ConstantNode'; value: unknown }
  | { type: 'SymbolNode'; name: string }
  | { type: 'OperatorNode'; op: string; fn: string; args: MathjsNode[]; implicit: boolean }
  | { type: 'ParenthesisNode'; content: MathjsNode }
  | { type: 'FunctionNode'; fn: MathjsNode; args: MathjsNode[] }
  | { type: 'ArrayNode'; items: MathjsNode[] }
  | { type: 'AccessorNode'; object: MathjsNode; index: MathjsNode }
  | { type: 'IndexNode'; dimensions: MathjsNode[]; dotNotation: boolean }
  | { type: 'AssignmentNode'; object: MathjsNode; index: MathjsNode | null; value: MathjsNode }
  | { type: 'FunctionAssignmentNode'; name: string; params: string[]; expr: MathjsNode }
  | { type: 'BlockNode'; blocks: { node: MathjsNode; visible: boolean }[] }
  | { type: 'ConditionalNode'; condition: MathjsNode; trueExpr: MathjsNode; falseExpr: MathjsNode }
  | { type: 'RangeNode'; start: MathjsNode; end: MathjsNode; step: MathjsNode | null }
  | { type: 'RelationalNode'; conditionals: string[]; params: MathjsNode[] }
  | { type: 'ObjectNode'; properties: Record<string, MathjsNode> };

/** A mathjs syntax error: `char` is the 1-based position of the offending token. */
export interface MathjsSyntaxError extends Error {
  char?: number;
}

type Factory = { (scope: Record<string, unknown>): unknown; isFactory: true; fn: string; dependencies: string[] };

let parser: ((text: string) => MathjsNode) | undefined;

const NODE_CLASSES = [
  'Node', 'AccessorNode', 'ArrayNode', 'AssignmentNode', 'BlockNode', 'ConditionalNode', 'ConstantNode',
  'FunctionAssignmentNode', 'FunctionNode', 'IndexNode', 'ObjectNode', 'OperatorNode', 'ParenthesisNode',
  'RangeNode', 'RelationalNode', 'SymbolNode',
];

function minimalParser(): (text: string) => MathjsNode {
  const root = require.resolve('mathjs/package.json').replace(/package\.json$/, 'lib/cjs/');
  const load = (path: string) => require(root + path) as Record<string, unknown>;
  const { create } = load('core/create.js') as { create: (factories: Record<string, unknown>, config: object) => { parse: (text: string) => MathjsNode } };
  const { factory } = load('utils/factory.js') as { factory: (name: string, deps: string[], fn: () => unknown) => Factory };
  const factories: Record<string, unknown> = {
    ...load('core/function/typed.js'),
    ...load('expression/parse.js'),
    ...load('function/utils/numeric.js'),
    ...load('type/number.js'),
    ...load('function/utils/isBounded.js'),
    ...load('type/resultset/ResultSet.js'),
  };
  for (const name of NODE_CLASSES) Object.assign(factories, load(`expression/node/${name}.js`));
  // NOTE: only evaluation uses these two; tracegrad never evaluates a mathjs node.
  const stub = (name: string) => factory(name, [], () => () => {
    throw new InternalError(`mathjs '${name}' was called, but tracegrad only parses with mathjs`);
  });
  factories.createSubset = stub('subset');
  factories.createSize = stub('size');
  const math = create(factories, {});
  if (typeof math.parse !== 'function') throw new Error('mathjs layout changed');
  return (text) => math.parse(text);
}

/**
 * The mathjs parser (text → expression tree), built on first use.
 * @internal
 */
export function mathjsParse(text: string): MathjsNode {
  if (!parser) {
    try {
      parser = minimalParser();
    } catch {
      const full = require('mathjs') as { parse: (text: string) => MathjsNode };
      parser = (t) => full.parse(t);
    }
  }
  return parser(text);
}

let full: MathJsInstance | undefined;

/**
 * All of mathjs (for `simplify`), loaded on first use only: about half a second.
 * @internal
 */
export function fullMathjs(): MathJsInstance {
  return (full ??= require('mathjs') as MathJsInstance);
}
