import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe("examples/micrograd.ts: micrograd's README example, ported line by line", () => {
  it("prints micrograd's numbers, the gradient as a formula, and a passing gradient check", () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/micrograd.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // micrograd's README: 24.7041 (the forward pass), 138.8338 (dg/da), 645.5773 (dg/db).
    expect(lines.slice(0, 3)).toEqual(['24.7041', '138.8338', '645.5773']);
    expect(lines[3]).toBe('dg/de = e − 20·e / f² = -6.9417');
    expect(lines[4]).toBe('gradcheck: agrees with central differences');
  });
});
