// A flat typed-array tape for scalar reverse mode, in plain JavaScript: the fastest
// simple design people write by hand (no objects per node, no closures). Each op appends
// one entry (opcode, operand indices, value); backward sweeps the tape once in reverse.

const INPUT = 0, ADD = 1, MUL = 2, TANH = 3;

export class Tape {
  /** @param {number} capacity entries the tape can hold */
  constructor(capacity) {
    this.op = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.val = new Float64Array(capacity);
    this.grad = new Float64Array(capacity);
    this.n = 0;
  }
  reset() { this.n = 0; }
  input(v) { const k = this.n++; this.op[k] = INPUT; this.val[k] = v; return k; }
  add(i, j) { const k = this.n++; this.op[k] = ADD; this.a[k] = i; this.b[k] = j; this.val[k] = this.val[i] + this.val[j]; return k; }
  mul(i, j) { const k = this.n++; this.op[k] = MUL; this.a[k] = i; this.b[k] = j; this.val[k] = this.val[i] * this.val[j]; return k; }
  tanh(i) { const k = this.n++; this.op[k] = TANH; this.a[k] = i; this.val[k] = Math.tanh(this.val[i]); return k; }
  /** Reverse sweep from entry `root`; afterwards `grad[k]` is ∂root/∂entry k. */
  backward(root) {
    const { op, a, b, val, grad } = this;
    grad.fill(0, 0, this.n);
    grad[root] = 1;
    for (let k = root; k >= 0; k--) {
      const g = grad[k];
      if (g === 0) continue;
      switch (op[k]) {
        case ADD: grad[a[k]] += g; grad[b[k]] += g; break;
        case MUL: grad[a[k]] += g * val[b[k]]; grad[b[k]] += g * val[a[k]]; break;
        case TANH: { const y = val[k]; grad[a[k]] += g * (1 - y * y); break; }
        default: break;
      }
    }
  }
}

/**
 * The chain x ← tanh(a·x + b), `steps` times, forward and backward on a tape.
 * @returns [x_final, ∂/∂a, ∂/∂b, ∂/∂x0]
 */
export function tapeChain(tape, steps, a0, b0, x00) {
  tape.reset();
  const a = tape.input(a0), b = tape.input(b0), x0 = tape.input(x00);
  let x = x0;
  for (let i = 0; i < steps; i++) x = tape.tanh(tape.add(tape.mul(a, x), b));
  tape.backward(x);
  return [tape.val[x], tape.grad[a], tape.grad[b], tape.grad[x0]];
}
