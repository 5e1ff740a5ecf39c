/**
 * The LaTeX reader against a second hostile review: numbers with two decimal points, sums with
 * numeric limits, what the engine itself prints reading back to an equal expression (ln 10,
 * the Heaviside step H, the trace, broadcasts, stacks, NaN), and decorated names that are not
 * bound.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { latexFunctions } from '../../src/parse/latexFunctions.js';
import { caught } from '../helpers/errors.js';


const flat = (n: tg.Node): number[] => Array.from(n.tensor.data);

/** Values equal, a scalar standing for a uniform tensor (`x \mathbf{1}`) broadcast to the other's shape. */
function expectSameValues(back: tg.Node, n: tg.Node, what: string): void {
  const a = back.rank === 0 && n.rank > 0 ? tg.broadcastTo(back, n.shape) : back;
  expect(a.shape, what).toEqual(n.shape);
  const x = flat(a), y = flat(n);
  x.forEach((v, i) => {
    if (Number.isNaN(y[i]!)) expect(v, what).toBeNaN();
    else expect(v, what).toBeCloseTo(y[i]!, 12);
  });
}

describe('numbers', () => {
  it.each([
    ['1.2.3', 4],
    ['1.2.3x', 4],
    ['x + 10.25.5', 10],
  ])('%s: a number with two decimal points is an error at the second point', (text, col) => {
    const e = caught(() => tg.parseLatex(text, { x: 1 })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.column).toBe(col);
    expect(e.message).toContain('two decimal points');
    expect(e.message).toContain(`at column ${col}`);
  });

  it('one decimal point still reads', () => {
    expect(tg.parseLatex('1.25 + .5').value).toBe(1.75);
    expect(tg.parseLatex('x^23', { x: 2 }).value).toBe(12);
  });
});

describe('sums with numeric limits', () => {
  const v = { v: [1, 2, 3] };
  it.each([
    ['\\sum_{i=1}^{2} v_i', 1],
    ['\\sum_{i=2}^{3} v_i', 1],
    ['\\sum_{i=0}^{1} v_i', 1],
    ['\\sum_{i=1}^{4} v_i', 1],
    ['\\sum_{i=0}^{3} v_i', 1],
    ['x + \\sum_{i=1}^2 v_i', 5],
  ])('%s: limits that do not cover the axis of 3 are an error at the sum', (text, col) => {
    const e = caught(() => tg.parseLatex(text, { ...v, x: 1 })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.column).toBe(col);
    expect(e.message).toMatch(/the limits of .* do not cover the axis of length 3 that i runs over/);
  });

  it.each([
    '\\sum_{i=1}^{3} v_i',
    '\\sum_{i=0}^{2} v_i',
    '\\sum_{i=1}^{n} v_i',
    '\\sum_{i=1}^3 v_i',
    '\\sum_{i} v_i',
    '\\sum_i (2 v)_i / 2',
  ])('%s: limits that cover the whole axis (1-based or 0-based) or are symbolic sum it all', (text) => {
    expect(tg.parseLatex(text, v).value).toBe(6);
  });
});

describe("the engine's own LaTeX reads back to an equal expression", () => {
  const x = tg.variable('x', 3), y = tg.variable('y', 2), A = tg.variable('A', [[1, 2], [3, 4]]), v = tg.variable('v', [1, 2]);
  const bindings = { x: 3, y: 2, A: [[1, 2], [3, 4]], v: [1, 2] };
  const back = (n: tg.Node, b: Record<string, unknown> = bindings) => {
    const s = tg.toLatex(n);
    return { s, node: tg.parseLatex(s, b as never) };
  };

  it('the gradients of log10 and log2: \\mathrm{ln}\\,10 is the constant ln 10', () => {
    for (const [f, ln] of [[tg.log10(x), Math.LN10], [tg.log2(x), Math.LN2]] as const) {
      const g = tg.grad(f, x);
      const { s, node } = back(g);
      expect(s).toContain('\\mathrm{ln}\\,');
      expect(node.value, s).toBeCloseTo(1 / (3 * ln), 14);
      expect(tg.toLatex(node), s).toBe(s);
    }
    expect(tg.parseLatex('\\ln 10').value).toBeCloseTo(Math.LN10, 15);
    expect(tg.parseLatex('\\ln 2').value).toBeCloseTo(Math.LN2, 15);
    expect(tg.parseLatex('\\mathrm{ln}(x)', { x: 2 }).value).toBeCloseTo(Math.LN2, 15);
    expect(tg.parseLatex('\\frac{1}{x \\ln 10}', { x: 3 }).value).toBeCloseTo(1 / (3 * Math.LN10), 15);
  });

  it('the gradients of max and min: H(…) is the Heaviside step (½ at 0), unless H is bound', () => {
    for (const [xv, yv] of [[3, 2], [2, 3], [2, 2]]) {
      const a = tg.variable('x', xv), b = tg.variable('y', yv);
      for (const f of [tg.maximum(a, b), tg.minimum(a, b)]) {
        for (const g of tg.grad(f, [a, b])) {
          const { s, node } = back(g, { x: xv, y: yv });
          expect(s).toMatch(/^H\\left\(/);
          expect(node.value, s).toBe(g.value);
        }
      }
    }
    expect(tg.parseLatex('H(x)', { x: 0 }).value).toBe(0.5);
    expect(tg.parseLatex('H\\left(x\\right)', { x: -1 }).value).toBe(0);
    // A bound H is the user's name.
    expect(tg.parseLatex('H(x)', { H: 2, x: 5 }).value).toBe(10);
    expect(tg.parseLatex('H\\left(x\\right)', { H: 2, x: 5 }).value).toBe(10);
  });

  it('tr: \\operatorname{tr}\\left(A\\right) and \\operatorname{tr}(A) are the trace, even with a name tr bound', () => {
    const t = tg.tr(A);
    const { s, node } = back(t);
    expect(s).toBe('\\operatorname{tr}\\left(A\\right)');
    expect(node.op).toBe(tg.ops.trOp);
    expect(node.value).toBe(5);
    expect(tg.parseLatex('\\operatorname{tr}(A)', bindings).value).toBe(5);
    expect(tg.parseLatex('\\operatorname{tr}(A)', { ...bindings, tr: 2 }).value).toBe(5);
    expect(tg.parseLatex('\\operatorname{tr}\\left(A\\right)', { ...bindings, tr: 2 }).value).toBe(5);
  });

  it('a broadcast scalar, x \\mathbf{1}, reads as x (it broadcasts); in a sum it takes the other side\'s shape', () => {
    for (const n of [tg.broadcastTo(x, [3]), tg.broadcastTo(x, [2, 2]), tg.grad(tg.sum(v.mul(x)), v), tg.grad(tg.sum(A), A), tg.grad(tg.mean(v), v)]) {
      const { s, node } = back(n);
      expectSameValues(node, n, s);
    }
    expect(flat(tg.parseLatex('A + x \\mathbf{1}', bindings))).toEqual([4, 5, 6, 7]);
    expect(flat(tg.parseLatex('v - \\mathbf{1}', bindings))).toEqual([0, 1]);
  });

  it('\\mathbf{1}^\\top \\mathbf{1} (a count whose length is not written) is an error that says what it is', () => {
    const e = caught(() => tg.parseLatex('x \\left(\\mathbf{1}^\\top \\mathbf{1}\\right)', bindings)) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toMatch(/number of elements.*length is not written/);
  });

  it('stack: \\operatorname{stack}\\left(v, 2 v\\right) reads back', () => {
    for (const n of [tg.stack([v, v.mul(2)]), tg.stack([x, x.mul(2), y])]) {
      const { s, node } = back(n);
      expect(node.op, s).toBe(tg.ops.stackOp);
      expectSameValues(node, n, s);
    }
    expect(flat(tg.parseLatex('\\operatorname{stack}(v, 2v)', bindings))).toEqual([1, 2, 2, 4]);
    expect(flat(tg.parseLatex('\\operatorname{stack}_{\\mathrm{axis}\\,1}(v, 2v)', bindings))).toEqual([1, 2, 2, 4]);
  });

  it('a folded NaN, \\mathrm{NaN}, reads as NaN; -\\infty and \\infty as infinities', () => {
    const nan = tg.mul(tg.div(0, 0), x);
    const { s, node } = back(nan);
    expect(s).toContain('\\mathrm{NaN}');
    expect(node.value).toBeNaN();
    expect(tg.parseLatex('\\mathrm{NaN}').value).toBeNaN();
    expect(tg.parseLatex('-\\infty').value).toBe(-Infinity);
    // A bound NaN is the user's name.
    expect(tg.parseLatex('\\mathrm{NaN}', { NaN: 2 }).value).toBe(2);
  });

  it('every function printed as a call, \\left( … \\right) or ( … ), is read back to its op (probing scalars, vectors and square matrices)', () => {
    const shapes: tg.TensorLike[] = [0.4, [0.4, 0.2], [[0.4, 0.2], [0.1, 0.3]]];
    const seen = new Set<tg.OpDef>();
    for (const op of tg.ops.registry) {
      for (const value of shapes) {
        const args = [tg.variable('x', value), tg.variable('y', op.elementwise ? 0.7 : value), tg.variable('z', value)];
        const arities = op.arity === 'variadic' ? [2, 3] : [op.arity];
        for (const arity of arities) {
          let node: tg.Node;
          try {
            node = tg.apply(op, args.slice(0, arity));
          } catch {
            continue;
          }
          if (node.op !== op) continue;
          const latex = tg.toLatex(node);
          // A call: a head, then \left( and the arguments.
          const m = /^(\\[A-Za-z]+(?:\{[A-Za-z]+\})?(?:_\{[^{}]*\})?|[A-Za-z])\\left\(/.exec(latex);
          if (!m || !latex.endsWith('\\right)')) continue;
          seen.add(op);
          const b = { x: value, y: op.elementwise ? 0.7 : value, z: value } as never;
          for (const spelling of [latex, latex.replace(/\\left\(/g, '(').replace(/\\right\)/g, ')')]) {
            const r = tg.parseLatex(spelling, b);
            expect(r.op, `${op.name}: ${spelling}`).toBe(op);
            expectSameValues(r, node, spelling);
          }
        }
      }
    }
    for (const op of [tg.ops.trOp, tg.ops.stackOp, tg.ops.maximumOp, tg.ops.reluOp, tg.ops.log10Op]) expect(seen).toContain(op);
    // Every head of the table reads with plain parentheses too.
    for (const [head, f] of latexFunctions()) {
      if (f.arity !== 1) continue;
      const value = f.op === tg.ops.trOp ? [[0.4, 0.2], [0.1, 0.3]] : f.op.elementwise ? 0.4 : [0.4, 0.2];
      expect(tg.parseLatex(`${head}(x)`, { x: value } as never).op, head).toBe(f.op);
    }
  });

  it('the step at 0.5 (H) reads back among the ops with attributes', () => {
    const s = tg.step(x.sub(y), 0.5);
    const { s: text, node } = back(s);
    expect(text).toBe('H\\left(x - y\\right)');
    expect(node.op).toBe(tg.ops.stepOp);
    expect(node.attrs.at0).toBe(0.5);
  });
});

describe('decorated names that are not bound', () => {
  it.each([
    ['\\vec{v}', 'v'],
    ['\\mathbf{v}', 'v'],
    ['2 \\boldsymbol{v}', 'v'],
  ])('%s with v bound: says it is not bound and suggests v', (text, plain) => {
    const e = caught(() => tg.parseLatex(text, { v: [1, 2] })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toContain('is not bound');
    expect(e.message).toContain(`did you mean ${plain}?`);
    expect(e.column).toBe(text.indexOf('\\') + 1);
  });

  it('the other way round: v with \\mathbf{v} bound', () => {
    const e = caught(() => tg.parseLatex('2 v', { '\\mathbf{v}': [1, 2] })) as tg.ParseError;
    expect(e.message).toContain('did you mean \\mathbf{v}?');
    expect(e.column).toBe(3);
  });

  it('a decorated name that is bound, or with no plain form bound, is read as before', () => {
    expect(flat(tg.parseLatex('\\mathbf{v}', { '\\mathbf{v}': [1, 2], v: [3, 4] }))).toEqual([1, 2]);
    expect(tg.parseLatex('\\mathbf{u}', { v: [1, 2] }).isVariable).toBe(true);
    expect(tg.parseLatex('\\bar{v}', { v: [1, 2] }).isVariable).toBe(true);
  });
});
