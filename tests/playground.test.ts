/**
 * The playground in a real browser: builds it with Vite, serves the static files from
 * 127.0.0.1, and drives Debian's Chromium through playwright-core. Screenshots go to
 * tests/.artifacts/playground/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as tg from '../src/index.js';
import { buildPlayground, launchChromium, root, serveStatic } from '../examples/course/browser.js';
import { explainOptions, readValue, type Input } from '../docs/playground/src/model.js';
import { requireChromium } from './render/tools.js';

const artifacts = join(root, 'tests/.artifacts/playground');

const EXPRESSION = 'sigmoid(w*x+b)';
/** The page has drawn everything and has no update pending (browser-side code is a string: no DOM types here). */
const READY = `document.body.dataset.state === 'ready' && !document.body.hasAttribute('data-busy')`;

/** Runs `action` and waits until the page has finished the update it starts. */
async function settled(page: Page, action: () => Promise<unknown>, expect: 'ready' | 'error' = 'ready'): Promise<void> {
  const before = (await page.evaluate('document.body.dataset.revision ?? "0"')) as string;
  await action();
  await page.waitForFunction(
    `!document.body.hasAttribute('data-busy') && document.body.dataset.state === ${JSON.stringify(expect)} && (${JSON.stringify(expect)} === 'error' || document.body.dataset.revision !== ${JSON.stringify(before)})`,
    undefined,
    { timeout: 30_000 },
  );
}

/** Presses a key with nothing focused (so the page's step keys apply). */
async function key(page: Page, name: string): Promise<void> {
  await page.click('#step-counter');
  await page.keyboard.press(name);
}

async function valuesOnPage(page: Page): Promise<Record<string, number>> {
  return (await page.evaluate(`Object.fromEntries([...document.querySelectorAll('.variable input[type=text]')].map((f) => [f.id.replace(/^value-/, ''), Number(f.value)]))`)) as Record<string, number>;
}

/** The engine's derivation for the expression at these values, with the page's options. */
function engine(values: Record<string, number>) {
  const y = tg.parse(EXPRESSION, values);
  const input: Input = { expression: EXPRESSION, values, exclude: [], adjoint: 'bar', notation: 'matrix', stages: 'all', view: 'forward' };
  const vars = ['w', 'x', 'b'].map((n) => findVariable(y, n));
  return { y, vars, d: tg.explain(y, explainOptions(input, vars)) };
}

function findVariable(y: tg.Node, name: string): tg.Node {
  const stack = [y];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isVariable && n.name === name) return n;
    stack.push(...n.inputs);
  }
  throw new Error(`no variable ${name}`);
}

describe('a value typed in the playground', () => {
  it('is a decimal number or JSON arrays: 0x10 is not 16, 1e400 is not Infinity', () => {
    expect([readValue(' 2.5 '), readValue('−3'), readValue('.5'), readValue('1e-3')]).toEqual([2.5, -3, 0.5, 0.001]);
    expect(readValue('[[1, 2], [3, 4]]')).toEqual([[1, 2], [3, 4]]);
    for (const bad of ['0x10', '0b11', '1_000', 'Infinity', 'NaN']) expect(() => readValue(bad), bad).toThrow(`'${bad}' is not a number or an array such as [[1, 2], [3, 4]]`);
    expect(() => readValue('1e400')).toThrow("'1e400' is not a number or an array of numbers");
  });
});

describe('the playground in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let dist: string;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    dist = buildPlayground(join(artifacts, 'dist'));
    server = await serveStatic(dist);
    browser = await launchChromium({ width: 1280, height: 900 });
    page = await browser.context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(server.url)) foreign.push(r.url());
    });
    await page.goto(server.url);
    await page.waitForFunction(READY, undefined, { timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts on a preset with its graph drawn and its math rendered', async () => {
    expect(await page.locator('#graph svg g.node').count()).toBeGreaterThan(5);
    expect(await page.locator('#step .katex').count()).toBeGreaterThan(0);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.locator('#preset option').count()).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: join(artifacts, '1-start.png'), fullPage: true });
  });

  it('takes a typed expression and steps through its whole backward pass, forwards and back', async () => {
    await settled(page, async () => {
      await page.fill('#expression', EXPRESSION);
      await page.press('#expression', 'Enter');
    });
    expect(await page.inputValue('#preset')).toBe('custom');
    const values = await valuesOnPage(page);
    expect(Object.keys(values).sort()).toEqual(['b', 'w', 'x']);
    const { d } = engine(values);
    const expected = [d.seed, ...d.adjoints];

    await key(page, 'Home');
    const seen: string[] = [];
    for (let k = 0; k < expected.length; k++) {
      const eq = expected[k]!;
      const step = page.locator('#step');
      expect(await step.getAttribute('data-step')).toBe(String(k));
      expect(await step.getAttribute('data-id')).toBe(eq.id);
      // The equation is rendered math, in its stages, with no KaTeX error.
      expect(await step.locator('.stage .katex').count()).toBeGreaterThanOrEqual(eq.kind === 'seed' ? 1 : 2);
      expect(await step.locator('.katex-error').count()).toBe(0);
      const labels = await step.locator('.stage').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.label));
      expect(labels).toEqual([...eq.stages.map((s) => s.label), ...(eq.value ? ['value'] : [])]);
      if (eq.kind === 'adjoint') expect(labels[0]).toBe('chain rule');
      // Exactly one node is highlighted, the step's own, and it differs from the last step's.
      const current = page.locator('#graph g.node.current');
      expect(await current.count()).toBe(1);
      expect(await current.getAttribute('data-id')).toBe(eq.id);
      if (seen.length) expect(eq.id).not.toBe(seen[seen.length - 1]);
      seen.push(eq.id);
      if (k === 2) await page.screenshot({ path: join(artifacts, '2-step.png'), fullPage: true });
      if (k < expected.length - 1) await page.click('#next');
    }
    expect(await page.locator('#next').isDisabled()).toBe(true);
    expect(new Set(seen).size).toBe(expected.length);
    // Backwards: one step back highlights the previous node again.
    await page.click('#prev');
    expect(await page.locator('#graph g.node.current').getAttribute('data-id')).toBe(seen[seen.length - 2]);
    await key(page, 'ArrowRight');
    expect(await page.locator('#graph g.node.current').getAttribute('data-id')).toBe(seen[seen.length - 1]);
    expect(await page.locator('#graph g.node.visited').count()).toBe(expected.length - 1);
  });

  it('updates every value and gradient when w changes, to the engine\'s numbers', async () => {
    const before = await page.locator('.gradient[data-wrt=w]').getAttribute('data-value');
    await settled(page, async () => {
      await page.fill('#value-w', '0.75');
      await page.press('#value-w', 'Enter');
    });
    const values = await valuesOnPage(page);
    expect(values.w).toBe(0.75);
    const { y, vars, d } = engine(values);
    const [dw, dx, db] = tg.grad(y, vars).map((g) => g.value as number);
    const shown = async (name: string) => Number(await page.locator(`.gradient[data-wrt=${name}]`).getAttribute('data-value'));
    expect(await shown('w')).toBeCloseTo(dw!, 12);
    expect(await shown('x')).toBeCloseTo(dx!, 12);
    expect(await shown('b')).toBeCloseTo(db!, 12);
    expect(String(dw)).not.toBe(before);
    // The rendered value is the derivation's (6 significant digits).
    const text = await page.locator('.gradient[data-wrt=w]').getAttribute('data-text');
    expect(text).toBe(d.gradients[0]!.value!.text);
    expect(Number(text!.replace('−', '-'))).toBeCloseTo(dw!, 5);
    expect(await page.locator('.gradient[data-wrt=w] .katex').textContent()).toContain(text!.replace('-', '−'));
    // The slider moves the value too.
    await settled(page, () =>
      page.locator('#slider-x').evaluate((el) => {
        const slider = el as unknown as { value: string; dispatchEvent(e: Event): boolean };
        slider.value = '1.5';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    );
    expect(await page.inputValue('#value-x')).toBe('1.5');
    const after = engine(await valuesOnPage(page));
    expect(await shown('w')).toBeCloseTo(tg.grad(after.y, after.vars)[0]!.value as number, 12);
    await page.screenshot({ path: join(artifacts, '3-changed-w.png'), fullPage: true });
  });

  it('exports LaTeX, Markdown, DOT, SVG and HTML of what is on screen', async () => {
    const values = await valuesOnPage(page);
    const { y, vars, d } = engine(values);
    const get = async (id: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#export-${id}`)]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    const tex = await get('latex');
    expect(tex.name).toMatch(/\.tex$/);
    const tikz = await tg.toTikz(y, { view: 'forward', wrt: vars, adjoint: 'bar' });
    expect(tex.text).toBe(d.toLatex({ standalone: true, tikz }));
    expect(tex.text).toContain('\\begin{tikzpicture}');
    const md = await get('markdown');
    expect(md.text).toBe(d.toMarkdown());
    const dot = await get('dot');
    expect(dot.text).toMatch(/^digraph tracegrad \{/);
    expect(await tg.toSvg(dot.text)).toContain('<svg');
    const svg = await get('svg');
    expect(svg.text).toContain('<svg');
    const html = await get('html');
    expect(html.text).toContain('class="katex"');
    expect(html.text).not.toContain('katex-error');
    expect(html.text).toContain('data:font/woff2;base64');
    expect(html.text).toContain('<svg');
  });

  it('shows a malformed expression\'s parse error with its column, and recovers', async () => {
    const bad = 'sigmoid(w*x +)';
    let column: number | undefined;
    try {
      tg.parse(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(tg.ParseError);
      column = (e as tg.ParseError).column;
    }
    expect(column).toBeGreaterThan(0);
    await settled(page, async () => {
      await page.fill('#expression', bad);
      await page.press('#expression', 'Enter');
    }, 'error');
    const box = page.locator('#error');
    expect(await box.isVisible()).toBe(true);
    expect(await box.getAttribute('data-column')).toBe(String(column));
    expect(await box.textContent()).toContain(`column ${column}`);
    expect(await box.textContent()).toContain('ParseError');
    expect(await box.locator('.caret').textContent()).toBe(`${' '.repeat(column! - 1)}^ column ${column}`);
    // Never a blank page: the last graph stays, dimmed.
    expect(await page.locator('#graph svg').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, '4-error.png'), fullPage: true });
    // A shape error says where, too.
    await settled(page, async () => {
      await page.fill('#expression', 'x + [1, 2] * [[1, 2, 3]]');
      await page.press('#expression', 'Enter');
    }, 'error');
    expect(await box.textContent()).toMatch(/column \d+/);
    await settled(page, async () => {
      await page.fill('#expression', EXPRESSION);
      await page.press('#expression', 'Enter');
    });
    expect(await box.isHidden()).toBe(true);
  });

  it('loads every preset, in every notation, with no KaTeX error', async () => {
    const ids = await page.locator('#preset option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter((v) => v !== 'custom'));
    for (const id of ids) {
      await settled(page, () => page.selectOption('#preset', id));
      for (const [name, value] of [['adjoint', 'delta'], ['notation', 'index'], ['adjoint', 'partial'], ['notation', 'matrix'], ['adjoint', 'bar']] as const) {
        await settled(page, () => page.check(`input[name=${name}][value=${value}]`));
        await key(page, 'End');
        expect(await page.locator('#next').isDisabled()).toBe(true);
        expect(await page.locator('#step .katex').count(), `${id} ${name}=${value}`).toBeGreaterThan(0);
        expect(await page.locator('.katex-error').count(), `${id} ${name}=${value}`).toBe(0);
        expect(await page.locator('#graph g.node.current').count(), `${id} ${name}=${value}`).toBe(1);
      }
      if (id === 'xor-bug') {
        expect(await page.locator('#warnings').textContent()).toContain('log-softmax over an axis of length 1');
        await page.screenshot({ path: join(artifacts, '5-xor-bug.png'), fullPage: true });
      }
    }
  }, 180_000);

  it('made no console errors and fetched nothing from outside the local server', () => {
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    expect(server.requests.every((p) => p === '/' || p.startsWith('/assets/'))).toBe(true);
  });

  it('works straight from disk (file://)', async () => {
    const p = await browser.context.newPage();
    const errs: string[] = [];
    p.on('console', (m) => m.type() === 'error' && errs.push(m.text()));
    p.on('pageerror', (e) => errs.push(e.message));
    await p.goto(`file://${join(dist, 'index.html')}#preset=quadratic`);
    await p.waitForFunction(READY, undefined, { timeout: 60_000 });
    expect(await p.locator('#graph svg g.node').count()).toBeGreaterThan(3);
    expect(await p.locator('#preset').inputValue()).toBe('quadratic');
    const fonts = (await p.evaluate('document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === "loaded").length)')) as number;
    expect(fonts).toBeGreaterThan(0);
    expect(errs).toEqual([]);
    await p.close();
  });
});

/**
 * What is wrong with the page's layout at its width: the page scrolling sideways, a control
 * outside the window, a variable's name cut, a graph not at its natural size, a graph label
 * under 10 px (browser-side code as a string: no DOM types here).
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide at ' + width);
  for (const el of document.querySelectorAll('button, input, select, label, .counter, h1, h2, .gradient, .stage')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.right > width + 0.5) problems.push('outside the window: ' + (el.id || el.className || el.tagName) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
  }
  for (const el of document.querySelectorAll('.variable .name, .counter, .options label')) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push('cut: ' + el.textContent);
  }
  const box = document.querySelector('#graph');
  const svg = box.querySelector('svg');
  const natural = parseFloat(svg.getAttribute('width')) * 4 / 3;
  const shown = svg.getBoundingClientRect();
  if (Math.abs(shown.width - natural) > 1.5) problems.push('the graph is ' + Math.round(shown.width) + ' px wide, not its natural ' + Math.round(natural));
  if (box.scrollWidth + 1 < shown.width) problems.push('the graph is clipped: its box scrolls over ' + box.scrollWidth + ' px of ' + Math.round(shown.width));
  for (const t of svg.querySelectorAll('text')) {
    if (t.textContent.trim() === '') continue;
    const h = t.getBoundingClientRect().height;
    if (h < 10) problems.push('label "' + t.textContent + '" is ' + h.toFixed(1) + ' px tall');
  }
  return problems;
})()`;

describe('the playground at 1280 and 390 px: nothing clipped, no sideways overflow, labels at least 10 px', () => {
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let dist: string;
  beforeAll(async () => {
    requireChromium();
    mkdirSync(artifacts, { recursive: true });
    dist = buildPlayground(join(artifacts, 'dist-layout'));
    server = await serveStatic(dist);
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  for (const width of [1280, 390]) {
    it(`at ${width} px, for the presets, forward and backward`, async () => {
      const browser = await launchChromium({ width, height: 900 });
      try {
        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}#preset=neuron`);
        await page.waitForFunction(READY, undefined, { timeout: 60_000 });
        for (const preset of ['neuron', 'xor-bug', 'dense']) {
          if ((await page.inputValue('#preset')) !== preset) await settled(page, () => page.selectOption('#preset', preset));
          for (const view of ['forward', 'both'] as const) {
            if (!(await page.isChecked(`input[name=view][value=${view}]`))) await settled(page, () => page.check(`input[name=view][value=${view}]`));
            await page.evaluate('document.fonts.ready.then(() => true)');
            expect(await page.evaluate(LAYOUT_PROBLEMS), `${preset}, ${view}, ${width} px`).toEqual([]);
            await page.screenshot({ path: join(artifacts, `layout-${width}-${preset}-${view}.png`), fullPage: true });
          }
        }
        // The zoom buttons change the size; 100% brings back the natural size.
        await page.click('#zoom-out');
        expect(Number(await page.locator('#graph').getAttribute('data-zoom'))).toBeLessThan(1);
        await page.click('#zoom-reset');
        expect(await page.locator('#graph').getAttribute('data-zoom')).toBe('1');
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 240_000);
  }
});
