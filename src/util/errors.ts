/**
 * The error hierarchy. Every error a user can trigger is a {@link TracegradError}; its
 * message has the form `<where>: <problem>; got <values>` and names what is accepted.
 * @module
 */

/**
 * Base class of every error tracegrad raises on purpose.
 * @category Errors
 */
export class TracegradError extends Error {
  constructor(message: string) {
    super(message);
    // Names are spelled out (not taken from the constructor) so that minified bundles keep them.
    this.name = 'TracegradError';
  }
}

/**
 * Shapes that do not fit an op (mismatched broadcast, wrong rank, bad axis).
 * @category Errors
 */
export class ShapeError extends TracegradError {
  override name = 'ShapeError';
}

/**
 * A wrong argument: a bad attribute, a non-finite value, an unknown option.
 * @category Errors
 */
export class ArgumentError extends TracegradError {
  override name = 'ArgumentError';
}

/**
 * An expression string that cannot be parsed or mapped to ops; `column` is 1-based.
 * @category Errors
 */
export class ParseError extends TracegradError {
  override name = 'ParseError';
  constructor(message: string, readonly column?: number) {
    super(message);
  }
}

/**
 * An op on the path to a requested gradient has no vector-Jacobian (or JVP) rule.
 * @category Errors
 */
export class GradientNotImplementedError extends TracegradError {
  override name = 'GradientNotImplementedError';
}

/** The structured details of a failed gradient check. */
export interface GradientCheckDetails {
  /** Name of the input whose gradient disagrees. */
  input: string;
  /** Flat (row-major) index of the worst element. */
  index: number;
  /** The engine's (analytic, symbolic) gradient at that element. */
  analytic: number;
  /** The central finite-difference estimate at that element. */
  numeric: number;
  /** `|analytic - numeric|`. */
  absError: number;
  /** `|analytic - numeric| / max(|analytic|, |numeric|)`. */
  relError: number;
  /** Absolute tolerance used. */
  atol: number;
  /** Relative tolerance used. */
  rtol: number;
}

/**
 * A gradient check failed: names the input, the worst element, both values (which is
 * analytic and which numeric) and the tolerances.
 * @category Errors
 */
export class GradientCheckError extends TracegradError {
  override name = 'GradientCheckError';
  constructor(message: string, readonly details: GradientCheckDetails) {
    super(message);
  }
}

/**
 * An internal invariant did not hold: this is a bug in tracegrad.
 * @category Errors
 */
export class InternalError extends TracegradError {
  override name = 'InternalError';
  constructor(message: string) {
    super(`${message} (this is a bug in tracegrad; please report it)`);
  }
}

/** Asserts an internal invariant. @internal */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}
