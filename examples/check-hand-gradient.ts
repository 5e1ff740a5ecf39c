/**
 * Checking gradients derived by hand: `npx tsx examples/check-hand-gradient.ts`.
 *
 * Two kinds of hand work get checked here: a formula (homework: "∂L/∂w = …"), checked
 * with tg.checkFormula against the engine's symbolic gradient, and a gradient function
 * written in plain code (a hand-written backward pass), checked with tg.checkGradient
 * against the engine and against finite differences.
 */
import * as tg from '../src/index.js';

// 1. A neuron with a squared error: L = (a − t)², a = σ(w·x + b).
const x = tg.variable('x', 2), w = tg.variable('w', -0.5), b = tg.variable('b', 1), t = tg.variable('t', 1);
const a = tg.sigmoid(w.mul(x).add(b)).as('a');
const L = a.sub(t).pow(2).as('L');
const dw = tg.grad(L, w);

// The textbook answer, written with the named node `a`: proved equal.
const right = tg.checkFormula('2*(a - t)*a*(1 - a)*x', dw);
console.log(right.message, '\n');

// Forgetting σ' = a(1 − a): a counterexample, and where the formulas part ways.
const wrong = tg.checkFormula('2*(a - t)*x', dw);
console.log(wrong.message, '\n');
console.log('hand in LaTeX:  ', wrong.hand.latex);
console.log('engine in LaTeX:', wrong.engine.latex, '\n');

// 2. Least squares, f(x) = ‖Ax − b‖²: the gradient is 2Aᵀ(Ax − b). Forgetting the transpose
// gives the right shape when A is square, so only the numbers (and the report) catch it.
const values = { A: [[1, 2], [3, 4]], x: [1, -1], b: [0.5, 2] };
for (const hand of ["2*A'*(A*x - b)", '2*A*(A*x - b)']) {
  const r = tg.checkFormula(hand, 'sum((A*x - b).^2)', 'x', { values });
  console.log(`${hand}: ${r.verdict}${r.difference ? ` (${r.difference.note})` : ''}`);
}
console.log();

// 3. A hand-written backward pass, numbers in and numbers out: logistic regression,
// loss(w, b) = log(1 + exp(−y (w·x + b))) for one example (x, y).
const X = [0.5, -1.5, 2], Y = 1;
const loss = (weights: tg.Node, bias: tg.Node) =>
  tg.softplus(tg.neg(tg.add(tg.dot(weights, tg.constant(X)), bias).mul(Y)));
const backward = (weights: number[], bias: number): [number[], number] => {
  const z = weights.reduce((s, wi, i) => s + wi * X[i]!, bias);
  const g = -Y / (1 + Math.exp(Y * z)); // ∂loss/∂z
  return [X.map((xi) => g * xi), g];
};
const report = tg.checkGradient(loss, backward, [[0.1, 0.2, -0.3], 0.05]);
console.log('hand-written backward:', report.ok ? 'correct' : 'wrong', report.inputs.map((i) => `${i.input}: max error ${i.maxAbsError.toExponential(1)}`).join(', '));

// The same backward pass with a sign slip in ∂loss/∂z: the report names the input and element.
const buggy = (weights: number[], bias: number) => {
  const [gw, gb] = backward(weights, bias);
  return [gw, -gb];
};
const bad = tg.checkGradient(loss, buggy, [[0.1, 0.2, -0.3], 0.05], { throwOnFailure: false });
console.log(bad.failure?.message);
