/**
 * The built `tracegrad` command, run as a subprocess: exact JSON for scalar and matrix
 * expressions, exit codes, one-line error messages. The build runs once, first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { parseExpression } from '../src/parse/parse.js';
import { run } from '../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'tracegrad.js');
let tmp = '';

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  tmp = mkdtempSync(join(tmpdir(), 'tracegrad-cli-'));
}, 300_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function tracegrad(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): unknown {
  const r = tracegrad(...args, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  return JSON.parse(r.stdout);
}

/** What the library says for the same expression: the CLI must print exactly this. */
function expected(text: string, wrt: string[], at: Record<string, tg.TensorLike>): object {
  const { node, symbols } = parseExpression(text, at);
  const plain = (v: number | tg.Tensor) => (typeof v === 'number' ? v : v.toArray());
  const valued = [...symbols.values()].every((s) => !s.isVariable || s.leaf!.value !== undefined);
  const gradient: Record<string, object> = {};
  for (const name of wrt) {
    const g = tg.grad(node, symbols.get(name)!);
    gradient[name] = { ...(valued && { value: plain(g.value) }), latex: tg.toLatex(g), text: tg.toText(g) };
  }
  // Through JSON, as the CLI writes it: -0 becomes 0, NaN null.
  return JSON.parse(JSON.stringify({ expression: text, ...(valued && { value: plain(node.value) }), gradient })) as object;
}

describe('tracegrad grad --format json', () => {
  it('x^2 at x = 3', () => {
    const r = tracegrad('grad', 'x^2', '--wrt', 'x', '--at', 'x=3', '--format', 'json');
    expect(r.stdout).toBe('{"expression":"x^2","value":9,"gradient":{"x":{"value":6,"latex":"2 x","text":"2·x"}}}\n');
    expect(r.status).toBe(0);
  });

  it('scalar expressions', () => {
    const cases: [string, string[], Record<string, number>][] = [
      ['sigmoid(w*x + b)', ['w', 'b'], { w: -3, x: 2, b: 1 }],
      ['sin(x^2) * exp(-y)', ['x', 'y'], { x: 0.5, y: 2 }],
      ['log(1 + x^2) / sqrt(y)', ['x'], { x: 1.5, y: 4 }],
      ['tanh(a) - max(a, b)^3', ['a', 'b'], { a: 0.25, b: -1 }],
    ];
    for (const [text, wrt, at] of cases) {
      const args = ['grad', text, '--wrt', wrt.join(','), ...Object.entries(at).flatMap(([k, v]) => ['--at', `${k}=${v}`])];
      expect(json(...args), text).toEqual(expected(text, wrt, at));
    }
    const out = json('grad', 'sigmoid(w*x + b)', '--wrt', 'w', '--at', 'w=-3', '--at', 'x=2', '--at', 'b=1') as { value: number; gradient: { w: { value: number } } };
    const s = 1 / (1 + Math.exp(5));
    expect(out.value).toBeCloseTo(s, 15);
    expect(out.gradient.w.value).toBeCloseTo(s * (1 - s) * 2, 15);
  });

  it('matrix expressions', () => {
    const at = { A: [[1, 2], [3, 4]], x: [1, -1], b: [0.5, 2] };
    const args = ['--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,-1]', '--at', 'b=[0.5, 2]'];
    const out = json('grad', 'sum((A*x - b).^2)', '--wrt', 'x,A', ...args);
    expect(out).toEqual(expected('sum((A*x - b).^2)', ['x', 'A'], at));
    expect(out).toMatchObject({ value: 11.25, gradient: { x: { value: [-21, -30] }, A: { value: [[-3, 3], [-6, 6]] } } });
    expect(json('grad', "trace(A' * A) + dot(x, A*x - b)", '--wrt', 'A', ...args)).toEqual(expected("trace(A' * A) + dot(x, A*x - b)", ['A'], at));
    expect(json('grad', 'norm(A*x - b)', '--wrt', 'x', ...args)).toEqual(expected('norm(A*x - b)', ['x'], at));
  });

  it('leaves out values unless every variable has one, and differentiates by every variable by default', () => {
    expect(json('grad', 'x*y')).toEqual({ expression: 'x*y', gradient: { x: { latex: 'y', text: 'y' }, y: { latex: 'x', text: 'x' } } });
    expect(json('grad', 'x*y', '--at', 'x=2')).toEqual({ expression: 'x*y', gradient: { x: { latex: 'y', text: 'y' }, y: { latex: 'x', text: 'x' } } });
  });
});

describe('tracegrad grad, hessian: text and latex', () => {
  it('prints the function and its derivatives with values', () => {
    const r = tracegrad('grad', 'x^2', '--wrt', 'x', '--at', 'x=3');
    expect(r.stdout).toBe('f = x² = 9\n∂f/∂x = 2·x = 6\n');
    const l = tracegrad('grad', 'x^2', '--wrt', 'x', '--format', 'latex');
    expect(l.stdout).toBe('f = x^{2}\n\\frac{\\partial f}{\\partial x} = 2 x\n');
  });

  it('writes to a file with -o', () => {
    const file = join(tmp, 'grad.json');
    const r = tracegrad('grad', 'x^2', '--at', 'x=3', '--format', 'json', '-o', file);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ value: 9 });
  });

  it('hessian of scalars and of a vector', () => {
    expect(json('hessian', 'x^2*y', '--wrt', 'x,y', '--at', 'x=1', '--at', 'y=3')).toMatchObject({
      value: 3, hessian: { x: { x: { value: 6 }, y: { value: 2 } }, y: { x: { value: 2 }, y: { value: 0 } } },
    });
    expect(json('hessian', 'sum(x.^3)', '--at', 'x=[1,2]')).toMatchObject({ value: 9, hessian: { x: { x: { value: [[6, 0], [0, 12]] } } } });
    const x = tg.variable('x', 2);
    const h = tg.hessian(tg.parse('x^3', { x }), x);
    expect(tracegrad('hessian', 'x^3', '--at', 'x=2').stdout).toBe(`f = x³ = 8\n∂²f/∂x² = ${tg.toText(h)} = 12\n`);
  });
});

describe('tracegrad check', () => {
  it('exits 0 when the hand formula matches', () => {
    const r = tracegrad('check', 'sin(x^2)', '--wrt', 'x', '--grad', 'x=2*x*cos(x^2)');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^∂f\/∂x: equivalent/);
    const t = tracegrad('check', 'sum((A*x - b).^2)', '--grad', "x=2*A'*(A*x - b)", '--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,1]', '--at', 'b=[0,1]');
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^∂f\/∂x: agree: they agree at 50 points/);
  });

  it('exits 1 with a counterexample when it does not', () => {
    const r = tracegrad('check', 'x^3', '--grad', 'x=x^2');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/differ/);
    expect(r.stdout).toMatch(/at x = [-\d.]+: hand [-\d.]+, engine [-\d.]+/);
    expect(r.stdout).toMatch(/first difference: hand x² vs engine 3·x²: a factor is off/);
    const out = tracegrad('check', 'sum((A*x - b).^2)', '--grad', 'x=2*A*(A*x - b)', '--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,-1]', '--at', 'b=[0.5,2]', '--format', 'json');
    expect(out.status).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({
      ok: false,
      checks: { x: { ok: false, verdict: 'differ', counterexample: { point: { A: [[1, 2], [3, 4]], b: [0.5, 2], x: [1, -1] }, hand: [-15, -33], engine: [-21, -30] }, difference: { note: 'a transpose is missing' } } },
    });
  });

  it('checks several derivatives and exits 1 when one differs', () => {
    const r = tracegrad('check', 'x*y^2', '--grad', 'x=y^2', '--grad', 'y=x*y');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/1 of 2 hand-written derivatives do not match/);
    expect(tracegrad('check', 'x*y^2', '--grad', 'x=y^2', '--grad', 'y=2*x*y').status).toBe(0);
  });
});

describe('tracegrad errors: exit 2 and one line on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['syntax error', ['grad', 'sigmoid(w*x +)'], /^tracegrad: sigmoid\(w\*x \+\) : unexpected "\)" at column 14; a value was expected$/],
    ['unknown function', ['grad', 'sigmod(x)'], /unknown function 'sigmod' at column 1; did you mean 'sigmoid'\? known functions: abs, /],
    ['assignment', ['grad', 'x = 3'], /assignment \('='\) is not supported at column 3/],
    ['function definition', ['grad', 'f(x) = x^2'], /function definitions/],
    ['range', ['grad', '1:3'], /ranges/],
    ['string', ['grad', '"x" + 1'], /strings are not supported/],
    ['units', ['grad', '5 cm to inch'], /units and unit conversions/],
    ['comparison', ['grad', 'x > 1'], /comparisons \('>'\) are not supported at column 3/],
    ['shape mismatch', ['grad', 'sum(A*x)', '--at', 'A=[[1,2,3],[4,5,6]]', '--at', 'x=[1,2]'], /^tracegrad: sum\(A\*x\) : matmul: inner dimensions differ; got a \[2, 3\] and b \[2\] at column 6$/],
    ['non-scalar expression', ['grad', '[x, 1]'], /grad: the expression must be a scalar; it has shape \[2\]/],
    ['variable without a value', ['grad', 'sum(x, k)', '--wrt', 'x'], /'k' has no value at column 8/],
    ['hessian of a matrix variable', ['hessian', 'sum(A)', '--at', 'A=[[1]]'], /'A' has shape \[1, 1\]/],
    ['unknown variable in --at', ['grad', 'x^2', '--at', 'z=1'], /--at z: the expression has no variable 'z'/],
    ['bad --at value', ['grad', 'x^2', '--at', 'x=[1,'], /--at x: the value is not a JSON array/],
    ['ragged --at value', ['grad', 'sum(A)', '--at', 'A=[[1,2],[3]]'], /--at A: .*ragged/],
    ['unknown option', ['grad', 'x^2', '--colour'], /unknown option '--colour'/],
    ['bad format', ['grad', 'x^2', '--format', 'yaml'], /--format must be one of text, latex, json/],
    ['unknown command', ['integrate', 'x'], /unknown command "integrate"/],
    ['no expression', ['grad'], /give an expression/],
    ['check without --grad', ['check', 'x^2'], /--grad/],
    ['check with a bad hand formula', ['check', 'x^2', '--grad', 'x=2*'], /2\* : unexpected end of expression/],
    ['unwritable output', ['grad', 'x^2', '-o', '/nonexistent-dir/out.txt'], /cannot write \/nonexistent-dir\/out.txt/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = tracegrad(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.startsWith('tracegrad: ')).toBe(true);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
  }

  it('prints an unexpected (non-tracegrad) error as one line too', async () => {
    const err: string[] = [];
    const status = await run(['grad', 'x^2'], { out: () => { throw new TypeError('stdout is closed\nsecond line'); }, err: (s) => void err.push(s) });
    expect(status).toBe(2);
    expect(err).toEqual(['tracegrad: internal error: stdout is closed second line (this is a bug in tracegrad; please report it)\n']);
  });
});

describe('tracegrad in pipes', () => {
  function piped(input: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('echo x^2 | tracegrad grad - reads the expression from standard input', () => {
    expect(piped('x^2\n', 'grad', '-', '--at', 'x=3')).toEqual({ status: 0, stdout: 'f = x² = 9\n∂f/∂x = 2·x = 6\n', stderr: '' });
    expect(piped('x^2', 'grad', '-', '--format', 'json').stdout).toBe('{"expression":"x^2","gradient":{"x":{"latex":"2 x","text":"2·x"}}}\n');
  });

  it('keeps the exit codes: 1 when a check differs, 2 on an error, with one line on stderr', () => {
    expect(piped('x^3', 'check', '-', '--grad', 'x=x^2').status).toBe(1);
    const bad = piped('x +', 'grad', '-');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('tracegrad: x + : unexpected end of expression at column 4\n');
  });

  it('reads values from --at-file and the expression from --file', () => {
    const values = join(tmp, 'values.json'), expr = join(tmp, 'expr.txt');
    writeFileSync(values, '{"x": [1, 2], "w": 3}');
    writeFileSync(expr, 'sum(w*x.^2)\n');
    expect(JSON.parse(tracegrad('grad', '--file', expr, '--at-file', values, '--format', 'json').stdout)).toMatchObject({ value: 15, gradient: { w: { value: 5 }, x: { value: [6, 12] } } });
  });

  it('a non-finite result exits 0 with a warning on stderr', () => {
    const r = tracegrad('grad', 'log(x)', '--at', 'x=0', '--format', 'json');
    expect(r).toEqual({ status: 0, stdout: '{"expression":"log(x)","value":"-Infinity","gradient":{"x":{"value":"Infinity","latex":"\\\\frac{1}{x}","text":"1 / x"}}}\n', stderr: 'tracegrad: warning: not finite: f is -Infinity; ∂f/∂x is Infinity\n' });
  });
});

describe('tracegrad help, explain and dot', () => {
  it('shows help with examples', () => {
    const r = tracegrad('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^tracegrad: symbolic reverse-mode autodiff/);
    for (const c of ['grad', 'hessian', 'check', 'explain', 'dot', 'grade']) {
      expect(r.stdout).toContain(`  ${c} `);
      const h = tracegrad(c, '--help');
      expect(h.status, c).toBe(0);
      expect(h.stdout, c).toMatch(new RegExp(`^tracegrad ${c}: [^]*Usage: tracegrad ${c} [^]*Options:[^]*Examples:\\n  tracegrad ${c} `));
    }
    expect(tracegrad('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('explains a derivation', () => {
    const r = tracegrad('explain', 'sigmoid(w*x + b)', '--wrt', 'w', '--at', 'w=-3', '--at', 'x=2', '--at', 'b=1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Forward pass:[^]*Backward pass \(adjoints\):[^]*Gradients:[^]*∂f\/∂w/);
    const j = json('explain', 'x^2', '--at', 'x=3') as { equations: unknown[] };
    expect(j.equations.length).toBeGreaterThan(2);
    expect(tracegrad('explain', 'x^2', '--format', 'latex').stdout).toMatch(/^\\begin\{align\*\}/);
  });

  it('draws the graph as DOT and SVG', () => {
    const r = tracegrad('dot', 'sigmoid(w*x + b)');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph/);
    expect(tracegrad('dot', 'x^2', '--view', 'both', '--format', 'svg').stdout).toMatch(/<svg/);
    expect(json('dot', 'x^2')).toMatchObject({ expression: 'x^2', view: 'forward' });
  });
});

describe('docs/cli.md', () => {
  // In-process, through the CLI's own run() and the source (the built command is tested above):
  // one process per documented command cost half a minute of the suite's five.
  it('shows the real output of every command in it', async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const blocks = [...doc.matchAll(/```console\n\$ tracegrad (.*)\n([^]*?)```/g)];
    expect(blocks.length).toBeGreaterThan(20);
    let ran = 0;
    for (const [, command, shown] of blocks) {
      const args = [...command!.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
      if (args.includes('-o')) continue;
      const status = /\[exit status (\d)\]\n$/.exec(shown!);
      let out = '', err = '';
      const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), api: () => import('../src/index.js') });
      expect(out + err, command).toBe(status ? shown!.slice(0, status.index) : shown);
      expect(code, command).toBe(status ? Number(status[1]) : 0);
      ran++;
    }
    expect(ran).toBeGreaterThan(20);
  }, 600_000);
});

describe('tracegrad check --syntax latex (issue 18)', () => {
  it('a scalar case: exit 0 when right, 1 with the hint when not', () => {
    const right = tracegrad('check', '\\sin(x^2)', '--syntax', 'latex', '--grad', 'x=2x\\cos(x^2)');
    expect(right.status).toBe(0);
    expect(right.stdout).toMatch(/^∂f\/∂x: equivalent/);
    const wrong = tracegrad('check', '\\sin(x^2)', '--syntax', 'latex', '--grad', 'x=x\\cos(x^2)');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('');
    expect(wrong.stdout).toMatch(/\n {2}at x = [-\d.]+: hand [-\d.]+, engine [-\d.]+\n/);
    expect(wrong.stdout).toMatch(/\n {2}hint: your ∂f\/∂x is off by a constant factor: the right answer is 2 times yours\n$/);
  });

  it('a sigmoid neuron', () => {
    const args = ['check', '\\sigma(w x + b)', '--syntax', 'latex', '--at', 'w=-3', '--at', 'x=2', '--at', 'b=1'];
    expect(tracegrad(...args, '--grad', 'w=\\sigma(w x + b)(1 - \\sigma(w x + b)) x', '--grad', "b=\\sigma'(w x + b)").status).toBe(0);
    const r = tracegrad(...args, '--grad', 'w=\\sigma(w x + b) x');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/hint: your ∂f\/∂w lacks the factor 1 − σ\(w·x \+ b\) \(in \\sigma\(w x \+ b\)\)/);
  });

  it('least squares with matrices, LaTeX names in --grad and --at', () => {
    const args = ['check', '\\lVert W^{(1)} x - y \\rVert^2', '--syntax', 'latex', '--at', 'W^{(1)}=[[1,2,3],[3,4,5]]', '--at', 'x=[1,-1,2]', '--at', 'y=[0.5,2]'];
    expect(tracegrad(...args, '--grad', 'W^{(1)}=2 (W^{(1)} x - y) x^\\top', '--grad', 'x=2 (W^{(1)})^\\top (W^{(1)} x - y)').status).toBe(0);
    const layout = tracegrad(...args, '--grad', 'W^{(1)}=2 x (W^{(1)} x - y)^\\top');
    expect(layout.status).toBe(1);
    expect(layout.stdout).toMatch(/^∂f\/∂W⁽¹⁾: differ: the hand formula has shape \[3, 2\] but the gradient has shape \[2, 3\]/);
    expect(layout.stdout).toMatch(/hint: your ∂f\/∂W⁽¹⁾ is the transpose of the gradient/);
    const t = tracegrad('check', '\\lVert A x - b \\rVert^2', '--syntax', 'latex', '--grad', 'x=2 A (A x - b)', '--at', 'A=[[1,2],[3,4]]', '--at', 'x=[1,-1]', '--at', 'b=[0.5,2]', '--format', 'json');
    expect(t.status).toBe(1);
    expect(JSON.parse(t.stdout)).toMatchObject({ ok: false, checks: { x: { hint: { kind: 'transpose' }, counterexample: { hand: [-15, -33], engine: [-21, -30] } } } });
  });

  it.each([
    [['check', '\\sin(x', '--syntax', 'latex', '--grad', 'x=1'], /^tracegrad: \\sin\(x : the parenthesis of \\sin opened here is not closed at column 1$/],
    [['check', 'x^2', '--syntax', 'latex', '--grad', 'x=\\int x'], /\\int: integrals are not supported at column 1/],
    [['check', 'x^2', '--syntax', 'tex', '--grad', 'x=2x'], /--syntax must be one of mathjs, latex/],
  ])('bad input: one line on stderr, exit 2 (%j)', (argv, message) => {
    const r = tracegrad(...argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('tracegrad grade (issue 18)', () => {
  const FIX = join(ROOT, 'tests', 'fixtures', 'grade');
  it('grades the fixture from a TypeScript assignment through the bin script (tsx on Node 20)', () => {
    const out = join(tmp, 'grade-ts');
    const r = tracegrad('grade', join(FIX, 'assignment.ts'), '--answers', join(FIX, 'answers.csv'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('s09: 5/6  delta2 ✓, delta1 ✗ (missing-factor), dW2 ✓, db2 ✓, dW1 ✓, db1 ✓');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });
  it('an error is one line on stderr, exit 2', () => {
    const r = tracegrad('grade', join(FIX, 'assignment.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('tracegrad: grade: give the answers with --answers FILE.csv (a student column and one column per quantity)\n');
  });
});
