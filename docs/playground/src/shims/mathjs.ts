/**
 * Browser stand-in for `src/parse/mathjs.ts`, swapped in by `vite.config.ts`.
 *
 * The Node module builds the mathjs parser with `createRequire(import.meta.url)` (from
 * `node:module`) at import time, which does not exist in a browser. Here the same parser is
 * assembled from mathjs's ES modules with only the parser's own dependencies, so the
 * bundle stays small. Nothing is ever evaluated, as in the Node module.
 */
import { create, parseDependencies } from 'mathjs';
import type { MathJsInstance } from 'mathjs';
import type { MathjsNode } from '../../../../src/parse/mathjs.js';

export type { MathjsNode, MathjsSyntaxError } from '../../../../src/parse/mathjs.js';

let parser: ((text: string) => MathjsNode) | undefined;

/** The mathjs parser (text → expression tree), built on first use. */
export function mathjsParse(text: string): MathjsNode {
  if (!parser) {
    const math = create({ parseDependencies }, {}) as unknown as { parse: (text: string) => MathjsNode };
    parser = (t) => math.parse(t);
  }
  return parser(text);
}

/** Full mathjs (only `checkFormula`'s symbolic step uses it) is not bundled in the playground. */
export function fullMathjs(): MathJsInstance {
  throw new Error('the playground does not bundle all of mathjs (symbolic simplification is unavailable here)');
}
