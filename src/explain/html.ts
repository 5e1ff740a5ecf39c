/**
 * The self-contained HTML report: KaTeX-rendered equations (CSS and fonts inlined) and the
 * SVG graph; it needs no network and no script.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Derivation } from './derivation.js';
import { derivationPage } from './page.js';
import { toDot } from './dot.js';
import { toSvg } from './render.js';

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

export async function derivationHtml(d: Derivation, options: { title?: string }): Promise<string> {
  const svg = await toSvg(toDot(d.analysis.y, { view: 'both', wrt: d.analysis.wrt }));
  return derivationPage(d, { svg, css: katexCss(), title: options.title ?? `Derivation of the gradient of ${d.output}` });
}
