// The least a graph can cost to build when each node is a JavaScript object: `count` bare
// nodes, each one object that holds its two inputs in fields (as tracegrad's nodes do; an
// inputs array would be two more objects), chained so that every one stays alive, and
// nothing else: no hashing, no shapes, no rewriting. Its time is the allocation and
// garbage-collection floor of this machine for that many nodes.

const EMPTY = Object.freeze([]);

class Bare {
  constructor(id, a, b) {
    this.id = id;
    this.op = 0;
    this.in0 = a;
    this.in1 = b;
    this.attrs = null;
    this.shape = EMPTY;
    this.label = undefined;
    this.kids = undefined;
  }
}

/** @param {number} count nodes to build; returns the last (which keeps all alive). */
export function bareChain(count) {
  let last = new Bare(0, null, null);
  for (let i = 1; i < count; i++) last = new Bare(i, last, last);
  return last;
}
