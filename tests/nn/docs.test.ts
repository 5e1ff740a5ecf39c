/**
 * Every function and class of `tg.nn` has an `@example` (tests/docs.test.ts runs them; it
 * does not look inside the `nn` namespace for missing ones, so this test does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { REPO_ROOT, repoPath, sourceFiles, tsdocExamples } from '../helpers/doctest.js';

describe('tg.nn documentation', () => {
  it('has an example for every exported function and class', () => {
    const examples = sourceFiles(join(REPO_ROOT, 'src/nn')).flatMap((abs) => tsdocExamples(repoPath(abs), readFileSync(abs, 'utf8')));
    const documented = new Set(examples.filter((e) => e.lines.some((l) => l.text.includes('// →'))).map((e) => e.name));
    const exported = Object.entries(tg.nn).filter(([, v]) => typeof v === 'function').map(([name]) => name);
    expect(exported.length).toBeGreaterThan(20);
    expect(exported.filter((name) => !documented.has(name))).toEqual([]);
  });
});
