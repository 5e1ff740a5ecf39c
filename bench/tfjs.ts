/**
 * Loads the tfjs peers: `@tensorflow/tfjs` (the union package: core with gradients, and
 * the pure-JavaScript `cpu` backend) and `@tensorflow/tfjs-backend-wasm` (SIMD, one thread
 * in Node). In Node the wasm backend finds its `.wasm` files in its own `dist/` without
 * help; if that ever fails, `setWasmPaths` with a `file://` URL of that folder does it.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export { tf };

/** Switches to a backend, initialising the wasm one on first use. Returns false if it cannot start. */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<boolean> {
  if (await tf.setBackend(name)) {
    await tf.ready();
    return true;
  }
  if (name !== 'wasm') return false;
  const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(pathToFileURL(dist).href + '/');
  const ok = await tf.setBackend('wasm');
  if (ok) await tf.ready();
  return ok;
}

/** Silences tfjs's console advice about tfjs-node (it would clutter the tables). */
export function quietTfjs(): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /tfjs-node|Hi there|backend/i.test(args[0])) return;
    warn(...args);
  };
}
