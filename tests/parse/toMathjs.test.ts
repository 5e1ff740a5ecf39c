import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { parseExpression } from '../../src/parse/parse.js';

const A = [[1, 2], [3, 4]], v = [0.5, -1];

describe('toMathjs', () => {
  it('writes what parse reads back into the same graph', () => {
    const texts = [
      'x^2 + 1', '-x^2', '(-x)^2', 'a - (b - c)', 'a / (b * c)', '(a + b) * c', 'a^b^c', '(a^b)^c', '(a / b)^2', '-2 * x', 'x * -2',
      '2^-x', 'sigmoid(w*x + b)', 'log(x) + exp(-x) * sqrt(x)', 'max(x, 0) - min(a, b)', 'abs(x) + sign(x) + tanh(x)',
      "A * v", "v * A", "A' * A", "A .* A ./ 2", "sum(A, 1)", "mean(A .^ 2, 2)", "softmax(v)", "softmax(A, 1)", "logsumexp(A, 2)",
      'dot(v, v)', 'trace(A * A)', 'norm(A * v)', '[x, 2*x; a, b]', 'reshape(A, [4])', 'step(x)', 'step(x, 0.5)', 'take(v, 2)',
      'stack([v, v], 2)', 'transpose(reshape([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), [2, 1, 3])', 'pi * e^x', 'x / 1e-7',
    ];
    for (const text of texts) {
      const { node, symbols } = parseExpression(text, { A, v });
      const back = tg.toMathjs(node);
      const again = parseExpression(back, Object.fromEntries(symbols)).node;
      // The same computation: the same text again (constants from data are new nodes, with equal values), and the same value.
      expect(tg.toMathjs(again), `${text} → ${back}`).toBe(back);
      const values = new Map([...symbols.values()].filter((s) => s.isVariable && s.leaf!.value === undefined).map((s, i) => [s, 0.4 + 0.3 * i] as const));
      const [want, got] = tg.evaluate([node, again], values);
      expect(got, `${text} → ${back}`).toEqual(want);
    }
  });

  it('parenthesises only where mathjs needs it', () => {
    const x = tg.variable('x'), y = tg.variable('y'), z = tg.variable('z');
    expect(tg.toMathjs(tg.neg(x.mul(y)))).toBe('-(x * y)');
    expect(tg.toMathjs(x.sub(y.sub(z)))).toBe('x - (y - z)');
    expect(tg.toMathjs(x.sub(y).sub(z))).toBe('x - y - z');
    expect(tg.toMathjs(x.pow(y).pow(z))).toBe('(x ^ y) ^ z');
    expect(tg.toMathjs(x.pow(y.pow(z)))).toBe('x ^ (y ^ z)');
    expect(tg.toMathjs(tg.neg(x).pow(2))).toBe('(-x) ^ 2');
    expect(tg.toMathjs(tg.mul(-2, x))).toBe('-2 * x');
    expect(tg.toMathjs(x.div(y.mul(z)))).toBe('x / (y * z)');
    expect(tg.toMathjs(x.add(y).mul(z))).toBe('(x + y) * z');
  });

  it('writes gradient graphs that parse back to the same values', () => {
    const { node, symbols } = parseExpression("sum((A*x - b).^2) + mean(softmax(A*x)) + sum(logsumexp(A .* x, 2)) + norm(A' * x)", {
      A, x: [1, -1], b: [0.5, 2],
    });
    const x = symbols.get('x')!, a = symbols.get('A')!;
    for (const g of tg.grad(node, [x, a])) {
      const back = parseExpression(tg.toMathjs(g), Object.fromEntries(symbols)).node;
      expect((back.value as tg.Tensor).toArray()).toEqual((g.value as tg.Tensor).toArray());
    }
  });

  it('writes mathjs reference expressions that mathjs itself evaluates to the same value', () => {
    const { node, symbols } = parseExpression('sigmoid(x) * softplus(y) + relu(x - y) + cube(x)', { x: 0.3, y: -0.7 });
    const text = tg.toMathjs(node, { reference: true });
    expect(text).not.toMatch(/sigmoid|softplus|relu/);
    expect(evaluate(text, { x: 0.3, y: -0.7 })).toBeCloseTo(node.value as number, 12);
    expect(symbols.size).toBe(2);
  });

  it('writes named nodes out, and variables by name', () => {
    const x = tg.variable('x', 1, { label: 'x_{in}' });
    const z = x.mul(2).as('z');
    expect(tg.toMathjs(tg.sin(z))).toBe('sin(x * 2)');
  });

  it('rejects a user op without a mathjs name', () => {
    const twice: tg.OpDef = {
      name: 'twice', arity: 1, shape: (s) => s[0]!, forward: ([t]) => tg.tensor(t!.data.map((u) => 2 * u), t!.shape),
      latex: (c) => ({ s: `2 ${c.arg(0)}`, prec: tg.Prec.Product }), text: (c) => ({ s: `2·${c.arg(0)}`, prec: tg.Prec.Product }),
    };
    expect(() => tg.toMathjs(tg.apply(twice, [tg.variable('x', 1)]))).toThrow(/op 'twice' has no mathjs name/);
    expect(() => tg.toMathjs(3 as never)).toThrow(tg.ArgumentError);
  });

  it('refuses two different variables with one name, which would read back as one', () => {
    const a = tg.variable('x', 2), b = tg.variable('x', 3);
    expect(() => tg.toMathjs(a.mul(b).add(a))).toThrow(/two different variables are named 'x'/);
    expect(() => tg.toMathjs(a.mul(b).add(a))).toThrow(tg.ArgumentError);
    expect(tg.toMathjs(a.mul(a).add(a))).toBe('x * x + x');
  });

  it('writes non-finite constants as quotients that parse reads back', () => {
    const x = tg.variable('x', 2);
    for (const v of [Infinity, -Infinity, NaN]) {
      const y = x.mul(tg.constant(v));
      const back = parseExpression(tg.toMathjs(y), { x }).node;
      expect(back.value).toBe(v * 2);
    }
    expect(tg.toMathjs(x.mul(tg.constant(Infinity)))).toBe('x * (1 / 0)');
  });

  it('writes a graph a million nodes deep without recursion', () => {
    const x = tg.variable('x', 0.5);
    let y: tg.Node = x;
    for (let i = 0; i < 1_000_000; i++) y = tg.sin(y);
    const text = tg.toMathjs(y);
    expect(text === `${'sin('.repeat(1_000_000)}x${')'.repeat(1_000_000)}`).toBe(true);
  });

  it('refuses text too large to hold, where the graph shares what the text repeats', () => {
    const x = tg.variable('x', 1);
    let y: tg.Node = x;
    for (let i = 0; i < 40; i++) y = y.mul(y.add(1));
    expect(() => tg.toMathjs(y)).toThrow(/too large to write as text/);
  });
});
