/**
 * Argument and option checks shared by every layer: one message form for an unknown option,
 * a bad number or a bad choice (`<where>: <what> must be …; got …`).
 * @module
 */
import { ArgumentError } from './errors.js';
import { describeValue } from './describe.js';

/** Rejects option keys outside `known`, naming the accepted ones. @internal */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new ArgumentError(`${where}: unknown option '${k}'; accepted: ${known.join(', ')}`);
  }
}

/** A positive integer, or an error naming the argument. @internal */
export function positiveInt(where: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ArgumentError(`${where}: ${what} must be a positive integer; got ${describeValue(v)}`);
  }
  return v;
}

/** A finite number within `[min, max]` (bounds optional, `open` excludes them). @internal */
export function finiteNumber(where: string, what: string, v: unknown, range: { min?: number; max?: number; open?: boolean } = {}): number {
  const { min, max, open } = range;
  const bad =
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    (min !== undefined && (open ? v <= min : v < min)) ||
    (max !== undefined && (open ? v >= max : v > max));
  if (bad) {
    const lo = min === undefined ? '' : `${open ? '>' : '≥'} ${min}`;
    const hi = max === undefined ? '' : `${open ? '<' : '≤'} ${max}`;
    const want = [lo, hi].filter(Boolean).join(' and ');
    throw new ArgumentError(`${where}: ${what} must be a finite number${want ? ` ${want}` : ''}; got ${describeValue(v)}`);
  }
  return v as number;
}

/** One of `choices`, or an error listing them. @internal */
export function oneOf<T extends string>(where: string, what: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ArgumentError(`${where}: ${what} must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got ${describeValue(v)}`);
  }
  return v as T;
}

/** Largest seed (@internal): seeds are 32-bit (the generator keeps 32 bits of state), so larger ones would repeat smaller ones' streams. */
export const MAX_SEED = 2 ** 32 - 1;

/** A seed option: an integer from 0 to 2³² − 1 (every one gives its own stream), or an error saying so. @internal */
export function seedOption(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_SEED) {
    throw new ArgumentError(`${where}: seed must be an integer from 0 to ${MAX_SEED} (2³² − 1); got ${describeValue(v)}`);
  }
  return v;
}
