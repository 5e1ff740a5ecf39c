/**
 * Exports of what is on screen: a self-contained HTML page (KaTeX CSS and fonts inlined,
 * equations rendered ahead of time, the SVG inline) and file downloads.
 */
import katex from 'katex';
import type { Derivation, Equation } from '../../../src/index.js';

export const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** One equation as display LaTeX: all its right-hand sides, the value last, numbered. */
export function equationLatex(e: Equation): string {
  const rhs = [...e.stages.map((s) => s.latex), ...(e.value ? [e.value.latex] : [])];
  if (rhs.length === 1) return `${e.lhs.latex} = ${rhs[0]} \\tag{${e.number}}`;
  return `\\begin{aligned}${rhs.map((r, i) => (i === 0 ? `${e.lhs.latex} &= ${r}` : `&= ${r}`)).join(' \\\\ ')}\\end{aligned} \\tag{${e.number}}`;
}

/** The sections of a derivation, as its renderers title them. */
export function sections(d: Derivation): { title: string; equations: Equation[] }[] {
  return [
    { title: 'Forward pass', equations: d.forward },
    { title: 'Seed', equations: [d.seed] },
    { title: 'Backward pass (adjoints)', equations: d.adjoints },
    { title: 'Gradients', equations: d.gradients },
  ].filter((s) => s.equations.length > 0);
}

/** A page that needs no network and no script: the graph and every equation. */
export function derivationHtml(d: Derivation, svg: string, katexCss: string, expression: string): string {
  const math = (latex: string, display: boolean) => katex.renderToString(latex, { displayMode: display, throwOnError: false, output: 'html' });
  const body = sections(d)
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.equations.map((e) => `<div class="eq" id="eq-${e.number}" data-node="${e.id}">${math(equationLatex(e), true)}${e.note ? `<p class="note">${escapeHtml(e.note.text)}</p>` : ''}</div>`).join('\n')}</section>`)
    .join('\n');
  const warnings = d.warnings.length ? `<section class="warnings"><h2>Warnings</h2><ul>${d.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Derivation of the gradient of ${expression}`)}</title>
<style>${katexCss}</style>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
code { font-size: 1rem; }
.graph svg { max-width: 100%; height: auto; }
.eq { overflow-x: auto; }
.warnings { background: #fff4e5; border-left: 4px solid #e67e22; padding: .5rem 1rem; }
.note { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>Derivation of the gradient of <code>${escapeHtml(expression)}</code></h1>
<p class="note">Exported from the tracegrad playground. Layout convention: the gradient of a tensor has the tensor's shape. Equation numbers appear in the graph beside each node.</p>
${warnings}
<section class="graph"><h2>Computation graph</h2>
${svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '')}
</section>
${body}
</body>
</html>
`;
}

/** Offers `text` as a file download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
