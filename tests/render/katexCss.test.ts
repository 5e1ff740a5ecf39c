/**
 * The HTML report's KaTeX stylesheet comes from a generated module (scripts/katex-css.ts), so
 * that `toHTML` needs no file system and works in browsers. It must be what the installed
 * katex ships, fonts inlined.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { KATEX_CSS, KATEX_CSS_VERSION } from '../../src/explain/katexCss.generated.js';
import { katexCssFile, katexCssModule } from '../../scripts/katex-css.js';

const require = createRequire(import.meta.url);

describe('the generated KaTeX stylesheet', () => {
  it('is current: the committed module is what scripts/katex-css.ts writes for the installed katex (npm run katex-css)', () => {
    expect(readFileSync(katexCssFile, 'utf8') === katexCssModule(), 'src/explain/katexCss.generated.ts is stale: run npm run katex-css').toBe(true);
    expect(KATEX_CSS_VERSION).toBe((require('katex/package.json') as { version: string }).version);
  });

  it('holds every woff2 font as a data URI and fetches nothing', () => {
    const fonts = KATEX_CSS.match(/url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\) format\("woff2"\)/g) ?? [];
    expect(fonts.length).toBe(20);
    expect(KATEX_CSS).not.toMatch(/url\((?!data:)/);
    expect(KATEX_CSS).toContain('.katex{');
  });

  it('is the stylesheet of the HTML report', async () => {
    const x = tg.variable('x', 2);
    const html = await tg.explain(tg.sin(x).as('y'), { wrt: [x] }).toHTML();
    expect(html).toContain(`<style>${KATEX_CSS}</style>`);
  });
});
