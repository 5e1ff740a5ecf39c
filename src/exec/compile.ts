/**
 * Compiled execution of graphs.
 * @module
 */
export {};
