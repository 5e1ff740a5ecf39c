/**
 * LaTeX in (issue 18): what students write and what tracegrad prints, read into graphs; every
 * construct against the value it must have, errors with their columns, names that are keys of
 * Object.prototype, and inputs a million levels deep or 100,000 terms wide.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { latexNameKey, parseLatexExpression } from '../../src/parse/latex.js';
import { latexFunctions } from '../../src/parse/latexFunctions.js';
import { Rng } from '../../src/tensor/random.js';
import { caught } from '../helpers/errors.js';


const A = [[1, 2], [3, 4]];
const values = (n: tg.Node) => (n.rank === 0 ? (n.value as number) : n.tensor.toArray());
const B = { x: 0.3, w: -3, b: 1, A, v: [1, -1], y: [0.5, 2], 'W^{(1)}': [[1, 0], [0, 2]], 'z^{(1)}': [0.1, 0.2], '\\delta^{(2)}': [1, 2], 'W^{(2)}': A };
const sig = (t: number) => 1 / (1 + Math.exp(-t));

describe('what students write', () => {
  const cases: [string, number | unknown[]][] = [
    ['\\frac{1}{1+e^{-x}}', sig(0.3)],
    ['\\sigma(w x + b)', sig(-3 * 0.3 + 1)],
    ['\\sigma(w x + b)(1 - \\sigma(w x + b)) x', sig(0.1) * (1 - sig(0.1)) * 0.3],
    ['\\tanh(x)', Math.tanh(0.3)],
    ['\\exp(x) + \\log x + \\ln(x)', Math.exp(0.3) + 2 * Math.log(0.3)],
    ['v \\odot y', [0.5, -2]],
    ['A^\\top v', [-2, -2]],
    ['A^T v', [-2, -2]],
    ['A^{\\top} v - A^{T} v', [0, 0]],
    ['x \\cdot w', 0.3 * -3],
    ['x \\times w', 0.3 * -3],
    ['Av', [-1, -1]],
    ['2\\sin(x)\\cos(x)', Math.sin(0.6)],
    ['\\left( x + 1 \\right)^2', 1.3 ** 2],
    ['\\lVert Av - y \\rVert^2', 1.5 ** 2 + 3 ** 2],
    ['\\left\\| Av - y \\right\\|^2', 1.5 ** 2 + 3 ** 2],
    ['\\|v\\|', Math.SQRT2],
    ['\\sum_i v_i y_i', -1.5],
    ['\\sum_{i=1}^{n} v_i', 0],
    ['W^{(1)} v', [1, -2]],
    ['W^(1) v', [1, -2]],
    ['W^{ (1) } v', [1, -2]],
    ['(W^{(2)})^\\top \\delta^{(2)} \\odot \\sigma\'(z^{(1)})', [7 * sig(0.1) * (1 - sig(0.1)), 10 * sig(0.2) * (1 - sig(0.2))]],
    ['x\\,w + x\\;w + x\\quad w', 3 * 0.3 * -3],
    ['\\mathbf{1}^\\top v', 0],
    ['\\mathbf{1}^\\top A \\mathbf{1}', 10],
    ['\\mathbf{1}^\\top A', [4, 6]],
    ['A \\mathbf{1}', [3, 7]],
    ['v y^\\top', [[0.5, 2], [-0.5, -2]]],
    ['v^\\top y', -1.5],
    ['v^\\top A v', 0],
    ['\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix} v', [-1, -1]],
    ['\\begin{bmatrix}1 & 2\\end{bmatrix}^\\top + v', [2, 1]],
    ['\\begin{pmatrix}1 \\\\ 2\\end{pmatrix} \\odot v', [1, -2]],
    ['\\frac12 x', 0.15],
    ['\\frac{\\sin x}{x}', Math.sin(0.3) / 0.3],
    ['\\dfrac{1}{2}', 0.5],
    ['\\sqrt{4} + \\sqrt[3]{8}', 4],
    ['\\operatorname{ReLU}(w) + \\mathrm{relu}(x)', 0.3],
    ['\\operatorname{softmax}(v)', [Math.exp(1) / (Math.exp(1) + Math.exp(-1)), Math.exp(-1) / (Math.exp(1) + Math.exp(-1))]],
    ['\\max(x, w) + \\min(x, w)', 0.3 - 3],
    ['|w| + \\lvert w \\rvert + \\left| w \\right|', 9],
    ['\\mathbb{1}\\left[x > 0\\right] + \\mathbb{1}[w > 0]', 1],
    ['\\log_{10}(x) + \\log_2 x', Math.log10(0.3) + Math.log2(0.3)],
    ['\\left[v\\right]_{1} + [A]_{:,0} \\cdot 0', [-1, -1]],
    ['e^{x}', Math.exp(0.3)],
    ['\\pi x', Math.PI * 0.3],
    ['2 A^\\top (A v - y)', [-21, -30]],
    ['-x^2', -0.09],
    ['x^2w', 0.09 * -3],
    ['\\frac{x}{2} \\cdot -w', 0.45],
    ['x · w − w ⊙ x', 0],
    ['{x}^{2} % a comment\n + 1', 1.09],
    ['\\sin x^2', Math.sin(0.09)],
    ['\\sin x \\, w', Math.sin(0.3) * -3],
    ['\\sigma\'(x)', sig(0.3) * (1 - sig(0.3))],
    ['\\tanh\'(x)', 1 - Math.tanh(0.3) ** 2],
    ['\\frac{1}{2}\\lVert A v - y\\rVert^{2}', 0.5 * (1.5 ** 2 + 9)],
  ];
  it.each(cases)('%s', (text, want) => {
    const got = values(tg.parseLatex(text, B));
    if (typeof want === 'number') expect(got as number).toBeCloseTo(want, 12);
    else {
      const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
      const g = flat(got), w = flat(want);
      expect(g.length).toBe(w.length);
      g.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 12));
    }
  });

  it('reads names: subscripts, parenthesised superscripts, accents and fonts are one name each', () => {
    const { symbols } = parseLatexExpression('x_i + x_{i} + w_{ij} + W^{(1)}_{2} + W_2^{(1)} + \\delta^{(l)} + \\bar{z} + \\hat{y} + \\mathbf{h} + \\mathrm{loss} + \\text{loss} + a\'');
    expect([...symbols.keys()]).toEqual(['x_{i}', 'w_{ij}', 'W_{2}^{(1)}', '\\delta^{(l)}', '\\bar{z}', '\\hat{y}', '\\mathbf{h}', '\\mathrm{loss}', "a'"]);
    for (const v of symbols.values()) expect(v.isVariable).toBe(true);
    expect(tg.toLatex(symbols.get('W_{2}^{(1)}')!)).toBe('W_{2}^{(1)}');
  });

  it('binds names written as identifiers the way tracegrad prints them (w0 is w_{0}, loss is \\mathrm{loss})', () => {
    expect(tg.parseLatex('w_0 + w_{0} + \\theta + \\mathrm{loss}', { w0: 1, theta: 2, loss: 3 }).value).toBe(7);
    expect(latexNameKey('z_j^l')).toBe('z_{j}^{l}');
    expect(tg.parseLatex('z_j^l + z^l_j', { 'z_j^l': 2 }).value).toBe(4);
    // Without the binding, ^l is a power.
    expect(tg.parseLatex('z^l', { z: 2, l: 3 }).value).toBe(8);
    expect(tg.parseLatex('x', new Map([['x', 5]])).value).toBe(5);
    // A label in Greek letters binds the name it prints as: λ is \lambda, so a printed
    // `A^\top A + \lambda I` reads back with the bindings named as the labels are.
    const lam = tg.constant(0.5, { label: 'λ' });
    expect(tg.toLatex(lam)).toBe('\\lambda');
    expect(tg.parseLatex(tg.toLatex(tg.mul(lam, tg.variable('x', 3, { label: 'θ' }))), { λ: 0.5, θ: 3 }).value).toBe(1.5);
    expect(latexNameKey('λ')).toBe(latexNameKey('\\lambda'));
  });

  it('a binding may be a node, which the name stands for', () => {
    const z = tg.variable('z', 0.5);
    const a = tg.sigmoid(z).as('a^{(1)}');
    expect(tg.parseLatex('a^{(1)} (1 - a^{(1)})', { 'a^{(1)}': a }).value).toBeCloseTo(sig(0.5) * (1 - sig(0.5)), 14);
    expect(tg.parseLatex('\\frac{\\partial L}{\\partial z}', { '\\frac{\\partial L}{\\partial z}': z })).toBe(z);
  });

  it('e and \\pi are the constants unless bound; \\sigma is a name when bound', () => {
    expect(tg.parseLatex('e').value).toBeCloseTo(Math.E, 15);
    expect(tg.parseLatex('e + \\pi', { e: 1, '\\pi': 2 }).value).toBe(3);
    expect(tg.parseLatex('\\sigma(x)', { '\\sigma': 2, x: 3 }).value).toBe(6);
  });

  it('every function printed as a call is read back to its op (by definition object)', () => {
    const table = latexFunctions();
    for (const op of tg.ops.registry) {
      const f = [...table.values()].find((e) => e.op === op);
      const x = tg.variable('x', op.elementwise ? 0.4 : [0.4, 0.2]);
      let node: tg.Node;
      try {
        node = op.arity === 2 ? tg.apply(op, [x, tg.variable('y', 0.7)]) : tg.apply(op, [x]);
      } catch {
        continue;
      }
      const latex = tg.toLatex(node);
      if (!f) continue;
      const back = tg.parseLatex(latex, { x: x, y: 0.7 } as never);
      expect(back.op, `${op.name}: ${latex}`).toBe(op);
    }
    expect(table.get('\\sin')!.op).toBe(tg.ops.sinOp);
    expect(table.get('\\exp')!.op).toBe(tg.ops.expOp);
    expect(table.get('\\mathrm{ReLU}')!.op).toBe(tg.ops.reluOp);
    expect(table.get('\\sigma')!.op).toBe(tg.ops.sigmoidOp);
  });
});

describe('axes, as tracegrad prints them', () => {
  it('reads \\operatorname{mean}_{\\mathrm{axis}\\,0}(Z) and the softmax over an axis back to the op over that axis', () => {
    const Zv = [[1, 2, 0], [0.5, -1, 3]], Z = tg.variable('Z', Zv);
    for (const n of [tg.mean(Z, 0), tg.mean(Z, 1), tg.logSumExp(Z, 0), tg.softmax(Z, 0), tg.softmax(Z, 1), tg.logSoftmax(Z, 0), tg.mean(Z, [0, 1])]) {
      const back = tg.parseLatex(tg.toLatex(n), { Z: Zv });
      expect(back.shape, tg.toLatex(n)).toEqual(n.shape);
      expect(values(back), tg.toLatex(n)).toEqual(values(n));
    }
    expect(values(tg.parseLatex('\\operatorname{mean}_{\\mathrm{axis}\\,-1}(Z)', { Z: Zv }))).toEqual([1, 2.5 / 3]);
  });

  it('an axis where the function takes none, or two where it takes one, is an error at the subscript', () => {
    const e1 = caught(() => tg.parseLatex('\\sin_{\\mathrm{axis}\\,0}(x)', { x: 1 })) as tg.ParseError;
    expect(e1).toBeInstanceOf(tg.ParseError);
    expect(e1.message).toContain('\\sin takes no axis; got _{\\mathrm{axis}\\,0} at column 5');
    const e2 = caught(() => tg.parseLatex('\\operatorname{softmax}_{\\mathrm{axis}\\,0,1}(Z)', { Z: [[1, 2], [3, 4]] })) as tg.ParseError;
    expect(e2.message).toContain('takes one axis');
    expect(() => tg.parseLatex('\\operatorname{mean}_{\\mathrm{axis}\\,5}(Z)', { Z: [[1, 2], [3, 4]] })).toThrow(tg.ShapeError);
  });
});

describe('errors name the construct and the column', () => {
  const cases: [string, RegExp, number][] = [
    ['(x+', /a value was expected at column 4/, 4],
    ['\\foo{x}', /unknown command '\\foo' at column 1; known functions: .*\\sin/, 1],
    ['\\int x dx', /\\int: integrals are not supported at column 1/, 1],
    ['x = 2', /an equation \('='\) is not an expression at column 3; give the right-hand side only/, 3],
    ['\\frac{1}{', /not closed/, 1],
    ['\\left( x \\right]', /\\right\] does not match the \\left at column 1 at column 16/, 16],
    ['A^{-1}', /a matrix inverse \(\^\{-1\}\) is not supported at column 2/, 2],
    ['x2', /a number right after a name is ambiguous at column 2/, 2],
    ['x > 0', /comparisons \('>'\) are not supported at column 3/, 3],
    ['a & b', /'&' is read only inside a matrix/, 3],
    ['\\sum x', /a sum needs its index at column 1/, 1],
    ['\\sum_j v_i', /the index j of the sum does not appear/, 1],
    ['\\operatorname{blah}(x)', /unknown function \\mathrm\{blah\} at column 1/, 1],
    ['\\sin^2 x', /a power of a function \(\\sin\^\{2\}\) is not read at column 5/, 5],
    ['(x)\'', /a prime marks the derivative of a function at column 4/, 4],
    ['\\mathbf{1}^\\top + x', /\\mathbf\{1\}\^\\top \(a row of ones\) is read only in a product, \\mathbf\{1\}\^\\top X \(the sums of the columns of X\) at column 1/, 1],
    ['\\begin{align} x \\end{align}', /\\begin\{align\} is not read at column 1/, 1],
    ['\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}', /the rows of the matrix have different lengths \(2, 1\) at column 1/, 1],
    ['\\max(x)', /\\max takes 2 arguments, got 1 at column 1/, 1],
    ['x ∫ y', /unexpected character '∫' at column 3/, 3],
    ['', /the expression is empty/, 1],
    ['1' + '0'.repeat(400) + ' x', /too large for float64/, 1],
  ];
  it.each(cases)('%s', (text, message, col) => {
    const e = caught(() => tg.parseLatex(text, { A, v: [1, -1] })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toMatch(message);
    expect(e.column).toBe(col);
  });

  it('shapes that do not fit are a ShapeError at the operator', () => {
    const e = caught(() => tg.parseLatex('A + \\begin{bmatrix}1 & 2 & 3\\end{bmatrix}', { A }));
    expect(e).toBeInstanceOf(tg.ShapeError);
    expect(e.message).toMatch(/at column 3$/);
  });

  it('bad arguments and bindings are ArgumentErrors', () => {
    expect(() => tg.parseLatex(3 as never)).toThrow(tg.ArgumentError);
    expect(() => tg.parseLatex('x', [] as never)).toThrow(/bindings are an object/);
    expect(() => tg.parseLatex('x', { w0: 1, 'w_{0}': 2 })).toThrow(/name the same symbol w_\{0\}/);
    expect(() => tg.parseLatex('x', { x: NaN })).toThrow(tg.ArgumentError);
  });
});

describe('names that are keys of Object.prototype are names like any other', () => {
  const PROTO = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];
  it.each(PROTO)('%s', (name) => {
    const bindings = JSON.parse(`{"${name}": 3}`) as Record<string, number>;
    const key = latexNameKey(name);
    expect(tg.parseLatex(`2 ${key}`, bindings).value).toBe(6);
    expect(() => tg.parseLatex(`\\operatorname{${name.replace(/_/g, '\\_')}}(x)`)).toThrow(/unknown function/);
    expect(() => tg.parseLatex(`\\${name} x`)).toThrow(tg.ParseError);
  });
  it('an inherited key is not a binding', () => {
    const { symbols } = parseLatexExpression('\\mathrm{valueOf} + 1', Object.create({ valueOf: 7 }) as never);
    expect(symbols.get('\\mathrm{valueOf}')!.leaf!.value).toBeUndefined();
  });
});

describe('deep and wide inputs (iterative reader)', () => {
  const D = 1_000_000;
  it('a million nested \\frac{1}{…}', () => {
    expect(tg.parseLatex(`${'\\frac{1}{'.repeat(D)}x${'}'.repeat(D)}`, { x: 1.5 }).value).toBeCloseTo(1.5, 12);
  });
  it('a million nested parentheses and \\left( … \\right)', () => {
    expect(tg.parseLatex(`${'('.repeat(D)}x${')'.repeat(D)}`, { x: 2 }).value).toBe(2);
    expect(tg.parseLatex(`${'\\left('.repeat(D)}x${'\\right)'.repeat(D)}`, { x: 2 }).value).toBe(2);
  });
  it('a million nested numerators and braces', () => {
    const n = tg.parseLatex(`${'\\frac{'.repeat(D)}x${'}{1}'.repeat(D)}`, { x: 2 });
    expect(n.rank).toBe(0);
    expect(tg.parseLatex(`${'{'.repeat(D)}x${'}'.repeat(D)}`, { x: 2 }).value).toBe(2);
  });
  it('10⁵ nested superscripts (a name, e and a number as the base), in linear time', () => {
    // Each level used to read and normalise the whole rest of the nest, looking for a name's
    // superscript or a transpose mark: 10⁴ levels took 16 s, 10⁵ would take half an hour.
    const d = 100_000;
    const value = (base: string) => tg.parseLatex(`${`${base}^{`.repeat(d)}x${'}'.repeat(d)}`, { x: 0.5 }).value as number;
    expect(value('x')).toBeCloseTo(0.641185744504986, 12);
    expect(value('e')).toBe(Infinity);
    expect(value('1')).toBe(1);
  });
  it('100,000 nested calls', () => {
    const d = 100_000;
    expect(tg.parseLatex(`${'\\sin('.repeat(d)}x${')'.repeat(d)}`, { x: 0 }).value).toBe(0);
  });
  it('a sum of 100,000 terms and a product of 100,000 factors', () => {
    const terms = Array.from({ length: 100_000 }, (_, i) => `x_{${i % 7}}`).join(' + ');
    const b = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x_${i}`, i + 1]));
    expect(tg.parseLatex(terms, b).value).toBe(Array.from({ length: 100_000 }, (_, i) => (i % 7) + 1).reduce((p, q) => p + q, 0));
    expect(tg.parseLatex(Array.from({ length: 100_000 }, () => 'x').join(' '), { x: 1 }).value).toBe(1);
  });
  it('an unclosed million-deep group is an error at its column, not a stack overflow', () => {
    const e = caught(() => tg.parseLatex(`${'\\frac{1}{'.repeat(D)}x`)) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
  });
});

describe('random LaTeX never crashes the reader', () => {
  it('2,000 random token strings parse or raise a tracegrad error (seeded)', () => {
    const rng = new Rng(1818);
    const pieces = ['x', 'y', 'A', '2', '0.5', '+', '-', '^', '_', '{', '}', '(', ')', '[', ']', '|', '\\frac', '\\sqrt', '\\sigma', '\\sin', '\\left(', '\\right)', '\\lVert', '\\rVert',
      '\\cdot', '\\odot', '^\\top', '\\sum_i', 'x_i', '\\mathbf{1}', '\\begin{bmatrix}', '&', '\\\\', '\\end{bmatrix}', "'", ',', '=', '>', '\\mathbb{1}', 'e', '\\pi', ' ', '\\,', '\\bar{z}', 'W^{(1)}', '\\foo', '%', '\\'];
    for (let k = 0; k < 2000; k++) {
      const n = 1 + Math.floor(rng.uniform(0, 12));
      let text = '';
      for (let i = 0; i < n; i++) text += pieces[Math.floor(rng.uniform(0, pieces.length))]!;
      try {
        tg.parseLatex(text, { x: 0.5, y: [1, 2], A: [[1, 2], [3, 4]], 'W^{(1)}': [[1, 0], [0, 1]] });
      } catch (e) {
        expect(e, `seed 1818, case ${k}: ${JSON.stringify(text)}: ${(e as Error).message}`).toBeInstanceOf(tg.TracegradError);
        expect((e as Error).message).not.toMatch(/this is a bug/);
      }
    }
  });
});
