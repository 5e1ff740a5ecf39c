import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('npm start (examples/demo.ts)', () => {
  it('trains XOR to 100%, prints the δ equations and writes its files (the circuit diagrams among them)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/accuracy 100%/);
    expect(r.stdout).toContain('δ⁽²⁾ = δ_L·∂L/∂z⁽²⁾');
    expect(r.stdout).toContain('= (σ(z⁽²⁾) − y) / 4');
    expect(r.stdout).toContain('= δ_a⁽¹⁾ ⊙ a⁽¹⁾ ⊙ (1 − a⁽¹⁾)');
    for (const f of ['xor.tex', 'xor.md', 'xor.dot', 'xor.svg', 'xor-layers.svg', 'xor-debug.svg', 'xor.html', 'micrograd-mlp.svg']) {
      expect(r.stdout).toContain(join('out', f));
      expect(statSync(join(root, 'out', f)).size).toBeGreaterThan(200);
    }
    expect(readFileSync(join(root, 'out', 'xor.svg'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(root, 'out', 'xor.tex'), 'utf8')).toContain('\\begin{tikzpicture}');
  }, 120_000);
});
