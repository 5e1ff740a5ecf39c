/**
 * Checking hand-written gradients: formulas ({@link checkFormula}) and gradient functions
 * ({@link checkGradient}).
 * @module
 */
export { checkFormula } from './checkFormula.js';
export type { CheckFormulaOptions, FormulaCheckReport, FormulaSide, FormulaCounterexample, FormulaDifference } from './checkFormula.js';
export { checkGradient } from './checkGradient.js';
export type { CheckGradientOptions, CheckGradientReport, GradientValues } from './checkGradient.js';
