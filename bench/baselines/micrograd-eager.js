// A micrograd-style engine in plain JavaScript, written after the design of Karpathy's
// micrograd (engine.py and nn.py), for the eager-loop benchmarks: one object per value and
// one closure per op for its local backward step, a topological sort, then the closures in
// reverse (a closure per value, micrograd's `lambda: None` included). Gradients accumulate (`+=`) and `zeroGrad` resets them, as in micrograd. The only
// change: the topological sort is iterative (a recursive one overflows JavaScript's stack on
// long chains).

export class Value {
  constructor(data, children = [], op = '') {
    this.data = data;
    this.grad = 0;
    this._backward = () => {};
    this._prev = children;
    this._op = op;
  }
  add(other) {
    other = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + other.data, [this, other], '+');
    out._backward = () => { this.grad += out.grad; other.grad += out.grad; };
    return out;
  }
  mul(other) {
    other = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => { this.grad += other.data * out.grad; other.grad += this.data * out.grad; };
    return out;
  }
  pow(k) {
    const out = new Value(this.data ** k, [this], `**${k}`);
    out._backward = () => { this.grad += k * this.data ** (k - 1) * out.grad; };
    return out;
  }
  relu() {
    const out = new Value(this.data < 0 ? 0 : this.data, [this], 'ReLU');
    out._backward = () => { this.grad += (out.data > 0 ? 1 : 0) * out.grad; };
    return out;
  }
  tanh() {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out._backward = () => { this.grad += (1 - t * t) * out.grad; };
    return out;
  }
  neg() { return this.mul(-1); }
  sub(other) { return this.add(other instanceof Value ? other.neg() : -other); }
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


export class Neuron {
  constructor(nin, nonlin, uniform) {
    this.w = Array.from({ length: nin }, () => new Value(uniform()));
    this.b = new Value(0);
    this.nonlin = nonlin;
  }
  call(x) {
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i].mul(x[i]));
    return this.nonlin ? act.relu() : act;
  }
  parameters() { return [...this.w, this.b]; }
}

export class Layer {
  constructor(nin, nout, nonlin, uniform) { this.neurons = Array.from({ length: nout }, () => new Neuron(nin, nonlin, uniform)); }
  call(x) {
    const out = this.neurons.map((n) => n.call(x));
    return out.length === 1 ? out[0] : out;
  }
  parameters() { return this.neurons.flatMap((n) => n.parameters()); }
}

export class MLP {
  constructor(nin, nouts, uniform) {
    const sz = [nin, ...nouts];
    this.layers = nouts.map((_, i) => new Layer(sz[i], sz[i + 1], i !== nouts.length - 1, uniform));
  }
  call(x) {
    for (const layer of this.layers) x = layer.call(x);
    return x;
  }
  parameters() { return this.layers.flatMap((l) => l.parameters()); }
  zeroGrad() { for (const p of this.parameters()) p.grad = 0; }
}
