/**
 * What the playground shows, computed from what the user typed: the graph, the derivation,
 * the steps of the backward pass. No DOM here, so the tests can run it in Node too.
 */
import * as tg from '../../../src/index.js';
import { decimalNumber } from '../../../src/util/decimal.js';
import { DEFAULT_VALUES, type Preset, type Value } from './presets.js';

export type AdjointNotation = 'bar' | 'delta' | 'partial';

/** Everything the user chose. */
export interface Input {
  expression: string;
  /** Values by variable name (a store: names not in the expression are kept for later). */
  values: Record<string, Value>;
  /** Variables not to differentiate with respect to (all others are). */
  exclude: readonly string[];
  adjoint: AdjointNotation;
  notation: 'matrix' | 'index';
  stages: 'all' | 'named';
  view: 'forward' | 'both';
}

/** A variable of the expression. */
export interface VariableInfo {
  name: string;
  shape: readonly number[];
  value: Value;
  /** Differentiated with respect to. */
  wrt: boolean;
}

/** The result of {@link analyse}. */
export interface Model {
  input: Input;
  y: tg.Node;
  variables: VariableInfo[];
  wrtNodes: tg.Node[];
  derivation: tg.Derivation;
  /** The DOT of the picture on screen. */
  dot: string;
  /** The backward pass, one node per step: the seed, then every adjoint equation. */
  steps: tg.Equation[];
  /** Values given to variables that had none (new names), to store. */
  defaults: Record<string, Value>;
  /** Each gradient at full precision, by variable name. */
  gradients: Map<string, Value>;
}

/** The input a preset starts with (`adjoint` and `view` are kept from the current one). */
export function presetInput(p: Preset, keep: Partial<Pick<Input, 'adjoint' | 'view'>> = {}): Input {
  return {
    expression: p.expression,
    values: structuredClone(p.values),
    exclude: p.wrt ? Object.keys(p.values).filter((n) => !p.wrt!.includes(n)) : [],
    adjoint: keep.adjoint ?? 'bar',
    notation: p.notation ?? 'matrix',
    stages: p.stages ?? 'all',
    view: keep.view ?? 'forward',
  };
}

/** Explain options for an input (the tests use the same). */
export function explainOptions(input: Input, wrt: tg.Node[]): tg.ExplainOptions {
  return { wrt, adjoint: input.adjoint, notation: input.notation, stages: input.stages, warn: false };
}

/** DOT options for an input (the tests use the same). */
export function dotOptions(input: Input, wrt: tg.Node[]): tg.DotOptions {
  return { view: input.view, wrt, adjoint: input.adjoint };
}

/**
 * The picture, with the derivation's names and equation numbers. `toDot` learns the `stages`
 * option of `explain` in a pending engine change; until it has it, a picture for
 * `stages: 'all'` would carry the numbers of the `'named'` derivation, so they are dropped.
 */
export function pictureDot(y: tg.Node, input: Input, wrt: tg.Node[]): string {
  const options = dotOptions(input, wrt);
  if (input.stages === 'named') return tg.toDot(y, options);
  try {
    return tg.toDot(y, { ...options, stages: input.stages } as tg.DotOptions);
  } catch (e) {
    if (!(e instanceof tg.ArgumentError && /unknown option 'stages'/.test(e.message))) throw e;
    return tg.toDot(y, options).replace(/ \(\d+\)(?=[|}])/g, '');
  }
}

/** The variables of a graph, in order of first use in the expression text (graph order otherwise). */
export function variablesOf(y: tg.Node, text = ''): tg.Node[] {
  const seen = new Set<tg.Node>();
  const out: tg.Node[] = [];
  const visit = (n: tg.Node) => {
    if (seen.has(n)) return;
    seen.add(n);
    if (n.isVariable) out.push(n);
    for (const c of n.inputs) visit(c);
  };
  visit(y);
  const at = (n: tg.Node) => {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${n.name ?? ''}(?![A-Za-z0-9_])`).exec(text);
    return m ? m.index + m[1]!.length : Infinity;
  };
  return out.map((n, i) => ({ n, i, at: at(n) })).sort((p, q) => p.at - q.at || p.i - q.i).map((e) => e.n);
}

/** A node's value as a number or nested arrays. */
export const toValue = (n: tg.Node): Value => {
  const v = n.value;
  return typeof v === 'number' ? v : (v.toArray() as Value);
};

/**
 * Parses and explains. Symbols with no value get the next of {@link DEFAULT_VALUES}.
 * @throws whatever the engine throws: `ParseError` (with its column), `ShapeError`, …
 */
export function analyse(input: Input): Model {
  const bindings: Record<string, Value> = { ...input.values };
  let y = tg.parse(input.expression, bindings);
  const defaults: Record<string, Value> = {};
  const missing = variablesOf(y).filter((v) => v.leaf?.value === undefined);
  if (missing.length) {
    missing.forEach((v, i) => (defaults[v.name!] = DEFAULT_VALUES[i % DEFAULT_VALUES.length]!));
    Object.assign(bindings, defaults);
    y = tg.parse(input.expression, bindings);
  }
  const vars = variablesOf(y, input.expression);
  if (vars.length === 0) throw new tg.ArgumentError('the expression has no variables: nothing to differentiate');
  const excluded = new Set(input.exclude);
  let wrtNodes = vars.filter((v) => !excluded.has(v.name!));
  if (wrtNodes.length === 0) wrtNodes = vars;
  const variables = vars.map((v) => ({ name: v.name!, shape: v.shape, value: toValue(v), wrt: wrtNodes.includes(v) }));
  const derivation = tg.explain(y, explainOptions(input, wrtNodes));
  const dot = pictureDot(y, input, wrtNodes);
  const gradients = new Map(tg.grad(y, wrtNodes).map((g, i) => [wrtNodes[i]!.name!, toValue(g)] as const));
  return { input, y, variables, wrtNodes, derivation, dot, steps: [derivation.seed, ...derivation.adjoints], defaults, gradients };
}

/**
 * The error's class. Not `e.name`: the engine sets it from `new.target.name`, which the
 * minifier renames in the bundle.
 */
export function errorKind(e: unknown): string {
  const kinds: [new (...a: never[]) => Error, string][] = [
    [tg.ParseError, 'ParseError'], [tg.ShapeError, 'ShapeError'], [tg.ArgumentError, 'ArgumentError'],
    [tg.GradientNotImplementedError, 'GradientNotImplementedError'],
    [tg.InternalError, 'InternalError'], [tg.TracegradError, 'TracegradError'],
  ];
  return kinds.find(([cls]) => e instanceof cls)?.[1] ?? 'Error';
}

/** The column an error points at (1-based), if it says. */
export function errorColumn(e: unknown): number | undefined {
  if (e instanceof tg.ParseError && typeof e.column === 'number') return e.column;
  const m = e instanceof Error ? /at column (\d+)/.exec(e.message) : null;
  return m ? Number(m[1]) : undefined;
}

/** Reads a value typed in a field: a number, or JSON (nested arrays of numbers). */
export function readValue(text: string): Value {
  const t = text.trim();
  if (t === '') throw new tg.ArgumentError('empty value; type a number or an array such as [[1, 2], [3, 4]]');
  // A decimal number only, as the command line reads one: Number() would read 0x10 as 16.
  const n = decimalNumber(t.replace(/−/g, '-'));
  if (n !== undefined) return n;
  let v: unknown;
  try {
    v = JSON.parse(t.replace(/−/g, '-'));
  } catch {
    throw new tg.ArgumentError(`'${t}' is not a number or an array such as [[1, 2], [3, 4]]`);
  }
  const ok = (x: unknown): x is Value => (typeof x === 'number' && Number.isFinite(x)) || (Array.isArray(x) && x.length > 0 && x.every(ok));
  if (!ok(v)) throw new tg.ArgumentError(`'${t}' is not a number or an array of numbers`);
  return v;
}

/** A value as text for a field. */
export function showValue(v: Value): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}
