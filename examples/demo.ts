/**
 * The main demo (`npm start`): the seed article's XOR network, trained correctly and then
 * explained.
 *
 * 1. Trains the 2-4-1 sigmoid network on XOR with Adam (learning rate 0.01) and binary
 *    cross-entropy on the logit, with a progress display.
 * 2. Prints the learned predictions.
 * 3. Prints the network's δ equations (the backward pass as the engine derived it).
 * 4. Writes the derivation and the graph to out/: xor.tex (standalone, with the TikZ circuit
 *    diagram), xor.md, xor.dot and xor.svg (the circuit diagram: values above the wires,
 *    gradients below), xor-layers.svg (each layer one box with its parameters), xor.html, and
 *    micrograd-mlp.svg (micrograd's 2-16-16-1 MLP, collapsed by layer: it fits one screen).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as tg from '../src/index.js';
import { microgradMlp } from './micrograd-mlp.js';

const outDir = resolve(import.meta.dirname, '..', 'out');
const seed = 0;

console.log('tracegrad demo: XOR with the seed article\'s 2-4-1 sigmoid network, Adam (lr 0.01), binary cross-entropy\n');
const data = tg.nn.xor();
const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', init: 'normal', seed });
const run = tg.nn.fit(net, data, {
  loss: (z, y) => tg.nn.bce(z, y, { fromLogits: true }),
  optimizer: tg.nn.adam(net.parameters, { lr: 0.01 }),
  steps: 1000,
  logEvery: 100,
});

const probabilities = tg.sigmoid(run.output).tensor.data;
const predicted = tg.nn.predictLabels(run.output, { threshold: 0 });
console.log('\nPredictions after training:');
console.log('  x₁ x₂ │ y │ σ(z⁽²⁾) │ predicted');
(data.X.toArray() as number[][]).forEach(([x1, x2], i) => {
  console.log(`   ${x1}  ${x2} │ ${data.y.data[i]} │ ${probabilities[i]!.toFixed(4)}  │ ${predicted[i]}`);
});
const accuracy = tg.nn.accuracy(run.output, data.y, { threshold: 0 });
console.log(`accuracy ${(accuracy * 100).toFixed(0)}%, loss ${run.history[0]!.toFixed(4)} → ${(run.loss.value as number).toFixed(4)}\n`);

// The δ equations: the backward pass of the trained network, with its current values.
const d = tg.explain(run.loss, { wrt: [...net.parameters], adjoint: 'delta', warn: false });
console.log('The backward pass, as the engine derived it (δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾):\n');
const text = d.toText();
console.log(text.slice(text.indexOf('Backward pass')));

mkdirSync(outDir, { recursive: true });
const wrt = [...net.parameters];
const dot = tg.toDot(run.loss, { wrt, adjoint: 'delta' });
const micrograd = microgradMlp();
const files: [string, string][] = [
  ['xor.tex', d.toLatex({ standalone: true, title: 'Backpropagation in the XOR network', tikz: await tg.toTikz(run.loss, { wrt, adjoint: 'delta' }) })],
  ['xor.md', d.toMarkdown()],
  ['xor.dot', dot],
  ['xor.svg', await tg.toSvg(dot)],
  ['xor-layers.svg', await tg.toSvg(run.loss, { wrt, adjoint: 'delta', collapse: true })],
  ['xor-debug.svg', await tg.toSvg(run.loss, { wrt, adjoint: 'delta', view: 'both', style: 'debug' })],
  ['xor.html', await d.toHTML({ title: 'Backpropagation in the XOR network' })],
  ['micrograd-mlp.svg', await tg.toSvg(micrograd.loss, { wrt: micrograd.parameters, collapse: true })],
];
for (const [name, content] of files) writeFileSync(join(outDir, name), content);
console.log('Wrote:');
for (const [name] of files) console.log(`  ${relative(process.cwd(), join(outDir, name)) || name}`);
console.log('\nOpen out/xor.html in a browser; compile out/xor.tex with pdflatex; render out/xor.dot with `npx graphviz -Tsvg out/xor.dot`.');
