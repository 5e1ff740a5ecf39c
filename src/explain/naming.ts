/**
 * Names in printed output: one {@link Name} per node, and different nodes never printed
 * alike. Two variables both called `x` print as `x` and `x′` (the first one met keeps the
 * plain name), and the printers say so (a warning), instead of printing an expression that
 * reads as another function.
 * @module
 */
import { Prec } from '../core/opdef.js';
import { primed, type Name } from '../util/label.js';

/** A renaming: `owner` was to print as `from` and prints as `to`, because another owner has `from`. */
export interface Renaming {
  owner: object;
  from: Name;
  to: Name;
}

/**
 * Hands out names so that no two owners (nodes, adjoints) print the same in LaTeX or in text.
 * The first owner of a name keeps it; later owners get primes (`x'`, `x''`).
 */
export class NameTable {
  // Made on first use: most prints name nothing through the table.
  private byLatex: Map<string, object> | undefined;
  private byText: Map<string, object> | undefined;
  private byOwner: Map<object, Name> | undefined;
  /** Every renaming so far, in order. */
  readonly renamed: Renaming[] = [];

  /** True when another owner prints as `name` (in LaTeX or in text). */
  taken(name: Name, owner?: object): boolean {
    const a = this.byLatex?.get(name.latex), b = this.byText?.get(name.text.normalize('NFC'));
    return (a !== undefined && a !== owner) || (b !== undefined && b !== owner);
  }

  /** The name `owner` prints as: `wanted`, or `wanted` with primes when another owner has it. */
  name(owner: object, wanted: Name): Name {
    const hit = this.byOwner?.get(owner);
    if (hit !== undefined) return hit;
    let name = wanted;
    for (let k = 1; this.taken(name, owner); k++) name = primed(wanted, k);
    (this.byLatex ??= new Map()).set(name.latex, owner);
    (this.byText ??= new Map()).set(name.text.normalize('NFC'), owner);
    (this.byOwner ??= new Map()).set(owner, name);
    if (name !== wanted) this.renamed.push({ owner, from: wanted, to: name });
    return name;
  }

  /** The name given to `owner`, if any. */
  get(owner: object): Name | undefined {
    return this.byOwner?.get(owner);
  }
}

/** The precedence a name prints with. */
export function namePrec(name: Name): number {
  switch (name.binding) {
    case 'atom':
      return Prec.Atom;
    case 'scripted':
      return Prec.Postfix;
    case 'juxtaposed':
      return Prec.Product;
    default:
      return Prec.Sum;
  }
}

/** One sentence per renaming: `different nodes are named x; the later one prints as x′`. */
export function renamingMessages(renamed: readonly Renaming[]): string[] {
  return renamed.map((r) => `different nodes are named ${r.from.text}; the later one prints as ${r.to.text}`);
}

const emitted = new Set<string>();

/**
 * Emits a process warning (`TracegradWarning`) once per message in this process, where
 * process warnings exist (not in browsers).
 */
export function warnOnce(message: string, code: string): void {
  if (emitted.has(message)) return;
  if (emitted.size > 1000) emitted.clear();
  emitted.add(message);
  const p = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code: string }) => void } }).process;
  if (typeof p?.emitWarning === 'function') p.emitWarning(message, { type: 'TracegradWarning', code });
}
