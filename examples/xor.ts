/**
 * XOR, the seed article's example done right.
 *
 * The article trains a 2-4-1 network (sigmoid hidden layer, weights and biases drawn from
 * N(0, 1)) on XOR with Adam at learning rate 0.01, but scores its single output with softmax
 * cross-entropy, which is constant over one class. Here the same network is trained with
 * binary cross-entropy on the logit, and it learns XOR.
 *
 * Run: npx tsx examples/xor.ts [seed]
 */
import * as tg from '../src/index.js';
import { seedXorProgram } from './seedXor.js';

const seed = Number(process.argv[2] ?? 0);
if (!Number.isInteger(seed)) throw new Error(`usage: npx tsx examples/xor.ts [seed]; the seed must be an integer, got ${process.argv[2]}`);

const data = tg.nn.xor();
const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', init: 'normal', seed });
const run = tg.nn.fit(net, data, {
  loss: (z, y) => tg.nn.bce(z, y, { fromLogits: true }),
  optimizer: tg.nn.adam(net.parameters, { lr: 0.01 }),
  steps: 1000,
});

// The output is the logit z⁽²⁾; the probability of class 1 is σ(z⁽²⁾).
const probabilities = tg.sigmoid(run.output).tensor.data;
const predicted = tg.nn.predictLabels(run.output, { threshold: 0 });
console.log('\n x1 x2 | y | σ(z)    | predicted');
(data.X.toArray() as number[][]).forEach((row, i) => {
  const [x1, x2] = row;
  console.log(`  ${x1}  ${x2} | ${data.y.data[i]} | ${probabilities[i]!.toFixed(4)}  | ${predicted[i]}`);
});
console.log(`accuracy ${tg.nn.accuracy(run.output, data.y, { threshold: 0 }) * 100}%, final loss ${run.history.at(-1)!.toFixed(6)}`);
console.log(`\nBackward, as the engine derived it: ∂L/∂W⁽¹⁾ = ${tg.toText(run.gradients[0]!)}`);

// The article's version: softmax cross-entropy on one logit.
const bug = seedXorProgram({ seed });
const bugRun = bug.train(1000, { progress: false });
const zero = bug.gradients.every((g) => tg.isZero(g));
console.log(`\nThe article's loss (softmax cross-entropy on a single logit) over 1000 steps: ` +
  `always ${Math.abs(bugRun.history[0]!)}; every gradient structurally zero: ${zero}.`);
