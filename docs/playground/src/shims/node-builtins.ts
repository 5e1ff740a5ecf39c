/**
 * Browser stand-ins for the Node built-ins that some engine modules import (`node:fs` in
 * src/nn/csv.ts and src/explain/html.ts, `node:path` and `node:module` in src/explain/html.ts).
 * The playground never calls those code paths; if it ever did, the error would say why.
 */
const unavailable = (what: string) => (): never => {
  throw new Error(`${what} is not available in the browser playground`);
};

export const readFileSync = unavailable('node:fs readFileSync');
export const createRequire = unavailable('node:module createRequire');
export const dirname = unavailable('node:path dirname');
export const join = unavailable('node:path join');
export default {};
