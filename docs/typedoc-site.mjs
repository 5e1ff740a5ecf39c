/**
 * A typedoc plugin that makes docs/api/ one site: the API reference, the guides and the course
 * (typedoc's `projectDocuments`, see typedoc.json) and the playground.
 *
 * - A page is named after its first `# ` heading (not after its file name), unless its front
 *   matter gives a `title`. The course and the playground's page are grouped as "Course", the
 *   other documents as "Guides" (unless their front matter gives a `group`).
 * - Relative links between the Markdown files keep working as they do on GitHub:
 *   - a link to a folder opens the folder's README.md (its page, when it is a document);
 *   - a link from a guide into the generated reference (`api/interfaces/OpDef.html`, i.e. a
 *     file under docs/api/) goes to that reflection's page; a link to a page the reference
 *     does not have is an error.
 * - The playground: the built playground (`npm run playground` writes docs/playground/dist/;
 *   option `playgroundDir`) is copied to `playground/` in the output; every page's sidebar
 *   links to it, to the course index and to the API reference, and the playground's own page
 *   opens with a link to it. A missing build is a warning (so an error under
 *   treatWarningsAsErrors): the site would link to nothing.
 *
 * Registered in typedoc.json (`"plugin"`).
 */
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, JSX, normalizePath, ParameterType, ReflectionKind, RendererEvent } from 'typedoc';

/** A path as typedoc's messages show it: relative to the working directory when inside it. */
const shown = (p) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));

const here = dirname(fileURLToPath(import.meta.url));
/** Where `npm run docs` writes the reference; guides link into it as `api/...html`. */
const API_ROOT = normalizePath(join(here, 'api'));
const COURSE_DIR = normalizePath(join(here, 'course'));
const COURSE_README = `${COURSE_DIR}/README.md`;
const PLAYGROUND_README = normalizePath(join(here, 'playground', 'README.md'));

const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const isFile = (p) => existsSync(p) && statSync(p).isFile();
/** Whether the (normalized) path `p` is under the folder `dir`. */
const inside = (p, dir) => p.startsWith(`${dir}/`);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: 'playgroundDir',
    help: 'The built playground (index.html and assets/), copied to playground/ in the output.',
    type: ParameterType.Path,
    defaultValue: join(here, 'playground', 'dist'),
  });

  /** Links into the generated reference: absolute path → the file that links there. */
  const apiLinks = new Map();

  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    const files = context.project.files;
    const register = files.register.bind(files);
    files.register = (sourcePath, relativePath) => {
      const [path, anchor = ''] = relativePath.split(/(?=#)/);
      const absolute = normalizePath(resolve(dirname(sourcePath), path));
      if (inside(absolute, API_ROOT) && absolute.endsWith('.html')) {
        if (!apiLinks.has(absolute)) apiLinks.set(absolute, sourcePath);
        return files.registerAbsolute(absolute + anchor);
      }
      if (path && isDir(absolute) && isFile(join(absolute, 'README.md'))) return register(sourcePath, join(path, 'README.md') + anchor);
      return register(sourcePath, relativePath);
    };
  });

  /** Documents named after their first heading; the name is set once the router has given them file names. */
  const titles = new Map();

  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, doc) => {
    const source = doc.project.files.getReflectionPath(doc);
    // Named after its file (typedoc's default, e.g. course/01-neuron), not by a front matter title.
    if (source && source.replace(/\.[^.]+$/, '').endsWith(`/${doc.name}`)) {
      const text = doc.content.map((part) => part.text).join('').replace(/^```[\s\S]*?^```/gm, '');
      const heading = /^# +(.+?)(?: +#+)? *$/m.exec(text);
      if (heading) titles.set(doc, heading[1].replace(/`([^`]*)`/g, '$1'));
    }
    if (source && doc.frontmatter.group === undefined) doc.frontmatter.group = inside(source, COURSE_DIR) || source === PLAYGROUND_README ? 'Course' : 'Guides';
  });

  // Before typedoc's own listeners (navigation, search index), after the router.
  app.renderer.on(RendererEvent.BEGIN, () => {
    for (const [doc, title] of titles) doc.name = title;
  }, 1000);

  // Typedoc validates media paths after conversion, before the router knows the pages: until
  // then, the links point at the project (a reflection, so not a missing file).
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const absolute of apiLinks.keys()) context.project.files.registerReflectionPath(absolute, context.project);
  });

  app.renderer.on(RendererEvent.BEGIN, (event) => {
    const router = app.renderer.router;
    const byUrl = new Map(router.getLinkTargets().map((t) => [router.getFullUrl(t), t]));
    for (const [absolute, source] of apiLinks) {
      const url = absolute.slice(API_ROOT.length + 1);
      const target = byUrl.get(url);
      if (target) event.project.files.registerReflectionPath(absolute, target);
      else app.logger.warn(`${shown(source)} links to api/${url}, which is not a page of the API reference`);
    }
  });

  /** The course index and the playground's README, once converted. */
  const find = (project, path) => project.getReflectionsByKind(ReflectionKind.Document).find((d) => project.files.getReflectionPath(d) === path);

  app.renderer.hooks.on('sidebar.begin', (context) => {
    const project = context.page.project;
    const course = find(project, COURSE_README);
    const links = [
      ['API reference', context.relativeURL(app.renderer.router.getFullUrl(project))],
      course && ['Course', context.urlTo(course)],
      ['Playground', context.relativeURL('playground/index.html')],
    ].filter(Boolean);
    return JSX.createElement(
      'nav',
      { id: 'tsd-sidebar-links', class: 'tsd-navigation' },
      ...links.map(([label, href]) => JSX.createElement('a', { href }, label)),
    );
  });

  app.renderer.hooks.on('content.begin', (context) => {
    const model = context.page.model;
    if (!model.isDocument?.() || model.project.files.getReflectionPath(model) !== PLAYGROUND_README) return JSX.createElement(JSX.Fragment, null);
    return JSX.createElement(
      'div',
      { class: 'tsd-alert tsd-alert-tip' },
      JSX.createElement('a', { href: context.relativeURL('playground/index.html') }, JSX.createElement('strong', null, 'Open the playground')),
      ' (built into this site; it works offline and from disk).',
    );
  });

  app.renderer.on(RendererEvent.END, (event) => {
    const dist = app.options.getValue('playgroundDir');
    const target = join(event.outputDirectory, 'playground');
    rmSync(target, { recursive: true, force: true });
    if (!isFile(join(dist, 'index.html'))) {
      app.logger.warn(`The playground is not built (no ${shown(join(dist, 'index.html'))}): run npm run playground first (npm run docs does), or pass --playgroundDir`);
      return;
    }
    cpSync(dist, target, { recursive: true });
  });
}
