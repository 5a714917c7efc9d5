/**
 * Test helper (not built into dist/): a real server on a loopback port chosen by the OS, over a
 * real SQLite file in a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Store } from '../store/store.js';
import { buildServer, DEFAULT_LIMITS, type ServerOptions } from './app.js';
import type { ServerLimits } from './runs.js';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
/** A three-actor scenario that runs ~10× faster than the built-ins. */
export const MINIMAL_YAML = readFileSync(join(repo, 'test/fixtures/minimal.yaml'), 'utf8');

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  dir: string;
  dbPath: string;
  /** Closes the server and the store (the folder stays, for a restart). */
  stop(): Promise<void>;
  /** stop() and remove the folder. */
  close(): Promise<void>;
}

export async function startServer(opts: { limits?: Partial<ServerLimits>; token?: string; bodyLimit?: number; webRoot?: string; dir?: string; queue?: { url: string; name?: string } } = {}): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'brink-serve-'));
  const dbPath = join(dir, 'brink.db');
  const store = new Store(dbPath);
  const so: ServerOptions = {
    store,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    webRoot: opts.webRoot ?? join(dir, 'no-web'),
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.bodyLimit !== undefined ? { bodyLimit: opts.bodyLimit } : {}),
    ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
  };
  const app = await buildServer(so);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await app.close();
    store.close();
  };
  return { url, app, store, dir, dbPath, stop, close: async () => { await stop(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Polls a run until it is in a final state (no timing assumption beyond the test timeout). */
export async function waitFinal(base: string, id: string, headers: Record<string, string> = {}): Promise<any> {
  for (;;) {
    const r = await api(base, 'GET', `/api/runs/${id}`, undefined, headers);
    if (r.status !== 200) throw new Error(`GET run: ${r.status} ${r.text}`);
    if (!['queued', 'running'].includes(r.json.status)) return r.json;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Reads a server-sent-events stream to its end: the events in order. */
export async function readEvents(base: string, id: string): Promise<{ event: string; data: any }[]> {
  const res = await fetch(`${base}/api/runs/${id}/events`);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((b) => {
      const ev = /^event: (.*)$/m.exec(b)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(b)?.[1] ?? 'null';
      return { event: ev, data: JSON.parse(data) };
    });
}
