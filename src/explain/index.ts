/**
 * Explaining gradients: derivations (LaTeX, Markdown, text, HTML, JSON) and pictures
 * (DOT, SVG, TikZ).
 * @module
 */
export { explain, Derivation } from './derivation.js';
export type { ExplainOptions, Equation, Stage, DeadGradient } from './derivation.js';
export type { AdjointNotation } from './analysis.js';
export type { ValueView } from './values.js';
export { toDot } from './dot.js';
export type { DotOptions } from './dot.js';
export { renderSvg, toTikz } from './render.js';
