/**
 * Helpers shared by the playground's browser test and the README screenshot script: build
 * the playground with Vite, serve a folder on 127.0.0.1, and start Debian's Chromium through
 * playwright-core with a fresh profile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFile, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';

/** The repository root. */
export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Chromium's path, or undefined when it is not installed. */
export const chromiumPath: string | undefined = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** The launch flags that work headless in containers and CI. */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Builds the playground (`vite build --config docs/playground/vite.config.ts`) into `outDir`.
 * @throws when Vite fails, with its output
 */
export function buildPlayground(outDir: string = join(root, 'docs/playground/dist')): string {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'docs/playground/vite.config.ts'), '--outDir', outDir, '--emptyOutDir'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.wasm': 'application/wasm',
};

/** A static file server for `dir` on 127.0.0.1 and a random port. */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
  const base = resolve(dir);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** Chromium with a fresh profile (removed by `close`). */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!chromiumPath) throw new Error('chromium is not installed (apt-get install -y --no-install-recommends chromium)');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tracegrad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    acceptDownloads: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
