/**
 * Command-line arguments: a command, an expression, and options, checked against what each
 * command accepts. Errors are {@link ArgumentError}s with one-line messages.
 * @module
 * @internal
 */
import { ArgumentError } from '../util/errors.js';
import { tensor, type Tensor } from '../tensor/tensor.js';

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

/** Splits argv against the option specs; a lone `-x^2` that is no known option is an expression. */
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
      if (arg.startsWith('--') || /^-[A-Za-z]$/.test(arg)) throw new ArgumentError(`${command}: unknown option '${head}'; accepted: ${accepted()}`);
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
      throw new ArgumentError(`${command}: --${spec.name} must be one of ${spec.choices.join(', ')}; got ${JSON.stringify(value)}`);
    }
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new ArgumentError(`${command}: --${spec.name} is given twice`);
    list.push(value);
    options.set(spec.name, list);
  }
  return { positionals, options, flags };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `x=3`, `A=[[1,2],[3,4]]` → name and tensor. */
export function parseAt(item: string, command: string): [string, Tensor] {
  const eq = item.indexOf('=');
  const name = eq > 0 ? item.slice(0, eq).trim() : '';
  if (!NAME.test(name)) throw new ArgumentError(`${command}: --at takes name=value (e.g. x=3 or A=[[1,2],[3,4]]); got ${JSON.stringify(item)}`);
  const text = item.slice(eq + 1).trim();
  let value: unknown;
  if (text.startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArgumentError(`${command}: --at ${name}: the value is not a JSON array of numbers; got ${JSON.stringify(text)}`);
    }
  } else {
    value = text === '' ? NaN : Number(text);
    if (!Number.isFinite(value)) throw new ArgumentError(`${command}: --at ${name}: the value must be a finite number or a JSON array; got ${JSON.stringify(text)}`);
  }
  const check = (v: unknown): boolean => (Array.isArray(v) ? v.every(check) : typeof v === 'number' && Number.isFinite(v));
  if (!check(value)) throw new ArgumentError(`${command}: --at ${name}: every element must be a finite number; got ${text}`);
  try {
    return [name, tensor(value as number[])];
  } catch (e) {
    throw new ArgumentError(`${command}: --at ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `--wrt x,y --wrt z` → [x, y, z]. */
export function parseWrt(values: readonly string[] | undefined, command: string): string[] | undefined {
  if (!values) return undefined;
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!NAME.test(n)) throw new ArgumentError(`${command}: --wrt takes variable names separated by commas; got ${JSON.stringify(n)}`);
  if (names.length === 0) throw new ArgumentError(`${command}: --wrt needs at least one variable name`);
  return [...new Set(names)];
}
