/**
 * The equations of a derivation: their model and their display-math LaTeX, shared by the
 * derivation's renderers, the HTML page and the playground.
 * @module
 */
import type { ValueView } from './values.js';

/** One right-hand side of an equation, in LaTeX and text. */
export interface Stage {
  /** What this stage is: `definition`, `chain rule`, `local derivatives`, `simplified`, `compact`, `expanded`. */
  label: string;
  latex: string;
  text: string;
}

/** One numbered equation of a derivation. */
export interface Equation {
  /** Its number, shared with the DOT picture. */
  number: number;
  /** Forward definition, the seed, an adjoint (backward) equation, or a final gradient. */
  kind: 'forward' | 'seed' | 'adjoint' | 'gradient';
  /** Stable id of the node it is about (`n3`: topological order of the forward graph). */
  id: string;
  /** The left-hand side. */
  lhs: { latex: string; text: string };
  /** The right-hand sides, in order (each one equals the previous). */
  stages: Stage[];
  /** The numeric value, when values are shown. */
  value?: ValueView;
  /** A remark, e.g. why a gradient is zero here. */
  note?: { latex: string; text: string };
}

/** A gradient that is zero for a structural reason. */
export interface DeadGradient {
  /** The input whose gradient is zero (its name in text). */
  wrt: string;
  /** The same name in LaTeX. */
  wrtLatex: string;
  /** Why, in words. */
  reason: string;
  /** Id of the node where the gradient stops, if any. */
  at?: string;
  /** Id of that node's input whose gradient becomes zero there. */
  input?: string;
}

/**
 * One equation as a display-math LaTeX string (`aligned` when it has several stages), with
 * its number as a `\tag`: the form used by Markdown, HTML and the playground.
 */
export function equationLatex(e: Equation, newline = '\n'): string {
  const rhs = [...e.stages.map((s) => s.latex), ...(e.value ? [e.value.latex] : [])];
  if (rhs.length === 1) return `${e.lhs.latex} = ${rhs[0]} \\tag{${e.number}}`;
  return `\\begin{aligned}${newline}${rhs.map((r, i) => (i === 0 ? `${e.lhs.latex} &= ${r}` : `&= ${r}`)).join(` \\\\${newline}`)}${newline}\\end{aligned} \\tag{${e.number}}`;
}

