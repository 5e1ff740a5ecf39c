/**
 * micrograd's README example, line by line, in tracegrad (`npx tsx examples/micrograd.ts`).
 *
 * micrograd (Karpathy) writes `Value` objects with Python operators; tracegrad writes the same
 * program with variables and op methods. The numbers are the same (24.7041, 138.8338,
 * 645.5773), and so is `g.backward()` filling `a.grad` and `b.grad`. What tracegrad adds:
 * the gradient is a graph of the same kind of nodes, so the derivation can be printed,
 * drawn and checked (the last lines).
 */
import * as tg from '../src/index.js';

// from micrograd.engine import Value
const a = tg.variable('a', -4.0); //            a = Value(-4.0)
const b = tg.variable('b', 2.0); //             b = Value(2.0)
let c = a.add(b); //                            c = a + b
let d = a.mul(b).add(b.pow(3)); //              d = a * b + b**3
c = c.add(c.add(1)); //                         c += c + 1
c = c.add(tg.add(1, c).add(a.neg())); //        c += 1 + c + (-a)
d = d.add(d.mul(2).add(b.add(a).relu())); //    d += d * 2 + (b + a).relu()
d = d.add(tg.mul(3, d).add(b.sub(a).relu())); // d += 3 * d + (b - a).relu()
const e = c.sub(d); //                          e = c - d
const f = e.pow(2); //                          f = e**2
let g = f.div(2.0); //                          g = f / 2.0
g = g.add(tg.div(10.0, f)); //                  g += 10.0 / f
console.log((g.value as number).toFixed(4)); // print(f'{g.data:.4f}')  → 24.7041, the outcome of this forward pass
g.backward(); //                                g.backward()
console.log((a.grad as number).toFixed(4)); //  print(f'{a.grad:.4f}')  → 138.8338, i.e. the numerical value of dg/da
console.log((b.grad as number).toFixed(4)); //  print(f'{b.grad:.4f}')  → 645.5773, i.e. the numerical value of dg/db

// What micrograd cannot show: a gradient as a formula, evaluated and checked. dg/de, with
// f = e² and g = f/2 + 10/f:
const [dgde] = tg.grad(g, [e]);
const names = new Map([[e, 'e'], [f, 'f']]); // (the port's nodes have no names; give two for printing)
console.log(`dg/de = ${tg.toText(dgde!, { names })} = ${(dgde!.value as number).toFixed(4)}`);
// and every gradient against central differences:
console.log(`gradcheck: ${tg.gradcheck(g, [a, b]).ok ? 'agrees with central differences' : 'DISAGREES'}`);
