import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import * as tg from '../../src/index.js';
import { loadCsv } from '../../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegrad-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadCsv (tracegrad/node)', () => {
  it('reads features and integer labels with a header', () => {
    const p = file('xor.csv', 'x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const d = loadCsv(p);
    expect(d.X.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(d.y.toArray()).toEqual([0, 1, 1, 0]);
    expect([d.name, d.classes, d.featureNames, d.labelNames]).toEqual([p, 2, ['x1', 'x2'], undefined]);
  });

  it('detects a missing header, skips blank lines and comments, and accepts quotes, CRLF and a label column by index', () => {
    const p = file('plain.csv', '# comment\r\n1, 2.5, 3\r\n\r\n"4", -5, 6e-1\r\n');
    const d = loadCsv(p, { labelColumn: 0 });
    expect(d.X.toArray()).toEqual([[2.5, 3], [-5, 0.6]]);
    expect(d.y.toArray()).toEqual([1, 4]);
    expect(d.classes).toBe(5);
    expect(d.featureNames).toBeUndefined();
  });

  it('maps text labels to classes in sorted order, by column name', () => {
    const p = file('iris.csv', 'species;len;width\nvirginica;6.3;3.3\nsetosa;5.1;3.5\n"versi;color";7.0;3.2\n');
    const d = loadCsv(p, { labelColumn: 'species', delimiter: ';' });
    expect(d.labelNames).toEqual(['setosa', 'versi;color', 'virginica']);
    expect(d.y.toArray()).toEqual([2, 0, 1]);
    expect(d.X.toArray()).toEqual([[6.3, 3.3], [5.1, 3.5], [7, 3.2]]);
    expect(d.featureNames).toEqual(['len', 'width']);
  });

  it('keeps real-valued targets (classes 0)', () => {
    const d = loadCsv(file('reg.csv', 'x,y\n1,0.5\n2,1.5\n'));
    expect([d.classes, d.y.toArray()]).toEqual([0, [0.5, 1.5]]);
  });

  it('names the file, line and column of a bad row', () => {
    const short = file('short.csv', 'a,b,label\n1,2,0\n3,1\n');
    expect(() => loadCsv(short)).toThrow(tg.ArgumentError);
    expect(() => loadCsv(short)).toThrow(`loadCsv: '${short}' line 3: expected 3 fields (as in the header); got 2`);
    const text = file('text.csv', 'a,b,label\n1,2,0\n\n3,abc,1\n');
    expect(() => loadCsv(text)).toThrow(`loadCsv: '${text}' line 4, column 2 ('b'): a feature must be a finite number; got "abc"`);
    const empty = file('emptyfield.csv', '1,,0\n');
    expect(() => loadCsv(empty, { header: false })).toThrow(`loadCsv: '${empty}' line 1, column 2: a feature must be a finite number; got ""`);
    const noLabel = file('nolabel.csv', 'a,b\n1,\n');
    expect(() => loadCsv(noLabel)).toThrow(`loadCsv: '${noLabel}' line 2, column 2 ('b'): the label is empty`);
    const quote = file('quote.csv', '1,"2,0\n');
    expect(() => loadCsv(quote)).toThrow(`loadCsv: '${quote}' line 1: a quoted field is not closed`);
  });

  it('explains missing files, empty files, unknown columns and bad options', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => loadCsv(missing)).toThrow(`loadCsv: cannot read '${missing}': no such file`);
    expect(() => loadCsv(dir)).toThrow(`loadCsv: cannot read '${dir}': it is a directory`);
    const empty = file('empty.csv', '\n\n# nothing\n');
    expect(() => loadCsv(empty)).toThrow(`loadCsv: '${empty}': no rows (the file is empty or only blank lines and comments)`);
    const headerOnly = file('header.csv', 'a,b\n');
    expect(() => loadCsv(headerOnly)).toThrow(`loadCsv: '${headerOnly}': no data rows after the header`);
    const ok = file('ok.csv', 'a,b,label\n1,2,0\n');
    expect(() => loadCsv(ok, { labelColumn: 'class' })).toThrow(`loadCsv: '${ok}': no column named 'class'; columns: a, b, label`);
    expect(() => loadCsv(ok, { labelColumn: 3 })).toThrow(`loadCsv: '${ok}': labelColumn 3 is out of range for 3 columns (use -3 to 2)`);
    expect(() => loadCsv(ok, { label: 'x' } as never)).toThrow("loadCsv: unknown option 'label'; accepted: labelColumn, header, delimiter, labels");
    const one = file('one.csv', '1\n2\n');
    expect(() => loadCsv(one)).toThrow(`loadCsv: '${one}' line 1: expected at least 2 columns (features and a label) separated by ','; got 1`);
  });

  it('is not in the main entry, which runs in browsers (tracegrad/node has it)', () => {
    expect('loadCsv' in tg.nn).toBe(false);
  });
});

describe('parseCsv', () => {
  it('reads text the same way', () => {
    const d = tg.nn.parseCsv('1,2,1\n3,4,0\n');
    expect(d.X.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => tg.nn.parseCsv('1,2,1\n3,x,0\n')).toThrow('parseCsv line 2, column 2: a feature must be a finite number; got "x"');
  });

  it('reads line breaks, separators and doubled quotes inside quoted fields, and counts lines across them', () => {
    const d = tg.nn.parseCsv('x,label\n1,"two\nlines"\n2,"a, ""quoted"" one"\r\n3,"crlf\r\ninside"\n');
    expect(d.labelNames).toEqual(['a, "quoted" one', 'crlf\r\ninside', 'two\nlines']);
    expect(d.y.toArray()).toEqual([2, 0, 1]);
    expect(d.X.toArray()).toEqual([[1], [2], [3]]);
    // The bad row starts on line 6: the quoted line break of line 2 counts.
    expect(() => tg.nn.parseCsv('x,label\n1,"two\nlines"\n2,b\n\n1,2,3\n')).toThrow('parseCsv line 6: expected 2 fields (as in the header); got 3');
    expect(() => tg.nn.parseCsv('x,label\n1,"a\nb"c\n')).toThrow(`parseCsv line 3: a closing quote must be followed by ',' or the end of the line; got "c"`);
    expect(() => tg.nn.parseCsv('x,label\n1,a\n2,"open\n\n')).toThrow('parseCsv line 3: a quoted field is not closed');
  });

  it('ignores a byte-order mark and a missing last line break', () => {
    const d = tg.nn.parseCsv('\uFEFFa,label\n1,x\n2,y');
    expect([d.featureNames, d.labelNames, d.y.toArray()]).toEqual([['a'], ['x', 'y'], [0, 1]]);
  });

  it('reads 200,000 rows of integer labels (the largest label is found without spreading them into arguments)', () => {
    const n = 200_000;
    const rows = ['x,label'];
    for (let i = 0; i < n; i++) rows.push(`${i % 7},${i % 10}`);
    const d = tg.nn.parseCsv(rows.join('\n'));
    expect(d.classes).toBe(10);
    expect(d.y.shape).toEqual([n]);
    expect(d.y.data[n - 1]).toBe((n - 1) % 10);
    expect(d.X.data[n - 1]).toBe((n - 1) % 7);
  });

  it('maps 100,000 distinct text labels to their sorted positions', () => {
    const n = 100_000;
    const label = (i: number) => `c${((i * 7919) % n).toString(36)}`;
    const rows = ['x,label'];
    for (let i = 0; i < n; i++) rows.push(`${i},${label(i)}`);
    const d = tg.nn.parseCsv(rows.join('\n'));
    expect(d.classes).toBe(n);
    const names = d.labelNames!;
    expect(names).toEqual([...names].sort());
    for (const i of [0, 1, 4242, n - 1]) expect(names[d.y.data[i]!]).toBe(label(i));
  });

  it('rejects integer labels that would make absurd class counts, and says what is accepted', () => {
    const text = 'x,label\n1,0\n2,1e15\n3,1\n';
    expect(() => tg.nn.parseCsv(text)).toThrow(tg.ArgumentError);
    expect(() => tg.nn.parseCsv(text)).toThrow(
      "parseCsv line 3, column 2 ('label'): the label 1e15 would make 1000000000000001 classes; integer labels are class indices from 0 to 999 here (at most 1000 classes, or one per row); for real-valued targets pass { labels: 'values' }",
    );
    // Up to 1000 classes, or one per row, are fine.
    expect(tg.nn.parseCsv('x,label\n1,0\n2,999\n').classes).toBe(1000);
    const many = ['x,label', ...Array.from({ length: 1500 }, (_, i) => `${i},${i === 0 ? 1499 : 0}`)].join('\n');
    expect(tg.nn.parseCsv(many).classes).toBe(1500);
    expect(() => tg.nn.parseCsv('x,label\n1,1000\n')).toThrow("the label 1000 would make 1001 classes; integer labels are class indices from 0 to 999 here");
  });

  it('reads decimal numbers only: 0x10, 0b11, 0o7 and 1_000 are not numbers (Number() read 0x10 as 16)', () => {
    for (const bad of ['0x10', '0b11', '0o7', '1_000', 'Infinity']) {
      expect(() => tg.nn.parseCsv(`a,b,label\n1,${bad},0\n`), bad).toThrow(`parseCsv line 2, column 2 ('b'): a feature must be a finite number; got "${bad}"`);
      expect(() => tg.nn.parseCsv(`a,label\n1,${bad}\n`, { labels: 'values' }), bad).toThrow(/with labels: 'values' every label must be a finite number/);
    }
    // As labels they are class names, not the numbers JavaScript reads in them.
    const d = tg.nn.parseCsv('a,label\n1,0x10\n2,16\n');
    expect(d.labelNames).toEqual(['0x10', '16']);
    const ok = tg.nn.parseCsv('a,label\n .5 ,1e1\n-2.,+3\n', { labels: 'values' });
    expect(Array.from(ok.X.data)).toEqual([0.5, -2]);
    expect(Array.from(ok.y.data)).toEqual([10, 3]);
  });

  it('refuses a label column name that two columns have', () => {
    expect(() => tg.nn.parseCsv('label,x,label\n0,1,1\n', { labelColumn: 'label' })).toThrow("parseCsv: columns 1 and 3 are both named 'label'; pass labelColumn as an index (0 or 2)");
    expect(Array.from(tg.nn.parseCsv('label,x,label\n0,1,1\n2,3,0\n', { labelColumn: 2 }).y.data)).toEqual([1, 0]);
  });

  it("reads every label as a real-valued target with labels: 'values'", () => {
    const d = tg.nn.parseCsv('x,price\n1,250000\n2,1e15\n', { labels: 'values' });
    expect([d.classes, d.y.toArray(), d.labelNames]).toEqual([0, [250000, 1e15], undefined]);
    expect(() => tg.nn.parseCsv('x,label\n1,a\n', { labels: 'values' })).toThrow("parseCsv line 2, column 2 ('label'): with labels: 'values' every label must be a finite number; got \"a\"");
    expect(() => tg.nn.parseCsv('x,label\n1,2\n', { labels: 'classes' as never })).toThrow(`parseCsv: labels must be 'auto' or 'values'; got "classes"`);
    expect(() => tg.nn.parseCsv('x,label\n1,2\n', { delimiter: '\n' })).toThrow(`parseCsv: delimiter must be one character other than '"' and a line break; got "\\n"`);
  });

  it('reads what csv-parse reads, for random fields with quotes, separators and line breaks (fast-check, seed 17)', () => {
    const piece = fc.constantFrom('a', 'b', 'Z', ' ', ',', ';', '"', '\n', '\r\n', '#', 'é', '1', '.');
    const labelText = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => `L${p.join('')}`);
    const quote = (s: string, delimiter: string) => (/[",;\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';'),
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), labelText), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (delimiter, rows, crlf) => {
          const eol = crlf ? '\r\n' : '\n';
          const text = `a${delimiter}b${delimiter}label${eol}` + rows.map(([a, b, l]) => [String(a), String(b), quote(l, delimiter)].join(delimiter)).join(eol) + eol;
          const d = tg.nn.parseCsv(text, { delimiter });
          const reference = (csvParse(text, { delimiter, relax_quotes: false }) as string[][]).slice(1);
          expect(d.X.toArray()).toEqual(reference.map((r) => [Number(r[0]), Number(r[1])]));
          expect(Array.from(d.y.data, (k) => d.labelNames![k])).toEqual(reference.map((r) => r[2]));
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });
});
