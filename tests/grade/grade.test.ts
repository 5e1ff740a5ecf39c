/**
 * Batch grading (issue 18): the fixture of 30 students (tests/fixtures/grade) covers every hint,
 * invalid and missing answers, and student ids that are keys of Object.prototype; the expected
 * verdict of each answer is in expected.json. The right answers equal central differences.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { run } from '../../src/cli/main.js';
import { HINT_KINDS } from '../../src/check/hints.js';
import { parseCsvRows } from '../../src/check/grade.js';
import { centralDifference, relativeError } from '../check/fd.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'grade');
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');
const json = () => JSON.parse(read('assignment.json')) as tg.AssignmentJson;
const expected = JSON.parse(read('expected.json')) as Record<string, Record<string, string>>;
const tmp = mkdtempSync(join(tmpdir(), 'tracegrad-grade-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function outcome(r: tg.AnswerReport): string {
  return r.verdict === 'wrong' ? r.hint?.kind ?? 'unexplained' : r.verdict;
}

describe('the grading fixture', () => {
  const assignment = tg.assignmentFromJson(json());
  const answers = tg.answersFromCsv(read('answers.csv'), assignment);
  const result = tg.grade(assignment, answers);

  it('has 30 students and covers every hint, an invalid and a missing answer', () => {
    expect(answers.students).toHaveLength(30);
    const seen = new Set(Object.values(expected).flatMap((row) => Object.values(row)));
    for (const kind of [...HINT_KINDS, 'invalid', 'missing', 'right']) expect(seen, kind).toContain(kind);
  });

  it('grades every answer as expected.json says', () => {
    for (const s of result.students) {
      for (const [id, r] of s.answers) expect(`${s.student} ${id}: ${outcome(r)}`).toBe(`${s.student} ${id}: ${expected[s.student]![id]}`);
      expect(s.score).toBe(Object.values(expected[s.student]!).filter((v) => v === 'right').length);
    }
  });

  it('names the quantity and the missing factor in the student\'s notation', () => {
    const s09 = result.students.find((s) => s.student === 's09')!;
    expect(s09.answers.get('delta1')!.hint!.text).toBe('your δ⁽¹⁾ lacks the factor σ′(Z⁽¹⁾) (in \\delta^{(2)} (W^{(2)})^\\top)');
    expect(s09.answers.get('delta1')!.counterexample).toBeDefined();
    const s13 = result.students.find((s) => s.student === 's13')!;
    expect(s13.answers.get('delta1')!.message).toMatch(/at column 14$/);
  });

  it('counts the common mistakes per quantity, most common first', () => {
    const delta1 = result.quantities.find((q) => q.id === 'delta1')!;
    expect(delta1.mistakes[0]).toMatchObject({ kind: 'missing-factor', count: 4 });
    expect(delta1.mistakes[0]!.students).toEqual(['s09', 's20', 's27', 's28']);
    const db2 = result.quantities.find((q) => q.id === 'db2')!;
    expect(db2).toMatchObject({ missing: 1 });
    expect(db2.mistakes).toEqual([expect.objectContaining({ kind: 'batch-sum', count: 3 })]);
  });

  it('the right answers are the gradients: central differences agree', () => {
    const grads = tg.grad(assignment.loss, assignment.quantities.map((q) => q.wrt));
    assignment.quantities.forEach((q, i) => {
      if (!q.wrt.isVariable) return;
      expect(relativeError(grads[i]!.tensor, centralDifference(assignment.loss, q.wrt)), q.id).toBeLessThan(1e-7);
    });
    // The δ's: the same network with Z⁽²⁾, then Z⁽¹⁾, given as a variable at its value.
    const j = json();
    const z2 = tg.assignmentFromJson({ ...j, values: { ...j.values, 'Z^{(2)}': assignment.quantities[0]!.wrt.tensor.toArray() as number[][] }, define: [], quantities: [{ id: 'd', wrt: 'Z^{(2)}' }] });
    expect(relativeError(grads[0]!.tensor, centralDifference(z2.loss, z2.quantities[0]!.wrt))).toBeLessThan(1e-7);
    const z1 = tg.assignmentFromJson({ ...j, values: { ...j.values, 'Z^{(1)}': assignment.quantities[1]!.wrt.tensor.toArray() as number[][] }, define: j.define!.slice(1), quantities: [{ id: 'd', wrt: 'Z^{(1)}' }] });
    expect(relativeError(grads[1]!.tensor, centralDifference(z1.loss, z1.quantities[0]!.wrt))).toBeLessThan(1e-7);
  });

  it('the HTML page is one self-contained file that escapes what students wrote', () => {
    const page = tg.gradePage(result);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<script|<link|src=/);
    expect(page).toContain('a factor missing (chain rule)');
    expect(page).toContain('\\delta^{(2)} (W^{(2)}'); // the invalid answer, as text
    const hostile = tg.grade(assignment, { students: [{ student: '<img src=x onerror=alert(1)>', answers: new Map([['delta2', '<b>x</b>'], ['delta1', ''], ['dW2', ''], ['db2', ''], ['dW1', ''], ['db1', '']]) }] });
    const p2 = tg.gradePage(hostile);
    expect(p2).not.toContain('<img');
    expect(p2).not.toContain('<b>');
  });
});

describe('the answers CSV and the assignment are checked', () => {
  const assignment = tg.assignmentFromJson(json());
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsvRows('a,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
    expect(() => parseCsvRows('a\n"open')).toThrow(/a " is not closed/);
  });
  it.each([
    ['delta2,delta1,dW2,db2,dW1,db1\n', /no 'student' column/],
    ['student,delta2,delta1,dW2,db2,dW1,db1,extra\n', /a column 'extra' that the assignment does not ask for/],
    ['student,delta2\n', /no column for delta1, dW2, db2, dW1, db1/],
    ['student,delta2,delta1,dW2,db2,dW1,db1\na,1,2\n', /row 2 of the answers has 3 fields; the header has 7/],
    ['student,delta2,delta1,dW2,db2,dW1,db1\na,,,,,,\na,,,,,,\n', /the student 'a' has two rows/],
    ['', /the answers CSV is empty/],
  ])('%j', (csv, message) => {
    expect(() => tg.answersFromCsv(csv, assignment)).toThrow(message);
  });
  it('rejects a bad assignment with what is wrong', () => {
    const j = json();
    expect(() => tg.assignmentFromJson({ ...j, quantities: [{ id: 'q', wrt: 'nothing' }] })).toThrow(/'nothing' is neither a variable of the loss nor a definition/);
    expect(() => tg.assignmentFromJson({ ...j, extra: 1 })).toThrow(/unknown option 'extra'/);
    expect(() => tg.assignmentFromJson({ ...j, loss: '\\frac{1}{' })).toThrow(tg.ArgumentError);
    expect(() => tg.checkAssignment({ loss: tg.variable('v', [1, 2]), quantities: [] })).toThrow(/loss must be a scalar node/);
    expect(() => tg.checkAssignment({ loss: assignment.loss, quantities: [{ id: 'a', wrt: assignment.loss }, { id: 'a', wrt: assignment.loss }] })).toThrow(/given twice/);
    expect(() => tg.checkAssignment({ ...assignment, points: 0 })).toThrow(/points must be an integer from 1/);
    // Seeds are integers 0..2³² − 1, as everywhere (the generator keeps 32 bits: 2³² gave seed 0's points).
    for (const seed of [-1, 1.5, 2 ** 32]) {
      expect(() => tg.checkAssignment({ ...assignment, seed }), String(seed)).toThrow(`grade: seed must be an integer from 0 to 4294967295 (2³² − 1); got ${seed}`);
      expect(() => tg.grade(assignment, { students: [] }, { seed }), String(seed)).toThrow(`grade: seed must be an integer from 0 to 4294967295 (2³² − 1); got ${seed}`);
    }
    expect(() => tg.grade(assignment, { students: [] }, { points: 3, colour: 1 } as never)).toThrow(/unknown option 'colour'/);
  });
});

describe('tracegrad grade', () => {
  const io = () => {
    const out: string[] = [], err: string[] = [];
    return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), api: () => import('../../src/index.js') } };
  };
  it('writes a report per student, summary.json and index.html (JSON assignment)', async () => {
    const dir = join(tmp, 'json');
    const c = io();
    const status = await run(['grade', join(FIX, 'assignment.json'), '--answers', join(FIX, 'answers.csv'), '--out', dir], c.io);
    expect(c.err.join('')).toBe('');
    expect(status).toBe(0);
    expect(readdirSync(join(dir, 'students'))).toHaveLength(30);
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'students', 'summary.json']);
    const proto = JSON.parse(readFileSync(join(dir, 'students', '__proto__.json'), 'utf8')) as { student: string; answers: Record<string, { verdict: string }> };
    expect(proto.student).toBe('__proto__');
    expect(Object.keys(proto.answers)).toEqual(['delta2', 'delta1', 'dW2', 'db2', 'dW1', 'db1']);
    const lines = c.out.join('').split('\n');
    expect(lines).toContain('s09: 5/6  delta2 ✓, delta1 ✗ (missing-factor), dW2 ✓, db2 ✓, dW1 ✓, db1 ✓');
    expect(lines).toContain('δ⁽¹⁾ (delta1): 22 right; missing-factor 4, transpose 2, extra-factor 1; invalid 1');
  });
  it('grades the TypeScript assignment the same way', async () => {
    const a = io(), b = io();
    await run(['grade', join(FIX, 'assignment.json'), '--answers', join(FIX, 'answers.csv'), '--out', join(tmp, 'a'), '--format', 'json'], a.io);
    const status = await run(['grade', join(FIX, 'assignment.ts'), '--answers', join(FIX, 'answers.csv'), '--out', join(tmp, 'b'), '--format', 'json'], b.io);
    expect(b.err.join('')).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(b.out.join(''))).toEqual(JSON.parse(a.out.join('')));
  });
  it.each([
    [['grade'], /give the assignment file/],
    [['grade', 'x.json'], /give the answers with --answers/],
    [['grade', join(FIX, 'missing.json'), '--answers', join(FIX, 'answers.csv')], /cannot read the assignment/],
    [['grade', join(FIX, 'answers.csv'), '--answers', join(FIX, 'answers.csv')], /the assignment is a \.json, \.js, \.mjs or \.ts file/],
    [['grade', join(FIX, 'assignment.json'), '--answers', join(FIX, 'nope.csv')], /cannot read --answers/],
    [['grade', join(FIX, 'assignment.json'), '--answers', join(FIX, 'answers.csv'), '--points', '0'], /--points must be an integer from 1/],
  ])('%j: one line on stderr, exit 2', async (argv, message) => {
    const c = io();
    const status = await run(argv, c.io);
    expect(status).toBe(2);
    const err = c.err.join('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
