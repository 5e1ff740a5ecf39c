/**
 * Checking and grading against a second hostile review: a name in a hand-written formula that
 * is not a name of the problem is an error ("unknown name 'y' (did you mean Y?)"), never a new
 * variable sampled at random; a uniform tensor whose size is not written (`x \mathbf{1}`) has
 * the gradient's; and the assignment file's mistakes are said in its own terms.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { caught } from '../helpers/errors.js';


describe('checkFormula: names that are not names of the problem', () => {
  const v = tg.variable('v', [1, 2, 3]);
  const g = tg.grad(tg.sum(v.mul(v)), v);

  it.each([
    ['\\mathbf{v}', 'latex', "unknown name '\\mathbf{v}' (did you mean v?)", 1],
    ['2 \\vec{v}', 'latex', "unknown name '\\vec{v}' (did you mean v?)", 3],
    ['2 V', 'latex', "unknown name 'V' (did you mean v?)", 3],
    ['2 u', 'latex', "unknown name 'u'", 3],
    ['2*V', 'mathjs', "unknown name 'V' (did you mean v?)", 3],
    ['2*u', 'mathjs', "unknown name 'u'", 3],
  ] as const)('%s (%s) is a ParseError at its column', (hand, syntax, says, col) => {
    const e = caught(() => tg.checkFormula(hand, g, { syntax })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toContain(says);
    expect(e.column).toBe(col);
    expect(e.message).toContain('the names it may use: v');
  });

  it('\\frac{d}{dx} is the derivative operator, not a product of names d and x', () => {
    const x = tg.variable('x', 2);
    const e = caught(() => tg.checkFormula('\\frac{d}{dx} x^2', tg.grad(x.mul(x), x), { syntax: 'latex' })) as tg.ParseError;
    expect(e).toBeInstanceOf(tg.ParseError);
    expect(e.message).toContain('the derivative operator \\frac{d}{dx} is not read at column 1');
  });

  it('names of the problem and of values still read', () => {
    expect(tg.checkFormula('2 v', g, { syntax: 'latex' }).ok).toBe(true);
    expect(tg.checkFormula('2*v', g).ok).toBe(true);
    expect(tg.checkFormula('2 u', g, { syntax: 'latex', values: { u: v } }).ok).toBe(true);
  });
});

describe('checkFormula: a uniform tensor whose size is not written has the gradient\'s', () => {
  const x = tg.variable('x', 3), v = tg.variable('v', [1, 2, 3]), A = tg.variable('A', [[1, 2], [3, 4]]);
  it.each([
    ['\\mathbf{1}', () => tg.grad(tg.sum(v), v)],
    ['x \\mathbf{1}', () => tg.grad(tg.sum(v.mul(x)), v)],
    ['\\frac{1}{3} \\mathbf{1}', () => tg.grad(tg.mean(v), v)],
    ['x \\mathbf{1}', () => tg.grad(tg.sum(A.mul(x)), A)],
    ['\\mathbf{0}', () => tg.grad(tg.sum(tg.mul(v, 0)), v)],
  ] as const)('%s', (hand, gradient) => {
    const g = gradient();
    // The engine prints these gradients so.
    expect(tg.toLatex(g)).toBe(hand);
    const r = tg.checkFormula(hand, g, { syntax: 'latex' });
    expect(r.message).toMatch(/^(equivalent|agree)/);
  });

  it('a wrong uniform answer still differs', () => {
    const r = tg.checkFormula('2 x \\mathbf{1}', tg.grad(tg.sum(v.mul(x)), v), { syntax: 'latex' });
    expect(r.verdict).toBe('differ');
  });
});

describe('grade: answers with names that are not names of the problem are invalid', () => {
  const json = (): tg.AssignmentJson => ({
    values: { X: [[0.5, -1], [1.5, 0.3]], 'W^{(1)}': [[0.2, -0.4], [0.7, 0.1]], Y: [[1, 0], [0, 1]] },
    define: [['Z^{(1)}', 'X W^{(1)}']],
    loss: '\\frac{1}{2} \\mathbf{1}^\\top (Z^{(1)} - Y)^{2} \\mathbf{1}',
    quantities: [
      { id: 'delta', wrt: 'Z^{(1)}', name: '\\delta' },
      { id: 'dW', wrt: 'W^{(1)}' },
    ],
  });
  const a = tg.assignmentFromJson(json());
  const gradeOne = (delta: string, dW = 'X^\\top \\delta') => tg.grade(a, { students: [{ student: 's', answers: new Map([['delta', delta], ['dW', dW]]) }] }).students[0]!.answers;

  it.each([
    ['Z^{(1)} - \\mathbf{Y}', "unknown name '\\mathbf{Y}' (did you mean Y?)"],
    ['Z^{(1)} - y', "unknown name 'y' (did you mean Y?)"],
    ['Z^{(2)} - Y', "unknown name 'Z^{(2)}' (did you mean Z^{(1)}?)"],
    ['\\frac{d}{dZ} L', 'the derivative operator'],
  ])('%s', (answer, says) => {
    const r = gradeOne(answer).get('delta')!;
    expect(r.verdict).toBe('invalid');
    expect(r.message).toContain(says);
    expect(r.counterexample).toBeUndefined();
  });

  it('right answers still right, with names of the network the gradient does not contain, and the other quantities\' names', () => {
    const r = gradeOne('X W^{(1)} - Y', 'X^\\top \\delta');
    expect(r.get('delta')!.verdict).toBe('right');
    expect(r.get('dW')!.verdict).toBe('right');
    // W^{(1)} is in the network, not in the gradient with respect to Z^{(1)}.
    expect(tg.grad(a.loss, a.quantities[0]!.wrt).tensor.shape).toEqual([2, 2]);
  });
});

describe('grade: the assignment file', () => {
  const base = (): tg.AssignmentJson => ({
    values: { X: [[1, 2], [3, 4]], W: [[1, 0], [0, 1]] },
    define: [['Z', 'X W']],
    loss: '\\mathbf{1}^\\top Z^{2} \\mathbf{1}',
    quantities: [{ id: 'dW', wrt: 'W' }],
  });

  it('a name given both in values and in define is an error naming both', () => {
    const e = caught(() => tg.assignmentFromJson({ ...base(), define: [['X', 'W W'], ['Z', 'X W']] }));
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect(e.message).toBe('grade: X is given both in values ("X") and in define ("X"); a name is either a variable with a value or a definition, not both');
    const e2 = caught(() => tg.assignmentFromJson({ ...base(), values: { ...base().values, 'Z^{(1)}': [[1, 1], [1, 1]] }, define: [['Z^{ (1) }', 'X W']] }));
    expect(e2.message).toContain('Z^{(1)} is given both in values ("Z^{(1)}") and in define ("Z^{ (1) }")');
  });

  it('a name defined twice is an error', () => {
    const e = caught(() => tg.assignmentFromJson({ ...base(), define: [['Z', 'X W'], ['Z', 'W X']] }));
    expect(e.message).toBe('grade: Z is defined twice in define; give each definition once');
  });

  it("a quantity with the id 'student' (the column of the ids) is an error", () => {
    const e = caught(() => tg.assignmentFromJson({ ...base(), quantities: [{ id: 'student', wrt: 'W' }] }));
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect(e.message).toContain("a quantity's id cannot be 'student'");
  });

  it('a definition that is a variable of values is said in the assignment\'s terms', () => {
    const e = caught(() => tg.assignmentFromJson({ ...base(), define: [['Z^{(1)}', 'X']], loss: '\\mathbf{1}^\\top (Z^{(1)} W)^{2} \\mathbf{1}' }));
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect(e.message).toBe('grade: the definition of Z^{(1)} is the variable X of values itself, not an expression computed from the values; use X where you would use Z^{(1)}, or define Z^{(1)} as an expression');
    expect(e.message).not.toMatch(/variable\(|as:/);
  });

  it('an error in the loss has its prefix once', () => {
    const e = caught(() => tg.assignmentFromJson({ ...base(), loss: 'L' }));
    expect(e.message).toBe("grade: the loss: 'L' has no value; give it in values or define it first");
  });
});

describe('gradePage shows control and bidi characters in ids and answers as escapes', () => {
  it('no raw escape or override character reaches the page', () => {
    const w = tg.variable('w', 2);
    const id = '\x1b[31mred\x1b[0m\u202eevil';
    const r = tg.grade({ loss: w.mul(w), quantities: [{ id: 'dw', wrt: w }] }, { students: [{ student: id, answers: new Map([['dw', 'w\u202e']]) }] });
    const page = tg.gradePage(r);
    expect(page).not.toContain('\x1b');
    expect(page).not.toContain('\u202e');
    expect(page).toContain('\\x1b[31mred\\x1b[0m\\u{202e}evil');
  });
});
