import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const map = (x: tg.Tensor, f: (v: number) => number): tg.Tensor => tg.tensor(Float64Array.from(x.data, f), x.shape);

/** A user op with an attribute `k`: `k x`. */
const scaleOp: tg.OpDef = {
  name: 'scale',
  arity: 1,
  elementwise: true,
  attrs: (attrs) => ({ k: attrs.k ?? 1 }),
  shape: ([s]) => s!,
  forward: ([x], attrs) => map(x!, (v) => (attrs.k as number) * v),
  vjp: ({ attrs, dy }) => [tg.mul(dy, attrs.k as number)],
  latex: (c) => ({ s: `${c.attrs.k} ${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }),
  text: (c) => ({ s: `${c.attrs.k}·${c.arg(0, tg.Prec.Product)}`, prec: tg.Prec.Product }),
};

describe('hash-consing', () => {
  it('returns the same node for the same op, inputs and attributes', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', 2);
    expect(tg.add(x, y)).toBe(tg.add(x, y));
    expect(x.mul(y)).toBe(tg.mul(x, y));
    expect(tg.sin(x.mul(y))).toBe(tg.sin(tg.mul(x, y)));
    expect(tg.add(x, y)).not.toBe(tg.add(y, x));
    expect(tg.add(x, y)).not.toBe(tg.sub(x, y));
  });

  it('tells attributes apart, after normalising them', () => {
    const A = tg.variable('A', [[1, 2, 3], [4, 5, 6]]);
    expect(tg.sum(A, 0)).toBe(tg.sum(A, [0]));
    expect(tg.sum(A, -2)).toBe(tg.sum(A, 0));
    expect(tg.sum(A, 0)).not.toBe(tg.sum(A, 1));
    expect(tg.sum(A, 0, true)).not.toBe(tg.sum(A, 0, false));
    const x = tg.variable('x', 3);
    expect(tg.apply(scaleOp, [x], { k: 2 })).toBe(tg.apply(scaleOp, [x], { k: 2 }));
    expect(tg.apply(scaleOp, [x], { k: 2 })).not.toBe(tg.apply(scaleOp, [x], { k: 3 }));
    expect(tg.apply(scaleOp, [x], { k: 3 }).value).toBe(9);
  });

  it('interns small numbers for good, and makes every other constant a fresh leaf', () => {
    expect(tg.constant(2)).toBe(tg.constant(2));
    expect(tg.constant(-0.25)).toBe(tg.constant(-0.25));
    expect(tg.constant(1024)).toBe(tg.constant(1024));
    expect(tg.constant(2)).not.toBe(tg.constant(3));
    expect(tg.constant(2)).not.toBe(tg.constant([2]));
    // Numbers from data, tensors and named constants are new leaves each time.
    expect(tg.constant(0.1)).not.toBe(tg.constant(0.1));
    expect(tg.constant(1025)).not.toBe(tg.constant(1025));
    expect(tg.constant(-0)).not.toBe(tg.constant(-0));
    expect(tg.constant([1, 2])).not.toBe(tg.constant([1, 2]));
    expect(tg.constant(2, { label: 'k' })).not.toBe(tg.constant(2, { label: 'k' }));
    const x = tg.variable('x', 1);
    expect(x.mul(2).inputs[1]).toBe(tg.constant(2));
    // Hash-consing still finds what is built on the same nodes.
    const d = tg.constant(0.1);
    expect(x.mul(d)).toBe(x.mul(d));
    expect(x.mul(0.1)).not.toBe(x.mul(0.1));
    expect(x.mul(3).add(1)).toBe(x.mul(3).add(1));
  });

  it('tells apart attribute values that JSON would merge: NaN, ±Infinity, −0', () => {
    const x = tg.variable('x', 3);
    const k = (v: number) => tg.apply(scaleOp, [x], { k: v });
    const nodes = [k(Infinity), k(-Infinity), k(NaN), k(0), k(-0)];
    expect(new Set(nodes).size).toBe(5);
    expect(k(Infinity)).toBe(nodes[0]);
    expect(k(NaN)).toBe(nodes[2]);
    expect(k(-0)).toBe(nodes[4]);
    expect(nodes.map((n) => n.value)).toEqual([Infinity, -Infinity, NaN, 0, -0]);
  });

  it('interns ops with no inputs, and nodes whose inputs are all variables or shared constants', () => {
    const seven: tg.OpDef = {
      name: 'seven', arity: 0, shape: () => [], forward: () => tg.tensor(7),
      latex: () => ({ s: '7', prec: tg.Prec.Atom }), text: () => ({ s: '7', prec: tg.Prec.Atom }),
    };
    expect(tg.apply(seven, [])).toBe(tg.apply(seven, []));
    expect(tg.apply(seven, []).value).toBe(7);
    const x = tg.variable('x', 1), y = tg.variable('y', 2);
    expect(x.mul(y)).toBe(x.mul(y));
    expect(x.add(2)).toBe(x.add(2));
  });

  it('never merges variables, even with the same name and value', () => {
    const a = tg.variable('x', 1), b = tg.variable('x', 1);
    expect(a).not.toBe(b);
    expect(tg.sin(a)).not.toBe(tg.sin(b));
  });
});

describe('.as(label)', () => {
  it('returns a named twin and leaves the original unnamed', () => {
    const x = tg.variable('x', 2), y = tg.variable('y', 3);
    const p = x.mul(y);
    const z = p.as('z');
    expect(z).not.toBe(p);
    expect(z.label).toBe('z');
    expect(z.name).toBe('z');
    expect(p.label).toBeUndefined();
    expect(z.op).toBe(p.op);
    expect(z.inputs).toEqual(p.inputs);
    expect(z.value).toBe(6);
    expect(p.as('z')).toBe(z);
    expect(z.as('z')).toBe(z);
    expect(p.as('w')).not.toBe(z);
    // the unnamed node is still what building the op again gives
    expect(x.mul(y)).toBe(p);
  });

  it('names a constant without letting it fold away', () => {
    const alpha = tg.constant(2).as('\\alpha');
    expect(alpha.label).toBe('\\alpha');
    expect(tg.constant(2).label).toBeUndefined();
    const y = alpha.mul(3);
    expect(y.op.name).toBe('mul');
    expect(y.value).toBe(6);
    expect(tg.constant(2).mul(3).isConstant).toBe(true);
  });

  it('throws ArgumentError on a variable, and for an empty label', () => {
    const x = tg.variable('x', 1);
    expect(() => x.as('X')).toThrow(tg.ArgumentError);
    expect(() => x.as('X')).toThrow(/variable 'x' is named when it is created/);
    expect(() => tg.sin(x).as('')).toThrow(tg.ArgumentError);
    expect(tg.variable('x', 1, { label: 'X' }).label).toBe('X');
  });
});

describe('variable', () => {
  it.each(['x', 'w0', 'W1', '_tmp', "x'", 'theta'])('accepts the identifier %j', (name) => {
    expect(tg.variable(name, 1).name).toBe(name);
  });

  it.each(['', '1x', 'x y', 'a-b', 'z^{(1)}', '\\alpha'])('rejects the name %j', (name) => {
    expect(() => tg.variable(name, 1)).toThrow(tg.ArgumentError);
    expect(() => tg.variable(name, 1)).toThrow(/variable: a name is an identifier/);
  });

  it('rejects non-finite values', () => {
    expect(() => tg.variable('x', NaN)).toThrow(tg.ArgumentError);
    expect(() => tg.variable('x', [1, Infinity])).toThrow(/not finite at flat index 1/);
  });

  it('can be created without a value and with a shape', () => {
    const u = tg.variable('u', undefined, { shape: [2, 3] });
    expect(u.shape).toEqual([2, 3]);
    u.assign(tg.zeros([2, 3]));
    expect((u.value as tg.Tensor).shape).toEqual([2, 3]);
  });
});

describe('assign', () => {
  it('sets a new value of the same shape, copied', () => {
    const x = tg.variable('x', [1, 2]);
    const v = tg.tensor([3, 4]);
    expect(x.assign(v)).toBe(x);
    v.data[0] = 100;
    expect((x.value as tg.Tensor).toArray()).toEqual([3, 4]);
  });

  it('throws ShapeError on a shape change, naming both shapes', () => {
    const x = tg.variable('x', [[1, 2, 3], [4, 5, 6]]);
    expect(() => x.assign([1, 2])).toThrow(tg.ShapeError);
    expect(() => x.assign([1, 2])).toThrow(/\[2, 3\].*\[2\]/);
    expect(() => tg.variable('s', 1).assign([1])).toThrow(/\[\].*\[1\]/);
  });

  it('throws ArgumentError on non-finite values', () => {
    const x = tg.variable('x', [1, 2]);
    expect(() => x.assign([1, NaN])).toThrow(tg.ArgumentError);
    expect(() => x.assign([-Infinity, 0])).toThrow(tg.ArgumentError);
    expect((x.value as tg.Tensor).toArray()).toEqual([1, 2]);
  });

  it('throws ArgumentError on a non-variable', () => {
    const x = tg.variable('x', 1);
    expect(() => tg.sin(x).assign(1)).toThrow(tg.ArgumentError);
    expect(() => tg.constant(1).assign(2)).toThrow(tg.ArgumentError);
  });
});

describe('scope', () => {
  it('records the scope on the nodes built inside, nested scopes joined by /', () => {
    const x = tg.variable('x', 1);
    const [w, h, inner] = tg.scope('layer1', () => {
      const w = tg.variable('w', 2);
      const h = tg.tanh(w.mul(x));
      const inner = tg.scope('dense', () => tg.sigmoid(h.add(1)));
      return [w, h, inner] as const;
    });
    expect(w.scope).toBe('layer1');
    expect(h.scope).toBe('layer1');
    expect(h.inputs[0]!.scope).toBe('layer1');
    expect(inner.scope).toBe('layer1/dense');
    expect(x.scope).toBeUndefined();
    expect(tg.cos(x).scope).toBeUndefined();
  });

  it('is popped after an exception and rejects empty names', () => {
    expect(() => tg.scope('bad', () => { throw new Error('boom'); })).toThrow('boom');
    expect(tg.exp(tg.variable('x', 1)).scope).toBeUndefined();
    expect(() => tg.scope('', () => 1)).toThrow(tg.ArgumentError);
  });
});

describe('printing a node', () => {
  it('writes its op, shape and name as JSON, without following the graph', () => {
    const x = tg.variable('x', 2);
    const y = tg.sin(x.mul(3)).as('y');
    expect(JSON.parse(JSON.stringify(y))).toEqual({ op: 'sin', shape: [], name: 'y' });
    expect(JSON.parse(JSON.stringify({ x, z: tg.sin(x) }))).toEqual({ x: { op: 'variable', shape: [], name: 'x' }, z: { op: 'sin', shape: [] } });
  });

  it('shows its op, shape and text in console.log and the REPL, shortened when long', async () => {
    const { inspect } = await import('node:util');
    const x = tg.variable('x', [1, 2]);
    expect(inspect(tg.sin(x).mul(3))).toBe('Node(mul [2]) sin(x)·3');
    let h = tg.variable('h', 1);
    for (let i = 0; i < 100; i++) h = tg.tanh(h);
    expect(inspect(h).length).toBeLessThan(160);
    expect(inspect(h)).toMatch(/^Node\(tanh \[\]\) tanh\(tanh\(.*…$/);
  });
});

describe('apply', () => {
  it('checks the number of inputs', () => {
    const x = tg.variable('x', 1);
    expect(() => tg.apply(tg.ops.addOp, [x])).toThrow(tg.ArgumentError);
    expect(() => tg.apply(tg.ops.addOp, [x])).toThrow('add: expects 2 inputs; got 1');
    expect(() => tg.apply(tg.ops.sinOp, [x, x])).toThrow('sin: expects 1 input; got 2');
    expect(() => tg.apply(tg.ops.stackOp, [])).toThrow(/stack: expects at least 1 input; got 0/);
  });

  it('checks its options and its label as variable and .as do', () => {
    const x = tg.variable('x', 1);
    expect(tg.apply(tg.ops.sinOp, [x], {}, { label: 'h' }).name).toBe('h');
    expect(() => tg.apply(tg.ops.sinOp, [x], {}, { label: '' })).toThrow(tg.ArgumentError);
    expect(() => tg.apply(tg.ops.sinOp, [x], {}, { label: 3 as unknown as string })).toThrow(/apply\(sin\).*label/);
    expect(() => tg.apply(tg.ops.sinOp, [x], {}, { lable: 'h' } as never)).toThrow(/apply\(sin\).*lable/);
  });

  it('coerces numbers and arrays to constants', () => {
    const y = tg.apply(tg.ops.addOp, [tg.variable('x', 1), [1, 2]]);
    expect(y.shape).toEqual([2]);
    expect(y.inputs[1]!.isConstant).toBe(true);
  });
});

describe('shape errors', () => {
  it('name both shapes, formatted like [2, 3]', () => {
    const a = tg.variable('a', tg.zeros([2, 3])), b = tg.variable('b', tg.zeros([2]));
    const cases: [() => unknown, RegExp][] = [
      [() => tg.add(a, b), /^add: .*\[2, 3\].*\[2\]/],
      [() => tg.mul(a, b), /^mul: .*\[2, 3\].*\[2\]/],
      [() => tg.matmul(a, a), /^matmul: inner dimensions differ; got a \[2, 3\] and b \[2, 3\]$/],
      [() => tg.reshape(a, [4]), /\[2, 3\].*\[4\]/],
    ];
    for (const [f, re] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(tg.ShapeError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toMatch(/\d,\d/);
    }
  });

  it('a scalar prints as []', () => {
    expect(() => tg.matmul(tg.variable('s', 1), tg.variable('v', [1, 2]))).toThrow(/got a \[\] and b \[2\]/);
  });
});

describe('inputs', () => {
  /** The node's own inputs array, if it has been made (one or two inputs are held in fields until asked). */
  const madeInputs = (n: tg.Node): readonly tg.Node[] | undefined => (n as unknown as { ins: readonly tg.Node[] | undefined }).ins;

  it('is a frozen array of the inputs in order, the same array on every read', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', 2), z = tg.variable('z', 3);
    const cases: [tg.Node, tg.Node[]][] = [[x, []], [tg.sin(x), [x]], [tg.sub(y, x), [y, x]], [tg.addN([x, y, z, x]), [x, y, z, x]]];
    for (const [n, expected] of cases) {
      const ins = n.inputs;
      expect(ins).toEqual(expected);
      expect(Object.isFrozen(ins)).toBe(true);
      expect(n.inputs).toBe(ins);
      expect(() => (ins as tg.Node[]).push(x)).toThrow(TypeError);
    }
  });

  it('keeps an array given to apply unchanged and unshared', () => {
    const x = tg.variable('x', 1), y = tg.variable('y', 2);
    const given: tg.Operand[] = [x, 3];
    const n = tg.apply(tg.ops.mulOp, given);
    expect(given).toEqual([x, 3]);
    expect(Object.isFrozen(given)).toBe(false);
    expect(n.inputs).not.toBe(given);
    const three: tg.Operand[] = [x, y, 4];
    const s = tg.apply(tg.ops.addNOp, three);
    expect(three).toEqual([x, y, 4]);
    expect(s.inputs).not.toBe(three);
    expect(s.inputs.map((c) => c.value)).toEqual([1, 2, 4]);
  });

  it('is not made for nodes of one or two inputs by building, differentiating, compiling or evaluating', () => {
    // Walks over whole graphs read the inputs through the node's fields: making an array per
    // node would cost two objects each (a third of a node's memory).
    const a = tg.variable('a', 0.9), b = tg.variable('b', -0.2), x0 = tg.variable('x0', 0.3);
    const steps: tg.Node[] = [];
    let x = x0;
    for (let i = 0; i < 200; i++) steps.push((x = tg.tanh(a.mul(x).add(b))));
    const grads = tg.grad(x, [a, b, x0]);
    tg.compile([x, ...grads], { inputs: [a, b, x0] });
    const values = tg.evaluate(grads, { a: 0.8 });
    expect(values).toHaveLength(3);
    expect(tg.evaluate(grads)).toEqual(grads.map((g) => g.value));
    const made = steps.filter((n) => madeInputs(n) !== undefined);
    expect(made).toEqual([]);
    // …and reading `inputs` makes it, once.
    expect(madeInputs(x)).toBeUndefined();
    const ins = x.inputs;
    expect(madeInputs(x)).toBe(ins);
  });

  it('gives a user op\'s vector-Jacobian rule the node\'s own inputs, which it may keep', () => {
    const kept: (readonly tg.Node[])[] = [];
    const twice: tg.OpDef = {
      name: 'twice2', arity: 2, elementwise: true,
      shape: ([s]) => s!,
      forward: ([p, q]) => tg.tensor(Float64Array.from(p!.data, (v, i) => 2 * v + q!.data[i]!), p!.shape),
      vjp: ({ inputs, dy }) => {
        kept.push(inputs);
        return [tg.mul(dy, 2), dy];
      },
      latex: (c) => ({ s: `2 ${c.arg(0, tg.Prec.Product)} + ${c.arg(1, tg.Prec.Sum)}`, prec: tg.Prec.Sum }),
      text: (c) => ({ s: `2·${c.arg(0, tg.Prec.Product)} + ${c.arg(1, tg.Prec.Sum)}`, prec: tg.Prec.Sum }),
    };
    const x = tg.variable('x', 1), y = tg.variable('y', 2);
    const n1 = tg.apply(twice, [x, y]), n2 = tg.apply(twice, [tg.sin(x), n1]);
    const [dx, dy] = tg.grad(tg.mul(n2, n1), [x, y]);
    expect(kept).toHaveLength(2);
    expect(kept).toContain(n1.inputs);
    expect(kept).toContain(n2.inputs);
    expect(kept.every((ins) => Object.isFrozen(ins))).toBe(true);
    expect(n1.inputs).toEqual([x, y]);
    expect(n2.inputs).toEqual([tg.sin(x), n1]);
    const ok = tg.gradcheck((u, v) => tg.mul(tg.apply(twice, [tg.sin(u), tg.apply(twice, [u, v])]), tg.apply(twice, [u, v])), [1, 2]);
    expect(ok.ok).toBe(true);
    expect([dx!.value, dy!.value]).toEqual([expect.any(Number), expect.any(Number)]);
  });
});
