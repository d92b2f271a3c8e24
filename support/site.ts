/**
 * The built site, for the end-to-end tests and the bench alike: where the
 * project is, a static server for `dist/` and the list of its pages.
 *
 * The server is our own, not `astro preview`, so neither needs a second
 * process and both see exactly what a static host would serve: files,
 * `index.html` for folders, `404.html` for anything else, all under an
 * optional base path.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, so paths like `dist` mean the same from any working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The MIME type a static host would send for `filePath`. */
export function mimeType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The headers a `_headers` file gives every path (`/*`), as Netlify and
 * Cloudflare Pages read it; the site writes only that one rule.
 */
export function headersForAllPaths(file: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of file.split('\n')) {
    if (!/^\s/.test(line)) inAll = line.trim() === '/*';
    else if (inAll) {
      const at = line.indexOf(':');
      if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
  }
  return headers;
}

/** `/`, `/x/` or `/x/y/`: a base path with one leading and one trailing slash. */
function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

export interface StaticServer {
  /** The site's address, base path included, e.g. `http://127.0.0.1:41234/llm-explainer/`. */
  url: string;
  /** `http://127.0.0.1:41234`, to tell the site's own requests from other hosts'. */
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves the built site in `dir` (relative to the project root unless
 * absolute) under `base` on 127.0.0.1 at a free port. A folder serves its
 * `index.html` (a folder address without its trailing slash is redirected,
 * as static hosts do); a missing file, or any address outside `base`, gets
 * the site's `404.html` with status 404. Every answer carries the headers
 * of the site's `_headers` file, as a host that reads it would send them;
 * `{ headers: false }` serves like GitHub Pages, which sends none.
 */
export async function startServer(
  dir = 'dist',
  base = '/',
  { headers: withHeaders = true }: { headers?: boolean } = {},
): Promise<StaticServer> {
  const root = path.resolve(projectRoot, dir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`startServer: no index.html in ${root}. Build the site first (npm run build).`);
  }
  const headersFile = path.join(root, '_headers');
  const siteHeaders =
    withHeaders && existsSync(headersFile) ? headersForAllPaths(await readFile(headersFile, 'utf8')) : {};
  const basePath = normaliseBase(base);
  const notFoundFile = path.join(root, '404.html');

  const server = createServer(async (request, response) => {
    const send = async (status: number, file: string | null, headers: Record<string, string> = {}) => {
      const body = file ? await readFile(file) : Buffer.from(status === 404 ? 'Not found' : '');
      response.writeHead(status, {
        'content-type': file ? mimeType(file) : 'text/plain; charset=utf-8',
        'content-length': String(body.length),
        'cache-control': 'no-store',
        ...siteHeaders,
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, existsSync(notFoundFile) ? notFoundFile : null);

    try {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return await send(405, null, { allow: 'GET, HEAD' });
      const { pathname, search } = new URL(request.url ?? '/', 'http://localhost');
      if (`${pathname}/` === basePath) return await send(301, null, { location: basePath + search });
      if (!pathname.startsWith(basePath)) return await notFound();
      const relative = decodeURIComponent(pathname.slice(basePath.length));
      const filePath = path.resolve(root, relative);
      if (filePath !== root && !filePath.startsWith(root + path.sep)) return await notFound();
      const stats = existsSync(filePath) ? statSync(filePath) : null;
      if (stats?.isDirectory()) {
        if (!pathname.endsWith('/')) return await send(301, null, { location: `${pathname}/${search}` });
        const index = path.join(filePath, 'index.html');
        return await (existsSync(index) ? send(200, index) : notFound());
      }
      return await (stats?.isFile() ? send(200, filePath) : notFound());
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(String(error));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + basePath,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The address of every page in a built site: each `index.html` (as its
 * folder's address) and `404.html`, relative to the site root, sorted.
 */
export function listBuiltPages(dir = 'dist'): string[] {
  const root = path.resolve(projectRoot, dir);
  const pages: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.html') pages.push(path.relative(root, folder).split(path.sep).join('/'));
    }
  };
  walk(root);
  const addresses = pages.map((page) => (page ? `${page}/` : ''));
  if (existsSync(path.join(root, '404.html'))) addresses.push('404.html');
  return addresses.sort();
}
