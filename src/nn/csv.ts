import { readFileSync } from 'node:fs';
import { ArgumentError } from '../util/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../util/options.js';
import type { Dataset } from './datasets.js';

/** Options of {@link loadCsv} and {@link parseCsv}. */
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
  /** Field separator, one character (default `,`). */
  delimiter?: string;
}

const KNOWN = ['labelColumn', 'header', 'delimiter'];

/** Splits one line into fields; double quotes protect separators, `""` is a quote. */
function splitLine(line: string, delimiter: string, where: () => string): string[] {
  const fields: string[] = [];
  let cur = '', quoted = false, wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') (quoted = true), (wasQuoted = true), (cur = '');
    else if (ch === delimiter) fields.push(wasQuoted ? cur : cur.trim()), (cur = ''), (wasQuoted = false);
    else cur += ch;
  }
  if (quoted) throw new ArgumentError(`${where()}: a quoted field is not closed`);
  fields.push(wasQuoted ? cur : cur.trim());
  return fields;
}

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

/**
 * Parses CSV text of features and labels (see {@link loadCsv}, which reads a file).
 * @param text the CSV text
 * @param options `labelColumn`, `header`, `delimiter`
 * @param source name used in error messages (default `'parseCsv'`)
 * @returns the data set: `X` `[n, d]`, labels `y` `[n]`, `classes`, feature and label names
 * @throws {@link ArgumentError} naming the line (1-based) and column of a bad row
 * @example
 * const d = tg.nn.parseCsv('x1,x2,label\n0,1,yes\n1,1,no\n');
 * d.X.toArray(); // → [[0, 1], [1, 1]]
 * d.y.toArray(); // → [1, 0]
 * d.labelNames; // → ['no', 'yes']
 * @category Datasets
 */
export function parseCsv(text: string, options: CsvOptions = {}, source?: string): Dataset {
  checkOptions('parseCsv', options, KNOWN);
  const where = source === undefined ? 'parseCsv' : `loadCsv: '${source}'`;
  if (typeof text !== 'string') throw new ArgumentError(`${where}: expected CSV text; got ${typeof text}`);
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"') {
    throw new ArgumentError(`${where}: delimiter must be one character other than '"'; got ${JSON.stringify(delimiter)}`);
  }
  const labelOpt = options.labelColumn ?? -1;
  if (!(typeof labelOpt === 'string' && labelOpt !== '') && !(typeof labelOpt === 'number' && Number.isInteger(labelOpt))) {
    throw new ArgumentError(`${where}: labelColumn must be a column name or an integer index; got ${JSON.stringify(labelOpt)}`);
  }
  if (options.header !== undefined && typeof options.header !== 'boolean') {
    throw new ArgumentError(`${where}: header must be true or false; got ${JSON.stringify(options.header)}`);
  }

  const rows: { line: number; fields: string[] }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    rows.push({ line: i + 1, fields: splitLine(raw, delimiter, () => `${where} line ${i + 1}`) });
  });
  if (rows.length === 0) throw new ArgumentError(`${where}: no rows (the file is empty or only blank lines and comments)`);

  const width = rows[0]!.fields.length;
  if (width < 2) throw new ArgumentError(`${where} line ${rows[0]!.line}: expected at least 2 columns (features and a label) separated by '${delimiter}'; got 1`);
  const resolveIndex = (names: string[] | undefined): number => {
    if (typeof labelOpt === 'string') {
      const k = names ? names.indexOf(labelOpt) : -1;
      if (k < 0) throw new ArgumentError(`${where}: no column named '${labelOpt}'${names ? `; columns: ${names.join(', ')}` : ' (the file has no header)'}`);
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
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new ArgumentError(`${where}: no data rows after the header`);
  const colName = (j: number) => (names ? `column ${j + 1} ('${names[j]}')` : `column ${j + 1}`);

  const d = width - 1;
  const X = new Float64Array(body.length * d);
  const rawLabels: string[] = [];
  body.forEach(({ line, fields }, i) => {
    if (fields.length !== width) {
      throw new ArgumentError(`${where} line ${line}: expected ${width} fields${header ? ' (as in the header)' : ' (as in the first row)'}; got ${fields.length}`);
    }
    let c = 0;
    fields.forEach((f, j) => {
      if (j === labelIndex) return;
      if (!isNumber(f)) throw new ArgumentError(`${where} line ${line}, ${colName(j)}: a feature must be a finite number; got ${JSON.stringify(f)}`);
      X[i * d + c++] = Number(f);
    });
    const label = fields[labelIndex]!;
    if (label === '') throw new ArgumentError(`${where} line ${line}, ${colName(labelIndex)}: the label is empty`);
    rawLabels.push(label);
  });

  let y: Float64Array, classes: number, labelNames: string[] | undefined;
  if (rawLabels.every(isNumber)) {
    y = Float64Array.from(rawLabels, Number);
    classes = y.every((v) => Number.isInteger(v) && v >= 0) ? Math.max(...y) + 1 : 0;
  } else {
    labelNames = [...new Set(rawLabels)].sort();
    y = Float64Array.from(rawLabels, (l) => labelNames!.indexOf(l));
    classes = labelNames.length;
  }
  return {
    name: source ?? 'csv',
    X: new Tensor([body.length, d], X),
    y: new Tensor([body.length], y),
    classes,
    ...(names && { featureNames: names.filter((_, j) => j !== labelIndex) }),
    ...(labelNames && { labelNames }),
  };
}

/**
 * Reads a CSV file of features and labels: one example per row, numeric feature columns and
 * one label column (integer classes, text class names mapped to `0…K−1` in sorted order,
 * or real targets). Blank lines and lines starting with `#` are skipped; fields may be
 * double-quoted.
 * @param path the file's path
 * @param options `labelColumn` (default the last), `header` (default detected), `delimiter`
 * @returns the data set, named after the path
 * @throws {@link ArgumentError} when the file cannot be read, and for a bad row, naming the file, the line (1-based) and the column
 * @example
 * let message;
 * try { tg.nn.loadCsv('no-such-file.csv'); } catch (e) { message = e.message; }
 * message; // → "loadCsv: cannot read 'no-such-file.csv': no such file"
 * @see {@link parseCsv}
 * @category Datasets
 */
export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  checkOptions('loadCsv', options, KNOWN);
  if (typeof path !== 'string' || path === '') throw new ArgumentError(`loadCsv: path must be a non-empty string; got ${JSON.stringify(path)}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ArgumentError(`loadCsv: cannot read '${path}': ${why}`);
  }
  return parseCsv(text, options, path);
}
