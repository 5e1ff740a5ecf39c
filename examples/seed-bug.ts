/**
 * Lesson 5: the seed article's XOR program, and its bug made visible.
 *
 * The article trains a 2-4-1 sigmoid network on XOR with Adam (learning rate 0.01), but its
 * loss is softmax cross-entropy over a single logit. Softmax over one logit is always 1, so
 * the loss is constant and every gradient is zero: the network never learns. tracegrad's
 * derivation says so, and says why.
 * Run: npx tsx examples/seed-bug.ts
 */
import * as tg from '../src/index.js';
import { seedXorProgram } from './seedXor.js';

const program = seedXorProgram({ seed: 0 });
const d = tg.explain(program.loss, { wrt: program.parameters, warn: false });
console.log(d.toText());
console.log('Every parameter gradient is structurally zero:', program.gradients.every((g) => tg.isZero(g)));
const before = program.loss.value as number;
program.train(1000, { progress: false });
console.log(`Loss before training ${before}, after 1000 Adam steps ${program.loss.value as number}: nothing was learned.`);
