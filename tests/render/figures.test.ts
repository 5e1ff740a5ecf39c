/**
 * Figures a class can read (issue 16), measured in headless Chromium at 1280 px wide: the HTML
 * report shows the circuit diagram at its natural size (never shrunk to the column), and
 * every label of it, the SVG text boxes as the browser lays them out, is at least 10 px tall;
 * micrograd's 2-16-16-1 MLP collapsed by layer fits one screen (1280 × 800) at its natural
 * size. Screenshots go to tests/.artifacts/figures/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as tg from '../../src/index.js';
import { launchChromium } from '../../examples/course/browser.js';
import { microgradMlp } from '../../examples/micrograd-mlp.js';
import { neuron } from '../../examples/lessons.js';
import { requireChromium } from './tools.js';

const artifacts = join(import.meta.dirname, '..', '.artifacts', 'figures');

/** What the page shows of an SVG: its natural width (px), its width on screen, and the height of every text box. */
async function measure(page: Page, selector: string): Promise<{ natural: number; shown: number; shownHeight: number; heights: number[]; texts: string[] }> {
  // Browser-side code as a string: this file is type-checked without the DOM library.
  return (await page.evaluate(`(() => {
    const svg = document.querySelector(${JSON.stringify(selector)});
    const r = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '');
    return {
      natural: parseFloat(svg.getAttribute('width')) * 4 / 3,
      shown: r.width,
      shownHeight: r.height,
      heights: texts.map((t) => t.getBoundingClientRect().height),
      texts: texts.map((t) => t.textContent),
    };
  })()`)) as { natural: number; shown: number; shownHeight: number; heights: number[]; texts: string[] };
}

describe('figures in headless Chromium at 1280 px', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    browser = await launchChromium({ width: 1280, height: 800 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, build] of [
    ['xor', () => {
      // The demo's network (examples/demo.ts), a few steps in.
      const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', init: 'normal', seed: 0 });
      const run = tg.nn.fit(net, tg.nn.xor(), { loss: (z, y) => tg.nn.bce(z, y, { fromLogits: true }), optimizer: tg.nn.adam(net.parameters, { lr: 0.01 }), steps: 20 });
      return tg.explain(run.loss, { wrt: [...net.parameters], adjoint: 'delta', warn: false });
    }],
    ['neuron', () => {
      const n = neuron();
      return tg.explain(n.f, { wrt: n.inputs, warn: false });
    }],
  ] as const) {
    it(`the ${name} report shows its circuit diagram at natural size, every label at least 10 px tall`, async () => {
      const html = await build().toHTML();
      const file = join(artifacts, `${name}-report.html`);
      writeFileSync(file, html);
      const page = await browser.context.newPage();
      try {
        await page.goto(`file://${file}`);
        await page.evaluate('document.fonts.ready.then(() => true)');
        const m = await measure(page, '.graph-view svg');
        expect(m.texts.length).toBeGreaterThan(10);
        // Natural size: not shrunk to the column (nor enlarged).
        expect(Math.abs(m.shown - m.natural)).toBeLessThan(1.5);
        const smallest = Math.min(...m.heights);
        expect(smallest, `the smallest label, "${m.texts[m.heights.indexOf(smallest)]}", is ${smallest.toFixed(1)} px tall`).toBeGreaterThanOrEqual(10);
        // The page does not scroll sideways: the graph's own box does.
        expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(1280);
        // The CSS-only zoom works (50%: half the width).
        await page.click('label[for=zoom-50]');
        const half = await measure(page, '.graph-view svg');
        expect(half.shown).toBeCloseTo(m.natural / 2, 0);
        await page.click('label[for=zoom-100]');
        await page.screenshot({ path: join(artifacts, `${name}-report.png`), fullPage: true });
      } finally {
        await page.close();
      }
    }, 120_000);
  }

  it("micrograd's 2-16-16-1 MLP collapsed by layer fits one screen at natural size, its labels at least 10 px tall, each layer's box listing its parameters", async () => {
    const { loss, parameters } = microgradMlp();
    expect(parameters.length).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
    const svg = await tg.toSvg(loss, { wrt: parameters, collapse: true });
    for (const l of [1, 2, 3]) expect(svg).toContain(`layer ${l}`);
    expect(svg).toContain('48 parameters');
    expect(svg).toContain('272 parameters');
    expect(svg).toContain('17 parameters');
    const page = await browser.context.newPage();
    try {
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '')}</body></html>`);
      const m = await measure(page, 'svg');
      expect(Math.abs(m.shown - m.natural)).toBeLessThan(1.5);
      expect(m.shown).toBeLessThanOrEqual(1280);
      expect(m.shownHeight).toBeLessThanOrEqual(800);
      expect(Math.min(...m.heights)).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: join(artifacts, 'micrograd-mlp.png') });
    } finally {
      await page.close();
    }
    // Uncollapsed, the same network is hundreds of nodes: the collapse is what makes it fit.
    expect((await tg.toSvg(loss, { wrt: parameters, values: false })).match(/class="node/g)!.length).toBeGreaterThan(1000);
  }, 120_000);

  it("draws a node's neighbourhood (around, radius) and a depth limit (maxDepth)", async () => {
    const { loss, parameters } = microgradMlp();
    const all = tg.toDot(loss, { wrt: parameters, values: false });
    const near = tg.toDot(loss, { wrt: parameters, values: false, around: loss, radius: 2 });
    const shallow = tg.toDot(loss, { wrt: parameters, values: false, maxDepth: 2 });
    const count = (dot: string) => dot.match(/^ +n\d+ \[label="(?!…)/gm)?.length ?? 0;
    expect(count(near)).toBeLessThan(12);
    expect(count(near)).toBeGreaterThan(2);
    expect(count(shallow)).toBeLessThan(8);
    expect(count(all)).toBeGreaterThan(500);
    expect(near).toContain('inputs not shown');
  });
});
