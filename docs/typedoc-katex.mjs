/**
 * A typedoc plugin that renders the math of Markdown pages (README, guides, the course) with
 * KaTeX at build time, in GitHub's syntax: `$…$` inline, `$$…$$` display (a block of its own
 * lines, or inline). It adds two rules to typedoc's markdown-it parser, so code spans and
 * fenced or indented code are left alone, and `\$` stays a dollar sign.
 *
 * A formula KaTeX cannot parse fails the build (a typedoc error naming the page and the
 * formula). KaTeX's stylesheet and its woff2 fonts are copied to `assets/katex/` and linked
 * from every page: the site needs no network.
 *
 * Registered in typedoc.json (`"plugin"`).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import katex from 'katex';
import { Application, JSX, MarkdownEvent, RendererEvent } from 'typedoc';

/** A path as typedoc's messages show it: relative to the working directory when inside it. */
const shown = (p) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));

const require = createRequire(import.meta.url);
const katexCss = require.resolve('katex/dist/katex.min.css');

/** Where the stylesheet goes in the output, relative to its root. */
const CSS = 'assets/katex/katex.min.css';

/** Display formulas scroll sideways rather than widen the page. */
const STYLE = '.tg-math-display { overflow-x: auto; overflow-y: hidden; } .tg-math-display > .katex-display { margin: 0.75em 0; }';

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** The page being rendered, for error messages (typedoc renders one page at a time). */
  let page;
  app.renderer.on(MarkdownEvent.PARSE, (event) => void (page = event.page), 100);

  const where = () => {
    const model = page?.model;
    if (!model) return 'a page';
    const source = model.project?.files.getReflectionPath(model);
    const name = model.isProject?.() ? 'the index page (README.md)' : `"${model.getFriendlyFullName()}"`;
    return source ? `${name} (${shown(source)})` : name;
  };

  /** KaTeX's HTML for one formula; a parse error is reported and fails the build. */
  const render = (latex, displayMode) => {
    try {
      return katex.renderToString(latex, { displayMode, throwOnError: true, strict: 'ignore', output: 'htmlAndMathml' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      app.logger.error(`KaTeX cannot render a formula in ${where()}: ${message}\n    ${displayMode ? '$$' : '$'}${latex}${displayMode ? '$$' : '$'}`);
      return `<code class="tg-math-error">${escapeHtml(latex)}</code>`;
    }
  };

  // After the options are read (they are reset after plugins load); keeps a configured loader.
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const configured = app.options.getValue('markdownItLoader');
    app.options.setValue('markdownItLoader', (parser) => {
      configured(parser);
      mathPlugin(parser, render);
    });
  });

  app.renderer.hooks.on('head.end', (context) =>
    JSX.createElement(
      JSX.Fragment,
      null,
      JSX.createElement('link', { rel: 'stylesheet', href: context.relativeURL(CSS, true) }),
      JSX.createElement('style', null, JSX.createElement(JSX.Raw, { html: STYLE })),
    ),
  );

  app.renderer.on(RendererEvent.END, (event) => copyStylesheet(join(event.outputDirectory, CSS)));
}

/** KaTeX's CSS with only its woff2 fonts (every current browser reads woff2), which are copied beside it. */
function copyStylesheet(target) {
  const dir = dirname(target);
  mkdirSync(join(dir, 'fonts'), { recursive: true });
  const css = readFileSync(katexCss, 'utf8').replace(/,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, '');
  writeFileSync(target, css);
  const fonts = join(dirname(katexCss), 'fonts');
  for (const f of readdirSync(fonts)) if (f.endsWith('.woff2')) copyFileSync(join(fonts, f), join(dir, 'fonts', f));
}

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * The markdown-it rules. `render(latex, displayMode)` returns HTML.
 * @param {any} md a markdown-it instance
 */
export function mathPlugin(md, render) {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, i) => render(tokens[i].content, tokens[i].markup === '$$');
  md.renderer.rules.math_block = (tokens, i) => `<div class="tg-math-display">${render(tokens[i].content, true)}</div>\n`;
}

const DOLLAR = 0x24;

/**
 * `$…$` (no space just inside the dollars, no digit just after the closing one, so prices
 * are not math) and `$$…$$` within a paragraph.
 */
function mathInline(state, silent) {
  const src = state.src, start = state.pos;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const delim = src.charCodeAt(start + 1) === DOLLAR ? '$$' : '$';
  const from = start + delim.length;
  let end = from;
  for (;;) {
    end = src.indexOf(delim, end);
    if (end < 0 || end >= state.posMax) return false;
    if (src[end - 1] === '\\') { end += 1; continue; } // \$ inside a formula
    break;
  }
  const content = src.slice(from, end);
  if (!content.trim()) return false;
  if (delim === '$' && (/\s/.test(content[0]) || /\s/.test(content[content.length - 1]) || /\d/.test(src[end + 1] ?? ''))) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = content;
    token.markup = delim;
  }
  state.pos = end + delim.length;
  return true;
}

/** A display block: lines from one starting with `$$` to one ending with `$$`. */
function mathBlock(state, startLine, endLine, silent) {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const lineText = (line) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const first = lineText(startLine);
  if (!first.startsWith('$$')) return false;
  if (first.slice(2).includes('$$') && !first.trimEnd().endsWith('$$')) return false; // $$…$$ then text: inline
  const lines = [];
  let line = startLine, rest = first.slice(2);
  for (;;) {
    const trimmed = rest.trimEnd();
    if (trimmed.endsWith('$$') && !(line === startLine && trimmed.length < 2)) {
      lines.push(trimmed.slice(0, -2));
      break;
    }
    lines.push(rest);
    line += 1;
    if (line >= endLine) return false;
    if (state.sCount[line] < state.blkIndent && state.bMarks[line] + state.tShift[line] < state.eMarks[line]) return false;
    rest = lineText(line);
  }
  if (silent) return true;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = lines.join('\n').trim();
  token.markup = '$$';
  token.map = [startLine, state.line];
  return true;
}
