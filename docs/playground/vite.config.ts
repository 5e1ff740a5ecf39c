/**
 * Builds the playground into static files that work offline, from any static server or
 * straight from disk (`file://`):
 *   npx vite build --config docs/playground/vite.config.ts   → docs/playground/dist/
 *
 * - One classic script (IIFE, no code splitting): browsers refuse ES-module scripts and
 *   dynamic imports from `file://`, so the module script Vite writes is turned into a
 *   deferred classic one. The Graphviz wasm is embedded in @viz-js/viz's JavaScript.
 * - KaTeX's stylesheet is imported as a string and injected by the page (so the HTML export
 *   can inline it too); its woff2 fonts are inlined as data URIs, the woff/ttf fallbacks
 *   dropped, so no font file is fetched.
 * - The engine is the library's main entry (src/index.ts) as it is: it imports no Node
 *   built-in and needs no alias or stand-in (tests/package.test.ts bundles the published
 *   package for a browser the same way, with esbuild).
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Keeps only the woff2 sources of KaTeX's fonts (all current browsers read woff2). */
function katexWoff2Only(): Plugin {
  return {
    name: 'tracegrad-katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex\/dist\/katex(\.min)?\.css(\?|$)/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, ''), map: null };
    },
  };
}

/** Turns Vite's module script into a deferred classic script, which `file://` allows. */
function classicScript(): Plugin {
  return {
    name: 'tracegrad-classic-script',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module" crossorigin src=/g, '<script defer src=').replace(/ crossorigin(?=[ >])/g, ''),
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [katexWoff2Only(), classicScript()],
  // A classic script has no import.meta; @viz-js/viz only reads it to find a wasm file that is
  // embedded anyway.
  define: { 'import.meta.url': 'document.baseURI', 'import.meta.resolve': 'undefined' },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    cssCodeSplit: false,
    modulePreload: false,
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? true : undefined),
    rolldownOptions: { output: { format: 'iife', codeSplitting: false } },
  },
});
