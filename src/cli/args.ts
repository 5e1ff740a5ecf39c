/**
 * Command-line arguments: a command, an expression, and options, checked against what each
 * command accepts. Errors are {@link ArgumentError}s with one-line messages.
 * @module
 */
import { ArgumentError } from '../util/errors.js';
import { decimalNumber } from '../util/decimal.js';
import { tensor, type Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { visible } from '../parse/columns.js';

/** What one option takes. */
export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  /** One-letter alias without the dash. */
  short?: string;
  /** True for a flag (no value). */
  flag?: boolean;
  /** True when it may be given several times. */
  repeat?: boolean;
  /** Accepted values, when fixed. */
  choices?: readonly string[];
  /** Placeholder in help text. */
  meta?: string;
  /** Help text. */
  help: string;
}

/** Parsed arguments. */
export interface Args {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Splits argv against the option specs. A token that starts with `-` but is no option of
 * the command (`-x`, `-2*x`) is an expression: only `--name` tokens must be options. After
 * `--`, every token is an argument.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): Args {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const find = (tok: string) => {
    if (tok.startsWith('--')) return specs.find((s) => s.name === tok.slice(2));
    if (/^-[A-Za-z]$/.test(tok)) return specs.find((s) => s.short === tok.slice(1));
    return undefined;
  };
  const accepted = () => specs.map((s) => `--${s.name}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const head = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = find(head);
    if (!spec) {
      if (/^--[A-Za-z]/.test(arg)) {
        throw new ArgumentError(`${command}: unknown option '${shown(head)}'; accepted: ${accepted()} (an expression that starts with '-' may also follow '--': tracegrad ${command} -- '${shown(arg)}')`);
      }
      positionals.push(arg);
      continue;
    }
    if (spec.flag) {
      if (eq > 0) throw new ArgumentError(`${command}: --${spec.name} takes no value`);
      flags.add(spec.name);
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new ArgumentError(`${command}: --${spec.name} needs a value${spec.meta ? ` (${spec.meta})` : ''}`);
      value = argv[++i]!;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new ArgumentError(`${command}: --${spec.name} must be one of ${spec.choices.join(', ')}; got ${shown(JSON.stringify(value))}`);
    }
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new ArgumentError(`${command}: --${spec.name} is given twice`);
    list.push(value);
    options.set(spec.name, list);
  }
  return { positionals, options, flags };
}

/** Longest piece of an argument echoed in a message. */
const ECHO = 60;

/** An argument as a message echoes it: at most {@link ECHO} characters (never half of one), escaped. */
export function shown(text: string): string {
  const chars = Array.from(text.length > 4 * ECHO ? text.slice(0, 4 * ECHO) : text);
  return visible(chars.length > ECHO ? `${chars.slice(0, ECHO).join('')}…` : chars.join(''));
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `x=3`, `A=[[1,2],[3,4]]` → name and tensor; with `latex`, the name may be a LaTeX name (`W^{(1)}=[[1,2]]`). */
export function parseAt(item: string, command: string, latex = false): [string, Tensor] {
  const eq = item.indexOf('=');
  const name = eq > 0 ? item.slice(0, eq).trim() : '';
  if (!(latex ? name !== '' : NAME.test(name))) throw new ArgumentError(`${command}: --at takes name=value (e.g. x=3 or A=[[1,2],[3,4]]) or @FILE (a JSON object of values); got ${shown(JSON.stringify(item))}`);
  const text = item.slice(eq + 1).trim();
  let value: unknown;
  if (text.startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArgumentError(`${command}: --at ${name}: the value is not a JSON array of decimal numbers (such as [1, -0.5, 2e3]); got ${shown(JSON.stringify(text))}`);
    }
  } else {
    value = decimalNumber(text);
    if (value === undefined) throw new ArgumentError(`${command}: --at ${name}: the value must be a finite number in decimal (such as 3, -0.5 or 1e-3) or a JSON array of them; got ${shown(JSON.stringify(text))}`);
  }
  return [name, valueTensor(value, `--at ${name}`, command)];
}

/**
 * A value given for a variable (a number or nested arrays of numbers, from --at or a JSON
 * file) as a tensor: every element a finite number, at least one element.
 */
export function valueTensor(value: unknown, what: string, command: string): Tensor {
  const check = (v: unknown): boolean => {
    // Iterative: a value may be nested deeply.
    const todo = [v];
    while (todo.length) {
      const x = todo.pop();
      if (Array.isArray(x)) for (let i = 0; i < x.length; i++) todo.push(x[i]);
      else if (typeof x !== 'number' || !Number.isFinite(x)) return false;
    }
    return true;
  };
  if (!check(value)) throw new ArgumentError(`${command}: ${what}: every element must be a finite number; got ${shown(JSON.stringify(value) ?? String(value))}`);
  let t: Tensor;
  try {
    t = tensor(value as number[]);
  } catch (e) {
    throw new ArgumentError(`${command}: ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (t.size === 0) throw new ArgumentError(`${command}: ${what}: the value has no elements (shape ${formatShape(t.shape)}); give at least one number`);
  return t;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The values of a `--at-file`: a JSON object whose keys are variable names and whose values
 * are numbers or nested arrays of numbers, e.g. `{"x": 3, "A": [[1, 2], [3, 4]]}`.
 */
export function parseAtFile(text: string, file: string, command: string, latex = false): [string, Tensor][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ArgumentError(`${command}: --at-file ${shown(file)}: not JSON (${shown(e instanceof Error ? e.message : String(e))}); give an object of values by name, e.g. {"x": 3, "A": [[1, 2], [3, 4]]}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ArgumentError(`${command}: --at-file ${shown(file)}: the JSON must be an object of values by name, e.g. {"x": 3, "A": [[1, 2], [3, 4]]}; got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`);
  }
  // NOTE: JSON.parse makes every key an own property ("__proto__" too), and entries lists them all.
  return Object.entries(json).map(([name, value]): [string, Tensor] => {
    if (!(latex ? name.trim() !== '' : IDENTIFIER.test(name))) throw new ArgumentError(`${command}: --at-file ${shown(file)}: ${shown(JSON.stringify(name))} is not a variable name (a letter or _, then letters, digits or _)`);
    return [name, valueTensor(value, `--at-file ${shown(file)}: ${name}`, command)];
  });
}

/** Splits at commas outside braces (`w_{i,j},b` → `w_{i,j}`, `b`). */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** `--wrt x,y --wrt z` → [x, y, z]; with `latex`, names are LaTeX names (`W^{(1)},b`). */
export function parseWrt(values: readonly string[] | undefined, command: string, latex = false): string[] | undefined {
  if (!values) return undefined;
  const names = values.flatMap((v) => (latex ? splitTopLevel(v, ',') : v.split(','))).map((s) => s.trim()).filter((s) => s !== '');
  if (!latex) for (const n of names) if (!NAME.test(n)) throw new ArgumentError(`${command}: --wrt takes variable names separated by commas; got ${shown(JSON.stringify(n))}`);
  if (names.length === 0) throw new ArgumentError(`${command}: --wrt needs at least one variable name`);
  return [...new Set(names)];
}
