/**
 * The command on hostile, edge and large inputs (issue 14), on expressions from files and
 * standard input (issue 17), and on derivatives with respect to a variable the expression
 * does not contain (issue 12), run in-process through `run`. tests/cli.test.ts runs the built
 * command as a subprocess.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { run } from '../src/cli/main.js';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tracegrad-inputs-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Result {
  status: number;
  out: string;
  err: string;
}

async function tracegrad(args: string[], stdin?: string): Promise<Result> {
  let out = '', err = '';
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), ...(stdin !== undefined && { in: async () => stdin }) };
  const status = await run(args, io);
  return { status, out, err };
}

async function json(args: string[], stdin?: string): Promise<Record<string, unknown>> {
  const r = await tracegrad([...args, '--format', 'json'], stdin);
  expect(r.err, args.join(' ')).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** An error: exit 2, nothing on stdout, one line on stderr, which is returned. */
async function failure(args: string[], stdin?: string): Promise<string> {
  const r = await tracegrad(args, stdin);
  expect(r.status, args.join(' ').slice(0, 200)).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.startsWith('tracegrad: ')).toBe(true);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.split('\n')).toHaveLength(2);
  return r.err.trimEnd();
}

const file = (name: string, text: string): string => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('names that are keys of Object.prototype are ordinary variable names', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'])('%s', async (name) => {
    const out = await json(['grad', `${name}^2 + x`, '--at', 'x=1', '--at', `${name}=3`]);
    expect(out.value).toBe(10);
    const gradient = out.gradient as Record<string, { value: number; text: string }>;
    expect(Object.keys(gradient)).toEqual([name, 'x']);
    expect(gradient[name]!.value).toBe(6);
    expect(Object.hasOwn(gradient, name)).toBe(true);
    const text = await tracegrad(['grad', `${name}*x`, '--at', `${name}=3`, '--at', 'x=2']);
    expect(text.status).toBe(0);
    expect(text.out).not.toMatch(/native code|e·|7\.389/);
    expect(text.out).toMatch(/= 6\n/);
  });

  it('a value given twice is still an error, and only then', async () => {
    expect(await failure(['grad', 'toString*x', '--at', 'toString=3', '--at', 'toString=4'])).toMatch(/toString is given two values/);
  });
});

describe('an expression that starts with a minus', () => {
  it('is the expression, not an unknown option', async () => {
    const r = await tracegrad(['grad', '-x', '--wrt', 'x']);
    expect(r).toEqual({ status: 0, out: 'f = −x\n∂f/∂x = −1\n', err: '' });
    expect((await json(['grad', '-x^2', '--at', 'x=3'])).value).toBe(-9);
    const after = await tracegrad(['grad', '--at', 'x=3', '--format', 'json', '--', '-x^2']);
    expect(JSON.parse(after.out)).toMatchObject({ value: -9, gradient: { x: { value: -6 } } });
  });

  it('an unknown long option says how to pass an expression that starts with -', async () => {
    expect(await failure(['grad', '--x^2'])).toMatch(/unknown option '--x\^2'; accepted: .* may also follow '--': tracegrad grad -- '--x\^2'/);
  });
});

describe('the derivative with respect to a variable the expression does not contain is 0', () => {
  it('for a constant and for another variable, as mathjs answers', async () => {
    expect(await tracegrad(['grad', '3', '--wrt', 'x'])).toEqual({ status: 0, out: 'f = 3 = 3\n∂f/∂x = 0 = 0\n', err: '' });
    const out = await json(['grad', 'y^2', '--wrt', 'x,y', '--at', 'y=2', '--at', 'x=1']);
    expect(out).toMatchObject({ value: 4, gradient: { x: { value: 0, text: '0' }, y: { value: 4 } } });
    expect(await json(['grad', 'y^2', '--wrt', 'x', '--at', 'x=[1,2]', '--at', 'y=1'])).toMatchObject({ gradient: { x: { value: [0, 0] } } });
  });

  it('in a Hessian and in a check', async () => {
    expect(await json(['hessian', 'y^3', '--wrt', 'x,y', '--at', 'y=2'])).toMatchObject({ hessian: { x: { x: { value: 0 }, y: { value: 0 } }, y: { x: { value: 0 }, y: { value: 12 } } } });
    expect((await tracegrad(['check', '3', '--grad', 'x=0'])).status).toBe(0);
    expect((await tracegrad(['check', '3', '--grad', 'x=1'])).status).toBe(1);
  });

  it('a value for a name that is neither in the expression nor differentiated is still a mistake', async () => {
    expect(await failure(['grad', 'x^2', '--at', 'z=1'])).toMatch(/--at z: the expression has no variable 'z'; its variables: x/);
    expect(await failure(['grad', '3'])).toMatch(/no variables to differentiate; name one with --wrt/);
  });
});

describe("the Hessian is autodiff's", () => {
  it('every block, mixed ones included, is tg.hessian(f, a, b)', async () => {
    const out = await json(['hessian', 'x^2*y + sum(v.^3)*x', '--wrt', 'x,v', '--at', 'x=1.5', '--at', 'y=3', '--at', 'v=[1,2]']);
    const x = tg.variable('x', 1.5), y = tg.variable('y', 3), v = tg.variable('v', [1, 2]);
    const f = tg.parse('x^2*y + sum(v.^3)*x', { x, y, v });
    const h = out.hessian as Record<string, Record<string, { value: unknown; text: string }>>;
    for (const [a, na] of [['x', x], ['v', v]] as const) {
      for (const [b, nb] of [['x', x], ['v', v]] as const) {
        const block = tg.hessian(f, na, nb);
        expect(h[a]![b]!.text, `${a}${b}`).toBe(tg.toText(block));
        expect(h[a]![b]!.value).toEqual(block.rank === 0 ? block.value : (block.value as tg.Tensor).toArray());
      }
    }
    expect(h.x!.v!.value).toEqual([3, 12]);
    expect(h.v!.x!.value).toEqual([3, 12]);
  });
});

describe('values that are not finite', () => {
  it('are named in JSON ("NaN", "Infinity", "-Infinity") and in a warning, exit 0', async () => {
    const r = await tracegrad(['grad', 'log(x)', '--at', 'x=0', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.err).toBe('tracegrad: warning: not finite: f is -Infinity; ∂f/∂x is Infinity\n');
    expect(JSON.parse(r.out)).toMatchObject({ value: '-Infinity', gradient: { x: { value: 'Infinity' } } });
    const t = await tracegrad(['grad', 'sum(sqrt(x))', '--at', 'x=[4,0,-1]', '--format', 'json']);
    expect(t.err).toBe('tracegrad: warning: not finite: f is NaN; ∂f/∂x is Infinity at flat index 1\n');
    expect(JSON.parse(t.out)).toMatchObject({ value: 'NaN', gradient: { x: { value: [0.25, 'Infinity', 'NaN'] } } });
    const text = await tracegrad(['grad', 'log(x)', '--at', 'x=0']);
    expect(text.out).toBe('f = log(x) = -∞\n∂f/∂x = 1 / x = ∞\n');
    expect(text.err).toMatch(/^tracegrad: warning: not finite/);
  });

  it('literals must be finite, as --at values must be', async () => {
    expect(await failure(['grad', 'NaN*x', '--at', 'x=1'])).toMatch(/NaN is not accepted in expressions at column 1/);
    expect(await failure(['grad', '1e400*x', '--at', 'x=1'])).toMatch(/the number 1e400 is too large for float64/);
    expect(await failure(['grad', 'x', '--at', 'x=NaN'])).toMatch(/must be a finite number/);
  });

  it('an empty array is not a value', async () => {
    expect(await failure(['grad', 'sum(x)', '--at', 'x=[]'])).toMatch(/--at x: the value has no elements \(shape \[0\]\); give at least one number/);
    expect(await failure(['grad', 'sum(x)', '--at', 'x=[[]]'])).toMatch(/no elements \(shape \[1, 0\]\)/);
  });

  it('0^(2^x + x^3 + 2) differentiates to 0, as mathjs says, and one zero in w does not poison ∂/∂p', async () => {
    expect(await json(['grad', '0^(2^x + x^3 + 2)', '--at', 'x=1'])).toMatchObject({ value: 0, gradient: { x: { value: 0 } } });
    expect(await json(['grad', 'sum(w.^p)', '--wrt', 'p', '--at', 'w=[0,1,2]', '--at', 'p=2'])).toMatchObject({ gradient: { p: { value: 4 * Math.log(2) } } });
  });
});

describe('what errors echo', () => {
  it('control, bidi and NUL characters are escaped; an emoji is never cut', async () => {
    const err = await failure(['grad', 'x\u001b[31m + \u202e1\r +* \u0000']);
    expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(err).toContain('\\x1b');
    expect(err).toContain('\\u{202e}');
    const emoji = await failure(['grad', 'x + 😀']);
    expect(emoji).toContain('"😀"');
    const at = await failure(['grad', 'x', '--at', 'x=[1,\u001b]']);
    expect(at).not.toMatch(/\u001b/);
  });

  it('a long expression is echoed only around the column', async () => {
    const text = `${Array(50_000).fill('x').join(' + ')} +* 1`;
    const err = await failure(['grad', '--file', file('long.txt', text)]);
    expect(err.length).toBeLessThan(300);
    expect(err).toMatch(/^tracegrad: …x \+ x.* \+\* 1 : unexpected "\*" at column 200000; a value was expected$/);
  });
});

describe('deep and wide expressions, through files', () => {
  it('a sum of 1,200 terms and 300 nested parentheses', async () => {
    expect(await json(['grad', '--file', file('sum.txt', Array(1200).fill('x').join('+')), '--at', 'x=1'])).toMatchObject({ value: 1200, gradient: { x: { value: 1200 } } });
    expect(await json(['grad', `${'('.repeat(300)}x^2${')'.repeat(300)}`, '--at', 'x=3'])).toMatchObject({ value: 9, gradient: { x: { value: 6 } } });
  });

  it('a million nested parentheses, and a sum of 100,000 products', async () => {
    const deep = file('deep.txt', `${'('.repeat(1_000_000)}x*y${')'.repeat(1_000_000)}\n`);
    expect(await json(['grad', '--file', deep, '--wrt', 'x', '--at', 'x=2', '--at', 'y=3'])).toMatchObject({ value: 6, gradient: { x: { value: 3, text: 'y' } } });
    const wide = file('wide.txt', Array.from({ length: 100_000 }, (_, i) => `x${i % 10}*y`).join(' + '));
    const at = Array.from({ length: 10 }, (_, i) => ['--at', `x${i}=${i}`]).flat();
    expect(await json(['grad', '--file', wide, '--wrt', 'y', ...at, '--at', 'y=2'])).toMatchObject({ value: 900_000, gradient: { y: { value: 450_000 } } });
  });

  it('x^x^…^x with 1,000 levels: the value, and a note instead of a derivative too large to print', async () => {
    const out = await json(['grad', '--file', file('tower.txt', Array(1000).fill('x').join('^')), '--at', 'x=1']);
    const g = (out.gradient as Record<string, Record<string, unknown>>).x!;
    expect(g).toMatchObject({ value: 1, latex: null, text: null });
    expect(g.omitted).toMatch(/^an expression of [\d,.e+]+ operations when written out, too large to print$/);
    const text = await tracegrad(['grad', '--file', join(tmp, 'tower.txt'), '--at', 'x=1']);
    expect(text.out).toMatch(/\n∂f\/∂x = \(an expression of [\d,.e+]+ operations when written out, too large to print\) = 1\n$/);
  });

  it('an error deep inside a million parentheses', async () => {
    const err = await failure(['grad', '--file', file('deeperr.txt', `${'('.repeat(1_000_000)}x +* 1${')'.repeat(1_000_000)}`)]);
    expect(err.length).toBeLessThan(400);
    expect(err).toMatch(/unexpected "\*" at column 1000004/);
  });
});

describe('bounds', () => {
  it('check --points is at most 100,000', async () => {
    expect(await failure(['check', 'x^2', '--grad', 'x=2*x', '--points', '100000000'])).toBe('tracegrad: check: --points must be an integer from 1 to 100,000; got "100000000"');
    expect(await failure(['check', 'x^2', '--grad', 'x=2*x', '--points', '0'])).toMatch(/--points must be an integer from 1/);
    expect((await tracegrad(['check', 'x^2', '--grad', 'x=2*x', '--points', '3'])).status).toBe(0);
  });
});

describe('expressions from standard input and files, values from JSON files', () => {
  it('- reads the expression from standard input (its final new line dropped)', async () => {
    expect(await tracegrad(['grad', '-', '--at', 'x=3'], 'x^2\n')).toEqual({ status: 0, out: 'f = x² = 9\n∂f/∂x = 2·x = 6\n', err: '' });
    expect(await failure(['grad', '-'], 'x +\n')).toMatch(/^tracegrad: x \+ : unexpected end of expression at column 4/);
  });

  it('--file reads it from a file', async () => {
    expect((await json(['grad', '--file', file('f.txt', 'sin(x)*y\r\n'), '--at', 'x=0', '--at', 'y=2'])).gradient).toMatchObject({ x: { value: 2 }, y: { value: 0 } });
    expect(await failure(['grad', 'x', '--file', join(tmp, 'f.txt')])).toMatch(/give the expression once/);
    expect(await failure(['grad', '--file', join(tmp, 'missing.txt')])).toMatch(/^tracegrad: grad: cannot read --file .*missing\.txt: ENOENT/);
  });

  it('--at-file reads values by name from a JSON object', async () => {
    const values = file('values.json', '{"A": [[1, 2], [3, 4]], "x": [1, -1], "b": [0.5, 2], "toString": 1}');
    const out = await json(['grad', 'sum((A*x - b).^2)*toString', '--wrt', 'x', '--at-file', values]);
    expect(out).toMatchObject({ value: 11.25, gradient: { x: { value: [-21, -30] } } });
    const proto = file('proto.json', '{"__proto__": 2, "x": 3}');
    expect(await json(['grad', '__proto__*x', '--at-file', proto])).toMatchObject({ value: 6, gradient: { __proto__: { value: 3 }, x: { value: 2 } } });
    // --at @FILE is the same.
    expect(await json(['grad', '__proto__*x', '--at', `@${proto}`])).toMatchObject({ value: 6 });
    expect(await failure(['grad', 'x', '--at', `@${join(tmp, 'none.json')}`])).toMatch(/cannot read --at .*none\.json: ENOENT/);
  });

  it('--at-file errors name the file and what is accepted', async () => {
    expect(await failure(['grad', 'x', '--at-file', file('bad.json', '{"x": 1,')])).toMatch(/--at-file .*bad\.json: not JSON .*give an object of values by name/);
    expect(await failure(['grad', 'x', '--at-file', file('arr.json', '[1, 2]')])).toMatch(/the JSON must be an object of values by name.*got an array/);
    expect(await failure(['grad', 'x', '--at-file', file('name.json', '{"1x": 1}')])).toMatch(/"1x" is not a variable name/);
    expect(await failure(['grad', 'x', '--at-file', file('nan.json', '{"x": "NaN"}')])).toMatch(/every element must be a finite number/);
    expect(await failure(['grad', 'x', '--at', 'x=1', '--at-file', file('twice.json', '{"x": 2}')])).toMatch(/x is given two values/);
  });
});
