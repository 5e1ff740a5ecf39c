/**
 * A third hostile review (helper-14, 2026-12-05), each reproducer a test: NaN and infinite
 * constants in sums were dropped by the display form (`NaN + x` printed `x`), a long unknown
 * name spent 28 s and 3.5 GB in the "did you mean" search, the Hessian command computed 1.44·10⁸
 * entries before failing on an internal error, `toArray` threw a raw RangeError, and a vector
 * printed as a row (`uᵀ S`, `1ᵀ A`) was transposed again in a dot or matrix product.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { run } from '../src/cli/main.js';

async function tracegrad(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '', err = '';
  const status = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { status, out, err };
}

describe('non-finite constants in sums are printed, not dropped', () => {
  const x = tg.variable('x', 1);
  it.each([
    [() => tg.add(tg.constant(NaN), x), 'NaN + x', '\\mathrm{NaN} + x'],
    [() => tg.add(x, tg.constant(Infinity)), 'x + ∞', 'x + \\infty'],
    [() => tg.add(tg.constant(-Infinity), x), 'x − ∞', 'x - \\infty'],
    [() => tg.addN([x, tg.constant(NaN), x]), '2·x + NaN', '2 x + \\mathrm{NaN}'],
  ])('%s', (make, text, latex) => {
    const f = make();
    expect(tg.toText(f)).toBe(text);
    expect(tg.toLatex(f)).toBe(latex);
  });

  it('in the CLI: sqrt(-1) + x is NaN, and says so', async () => {
    const r = await tracegrad(['grad', 'sqrt(-1) + x', '--at', 'x=1']);
    expect(r.out).toContain('f = NaN + x = NaN');
    expect(r.err).toMatch(/NaN/);
  });
});

describe('"did you mean" compares names of at most 64 characters', () => {
  it('a 20,000-character unknown name is refused at once, with no suggestion', async () => {
    const a = 'a'.repeat(20_000), b = `${'a'.repeat(19_999)}b`;
    const r = await tracegrad(['check', `${a}^2`, '--grad', `${a}=2*${b}`]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/unknown name/);
    expect(r.err).not.toMatch(/did you mean/);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a 300,000-character unknown function likewise; short names still get suggestions', async () => {
    const r = await tracegrad(['grad', `${'f'.repeat(300_000)}(x)`]);
    expect([r.status, /unknown function/.test(r.err), /did you mean/.test(r.err)]).toEqual([2, true, false]);
    expect((await tracegrad(['grad', 'tahn(x)'])).err).toMatch(/did you mean 'tanh'\?/);
  });
});

describe('sizes past what can be printed are refused up front', () => {
  it('hessian: at most 10⁶ entries (1,000 inputs)', async () => {
    const x = (n: number) => `x=${JSON.stringify(Array.from({ length: n }, (_, i) => i / n))}`;
    const big = await tracegrad(['hessian', 'sum(x.^3)', '--at', x(1001), '--format', 'json']);
    expect(big.status).toBe(2);
    expect(big.err).toBe('tracegrad: hessian: the Hessian with respect to x (1,001) has 1,002,001 entries; the command prints at most 1,000,000 (1000 inputs); for larger ones use tg.hessian in a program\n');
    const ok = await tracegrad(['hessian', 'sum(x.^3)', '--at', x(40), '--format', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.out).hessian.x.x.value).toHaveLength(40);
  });

  it('toArray past the longest JavaScript array is an ArgumentError', () => {
    const t = new tg.Tensor([2e8], new Float64Array(2e8));
    let e: unknown;
    try {
      t.toArray();
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(tg.ArgumentError);
    expect((e as Error).message).toBe('toArray: a tensor of shape [200000000] (200,000,000 elements) is too large for JavaScript arrays; read its data (a Float64Array) instead');
  });
});

describe('a vector printed as a row (uᵀ S, 1ᵀ A) is used as a row', () => {
  const u = tg.variable('u', [0.3, -1.2, 2]), v = tg.variable('v', [0.5, 1, -1]);
  const A = tg.variable('A', [[1, 2, 3], [4, 5, 6]]), S = tg.variable('S', [[1, 0.2, 0.1], [0.3, 2, -0.5], [0.4, 0.1, 1.5]]);
  const bindings = { u, v, A, S };
  const values = { u: [0.3, -1.2, 2], v: [0.5, 1, -1], A: [[1, 2, 3], [4, 5, 6]], S: [[1, 0.2, 0.1], [0.3, 2, -0.5], [0.4, 0.1, 1.5]] };
  it.each([
    // dot(uᵀ S, 1ᵀ A) printed as (uᵀ S)ᵀ (1ᵀ A), an outer product, and its gradient as (1ᵀ A)ᵀ Sᵀ.
    ["dot(u' * S, sum(A, 1))", 'uᵀ S (1ᵀ A)ᵀ', '(1ᵀ A) Sᵀ'],
    ["dot(sum(A, 1), u' * S)", '(1ᵀ A) (uᵀ S)ᵀ', '(1ᵀ A) Sᵀ'],
    ["dot(v, u' * S)", 'uᵀ S v', 'vᵀ Sᵀ'],
    ["dot(u' * S, sech(sum(A, 1)))", 'uᵀ S sech(1ᵀ A)', 'sech(1ᵀ A)ᵀ Sᵀ'],
  ])('%s', (expression, text, gradText) => {
    const f = tg.parse(expression, bindings);
    const du = tg.grad(f, u);
    expect([tg.toText(f), tg.toText(du)]).toEqual([text, gradText]);
    // The LaTeX reads back as the same function: a scalar with the engine's value, and the gradient's values.
    const back = tg.parseLatex(tg.toLatex(f), values);
    expect(back.rank).toBe(0);
    expect(back.value as number).toBeCloseTo(f.value as number, 12);
    expect(Array.from((tg.parseLatex(tg.toLatex(du), values).value as tg.Tensor).data)).toEqual(Array.from((du.value as tg.Tensor).data).map((x) => expect.closeTo(x, 12)));
  });

  it('an outer product with such a row is u (1ᵀ A), not u (1ᵀ A)ᵀ', () => {
    const f = tg.parse("dot(u' * S, sum(A, 1))", bindings);
    const dS = tg.grad(f, S);
    expect(tg.toText(dS)).toBe('u (1ᵀ A)');
    expect(Array.from((tg.parseLatex(tg.toLatex(dS), values).value as tg.Tensor).data)).toEqual(Array.from((dS.value as tg.Tensor).data).map((x) => expect.closeTo(x, 12)));
  });
});

describe('the command line takes no argument it ignores', () => {
  it('help of an unknown command, and extra arguments to help and --version, are errors (exit 2)', async () => {
    const frob = await tracegrad(['help', 'frob']);
    expect([frob.status, frob.err]).toEqual([2, 'tracegrad: help: unknown command "frob"; commands: grad, hessian, check, explain, dot, grade\n']);
    expect((await tracegrad(['--version', 'extra'])).err).toBe('tracegrad: --version: unexpected argument "extra"\n');
    expect((await tracegrad(['help', 'grad', 'x'])).status).toBe(2);
    const help = await tracegrad(['--help', 'grad']);
    expect([help.status, help.out.startsWith('tracegrad grad:')]).toEqual([0, true]);
  });

  it('check: two --grad for one variable are an error, and a zero gradient says so', async () => {
    const twice = await tracegrad(['check', 'x^2', '--grad', 'x=2*x', '--grad', 'x=2*x']);
    expect([twice.status, twice.err]).toEqual([2, 'tracegrad: check: --grad gives the derivative with respect to x twice; give one formula per variable\n']);
    const zero = await tracegrad(['check', 'x^2', '--grad', 'y=1']);
    expect(zero.status).toBe(1);
    expect(zero.out).toContain('hint: your ∂f/∂y should be 0: the gradient is 0 at every point checked');
    expect(zero.out).not.toContain('0 times yours');
  });
});
