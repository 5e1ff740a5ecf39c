import { ArgumentError, ShapeError } from '../util/errors.js';
import { apply, constant, Node, scope, variable, type Operand } from '../core/node.js';
import { addOp } from '../ops/add.js';
import { matmul } from '../ops/matmul.js';
import { Rng } from '../tensor/random.js';
import { allocate, formatShape, sameShape } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { activation as resolveActivation, isIdentity, type Activation } from './activations.js';
import { checkOptions, oneOf, positiveInt, seedOption } from '../util/options.js';
import { describeValue } from '../util/describe.js';

/**
 * How weights are initialised:
 * - `'xavier'` (Glorot & Bengio 2010): `W ~ U(−r, r)` with `r = √(6 / (in + out))`, biases 0;
 *   suits sigmoid and tanh layers.
 * - `'he'` (He et al. 2015): `W ~ N(0, 2 / in)`, biases 0; suits relu layers.
 * - `'normal'`: `W ~ N(0, 1)` and `b ~ N(0, 1)`, as `tf.random_normal` in the seed article.
 */
export type Init = 'xavier' | 'he' | 'normal';

const INITS: readonly Init[] = ['xavier', 'he', 'normal'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Weight initialisation (default `'xavier'`). */
  init?: Init;
  /** Seed of the initialisation, an integer from 0 to 2³² − 1; the same seed gives the same weights (default 0). */
  seed?: number;
  /**
   * Layer index `l` (a positive integer): the parameters are the variables `W{l}` and `b{l}`,
   * printed `W^{(l)}` and `b^{(l)}` as in the textbook.
   */
  layer?: number;
  /**
   * A name for the layer (an identifier such as `out`), used when no `layer` is given: the
   * parameters are `W_out` and `b_out`, printed `W_{\mathrm{out}}` and `b_{\mathrm{out}}`.
   * Without `layer` or `name` they are plain `W` and `b`.
   */
  name?: string;
  /** Include the bias `b` (default true). */
  bias?: boolean;
}

/**
 * A fully connected (affine) layer `X W + b`: weights `W` of shape `[in, out]` and bias `b`
 * of shape `[out]`, applied to a batch `X` of shape `[n, in]` (one example per row).
 * Build one with {@link linear}.
 * @example
 * const layer = tg.nn.linear(2, 1, { layer: 1 });
 * layer.W.assign([[1], [2]]).value.toArray(); // → [[1], [2]]
 * layer.forward([[3, 4]]).value.toArray(); // → [[11]]
 * layer.parameters.map((p) => p.name); // → ['W1', 'b1']
 * @category Layers
 */
export class Linear {
  /** The weight variable, shape `[inFeatures, outFeatures]`. */
  readonly W: Node;
  /** The bias variable, shape `[outFeatures]`, or `undefined` when built with `bias: false`. */
  readonly b: Node | undefined;

  /** @internal Use {@link linear}. */
  constructor(
    /** Number of input features (rows of `W`). */
    readonly inFeatures: number,
    /** Number of outputs (columns of `W`). */
    readonly outFeatures: number,
    W: Node,
    b: Node | undefined,
    /** The layer index given as `layer`, if any. */
    readonly layer: number | undefined,
  ) {
    this.W = W;
    this.b = b;
  }

  /** The trainable variables: `[W, b]` (or `[W]` without bias). */
  get parameters(): Node[] {
    return this.b ? [this.W, this.b] : [this.W];
  }

  /**
   * The layer applied to `x`: `x W + b`, the bias broadcast over the rows. Building the same
   * layer on the same input twice returns the same node.
   * @param x a batch `[n, in]` (or one example `[in]`), as a node or as data (a constant)
   * @param label name of the resulting node (e.g. `z^{(1)}`)
   * @returns the node `x W + b`, shape `[n, out]` (or `[out]`)
   * @throws {@link ShapeError} when `x`'s last axis is not `inFeatures`
   */
  forward(x: Operand, label?: string): Node {
    const xw = matmulChecked(x, this.W, this.inFeatures);
    if (!this.b) return label === undefined ? xw : xw.as(label);
    return apply(addOp, [xw, this.b], {}, label === undefined ? {} : { label });
  }
}

function matmulChecked(x: Operand, W: Node, inFeatures: number): Node {
  const xs = toData(x);
  const last = xs.shape[xs.shape.length - 1];
  if (xs.shape.length === 0 || xs.shape.length > 2 || last !== inFeatures) {
    throw new ShapeError(`linear: the input must have shape [n, ${inFeatures}] (or [${inFeatures}]); got ${formatShape(xs.shape)}`);
  }
  return matmul(xs, W);
}

function toData(x: Operand): Node {
  return x instanceof Node ? x : constant(x);
}

/** Draws `W` and `b` for an init scheme from one seeded stream. */
function initialise(init: Init, inF: number, outF: number, seed: number): { W: Tensor; b: Tensor } {
  const rng = new Rng(seed);
  const W = allocate('linear', [inF, outF]), b = allocate('linear', [outF]);
  if (init === 'xavier') {
    const r = Math.sqrt(6 / (inF + outF));
    for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-r, r);
  } else if (init === 'he') {
    const s = Math.sqrt(2 / inF);
    for (let i = 0; i < W.length; i++) W[i] = s * rng.normal();
  } else {
    for (let i = 0; i < W.length; i++) W[i] = rng.normal();
    for (let i = 0; i < b.length; i++) b[i] = rng.normal();
  }
  return { W: new Tensor([inF, outF], W), b: new Tensor([outF], b) };
}

/**
 * A fully connected layer `X W + b` with seeded, initialised parameter variables, named as
 * in the textbook: with `layer: l` they are `W{l}`, `b{l}`, printed `W^{(l)}`, `b^{(l)}`.
 *
 * Derivatives, for `Z = X W + b` and upstream `δ = ∂L/∂Z`: `∂L/∂W = Xᵀ δ`,
 * `∂L/∂b = Σ_rows δ`, `∂L/∂X = δ Wᵀ`.
 * @param inFeatures number of inputs per example
 * @param outFeatures number of outputs per example
 * @param options `init`, `seed`, `layer` or `name`, `bias`
 * @returns the layer; call `forward(X)` to apply it
 * @throws {@link ArgumentError} for a non-positive size, an unknown init or option, or a bad name
 * @example
 * const layer = tg.nn.linear(2, 3, { layer: 1, seed: 0 });
 * layer.W.name; // → 'W1'
 * layer.W.label; // → 'W^{(1)}'
 * layer.b.value.toArray(); // → [0, 0, 0]
 * layer.forward(tg.constant([[1, 2], [3, 4]])).shape; // → [2, 3]
 * @see {@link mlp}
 * @category Layers
 */
export function linear(inFeatures: number, outFeatures: number, options: LinearOptions = {}): Linear {
  checkOptions('linear', options, ['init', 'seed', 'layer', 'name', 'bias']);
  positiveInt('linear', 'inFeatures', inFeatures);
  positiveInt('linear', 'outFeatures', outFeatures);
  const init = oneOf('linear', 'init', options.init ?? 'xavier', INITS);
  const seed = seedOption('linear', options.seed ?? 0);
  const bias = options.bias ?? true;
  if (typeof bias !== 'boolean') throw new ArgumentError(`linear: bias must be true or false; got ${describeValue(bias)}`);
  let wName = 'W', bName = 'b', wLabel: string | undefined, bLabel: string | undefined;
  if (options.layer !== undefined) {
    const l = positiveInt('linear', 'layer', options.layer);
    [wName, bName, wLabel, bLabel] = [`W${l}`, `b${l}`, `W^{(${l})}`, `b^{(${l})}`];
  } else if (options.name !== undefined) {
    const n = options.name;
    if (typeof n !== 'string' || !IDENT.test(n)) throw new ArgumentError(`linear: name must be an identifier (letters, digits, _); got ${describeValue(n)}`);
    [wName, bName, wLabel, bLabel] = [`W_${n}`, `b_${n}`, `W_{\\mathrm{${n.replace(/_/g, '\\_')}}}`, `b_{\\mathrm{${n.replace(/_/g, '\\_')}}}`];
  }
  const { W, b } = initialise(init, inFeatures, outFeatures, seed);
  const Wv = variable(wName, W, wLabel === undefined ? {} : { label: wLabel });
  const bv = bias ? variable(bName, b, bLabel === undefined ? {} : { label: bLabel }) : undefined;
  return new Linear(inFeatures, outFeatures, Wv, bv, options.layer);
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Activation of the hidden layers (default `'sigmoid'`, the textbook's). */
  activation?: Activation;
  /** Activation of the output layer (default `'identity'`: the network outputs logits `z⁽ᴸ⁾`). */
  outputActivation?: Activation;
  /** Weight initialisation (default `'he'` when the hidden activation is relu, else `'xavier'`). */
  init?: Init;
  /** Seed of the initialisation, an integer from 0 to 2³² − 1 (default 0); layer `l` draws from its own stream. */
  seed?: number;
}

/** The named nodes of one forward pass: `z[l-1]` is `z⁽ˡ⁾`, `a[l-1]` is `a⁽ˡ⁾`. */
export interface ForwardPass {
  /** Pre-activations `z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾`, one per layer. */
  z: Node[];
  /** Activations `a⁽ˡ⁾ = f(z⁽ˡ⁾)`, one per layer (the last is `z⁽ᴸ⁾` itself for an identity output). */
  a: Node[];
  /** The network's output, `a⁽ᴸ⁾`. */
  output: Node;
}

/**
 * A multilayer perceptron: a stack of {@link Linear} layers with activations. Build one
 * with {@link mlp}.
 * @example
 * const net = tg.nn.mlp([2, 3, 1], { activation: 'relu', seed: 0 });
 * net.layers.length; // → 2
 * net.predict([[0, 1], [1, 0]]).shape; // → [2, 1]
 * tg.toText(net.forward(tg.variable('X', [[0, 1]]))); // → 'a⁽¹⁾ W⁽²⁾ + b⁽²⁾'
 * @category Layers
 */
export class Mlp {
  /** @internal Use {@link mlp}. */
  constructor(
    /** Layer widths, input first: `[2, 4, 1]`. */
    readonly sizes: readonly number[],
    /** The layers, `layers[l-1]` holding `W⁽ˡ⁾` and `b⁽ˡ⁾`. */
    readonly layers: readonly Linear[],
    private readonly hidden: Activation,
    private readonly out: Activation,
  ) {}

  /** All trainable variables, layer by layer: `[W1, b1, W2, b2, …]`. */
  get parameters(): Node[] {
    return this.layers.flatMap((l) => l.parameters);
  }

  /**
   * The forward pass with every layer's nodes: `z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾` named `z^{(l)}`,
   * `a⁽ˡ⁾ = f(z⁽ˡ⁾)` named `a^{(l)}` (`a⁽⁰⁾ = X`), each layer built in the scope `layer l`.
   * Building it twice on the same input returns the same nodes.
   * @param x a batch `[n, in]` as a node (e.g. a variable `X`) or as data
   * @returns the named pre-activations, activations and the output
   * @throws {@link ShapeError} when `x` does not have `sizes[0]` features
   */
  forwardPass(x: Operand): ForwardPass {
    const z: Node[] = [], a: Node[] = [];
    let h = x;
    this.layers.forEach((layer, i) => {
      const l = i + 1;
      const last = l === this.layers.length;
      const act = last ? this.out : this.hidden;
      scope(`layer ${l}`, () => {
        const zl = layer.forward(h, `z^{(${l})}`);
        let al = zl;
        if (!isIdentity(act)) {
          const fz: unknown = resolveActivation(act)(zl);
          // A user's activation is checked: a non-node broke with a raw TypeError, and a node of
          // another shape (a sum) changed the network's output shape without a word.
          if (!(fz instanceof Node)) throw new ArgumentError(`mlp: the ${last ? 'output ' : ''}activation of layer ${l} must return a node of its input's shape ${formatShape(zl.shape)}; got ${describeValue(fz)}`);
          if (!sameShape(fz.shape, zl.shape)) throw new ShapeError(`mlp: the ${last ? 'output ' : ''}activation of layer ${l} must keep the shape ${formatShape(zl.shape)}; it returned a node of shape ${formatShape(fz.shape)}`);
          al = fz === zl ? zl : fz.as(`a^{(${l})}`);
        }
        z.push(zl);
        a.push(al);
        h = al;
      });
    });
    return { z, a, output: a[a.length - 1]! };
  }

  /**
   * The network's output on `x` (see {@link Mlp.forwardPass} for the named nodes).
   * @param x a batch `[n, in]`, as a node or as data
   * @returns the output node, shape `[n, out]`
   */
  forward(x: Operand): Node {
    return this.forwardPass(x).output;
  }

  /**
   * The output's value on new data, with the current parameter values.
   * @param X data, shape `[n, in]`
   * @returns the output values, shape `[n, out]`
   */
  predict(X: TensorLike): Tensor {
    return this.forward(constant(X)).tensor;
  }
}

/**
 * A multilayer perceptron with layer widths `sizes` (input first): layer `l` computes
 * `z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾` and `a⁽ˡ⁾ = f(z⁽ˡ⁾)`, with `a⁽⁰⁾ = X`, the hidden activation
 * `f` on all layers but the last and `outputActivation` on the last. Parameters are named
 * `W1, b1, W2, …` (printed `W^{(1)}`, …), nodes `z^{(l)}` and `a^{(l)}`, so derivations
 * read as in the textbook.
 *
 * Derivatives (backpropagation): `δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾`, `δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ f′(z⁽ˡ⁾)`,
 * `∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾`, `∂L/∂b⁽ˡ⁾ = Σ_rows δ⁽ˡ⁾`.
 * @param sizes at least two positive integers, e.g. `[2, 4, 1]`
 * @param options `activation`, `outputActivation`, `init`, `seed`
 * @returns the network
 * @throws {@link ArgumentError} for fewer than two sizes, a non-positive size, or an unknown activation or option
 * @example
 * const net = tg.nn.mlp([2, 4, 1], { activation: 'sigmoid', seed: 0 });
 * net.parameters.map((p) => p.name); // → ['W1', 'b1', 'W2', 'b2']
 * const { z, a } = net.forwardPass(tg.constant([[0, 1]]));
 * [z[0].label, a[0].label, a[1].label]; // → ['z^{(1)}', 'a^{(1)}', 'z^{(2)}']
 * a[0].scope; // → 'layer 1'
 * @see {@link linear}
 * @category Layers
 */
export function mlp(sizes: readonly number[], options: MlpOptions = {}): Mlp {
  checkOptions('mlp', options, ['activation', 'outputActivation', 'init', 'seed']);
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new ArgumentError(`mlp: sizes lists the layer widths, input first, at least two (e.g. [2, 4, 1]); got ${describeValue(sizes)}`);
  }
  sizes.forEach((s, i) => positiveInt('mlp', `sizes[${i}]`, s));
  const hidden = options.activation ?? 'sigmoid';
  const out = options.outputActivation ?? 'identity';
  resolveActivation(hidden);
  resolveActivation(out);
  const init = options.init ?? (hidden === 'relu' ? 'he' : 'xavier');
  const seed = seedOption('mlp', options.seed ?? 0);
  // Layer l's seed, taken modulo 2³² (which the generator does anyway: the same stream as before).
  const layers = sizes.slice(1).map((n, i) =>
    scope(`layer ${i + 1}`, () => linear(sizes[i]!, n, { init, seed: (seed * 7919 + i + 1) % 2 ** 32, layer: i + 1 })),
  );
  return new Mlp([...sizes], layers, hidden, out);
}
