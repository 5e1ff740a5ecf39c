/**
 * `tracegrad grade ASSIGNMENT --answers answers.csv`: the files around the grading API of
 * `check/grade.ts`. The assignment is a JSON file (values, definitions and the loss in LaTeX,
 * the quantities) or a module (`.js`, `.mjs`, `.ts`) whose default export is a function of the
 * tracegrad namespace that returns `{ loss, quantities }` (or that object itself). Writes a
 * JSON report per student, `summary.json` and one self-contained HTML page, `index.html`.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgumentError } from '../util/errors.js';
import type { Assignment, GradeResult } from '../check/grade.js';
import { shown } from './args.js';

/** Reads a file's text, or says which file and why not. */
function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ArgumentError(`grade: cannot read ${what} ${shown(file)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
  }
}

/** Imports a module file: natively, else (a TypeScript file on Node 20) through tsx when it is installed. */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(file)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?ts$/.test(file)) throw e;
  }
  let api: { tsImport(specifier: string, parent: string): Promise<unknown> };
  try {
    api = (await import('tsx/esm/api' as string)) as typeof api;
  } catch {
    throw new ArgumentError(`grade: ${shown(file)} is TypeScript, which Node 20 cannot load by itself: install tsx (npm install --save-dev tsx), or give the assignment as .js or .json`);
  }
  return (await api.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * The assignment in a file. `api` loads tracegrad's public entry (the command's own copy, so
 * that the nodes an assignment builds are nodes this grader knows); the bin script passes it.
 */
export async function loadAssignment(file: string, api?: () => Promise<unknown>): Promise<Assignment> {
  const grading = await import('../check/grade.js');
  if (extname(file).toLowerCase() === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(read(file, 'the assignment'));
    } catch (e) {
      if (e instanceof ArgumentError) throw e;
      throw new ArgumentError(`grade: the assignment ${shown(file)} is not JSON: ${shown(e instanceof Error ? e.message : String(e))}`);
    }
    return grading.assignmentFromJson(json);
  }
  if (!/\.(m?js|cjs|[cm]?ts)$/i.test(file)) throw new ArgumentError(`grade: the assignment is a .json, .js, .mjs or .ts file; got ${shown(file)}`);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    throw new ArgumentError(`grade: cannot load the assignment ${shown(file)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
  }
  const exported = Object.hasOwn(mod, 'default') ? mod.default : mod.assignment;
  if (exported === undefined) throw new ArgumentError(`grade: the assignment ${shown(file)} has no default export (export default (tg) => ({ loss, quantities }))`);
  // A function of the namespace builds the network with this very tracegrad (the one whose nodes the grader knows).
  if (typeof exported === 'function' && !api) throw new ArgumentError('grade: an assignment that is a function of tracegrad runs through the tracegrad command (bin/tracegrad.js)');
  const value = typeof exported === 'function' ? await (exported as (tg: unknown) => unknown)(await api!()) : exported;
  return grading.checkAssignment(value);
}

/** A file name for a student id: letters, digits, `-`, `_` and `.` kept, the rest `_`; made unique. */
function fileNames(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let base = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80) || '_';
    let name = base, k = 2;
    while (used.has(name.toLowerCase())) name = `${base}-${k++}`;
    used.add(name.toLowerCase());
    base = name;
    return `${base}.json`;
  });
}

/** Writes the reports: `students/<id>.json`, `summary.json`, `index.html`. Returns the files written. */
export async function writeReports(result: GradeResult, dir: string): Promise<string[]> {
  const grading = await import('../check/grade.js');
  const written: string[] = [];
  const write = (file: string, text: string) => {
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new ArgumentError(`grade: cannot write ${shown(file)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
    }
    written.push(file);
  };
  try {
    mkdirSync(join(dir, 'students'), { recursive: true });
  } catch (e) {
    throw new ArgumentError(`grade: cannot create ${shown(dir)}: ${shown(e instanceof Error ? e.message.split('\n')[0]! : String(e))}`);
  }
  const names = fileNames(result.students.map((s) => s.student));
  result.students.forEach((s, i) => write(join(dir, 'students', names[i]!), `${JSON.stringify(grading.studentJson(s), null, 2)}\n`));
  write(join(dir, 'summary.json'), `${JSON.stringify(grading.summaryJson(result), null, 2)}\n`);
  write(join(dir, 'index.html'), grading.gradePage(result));
  return written;
}

/** Reads the answers file. */
export function readAnswers(file: string): string {
  return read(file, '--answers');
}
