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
  /** Per wanted name, the number of primes to try first: counting up from one for each owner was quadratic when 10⁵ owners want one name. */
  private nextPrime: Map<string, number> | undefined;
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
    if (this.taken(name, owner)) {
      const key = `${wanted.latex}\u0000${wanted.text}`;
      let k = this.nextPrime?.get(key) ?? 1;
      for (name = primed(wanted, k); this.taken(name, owner); ) name = primed(wanted, ++k);
      (this.nextPrime ??= new Map()).set(key, k + 1);
    }
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

/**
 * One sentence per shared name: `different nodes are named x; the later one prints as x′`, or,
 * when more share it, `5 different nodes are named x; the later ones print as x′, x′′, …, x⁽⁴⁾`
 * (a line per renaming would be 10⁵ lines for 10⁵ nodes named alike).
 */
export function renamingMessages(renamed: readonly Renaming[]): string[] {
  const byName = new Map<string, string[]>();
  for (const r of renamed) {
    const list = byName.get(r.from.text);
    if (list) list.push(r.to.text);
    else byName.set(r.from.text, [r.to.text]);
  }
  return [...byName].map(([from, to]) =>
    to.length === 1
      ? `different nodes are named ${from}; the later one prints as ${to[0]}`
      : `${(to.length + 1).toLocaleString('en')} different nodes are named ${from}; the later ones print as ${to.length <= 4 ? to.join(', ') : `${to.slice(0, 3).join(', ')}, …, ${to[to.length - 1]}`}`,
  );
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
