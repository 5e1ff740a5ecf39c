/**
 * Lesson 7: from micrograd. micrograd's README example and its training loop in tracegrad's
 * vocabulary (`backward()`, `.grad`, `zeroGrad()`, op methods), then the derivation of one
 * training step, which micrograd computes but cannot show.
 */
import * as tg from '../../../src/index.js';
import { claim, code, equations, num, table, type Lesson } from '../md.js';

/** A number inside math: an ASCII minus (LaTeX sets it as a minus sign). */
const tex = (v: number) => num(v).replace('−', '-');

export default async function lesson(): Promise<Lesson> {
  // micrograd's README example, line by line.
  const a = tg.variable('a', -4.0);
  const b = tg.variable('b', 2.0);
  let c = a.add(b);
  let d = a.mul(b).add(b.pow(3));
  c = c.add(c.add(1));
  c = c.add(tg.add(1, c).add(a.neg()));
  d = d.add(d.mul(2).add(b.add(a).relu()));
  d = d.add(tg.mul(3, d).add(b.sub(a).relu()));
  const e = c.sub(d);
  const f = e.pow(2);
  let g = f.div(2.0);
  g = g.add(tg.div(10.0, f));
  g.backward();
  const [gv, ga, gb] = [g.value as number, a.grad as number, b.grad as number];
  claim(gv.toFixed(4) === '24.7041' && ga.toFixed(4) === '138.8338' && gb.toFixed(4) === '645.5773', "micrograd's README numbers: 24.7041, 138.8338, 645.5773");

  // One step of micrograd's demo, on one point, with the nodes named as in a textbook.
  const w1 = tg.variable('w_1', 0.3), w2 = tg.variable('w_2', -0.8), bias = tg.variable('b', 0.1);
  const x1 = 1.5, x2 = 0.5, label = 1;
  const z = w1.mul(x1).add(w2.mul(x2)).add(bias).as('z');
  const score = z.relu().as('s');
  const loss = score.mul(-label).add(1).relu().as('L');
  for (const p of [w1, w2, bias]) p.zeroGrad();
  loss.backward();
  const d1 = tg.explain(loss, { wrt: [w1, w2, bias], warn: false });
  const grads = [w1.grad as number, w2.grad as number, bias.grad as number];
  const symbolic = tg.grad(loss, [w1, w2, bias]).map((n) => n.value as number);
  claim(grads.every((v, i) => Math.abs(v - symbolic[i]!) < 1e-15), 'backward() gives the values of the symbolic gradients');
  claim(tg.gradcheck(loss, [w1, w2, bias]).ok, 'the step\'s gradients agree with central differences');

  const body = `
[micrograd](https://github.com/karpathy/micrograd) teaches backpropagation with a scalar
engine of about a hundred lines: each value remembers how it was made, \`backward()\` walks
the graph in reverse and leaves each value's gradient in \`.grad\`. Many courses start from
it. tracegrad speaks the same vocabulary, so a micrograd program ports line by line; what it
adds is that the gradient is itself a graph, which can be printed, drawn and checked.

## micrograd's README example

${code('ts', `const a = tg.variable('a', -4.0);              // a = Value(-4.0)
const b = tg.variable('b', 2.0);               // b = Value(2.0)
let c = a.add(b);                              // c = a + b
let d = a.mul(b).add(b.pow(3));                // d = a * b + b**3
c = c.add(c.add(1));                           // c += c + 1
c = c.add(tg.add(1, c).add(a.neg()));          // c += 1 + c + (-a)
d = d.add(d.mul(2).add(b.add(a).relu()));      // d += d * 2 + (b + a).relu()
d = d.add(tg.mul(3, d).add(b.sub(a).relu()));  // d += 3 * d + (b - a).relu()
const e = c.sub(d);                            // e = c - d
const f = e.pow(2);                            // f = e**2
let g = f.div(2.0);                            // g = f / 2.0
g = g.add(tg.div(10.0, f));                    // g += 10.0 / f
g.value;                                       // ${num(gv, 6)}
g.backward();
a.grad;                                        // ${num(ga, 7)}
b.grad;                                        // ${num(gb, 7)}`)}

The same numbers as micrograd's (24.7041, 138.8338 and 645.5773 to four places); the whole
example is [examples/micrograd.ts](../../examples/micrograd.ts).

## The vocabulary

${table(['micrograd', 'tracegrad', 'note'], [
    ['`Value(2.0)`', '`tg.variable(\'x\', 2)`', 'a variable has a name, which every printout uses; a plain number is a constant'],
    ['`a + b`, `a * b`, `a ** 3`, `-a`', '`a.add(b)`, `a.mul(b)`, `a.pow(3)`, `a.neg()`', 'also `tg.add(a, b)`, … and numbers on either side'],
    ['`a.relu()`, `a.tanh()`, `a.exp()`', '`a.relu()`, `a.tanh()`, `a.exp()`, `a.sigmoid()`, `a.log()`, …', 'every elementwise op is a method'],
    ['`loss.backward()`', '`loss.backward()`', 'the loss must be a scalar'],
    ['`p.grad`', '`p.grad`', 'on variables; a number, or a tensor for a tensor variable'],
    ['`model.zero_grad()`', '`p.zeroGrad()` for each parameter', 'gradients accumulate until zeroed, as in micrograd'],
    ['`p.data -= lr * p.grad`', '`p.assign(p.value - lr * p.grad)`', 'a variable keeps its graph when its value changes'],
  ])}

A training loop builds a new graph every step, as micrograd's does. tracegrad recognises that
each step's graph has the structure of the last one and reuses the gradient it derived and
compiled at the first steps, so the loop runs at least as fast as micrograd's (\`npm run bench
-- eager\`).

## One step, derived

micrograd computes \`.grad\` but cannot say how. Here is one step of its demo (a ReLU neuron
and the max-margin loss) on one point, $x = (${num(x1)}, ${num(x2)})$ with label $y = ${label}$,
with the nodes named:

${code('ts', `const w1 = tg.variable('w_1', 0.3), w2 = tg.variable('w_2', -0.8), b = tg.variable('b', 0.1);
const z = w1.mul(1.5).add(w2.mul(0.5)).add(b).as('z');
const s = z.relu().as('s');                     // the score
const L = s.mul(-1).add(1).relu().as('L');      // max(0, 1 − y·s)
for (const p of [w1, w2, b]) p.zeroGrad();
L.backward();                                   // w1.grad, w2.grad, b.grad
tg.explain(L, { wrt: [w1, w2, b] });            // the derivation below`)}

The forward pass:

${equations(d1.forward)}

The backward pass, each adjoint from the one before it (the chain rule, the local derivative
of each op, and the value):

${equations(d1.adjoints)}

So $\\bar w_1 = ${tex(grads[0]!)}$, $\\bar w_2 = ${tex(grads[1]!)}$ and $\\bar b = ${tex(grads[2]!)}$: what
\`backward()\` left in \`w1.grad\`, \`w2.grad\` and \`b.grad\`. The ReLU passes the gradient where
its input is positive and stops it where it is not; here $1 - s ${1 - (score.value as number) > 0 ? '> 0' : '\\le 0'}$, so
the margin is not yet met and the point still pushes the weights.
`;
  return {
    slug: '07-micrograd',
    title: 'From micrograd: backward(), .grad, and the step derived',
    summary: "micrograd's README example and training step ported line by line, and the derivation of one step that micrograd cannot show.",
    body,
    figures: [],
  };
}
