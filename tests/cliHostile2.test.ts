/**
 * The command against a second hostile review, run in-process through `run`: student ids with
 * terminal escapes in `grade`'s output, names in `check` formulas that are not the problem's,
 * values that are not finite in `explain` and `dot` (warned about as `grad` does, written as
 * strings in JSON), and `--at` numbers that are not decimal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';

const tmp = mkdtempSync(join(tmpdir(), 'tracegrad-hostile2-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function tracegrad(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '', err = '';
  const status = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { status, out, err };
}

describe('grade: student ids are shown with escapes in human-readable output', () => {
  it('a CSV id with terminal escapes and a bidi override', async () => {
    const assignment = join(tmp, 'a.json'), answers = join(tmp, 'answers.csv'), out = join(tmp, 'report');
    writeFileSync(assignment, JSON.stringify({ title: 'T\x1b[2J', values: { w: 2 }, loss: 'w^2', quantities: [{ id: 'dw', wrt: 'w', name: 'g\u202e' }] }));
    writeFileSync(answers, 'student,dw\n"\x1b[31mred\x1b[0m\u202eevil",w\nok,2 w\n');
    const r = await tracegrad(['grade', assignment, '--answers', answers, '--out', out]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).not.toMatch(/[\x1b\u202e]/);
    expect(r.out).toContain('\\x1b[31mred\\x1b[0m\\u{202e}evil: 0/1  dw ✗ (factor)');
    expect(r.out).toContain('T\\x1b[2J: 2 students');
    expect(r.out).toContain('g⟨U+202E⟩ (dw): 1 right; factor 1');
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).not.toMatch(/[\x1b\u202e]/);
  });

  it('an answer with a name that is not the problem\'s is invalid, with the name and a suggestion', async () => {
    const assignment = join(tmp, 'b.json'), answers = join(tmp, 'b.csv'), out = join(tmp, 'report-b');
    writeFileSync(assignment, JSON.stringify({ values: { W: 2, Y: 1 }, loss: '(W - Y)^2', quantities: [{ id: 'dW', wrt: 'W' }] }));
    writeFileSync(answers, 'student,dW\na,2 (W - y)\nb,2 (W - Y)\n');
    const r = await tracegrad(['grade', assignment, '--answers', answers, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('a: 0/1  dW invalid');
    expect(r.out).toContain('b: 1/1  dW ✓');
    const report = JSON.parse(readFileSync(join(out, 'students', 'a.json'), 'utf8')) as { answers: { dW: { verdict: string; message: string } } };
    expect(report.answers.dW.verdict).toBe('invalid');
    expect(report.answers.dW.message).toContain("unknown name 'y' (did you mean Y?)");
  });
});

describe('check: a name that is not the problem\'s is invalid input', () => {
  it.each([
    [['check', 'sum(v.^2)', '--grad', 'v=2*V', '--at', 'v=[1,2,3]'], "unknown name 'V' (did you mean v?) at column 3"],
    [['check', '\\lVert v \\rVert^2', '--syntax', 'latex', '--grad', 'v=2 \\mathbf{v}', '--at', 'v=[1,2,3]'], "unknown name '\\mathbf{v}' (did you mean v?) at column 3"],
    [['check', 'x^2', '--syntax', 'latex', '--grad', 'x=\\frac{d}{dx} x^2'], 'the derivative operator \\frac{d}{dx} is not read at column 1'],
  ])('%j', async (args, says) => {
    const r = await tracegrad(args);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toContain(says);
  });
});

describe('explain and dot warn about values that are not finite, as grad does', () => {
  it.each([
    [['explain', 'log(x)', '--at', 'x=0']],
    [['explain', 'log(x)', '--at', 'x=0', '--format', 'latex']],
    [['dot', 'log(x)', '--at', 'x=0']],
    [['grad', 'log(x)', '--at', 'x=0']],
  ])('%j', async (args) => {
    const r = await tracegrad(args);
    expect(r.status).toBe(0);
    expect(r.err).toBe('tracegrad: warning: not finite: f is -Infinity; ∂f/∂x is Infinity\n');
  });

  it('explain --format json writes NaN and infinities as strings, as grad does', async () => {
    const r = await tracegrad(['explain', 'sum(log(v))', '--at', 'v=[1,0,-1]', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.err).toBe('tracegrad: warning: not finite: f is NaN; ∂f/∂v is Infinity at flat index 1\n');
    expect(r.out).not.toContain('null');
    const j = JSON.parse(r.out) as { equations: { kind: string; value?: { data: unknown } }[] };
    expect(j.equations[0]!.value!.data).toBe('NaN');
    expect(j.equations.find((e) => e.kind === 'gradient')!.value!.data).toEqual([1, 'Infinity', -1]);
  });

  it('no warning when every value is finite, or when there are no values', async () => {
    for (const args of [['explain', 'log(x)', '--at', 'x=1'], ['dot', 'log(x)'], ['dot', 'log(v)', '--at', 'v=[1,2]']]) {
      const r = await tracegrad(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.err, args.join(' ')).toBe('');
    }
  });

  it('dot of a tensor expression names the elements that are not finite', async () => {
    const r = await tracegrad(['dot', 'log(v)', '--at', 'v=[1,0,-1]']);
    expect(r.err).toBe('tracegrad: warning: not finite: f is -Infinity at flat index 1\n');
  });
});

describe('--at takes decimal numbers only', () => {
  it.each(['0x10', '0b11', '0o7', '1_000', 'Infinity', '', '1e400', '--1'])('x=%s is an error that says what is accepted', async (text) => {
    const r = await tracegrad(['grad', 'x^2', '--at', `x=${text}`]);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`tracegrad: grad: --at x: the value must be a finite number in decimal (such as 3, -0.5 or 1e-3) or a JSON array of them; got ${JSON.stringify(text)}\n`);
  });

  it('arrays: a number JSON does not read is an error that says what is accepted', async () => {
    const r = await tracegrad(['grad', 'sum(x)', '--at', 'x=[0x10, 1]']);
    expect(r.status).toBe(2);
    expect(r.err).toBe('tracegrad: grad: --at x: the value is not a JSON array of decimal numbers (such as [1, -0.5, 2e3]); got "[0x10, 1]"\n');
  });

  it.each([['3', 9], ['-0.5', 0.25], ['.5', 0.25], ['+2', 4], ['1e1', 100], ['2.5E-1', 0.0625], [' 3 ', 9]])('x=%s reads', async (text, value) => {
    const r = await tracegrad(['grad', 'x^2', '--at', `x=${text}`, '--format', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.out) as { value: number }).value).toBe(value);
  });

  it('--points and --seed are decimal integers too', async () => {
    const r = await tracegrad(['check', 'x^2', '--grad', 'x=2*x', '--points', '0x10']);
    expect(r.status).toBe(2);
    expect(r.err).toBe('tracegrad: check: --points must be an integer from 1 to 100,000; got "0x10"\n');
  });
});
