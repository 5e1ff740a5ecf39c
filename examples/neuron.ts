/**
 * Lesson 1: the CS231n sigmoid neuron. Prints the derivation with numbers; the gradients
 * are (w0, x0, w1, x1, w2) = (−0.1966, 0.3932, −0.3932, −0.5898, 0.1966).
 * Run: npx tsx examples/neuron.ts
 */
import * as tg from '../src/index.js';
import { neuron } from './lessons.js';

const { f, inputs } = neuron();
const d = tg.explain(f, { wrt: inputs });
console.log(d.toText());
console.log(tg.toDot(f, { view: 'both' }));
