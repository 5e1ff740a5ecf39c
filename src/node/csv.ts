import { readFileSync } from 'node:fs';
import { ArgumentError } from '../util/errors.js';
import { checkOptions } from '../util/options.js';
import { parseCsv, type CsvOptions } from '../nn/csv.js';
import type { Dataset } from '../nn/datasets.js';

/**
 * Reads a CSV file of features and labels: one example per row, numeric feature columns and
 * one label column (integer classes, text class names mapped to `0…K−1` in sorted order, or
 * real targets). Blank lines and lines starting with `#` are skipped; fields may be
 * double-quoted. The text is read as `tg.nn.parseCsv` reads it, which also works in browsers.
 *
 * ```ts
 * import { loadCsv } from 'tracegrad/node';
 * const data = loadCsv('iris.csv', { labelColumn: 'species' });
 * ```
 * @param path the file's path
 * @param options `labelColumn` (default the last), `header` (default detected), `delimiter`, `labels`
 * @returns the data set, named after the path
 * @throws {@link ArgumentError} when the file cannot be read, and for a bad row, naming the file, the line (1-based) and the column
 * @see `tg.nn.parseCsv`
 * @category Datasets
 */
export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  checkOptions('loadCsv', options, ['labelColumn', 'header', 'delimiter', 'labels']);
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
