/**
 * The system tools some render tests need, required rather than skipped: a test that needs
 * pdflatex or Chromium fails, saying how to install it, when the tool is missing (`.ci/run`
 * installs both from Debian, so CI always runs these tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from '../../examples/course/browser.js';

/** Throws unless pdflatex (with TikZ) is installed. */
export function requirePdflatex(): void {
  if (spawnSync('sh', ['-c', 'command -v pdflatex && kpsewhich tikz.sty']).status !== 0) {
    throw new Error('pdflatex with TikZ is not installed: apt-get install -y --no-install-recommends texlive-latex-base texlive-pictures (.ci/run does)');
  }
}

/** Chromium's path; throws unless it is installed. */
export function requireChromium(): string {
  if (!chromiumPath) throw new Error('chromium is not installed at /usr/bin/chromium: apt-get install -y --no-install-recommends chromium (.ci/run does)');
  return chromiumPath;
}

/** What pdflatex said about a document: its exit status, the overfull boxes, and the figure's natural and shown size. */
export interface PdflatexReport {
  status: number | null;
  errors: string[];
  /** Every `Overfull \hbox (Xpt too wide)`, in points. */
  overfull: number[];
  /** The TikZ figure's natural and shown width and height (pt), from the document's `\typeout`. */
  figure?: { natural: [number, number]; shown: [number, number]; line: number };
}

/** Compiles `name.tex` in `dir` and reads its log. */
export function pdflatex(dir: string, name: string): PdflatexReport {
  const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${name}.tex`], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  const logFile = join(dir, `${name}.log`);
  const log = existsSync(logFile) ? readFileSync(logFile, 'latin1') : r.stdout;
  const overfull = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)/g)].map((m) => Number(m[1]));
  const natural = /tracegrad figure: natural ([\d.]+)pt x ([\d.]+)pt, line ([\d.]+)pt/.exec(log);
  const shown = /tracegrad figure: shown ([\d.]+)pt x ([\d.]+)pt/.exec(log);
  return {
    status: r.status,
    errors: r.stdout.split('\n').filter((l) => l.startsWith('!')),
    overfull,
    ...(natural && shown && { figure: { natural: [Number(natural[1]), Number(natural[2])], shown: [Number(shown[1]), Number(shown[2])], line: Number(natural[3]) } }),
  };
}
