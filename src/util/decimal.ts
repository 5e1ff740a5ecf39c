/**
 * Decimal numbers in text a user wrote (the command line, a CSV file).
 * @module
 */

/** Digits with an optional sign, point and exponent (`3`, `-0.5`, `.5`, `1e-3`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A finite decimal number, or undefined: `0x10`, `0b11`, `0o7`, `1_000`, `Infinity` and ''
 * are not numbers here, although JavaScript's `Number` reads the first three. Spaces around
 * the number are allowed. @internal
 */
export function decimalNumber(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
