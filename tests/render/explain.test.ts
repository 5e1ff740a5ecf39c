import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { mlpDeltas, neuron, quadraticForm } from '../../examples/lessons.js';

const golden = join(import.meta.dirname, 'golden');
/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it. */
function matchGolden(name: string, actual: string): void {
  const file = join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(golden, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} was missing and has been written; check it in`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Every LaTeX string of a derivation: each stage, each value, the align* body, each Markdown block. */
export function latexStrings(d: tg.Derivation): string[] {
  const out: string[] = [d.toLatex()];
  for (const e of d.equations) out.push(e.lhs.latex, ...e.stages.map((s) => s.latex), ...(e.value ? [e.value.latex] : []), ...(e.note ? [e.note.latex] : []));
  const md = d.toMarkdown();
  for (const m of md.matchAll(/\$\$\n([\s\S]*?)\n\$\$/g)) out.push(m[1]!);
  return out;
}

function katexOk(s: string): void {
  expect(() => katex.renderToString(s, { displayMode: true, throwOnError: true }), s).not.toThrow();
}

describe('the neuron derivation', () => {
  const { f, inputs } = neuron();
  const d = tg.explain(f, { wrt: inputs, warn: false });
  it('has forward, seed, adjoint and gradient equations, numbered in order', () => {
    expect(d.forward.map((e) => e.lhs.text)).toEqual(['z', 'f']);
    expect(d.seed.lhs.latex).toBe('\\bar{f}');
    expect(d.equations.map((e) => e.number)).toEqual(d.equations.map((_, i) => i + 1));
    expect(d.adjoints[0]!.stages.map((s) => s.label)).toEqual(['chain rule', 'local derivatives', 'simplified']);
    expect(d.adjoints[0]!.stages.map((s) => s.latex)).toEqual(['\\bar{f} \\frac{\\partial f}{\\partial z}', '\\bar{f} f \\left(1 - f\\right)', 'f \\left(1 - f\\right)']);
  });
  it('shows the textbook values', () => {
    const values = d.gradients.map((e) => e.value!.data as number);
    [-0.1966, 0.3932, -0.3932, -0.5898, 0.1966].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 4));
  });
  it('matches its golden files', () => {
    matchGolden('neuron.tex', d.toLatex());
    matchGolden('neuron.txt', d.toText());
    matchGolden('neuron.dot', tg.toDot(f, { view: 'both', style: 'debug' }));
    matchGolden('neuron-circuit.dot', tg.toDot(f, { view: 'both' }));
  });
  it('every LaTeX string parses in KaTeX', () => latexStrings(d).forEach(katexOk));
});

describe('the MLP derivation (Nielsen, chapter 2)', () => {
  const m = mlpDeltas();
  const [W2, b2, W3, b3] = m.params as [tg.Node, tg.Node, tg.Node, tg.Node];
  const d = tg.explain(m.C, { wrt: m.params, adjoint: 'delta', warn: false });
  const adj = d.analysis.pass.adjoints;
  it('contains the four backprop equations, structurally', () => {
    // δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ): the adjoint of a⁽²⁾ is a matmul of W⁽³⁾ᵀ with δ⁽³⁾ ...
    const da2 = adj.get(m.a2)!;
    expect(da2.op.name).toBe('matmul');
    expect(da2.inputs[0]!.op.name).toBe('transpose');
    expect(da2.inputs[0]!.inputs[0]).toBe(W3);
    expect(da2.inputs[1]).toBe(adj.get(m.z3));
    // ... and δ⁽²⁾ is its Hadamard product with a(1 − a).
    const dz2 = adj.get(m.z2)!;
    expect(dz2.op.name).toBe('mul');
    expect(dz2.inputs[0]).toBe(da2);
    expect(tg.toText(dz2.inputs[1]!)).toBe('a⁽²⁾ ⊙ (1 − a⁽²⁾)');
    // δᴸ = ∇ₐC ⊙ σ′(zᴸ)
    expect(tg.toText(adj.get(m.z3)!)).toBe('(a⁽³⁾ − y) ⊙ a⁽³⁾ ⊙ (1 − a⁽³⁾)');
    // ∂C/∂bˡ = δˡ
    expect(adj.get(b2)).toBe(dz2);
    expect(adj.get(b3)).toBe(adj.get(m.z3));
    // ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ: an outer product
    const dW2 = adj.get(W2)!;
    expect(dW2.op.name).toBe('matmul');
    expect(dW2.inputs[0]).toBe(dz2);
    expect(dW2.inputs[1]!.op.name).toBe('transpose');
    expect(dW2.inputs[1]!.inputs[0]).toBe(m.x);
    expect(adj.get(W3)!.inputs[1]!.inputs[0]).toBe(m.a2);
  });
  it('prints them in δ notation', () => {
    const simplified = (lhs: string) => d.adjoints.find((e) => e.lhs.latex === lhs)!.stages.at(-1)!.latex;
    expect(simplified('\\delta_{{a^{(2)}}}')).toBe('\\left(W^{(3)}\\right)^\\top \\delta^{(3)}');
    expect(simplified('\\delta^{(2)}')).toBe('\\delta_{{a^{(2)}}} \\odot a^{(2)} \\odot \\left(1 - a^{(2)}\\right)');
    expect(d.gradients.map((e) => e.stages[0]!.latex)).toEqual(['\\delta^{(2)} \\left(a^{(1)}\\right)^\\top', '\\delta^{(2)}', '\\delta^{(3)} \\left(a^{(2)}\\right)^\\top', '\\delta^{(3)}']);
  });
  it('prints the seed article\'s index notation', () => {
    const di = tg.explain(m.C, { wrt: m.params, adjoint: 'delta', notation: 'index', values: false, warn: false });
    expect(di.forward[0]!.lhs.latex).toBe('z_{j}^{(2)}');
    expect(di.forward[0]!.stages[0]!.latex).toBe('\\sum_{k} W_{jk}^{(2)} a_{k}^{(1)} + b_{j}^{(2)}');
    // ∂C/∂W_ij = δ_i a_j: an outer product, no sum.
    expect(di.gradients[0]!.stages[0]!.latex).toBe('\\delta_{i}^{(2)} a_{j}^{(1)}');
    expect(di.adjoints.find((e) => e.lhs.latex === '\\left[\\delta_{{a^{(2)}}}\\right]_{j}')!.stages.at(-1)!.latex).toBe('\\sum_{k} W_{kj}^{(3)} \\delta_{k}^{(3)}');
    latexStrings(di).forEach(katexOk);
    matchGolden('mlp-index.txt', di.toText());
  });
  it('matches its golden files and parses in KaTeX in every adjoint notation', () => {
    matchGolden('mlp.tex', d.toLatex());
    for (const adjoint of ['bar', 'delta', 'partial'] as const) latexStrings(tg.explain(m.C, { wrt: m.params, adjoint, warn: false })).forEach(katexOk);
  });
});

describe('xᵀAx', () => {
  const { f, A, x } = quadraticForm();
  const d = tg.explain(f, { wrt: [x], warn: false });
  it('gives (A + Aᵀ) x', () => {
    expect((d.gradients[0]!.value!.data as number[])).toEqual([-3, -3]);
    expect(d.gradients[0]!.stages[0]!.latex).toBe('\\left(A + A^\\top\\right) x');
    void A;
  });
  it('matches its golden file', () => matchGolden('xAx.tex', d.toLatex()));
});

describe('dead gradients', () => {
  it('diagnoses softmax cross-entropy over one logit (the seed article\'s bug)', () => {
    const X = tg.constant([[0, 0], [0, 1], [1, 0], [1, 1]], { label: 'X' });
    const W = tg.variable('W', tg.randn([2, 1], { seed: 1 }));
    const b = tg.variable('b', [0.1]);
    const z = X.matmul(W).add(b).as('z');
    const L = tg.mean(tg.neg(tg.sum(tg.mul(tg.constant([[0], [1], [1], [0]]), tg.logSoftmax(z, -1)), -1))).as('L');
    const d = tg.explain(L, { warn: false });
    expect(d.dead.map((g) => g.wrt)).toEqual(['W', 'b']);
    for (const g of d.dead) expect(g.reason).toBe('log-softmax over an axis of length 1 is constant (= 0), so the loss L is constant and ∂L/∂z = 0; with one logit use the sigmoid with binary cross-entropy (nn.bce(z, y, { fromLogits: true })), or give softmax two logits');
    expect(d.warnings[0]).toContain('∂L/∂W and ∂L/∂b = 0');
    expect(d.adjoints.find((e) => e.lhs.text === 'z̄')!.note!.text).toContain('log-softmax over an axis of length 1');
    expect(d.toText()).toContain('warning: ∂L/∂W and ∂L/∂b = 0');
    latexStrings(d).forEach(katexOk);
  });
  it('says when the output does not depend on an input', () => {
    const x = tg.variable('x', 1), u = tg.variable('u', 2);
    const d = tg.explain(tg.sin(x).as('y'), { wrt: [x, u], warn: false });
    expect(d.dead).toEqual([{ wrt: 'u', wrtLatex: 'u', reason: 'y does not depend on u' }]);
  });
  it('emits a process warning unless told not to', async () => {
    const seen: string[] = [];
    const onWarning = (w: Error) => seen.push(w.message);
    process.on('warning', onWarning);
    const x = tg.variable('x', 1), u = tg.variable('u', 2);
    tg.explain(tg.sin(x).as('y'), { wrt: [u] });
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', onWarning);
    expect(seen).toContain('∂y/∂u = 0: y does not depend on u');
  });
});

describe('renderers and options', () => {
  const { f, inputs } = neuron();
  it('toJSON has the steps with LaTeX, text, values and node ids', () => {
    const j = tg.explain(f, { wrt: inputs, warn: false }).toJSON() as { equations: { id: string; kind: string; stages: { latex: string; text: string }[]; value?: { data: number } }[] };
    expect(j.equations[0]).toMatchObject({ id: 'n8', kind: 'forward' });
    expect(JSON.parse(JSON.stringify(j)).equations.length).toBe(j.equations.length);
    expect(j.equations.at(-1)!.value!.data).toBeCloseTo(0.1966, 4);
  });
  it('toMarkdown has one $$ block per equation', () => {
    const d = tg.explain(f, { wrt: inputs, warn: false });
    expect(d.toMarkdown().match(/^\$\$$/gm)!.length).toBe(2 * d.equations.length);
  });
  it('adjoint notations', () => {
    const a = (adjoint: 'bar' | 'delta' | 'partial') => tg.explain(f, { wrt: inputs, adjoint, warn: false }).adjoints[0]!.lhs.latex;
    expect([a('bar'), a('delta'), a('partial')]).toEqual(['\\bar{z}', '\\delta_{z}', '\\frac{\\mathrm{d} f}{\\mathrm{d} z}']);
  });
  it('rejects unknown options with the accepted list', () => {
    expect(() => tg.explain(f, { colour: 1 } as never)).toThrow(/unknown option 'colour'; accepted: wrt/);
    expect(() => tg.explain(f, { notation: 'tensor' as never })).toThrow(tg.ArgumentError);
    expect(() => tg.explain(f, { maxChars: 10 })).toThrow(/explain: maxChars must be a number ≥ 1000, or Infinity for everything; got 10/);
    expect(() => tg.explain(f, { loss: '' })).toThrow(/explain: loss must be a non-empty string/);
  });
});
