// Worker for bench/swell.ts: runs one mathjs.derivative in its own thread, so that the
// main thread can stop it after the time cap. Receives { expr, wrt, simplify, at } and
// posts { nodes, fnNodes, ms, value }. Posts { ready: true } once mathjs is loaded.
import { parentPort } from 'node:worker_threads';
import { derivative, parse } from 'mathjs';

parentPort.on('message', ({ expr, wrt, simplify, at }) => {
  const fn = parse(expr);
  const t0 = performance.now();
  const d = derivative(fn, wrt, { simplify });
  const ms = performance.now() - t0;
  const count = (node) => node.filter(() => true).length;
  parentPort.postMessage({ nodes: count(d), fnNodes: count(fn), ms, value: d.evaluate(at) });
});
parentPort.postMessage({ ready: true });
