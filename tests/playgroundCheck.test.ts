/**
 * The playground's "check your adjoint" box in a real browser (issue 18): build the page with
 * Vite, open it straight from disk (file://, as students do), step to backward steps of the
 * CS231n neuron and type answers into the MathLive field. Each verdict is compared with what
 * the same check gives in Node (docs/playground/src/check.ts, the engine's checkFormula).
 * Screenshots go to tests/.artifacts/playground-check/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildPlayground, launchChromium, root } from '../examples/course/browser.js';
import { analyse, presetInput } from '../docs/playground/src/model.js';
import { checkStep } from '../docs/playground/src/check.js';
import { PRESETS } from '../docs/playground/src/presets.js';
import { requireChromium } from './render/tools.js';

const artifacts = join(root, 'tests/.artifacts/playground-check');
const READY = `document.body.dataset.state === 'ready' && !document.body.hasAttribute('data-busy')`;

/** The neuron as the page starts with it, computed in Node. */
const neuron = analyse(presetInput(PRESETS.find((p) => p.id === 'neuron')!));
const stepOf = (lhs: string): number => {
  const k = neuron.steps.findIndex((e) => e.lhs.latex === lhs);
  if (k < 0) throw new Error(`the neuron has no step ${lhs}: ${neuron.steps.map((e) => e.lhs.latex).join(', ')}`);
  return k;
};

describe('check your adjoint: the student types a formula, the engine checks it', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];

  /** Goes to step `k` with the keys and buttons (Home, then next). */
  async function goTo(k: number): Promise<void> {
    await page.click('#step-counter');
    await page.keyboard.press('Home');
    for (let i = 0; i < k; i++) await page.click('#next');
    expect(await page.locator('#step').getAttribute('data-step')).toBe(String(k));
  }

  /** Types keys into the (emptied) math field, as a student does. */
  async function type(keys: string): Promise<void> {
    await page.evaluate(`document.getElementById('check-input').value = ''`);
    await page.click('#check-input');
    await page.waitForFunction(`document.activeElement && document.activeElement.id === 'check-input'`);
    await page.keyboard.type(keys);
  }

  /** Puts LaTeX in the math field, as a paste does (MathLive keeps the text as given). */
  async function paste(latex: string): Promise<void> {
    await page.evaluate(`document.getElementById('check-input').value = ${JSON.stringify(latex)}`);
  }

  /** The verdict shown after pressing Check: its kind and its text. */
  async function verdict(): Promise<{ kind: string | null; text: string }> {
    await page.waitForFunction(`document.getElementById('check-verdict').dataset.verdict !== undefined`, undefined, { timeout: 10_000 });
    const box = page.locator('#check-verdict');
    return { kind: await box.getAttribute('data-verdict'), text: await box.innerText() };
  }

  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    const dist = buildPlayground(join(artifacts, 'dist'));
    browser = await launchChromium({ width: 1280, height: 900 });
    page = await browser.context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!/^(data|blob|file):/.test(r.url())) foreign.push(r.url());
    });
    await page.goto(`file://${join(dist, 'index.html')}#preset=neuron`);
    await page.waitForFunction(READY, undefined, { timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('has no box at the seed, and at a backward step a labelled math field, a Check button and a live verdict', async () => {
    await goTo(0);
    expect(await page.locator('#check').isHidden()).toBe(true);
    await goTo(stepOf('\\bar{v}_{4}'));
    expect(await page.locator('#check').isVisible()).toBe(true);
    // MathLive's element, upgraded (it has MathLive's API), labelled by the step's name.
    expect(await page.evaluate(`typeof document.getElementById('check-input').getValue`)).toBe('function');
    expect(await page.locator('#check-input').getAttribute('aria-labelledby')).toBe('check-label');
    expect(await page.locator('#check-label').innerText()).toContain('v');
    expect(await page.locator('#check-label .katex').count()).toBe(1);
    expect(await page.locator('#check-verdict').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#check-button').innerText()).toBe('Check');
    // The names an answer may use: variables, forward quantities, the adjoints already computed.
    const names = JSON.parse((await page.locator('#check-names').getAttribute('data-names'))!) as string[];
    expect(names).toEqual(expect.arrayContaining(['w_{0}', 'x_{1}', 'v_{3}', 'L', '\\bar{L}']));
    expect(names).not.toContain('\\bar{v}_{4}');
  });

  it('says "correct" for a right answer typed in the math field (Enter checks; ← edits, it does not step)', async () => {
    const k = stepOf('\\bar{v}_{4}');
    await goTo(k);
    await type('L(1-L');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#step').getAttribute('data-step')).toBe(String(k));
    await page.keyboard.press('End');
    await page.keyboard.type(')');
    expect(await page.evaluate(`document.getElementById('check-input').getValue('latex')`)).toMatch(/^L\\left\(1-L\\right\)$/);
    await page.keyboard.press('Enter');
    const v = await verdict();
    expect(v.kind).toBe('correct');
    expect(v.text).toMatch(/Correct/);
    expect(v.text).toContain('v̄₄');
    expect(checkStep(neuron, k, 'L\\left(1-L\\right)').report?.ok).toBe(true);
    expect(await page.locator('#step').getAttribute('data-step')).toBe(String(k));
    await page.screenshot({ path: join(artifacts, '1-correct.png'), fullPage: true });
  });

  it('gives the checker\'s hint for a wrong sign, with the point and both values', async () => {
    const k = stepOf('\\bar{v}_{4}');
    await type('-L(1-L)');
    await page.click('#check-button');
    const v = await verdict();
    expect(v.kind).toBe('wrong');
    const expected = checkStep(neuron, k, '-L\\left(1-L\\right)').report!;
    expect(expected.ok).toBe(false);
    expect(expected.hint?.kind).toBe('sign');
    expect(v.text).toContain(expected.hint!.text);
    expect(v.text).toContain('wrong sign');
    // The counterexample: the sliders' point (the variables' own values come first), both values.
    const point = page.locator('#check-verdict .point');
    expect(Number(await point.getAttribute('data-hand'))).toBeCloseTo(expected.counterexample!.hand as number, 12);
    expect(Number(await point.getAttribute('data-engine'))).toBeCloseTo(expected.counterexample!.engine as number, 12);
    expect(Number(await point.getAttribute('data-engine'))).toBeCloseTo(-Number(await point.getAttribute('data-hand')), 12);
    const text = await point.innerText();
    for (const name of ['w', 'x']) expect(text).toContain(name);
    expect(text).toContain('0.196612');
    expect(text).toContain('−0.196612');
    // Editing the formula clears the verdict.
    await page.click('#check-input');
    await page.waitForFunction(`document.activeElement && document.activeElement.id === 'check-input'`);
    await page.keyboard.type('+1');
    await page.waitForFunction(`document.getElementById('check-verdict').dataset.verdict === undefined`);
  });

  it('names the missing factor of the chain rule (x̄₁ = v̄₂ w₁, answered v̄₂), quoting the answer', async () => {
    const k = stepOf('\\bar{x}_{1}');
    await goTo(k);
    expect(await page.evaluate(`document.getElementById('check-input').getValue('latex')`)).toBe('');
    await paste('\\bar{v}_2');
    await page.click('#check-button');
    const v = await verdict();
    expect(v.kind).toBe('wrong');
    const expected = checkStep(neuron, k, '\\bar{v}_2').report!;
    expect(expected.hint?.kind).toBe('missing-factor');
    expect(v.text).toContain(expected.hint!.text);
    expect(v.text).toMatch(/lacks the factor w₁/);
    await page.screenshot({ path: join(artifacts, '2-missing-factor.png'), fullPage: true });
    // The right answer, written as an equation with the step's name on the left, is right.
    await paste('\\bar{x}_1 = w_1 \\bar{v}_2');
    await page.click('#check-button');
    expect((await verdict()).kind).toBe('correct');
    // And a factor 2 too many is a factor.
    await paste('2 \\bar{v}_{2} w_{1}');
    await page.click('#check-button');
    const f = await verdict();
    expect(f.kind).toBe('wrong');
    expect(f.text).toMatch(/factor/);
  });

  it('shows the parse error of malformed LaTeX with its column, and of a name the step does not have', async () => {
    const k = stepOf('\\bar{x}_{1}');
    await type('x+');
    await page.keyboard.press('Enter');
    let v = await verdict();
    expect(v.kind).toBe('error');
    const expected = checkStep(neuron, k, 'x+').error!;
    expect(expected.kind).toBe('ParseError');
    expect(expected.column).toBe(3);
    expect(v.text).toContain('ParseError');
    expect(v.text).toContain('column 3');
    expect(await page.locator('#check-verdict').getAttribute('data-column')).toBe('3');
    expect(await page.locator('#check-verdict .caret').textContent()).toBe('  ^ column 3');
    // An unclosed \frac{ (MathLive closes it with empty boxes, which the reader points at).
    await paste('\\frac{');
    await page.click('#check-button');
    v = await verdict();
    expect(v.kind).toBe('error');
    expect(v.text).toMatch(/ParseError: .*at column \d+/);
    expect(Number(await page.locator('#check-verdict').getAttribute('data-column'))).toBeGreaterThan(0);
    // A name that is not this step's (its own adjoint, which is what is asked for).
    await paste('\\bar{x}_1');
    await page.click('#check-button');
    v = await verdict();
    expect(v.kind).toBe('error');
    expect(v.text).toContain('x̄₁ is not a name of this step');
    expect(v.text).toContain('v̄₂');
    await page.screenshot({ path: join(artifacts, '3-parse-error.png'), fullPage: true });
  });

  it('empties the box on another step', async () => {
    await paste('w_1');
    await page.click('#check-button');
    await verdict();
    await page.click('#prev');
    expect(await page.evaluate(`document.getElementById('check-input').getValue('latex')`)).toBe('');
    expect(await page.locator('#check-verdict').getAttribute('data-verdict')).toBeNull();
  });

  it('fits at 390 and 1280 px with a verdict shown: nothing outside the window, no sideways scroll', async () => {
    await settledPreset(page, 'dense');
    const k = (await page.locator('#step').getAttribute('data-step'))!;
    expect(k).toBe('0');
    await page.click('#last');
    await paste('X \\bar{v}_{2}');
    await page.click('#check-button');
    expect((await verdict()).kind).toBe('error');
    await paste('\\bar{v}_{2}');
    await page.click('#check-button');
    expect((await verdict()).kind).toBe('wrong');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const bad = (await page.evaluate(`(() => {
        const out = [];
        const w = window.innerWidth;
        if (document.documentElement.scrollWidth > w) out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('#check, #check label, #check-input, #check-button, #check-verdict, #check-names')) {
          const r = el.getBoundingClientRect();
          if (r.left < -0.5 || r.right > w + 0.5) out.push(el.id || el.tagName + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
        }
        const field = document.getElementById('check-input').getBoundingClientRect();
        if (field.width < 120) out.push('the math field is ' + Math.round(field.width) + ' px wide');
        return out;
      })()`)) as string[];
      expect(bad, `${width} px`).toEqual([]);
      await page.screenshot({ path: join(artifacts, `layout-${width}.png`), fullPage: true });
    }
  });

  it('made no page error or console error, and fetched nothing (no font, no sound) from the network', () => {
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});

/** Picks a preset and waits for the page to redraw. */
async function settledPreset(page: Page, id: string): Promise<void> {
  const before = (await page.evaluate('document.body.dataset.revision ?? "0"')) as string;
  await page.selectOption('#preset', id);
  await page.waitForFunction(`${READY} && document.body.dataset.revision !== ${JSON.stringify(before)}`, undefined, { timeout: 30_000 });
}
