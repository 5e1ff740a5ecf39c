/**
 * The two parts of mathjs that tracegrad uses, assembled through mathjs's public API:
 * `create` with the dependency lists of `parse` (text → expression tree) and of `simplify`
 * (the symbolic step of `checkFormula`). Nothing here ever evaluates an expression.
 *
 * Only what these two need is built, on first use. A bundler keeps only those factories
 * (mathjs is tree-shakable). In Node, importing `mathjs` evaluates all of it (about 0.8 s),
 * so the published build (`scripts/build.ts`) bundles this one module with the factories it
 * uses: loading it then costs about 40 ms.
 * @module
 */
import {
  create,
  parseDependencies,
  simplifyDependencies,
  absDependencies, acosDependencies, acoshDependencies, acotDependencies, acothDependencies, acscDependencies,
  acschDependencies, asecDependencies, asechDependencies, asinDependencies, asinhDependencies, atanDependencies,
  atanhDependencies, cbrtDependencies, cosDependencies, coshDependencies, cotDependencies, cothDependencies,
  cscDependencies, cschDependencies, expDependencies, logDependencies, log2Dependencies, log10Dependencies,
  maxDependencies, minDependencies, nthRootDependencies, secDependencies, sechDependencies, signDependencies,
  sinDependencies, sinhDependencies, sqrtDependencies, tanDependencies, tanhDependencies,
} from 'mathjs';

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

/** The mathjs functions tracegrad calls: a parser and a simplifier (both return mathjs trees). @internal */
export interface MathjsFunctions {
  /** Parses mathjs syntax. @throws SyntaxError with `char` */
  parse(text: string): MathjsNode;
  /** mathjs `simplify` of an expression (its result's `type` and `value` say whether it is a constant). */
  simplify(text: string): { type: string; value?: unknown; toString(): string };
}

type Instance = { parse?: unknown; simplify?: unknown };

let parser: ((text: string) => MathjsNode) | undefined;
let simplifier: MathjsFunctions | undefined;

/**
 * The mathjs parser (text → expression tree), built on first use.
 * @internal
 */
export function mathjsParse(text: string): MathjsNode {
  if (!parser) {
    const math = create({ parseDependencies }, {}) as Instance;
    if (typeof math.parse !== 'function') throw new Error('mathjs create({ parseDependencies }) made no parse function');
    parser = math.parse as (text: string) => MathjsNode;
  }
  return parser(text);
}

/**
 * mathjs's `parse` and `simplify`, built on first use. `simplify` folds constants by calling
 * the functions it meets, so the instance also holds every elementary function that
 * `toMathjs(…, { reference: true })` writes: it simplifies exactly as all of mathjs does
 * (tests/parse/mathjs.test.ts compares the two).
 * @internal
 */
export function fullMathjs(): MathjsFunctions {
  if (!simplifier) {
    const math = create({
      parseDependencies, simplifyDependencies,
      absDependencies, acosDependencies, acoshDependencies, acotDependencies, acothDependencies, acscDependencies,
      acschDependencies, asecDependencies, asechDependencies, asinDependencies, asinhDependencies, atanDependencies,
      atanhDependencies, cbrtDependencies, cosDependencies, coshDependencies, cotDependencies, cothDependencies,
      cscDependencies, cschDependencies, expDependencies, logDependencies, log2Dependencies, log10Dependencies,
      maxDependencies, minDependencies, nthRootDependencies, secDependencies, sechDependencies, signDependencies,
      sinDependencies, sinhDependencies, sqrtDependencies, tanDependencies, tanhDependencies,
    }, {}) as Instance;
    if (typeof math.parse !== 'function' || typeof math.simplify !== 'function') throw new Error('mathjs create({ simplifyDependencies }) made no simplify function');
    simplifier = { parse: math.parse as MathjsFunctions['parse'], simplify: math.simplify as MathjsFunctions['simplify'] };
  }
  return simplifier;
}
