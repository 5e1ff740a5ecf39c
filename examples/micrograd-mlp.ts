/**
 * micrograd's MLP, `MLP(2, [16, 16, 1])` from its demo notebook, as a scalar graph: every
 * weight and bias is its own variable, every neuron computes `Σᵢ wᵢ xᵢ + b` then ReLU (the last
 * layer is linear), and micrograd's max-margin loss on one point. Each layer is built in a
 * scope (`layer 1`, `layer 2`, `layer 3`, a neuron in `layer l/neuron k`), so a picture can
 * draw a layer as one box that lists its parameters:
 *
 *   npx tsx examples/micrograd-mlp.ts        (writes out/micrograd-mlp.svg, collapsed by layer)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tg from '../src/index.js';

/** A seeded uniform draw in [-1, 1) (micrograd's `random.uniform(-1, 1)`), Park–Miller. */
function uniform(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  };
}

/** The network, its loss on the point `x` with label `y` (±1), and its parameters. */
export function microgradMlp(options: { sizes?: readonly number[]; x?: readonly number[]; y?: number; seed?: number } = {}): { loss: tg.Node; parameters: tg.Node[]; layers: number } {
  const sizes = options.sizes ?? [2, 16, 16, 1];
  const draw = uniform(options.seed ?? 1337);
  const parameters: tg.Node[] = [];
  let h: tg.Node[] = (options.x ?? [0.5, -1.2]).map((v, i) => tg.constant(v, { label: `x_${i + 1}` }));
  for (let l = 1; l < sizes.length; l++) {
    const last = l === sizes.length - 1;
    const inputs = h;
    h = tg.scope(`layer ${l}`, () =>
      Array.from({ length: sizes[l]! }, (_, k) =>
        tg.scope(`neuron ${k + 1}`, () => {
          const w = inputs.map((_, i) => tg.variable(`w${l}_${k + 1}_${i + 1}`, draw(), { label: `w^{(${l})}_{${k + 1},${i + 1}}` }));
          const b = tg.variable(`b${l}_${k + 1}`, 0, { label: `b^{(${l})}_{${k + 1}}` });
          parameters.push(...w, b);
          const act = tg.addN([...w.map((wi, i) => wi.mul(inputs[i]!)), b]);
          return last ? act : act.relu();
        }),
      ),
    );
  }
  const score = h[0]!.as('s');
  const loss = tg.relu(tg.sub(1, score.mul(options.y ?? 1))).as('L');
  return { loss, parameters, layers: sizes.length - 1 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { loss, parameters } = microgradMlp();
  console.log(`micrograd's MLP(2, [16, 16, 1]): ${parameters.length} parameters, loss ${(loss.value as number).toFixed(4)}`);
  const out = resolve(import.meta.dirname, '..', 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'micrograd-mlp.svg'), await tg.toSvg(loss, { collapse: true, wrt: parameters }));
  console.log('wrote out/micrograd-mlp.svg (each layer one box, with its parameters)');
}
