import { applyOwned, type Node, type Operand } from '../core/node.js';
import { Prec, type PrintContext, type Printed } from '../core/opdef.js';
import { uniformValue } from '../core/constants.js';
import { superscriptInt } from '../util/names.js';
import { elementwiseBinary, type BinaryOpDef } from './_family.js';
import { div } from './div.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { sub } from './sub.js';

/**
 * The real `n`-th root of `a`, as mathjs defines it: a negative `a` needs an odd integer `n`
 * (NaN otherwise, where mathjs throws), a negative `n` gives the reciprocal, `n = 0` is NaN.
 * Roots 2 and 3 use `Math.sqrt` and `Math.cbrt`, which are exact on perfect squares and cubes.
 */
function nthRootOf(a: number, n: number): number {
  const m = Math.abs(n);
  const r = m === 0 || (a < 0 && m % 2 !== 1) ? NaN : m === 2 ? Math.sqrt(a) : m === 3 ? Math.cbrt(a) : a < 0 ? -Math.pow(-a, 1 / m) : Math.pow(a, 1 / m);
  return n < 0 ? 1 / r : r;
}

/** The index of a root when it is a small positive integer constant (`2`, `3`, …), else undefined. */
function constantIndex(c: PrintContext): number | undefined {
  const n = c.node.inputs[1]!;
  const v = n.shape.length === 0 ? uniformValue(n) : undefined;
  return v !== undefined && Number.isInteger(v) && v >= 2 && v <= 99 ? v : undefined;
}

const ROOT_SIGN: Record<number, string> = { 2: '√', 3: '∛', 4: '∜' };

function text(c: PrintContext): Printed {
  const k = constantIndex(c);
  if (k === undefined) return { s: `nthRoot(${c.raw(0)}, ${c.raw(1)})`, prec: Prec.Atom };
  return { s: `${ROOT_SIGN[k] ?? `${superscriptInt(k)}√`}${c.arg(0, Prec.Atom)}`, prec: Prec.Power };
}

/** Definition of {@link nthRoot}. @category Op definitions */
export const nthRootOp: BinaryOpDef<'nthRoot'> = elementwiseBinary({
  name: 'nthRoot',
  symbol: 'ⁿ√',
  scalar: ([a, b]) => {
    const m = `Math.abs(${b})`;
    const r = `(${m}===0||(${a}<0&&${m}%2!==1)?(0/0):${m}===2?Math.sqrt(${a}):${m}===3?Math.cbrt(${a}):${a}<0?-Math.pow(-${a},1/${m}):Math.pow(${a},1/${m}))`;
    return `(${b}<0?1/${r}:${r})`;
  },
  kernel: nthRootOf,
  vjp: ({ inputs, y, dy, needs }) => {
    const a = inputs[0]!, n = inputs[1]!;
    return [
      needs[0] ? div(dy, mul(n, pow(y, sub(n, 1)))) : null,
      needs[1] ? neg(div(mul(dy, mul(y, log(a))), pow(n, 2))) : null,
    ];
  },
  latex: (c) => {
    const k = constantIndex(c);
    return { s: k === 2 ? `\\sqrt{${c.raw(0)}}` : `\\sqrt[${c.raw(1)}]{${c.raw(0)}}`, prec: Prec.Atom };
  },
  text,
  mathjs: 'nthRoot',
  // NOTE: as in mathjs, the root defaults to 2: nthRoot(x) is √x.
  parse: { usage: 'nthRoot(a, root?)', min: 1, max: 2, build: ([a, n]) => nthRoot(a!.node(), n ? n.node() : 2) },
  domain: [{ min: 0.2, max: 3 }, { min: 1.5, max: 4 }],
});

/**
 * Elementwise `n`-th root: `ⁿ√a`, the real root as mathjs's `nthRoot` defines it, with NumPy
 * broadcasting.
 *
 * Derivative: `∂ⁿ√a/∂a = 1/(n (ⁿ√a)^(n-1))` (so `1/(2√a)` for `n = 2`, `1/(3 (∛a)²)` for
 * `n = 3`, which holds for negative `a` too), and `∂ⁿ√a/∂n = -ⁿ√a log(a)/n²`, written with
 * the named output. The root's derivative is only built when `n` depends on a requested
 * variable; it is NaN for `a ≤ 0`.
 *
 * Domain: a negative `a` needs an odd integer `n` (`nthRoot(-8, 3) = -2`); otherwise, and for
 * `n = 0`, the value is NaN (mathjs throws). A negative `n` gives the reciprocal
 * (`nthRoot(8, -3) = 0.5`).
 * @param a the radicand
 * @param n the root (default 2)
 * @returns the node `nthRoot(a, n)`
 * @throws {@link ShapeError} when the shapes do not broadcast
 * @example
 * const a = tg.variable('a', -8);
 * tg.nthRoot(a, 3).value; // → -2
 * tg.nthRoot(27, 3).value; // → 3
 * tg.nthRoot(16, 4).value; // → 2
 * tg.toText(tg.grad(tg.nthRoot(a, 3), a)); // → '1 / (3·(∛a)²)'
 * @see {@link cbrt}, {@link sqrt}, {@link pow}
 * @category Elementwise
 */
export function nthRoot(a: Operand, n: Operand = 2): Node {
  return applyOwned(nthRootOp, [a, n]);
}
