/**
 * Names as the user wrote them, printed in LaTeX and in Unicode text: string helpers over
 * the label rule of `util/label.ts` (labels are plain text unless they are names in a safe
 * LaTeX subset; see {@link nameOf}).
 */
import { nameOf, superscriptInt as supInt } from './label.js';

/**
 * A name in LaTeX: `x` → `x`, `w0` → `w_{0}`, `theta` → `\theta`, `loss` → `\mathrm{loss}`,
 * `z^{(1)}` → `z^{(1)}`; anything outside the safe subset → `\text{…}`, escaped.
 */
export function latexName(name: string): string {
  return nameOf(name).latex;
}

/** A name in Unicode text: `z^{(1)}` → `z⁽¹⁾`, `\delta_{j}` → `δⱼ`, `\bar{z}` → `z̄`. */
export function textName(name: string): string {
  return nameOf(name).text;
}

/** Superscript digits for a small integer exponent in text (`2` → `²`), else undefined. */
export function superscriptInt(n: number): string | undefined {
  return supInt(n);
}
