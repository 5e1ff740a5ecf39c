import { ArgumentError, ParseError, ShapeError } from '../util/errors.js';
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
import { columns, scan } from './columns.js';
import { functionNames, functionTable, namedConstant, over, power, suggest, times, type Arg } from './functions.js';

/** Values for the symbols of an expression: numbers, nested arrays, tensors, or existing nodes. */
export type ParseBindings = Readonly<Record<string, TensorLike | Node>>;

/** An expression parsed to a graph, with the node each symbol became. @internal */
export interface Parsed {
  /** The expression's node. */
  node: Node;
  /** Each symbol of the expression and its node (a variable, or the node given in the bindings). */
  symbols: Map<string, Node>;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONSTANTS: Record<string, 'pi' | 'e'> = { pi: 'pi', PI: 'pi', e: 'e', E: 'e' };

const UNSUPPORTED_OPERATORS: Record<string, string> = {
  equal: 'comparisons', unequal: 'comparisons', smaller: 'comparisons', larger: 'comparisons', smallerEq: 'comparisons', largerEq: 'comparisons',
  to: 'units and unit conversions', in: 'units and unit conversions',
};

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Describes the token at a 1-based column for a syntax error. */
function tokenAt(text: string, col: number): string {
  const tok = scan(text).find((t) => t.col >= col);
  if (!tok || col > text.length) return 'end of expression';
  return `"${tok.text === '\n' ? '\\n' : tok.text.length > 12 ? `${tok.text.slice(0, 12)}…` : tok.text}"`;
}

function syntaxError(text: string, e: MathjsSyntaxError): ParseError {
  const raw = e.message.replace(/\s*\(char \d+\)\s*$/, '');
  const col = typeof e.char === 'number' ? e.char : undefined;
  if (col === undefined) return new ParseError(`${oneLine(text)} : ${raw.charAt(0).toLowerCase()}${raw.slice(1)}`);
  const rows = /^Column dimensions mismatch \((\d+) !== (\d+)\)$/.exec(raw);
  if (rows) return new ParseError(`${oneLine(text)} : the rows of a matrix have different lengths (${rows[1]} and ${rows[2]}) at column ${col}`, col);
  const what = tokenAt(text, col);
  let reason = raw.charAt(0).toLowerCase() + raw.slice(1);
  if (/^unexpected end of expression$/i.test(raw) || /^syntax error in part/i.test(raw) || /^unexpected operator/i.test(raw)) reason = '';
  reason = reason.replace(/^value expected$/, 'a value was expected').replace(/^parenthesis \) expected$/, 'a closing ")" was expected');
  return new ParseError(`${oneLine(text)} : unexpected ${what} at column ${col}${reason ? `; ${reason}` : ''}`, col);
}

/**
 * Parses a mathjs expression into a graph and reports each symbol's node. @internal
 */
export function parseExpression(text: string, bindings: ParseBindings = {}): Parsed {
  if (typeof text !== 'string') throw new ArgumentError(`parse: an expression is a string; got ${text === null ? 'null' : typeof text}`);
  if (bindings === null || typeof bindings !== 'object' || Array.isArray(bindings)) {
    throw new ArgumentError(`parse: bindings are an object of values by name; got ${Array.isArray(bindings) ? 'an array' : typeof bindings}`);
  }
  for (const name of Object.keys(bindings)) {
    if (CONSTANTS[name]) throw new ArgumentError(`parse: '${name}' is the constant ${CONSTANTS[name]} in expressions and cannot be bound; rename the variable`);
  }
  const shown = oneLine(text);
  if (shown === '') throw new ParseError('parse: the expression is empty', 1);
  let ast: MathjsNode;
  try {
    ast = mathjsParse(text);
  } catch (e) {
    if (e instanceof Error && e.name === 'SyntaxError') throw syntaxError(text, e as MathjsSyntaxError);
    if (e instanceof Error) throw new ParseError(`${shown} : ${e.message}`);
    throw e;
  }
  const cols = columns(text, ast);
  const located = new WeakSet<Error>();
  const fail = (node: MathjsNode, problem: string, hint?: string): never => {
    const col = cols.get(node);
    const err = new ParseError(`${shown} : ${problem}${col ? ` at column ${col}` : ''}${hint ? `; ${hint}` : ''}`, col);
    located.add(err);
    throw err;
  };
  const symbols = new Map<string, Node>();

  const symbol = (n: MathjsNode & { type: 'SymbolNode' }): Node => {
    const name = n.name;
    const hit = symbols.get(name);
    if (hit) return hit;
    const c = CONSTANTS[name];
    if (c) return namedConstant(c);
    if (!NAME_RE.test(name)) fail(n, `'${name}' is not a valid variable name`, 'a name is a letter or _, then letters, digits or _');
    const bound = Object.prototype.hasOwnProperty.call(bindings, name) ? bindings[name] : undefined;
    const node = isNode(bound) ? bound : variable(name, bound);
    symbols.set(name, node);
    return node;
  };

  /** A number known at parse time: a literal, or a symbol bound to a number. */
  const staticValue = (n: MathjsNode, what: string, fn: string): number[] | number => {
    switch (n.type) {
      case 'ConstantNode':
        if (typeof n.value === 'number') return n.value;
        break;
      case 'ParenthesisNode':
        return staticValue(n.content, what, fn);
      case 'OperatorNode':
        if (n.args.length === 1 && (n.fn === 'unaryMinus' || n.fn === 'unaryPlus')) {
          const v = staticValue(n.args[0]!, what, fn);
          if (typeof v === 'number') return n.fn === 'unaryMinus' ? -v : v;
        }
        break;
      case 'ArrayNode': {
        const vs = n.items.map((i) => staticValue(i, what, fn));
        if (vs.every((v) => typeof v === 'number')) return vs as number[];
        break;
      }
      case 'SymbolNode': {
        const b = Object.prototype.hasOwnProperty.call(bindings, n.name) ? bindings[n.name] : undefined;
        if (b === undefined) fail(n, `'${n.name}' has no value`, `${fn} needs its ${what} as a number when the expression is parsed: bind '${n.name}' to a number or write the number`);
        const t = isNode(b) ? (b.isConstant || b.isVariable ? b.tensor : undefined) : toTensor(`parse: value of '${n.name}'`, b);
        if (t && t.rank <= 1) return t.rank === 0 ? t.data[0]! : Array.from(t.data);
        break;
      }
    }
    return fail(n, `the ${what} of ${fn} must be a number written in the expression`);
  };

  const convert = (n: MathjsNode): Node => {
    try {
      return convertNode(n);
    } catch (e) {
      if (e instanceof ParseError && !located.has(e)) return fail(n, e.message);
      if ((e instanceof ShapeError || e instanceof ArgumentError) && !located.has(e)) {
        const col = cols.get(n);
        const Cls = e instanceof ShapeError ? ShapeError : ArgumentError;
        const err = new Cls(`${shown} : ${e.message}${col ? ` at column ${col}` : ''}`);
        located.add(err);
        throw err;
      }
      throw e;
    }
  };

  const convertNode = (n: MathjsNode): Node => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v === 'number') return constant(v);
        if (typeof v === 'string') return fail(n, 'strings are not supported', 'an expression is numbers, names, operators and function calls');
        return fail(n, `'${String(v)}' is not a number`, 'an expression is numbers, names, operators and function calls');
      }
      case 'SymbolNode':
        return symbol(n);
      case 'ParenthesisNode':
        return convert(n.content);
      case 'OperatorNode': {
        const unsupported = UNSUPPORTED_OPERATORS[n.fn];
        if (unsupported) return fail(n, `${unsupported} ('${n.op}') are not supported`);
        const args = () => n.args.map(convert);
        if (n.args.length === 1) {
          switch (n.fn) {
            case 'unaryMinus': return neg(args()[0]!);
            case 'unaryPlus': return args()[0]!;
            case 'ctranspose':
            case 'transpose': return transpose(args()[0]!);
          }
        } else if (n.args.length === 2) {
          const binary = (f: (a: Node, b: Node) => Node) => {
            const [a, b] = args();
            return f(a!, b!);
          };
          switch (n.fn) {
            case 'add': return binary(add);
            case 'subtract': return binary(sub);
            case 'multiply': return binary(times);
            case 'divide': return binary(over);
            case 'pow': return binary((a, b) => (a.isConstant && a.label === 'e' ? exp(b) : power(a, b)));
            case 'dotMultiply': return binary(mul);
            case 'dotDivide': return binary(div);
            case 'dotPow': return binary((a, b) => pow(a, b));
          }
        }
        return fail(n, `the operator '${n.op}' is not supported`, "operators are + - * / ^ .* ./ .^ and ' (transpose)");
      }
      case 'FunctionNode': {
        if (n.fn.type !== 'SymbolNode') return fail(n, 'only named functions can be called');
        const name = n.fn.name;
        const fn = functionTable().get(name);
        if (!fn) {
          const near = suggest(name);
          return fail(n, `unknown function '${name}'`, `${near ? `did you mean '${near}'? ` : ''}known functions: ${functionNames().join(', ')}`);
        }
        if (n.args.length < fn.min || n.args.length > fn.max) {
          const count = fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
          return fail(n, `wrong number of arguments to ${name}`, `it takes ${count}, got ${n.args.length} (usage: ${fn.usage})`);
        }
        const makeArg = (a: MathjsNode): Arg => {
          let built: Node | undefined;
          return {
            ast: a,
            node: () => (built ??= convert(a)),
            num: (what) => {
              const v = staticValue(a, what, name);
              if (typeof v !== 'number') return fail(a, `the ${what} of ${name} must be a single number`);
              return v;
            },
            nums: (what) => {
              const v = staticValue(a, what, name);
              return typeof v === 'number' ? [v] : v;
            },
            items: () => (a.type === 'ArrayNode' ? a.items.map(makeArg) : undefined),
          };
        };
        const args = n.args.map(makeArg);
        return fn.build(args);
      }
      case 'ArrayNode': {
        if (n.items.length === 0) return fail(n, 'an empty matrix has no value');
        return stack(n.items.map(convert), 0);
      }
      case 'AssignmentNode':
        return fail(n, "assignment ('=') is not supported", 'give an expression only; values go in bindings (or --at on the command line)');
      case 'FunctionAssignmentNode':
        return fail(n, `function definitions ('${n.name}(${n.params.join(', ')}) = …') are not supported`, 'give an expression only');
      case 'RangeNode':
        return fail(n, "ranges ('a:b') are not supported");
      case 'RelationalNode':
        return fail(n, 'comparisons are not supported');
      case 'ConditionalNode':
        return fail(n, "conditional expressions ('c ? a : b') are not supported");
      case 'BlockNode':
        return fail(n.blocks[1]?.node ?? n, 'several expressions are not supported', 'give one expression (no ; or new lines)');
      case 'AccessorNode':
        return fail(n, "indexing ('x[i]', 'x.y') is not supported");
      case 'IndexNode':
        return fail(n, 'indices are not supported');
      case 'ObjectNode':
        return fail(n, "objects ('{…}') are not supported");
    }
  };

  return { node: convert(ast), symbols };
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

