/**
 * The README's example runs and says what it prints: its first ```ts block is executed
 * with `tg` in scope, every `// →` line is checked, and what it logs must equal the
 * README's first ```text block; examples/readme.ts holds the same code. Every ```ts block
 * of docs/getting-started.md runs the same way (each on its own).
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../src/index.js';
import { countChecks, markdownCodeBlocks, readRepoFile, runExample, type Example } from './helpers/doctest.js';

/** The import of the library, as written in docs (`'tracegrad'`) or in examples (`'../src/index.js'`). */
const IMPORT_RE = /^\s*import\s+\*\s+as\s+tg\s+from\s+'(?:tracegrad|\.\.\/src\/index\.js)';?\s*$/;

/** Drops the `import * as tg` line (tg is passed in); any other import is a mistake in the docs. */
function withoutImport(example: Example): Example {
  const others = example.lines.filter((l) => /^\s*import\s/.test(l.text) && !IMPORT_RE.test(l.text));
  if (others.length) throw new Error(`${example.file}:${others[0]!.line}: only \`import * as tg from 'tracegrad'\` is available in documentation code`);
  return { ...example, lines: example.lines.filter((l) => !IMPORT_RE.test(l.text)) };
}

/** Runs the example, failing on any failed check; returns what it logged. */
async function expectRuns(example: Example): Promise<string> {
  const logged: string[] = [];
  const console = { log: (...args: unknown[]) => logged.push(args.map(String).join(' ')) };
  const failures = await runExample(withoutImport(example), tg, { console });
  if (failures.length) throw new Error(`${failures.length} check(s) failed:\n${failures.join('\n')}`);
  return logged.join('\n');
}

const readme = markdownCodeBlocks('README.md', readRepoFile('README.md'));

/** The README's first ts block (the test fails, rather than crashes, when there is none). */
function firstBlock(): Example {
  const block = readme[0];
  if (!block) throw new Error('README.md has no ```ts block');
  return block;
}

describe('README.md', () => {
  it('has a ts code block with checked values', () => {
    expect(countChecks(firstBlock())).toBeGreaterThanOrEqual(3);
  });

  it('its first ts block runs, and its values and printout are the ones shown', async () => {
    const printed = await expectRuns(firstBlock());
    const shown = markdownCodeBlocks('README.md', readRepoFile('README.md'), ['text'])[0];
    expect(shown, 'README.md shows no ```text output').toBeDefined();
    expect(printed.trimEnd()).toBe(shown!.lines.map((l) => l.text).join('\n').trimEnd());
  });

  it('its first ts block is the code of examples/readme.ts', () => {
    const code = (lines: string[]) => lines.filter((l) => !IMPORT_RE.test(l)).map((l) => l.trimEnd());
    const block = code(firstBlock().lines.map((l) => l.text));
    while (block.length && block[0] === '') block.shift();
    const file = code(readRepoFile('examples/readme.ts').split('\n'));
    const start = file.findIndex((_, i) => block.every((l, k) => file[i + k] === l));
    expect(start, 'examples/readme.ts must contain the README block line for line (after its import)').toBeGreaterThanOrEqual(0);
  });
});

describe('docs/getting-started.md', () => {
  const blocks = markdownCodeBlocks('docs/getting-started.md', readRepoFile('docs/getting-started.md'));
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });
  for (const block of blocks) {
    it(`${block.name} runs`, async () => {
      await expectRuns(block);
    });
  }
});
