/**
 * The expression language: mathjs syntax parsed (never evaluated) into tracegrad graphs.
 * @module
 */
export {};
