/**
 * Lesson 5: softmax cross-entropy, and the seed article's bug (softmax over one logit)
 * diagnosed by the engine, then fixed.
 */
import * as tg from '../../../src/index.js';
import { seedXorProgram } from '../../seedXor.js';
import { claim, code, equation, equations, find, image, maxDiff, num, numbers, table, type Lesson } from '../md.js';
import { exercises, type Exercise } from '../exercises.js';

const EXERCISES: Exercise[] = [
  {
    question: 'Softmax cross-entropy, $L = -y^\\top \\log \\operatorname{softmax}(z)$, for any target $y$ (not only one-hot ones: its entries need not add up to 1): give $\\partial L/\\partial z$.',
    expression: '-y^\\top \\log\\operatorname{softmax}(z)',
    at: ['z=[2,1,0.1]', 'y=[1,0,0]'],
    answers: [['z', '(\\mathbf{1}^\\top y)\\, \\operatorname{softmax}(z) - y']],
    mistake: ['z', 'y - (\\mathbf{1}^\\top y)\\, \\operatorname{softmax}(z)'],
  },
  {
    question: 'Binary cross-entropy on one logit, the fix of the seed program: $L = -y \\log \\sigma(z) - (1 - y) \\log(1 - \\sigma(z))$. Give $\\partial L/\\partial z$; it is as short as the softmax one.',
    expression: '-y \\log \\sigma(z) - (1 - y) \\log(1 - \\sigma(z))',
    at: ['z=0.3', 'y=1'],
    answers: [['z', '\\sigma(z) - y']],
    mistake: ['z', '\\sigma(z)(1 - \\sigma(z))(\\sigma(z) - y)'],
  },
];

export default async function lesson(): Promise<Lesson> {
  // 1. Softmax cross-entropy over K = 3 classes.
  const z = tg.variable('z', [2, 1, 0.1]);
  const y = tg.constant([1, 0, 0], { label: 'y' });
  const L = tg.neg(tg.sum(tg.mul(y, tg.logSoftmax(z)))).as('L');
  const d = tg.explain(L, { wrt: [z], warn: false });
  const zbar = find(d, 'z̄');
  const pMinusY = tg.softmax(z).sub(y);
  const [gz] = tg.grad(L, [z]);
  claim(maxDiff(pMinusY.tensor, gz!.tensor) < 1e-15, 'the gradient of softmax cross-entropy is softmax(z) − y for one-hot y');

  // The same loss in two steps, softmax then log.
  const p = tg.softmax(z).as('p');
  const L2 = tg.neg(tg.sum(tg.mul(y, tg.log(p)))).as('L');
  const d2 = tg.explain(L2, { wrt: [z], warn: false });

  // 2. One logit: softmax is 1 whatever the logit.
  const one = tg.variable('z', [[2.07], [-1.3], [0], [5]]);
  const ones = tg.softmax(one, 1).tensor;
  claim(Array.from(ones.data).every((v) => v === 1), 'softmax over an axis of length 1 is 1');

  // 3. The seed's program, as written.
  const seed = seedXorProgram({ seed: 0 });
  const ds = tg.explain(seed.loss, { wrt: seed.parameters, warn: false });
  claim(ds.dead.length === seed.parameters.length, 'every parameter gradient of the seed program is dead');
  claim(seed.gradients.every((g) => tg.isZero(g)), 'every gradient of the seed program is structurally zero');
  const before = seed.loss.value as number;
  seed.train(1000, { progress: false });
  const after = seed.loss.value as number;
  claim(before === 0 && after === 0, 'the seed program\'s loss is 0 before and after training');
  const figure = { name: '05-seed-bug', dot: tg.toDot(seed.loss, { wrt: seed.parameters, rankdir: 'TB' }) };
  const lossEq = ds.forward[ds.forward.length - 1]!;
  const deadEq = ds.adjoints.find((e) => e.note)!;

  // 4. The fix: binary cross-entropy on the logit.
  const fixed = seedXorProgram({ seed: 0 });
  const bce = tg.nn.bce(fixed.logits, fixed.Y, { fromLogits: true }).as('L');
  const df = tg.explain(bce, { wrt: fixed.parameters, values: false, expandLimit: 0, warn: false });
  const fixedBefore = bce.value as number;
  tg.nn.minimize(bce, { optimizer: tg.nn.adam(fixed.parameters, { lr: 0.01 }), steps: 1000, progress: false });
  const fixedAfter = bce.value as number;
  const predictions = Array.from((tg.sigmoid(fixed.logits).value as tg.Tensor).data);
  const targets = Array.from(fixed.Y.tensor.data);
  claim(predictions.every((q, i) => Math.round(q) === targets[i]), 'the fixed network learns XOR in 1000 Adam steps');
  const inputs = fixed.X.tensor.toArray() as number[][];

  const body = `
A classifier's last layer produces *logits* $z$, one per class; softmax turns them into
probabilities, and cross-entropy compares those with the label. This lesson derives the
gradient of that pair, then uses it to diagnose the bug in the seed article's XOR program.

## Softmax cross-entropy

For $K$ classes, $p = \\operatorname{softmax}(z)$ with $p_k = e^{z_k} / \\sum_j e^{z_j}$, and
$L = -\\sum_k y_k \\log p_k$ for a one-hot label $y$. The engine computes $\\log p$ as
$\\operatorname{logsoftmax}(z) = z - \\log\\sum_j e^{z_j}$, which never takes the log of an
underflowed probability.

${code('ts', `const z = tg.variable('z', [2, 1, 0.1]);
const y = tg.constant([1, 0, 0], { label: 'y' });
const L = tg.neg(tg.sum(tg.mul(y, tg.logSoftmax(z)))).as('L');   // nn.softmaxCrossEntropy does this
tg.explain(L);`)}

${equations(d.forward)}

${equation(zbar)}

The rule of log-softmax gives $\\bar z = \\bar L\\,(\\operatorname{softmax}(z)\\,(\\mathbf{1}^\\top y) - y)$:
for any target $y$ the factor $\\mathbf{1}^\\top y$ stays. Here $y$ is a constant whose entries
sum to 1 (a one-hot label), so $\\mathbf{1}^\\top y = 1$; the engine uses that fact and says so in
the note under the equation, and the famous result appears:

$$
\\frac{\\partial L}{\\partial z} = \\operatorname{softmax}(z) - y = p - y .
$$

At these numbers $p - y =$ ${numbers(pMinusY.tensor)}, the engine's value above. The gradient
is bounded (each entry in $[-1, 1]$), and it vanishes only when $p = y$.

Written in two steps, softmax then log, the derivation goes through $\\bar p = -y / p$, a
division by a probability that can underflow to 0, before the softmax's own
vector-Jacobian product brings it back:

${equations(d2.adjoints)}

## One logit: softmax is the constant 1

With a single class, $K = 1$, the sum in the denominator has one term:
$\\operatorname{softmax}(z)_1 = e^{z_1}/e^{z_1} = 1$ for every $z$. For the logits
${numbers(one.tensor, 3)} the engine gives ${numbers(ones, 3)}. Then $\\log p = 0$, the loss is
$0$ whatever the network does, and by the formula above its gradient is
$p\\,(\\mathbf{1}^\\top y) - y = y - y = 0$.

## The seed's XOR program

The seed article trains a 2-4-1 sigmoid network on XOR with Adam (learning rate 0.01), and
its loss is softmax cross-entropy over the network's single output. \`seedXorProgram\`
(in \`examples/seedXor.ts\`) builds it as written with the public API:

${code('ts', `const program = seedXorProgram({ seed: 0 });
const d = tg.explain(program.loss, { wrt: program.parameters });
d.warnings;   // one per cause, naming every parameter it stops, below
program.gradients.every((g) => tg.isZero(g));   // true: zero by construction, not by accident`)}

${code('text', ds.warnings.join('\n'))}

${image(figure, 'The seed XOR network: its graph with the value and gradient of every node; every gradient is zero', 'Figure 1. The seed program. The loss is 0 and every gradient is 0.')}

The loss, and the equation where the gradient stops:

${equation(lossEq)}

${equation(deadEq)}

Everything below is multiplied by $\\bar z^{(2)} = 0$. The engine's simplifier removes those
products as the gradient graph is built, so the final gradients are the constant 0:

${equations(ds.gradients, { value: false })}

Training cannot help: the loss is ${num(before)} before and ${num(after)} after 1000 Adam steps, and
the weights never move. Nothing errors out, nothing is NaN; the only symptom is a network
that does not learn, which is why this bug survives in published code.

## The fix

One output and a 0/1 label call for *binary* cross-entropy on the logit,
$L = \\operatorname{mean}\\big(\\log(1 + e^{z}) - y\\,z\\big)$, which is
\`tg.nn.bce(logits, Y, { fromLogits: true })\`. Its derivative is $\\sigma(z) - y$ (divided by
the batch size, 4, because of the mean), the one-class twin of $p - y$:

${equation(find(df, 'z̄⁽²⁾'))}

Same network, same initial weights, same optimizer: the loss goes from ${num(fixedBefore)} to
${num(fixedAfter)} in 1000 steps, and the network computes XOR.

${table(
  ['input', 'target', 'σ(z) after training'],
  inputs.map((row, i) => [`(${row.join(', ')})`, String(targets[i]), num(predictions[i]!, 3)]),
)}

(With two classes, softmax cross-entropy over two logits per example would work too; over
one logit it cannot.)

## Try it

- \`npx tsx examples/seed-bug.ts\` prints the derivation and trains the program.
- In the [playground](../playground/), compare *Seed XOR network (softmax bug)* with
  *Seed XOR network, fixed*: step past the log-softmax node and the adjoint of its input
  is 0; from there on every adjoint is 0.
`;
  return { slug: '05-softmax-bug', title: 'Softmax cross-entropy, and the seed\'s bug diagnosed', summary: 'Why ∂L/∂z = p − y, and why softmax over one logit makes every gradient zero.', body: `${body}\n${await exercises(EXERCISES)}\n`, figures: [figure] };
}
