/**
 * A value as an error message shows it. A message is built from whatever the user passed, so
 * writing it never throws (a BigInt, a symbol, a cycle or a getter that throws are described
 * by their kind) and never runs to pages (80 characters at most).
 * @module
 */

/** A value in a message: JSON where it can be written, its kind where not (holes, functions, cycles). @internal */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return `${v}n (a BigInt)`;
  if (typeof v === 'symbol' || typeof v === 'function') return `a ${typeof v}`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v)) return `an array with an empty slot at ${i}`;
  }
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return typeof v;
    return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
  }
}
