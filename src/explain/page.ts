/**
 * The HTML page of a derivation, built from strings only (no file system), so that the
 * report writer in Node and the playground in a browser produce the same page.
 */
import { escapeHtml } from '../util/html.js';
import katex from 'katex';
import type { Derivation } from './derivation.js';
import { equationLatex } from './equation.js';


/** What the page holds besides the derivation. */
export interface PageParts {
  /** The SVG picture of the graph. */
  svg: string;
  /** KaTeX's stylesheet, fonts inlined. */
  css: string;
  /** The document title. */
  title: string;
  /** The heading, as HTML (default: "Derivation of the gradient of L" typeset). */
  headingHtml?: string;
  /** A first paragraph, as plain text (default: the layout convention). */
  note?: string;
  /** Throw on a KaTeX error (default true); false renders the error in red instead. */
  throwOnError?: boolean;
}

/** Zoom levels of the graph, in percent (CSS only: the page has no script). */
const ZOOMS = [50, 75, 100, 150, 200];

/** One self-contained page: no network, no script. The graph is shown at its natural size, never shrunk to the column: it pans by scrolling and zooms by radio buttons. */
export function derivationPage(d: Derivation, parts: PageParts): string {
  const math = (latex: string, display: boolean) => katex.renderToString(latex, { displayMode: display, throwOnError: parts.throwOnError ?? true, output: 'html' });
  const sections = d
    .sections()
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.equations.map((e) => `<div class="eq" id="eq-${e.number}" data-node="${escapeHtml(e.id)}">${math(equationLatex(e, ' '), true)}${e.note ? `<p class="note">${escapeHtml(e.note.text)}</p>` : ''}</div>`).join('\n')}${s.omittedNote ? `\n<p class="note omitted">${escapeHtml(s.omittedNote)}</p>` : ''}</section>`)
    .join('\n');
  const warnings = d.warnings.length ? `<section class="warnings"><h2>Warnings</h2><ul>${d.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>` : '';
  const heading = parts.headingHtml ?? math(`\\text{Derivation of the gradient of } ${d.output}`, false);
  const note = parts.note ?? "Layout convention: the gradient of a tensor has the tensor's shape. Equation numbers appear in the graph beside each node.";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${parts.css}</style>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
code { font-size: 1rem; }
.graph-view { overflow: auto; max-height: 85vh; border: 1px solid #ddd; border-radius: 6px; background: #fff; }
.graph-view svg { display: block; max-width: none; margin: 0 auto; }
.zoom { font-size: .9rem; color: #555; margin: .3rem 0; }
.zoom input { margin-left: .6rem; }
#zoom-50:checked ~ .graph-view svg { zoom: .5; } #zoom-75:checked ~ .graph-view svg { zoom: .75; }
#zoom-150:checked ~ .graph-view svg { zoom: 1.5; } #zoom-200:checked ~ .graph-view svg { zoom: 2; }
.eq { overflow-x: auto; }
.warnings { background: #fff4e5; border-left: 4px solid #e67e22; padding: .5rem 1rem; }
.note { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>${heading}</h1>
<p class="note">${escapeHtml(note)}</p>
${warnings}
<section class="graph"><h2>Computation graph: values above the wires (green), gradients below (red)</h2>
<p class="note">Shown at its natural size: scroll to pan; zoom with the buttons or the browser.</p>
<span class="zoom">Zoom:</span>${ZOOMS.map((z) => `<input type="radio" name="zoom" id="zoom-${z}"${z === 100 ? ' checked' : ''}><label for="zoom-${z}">${z}%</label>`).join('')}
<div class="graph-view">
${parts.svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '')}
</div>
</section>
${sections}
</body>
</html>
`;
}
