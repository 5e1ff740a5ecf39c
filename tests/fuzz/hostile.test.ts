/**
 * Fuzzing the command and the parser with hostile text (issue 14): random strings of operators,
 * names (Object.prototype keys among them), numbers that overflow, brackets, control and bidi
 * characters and emoji. Whatever the text, parse returns a graph or throws a TracegradError,
 * and the command exits 0, 1 or 2 with a single, printable error line; never a raw TypeError,
 * RangeError or stack trace. Fixed seed, printed on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { run } from '../../src/cli/main.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

const PIECES = [
  'x', 'y', 'A', 'constructor', 'toString', '__proto__', 'valueOf', 'e', 'pi', 'NaN', 'Infinity', 'mod', 'to',
  '0', '2', '.5', '1e400', '1e-400', '2x', '0x1F',
  '+', '-', '*', '/', '^', '.*', './', '.^', "'", '!', '=', '==', '<', ':', '?', ';', ',', '#', '"', '%',
  '(', ')', '[', ']', '{', '}', ' ', '\n', '\t',
  'sin(', 'sum(', 'max(', 'reshape(', 'stack([', 'take(', 'log(', 'norm(', 'softmax(', 'frobnicate(',
  '\u001b[31m', '\r', '\u0000', '\u202e', '\u2066', '😀', 'é', 'Ω',
];
const hostile = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 }).map((p) => p.join(''));
const nested = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('(', 'sin(', '-', '[', 'x^'), fc.constantFrom(')', '])', ''), fc.constantFrom('x', 'x +', '2x', '😀'))
  .map(([d, open, close, core]) => `${open.repeat(d)}${core}${close.repeat(d)}`);

const BINDINGS = { A: [[1, 2], [3, 4]], y: 0.5, toString: 2 } as const;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function parses(text: string): boolean {
  try {
    tg.parse(text, BINDINGS as never);
  } catch (e) {
    expect(e, `parse(${JSON.stringify(text).slice(0, 300)}) threw ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 300)} (seed ${SEED})`).toBeInstanceOf(tg.TracegradError);
    const m = (e as Error).message;
    expect(CONTROL.test(m) || LONE_SURROGATE.test(m), `unsafe message for ${JSON.stringify(text).slice(0, 200)}: ${JSON.stringify(m).slice(0, 300)}`).toBe(false);
    expect(m.includes('\n'), 'one line').toBe(false);
    expect(m.length, `message length for ${JSON.stringify(text).slice(0, 200)}`).toBeLessThan(1500);
  }
  return true;
}

async function commands(text: string): Promise<boolean> {
  for (const args of [['grad', text, '--at', 'x=0.5'], ['hessian', '--wrt', 'x', '--', text], ['check', text, '--grad', 'x=2*x', '--points', '2']]) {
    let out = '', err = '';
    const status = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
    const what = `${args.join(' ').slice(0, 200)} (seed ${SEED})`;
    expect([0, 1, 2], what).toContain(status);
    expect(err, what).not.toMatch(/internal error|\n.+\n/);
    if (status === 2) {
      expect(err.split('\n'), what).toHaveLength(2);
      expect(CONTROL.test(err) || LONE_SURROGATE.test(err), `${what}: ${JSON.stringify(err).slice(0, 300)}`).toBe(false);
      expect(out).toBe('');
    }
  }
  return true;
}

describe(`hostile text (seed ${SEED})`, () => {
  it('parse returns a graph or throws a TracegradError with one safe line, on 3,000 strings', () => {
    fc.assert(fc.property(hostile, parses), { seed: SEED, numRuns: 3000 });
    fc.assert(fc.property(nested, parses), { seed: SEED, numRuns: 100 });
  });

  it('the command exits 0, 1 or 2 with one safe line on stderr, on 300 strings', async () => {
    await fc.assert(fc.asyncProperty(hostile, commands), { seed: SEED, numRuns: 300 });
  });
});
