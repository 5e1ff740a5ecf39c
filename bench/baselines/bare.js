// The least a graph can cost to build when each node is a JavaScript object: `count` bare
// nodes, each an object with a few fields and an inputs array (two allocations, as a node of
// any object-per-node engine has at least), chained so that every one stays alive, and
// nothing else: no hashing, no shapes, no rewriting. Its time is the allocation and
// garbage-collection floor of this machine for that many nodes.

const EMPTY = Object.freeze([]);

class Bare {
  constructor(id, a, b) {
    this.id = id;
    this.op = 0;
    this.inputs = [a, b];
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
