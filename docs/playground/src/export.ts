/**
 * Exports of what is on screen: a self-contained HTML page (KaTeX CSS and fonts inlined,
 * equations rendered ahead of time, the SVG inline) and file downloads.
 */
import type { Derivation, Equation } from '../../../src/index.js';
import { equationLatex as engineEquationLatex } from '../../../src/explain/equation.js';
import { derivationPage } from '../../../src/explain/page.js';
import { escapeHtml } from '../../../src/util/html.js';

export { escapeHtml };

/** One equation as display LaTeX, as the engine's renderers write it. */
export const equationLatex = (e: Equation): string => engineEquationLatex(e, ' ');

/** The sections of a derivation, as its renderers title them. */
export const sections = (d: Derivation): { title: string; equations: Equation[] }[] => d.sections();

/** A page that needs no network and no script: the graph and every equation (the engine's own page). */
export function derivationHtml(d: Derivation, svg: string, katexCss: string, expression: string): string {
  return derivationPage(d, {
    svg,
    css: katexCss,
    title: `Derivation of the gradient of ${expression}`,
    headingHtml: `Derivation of the gradient of <code>${escapeHtml(expression)}</code>`,
    note: "Exported from the tracegrad playground. Layout convention: the gradient of a tensor has the tensor's shape. Equation numbers appear in the graph beside each node.",
    throwOnError: false,
  });
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
