/**
 * The README's example, runnable: `npx tsx examples/readme.ts`.
 * The code after the import is the README's first code block, line for line;
 * tests/readme.test.ts checks that, every `// →` value, and the printed derivation.
 */
import * as tg from '../src/index.js';

// A neuron a = σ(w·x + b). Names are yours; they appear in every printout.
const x = tg.variable('x', 2), w = tg.variable('w', -3), b = tg.variable('b', 1);
const z = w.mul(x).add(b).as('z');
const a = tg.sigmoid(z).as('a');
a.value;                          // → 0.006692850924284856

// The gradient is a graph of the same kind of nodes: print it, evaluate it, differentiate it.
const [dw, db] = tg.grad(a, [w, b]);
tg.toText(dw);                      // → 'a·(1 − a)·x'
tg.toLatex(dw);                     // → 'a \\left(1 - a\\right) x'
db.value;                         // → 0.0066480566707901555
tg.hessian(a, w).value;           // → 0.026236271065290254

// The derivation, step by step (also .toLatex(), .toMarkdown(), .toHTML()); output below.
console.log(tg.explain(a, { wrt: [w, b] }).toText());

// Reassign a variable: values recompute, the graph is not rebuilt.
w.assign(0);
dw.value;                         // → 0.3932238664829637

// Check every gradient against central finite differences.
tg.gradcheck(a, [x, w, b]).ok;    // → true
