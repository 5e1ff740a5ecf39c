/**
 * The playground page: plain DOM. State lives in `state`; every change goes through
 * `update()`, which asks the engine for a new model and redraws. The page reports where it is
 * in `document.body.dataset.state` (`loading`, `ready`, `error`) and counts finished redraws in
 * `dataset.revision`, so tests and scripts can wait for it.
 */
import katex from 'katex';
import katexCss from 'katex/dist/katex.min.css?inline';
import { MathfieldElement } from 'mathlive';
import * as tg from '../../../src/index.js';
import { PRESETS, type Value } from './presets.js';
import { analyse, errorColumn, errorKind, presetInput, readValue, showValue, type Input, type Model } from './model.js';
import { derivationHtml, download, equationLatex, escapeHtml, sections } from './export.js';
import { answerNames, checkStep, type StepCheck } from './check.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing from the page`);
  return el as T;
};

interface State {
  input: Input;
  presetId: string;
  model?: Model;
  svg?: string;
  step: number;
  /** Variables panel signature (names, shapes, wrt), to rebuild it only when it changes. */
  varsKey?: string;
}

const state: State = { input: presetInput(PRESETS[0]!), presetId: PRESETS[0]!.id, step: 0 };
let revision = 0;
let renderToken = 0;

// ---------------------------------------------------------------------------------------
// Math

function math(el: HTMLElement, latex: string, display = true): void {
  katex.render(latex, el, { displayMode: display, throwOnError: false, output: 'html' });
}

// ---------------------------------------------------------------------------------------
// Errors

function clearError(): void {
  const box = $('error');
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.column;
  $('expression').removeAttribute('aria-invalid');
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[id^=export-]')) b.disabled = false;
}

function showError(e: unknown): void {
  const box = $('error');
  const message = e instanceof Error ? e.message : String(e);
  const kind = errorKind(e);
  const column = errorColumn(e);
  const p = document.createElement('p');
  p.className = 'message';
  p.textContent = `${kind}: ${message}`;
  box.replaceChildren(p);
  if (column !== undefined) {
    box.dataset.column = String(column);
    const text = state.input.expression.replace(/\n/g, ' ');
    const pre = document.createElement('pre');
    pre.innerHTML = `${escapeHtml(text)}\n<span class="caret">${' '.repeat(Math.max(0, column - 1))}^ column ${column}</span>`;
    box.append(pre);
  }
  box.hidden = false;
  $('expression').setAttribute('aria-invalid', 'true');
  for (const id of ['graph', 'step', 'gradients', 'derivation-body']) $(id).classList.add('stale');
  // What is on screen is stale: nothing to export until the input is fixed.
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[id^=export-]')) b.disabled = true;
  document.body.dataset.state = 'error';
}

// ---------------------------------------------------------------------------------------
// Update

let pending: ReturnType<typeof setTimeout> | undefined;
let running = 0;

/** `data-busy` is present while an update is scheduled or running. */
function markBusy(): void {
  document.body.toggleAttribute('data-busy', pending !== undefined || running > 0);
}

/** Recomputes everything from `state.input` and redraws. */
async function update(): Promise<void> {
  running++;
  markBusy();
  try {
    await redraw();
  } finally {
    running--;
    markBusy();
  }
}

async function redraw(): Promise<void> {
  let model: Model;
  try {
    model = analyse(state.input);
  } catch (e) {
    ++renderToken;
    showError(e);
    return;
  }
  Object.assign(state.input.values, model.defaults);
  state.model = model;
  state.step = Math.min(state.step, model.steps.length - 1);
  clearError();
  for (const id of ['graph', 'step', 'gradients', 'derivation-body']) $(id).classList.remove('stale');
  renderVariables(model);
  renderWarnings(model);
  renderGradients(model);
  renderStep();
  if (($('derivation') as HTMLDetailsElement).open) renderDerivation(model);
  const token = ++renderToken;
  try {
    const svg = await tg.toSvg(model.dot);
    if (token !== renderToken) return;
    state.svg = svg;
    renderGraph(svg);
  } catch (e) {
    if (token === renderToken) showError(e);
    return;
  }
  document.body.dataset.state = 'ready';
  document.body.dataset.revision = String(++revision);
}

function updateSoon(delay = 250): void {
  clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    void update();
  }, delay);
  markBusy();
}

function updateNow(): void {
  clearTimeout(pending);
  pending = undefined;
  void update();
}

// ---------------------------------------------------------------------------------------
// Graph

function renderGraph(svg: string): void {
  const box = $('graph');
  box.innerHTML = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '');
  fitGraph();
  for (const g of box.querySelectorAll<SVGGElement>('g.node')) {
    const id = g.querySelector('title')?.textContent ?? '';
    g.dataset.id = id;
    g.addEventListener('click', () => {
      const k = state.model?.steps.findIndex((s) => s.id === id) ?? -1;
      if (k >= 0) goTo(k);
    });
  }
  highlight();
}

/** The graph's zoom: 1 shows it at its natural size (1 pt = 4/3 px), never shrunk to the box by itself. */
let zoom = 1;
const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

/** Sizes the SVG at its natural size times the zoom; the box scrolls (and pans by dragging). */
function fitGraph(): void {
  const box = $('graph');
  const svg = box.querySelector('svg');
  if (!svg) return;
  const natural = parseFloat(svg.getAttribute('width') ?? '0') * (4 / 3);
  if (!(natural > 0)) return;
  svg.style.maxWidth = 'none';
  svg.style.width = `${Math.round(natural * zoom)}px`;
  svg.style.height = 'auto';
  $('zoom-level').textContent = `${Math.round(zoom * 100)}%`;
  box.dataset.zoom = String(zoom);
}

function setZoom(z: number): void {
  zoom = Math.max(ZOOM_STEPS[0]!, Math.min(ZOOM_STEPS[ZOOM_STEPS.length - 1]!, z));
  fitGraph();
}

/** The zoom that shows the whole graph in the box (at most 100%). */
function zoomToFit(): void {
  const box = $('graph');
  const svg = box.querySelector('svg');
  const natural = parseFloat(svg?.getAttribute('width') ?? '0') * (4 / 3);
  if (natural > 0) setZoom(Math.min(1, (box.clientWidth - 12) / natural));
}

/** Drag the graph to pan it (the box scrolls); a click on a node still goes to its step. */
function panning(box: HTMLElement): void {
  let start: { x: number; y: number; left: number; top: number } | undefined;
  let moved = false;
  box.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    start = { x: ev.clientX, y: ev.clientY, left: box.scrollLeft, top: box.scrollTop };
    moved = false;
  });
  box.addEventListener('pointermove', (ev) => {
    if (!start) return;
    const dx = ev.clientX - start.x, dy = ev.clientY - start.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    moved = true;
    box.classList.add('panning');
    box.scrollLeft = start.left - dx;
    box.scrollTop = start.top - dy;
  });
  const end = () => {
    start = undefined;
    box.classList.remove('panning');
  };
  box.addEventListener('pointerup', end);
  box.addEventListener('pointerleave', end);
  // A drag is not a click on the node it ends on.
  box.addEventListener('click', (ev) => {
    if (moved) {
      ev.stopPropagation();
      moved = false;
    }
  }, true);
  box.addEventListener('wheel', (ev) => {
    if (!ev.ctrlKey) return;
    ev.preventDefault();
    setZoom(zoom * (ev.deltaY < 0 ? 1.1 : 1 / 1.1));
  }, { passive: false });
}

function highlight(): void {
  const m = state.model;
  const box = $('graph');
  const current = m?.steps[state.step]?.id;
  const visited = new Set(m?.steps.slice(0, state.step).map((s) => s.id));
  for (const g of box.querySelectorAll<SVGGElement>('g.node')) {
    const id = g.dataset.id!;
    g.classList.toggle('current', id === current);
    g.classList.toggle('visited', id !== current && visited.has(id));
  }
  if (current) box.dataset.current = current;
  const g = box.querySelector('g.node.current');
  if (g) {
    // Scroll the graph box (not the page) so that the current node is in view.
    const r = g.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.left < b.left || r.right > b.right) box.scrollLeft += r.left - b.left - (b.width - r.width) / 2;
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - (b.height - r.height) / 2;
  }
}

// ---------------------------------------------------------------------------------------
// Steps

function goTo(k: number): void {
  const m = state.model;
  if (!m) return;
  state.step = Math.max(0, Math.min(m.steps.length - 1, k));
  renderStep();
  highlight();
}

function row(label: string, latex: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'stage';
  div.dataset.label = label;
  const l = document.createElement('div');
  l.className = 'label';
  l.textContent = label;
  const m = document.createElement('div');
  m.className = 'math';
  math(m, latex);
  div.append(l, m);
  return div;
}

function renderStep(): void {
  const m = state.model;
  const box = $('step');
  if (!m) return;
  const e = m.steps[state.step]!;
  const n = m.steps.length;
  $('step-counter').textContent = `step ${state.step + 1} of ${n} · node ${e.id}`;
  ($('first') as HTMLButtonElement).disabled = ($('prev') as HTMLButtonElement).disabled = state.step === 0;
  ($('last') as HTMLButtonElement).disabled = ($('next') as HTMLButtonElement).disabled = state.step === n - 1;
  box.dataset.id = e.id;
  box.dataset.step = String(state.step);
  box.dataset.kind = e.kind;
  const title = document.createElement('p');
  title.className = 'title';
  title.textContent =
    e.kind === 'seed'
      ? `Seed (${e.number}): the output's adjoint is 1.`
      : `Equation (${e.number}): ${e.lhs.text}, the adjoint of node ${e.id}, from the adjoints of the nodes that use it.`;
  const rows: HTMLElement[] = e.stages.map((s, i) => row(s.label, `${i === 0 ? e.lhs.latex : ''} = ${s.latex}`));
  if (e.value) rows.push(row('value', `${e.stages.length ? '' : e.lhs.latex} = ${e.value.latex}`));
  box.replaceChildren(title, ...rows);
  const def = m.derivation.forward.find((f) => f.id === e.id);
  if (def) {
    const p = document.createElement('p');
    p.className = 'forward-def';
    p.append('where ');
    const span = document.createElement('span');
    katex.render(`${def.lhs.latex} = ${def.stages[0]?.latex ?? ''}${def.value ? ` = ${def.value.latex}` : ''}`, span, { throwOnError: false, output: 'html' });
    p.append(span, ` (forward equation ${def.number}, node ${e.id})`);
    box.append(p);
  }
  if (e.note) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = e.note.text;
    box.append(p);
  }
  renderCheck(m);
}

// ---------------------------------------------------------------------------------------
// Check your adjoint: the student's formula for the current step, checked by the engine

/** The math input (MathLive), made in `init` once MathLive is told not to fetch fonts or sounds. */
let answerField: MathfieldElement | undefined;
/** What the box is for: the step's node and everything that changes its names. */
let checkKey = '';
/** The model the verdict was computed on, and the formula checked. */
let checkedModel: Model | undefined;
let checkedLatex: string | undefined;

function setupCheck(): void {
  // Offline from file://: no font or sound is fetched. The fonts are KaTeX's, which the page
  // has already injected (inlined), and MathLive renders with the same families.
  MathfieldElement.fontsDirectory = null;
  MathfieldElement.soundsDirectory = null;
  const field = new MathfieldElement();
  field.id = 'check-input';
  field.setAttribute('aria-labelledby', 'check-label');
  field.smartFence = true;
  field.popoverPolicy = 'off';
  $('check-field').replaceWith(field);
  answerField = field;
  const form = $('check') as HTMLFormElement;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    runCheck();
  });
  // MathLive handles keys inside its shadow root; Enter is caught on the way in.
  field.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || ev.shiftKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    runCheck();
  }, true);
  // A verdict is about what was checked: editing the formula clears it. (MathLive sends some
  // input events late, after Enter, so the value is compared rather than the event trusted.)
  field.addEventListener('input', () => {
    if (field.getValue('latex') !== checkedLatex) showVerdict(undefined);
  });
}

function renderCheck(m: Model): void {
  const form = $('check');
  const e = m.steps[state.step]!;
  form.hidden = e.kind === 'seed' || !answerField;
  if (form.hidden) return;
  const key = JSON.stringify([m.input.expression, m.input.adjoint, m.input.notation, m.input.stages, e.id]);
  // Another step (or other names): an empty box. New values: the verdict is out of date.
  if (key !== checkKey) {
    checkKey = key;
    answerField!.value = '';
    showVerdict(undefined);
  }
  if (checkedModel !== m) showVerdict(undefined);
  katex.render(e.lhs.latex, $('check-lhs'), { throwOnError: false, output: 'html' });
  const names = answerNames(m, state.step);
  const box = $('check-names');
  const group = (kind: string, title: string) => {
    const list = names.filter((n) => n.kind === kind);
    if (!list.length) return [];
    const span = document.createElement('span');
    span.className = 'names';
    span.append(`${title}: `);
    list.forEach((n, i) => {
      // A name and its comma stay on one line.
      const item = document.createElement('span');
      item.className = 'name';
      item.append(mathSpan(n.latex), ...(i < list.length - 1 ? [','] : []));
      span.append(...(i ? [' '] : []), item);
    });
    return [span];
  };
  box.replaceChildren('You may use ', ...group('variable', 'the variables'), ...group('forward', '; the forward quantities'), ...group('adjoint', '; the adjoints already computed'), '.');
  box.dataset.names = JSON.stringify(names.map((n) => n.latex));
}

function runCheck(): void {
  const m = state.model;
  if (!m || !answerField || m.steps[state.step]?.kind === 'seed') return;
  const latex = answerField.getValue('latex');
  checkedModel = m;
  checkedLatex = latex;
  showVerdict(checkStep(m, state.step, latex), m);
}

/** A value for the verdict, in LaTeX: a number to 6 digits, a vector as a column, a matrix. */
function valueLatex(v: unknown): string {
  const num = (x: number) => String(Number(x.toPrecision(6)));
  if (typeof v === 'number') return num(v);
  if (!Array.isArray(v)) return String(v);
  const rows = v.every(Array.isArray) ? (v as unknown[][]) : v.map((x) => [x]);
  if (rows.some((r) => r.some((x) => typeof x !== 'number'))) return `\text{${JSON.stringify(v)}}`;
  return `\begin{bmatrix}${rows.map((r) => (r as number[]).map(num).join(' & ')).join(' \\\\ ')}\end{bmatrix}`;
}

function paragraph(className: string, ...parts: (string | Node)[]): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.append(...parts);
  return p;
}

function mathSpan(latex: string): HTMLSpanElement {
  const s = document.createElement('span');
  katex.render(latex, s, { throwOnError: false, output: 'html' });
  return s;
}

function showVerdict(result: StepCheck | undefined, m?: Model): void {
  const box = $('check-verdict');
  delete box.dataset.column;
  if (!result || !m) {
    checkedLatex = undefined;
    box.replaceChildren();
    delete box.dataset.verdict;
    box.className = 'verdict';
    return;
  }
  const e = m.steps[state.step]!;
  const parts: HTMLElement[] = [];
  let verdict: string;
  if (result.error) {
    verdict = 'error';
    const { kind, message } = result.error;
    parts.push(paragraph('message', `${kind}: ${message}`));
    const column = result.error.column;
    if (column !== undefined) {
      box.dataset.column = String(column);
      const pre = document.createElement('pre');
      pre.innerHTML = `${escapeHtml(result.text)}\n<span class="caret">${' '.repeat(Math.max(0, column - 1))}^ column ${column}</span>`;
      parts.push(pre);
    }
  } else {
    const r = result.report!;
    if (r.ok) {
      verdict = 'correct';
      const how = r.verdict === 'equivalent' ? (r.method === 'identical' ? 'the same expression' : 'proved equal') : `equal at ${r.points} points`;
      parts.push(paragraph('headline', `✓ Correct: your ${e.lhs.text} is the engine's (${how}).`));
    } else if (r.verdict === 'inconclusive') {
      verdict = 'inconclusive';
      parts.push(paragraph('headline', `? Inconclusive: ${r.message.split('\n')[0]!.replace(/^inconclusive: /, '')}`));
    } else {
      verdict = 'wrong';
      parts.push(paragraph('headline', `✗ Not yet: your ${e.lhs.text} differs from the engine's.`));
      if (r.hint) parts.push(paragraph('hint-text', `Hint: ${r.hint.text}`));
      else if (r.difference) {
        parts.push(paragraph('hint-text', 'First difference: yours ', mathSpan(r.difference.hand.latex), ', the engine\'s ', mathSpan(r.difference.engine.latex), r.difference.note ? ` (${r.difference.note})` : ''));
      }
      const c = r.counterexample;
      if (c) {
        const point = (result.point ?? []).map((p) => `${p.latex} = ${valueLatex(p.value)}`);
        const at = paragraph('point', 'At ', mathSpan(point.join(',\\; ')), ': yours ', mathSpan(valueLatex(c.hand)), ', the engine\'s ', mathSpan(valueLatex(c.engine)), '.');
        at.dataset.hand = JSON.stringify(c.hand);
        at.dataset.engine = JSON.stringify(c.engine);
        parts.push(at);
      }
    }
  }
  box.className = `verdict ${verdict}`;
  box.dataset.verdict = verdict;
  box.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------
// Variables, gradients, warnings, the whole derivation

function shapeText(shape: readonly number[]): string {
  return shape.length ? `[${shape.join(', ')}]` : 'scalar';
}

function renderVariables(m: Model): void {
  const key = JSON.stringify(m.variables.map((v) => [v.name, v.shape, v.wrt]));
  const box = $('variables');
  if (key !== state.varsKey) {
    state.varsKey = key;
    box.replaceChildren(...m.variables.map((v) => variableRow(v.name, v.shape, v.value, v.wrt)));
  }
  for (const v of m.variables) {
    const field = document.getElementById(`value-${v.name}`) as HTMLInputElement | null;
    if (field && document.activeElement !== field && field.getAttribute('aria-invalid') !== 'true') field.value = showValue(v.value);
    const slider = document.getElementById(`slider-${v.name}`) as HTMLInputElement | null;
    if (slider && document.activeElement !== slider && typeof v.value === 'number') setSlider(slider, v.value);
  }
}

function setSlider(slider: HTMLInputElement, v: number): void {
  const span = Math.max(5, Math.ceil(Math.abs(v) * 2));
  slider.min = String(-span);
  slider.max = String(span);
  slider.value = String(v);
}

function setValue(name: string, v: Value): void {
  state.input.values[name] = v;
}

function variableRow(name: string, shape: readonly number[], value: Value, wrt: boolean): HTMLElement {
  const div = document.createElement('div');
  div.className = 'variable';
  div.dataset.name = name;
  const label = document.createElement('label');
  label.className = 'name';
  label.htmlFor = `value-${name}`;
  label.textContent = name;
  label.title = shapeText(shape);
  const check = document.createElement('input');
  check.type = 'checkbox';
  check.id = `wrt-${name}`;
  check.checked = wrt;
  check.title = `differentiate with respect to ${name}`;
  check.addEventListener('change', () => {
    const ex = new Set(state.input.exclude);
    if (check.checked) ex.delete(name);
    else ex.add(name);
    state.input.exclude = [...ex];
    state.step = 0;
    updateNow();
  });
  const field = document.createElement('input');
  field.type = 'text';
  field.id = `value-${name}`;
  field.spellcheck = false;
  field.value = showValue(value);
  field.setAttribute('aria-label', `value of ${name} (${shapeText(shape)})`);
  const problem = document.createElement('p');
  problem.className = 'field-error';
  problem.hidden = true;
  const commit = (now: boolean) => {
    try {
      const v = readValue(field.value);
      field.removeAttribute('aria-invalid');
      problem.hidden = true;
      setValue(name, v);
      const slider = document.getElementById(`slider-${name}`) as HTMLInputElement | null;
      if (slider && typeof v === 'number') setSlider(slider, v);
      if (now) updateNow();
      else updateSoon();
    } catch (e) {
      field.setAttribute('aria-invalid', 'true');
      problem.textContent = e instanceof Error ? e.message : String(e);
      problem.hidden = false;
    }
  };
  field.addEventListener('input', () => commit(false));
  field.addEventListener('change', () => commit(true));
  field.addEventListener('keydown', (ev) => ev.key === 'Enter' && commit(true));
  let control: HTMLElement;
  if (typeof value === 'number') {
    const slider = document.createElement('input');
    slider.type = 'range';
    slider.id = `slider-${name}`;
    slider.step = '0.01';
    slider.setAttribute('aria-label', `slider for ${name}`);
    setSlider(slider, value);
    slider.addEventListener('input', () => {
      const v = Number(slider.value);
      field.value = String(v);
      field.removeAttribute('aria-invalid');
      problem.hidden = true;
      setValue(name, v);
      updateSoon(30);
    });
    control = slider;
  } else {
    control = document.createElement('span');
    control.className = 'shape';
    control.textContent = shapeText(shape);
  }
  div.append(label, check, field, control, problem);
  return div;
}

function renderGradients(m: Model): void {
  const box = $('gradients');
  box.replaceChildren(
    ...m.derivation.gradients.map((e, i) => {
      const div = document.createElement('div');
      div.className = 'gradient';
      const name = m.wrtNodes[i]!.name!;
      div.dataset.wrt = name;
      div.dataset.id = e.id;
      div.dataset.value = JSON.stringify(m.gradients.get(name));
      if (e.value) div.dataset.text = e.value.text;
      const compact = e.stages[0];
      math(div, `${e.lhs.latex} ${compact ? `= ${compact.latex}` : ''} ${e.value ? `= ${e.value.latex}` : ''}`);
      return div;
    }),
  );
}

function renderWarnings(m: Model): void {
  const box = $('warnings');
  const w = m.derivation.warnings;
  box.hidden = w.length === 0;
  box.replaceChildren(
    ...w.map((text) => {
      const p = document.createElement('p');
      p.textContent = `Warning: ${text}`;
      return p;
    }),
  );
}

function renderDerivation(m: Model): void {
  const box = $('derivation-body');
  const parts: HTMLElement[] = [];
  for (const s of sections(m.derivation)) {
    const h = document.createElement('h3');
    h.textContent = s.title;
    parts.push(h);
    for (const e of s.equations) {
      const div = document.createElement('div');
      div.className = 'eq';
      div.dataset.node = e.id;
      math(div, equationLatex(e));
      parts.push(div);
    }
  }
  box.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------------------
// Presets, options, exports, keys

function loadPreset(id: string): void {
  const p = PRESETS.find((q) => q.id === id) ?? PRESETS[0]!;
  state.presetId = p.id;
  state.input = presetInput(p, { adjoint: state.input.adjoint, view: state.input.view });
  state.step = 0;
  ($('preset') as HTMLSelectElement).value = p.id;
  ($('expression') as HTMLInputElement).value = p.expression;
  history.replaceState(null, '', `#preset=${p.id}`);
  $('about').textContent = p.about;
  syncRadios();
  updateNow();
}

function syncRadios(): void {
  for (const name of ['adjoint', 'notation', 'stages', 'view'] as const) {
    for (const r of document.querySelectorAll<HTMLInputElement>(`input[name=${name}]`)) r.checked = r.value === state.input[name];
  }
}

function radios<K extends 'adjoint' | 'notation' | 'stages' | 'view'>(name: K): void {
  for (const r of document.querySelectorAll<HTMLInputElement>(`input[name=${name}]`)) {
    r.addEventListener('change', () => {
      if (!r.checked) return;
      state.input[name] = r.value as Input[K];
      if (name === 'stages') state.step = 0;
      updateNow();
    });
  }
}

function fileBase(): string {
  return state.presetId === 'custom' ? 'derivation' : `derivation-${state.presetId}`;
}

async function exportAs(kind: 'latex' | 'markdown' | 'dot' | 'svg' | 'html'): Promise<void> {
  const m = state.model;
  if (!m) return;
  const base = fileBase();
  try {
    switch (kind) {
      case 'latex': {
        const tikz = await tg.toTikz(m.y, { view: m.input.view, wrt: m.wrtNodes, adjoint: m.input.adjoint });
        download(`${base}.tex`, m.derivation.toLatex({ standalone: true, tikz }), 'application/x-tex');
        break;
      }
      case 'markdown':
        download(`${base}.md`, m.derivation.toMarkdown(), 'text/markdown');
        break;
      case 'dot':
        download(`${base}.dot`, m.dot, 'text/vnd.graphviz');
        break;
      case 'svg':
        download(`${base}.svg`, state.svg ?? (await tg.toSvg(m.dot)), 'image/svg+xml');
        break;
      case 'html':
        download(`${base}.html`, derivationHtml(m.derivation, state.svg ?? (await tg.toSvg(m.dot)), katexCss, m.input.expression), 'text/html');
        break;
    }
  } catch (e) {
    showError(e);
  }
}

function init(): void {
  const style = document.createElement('style');
  style.id = 'katex-css';
  style.textContent = katexCss;
  document.head.append(style);
  setupCheck();

  const select = $('preset') as HTMLSelectElement;
  for (const p of PRESETS) select.append(new Option(p.title, p.id));
  select.append(new Option('— your own expression —', 'custom'));
  select.addEventListener('change', () => {
    if (select.value !== 'custom') loadPreset(select.value);
  });

  const expr = $('expression') as HTMLInputElement;
  const edited = (now: boolean, force = false) => {
    if (expr.value === state.input.expression && !force) return;
    state.input.expression = expr.value;
    state.presetId = 'custom';
    select.value = 'custom';
    $('about').textContent = 'Your expression. Symbols become variables; give them values below (numbers, or arrays such as [[1, 2], [3, 4]]).';
    if (now) updateNow();
    else updateSoon(300);
  };
  expr.addEventListener('input', () => edited(false));
  expr.addEventListener('change', () => edited(true));
  expr.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') edited(true, true);
  });

  radios('adjoint');
  radios('notation');
  radios('stages');
  radios('view');

  $('first').addEventListener('click', () => goTo(0));
  $('prev').addEventListener('click', () => goTo(state.step - 1));
  $('next').addEventListener('click', () => goTo(state.step + 1));
  $('last').addEventListener('click', () => goTo(Infinity));
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.tagName === 'MATH-FIELD' || t.isContentEditable)) return;
    if (ev.key === 'ArrowRight') goTo(state.step + 1);
    else if (ev.key === 'ArrowLeft') goTo(state.step - 1);
    else if (ev.key === 'Home') goTo(0);
    else if (ev.key === 'End') goTo(Infinity);
    else return;
    ev.preventDefault();
  });

  for (const kind of ['latex', 'markdown', 'dot', 'svg', 'html'] as const) $(`export-${kind}`).addEventListener('click', () => void exportAs(kind));

  const details = $('derivation') as HTMLDetailsElement;
  details.addEventListener('toggle', () => details.open && state.model && renderDerivation(state.model));

  $('zoom-in').addEventListener('click', () => setZoom(ZOOM_STEPS.find((z) => z > zoom + 1e-9) ?? zoom));
  $('zoom-out').addEventListener('click', () => setZoom([...ZOOM_STEPS].reverse().find((z) => z < zoom - 1e-9) ?? zoom));
  $('zoom-reset').addEventListener('click', () => setZoom(1));
  $('zoom-fit').addEventListener('click', zoomToFit);
  panning($('graph'));
  window.addEventListener('error', (ev) => showError(ev.error ?? ev.message));
  window.addEventListener('unhandledrejection', (ev) => showError(ev.reason));

  const fromHash = /(?:^#|&)preset=([\w-]+)/.exec(location.hash)?.[1];
  loadPreset(fromHash && PRESETS.some((p) => p.id === fromHash) ? fromHash : PRESETS[0]!.id);
}

try {
  init();
} catch (e) {
  document.body.dataset.state = 'error';
  document.body.prepend(Object.assign(document.createElement('pre'), { className: 'error', textContent: `The playground could not start: ${e instanceof Error ? e.message : String(e)}` }));
}
