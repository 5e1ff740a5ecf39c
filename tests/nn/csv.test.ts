import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegrad-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadCsv', () => {
  it('reads features and integer labels with a header', () => {
    const p = file('xor.csv', 'x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const d = tg.nn.loadCsv(p);
    expect(d.X.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(d.y.toArray()).toEqual([0, 1, 1, 0]);
    expect([d.name, d.classes, d.featureNames, d.labelNames]).toEqual([p, 2, ['x1', 'x2'], undefined]);
  });

  it('detects a missing header, skips blank lines and comments, and accepts quotes, CRLF and a label column by index', () => {
    const p = file('plain.csv', '# comment\r\n1, 2.5, 3\r\n\r\n"4", -5, 6e-1\r\n');
    const d = tg.nn.loadCsv(p, { labelColumn: 0 });
    expect(d.X.toArray()).toEqual([[2.5, 3], [-5, 0.6]]);
    expect(d.y.toArray()).toEqual([1, 4]);
    expect(d.classes).toBe(5);
    expect(d.featureNames).toBeUndefined();
  });

  it('maps text labels to classes in sorted order, by column name', () => {
    const p = file('iris.csv', 'species;len;width\nvirginica;6.3;3.3\nsetosa;5.1;3.5\n"versi;color";7.0;3.2\n');
    const d = tg.nn.loadCsv(p, { labelColumn: 'species', delimiter: ';' });
    expect(d.labelNames).toEqual(['setosa', 'versi;color', 'virginica']);
    expect(d.y.toArray()).toEqual([2, 0, 1]);
    expect(d.X.toArray()).toEqual([[6.3, 3.3], [5.1, 3.5], [7, 3.2]]);
    expect(d.featureNames).toEqual(['len', 'width']);
  });

  it('keeps real-valued targets (classes 0)', () => {
    const d = tg.nn.loadCsv(file('reg.csv', 'x,y\n1,0.5\n2,1.5\n'));
    expect([d.classes, d.y.toArray()]).toEqual([0, [0.5, 1.5]]);
  });

  it('names the file, line and column of a bad row', () => {
    const short = file('short.csv', 'a,b,label\n1,2,0\n3,1\n');
    expect(() => tg.nn.loadCsv(short)).toThrow(tg.ArgumentError);
    expect(() => tg.nn.loadCsv(short)).toThrow(`loadCsv: '${short}' line 3: expected 3 fields (as in the header); got 2`);
    const text = file('text.csv', 'a,b,label\n1,2,0\n\n3,abc,1\n');
    expect(() => tg.nn.loadCsv(text)).toThrow(`loadCsv: '${text}' line 4, column 2 ('b'): a feature must be a finite number; got "abc"`);
    const empty = file('emptyfield.csv', '1,,0\n');
    expect(() => tg.nn.loadCsv(empty, { header: false })).toThrow(`loadCsv: '${empty}' line 1, column 2: a feature must be a finite number; got ""`);
    const noLabel = file('nolabel.csv', 'a,b\n1,\n');
    expect(() => tg.nn.loadCsv(noLabel)).toThrow(`loadCsv: '${noLabel}' line 2, column 2 ('b'): the label is empty`);
    const quote = file('quote.csv', '1,"2,0\n');
    expect(() => tg.nn.loadCsv(quote)).toThrow(`loadCsv: '${quote}' line 1: a quoted field is not closed`);
  });

  it('explains missing files, empty files, unknown columns and bad options', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => tg.nn.loadCsv(missing)).toThrow(`loadCsv: cannot read '${missing}': no such file`);
    expect(() => tg.nn.loadCsv(dir)).toThrow(`loadCsv: cannot read '${dir}': it is a directory`);
    const empty = file('empty.csv', '\n\n# nothing\n');
    expect(() => tg.nn.loadCsv(empty)).toThrow(`loadCsv: '${empty}': no rows (the file is empty or only blank lines and comments)`);
    const headerOnly = file('header.csv', 'a,b\n');
    expect(() => tg.nn.loadCsv(headerOnly)).toThrow(`loadCsv: '${headerOnly}': no data rows after the header`);
    const ok = file('ok.csv', 'a,b,label\n1,2,0\n');
    expect(() => tg.nn.loadCsv(ok, { labelColumn: 'class' })).toThrow(`loadCsv: '${ok}': no column named 'class'; columns: a, b, label`);
    expect(() => tg.nn.loadCsv(ok, { labelColumn: 3 })).toThrow(`loadCsv: '${ok}': labelColumn 3 is out of range for 3 columns (use -3 to 2)`);
    expect(() => tg.nn.loadCsv(ok, { label: 'x' } as never)).toThrow("loadCsv: unknown option 'label'; accepted: labelColumn, header, delimiter");
    const one = file('one.csv', '1\n2\n');
    expect(() => tg.nn.loadCsv(one)).toThrow(`loadCsv: '${one}' line 1: expected at least 2 columns (features and a label) separated by ','; got 1`);
  });

  it('parseCsv reads text the same way', () => {
    const d = tg.nn.parseCsv('1,2,1\n3,4,0\n');
    expect(d.X.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => tg.nn.parseCsv('1,2,1\n3,x,0\n')).toThrow('parseCsv line 2, column 2: a feature must be a finite number; got "x"');
  });
});
