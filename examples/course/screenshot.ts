/**
 * Regenerates the README's screenshot of the playground, docs/images/playground.png: builds
 * the playground, serves it on 127.0.0.1, opens the CS231n neuron in headless Chromium, steps
 * to the adjoint of the first sum and saves the window.
 *
 * Run: npx tsx examples/course/screenshot.ts [--no-build]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlayground, chromiumPath, launchChromium, root, serveStatic } from './browser.js';

const out = join(root, 'docs/images/playground.png');

async function main(argv: readonly string[]): Promise<number> {
  if (!chromiumPath) {
    console.error('screenshot: chromium is not installed (apt-get install -y --no-install-recommends chromium)');
    return 2;
  }
  const dist = argv.includes('--no-build') ? join(root, 'docs/playground/dist') : buildPlayground();
  const server = await serveStatic(dist);
  const browser = await launchChromium({ width: 1280, height: 900 });
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}#preset=neuron`);
    // Browser-side code as strings: this file is type-checked without the DOM library.
    await page.waitForFunction(`document.body.dataset.state === 'ready' && !document.body.hasAttribute('data-busy')`);
    // Step to the adjoint of v₃ = v₁ + v₂: the chain rule through a sum, mid-way back.
    for (let k = 0; k < 3; k++) await page.click('#next');
    await page.evaluate('document.fonts.ready.then(() => true)');
    mkdirSync(join(root, 'docs/images'), { recursive: true });
    await page.screenshot({ path: out });
    if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    console.log(`wrote ${out}`);
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
