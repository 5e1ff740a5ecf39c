/**
 * `tracegrad/node`: the helpers that need Node's file system, kept out of the main entry so
 * that `tracegrad` itself runs in browsers and bundlers unchanged. Everything else is in
 * `tracegrad`; text-based twins of these helpers are there too (`tg.nn.parseCsv`).
 *
 * ```ts
 * import * as tg from 'tracegrad';
 * import { loadCsv } from 'tracegrad/node';
 * const data = loadCsv('data.csv');
 * tg.nn.fit(tg.nn.mlp([data.X.shape[1], 8, 1]), data, { loss: tg.nn.mse });
 * ```
 * @module
 */
export { loadCsv } from './csv.js';
export type { CsvOptions } from '../nn/csv.js';
export type { Dataset } from '../nn/datasets.js';
