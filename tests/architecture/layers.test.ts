import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cruise = (dir: string) =>
  spawnSync(process.execPath, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });

describe('the module layers (docs/architecture.md)', () => {
  it('are the ones docs/architecture.md draws, in the same order, and each folder of src/ is one', async () => {
    const config = (await import(join(root, '.dependency-cruiser.cjs'))) as { default: { forbidden: { name: string }[] } };
    const layers = config.default.forbidden.filter((r) => r.name.startsWith('no-upward-from-')).map((r) => r.name.slice('no-upward-from-'.length));
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const block = /<!-- layers:start -->\n```\n([\s\S]*?)```\n<!-- layers:end -->/.exec(doc)![1]!;
    const drawn = block.trim().split('\n').map((l) => l.trim().split(/\s+/)[0]!).reverse();
    expect(drawn).toEqual(layers);
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual([...layers].sort());
  });

  it('have no upward import and no import cycle outside op files', () => {
    const r = cruise(root);
    expect(r.stdout + r.stderr).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  }, 60_000);

  it('are enforced: an upward import, a cycle and a module outside the layer folders each fail the check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-layers-'));
    for (const d of ['util', 'tensor', 'core', 'ops', 'exec']) mkdirSync(join(dir, 'src', d), { recursive: true });
    cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    writeFileSync(join(dir, 'src/util/a.ts'), 'export const a = 1;\n');
    // core imports exec: upward.
    writeFileSync(join(dir, 'src/core/node.ts'), "import { run } from '../exec/run.js';\nexport const node = run;\n");
    writeFileSync(join(dir, 'src/exec/run.ts'), "import { a } from '../util/a.js';\nexport const run = a;\n");
    // two exec modules import each other: a cycle outside ops.
    writeFileSync(join(dir, 'src/exec/p.ts'), "import { q } from './q.js';\nexport const p = () => q;\n");
    writeFileSync(join(dir, 'src/exec/q.ts'), "import { p } from './p.js';\nexport const q = () => p;\n");
    // two op files import each other: allowed (sin <-> cos).
    writeFileSync(join(dir, 'src/ops/sin.ts'), "import { cos } from './cos.js';\nexport const sin = () => cos;\n");
    writeFileSync(join(dir, 'src/ops/cos.ts'), "import { sin } from './sin.js';\nexport const cos = () => sin;\n");
    // a folder that is no layer.
    mkdirSync(join(dir, 'src/misc'));
    writeFileSync(join(dir, 'src/misc/x.ts'), "import { a } from '../util/a.js';\nexport const x = a;\n");
    const out = cruise(dir).stdout;
    expect(out).toMatch(/no-upward-from-core: src\/core\/node\.ts → src\/exec\/run\.ts/);
    expect(out).toMatch(/no-cycles-outside-ops: src\/exec\/(p|q)\.ts/);
    expect(out).not.toMatch(/no-cycles-outside-ops: src\/ops\//);
    expect(out).toMatch(/no-unknown-folder: src\/misc\/x\.ts/);
  }, 60_000);
});
