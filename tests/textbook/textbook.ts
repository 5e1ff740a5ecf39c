/**
 * Helpers of the textbook tests (issue 15): each target is built with the public API as a
 * teacher would, and its printed text and LaTeX are compared with the textbook's form. What
 * is printed must also be what is evaluated: the printed LaTeX is read back with
 * `tg.parseLatex` (an independent reader) and valued, and the display form the printers
 * print is valued, and both must equal the gradient the engine evaluates, which must equal
 * central differences in float64.
 */
import katex from 'katex';
import { expect } from 'vitest';
import * as tg from '../../src/index.js';
import { displayForm } from '../../src/explain/simplify.js';
import { allClose, flat, numericGrad } from '../helpers/graph.js';

/** KaTeX parses it (display mode, strict, throwing on any error). */
export function katexOk(latex: string): void {
  expect(() => katex.renderToString(latex, { displayMode: true, throwOnError: true, strict: true }), latex).not.toThrow();
}

/** The numbers of a value. */
export const numbers = (v: number | tg.Tensor): number[] => flat(v);

/** Expects two lists of numbers to agree to `tol` (absolute and relative). */
export function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-9, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  expect(allClose(actual, expected, tol, tol), `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`).toBe(true);
}

/**
 * What `toText`/`toLatex` print is what is evaluated: the display form they print has the
 * gradient's value, and the printed LaTeX, read back with `tg.parseLatex` (names bound to the
 * values of the nodes they name), has it too.
 */
export function printedIsEvaluated(node: tg.Node, latex: string, bindings: Record<string, tg.TensorLike | tg.Node>, tol = 1e-12): void {
  const value = numbers(node.value);
  expectClose(numbers(displayForm(node).node.value), value, tol, 'display form');
  expectClose(numbers(tg.parseLatex(latex, bindings).value), value, tol, `read back from ${latex}`);
}

/** The gradient agrees with central differences (float64). */
export function matchesDifferences(y: tg.Node, x: tg.Node, g: tg.Node, tol = 1e-6): void {
  expectClose(numbers(g.value), numericGrad(y, x), tol, `∂/∂${x.name} against central differences`);
}

/** The equation of a derivation whose left-hand side prints as `lhs` (text). */
export function equation(d: tg.Derivation, lhs: string): tg.Equation {
  const e = d.equations.find((q) => q.lhs.text === lhs);
  if (!e) throw new Error(`no equation for ${lhs}; have ${d.equations.map((q) => q.lhs.text).join(', ')}`);
  return e;
}

/** The stages of an equation as text, and as LaTeX (each parsed by KaTeX). */
export function stages(e: tg.Equation): { text: string[]; latex: string[] } {
  e.stages.forEach((s) => katexOk(s.latex));
  return { text: e.stages.map((s) => s.text), latex: e.stages.map((s) => s.latex) };
}
