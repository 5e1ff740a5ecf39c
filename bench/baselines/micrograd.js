// A micrograd-style scalar engine in plain JavaScript (after Karpathy's micrograd): one
// object per value, one closure per op for its local backward step, a topological sort,
// then the closures in reverse. The only change from micrograd: the topological sort is
// iterative, since a chain of 10⁵ nodes overflows JavaScript's stack when recursive.

export class Value {
  constructor(data, children = [], op = '') {
    this.data = data;
    this.grad = 0;
    this._backward = () => {};
    this._prev = children;
    this._op = op;
  }
  add(other) {
    const out = new Value(this.data + other.data, [this, other], '+');
    out._backward = () => { this.grad += out.grad; other.grad += out.grad; };
    return out;
  }
  mul(other) {
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => { this.grad += other.data * out.grad; other.grad += this.data * out.grad; };
    return out;
  }
  tanh() {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out._backward = () => { this.grad += (1 - t * t) * out.grad; };
    return out;
  }
  backward() {
    const topo = [];
    const visited = new Set();
    const stack = [[this, 0]];
    visited.add(this);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < v._prev.length) {
        top[1] = i + 1;
        const c = v._prev[i];
        if (!visited.has(c)) { visited.add(c); stack.push([c, 0]); }
      } else { stack.pop(); topo.push(v); }
    }
    this.grad = 1;
    for (let k = topo.length - 1; k >= 0; k--) topo[k]._backward();
  }
}

/** The chain x ← tanh(a·x + b), `steps` times; returns [x_final, ∂/∂a, ∂/∂b, ∂/∂x0]. */
export function microgradChain(steps, a0, b0, x00) {
  const a = new Value(a0), b = new Value(b0), x0 = new Value(x00);
  let x = x0;
  for (let i = 0; i < steps; i++) x = a.mul(x).add(b).tanh();
  x.backward();
  return [x.data, a.grad, b.grad, x0.grad];
}
