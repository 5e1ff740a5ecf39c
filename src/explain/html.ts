/**
 * The self-contained HTML report: KaTeX-rendered equations (CSS and fonts inlined) and the
 * SVG graph; it needs no network and no script.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';
import { equationLatex, type Derivation } from './derivation.js';
import { toDot } from './dot.js';
import { renderSvg } from './render.js';

let css: string | undefined;

/** KaTeX's stylesheet with its woff2 fonts inlined as data URIs. */
export function katexCss(): string {
  if (css) return css;
  const require = createRequire(import.meta.url);
  const file = require.resolve('katex/dist/katex.min.css');
  const dir = dirname(file);
  css = readFileSync(file, 'utf8').replace(/src:url\(fonts\/([^)]+?)\.woff2\) format\("woff2"\)[^;}]*/g, (_m, name: string) => {
    const data = readFileSync(join(dir, 'fonts', `${name}.woff2`)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return css;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);


export async function derivationHtml(d: Derivation, options: { title?: string }): Promise<string> {
  const title = options.title ?? `Derivation of the gradient of ${d.output}`;
  const svg = await renderSvg(toDot(d.analysis.y, { view: 'both', wrt: d.analysis.wrt }));
  const math = (latex: string, display: boolean) => katex.renderToString(latex, { displayMode: display, throwOnError: true, output: 'html' });
  const sections = d
    .sections()
    .map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.equations.map((e) => `<div class="eq" id="eq-${e.number}" data-node="${e.id}">${math(equationLatex(e, ' '), true)}${e.note ? `<p class="note">${escapeHtml(e.note.text)}</p>` : ''}</div>`).join('\n')}</section>`)
    .join('\n');
  const warnings = d.warnings.length ? `<section class="warnings"><h2>Warnings</h2><ul>${d.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${katexCss()}</style>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.graph svg { max-width: 100%; height: auto; }
.eq { overflow-x: auto; }
.warnings { background: #fff4e5; border-left: 4px solid #e67e22; padding: .5rem 1rem; }
.note { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>${math(`\\text{Derivation of the gradient of } ${d.output}`, false)}</h1>
<p class="note">Layout convention: the gradient of a tensor has the tensor's shape. Equation numbers appear in the graph beside each node.</p>
${warnings}
<section class="graph"><h2>Computation graph (forward in grey and blue, backward in red)</h2>
${svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '')}
</section>
${sections}
</body>
</html>
`;
}
