import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { functionNames, functionTable } from '../../src/parse/functions.js';
import { parseExpression } from '../../src/parse/parse.js';

const num = (n: tg.Node) => n.value as number;
const arr = (n: tg.Node) => (n.value as tg.Tensor).toArray();

describe('parse: symbols and constants', () => {
  it('makes one variable per symbol, valued from the bindings', () => {
    const { node, symbols } = parseExpression('x*y + x', { x: 2, y: 3 });
    expect(num(node)).toBe(8);
    expect([...symbols.keys()]).toEqual(['x', 'y']);
    expect(symbols.get('x')!.isVariable).toBe(true);
    expect(tg.toText(tg.parse('x + x'))).toBe('2·x');
  });

  it('leaves unbound symbols as scalar variables without a value', () => {
    const y = tg.parse('x^2 + 1');
    expect(tg.toText(y)).toBe('x² + 1');
    expect(() => y.value).toThrow(/variable 'x' has no value/);
  });

  it('uses a node given in the bindings, so the graph can be differentiated', () => {
    const x = tg.variable('x', 3);
    const y = tg.parse('x^2 + sin(x)', { x });
    expect(tg.grad(y, x).value).toBeCloseTo(6 + Math.cos(3), 12);
    const z = tg.sigmoid(x).as('z');
    expect(tg.toText(tg.parse('z*(1-z)', { z }))).toBe('z·(1 − z)');
  });

  it('reads pi and e as constants, and e^x as exp(x)', () => {
    expect(num(tg.parse('pi'))).toBe(Math.PI);
    expect(num(tg.parse('e'))).toBe(Math.E);
    expect(tg.toText(tg.parse('2*pi*r'))).toBe('2·π·r');
    expect(tg.parse('e^x').op.name).toBe('exp');
    expect(() => tg.parse('e*x', { e: 2 })).toThrow(tg.ArgumentError);
  });

  it('rejects bad values in the bindings, naming the variable', () => {
    expect(() => tg.parse('x + 1', { x: NaN })).toThrow(/'x'.*not finite/);
    expect(() => tg.parse('x', [] as never)).toThrow(tg.ArgumentError);
    expect(() => tg.parse(3 as never)).toThrow(tg.ArgumentError);
  });
});

describe('parse: numbers and matrices', () => {
  it('reads numbers, including exponents and hex', () => {
    expect(num(tg.parse('2.5e-3'))).toBe(0.0025);
    expect(num(tg.parse('0x10'))).toBe(16);
    expect(num(tg.parse('.5'))).toBe(0.5);
  });

  it('reads matrix literals in both notations as constants', () => {
    const a = tg.parse('[1, 2; 3, 4]'), b = tg.parse('[[1, 2], [3, 4]]');
    expect(a.isConstant).toBe(true);
    // NOTE: constants from data are not interned by value, so two literals are two constants with one value.
    expect(b.isConstant).toBe(true);
    expect(arr(b)).toEqual(arr(a));
    expect(arr(a)).toEqual([[1, 2], [3, 4]]);
    expect(tg.parse('[1, 2, 3]').shape).toEqual([3]);
  });

  it('stacks literals that hold symbols', () => {
    const v = tg.parse('[x, 2*x; y, 1]', { x: 1, y: 5 });
    expect(v.shape).toEqual([2, 2]);
    expect(arr(v)).toEqual([[1, 2], [5, 1]]);
  });
});

describe('parse: operators', () => {
  const A = [[1, 2], [3, 4]], B = [[0, 1], [1, 0]], v = [1, -1], w = [2, 3];
  it('maps + - * / ^ and unary minus on scalars', () => {
    const cases: [string, number][] = [
      ['a + b', 5], ['a - b', -1], ['a * b', 6], ['a / b', 2 / 3], ['a ^ b', 8], ['-a', -2], ['+a', 2],
    ];
    for (const [s, want] of cases) expect(num(tg.parse(s, { a: 2, b: 3 })), s).toBeCloseTo(want, 14);
  });

  it('makes * the matrix product between non-scalars (NumPy matmul) and elementwise otherwise', () => {
    expect(tg.parse('A * B', { A, B }).op.name).toBe('matmul');
    expect(arr(tg.parse('A * B', { A, B }))).toEqual([[2, 1], [4, 3]]);
    expect(arr(tg.parse('A .* B', { A, B }))).toEqual([[0, 2], [3, 0]]);
    expect(arr(tg.parse('2 * A', { A }))).toEqual([[2, 4], [6, 8]]);
    expect(arr(tg.parse('A * v', { A, v }))).toEqual([-1, -1]);
    expect(arr(tg.parse('v * A', { A, v }))).toEqual([-2, -2]);
    expect(num(tg.parse('v * w', { v, w }))).toBe(-1);
    expect(arr(tg.parse('v .* w', { v, w }))).toEqual([2, -3]);
  });

  it("maps ./ .^ and ' (transpose)", () => {
    expect(arr(tg.parse('A ./ B', { A, B: [[1, 2], [3, 4]] }))).toEqual([[1, 1], [1, 1]]);
    expect(arr(tg.parse('A .^ 2', { A }))).toEqual([[1, 4], [9, 16]]);
    expect(arr(tg.parse("A'", { A }))).toEqual([[1, 3], [2, 4]]);
    expect(tg.parse("x'", { x: 2 }).op.name).toBe('variable');
    expect(arr(tg.parse('A / 2', { A }))).toEqual([[0.5, 1], [1.5, 2]]);
  });

  it('follows mathjs precedence', () => {
    const cases: [string, (a: number, b: number, c: number) => number][] = [
      ['-a^2', (a) => -(a ** 2)],
      ['(-a)^2', (a) => (-a) ** 2],
      ['a^b^c', (a, b, c) => a ** (b ** c)],
      ['(a^b)^c', (a, b, c) => (a ** b) ** c],
      ['a - (b - c)', (a, b, c) => a - (b - c)],
      ['a - b - c', (a, b, c) => a - b - c],
      ['a / b / c', (a, b, c) => a / b / c],
      ['a / (b * c)', (a, b, c) => a / (b * c)],
      ['(a + b) * c', (a, b, c) => (a + b) * c],
      ['a + b * c', (a, b, c) => a + b * c],
      ['(a / b)^2', (a, b) => (a / b) ** 2],
      ['a^-b', (a, b) => a ** -b],
      ['-2 * a', (a) => -2 * a],
      ['2a + 3', (a) => 2 * a + 3],
      ['a*-b', (a, b) => a * -b],
    ];
    for (const [s, f] of cases) expect(num(tg.parse(s, { a: 1.5, b: 2, c: 0.5 })), s).toBeCloseTo(f(1.5, 2, 0.5), 12);
  });
});

describe('parse: functions', () => {
  it('has a function for every registered op with a mathjs name, built from the registry', () => {
    const names = functionNames();
    for (const op of tg.ops.registry) if (op.mathjs) expect(names, op.name).toContain(op.mathjs);
    for (const extra of ['sum', 'mean', 'dot', 'trace', 'norm', 'softmax', 'logsumexp', 'sigmoid', 'relu', 'softplus', 'transpose']) {
      expect(names).toContain(extra);
    }
  });

  it('builds the registered op for each elementwise function', () => {
    for (const op of tg.ops.registry) {
      if (!op.mathjs || !op.elementwise || op.arity !== 1 || op.name === 'neg') continue;
      const node = tg.parse(`${op.mathjs}(x)`, { x: 0.5 });
      expect(node.op, op.name).toBe(op);
      expect(functionTable().get(op.mathjs)!.op).toBe(op);
    }
    expect(tg.parse('max(x, y)', { x: 1, y: 2 }).op.name).toBe('maximum');
    expect(tg.parse('min(x, y)', { x: 1, y: 2 }).op.name).toBe('minimum');
    expect(tg.parse('unaryMinus(x)').op.name).toBe('neg');
  });

  it('computes the values of the named functions', () => {
    const A = [[1, 2], [3, 4]];
    const cases: [string, unknown][] = [
      ['sum(A)', 10], ['sum(A, 1)', [4, 6]], ['sum(A, 2)', [3, 7]], ['sum(A, [1, 2])', 10], ['mean(A, 2)', [1.5, 3.5]], ['mean(A)', 2.5],
      ['logsumexp([0, 0])', Math.log(2)], ['softmax([0, 0])', [0.5, 0.5]], ['softmax([[0, 0], [0, 0]], 1)', [[0.5, 0.5], [0.5, 0.5]]],
      ['dot([1, 2], [3, 4])', 11], ['trace(A)', 5], ['norm([3, 4])', 5], ['sigmoid(0)', 0.5], ['relu(-2)', 0], ['softplus(0)', Math.log(2)],
      ['log(8, 2)', 3], ['square(3)', 9], ['cube(2)', 8], ['transpose(A)', [[1, 3], [2, 4]]], ['transpose(A, [1, 2])', A],
      ['reshape(A, [4])', [1, 2, 3, 4]], ['step(-1)', 0], ['step(0, 0.5)', 0.5], ['stack([[1, 2], [3, 4]], 2)', [[1, 3], [2, 4]]],
      ['take([5, 6, 7], 2)', 6], ['take(A, 1, 2)', [1, 3]], ['broadcastTo(1, [2])', [1, 1]], ['max(1, 2)', 2],
      ['logSoftmax([0, 0])', [-Math.log(2), -Math.log(2)]], ['dotMultiply(2, 3)', 6], ['divide(6, 3)', 2], ['pow(2, 3)', 8],
    ];
    for (const [s, want] of cases) {
      const v = tg.parse(s, { A }).value;
      const got = typeof v === 'number' ? v : v.toArray();
      if (typeof want === 'number') expect(got, s).toBeCloseTo(want, 12);
      else expect(got, s).toEqual(want);
    }
  });

  it('takes a dimension bound to a number', () => {
    expect((tg.parse('sum(A, k)', { A: [[1, 2], [3, 4]], k: 2 }).value as tg.Tensor).toArray()).toEqual([3, 7]);
  });
});
