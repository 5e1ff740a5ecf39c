/**
 * Notation the same everywhere (issue 15, point 4): δ⁽ˡ⁾ for pre-activations, distinct
 * symbols for total and local derivatives, the layout stated by every renderer, float noise
 * shown as 0, one dead-gradient message per cause that names the fix, notes written in LaTeX.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { equation, katexOk } from './textbook.js';

describe('δ notation', () => {
  it('δ⁽ˡ⁾ for z⁽ˡ⁾ and Z⁽ˡ⁾, δₜ for zₜ, δ_v for any other v (a plain z too)', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', 2);
    const names = (label: string) => {
      const z = w.mul(x).as(label);
      const d = tg.explain(tg.sigmoid(z).as('a'), { wrt: [w], adjoint: 'delta', warn: false });
      const e = d.adjoints.find((q) => q.id === d.analysis.ids.get(z))!;
      katexOk(e.lhs.latex);
      return [e.lhs.latex, e.lhs.text];
    };
    expect(names('z^{(2)}')).toEqual(['\\delta^{(2)}', 'δ⁽²⁾']);
    expect(names('Z^{(l)}')).toEqual(['\\delta^{(l)}', 'δ⁽ˡ⁾']);
    expect(names('z_{t}')).toEqual(['\\delta_{t}', 'δₜ']);
    expect(names('z')).toEqual(['\\delta_{z}', 'δ_z']);
    expect(names('u')).toEqual(['\\delta_{u}', 'δ_u']);
  });
});

describe("adjoint: 'partial'", () => {
  it('writes total derivatives dL/dz and local ones ∂a/∂z, apart', () => {
    const x = tg.variable('x', 0.5), w = tg.variable('w', 2);
    const z = w.mul(x).as('z');
    const d = tg.explain(tg.sigmoid(z).as('a'), { wrt: [w], adjoint: 'partial', warn: false });
    const zbar = equation(d, 'da/dz');
    expect(zbar.lhs.latex).toBe('\\frac{\\mathrm{d} a}{\\mathrm{d} z}');
    expect(zbar.stages[0]!.latex).toBe('\\frac{\\mathrm{d} a}{\\mathrm{d} a} \\frac{\\partial a}{\\partial z}');
    expect(zbar.stages[0]!.text).toBe('da/da·∂a/∂z');
    expect(d.gradients[0]!.lhs.text).toBe('da/dw');
    expect(d.seed.lhs.text).toBe('da/da');
    for (const e of d.equations) katexOk(e.lhs.latex);
  });
});

describe('the layout convention', () => {
  it('is stated by toText, toMarkdown and toJSON, the data layout included', () => {
    const X = tg.constant([[1, 2], [3, 4]], { label: 'X' }), w = tg.variable('w', [0.5, -1]);
    const d = tg.explain(tg.sum(tg.matmul(X, w)).as('L'), { warn: false });
    const layout = "Layout: the gradient of a tensor has the tensor's shape (denominator layout); vectors are columns; in a data matrix each row is one example.";
    expect(d.layout.text).toBe(layout);
    katexOk(d.layout.latex);
    expect(d.toText().split('\n')[0]).toBe(layout);
    expect(d.toMarkdown()).toContain(`_${layout}_`);
    expect((d.toJSON() as { layout: string }).layout).toBe(layout);
  });
});

describe('numbers', () => {
  it('float noise below 1e-12 of its scale is shown as 0; small values are not noise', () => {
    const a = tg.variable('a', 0.1), b = tg.variable('b', 0.2), c = tg.variable('c', 0.3), x = tg.variable('x', 2);
    const y = a.add(b).sub(c).mul(x).as('y');
    expect(tg.grad(y, x).value).not.toBe(0); // 0.1 + 0.2 − 0.3 = 5.55e−17 in floating point
    const d = tg.explain(y, { wrt: [x], warn: false });
    expect(equation(d, '∂y/∂x').value!.text).toBe('0');
    const s = tg.variable('s', 1e-20);
    const d2 = tg.explain(s.mul(x).as('y'), { wrt: [x], warn: false });
    expect(equation(d2, '∂y/∂x').stages[0]!.text).toBe('s');
    expect(equation(d2, 'y').value!.text).toBe('2e−20');
  });
});

describe('dead gradients', () => {
  function seedBug() {
    const X = tg.constant([[0, 0], [0, 1], [1, 0], [1, 1]], { label: 'X' });
    const W1 = tg.variable('W1', tg.randn([2, 4], { seed: 1 }), { label: 'W^{(1)}' }), b1 = tg.variable('b1', [0, 0, 0, 0], { label: 'b^{(1)}' });
    const W2 = tg.variable('W2', tg.randn([4, 1], { seed: 2 }), { label: 'W^{(2)}' }), b2 = tg.variable('b2', [0], { label: 'b^{(2)}' });
    const h = tg.sigmoid(X.matmul(W1).add(b1)).as('h');
    const z = h.matmul(W2).add(b2).as('z^{(2)}');
    return tg.nn.softmaxCrossEntropy(z, [[0], [1], [1], [0]]).as('L');
  }

  it('one message per cause, saying the loss is constant and naming the fix', () => {
    const d = tg.explain(seedBug(), { warn: false });
    expect(d.dead.length).toBe(4);
    const dead = d.warnings.filter((w) => w.includes(' = 0: '));
    expect(dead).toEqual([
      '∂L/∂W⁽¹⁾, ∂L/∂b⁽¹⁾, ∂L/∂W⁽²⁾ and ∂L/∂b⁽²⁾ = 0: log-softmax over an axis of length 1 is constant (= 0), so the loss L is constant and ∂L/∂z⁽²⁾ = 0; with one logit use the sigmoid with binary cross-entropy (nn.bce(z, y, { fromLogits: true })), or give softmax two logits',
    ]);
    expect(d.toText().match(/^warning: .* = 0: /gm)!.length).toBe(1);
  });

  it('writes its note in LaTeX, not transliterated Unicode', () => {
    const d = tg.explain(seedBug(), { warn: false });
    const note = d.adjoints.find((e) => e.note)!.note!;
    expect(note.latex).toContain('\\frac{\\partial L}{\\partial z^{(2)}} = 0');
    expect(note.latex).not.toMatch(/\[U\+|[^\x20-\x7e]/);
    katexOk(note.latex);
  });

  it('emits one process warning per cause', async () => {
    const seen: string[] = [];
    const on = (w: Error) => seen.push(w.message);
    process.on('warning', on);
    tg.explain(seedBug());
    await new Promise((r) => setTimeout(r, 10));
    process.off('warning', on);
    expect(seen.filter((m) => m.includes('log-softmax over an axis of length 1')).length).toBe(1);
  });
});
