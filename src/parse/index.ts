/**
 * The expression language: mathjs syntax parsed (never evaluated) into tracegrad graphs,
 * and graphs written back as mathjs expressions.
 * @module
 */
export { parse } from './parse.js';
export type { ParseBindings } from './parse.js';
export { toMathjs } from './toMathjs.js';
export type { ToMathjsOptions } from './toMathjs.js';
