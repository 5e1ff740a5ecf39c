import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

// A user op may have any name, a built-in's included: nothing in the engine asks an op for its
// name to decide what it is (rewrites, code templates, printers, the parser all dispatch on
// the op object). For every built-in name, a unary and a binary user op with that name and a
// different function are placed where the rewrites of the built-in op would look, and the
// value, the gradient, the compiled value and the printed text must be those of the user op.

/** u(x) = 2x + 1, elementwise, named `name`. */
function unary(name: string): tg.OpDef {
  return {
    name,
    arity: 1,
    elementwise: true,
    shape: ([s]) => s!,
    forward: ([x]) => tg.tensor(Array.from(x!.data, (v) => 2 * v + 1), x!.shape),
    vjp: ({ dy }) => [tg.mul(dy, 2)],
    latex: (c) => ({ s: `\\mathrm{u}_{${name}}${c.paren(c.raw(0))}`, prec: tg.Prec.Atom }),
    text: (c) => ({ s: `u⟨${name}⟩(${c.raw(0)})`, prec: tg.Prec.Atom }),
  };
}

/** b(a, c) = a + 2c, elementwise (same shapes), named `name`. */
function binary(name: string): tg.OpDef {
  return {
    name,
    arity: 2,
    elementwise: true,
    shape: ([a]) => a!,
    forward: ([a, c]) => tg.tensor(Array.from(a!.data, (v, i) => v + 2 * c!.data[i]!), a!.shape),
    vjp: ({ dy }) => [dy, tg.mul(dy, 2)],
    latex: (c) => ({ s: `\\mathrm{b}_{${name}}${c.paren(`${c.raw(0)}, ${c.raw(1)}`)}`, prec: tg.Prec.Atom }),
    text: (c) => ({ s: `b⟨${name}⟩(${c.raw(0)}, ${c.raw(1)})`, prec: tg.Prec.Atom }),
  };
}

const X = 1.5, Y = -0.75, C = 3.25;
const u = (v: number) => 2 * v + 1;
const b = (p: number, q: number) => p + 2 * q;

/** An expression built with the user ops, its value and its derivatives in x and y, as numbers. */
interface Case {
  what: string;
  build: (U: (n: tg.Operand) => tg.Node, B: (p: tg.Operand, q: tg.Operand) => tg.Node, x: tg.Node, y: tg.Node) => tg.Node;
  value: number;
  dx: number;
  dy: number;
}

const cases: Case[] = [
  { what: 'x + u(x)', build: (U, _B, x) => x.add(U(x)), value: X + u(X), dx: 3, dy: 0 },
  { what: 'u(x) + x', build: (U, _B, x) => U(x).add(x), value: u(X) + X, dx: 3, dy: 0 },
  { what: 'x − u(y)', build: (U, _B, x, y) => x.sub(U(y)), value: X - u(Y), dx: 1, dy: -2 },
  { what: '−u(x)', build: (U, _B, x) => tg.neg(U(x)), value: -u(X), dx: -2, dy: 0 },
  { what: 'u(−x)', build: (U, _B, x) => U(tg.neg(x)), value: u(-X), dx: -2, dy: 0 },
  { what: 'u(u(x))', build: (U, _B, x) => U(U(x)), value: u(u(X)), dx: 4, dy: 0 },
  { what: '2·u(x)', build: (U, _B, x) => tg.mul(2, U(x)), value: 2 * u(X), dx: 4, dy: 0 },
  { what: '3·(2·u(x))', build: (U, _B, x) => tg.mul(3, tg.mul(2, U(x))), value: 6 * u(X), dx: 12, dy: 0 },
  { what: 'u(x)·1', build: (U, _B, x) => tg.mul(U(x), 1), value: u(X), dx: 2, dy: 0 },
  { what: 'u(x)·0 + x', build: (U, _B, x) => tg.add(tg.mul(U(x), 0), x), value: X, dx: 1, dy: 0 },
  { what: 'u(x) / 1', build: (U, _B, x) => tg.div(U(x), 1), value: u(X), dx: 2, dy: 0 },
  { what: 'u(x)^1', build: (U, _B, x) => tg.pow(U(x), 1), value: u(X), dx: 2, dy: 0 },
  { what: 'u(x) + u(x)', build: (U, _B, x) => U(x).add(U(x)), value: 2 * u(X), dx: 4, dy: 0 },
  { what: 'u(x) − u(x) + y', build: (U, _B, x, y) => U(x).sub(U(x)).add(y), value: Y, dx: 0, dy: 1 },
  { what: 'c − b(x, y)', build: (_U, B, x, y) => tg.sub(C, B(x, y)), value: C - b(X, Y), dx: -1, dy: -2 },
  { what: 'b(x, 0)', build: (_U, B, x) => B(x, 0), value: b(X, 0), dx: 1, dy: 0 },
  { what: 'b(0, y)', build: (_U, B, _x, y) => B(0, y), value: b(0, Y), dx: 0, dy: 2 },
  { what: 'b(x, 1)·y', build: (_U, B, x, y) => B(x, 1).mul(y), value: b(X, 1) * Y, dx: Y, dy: b(X, 1) },
  { what: 'b(x, −y)', build: (_U, B, x, y) => B(x, tg.neg(y)), value: b(X, -Y), dx: 1, dy: -2 },
  { what: 'x + b(x, y)', build: (_U, B, x, y) => x.add(B(x, y)), value: X + b(X, Y), dx: 2, dy: 2 },
  { what: '−b(x, y)', build: (_U, B, x, y) => tg.neg(B(x, y)), value: -b(X, Y), dx: -1, dy: -2 },
  { what: '2·b(x, y) + 3·b(x, y)', build: (_U, B, x, y) => tg.mul(2, B(x, y)).add(tg.mul(3, B(x, y))), value: 5 * b(X, Y), dx: 5, dy: 10 },
  { what: 'b(u(x), u(y))', build: (U, B, x, y) => B(U(x), U(y)), value: b(u(X), u(Y)), dx: 2, dy: 4 },
];

const names = tg.ops.registry.map((op) => op.name);

describe('a user op may have the name of any built-in op', () => {
  it('is checked for every registered name', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names).toContain('neg');
    expect(names).toContain('mul');
    expect(names).toContain('reshape');
  });

  for (const name of names) {
    it(`'${name}': value, gradient, compiled value and text are the user op's`, () => {
      const U1 = unary(name), B2 = binary(name);
      const U = (n: tg.Operand) => tg.apply(U1, [n]);
      const B = (p: tg.Operand, q: tg.Operand) => tg.apply(B2, [p, q]);
      for (const c of cases) {
        const x = tg.variable('x', X), y = tg.variable('y', Y);
        const f = c.build(U, B, x, y);
        const where = `${name}: ${c.what}`;
        expect(f.value, where).toBeCloseTo(c.value, 12);
        const [dx, dy] = tg.grad(f, [x, y]);
        expect(dx!.value, `${where}: ∂/∂x`).toBeCloseTo(c.dx, 12);
        expect(dy!.value, `${where}: ∂/∂y`).toBeCloseTo(c.dy, 12);
        // The compiled path (generated code) runs the user's kernel, never a built-in template.
        const compiled = tg.compile([f, dx!, dy!], { inputs: [x, y] })(X, Y) as number[];
        expect(compiled[0], `${where}: compiled`).toBeCloseTo(c.value, 12);
        expect(compiled[1], `${where}: compiled ∂/∂x`).toBeCloseTo(c.dx, 12);
        expect(compiled[2], `${where}: compiled ∂/∂y`).toBeCloseTo(c.dy, 12);
        // The user op is printed as itself wherever it is in the graph.
        const usesU = c.what.includes('u('), usesB = c.what.includes('b(');
        const text = tg.toText(f);
        if (usesU && !c.what.includes('u(x) − u(x)') && !c.what.includes('u(x)·0')) expect(text, where).toContain(`u⟨${name}⟩(`);
        if (usesB) expect(text, where).toContain(`b⟨${name}⟩(`);
        // Printing and evaluating agree: the text is not the built-in's form of the same nodes.
        expect(text, where).not.toMatch(new RegExp(`(^|[^⟨])${name}\\(`));
      }
    });
  }

  it('keeps the rewrites of the built-in ops themselves', () => {
    const x = tg.variable('x', X), y = tg.variable('y', Y);
    expect(x.add(tg.neg(y)).op).toBe(tg.ops.subOp);
    expect(tg.neg(tg.neg(x))).toBe(x);
    expect(tg.mul(x, 1)).toBe(x);
    expect(tg.toText(tg.mul(3, tg.mul(2, x)))).toBe('6·x');
  });

  it('the user op named neg that computes 2x + 1 gives a + u(b) = 10 + 7 (the reported case)', () => {
    const a = tg.variable('a', 10), bb = tg.variable('b', 3);
    const f = a.add(tg.apply(unary('neg'), [bb]));
    expect(f.value).toBe(17);
    expect(tg.toText(f)).toBe('a + u⟨neg⟩(b)');
    expect(tg.compile(f)()).toBe(17);
  });
});
