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
process.exitCode = await cli.run(process.argv.slice(2));
