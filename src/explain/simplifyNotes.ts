/**
 * The words of a derivation's notes about its simplified forms: the facts about constants a
 * form used (`using 1ᵀ y = 1 (the entries of y sum to 1)`).
 * @module
 */
import type { DeadGradient } from './equation.js';
import type { DisplayFact } from './simplifyRules.js';

/** How a fact about a constant's sums reads: `each row of` … `sums to 1`. */
export function factWhat(f: DisplayFact): { before: string; after: string } {
  const axes = f.expr.attrs.axes as number[] | undefined;
  const rank = f.about.rank;
  if (!axes || axes.length === rank || rank <= 1) return { before: 'the entries of', after: `sum to ${f.value}` };
  if (rank === 2 && axes.length === 1) return { before: axes[0] === 1 ? 'each row of' : 'each column of', after: `sums to ${f.value}` };
  return { before: `each slice of`, after: `along axes ${axes.join(', ')} sums to ${f.value}` };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * One warning per cause of dead gradients (`∂L/∂W, ∂L/∂b = 0: …`): the gradients a constant
 * loss stops share one sentence instead of repeating it for each parameter.
 */
export function deadWarnings(dead: readonly DeadGradient[], loss: string): string[] {
  const byReason = new Map<string, string[]>();
  for (const d of dead) (byReason.get(d.reason) ?? byReason.set(d.reason, []).get(d.reason)!).push(`∂${loss}/∂${d.wrt}`);
  return [...byReason].map(([reason, grads]) => `${listed(grads)} = 0: ${reason}`);
}

/**
 * The layout convention and the data layout, stated by every renderer of a derivation: what
 * shape a gradient has, how vectors stand, and that data matrices hold one example per row.
 */
export const LAYOUT = {
  text: "Layout: the gradient of a tensor has the tensor's shape (denominator layout); vectors are columns; in a data matrix each row is one example.",
  latex: "\\text{Layout: the gradient of a tensor has the tensor's shape (denominator layout); vectors are columns; in a data matrix each row is one example.}",
} as const;
