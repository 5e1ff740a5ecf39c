/**
 * Names as the user wrote them, printed in LaTeX and in Unicode text.
 * @internal
 */

const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega'];
const GREEK_UNICODE: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  partial: '∂', nabla: '∇', odot: '⊙', cdot: '·', top: 'ᵀ', infty: '∞', ell: 'ℓ',
};
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '(': '⁽', ')': '⁾', 'n': 'ⁿ', 'i': 'ⁱ', 'l': 'ˡ', 'L': 'ᴸ', 'T': 'ᵀ', 'ᵀ': 'ᵀ', 'k': 'ᵏ', 'j': 'ʲ', 'm': 'ᵐ' };
const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '(': '₍', ')': '₎', 'i': 'ᵢ', 'j': 'ⱼ', 'k': 'ₖ', 'l': 'ₗ', 'm': 'ₘ', 'n': 'ₙ', 'x': 'ₓ' };

/** True when a name already contains LaTeX markup (the user wrote `z^{(1)}`, `\delta`). */
function isLatex(name: string): boolean {
  return /[\\^_{}]/.test(name);
}

/** A name in LaTeX: `x` → `x`, `w0` → `w_{0}`, `theta` → `\theta`, `loss` → `\mathrm{loss}`; LaTeX kept as is. */
/** Identifiers with underscores (`y_hat`, `W_1`) read as a base with a subscript. */
const SNAKE = /^([A-Za-z]+[0-9]*)_([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)$/;

export function latexName(name: string): string {
  const snake = SNAKE.exec(name);
  if (snake) {
    const sub = snake[2]!.split('_').map((p) => (/^[0-9]+$/.test(p) || p.length === 1 ? p : `\\mathrm{${p}}`)).join(',');
    return `${latexName(snake[1]!)}_{${sub}}`.replace(/_\{([^{}]*)\}_\{/, '_{$1,');
  }
  if (isLatex(name)) return name;
  const m = /^([A-Za-z]+)(\d+)?('*)$/.exec(name);
  if (!m) return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
  const [, base, digits, primes] = m;
  const b = base!.length === 1 ? base! : GREEK.includes(base!.toLowerCase()) && GREEK_UNICODE[base!] ? `\\${base}` : `\\mathrm{${base}}`;
  return `${b}${primes ?? ''}${digits ? `_{${digits}}` : ''}`;
}

/** True when a printed LaTeX name carries a superscript at top level (so it cannot take another). */
export function latexNameHasSup(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === '^' && depth === 0) return true;
  }
  return false;
}

/** True when a printed LaTeX name carries a subscript at top level. */
export function latexNameHasSub(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === '_' && depth === 0) return true;
  }
  return false;
}

function scriptText(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body];
  if (chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  return `${mark}${chars.length === 1 ? body : `(${body})`}`;
}

/** Converts LaTeX-ish markup to Unicode text: `z^{(1)}` → `z⁽¹⁾`, `\delta_{j}` → `δⱼ`, `\bar{z}` → `z̄`. */
export function latexToText(s: string): string {
  let out = s.replace(/\\(?:left|right|big|Big)([()[\]|.])/g, (_, d: string) => (d === '.' ? '' : d));
  out = out.replace(/\\(?:left|right)\\([{}])/g, '$1').replace(/\\lVert|\\rVert/g, '‖').replace(/\\mathbb\{1\}/g, '𝟙').replace(/\\,|\\;|\\!|\\quad/g, ' ');
  out = out.replace(/\\(?:mathrm|mathit|mathbf|operatorname|text)\{([^{}]*)\}/g, '$1');
  out = out.replace(/\\(?:bar|overline)\{([^{}]*)\}/g, (_, b: string) => `${b}\u0304`);
  out = out.replace(/\\hat\{([^{}]*)\}/g, (_, b: string) => `${b}\u0302`);
  out = out.replace(/\\([A-Za-z]+)\s?/g, (m, w: string) => GREEK_UNICODE[w] ?? m);
  out = out.replace(/\^\{([^{}]*)\}/g, (_, b: string) => scriptText(b, SUP, '^'));
  out = out.replace(/\^([0-9A-Za-z])/g, (_, b: string) => scriptText(b, SUP, '^'));
  out = out.replace(/_\{([^{}]*)\}/g, (_, b: string) => scriptText(b, SUB, '_'));
  out = out.replace(/_([0-9A-Za-z])/g, (_, b: string) => scriptText(b, SUB, '_'));
  out = out.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2');
  return out.replace(/[{}]/g, '');
}

/** A name in Unicode text. */
export function textName(name: string): string {
  if (SNAKE.test(name)) return latexToText(latexName(name));
  if (isLatex(name)) return latexToText(name);
  const m = /^([A-Za-z]+)(\d+)?('*)$/.exec(name);
  if (!m) return name;
  const [, base, digits, primes] = m;
  const b = GREEK_UNICODE[base!] && base!.length > 1 ? GREEK_UNICODE[base!]! : base!;
  return `${b}${primes ?? ''}${digits ? [...digits].map((c) => SUB[c]).join('') : ''}`;
}

/** Superscript digits for a small integer exponent in text (`2` → `²`), else undefined. */
export function superscriptInt(n: number): string | undefined {
  if (!Number.isInteger(n) || Math.abs(n) > 99) return undefined;
  return [...String(n)].map((c) => SUP[c]).join('');
}

/** Splits a printed LaTeX name into its base and its top-level sub- and superscript. */
export function splitLatexName(s: string): { base: string; sub?: string; sup?: string } {
  let depth = 0;
  let cut = s.length;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if ((ch === '^' || ch === '_') && depth === 0) {
      cut = i;
      break;
    }
  }
  const base = s.slice(0, cut);
  let rest = s.slice(cut);
  const out: { base: string; sub?: string; sup?: string } = { base };
  while (rest.length) {
    const mark = rest[0];
    rest = rest.slice(1);
    let body: string;
    if (rest[0] === '{') {
      let d = 0, j = 0;
      for (; j < rest.length; j++) {
        if (rest[j] === '{') d++;
        else if (rest[j] === '}' && --d === 0) break;
      }
      body = rest.slice(1, j);
      rest = rest.slice(j + 1);
    } else {
      body = rest.slice(0, 1);
      rest = rest.slice(1);
    }
    if (mark === '^') out.sup = body;
    else if (mark === '_') out.sub = body;
    else return { base: s };
  }
  return out;
}

/** Joins a base with optional sub- and superscripts. */
export function joinLatexName(base: string, sub?: string, sup?: string): string {
  return `${base}${sub !== undefined ? `_{${sub}}` : ''}${sup !== undefined ? `^{${sup}}` : ''}`;
}
