/**
 * The self-contained HTML report: KaTeX-rendered equations (CSS and fonts inlined) and the
 * SVG graph; it needs no network and no script. Made from strings only (no file system), so
 * it works in Node and in browsers alike: KaTeX's stylesheet, fonts included, comes from a
 * generated module (scripts/katex-css.ts).
 */
import type { Derivation } from './derivation.js';
import { derivationPage } from './page.js';
import { toDot } from './dot.js';
import { toSvg } from './render.js';
import { KATEX_CSS } from './katexCss.generated.js';

export async function derivationHtml(d: Derivation, options: { title?: string }): Promise<string> {
  // The circuit diagram: the gradients are on its wires, so the forward graph shows them all.
  const svg = await toSvg(toDot(d.analysis.y, { wrt: d.analysis.wrt, adjoint: d.adjoint }));
  return derivationPage(d, { svg, css: KATEX_CSS, title: options.title ?? `Derivation of the gradient of ${d.output}` });
}
