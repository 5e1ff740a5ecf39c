/**
 * The hostile-label corpus and the checks every renderer's output must pass, shared by
 * `labels.test.ts` (a fixed corpus) and `fuzz.test.ts` (random labels).
 */
import katex from 'katex';
import { expect } from 'vitest';

/**
 * Labels that used to reach LaTeX, Markdown, HTML or DOT as they were, or to break them:
 * commands that read files, run programs or define macros; LaTeX's special characters;
 * markup; control, format and unpaired characters; malformed names; deep nesting.
 */
export const HOSTILE_LABELS: readonly string[] = [
  '\\input{/etc/passwd}', '\\include{x}', '\\write18{rm -rf ~}', '\\immediate\\write18{ls}', '\\href{javascript:alert(1)}{x}', '\\url{javascript:alert(1)}',
  '\\def\\x{y}', '\\catcode`\\^^M=13', '\\newcommand{\\a}{b}', '\\csname input\\endcsname', '\\openout1=x', '\\usepackage{shellesc}', '\\end{document}', '\\end{align*}',
  '\\begin{verbatim}', '\\text{\\input{x}}', '\\mathrm{\\input{x}}', '\\hat{\\input{x}}', 'z^{(1)}\\input{x}', '\\operatorname{a\\b}', '\\bar{\\def\\x{1}}',
  '%', '$', '$$', '}{', 'a\\', '\\', '{', '}', '&', '#', '~', '^', '_', '^^5c', '\\\\', '\\[', '\\]', 'x^{', 'x^}', 'x__y', 'x^2^3', "x^2'", '\\bar', '\\bar{', '\\bar{}',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '&lt;b&gt;', '`code`', '*bold* _it_', '[link](javascript:alert(1))', '![x](y)',
  '|a|b|', '# heading', '> quote', '<!-- c -->',
  'a\nb', 'a\r\nb', 'a\n\nb', 'tab\there', 'nul\u0000', 'rtl\u202eabc', 'zero\u200bwidth', 'lone\ud800', 'é', '中文', '😀', 'x\u0304', 'σ(z)', '−1',
  // names an Object.prototype lookup would find: \toString once printed a function's source
  '\\toString', '\\__proto__', '\\constructor', '\\hasOwnProperty', '\\valueOf', '\\bar{\\toString}', '\\mathrm{constructor}', 'x_\\__proto__', 'x^\\valueOf',
  `${'{'.repeat(12)}x${'}'.repeat(12)}`, `z^{${'{'.repeat(9)}1${'}'.repeat(9)}}`, 'a'.repeat(400), `\\alpha${'_1'.repeat(3)}`,
];

/** Commands a printed formula may hold: the ops', the derivation's, the label grammar's and the escapes'. */
const ALLOWED_COMMANDS = new Set([
  // structure and ops used in the tests' graphs
  'left', 'right', 'sin', 'cos', 'tanh', 'exp', 'log', 'frac', 'partial', 'cdot', 'odot', 'tag', 'begin', 'end', 'quad', 'mathbf', 'sum', 'top', 'times', 'infty', 'sigma',
  // label grammar
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'varpi', 'rho', 'varrho',
  'varsigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
  'ell', 'nabla', 'star', 'ast', 'dagger', 'hbar', 'prime', 'bar', 'overline', 'hat', 'widehat', 'tilde', 'widetilde', 'vec', 'dot', 'ddot', 'check', 'breve', 'underline',
  'boldsymbol', 'mathcal', 'mathbb', 'mathsf', 'mathit', 'mathtt', 'mathrm', 'text', 'operatorname',
  // text escapes and text accents
  'textbackslash', 'textasciicircum', 'textasciitilde', 'textless', 'textgreater', 'textbar', 'dots', 'u', 'v', 'H', 'r', 'surd', 'le', 'ge', 'ne', 'to',
  // Long equations broken across lines: fixed-size delimiters, and the room of an `=`.
  'Bigl', 'Bigr', 'phantom', 'quad',
]);
/** Never in a formula, whatever else changes. */
const FORBIDDEN = /\\(?:input|include|write|immediate|href|url|def|edef|gdef|xdef|let|catcode|csname|newcommand|renewcommand|openout|openin|read|usepackage|documentclass|special|directlua|verbatim)(?![A-Za-z])/;

/** KaTeX parses `s` (display mode), strictly: no input KaTeX only tolerates. */
export function katexOk(s: string, what = s): void {
  expect(() => katex.renderToString(s, { displayMode: true, throwOnError: true, strict: 'error' }), `${what}: ${s.slice(0, 300)}`).not.toThrow();
}

/**
 * LaTeX output: printable ASCII only (pdflatex reads it with no Unicode set-up), no forbidden
 * command, no command outside the known set (`tikz`/`document` allow a figure's and a
 * document's own), and (for a formula, unless `katex: false`) KaTeX parses it.
 */
export function checkLatex(s: string, label: string, options: { tikz?: boolean; document?: boolean; katex?: boolean } = {}): void {
  const what = `label ${JSON.stringify(label)}`;
  expect(s, what).toMatch(/^[\x20-\x7e\n]*$/);
  expect(s, what).not.toMatch(FORBIDDEN);
  const extra = new Set([
    ...(options.tikz ? ['node', 'draw', 'path', 'tikzpicture', 'scriptsize', 'normalsize', 'large', 'coordinate', 'textcolor', 'color', 'enspace', 'resizebox', 'linewidth', 'usepackage'] : []),
    ...(options.document ? ['section', 'itemize', 'item', 'allowdisplaybreaks', 'center', 'align', 'end', 'document', 'figure', 'centering', 'caption', 'newsavebox', 'sbox', 'usebox', 'tracegradfigure', 'typeout', 'the', 'wd', 'ht', 'space', 'ifdim', 'fi', 'textheight', 'Bigl', 'Bigr', 'phantom'] : []),
  ]);
  for (const m of s.matchAll(/\\([A-Za-z]+)/g)) if (!ALLOWED_COMMANDS.has(m[1]!) && !extra.has(m[1]!)) throw new Error(`${what}: unexpected command \\${m[1]} in ${s.slice(Math.max(0, m.index! - 80), m.index! + 80)}`);
  if (!options.tikz && !options.document && options.katex !== false) katexOk(s, what);
}

/** Text output: no control character but newlines, no bidirectional override, no unpaired surrogate. */
export function checkText(s: string, label: string): void {
  const what = `label ${JSON.stringify(label)}`;
  expect(s, what).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
  expect(s, what).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

/** Markdown output: no HTML tag, comment or entity from a label, no link, no stray math. */
export function checkMarkdown(s: string, label: string): void {
  const what = `label ${JSON.stringify(label)}`;
  checkText(s, label);
  expect(s, what).not.toMatch(/<[A-Za-z/!?]/);
  expect(s, what).not.toMatch(/(?<!\\)\]\(/);
  // Outside the $$ blocks, every $ is escaped.
  const prose = s.replace(/^\$\$\n[\s\S]*?\n\$\$$/gm, '').replace(/^# .*$/m, '');
  expect(prose, what).not.toMatch(/(?<!\\)\$/);
}
