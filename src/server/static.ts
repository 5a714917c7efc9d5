/**
 * The web app's files (web/dist, built by Vite) at `/`, with node:fs only: a GET path names a
 * file inside the root (checked after symbolic links are resolved, so no `..`, encoded or not,
 * and no link reaches outside); a path that names no file gets index.html (the app routes on the
 * client). Without a built app, `/` is a short page pointing at the API description.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { isWithin } from '../scenario/node.js';

export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

export const NO_APP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Brink server</title></head>
<body>
<h1>Brink server</h1>
<p>The web app is not built (no web/dist). The HTTP API is described at <a href="/api/openapi.json">/api/openapi.json</a>; docs/api.md explains every endpoint.</p>
</body></html>
`;

/** The real path of the web root, or null when there is no built app. */
export function webRootOrNull(root: string): string | null {
  try {
    const real = realpathSync(root);
    return statSync(join(real, 'index.html')).isFile() ? real : null;
  } catch {
    return null;
  }
}

function fileInRoot(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (!isWithin(root, candidate)) return null;
  try {
    const real = realpathSync(candidate);
    if (!isWithin(root, real)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Answers a GET outside /api: a file of the app, index.html, or the no-app page. */
export function serveStatic(root: string | null, urlPath: string, reply: FastifyReply): FastifyReply {
  if (root === null) {
    if (urlPath === '/' || urlPath === '/index.html') return reply.type('text/html; charset=utf-8').send(NO_APP_PAGE);
    return reply.code(404).type('text/plain; charset=utf-8').send('not found (the web app is not built; the API is under /api)\n');
  }
  // The app's asset URLs are relative (base './'), so a page at a nested route such as the
  // shareable /runs/{id} asks for /runs/assets/…: those are the root's /assets/… (D55).
  const nested = urlPath.indexOf('/assets/');
  const found = fileInRoot(root, urlPath) ?? (nested > 0 ? fileInRoot(root, urlPath.slice(nested)) : null);
  // A missing asset (a name with an extension) is a 404, not the app's page under a wrong type.
  if (found === null && extname(urlPath) !== '' && !urlPath.endsWith('.html')) return reply.code(404).type('text/plain; charset=utf-8').send('not found\n');
  const file = found ?? join(root, 'index.html');
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Vite names assets by content hash: they never change; index.html must be revalidated.
  const cache = file.includes(`${root}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  // x-brink-server tells the app it is served by brink serve, so it asks /api/health only then
  // (a probe that 404s on a static host would log an error in the browser's console; D55).
  return reply.type(type).header('cache-control', cache).header('x-content-type-options', 'nosniff').header('x-brink-server', '1').send(createReadStream(file));
}
