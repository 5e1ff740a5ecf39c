/**
 * CSV text → data set. Text only: reading a file is `loadCsv` in `tracegrad/node`
 * (src/node/csv.ts), so that this module, like the rest of the main entry, runs in browsers.
 * @module
 */
import { decimalNumber } from '../util/decimal.js';
import { ArgumentError } from '../util/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../util/options.js';
import type { Dataset } from './datasets.js';

/** Options of {@link parseCsv} (and of `loadCsv` in `tracegrad/node`). */
export interface CsvOptions {
  /**
   * The label column: a header name, or an index (0-based; negative counts from the end).
   * Default -1, the last column. Every other column is a feature.
   */
  labelColumn?: string | number;
  /**
   * Whether the first row is a header of column names. Default: yes when `labelColumn` is a
   * name or when a feature field of the first row is not a number.
   */
  header?: boolean;
  /** Field separator, one character other than a double quote or a line break (default `,`). */
  delimiter?: string;
  /**
   * How labels are read. `'auto'` (default): text labels are class names, mapped to
   * `0…K−1` in sorted order; labels that are all non-negative integers are class indices
   * (`K` = the largest + 1, at most 1000 or the number of rows, whichever is larger); other
   * numbers, −1/1 included, are real-valued targets. `'values'`: every label is a real-valued
   * target (`classes` 0).
   */
  labels?: 'auto' | 'values';
}

const KNOWN = ['labelColumn', 'header', 'delimiter', 'labels'];

/**
 * Integer labels are class indices `0…K−1`; `K` may be at most this or the number of rows,
 * whichever is larger. A larger `K` means almost every class has no example: the column is a
 * real-valued target (`labels: 'values'`) or a mistake.
 */
const MAX_CLASSES_FLOOR = 1000;

/** One record: its fields and the line (1-based) it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

const LF = 10, CR = 13, QUOTE = 34, SPACE = 32, TAB = 9;

/**
 * Splits CSV text into records (RFC 4180, with the usual leniencies): double quotes protect
 * separators and line breaks, `""` is a quote, unquoted fields are trimmed, and lines that are
 * blank or start with `#` between records are skipped. One pass, no recursion.
 */
function readRecords(text: string, delimiter: string, where: string): CsvRecord[] {
  const D = delimiter.charCodeAt(0);
  const blank = (c: number) => (c === SPACE || c === TAB) && c !== D;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  /** Moves past the line break at `p` (LF or CRLF; a lone CR also ends a line). */
  const pastBreak = (p: number) => (text.charCodeAt(p) === CR && text.charCodeAt(p + 1) === LF ? p + 2 : p + 1);
  const countBreaks = (from: number, to: number) => {
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || (c === CR && text.charCodeAt(p + 1) !== LF)) line++;
    }
  };
  while (i < n) {
    // Between records: a blank line or a comment line is skipped whole.
    let eol = i;
    while (eol < n && text.charCodeAt(eol) !== LF && text.charCodeAt(eol) !== CR) eol++;
    const physical = text.slice(i, eol);
    if (physical.trim() === '' || physical.trimStart().startsWith('#')) {
      i = eol < n ? pastBreak(eol) : n;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let k = i;
      while (k < n && blank(text.charCodeAt(k))) k++;
      let c: number;
      if (text.charCodeAt(k) === QUOTE) {
        const opened = line;
        let value = '';
        let p = k + 1;
        for (;;) {
          const q = text.indexOf('"', p);
          if (q < 0) throw new ArgumentError(`${where} line ${opened}: a quoted field is not closed`);
          value += text.slice(p, q);
          countBreaks(p, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            p = q + 2;
          } else {
            p = q + 1;
            break;
          }
        }
        while (p < n && blank(text.charCodeAt(p))) p++;
        c = p < n ? text.charCodeAt(p) : -1;
        if (c !== -1 && c !== D && c !== LF && c !== CR) {
          throw new ArgumentError(`${where} line ${line}: a closing quote must be followed by '${delimiter}' or the end of the line; got ${JSON.stringify(text[p])}`);
        }
        fields.push(value);
        i = p;
      } else {
        let p = k;
        while (p < n && (c = text.charCodeAt(p)) !== D && c !== LF && c !== CR) p++;
        c = p < n ? text.charCodeAt(p) : -1;
        fields.push(text.slice(k, p).trim());
        i = p;
      }
      if (c === D) {
        i++;
        continue;
      }
      if (c !== -1) {
        i = pastBreak(i);
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
  }
  return records;
}

/** A field holds a decimal number (`0x10`, `1_000` and `Infinity` are not: JavaScript's `Number` would read `0x10` as 16). */
const isNumber = (s: string) => decimalNumber(s) !== undefined;
const numberIn = (s: string) => decimalNumber(s)!;

/**
 * Parses CSV text of features and labels: one example per row, numeric feature columns and
 * one label column (integer classes, text class names mapped to `0…K−1` in sorted order, or
 * real targets). Fields may be double-quoted (quoted fields may hold the separator, line
 * breaks and `""` for a quote); blank lines and lines starting with `#` are skipped.
 * `loadCsv` in `tracegrad/node` reads a file the same way.
 *
 * Numeric labels are class indices only when every one is a non-negative integer (`0`, `1`,
 * `2`…); any other numbers, labels −1/1 included, are real-valued targets, kept as they are,
 * with `classes` 0. That is on purpose: −1 and 1 are also the targets of a `tanh` output
 * trained with `mse`. To read −1/1 as two classes, write them as 0/1 or as text (`neg`, `pos`,
 * mapped to 0 and 1); `fit` with a classification loss (`bce`, `softmaxCrossEntropy`) rejects
 * −1 labels rather than train on them.
 * @param text the CSV text
 * @param options `labelColumn`, `header`, `delimiter`, `labels`
 * @param source name used in error messages (default `'parseCsv'`)
 * @returns the data set: `X` `[n, d]`, labels `y` `[n]`, `classes`, feature and label names
 * @throws {@link ArgumentError} naming the line (1-based) and column of a bad row, and for
 * integer labels that would make more than 1000 classes and more classes than rows
 * @example
 * const d = tg.nn.parseCsv('x1,x2,label\n0,1,yes\n1,1,no\n');
 * d.X.toArray(); // → [[0, 1], [1, 1]]
 * d.y.toArray(); // → [1, 0]
 * d.labelNames; // → ['no', 'yes']
 * tg.nn.parseCsv('x,y\n1,2000\n2,2010\n', { labels: 'values' }).classes; // → 0
 * tg.nn.parseCsv('x,label\n1,-1\n2,1\n').classes; // → 0
 * @category Datasets
 */
export function parseCsv(text: string, options: CsvOptions = {}, source?: string): Dataset {
  checkOptions('parseCsv', options, KNOWN);
  const where = source === undefined ? 'parseCsv' : `loadCsv: '${source}'`;
  if (typeof text !== 'string') throw new ArgumentError(`${where}: expected CSV text; got ${typeof text}`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ArgumentError(`${where}: delimiter must be one character other than '"' and a line break; got ${JSON.stringify(delimiter)}`);
  }
  const labelOpt = options.labelColumn ?? -1;
  if (!(typeof labelOpt === 'string' && labelOpt !== '') && !(typeof labelOpt === 'number' && Number.isInteger(labelOpt))) {
    throw new ArgumentError(`${where}: labelColumn must be a column name or an integer index; got ${JSON.stringify(labelOpt)}`);
  }
  if (options.header !== undefined && typeof options.header !== 'boolean') {
    throw new ArgumentError(`${where}: header must be true or false; got ${JSON.stringify(options.header)}`);
  }
  const labelMode = options.labels ?? 'auto';
  if (labelMode !== 'auto' && labelMode !== 'values') {
    throw new ArgumentError(`${where}: labels must be 'auto' or 'values'; got ${JSON.stringify(labelMode)}`);
  }

  const rows = readRecords(text, delimiter, where);
  if (rows.length === 0) throw new ArgumentError(`${where}: no rows (the file is empty or only blank lines and comments)`);

  const width = rows[0]!.fields.length;
  if (width < 2) throw new ArgumentError(`${where} line ${rows[0]!.line}: expected at least 2 columns (features and a label) separated by '${delimiter}'; got 1`);
  const resolveIndex = (names: string[] | undefined): number => {
    if (typeof labelOpt === 'string') {
      const k = names ? names.indexOf(labelOpt) : -1;
      if (k < 0) throw new ArgumentError(`${where}: no column named '${labelOpt}'${names ? `; columns: ${names.join(', ')}` : ' (the file has no header)'}`);
      const again = names!.indexOf(labelOpt, k + 1);
      if (again >= 0) throw new ArgumentError(`${where}: columns ${k + 1} and ${again + 1} are both named '${labelOpt}'; pass labelColumn as an index (${k} or ${again})`);
      return k;
    }
    if (labelOpt < -width || labelOpt >= width) throw new ArgumentError(`${where}: labelColumn ${labelOpt} is out of range for ${width} columns (use ${-width} to ${width - 1})`);
    return labelOpt < 0 ? labelOpt + width : labelOpt;
  };
  let header: boolean;
  if (options.header !== undefined) header = options.header;
  else if (typeof labelOpt === 'string') header = true;
  else {
    const k = resolveIndex(undefined);
    header = rows[0]!.fields.some((f, j) => j !== k && !isNumber(f));
  }
  const names = header ? rows[0]!.fields : undefined;
  const labelIndex = resolveIndex(names);
  const first = header ? 1 : 0;
  const n = rows.length - first;
  if (n === 0) throw new ArgumentError(`${where}: no data rows after the header`);
  const colName = (j: number) => (names ? `column ${j + 1} ('${names[j]}')` : `column ${j + 1}`);

  const d = width - 1;
  const X = new Float64Array(n * d);
  const rawLabels: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const { line, fields } = rows[first + i]!;
    if (fields.length !== width) {
      throw new ArgumentError(`${where} line ${line}: expected ${width} fields${header ? ' (as in the header)' : ' (as in the first row)'}; got ${fields.length}`);
    }
    let c = 0;
    for (let j = 0; j < width; j++) {
      if (j === labelIndex) continue;
      const f = fields[j]!;
      if (!isNumber(f)) throw new ArgumentError(`${where} line ${line}, ${colName(j)}: a feature must be a finite number; got ${JSON.stringify(f)}`);
      X[i * d + c++] = numberIn(f);
    }
    const label = fields[labelIndex]!;
    if (label === '') throw new ArgumentError(`${where} line ${line}, ${colName(labelIndex)}: the label is empty`);
    rawLabels[i] = label;
  }

  const labelAt = (i: number) => `${where} line ${rows[first + i]!.line}, ${colName(labelIndex)}`;
  let y: Float64Array, classes: number, labelNames: string[] | undefined;
  if (labelMode === 'values') {
    y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!isNumber(rawLabels[i]!)) throw new ArgumentError(`${labelAt(i)}: with labels: 'values' every label must be a finite number; got ${JSON.stringify(rawLabels[i])}`);
      y[i] = numberIn(rawLabels[i]!);
    }
    classes = 0;
  } else if (rawLabels.every(isNumber)) {
    y = Float64Array.from(rawLabels, numberIn);
    let integers = true, largest = 0, at = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (!(Number.isInteger(v) && v >= 0)) {
        integers = false;
        break;
      }
      if (v > largest) (largest = v), (at = i);
    }
    classes = 0;
    if (integers) {
      const cap = Math.max(MAX_CLASSES_FLOOR, n);
      if (largest + 1 > cap) {
        throw new ArgumentError(
          `${labelAt(at)}: the label ${rawLabels[at]} would make ${largest + 1} classes; integer labels are class indices from 0 to ${cap - 1} here (at most ${MAX_CLASSES_FLOOR} classes, or one per row); for real-valued targets pass { labels: 'values' }`,
        );
      }
      classes = largest + 1;
    }
  } else {
    labelNames = [...new Set(rawLabels)].sort();
    const index = new Map(labelNames.map((name, k) => [name, k]));
    y = Float64Array.from(rawLabels, (l) => index.get(l)!);
    classes = labelNames.length;
  }
  return {
    name: source ?? 'csv',
    X: new Tensor([n, d], X),
    y: new Tensor([n], y),
    classes,
    ...(names && { featureNames: names.filter((_, j) => j !== labelIndex) }),
    ...(labelNames && { labelNames }),
  };
}
