/**
 * The display simplifier: what is printed is the simplest equivalent form of what was built.
 * The evaluated graph stays as it is; the simplifier makes a *display form*, a graph of
 * ordinary nodes (and a few display-only ones, see `simplifyOps.ts`) that the printers print
 * and that evaluates to the same values (the tests check it). It is a rewrite system over
 * that form: the rules of `simplifyRules.ts`, each small and named, applied bottom-up to a
 * fixed point with an explicit stack (no recursion, so a deep graph is no danger), within a
 * budget of nodes beyond which the form is the graph itself.
 *
 * Names are kept: a node that prints as a name is never looked into, and a form equal to a
 * named node's definition prints as that name (`σ(z)(1 − σ(z))` is `a (1 − a)` when
 * `a = σ(z)` is named), as hash-consing already does for nodes built alike.
 * @module
 */
import { applyOwned, inputAt, inputCount, isPlainConstant, mapInputs, type Node } from '../core/node.js';
import type { OpDef } from '../core/opdef.js';
import { sameShape, sizeOf } from '../tensor/shape.js';
import { eye } from '../tensor/tensor.js';
import { constant } from '../core/node.js';
import { buildProduct, filledWith, fitShape, flattenProduct, identityMultiple, isSumOp, numberOf, scalarBelow, type FormEnv } from './simplifyForms.js';
import { ones } from './simplifyOps.js';
import { rememberSum, rulesByOp, type DisplayFact, type DisplayRule, type RuleEnv } from './simplifyRules.js';

export type { DisplayFact } from './simplifyRules.js';

/** Nodes a simplification visits at most; a larger expression is printed as it was built. */
export const DISPLAY_BUDGET = 4000;

/**
 * What simplifications within one derivation share: number nodes (the same number is the
 * same node), sums met (a sum found again inside a derivative is recognised), and the display
 * forms of named nodes' definitions (which then print as the names).
 */
export class DisplayContext {
  /** @internal */
  readonly knownSums = new Map<string, { node: Node; scale: number }>();
  /** @internal display form → the named node it defines */
  readonly defs = new Map<Node, Node>();
  /** @internal the named node → the display form of its definition */
  readonly forms = new Map<Node, Node>();
  private readonly numbers = new Map<number, Node>();
  private readonly eyes = new Map<string, Node>();

  /** The identity matrix of size `k` times `c`, made once here. @internal */
  eye(k: number, c = 1): Node {
    const key = `${k} ${c}`;
    let n = this.eyes.get(key);
    if (n === undefined) {
      const t = eye(k);
      if (c !== 1) for (let i = 0; i < k; i++) t.data[i * (k + 1)] = c;
      this.eyes.set(key, (n = constant(t)));
    }
    return n;
  }

  /** The node of a number: small numbers are interned anyway; others are made once here. @internal */
  num(v: number): Node {
    const small = Math.abs(v) <= 1024 && Number.isInteger(v * 4) && !Object.is(v, -0);
    if (small) return constant(v);
    let n = this.numbers.get(v);
    if (n === undefined) this.numbers.set(v, (n = constant(v)));
    return n;
  }

  /**
   * Makes each named node of `nodes` (a label, or a name in `names`) print as its name
   * wherever its definition's display form appears. `isName` tells which nodes print as names.
   */
  defineAll(nodes: Iterable<Node>, isName: (n: Node) => boolean, budget = 50_000): void {
    let spent = 0;
    for (const s of nodes) {
      if (s.leaf !== undefined || inputCount(s) === 0 || !isName(s)) continue;
      if (++spent > budget) break;
      const twin = s.label === undefined ? s : applyOwned(s.op, mapInputs(s, (c) => c), s.attrs);
      const form = displayForm(twin, { atom: isName, context: this, self: s }).node;
      if (form.leaf !== undefined || (form !== twin && isName(form))) continue;
      if (!this.defs.has(form)) this.defs.set(form, s);
      this.forms.set(s, form);
      if (twin !== s && !this.defs.has(twin)) this.defs.set(twin, s);
    }
  }
}

/** Options of {@link displayForm}. */
export interface DisplayOptions {
  /** Nodes printed as names, not looked into (default: labelled nodes and variables). The root never is. */
  atom?: (n: Node) => boolean;
  /** `'algebra'` (default): every rule; `'notation'`: only how things are written (for definitions). */
  level?: 'notation' | 'algebra';
  /** The notation printed: in `'index'` notation sums stay sums (no `‖u‖²`). Default `'matrix'`. */
  notation?: 'matrix' | 'index';
  /** Shared with other simplifications of the same derivation. */
  context?: DisplayContext;
  /** Most nodes to visit (default {@link DISPLAY_BUDGET}); a larger expression is returned as it is. */
  budget?: number;
  /** A named node whose own definition is being printed (it is not printed as its own name). */
  self?: Node;
}

/** A display form and the facts about constants its rules used. */
export interface DisplayResult {
  node: Node;
  facts: DisplayFact[];
}

let RULES: Map<OpDef, DisplayRule[]> | undefined;

/** True when the expression below `root` (stopping at names and leaves) has at most `budget` nodes. */
function within(root: Node, atom: (n: Node) => boolean, budget: number): boolean {
  const seen = new Set<Node>([root]);
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.leaf !== undefined || atom(n)) continue;
    for (let i = 0; i < inputCount(n); i++) {
      const c = inputAt(n, i);
      if (seen.has(c)) continue;
      if (seen.size >= budget) return false;
      seen.add(c);
      stack.push(c);
    }
  }
  return true;
}

/**
 * The display form of `root`: the simplest equivalent form the rules reach. Iterative: a
 * stack of nodes, each simplified once its inputs are; when a rule rewrites a node, the
 * result is simplified in turn (its new parts included). Every rewrite either shortens the
 * printed form or puts it in canonical order, and the number of steps is bounded, so it ends.
 */
export function displayForm(root: Node, options: DisplayOptions = {}): DisplayResult {
  const context = options.context ?? new DisplayContext();
  const given = options.atom ?? ((n: Node) => n.label !== undefined || n.isVariable);
  const atom = (n: Node) => n !== root && given(n);
  const budget = options.budget ?? DISPLAY_BUDGET;
  const facts: DisplayFact[] = [];
  if (root.leaf !== undefined) return { node: asTensor(root, root, { atom, num: (v) => context.num(v), eye: (k, c) => context.eye(k, c) }), facts };
  if (!within(root, atom, budget)) return { node: root, facts };
  const level = options.level ?? 'algebra';
  const env: RuleEnv = {
    level,
    indexed: options.notation === 'index',
    atom,
    num: (v) => context.num(v),
    eye: (k, c) => context.eye(k, c),
    named: (n) => {
      const d = context.defs.get(n);
      return d !== undefined && d !== options.self && d !== root ? d : n;
    },
    formOf: (n) => context.forms.get(n),
    knownSums: context.knownSums,
    fact: (f) => facts.push(f),
    sizes: new Map(),
  };
  const rules = (RULES ??= rulesByOp());
  const out = new Map<Node, Node>();
  const done = (n: Node, v: Node) => {
    out.set(n, v);
    if (!out.has(v)) out.set(v, v);
  };
  const nodes: Node[] = [root];
  const state: number[] = [0];
  const target: (Node | undefined)[] = [undefined];
  // How many rewrites led to each node on the stack: a rule that rewrites a node into an
  // equal one built anew (not the same object, so no cycle is seen) stops at MAX_CHAIN.
  const chain: number[] = [0];
  const open = new Set<Node>();
  let steps = 0;
  const maxSteps = 16 * budget + 64;
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const n = nodes[top]!;
    const pop = () => {
      nodes.pop();
      state.pop();
      target.pop();
      chain.pop();
      open.delete(n);
    };
    if (out.has(n)) {
      pop();
      continue;
    }
    if (n.leaf !== undefined || atom(n) || inputCount(n) === 0) {
      done(n, n);
      pop();
      continue;
    }
    const st = state[top]!;
    if (st === 0) {
      state[top] = 1;
      open.add(n);
      for (let i = inputCount(n) - 1; i >= 0; i--) {
        const c = inputAt(n, i);
        if (!out.has(c) && !open.has(c)) {
          nodes.push(c);
          state.push(0);
          target.push(undefined);
          chain.push(0);
        }
      }
      continue;
    }
    if (st === 2) {
      const t = target[top]!;
      done(n, out.get(t) ?? t);
      pop();
      continue;
    }
    // Inputs simplified: rebuild on them, or try the rules on the node itself.
    let next: Node | undefined;
    let changed = false;
    const ins = mapInputs(n, (c) => {
      const v = out.get(c) ?? c;
      if (v !== c) changed = true;
      return v;
    });
    if (changed) next = fitShape(applyOwned(n.op, ins, n.attrs), n.shape);
    else if (chain[top]! < MAX_CHAIN && ++steps <= maxSteps) next = rewriteOnce(n, env, rules);
    if (next === undefined || next === n) {
      if (isSumOp(n) && level === 'algebra') rememberSum(n, env);
      done(n, env.named(n));
      pop();
      continue;
    }
    const hit = out.get(next);
    if (hit !== undefined) {
      done(n, hit);
      pop();
      continue;
    }
    if (open.has(next)) {
      done(n, n);
      pop();
      continue;
    }
    state[top] = 2;
    target[top] = next;
    nodes.push(next);
    state.push(0);
    target.push(undefined);
    chain.push(chain[top]! + 1);
  }
  return { node: asTensor(out.get(root) ?? root, root, env), facts };
}

/**
 * A form of `root`'s shape that prints as a tensor when `root` is one: a scalar spread over a
 * vector or a matrix prints as that scalar times the ones, `⅓·1` (`\frac{1}{3} \mathbf{1}`) for
 * the gradient of a mean, not as the bare number (broadcasting is implicit inside a formula,
 * but a whole formula that prints as a number reads as a scalar). A constant that prints as
 * a number (a scalar, `⅓` rather than `0.333333`) is written as a fraction when it is one.
 */
function asTensor(form: Node, root: Node, env: FormEnv): Node {
  if (atomic(form, env) && form !== root) return form;
  if (root.rank === 0) {
    const v = form.leaf !== undefined && isLiteral(form) ? numberOf(form) : undefined;
    return v === undefined || Number.isInteger(v) ? form : buildProduct({ coef: v, factors: [] }, env, root.shape);
  }
  if (sizeOf(root.shape) < 2) return form;
  // c·I with its coefficient as a product's (−½·I, the Hessian of −¼‖x‖²).
  const c = form.leaf !== undefined ? identityMultiple(form) : undefined;
  if (c !== undefined && c !== 1) return buildProduct({ coef: c, factors: [{ base: env.eye(form.shape[0]!), exp: 1 }] }, env, root.shape);
  let scalar: Node | undefined;
  let v = isLiteral(form) ? numberOf(form) : undefined;
  if (v === undefined) {
    scalar = scalarBelow(form);
    if (scalar === undefined) return form;
    v = isLiteral(scalar) ? numberOf(scalar) : undefined;
  }
  // 0 and 1 spread print as the zeros and the ones already (𝟎, 𝟏).
  if (v === 0 || v === 1) return v === numberOf(form) ? form : filledWith(env, v, root.shape);
  const p = v !== undefined ? { coef: v, factors: [] } : flattenProduct(scalar!, env);
  return buildProduct({ coef: p.coef, factors: [...p.factors, { base: ones(root.shape), exp: 1 }] }, env, root.shape);
}

const atomic = (n: Node, env: FormEnv) => n.leaf === undefined && env.atom(n);

/** The most rewrites in a row from one node (a rule that rebuilt its own input anew, never the same object, ran 64,064 steps: 2 s a gradient). */
const MAX_CHAIN = 64;

/** The first rule of `n`'s op that rewrites it, as a node of `n`'s shape; undefined when none does. */
function rewriteOnce(n: Node, env: RuleEnv, rules: Map<OpDef, DisplayRule[]>): Node | undefined {
  const list = rules.get(n.op);
  if (!list) return undefined;
  for (const r of list) {
    if (r.level === 'algebra' && env.level !== 'algebra') continue;
    const out = r.rewrite(n, env);
    if (out !== undefined && out !== n) return sameShape(out.shape, n.shape) ? out : fitShape(out, n.shape);
  }
  return undefined;
}

/** True for an unnamed constant (a number or a literal tensor). @internal */
export const isLiteral = isPlainConstant;
