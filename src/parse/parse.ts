import { ArgumentError, InternalError, ParseError, ShapeError } from '../util/errors.js';
import { constant, isNode, Node, variable } from '../core/node.js';
import { toTensor, type TensorLike } from '../tensor/tensor.js';
import { exp } from '../ops/exp.js';
import { add } from '../ops/add.js';
import { div } from '../ops/div.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { pow } from '../ops/pow.js';
import { stack } from '../ops/stack.js';
import { sub } from '../ops/sub.js';
import { transpose } from '../ops/transpose.js';
import { mathjsParse, type MathjsNode, type MathjsSyntaxError } from './mathjs.js';
import { columns, excerpt, scan, visible } from './columns.js';
import { read, type ReadTree } from './reader.js';
import { functionNames, functionTable, namedConstant, nearestName, over, power, suggest, times, type Arg } from './functions.js';

/** Values for the symbols of an expression: numbers, nested arrays, tensors, or existing nodes. */
export type ParseBindings = Readonly<Record<string, TensorLike | Node>>;

/** An expression parsed to a graph, with the node each symbol became. @internal */
export interface Parsed {
  /** The expression's node. */
  node: Node;
  /** Each symbol of the expression and its node (a variable, or the node given in the bindings). */
  symbols: Map<string, Node>;
}

/** Options of {@link parseExpression}. @internal */
export interface ParseOptions {
  /**
   * Only the bound names may be used: any other name is a {@link ParseError} at its column,
   * "unknown name 'y' (did you mean Y?)", instead of a new variable (checks and grading).
   */
  closed?: boolean;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that are constants in expressions (a Map: a user's name is never looked up in a plain object). */
const CONSTANTS = new Map<string, 'pi' | 'e'>([['pi', 'pi'], ['PI', 'pi'], ['e', 'e'], ['E', 'e']]);

const UNSUPPORTED_OPERATORS = new Map<string, string>([
  ...['equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq'].map((fn): [string, string] => [fn, 'comparisons']),
  ['to', 'units and unit conversions'],
  ['in', 'units and unit conversions'],
]);
const UNARY = new Map<string, (x: Node) => Node>([['unaryMinus', neg], ['unaryPlus', (x) => x], ['ctranspose', transpose], ['transpose', transpose]]);
const BINARY = new Map<string, (a: Node, b: Node) => Node>([
  ['add', add],
  ['subtract', sub],
  ['multiply', times],
  ['divide', over],
  ['pow', (a, b) => (a.isConstant && a.label === 'e' ? exp(b) : power(a, b))],
  ['dotMultiply', mul],
  ['dotDivide', div],
  ['dotPow', (a, b) => pow(a, b)],
]);

/** Describes the token at a 1-based column for a syntax error. */
function tokenAt(text: string, col: number): string {
  const tok = scan(text).find((t) => t.col >= col);
  if (!tok || col > text.length) return 'end of expression';
  const chars = Array.from(tok.text === '\n' ? '\\n' : tok.text);
  return `"${visible(chars.length > 12 ? `${chars.slice(0, 12).join('')}…` : chars.join(''))}"`;
}

function syntaxError(text: string, e: MathjsSyntaxError): ParseError {
  const raw = e.message.replace(/\s*\(char \d+\)\s*$/, '');
  const col = typeof e.char === 'number' ? e.char : undefined;
  if (col === undefined) return new ParseError(`${excerpt(text)} : ${visible(raw.charAt(0).toLowerCase() + raw.slice(1, 200))}`);
  const rows = /^Column dimensions mismatch \((\d+) !== (\d+)\)$/.exec(raw);
  if (rows) return new ParseError(`${excerpt(text, col)} : the rows of a matrix have different lengths (${rows[1]} and ${rows[2]}) at column ${col}`, col);
  const what = tokenAt(text, col);
  let reason = raw.charAt(0).toLowerCase() + raw.slice(1);
  if (/^unexpected end of expression$/i.test(raw) || /^syntax error in part/i.test(raw) || /^unexpected operator/i.test(raw) || /^unexpected part/i.test(raw)) reason = '';
  reason = reason.replace(/^value expected$/, 'a value was expected').replace(/^parenthesis \) expected$/, 'a closing ")" was expected');
  return new ParseError(`${excerpt(text, col)} : unexpected ${what} at column ${col}${reason ? `; ${visible(reason.slice(0, 200))}` : ''}`, col);
}

// ---------------------------------------------------------------------------------------
// Pass 1: the arguments.

function checkArguments(text: unknown, bindings: unknown): asserts bindings is ParseBindings {
  if (typeof text !== 'string') throw new ArgumentError(`parse: an expression is a string; got ${text === null ? 'null' : typeof text}`);
  if (bindings === null || typeof bindings !== 'object' || Array.isArray(bindings)) {
    throw new ArgumentError(`parse: bindings are an object of values by name; got ${Array.isArray(bindings) ? 'an array' : typeof bindings}`);
  }
  for (const name of Object.keys(bindings)) {
    const c = CONSTANTS.get(name);
    if (c) throw new ArgumentError(`parse: '${name}' is the constant ${c} in expressions and cannot be bound; rename the variable`);
  }
  if (text.trim() === '') throw new ParseError('parse: the expression is empty', 1);
}

// ---------------------------------------------------------------------------------------
// Pass 2: text to tree, with the column of every node.

/**
 * The expression's tree: read by tracegrad's own iterative reader when it can, else by mathjs
 * (other syntax, and the wording of syntax errors).
 */
function readTree(text: string): ReadTree {
  const mine = read(text);
  if (!('declined' in mine)) return mine;
  let ast: MathjsNode;
  try {
    ast = mathjsParse(text);
  } catch (e) {
    if (e instanceof Error && e.name === 'SyntaxError') throw syntaxError(text, e as MathjsSyntaxError);
    if (e instanceof RangeError) {
      // NOTE: mathjs's parser recurses; past a few hundred levels it cannot say what is wrong at this column.
      throw new ParseError(
        `${excerpt(text, mine.col)} : unexpected ${tokenAt(text, mine.col)} at column ${mine.col}; the expression is nested too deeply to say more ` +
          "(at this depth an expression is read when written with + - * / ^ .* ./ .^ ', parentheses, calls and matrices only)",
        mine.col,
      );
    }
    if (e instanceof Error) throw new ParseError(`${excerpt(text)} : ${visible(e.message.slice(0, 200))}`);
    throw e;
  }
  return { ast, cols: columns(text, ast) };
}

// ---------------------------------------------------------------------------------------
// Pass 3: tree to graph.

/** What a tree node became: its graph node, or the error that building it raised. */
type Built = Node | Error;

/**
 * Converts a tree to a graph in one post-order walk with an explicit stack. A call's
 * arguments are all built before the call (an argument that must be a number, such as a
 * dimension, is also built, and its error kept for when it is used); the symbols reported
 * are those of the parts of the tree that the graph uses.
 */
class Converter {
  private readonly built = new Map<MathjsNode, Built>();
  /** The node of each symbol, made on first sight. */
  private readonly made = new Map<string, Node>();
  /** Call arguments whose node the call did not use (a dimension, a size): their symbols are not the expression's. */
  readonly unused = new Set<MathjsNode>();
  /** Items of array arguments whose node a call used (`stack([a, b])`). */
  readonly usedItems = new Set<MathjsNode>();
  /** Errors that already name their column. */
  private readonly located = new WeakSet<Error>();

  constructor(
    private readonly text: string,
    private readonly cols: Map<MathjsNode, number>,
    private readonly bindings: ParseBindings,
    private readonly options: ParseOptions = {},
  ) {}

  run(root: MathjsNode): Parsed {
    // The stack holds tree nodes, each with a flag: false until its operands are on the stack above it.
    const nodes: MathjsNode[] = [root];
    const opened: boolean[] = [false];
    while (nodes.length) {
      const top = nodes.length - 1;
      const n = nodes[top]!;
      if (!opened[top]) {
        opened[top] = true;
        let early: Error | undefined;
        try {
          this.precheck(n);
        } catch (e) {
          early = this.locate(n, e);
        }
        if (early) {
          this.built.set(n, early);
          nodes.pop();
          opened.pop();
          continue;
        }
        const kids = children(n);
        for (let i = kids.length - 1; i >= 0; i--) {
          nodes.push(kids[i]!);
          opened.push(false);
        }
        continue;
      }
      nodes.pop();
      opened.pop();
      let out: Built;
      try {
        out = this.build(n);
      } catch (e) {
        out = this.locate(n, e);
      }
      this.built.set(n, out);
    }
    const node = this.built.get(root)!;
    if (node instanceof Error) throw node;
    return { node, symbols: this.symbols(root) };
  }

  /** An error raised at node `n`, with `n`'s column when it has none. */
  private locate(n: MathjsNode, e: unknown): Error {
    if (!(e instanceof Error) || this.located.has(e)) return e as Error;
    if (e instanceof ParseError) return this.failure(n, e.message);
    if (e instanceof ShapeError || e instanceof ArgumentError) {
      const col = this.cols.get(n);
      const Cls = e instanceof ShapeError ? ShapeError : ArgumentError;
      const err = new Cls(`${excerpt(this.text, col)} : ${e.message}${col ? ` at column ${col}` : ''}`);
      this.located.add(err);
      return err;
    }
    return e;
  }

  private failure(n: MathjsNode, problem: string, hint?: string): ParseError {
    const col = this.cols.get(n);
    const err = new ParseError(`${excerpt(this.text, col)} : ${problem}${col ? ` at column ${col}` : ''}${hint ? `; ${hint}` : ''}`, col);
    this.located.add(err);
    return err;
  }

  fail(n: MathjsNode, problem: string, hint?: string): never {
    throw this.failure(n, problem, hint);
  }

  /** The node built for `n`, or its error thrown. */
  nodeOf(n: MathjsNode): Node {
    const b = this.built.get(n);
    if (b === undefined) throw new InternalError(`parse: a ${n.type} was used before it was built`);
    if (b instanceof Error) throw b;
    return b;
  }

  /** Errors a node raises whatever its operands: constructs and calls that are not supported. */
  private precheck(n: MathjsNode): void {
    switch (n.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) {
            const literal = this.literalAt(n);
            if (/^(NaN|Infinity)$/.test(literal)) this.fail(n, `${literal} is not accepted in expressions`, 'numbers must be finite');
            this.fail(n, `the number ${literal} is too large for float64 (it would be Infinity)`, 'numbers must be finite');
          }
          return;
        }
        if (typeof v === 'string') this.fail(n, 'strings are not supported', 'an expression is numbers, names, operators and function calls');
        return this.fail(n, `'${visible(String(v))}' is not a number`, 'an expression is numbers, names, operators and function calls');
      }
      case 'OperatorNode': {
        const unsupported = UNSUPPORTED_OPERATORS.get(n.fn);
        if (unsupported) this.fail(n, `${unsupported} ('${n.op}') are not supported`);
        const known = n.args.length === 1 ? UNARY.has(n.fn) : n.args.length === 2 && BINARY.has(n.fn);
        if (!known) this.fail(n, `the operator '${visible(n.op)}' is not supported`, "operators are + - * / ^ .* ./ .^ and ' (transpose)");
        return;
      }
      case 'FunctionNode': {
        if (n.fn.type !== 'SymbolNode') this.fail(n, 'only named functions can be called');
        const name = n.fn.name;
        const fn = functionTable().get(name);
        if (!fn) {
          const near = suggest(name);
          this.fail(n, `unknown function '${visible(name)}'`, `${near ? `did you mean '${near}'? ` : ''}known functions: ${functionNames().join(', ')}`);
        }
        if (n.args.length < fn.min || n.args.length > fn.max) {
          const count = fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
          this.fail(n, `wrong number of arguments to ${name}`, `it takes ${count}, got ${n.args.length} (usage: ${fn.usage})`);
        }
        return;
      }
      case 'ArrayNode':
        if (n.items.length === 0) this.fail(n, 'an empty matrix has no value');
        return;
      case 'SymbolNode':
      case 'ParenthesisNode':
        return;
      case 'AssignmentNode':
        return this.fail(n, "assignment ('=') is not supported", 'give an expression only; values go in bindings (or --at on the command line)');
      case 'FunctionAssignmentNode':
        return this.fail(n, `function definitions ('${visible(n.name)}(${visible(n.params.join(', '))}) = …') are not supported`, 'give an expression only');
      case 'RangeNode':
        return this.fail(n, "ranges ('a:b') are not supported");
      case 'RelationalNode':
        return this.fail(n, 'comparisons are not supported');
      case 'ConditionalNode':
        return this.fail(n, "conditional expressions ('c ? a : b') are not supported");
      case 'BlockNode': {
        const second = n.blocks[1]?.node;
        // NOTE: the column of the second expression, when it has one (a failure at the block itself otherwise).
        if (second && this.cols.has(second)) throw this.failure(second, 'several expressions are not supported', 'give one expression (no ; or new lines)');
        return this.fail(n, 'several expressions are not supported', 'give one expression (no ; or new lines)');
      }
      case 'AccessorNode':
        return this.fail(n, "indexing ('x[i]', 'x.y') is not supported");
      case 'IndexNode':
        return this.fail(n, 'indices are not supported');
      case 'ObjectNode':
        return this.fail(n, "objects ('{…}') are not supported");
    }
  }

  /** The number literal as written at a node's column (for messages). */
  private literalAt(n: MathjsNode): string {
    const col = this.cols.get(n);
    if (col !== undefined) {
      const m = /[0-9.]+(?:[eE][+-]?[0-9]+)?|NaN|Infinity/y;
      m.lastIndex = col - 1;
      const hit = m.exec(this.text);
      if (hit) return hit[0].length > 40 ? `${hit[0].slice(0, 40)}…` : hit[0];
    }
    return String((n as { value: unknown }).value);
  }

  /** Builds a node whose operands are built. */
  private build(n: MathjsNode): Node {
    switch (n.type) {
      case 'ConstantNode':
        return constant(n.value as number);
      case 'SymbolNode':
        return this.symbol(n);
      case 'ParenthesisNode':
        return this.nodeOf(n.content);
      case 'OperatorNode': {
        const args = n.args.map((a) => this.nodeOf(a));
        return args.length === 1 ? UNARY.get(n.fn)!(args[0]!) : BINARY.get(n.fn)!(args[0]!, args[1]!);
      }
      case 'FunctionNode': {
        const name = (n.fn as { name: string }).name;
        const args = n.args.map((a) => new CallArg(this, a, name));
        const out = functionTable().get(name)!.build(args);
        for (const a of args) if (!a.used) this.unused.add(a.ast);
        return out;
      }
      case 'ArrayNode':
        return stack(n.items.map((i) => this.nodeOf(i)), 0);
      default:
        throw new InternalError(`parse: a ${n.type} passed the checks`);
    }
  }

  private symbol(n: MathjsNode & { type: 'SymbolNode' }): Node {
    const name = n.name;
    const c = CONSTANTS.get(name);
    if (c) return namedConstant(c);
    const hit = this.made.get(name);
    if (hit) return hit;
    if (!NAME_RE.test(name)) this.fail(n, `'${visible(name)}' is not a valid variable name`, 'a name is a letter or _, then letters, digits or _');
    const bound = Object.hasOwn(this.bindings, name) ? this.bindings[name] : undefined;
    if (bound === undefined && this.options.closed) {
      const keys = Object.keys(this.bindings);
      const near = nearestName(name, keys);
      const list = keys.length > 24 ? `${keys.slice(0, 24).join(', ')}, …` : keys.join(', ');
      this.fail(n, `unknown name '${visible(name)}'${near ? ` (did you mean ${near}?)` : ''}`, keys.length ? `the names it may use: ${list}` : 'it may use no names');
    }
    const node = isNode(bound) ? bound : variable(name, bound);
    this.made.set(name, node);
    return node;
  }

  /** A number (or a list of numbers) known at parse time: a literal, or a symbol bound to one. */
  staticValue(n0: MathjsNode, what: string, fn: string): number[] | number {
    const scalar = (item: MathjsNode): number | number[] | undefined => {
      let n = item, sign = 1, signed = false;
      for (;;) {
        if (n.type === 'ParenthesisNode') n = n.content;
        else if (n.type === 'OperatorNode' && n.args.length === 1 && (n.fn === 'unaryMinus' || n.fn === 'unaryPlus')) {
          if (n.fn === 'unaryMinus') sign = -sign;
          signed = true;
          n = n.args[0]!;
        } else break;
      }
      if (n.type === 'ConstantNode' && typeof n.value === 'number') return sign * n.value;
      if (n.type === 'SymbolNode') {
        const b = Object.hasOwn(this.bindings, n.name) ? this.bindings[n.name] : undefined;
        if (b === undefined) {
          this.fail(n, `'${visible(n.name)}' has no value`, `${fn} needs its ${what} as a number when the expression is parsed: bind '${n.name}' to a number or write the number`);
        }
        const t = isNode(b) ? (b.isConstant || b.isVariable ? b.tensor : undefined) : toTensor(`parse: value of '${n.name}'`, b);
        if (t && t.rank === 0) return sign * t.data[0]!;
        if (t && t.rank === 1 && !signed) return Array.from(t.data);
      }
      if (n.type === 'ArrayNode' && !signed) return undefined;
      return this.fail(n, `the ${what} of ${fn} must be a number written in the expression`);
    };
    let top = n0;
    while (top.type === 'ParenthesisNode') top = top.content;
    if (top.type === 'ArrayNode') {
      return top.items.map((item) => {
        const v = scalar(item);
        if (typeof v !== 'number') return this.fail(item, `the ${what} of ${fn} must be a number written in the expression`);
        return v;
      });
    }
    const v = scalar(n0);
    if (v === undefined) return this.fail(n0, `the ${what} of ${fn} must be a number written in the expression`);
    return v;
  }

  /** The symbols of the parts of the tree the graph uses, in order of appearance. */
  private symbols(root: MathjsNode): Map<string, Node> {
    const out = new Map<string, Node>();
    const todo: MathjsNode[] = [root];
    while (todo.length) {
      const n = todo.pop()!;
      if (n.type === 'SymbolNode') {
        if (!CONSTANTS.has(n.name) && !out.has(n.name)) out.set(n.name, this.made.get(n.name)!);
        continue;
      }
      const kids = children(n);
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i]!;
        if (n.type !== 'FunctionNode' || !this.unused.has(k)) todo.push(k);
        else if (k.type === 'ArrayNode') for (let j = k.items.length - 1; j >= 0; j--) if (this.usedItems.has(k.items[j]!)) todo.push(k.items[j]!);
      }
    }
    return out;
  }
}

/** A call's argument as the call's hook sees it. */
class CallArg implements Arg {
  /** True once the call asked for its node. */
  used = false;

  constructor(
    private readonly converter: Converter,
    readonly ast: MathjsNode,
    private readonly fn: string,
    private readonly item = false,
  ) {}

  node(): Node {
    this.used = true;
    if (this.item) this.converter.usedItems.add(this.ast);
    return this.converter.nodeOf(this.ast);
  }

  num(what: string): number {
    const v = this.converter.staticValue(this.ast, what, this.fn);
    if (typeof v !== 'number') return this.converter.fail(this.ast, `the ${what} of ${this.fn} must be a single number`);
    return v;
  }

  nums(what: string): number[] {
    const v = this.converter.staticValue(this.ast, what, this.fn);
    return typeof v === 'number' ? [v] : v;
  }

  items(): Arg[] | undefined {
    return this.ast.type === 'ArrayNode' ? this.ast.items.map((i) => new CallArg(this.converter, i, this.fn, true)) : undefined;
  }
}

/** The operands of a node that are converted before it. */
function children(n: MathjsNode): readonly MathjsNode[] {
  switch (n.type) {
    case 'ParenthesisNode':
      return [n.content];
    case 'OperatorNode':
    case 'FunctionNode':
      return n.args;
    case 'ArrayNode':
      return n.items;
    default:
      return [];
  }
}

/**
 * Parses a mathjs expression into a graph and reports each symbol's node, in three passes:
 * the arguments are checked, the text is read into a tree with columns, the tree becomes a
 * graph. Every pass is iterative, so expressions nested a million levels deep parse. @internal
 */
export function parseExpression(text: string, bindings: ParseBindings = {}, options: ParseOptions = {}): Parsed {
  checkArguments(text, bindings);
  const { ast, cols } = readTree(text);
  return new Converter(text, cols, bindings, options).run(ast);
}

/**
 * Parses an expression in mathjs syntax into a tracegrad graph. mathjs only parses the text;
 * nothing is ever evaluated. Symbols become variables (the same symbol is the same variable
 * within one parse) valued from `bindings`; a binding may also be an existing node, which
 * the symbol then stands for. `pi` and `e` are the constants. Numbers and matrix literals
 * (`[[1, 2], [3, 4]]`, `[1, 2; 3, 4]`) are constants; a literal with symbols in it stacks them.
 *
 * Operators: `+ - * / ^`, unary minus, `.* ./ .^` (elementwise) and `'` (transpose). `*` is
 * the matrix product when both sides are non-scalars (NumPy `matmul`: a 1-D left side is a
 * row, a 1-D right side a column), elementwise otherwise; `/` and `^` take a scalar
 * divisor or exponent and base (use `./`, `.^` between tensors). Functions are the ops' mathjs
 * names (`sin`, `exp`, `log`, `sqrt`, `abs`, `max`, `min`, `sigmoid`, `relu`, `softplus`,
 * `tanh`, …) and `sum`, `mean`, `logsumexp`, `softmax`, `logSoftmax` (with an optional
 * dimension, counted from 1 as in mathjs), `dot`, `trace`, `norm`, `transpose`, `log(x, base)`,
 * `square`, `cube`, `reshape(x, sizes)`, `step`, `stack([a, b], dim)` and `take(x, index, dim)`.
 * @param text the expression, e.g. `'sigmoid(w*x + b)'`
 * @param bindings values (numbers, nested arrays, tensors) or nodes by symbol name
 * @returns the expression's node
 * @throws {@link ParseError} for a syntax error, an unknown function (with the nearest known
 * name), an unsupported construct (assignment, function definition, range, string, unit,
 * comparison…) or a symbol with no value where a number is needed, naming the column;
 * {@link ShapeError} for shapes that do not fit, naming the column
 * @example
 * tg.parse('x^2 + 1', { x: 3 }).value; // → 10
 * tg.toText(tg.parse('sigmoid(w*x + b)')); // → 'σ(w·x + b)'
 * tg.parse('[[1, 2], [3, 4]] * [1, 1]').value.toArray(); // → [3, 7]
 * tg.parse('sum(A, 1)', { A: [[1, 2], [3, 4]] }).value.toArray(); // → [4, 6]
 * @see {@link toMathjs}
 * @category Parsing
 */
export function parse(text: string, bindings: ParseBindings = {}): Node {
  return parseExpression(text, bindings).node;
}

