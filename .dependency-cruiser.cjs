/**
 * The import rules of src/ (see docs/architecture.md): layers, lowest first; a module may
 * import from its own layer's folder and from lower layers only, and no import cycle exists
 * except between op files (sin.ts <-> cos.ts). `npm run lint:deps` checks them; `npm test`
 * runs that check (tests/architecture/layers.test.ts).
 *
 * src/index.ts is the main entry (`tracegrad`), which runs in browsers too: no module below
 * the `node` layer imports a Node built-in. src/node/ is the `tracegrad/node` entry (file
 * system helpers), src/cli/ the command.
 */
const layers = ['util', 'tensor', 'core', 'ops', 'autodiff', 'exec', 'parse', 'explain', 'check', 'nn', 'node', 'cli'];
const nodeOnly = ['node', 'cli'];

const upward = layers.map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `src/${layer}/ is layer ${i}: it imports only from ${layers.slice(0, i).join(', ') || 'nothing'} and itself`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${[...layers.slice(i + 1), 'index\\.ts'].join('|')})` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-cycles-outside-ops',
      comment: 'Import cycles are allowed only between op files (sin <-> cos); any other cycle is a layering error. Type-only imports load nothing, so a cycle through them (OpDef <-> Node) is allowed.',
      severity: 'error',
      from: {},
      to: { circular: true, via: { pathNot: '^src/ops/[^/]+\\.ts$' }, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-index-inside',
      comment: 'src/index.ts is the public API: nothing inside src imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-node-builtins-in-main-entry',
      comment: `The main entry runs in browsers: only src/${nodeOnly.join('/ and src/')}/ import Node built-ins (node:fs, node:path, …).`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${nodeOnly.join('|')})/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every module of src/ lives in one of the layer folders (or is src/index.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/((${layers.join('|')})/|index\\.ts$)` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
