/**
 * Lesson 4: the four backprop equations of Nielsen's chapter 2, derived by the engine for a
 * 3-layer sigmoid network with quadratic cost, in δ notation:
 *   δᴸ = ∇ₐC ⊙ σ′(zᴸ),  δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ),  ∂C/∂bˡ = δˡ,  ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ.
 * Run: npx tsx examples/mlp-deltas.ts
 */
import * as tg from '../src/index.js';
import { mlpDeltas } from './lessons.js';

const { C, params } = mlpDeltas();
console.log('Matrix notation:\n');
console.log(tg.explain(C, { wrt: params, adjoint: 'delta', values: false }).toText());
console.log('Index notation (as in the seed article):\n');
console.log(tg.explain(C, { wrt: params, adjoint: 'delta', notation: 'index', values: false }).toText());
