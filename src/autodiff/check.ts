/**
 * Checking hand-written gradients: formulas and gradient functions.
 * @module
 */
export {};
