#!/usr/bin/env node
// The `tracegrad` command: a shim that runs the compiled CLI (npm run build writes dist/).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (e) {
  process.stderr.write(`tracegrad: cannot load dist/cli/main.js (${String(e && e.message).split('\n')[0]}); run npm run build\n`);
  process.exit(2);
}
process.stdout.on('error', () => {});
// The public entry, for `tracegrad grade` with an assignment module that is a function of it.
const io = { ...cli.defaultIo, api: () => import('../dist/index.js') };
process.exitCode = await cli.run(process.argv.slice(2), io);
