/**
 * Every call the web app makes to `brink serve` (issue 15), in one place, following its contract:
 * POST /api/runs {scenario, runs, seed, policies?, set?, focal?, precision?} → {id, status};
 * GET /api/runs/{id} → status and, when done, the summary of `brink run --json`;
 * GET /api/runs/{id}/events → server-sent progress with running estimates; POST …/verify;
 * the same for compare, sweep, sensitivity and trace; scenarios CRUD; /api/openapi.json.
 *
 * Nothing calls it yet except `serverAvailable` (the app runs everything in Web Workers until
 * the server lands); errors come back as data (an HTTP status and the server's issue list) so a
 * view can show a validation issue at its field.
 */
import type { Issue } from '../../src/scenario/index.js';
import type { RunSummary } from '../../src/analysis/summary.js';

export type RunKind = 'runs' | 'compare' | 'sweep' | 'sensitivity' | 'trace';

export interface RunBody {
  /** A built-in name, a stored scenario id, or YAML text. */
  scenario: string;
  runs: number;
  seed: number;
  policies?: string[];
  set?: string[];
  focal?: string;
  precision?: number;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string; issues: Issue[] };

export interface RunStatus {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  result?: RunSummary;
}

async function call<T>(method: string, path: string, body?: unknown, base = ''): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`${base}/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    return { ok: false, status: 0, message: `no connection to the server (${e instanceof Error ? e.message : String(e)})`, issues: [] };
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    const j = (json ?? {}) as { message?: unknown; issues?: unknown };
    return { ok: false, status: res.status, message: typeof j.message === 'string' ? j.message : `HTTP ${res.status}`, issues: Array.isArray(j.issues) ? (j.issues as Issue[]) : [] };
  }
  return { ok: true, value: json as T };
}

/** True when this page is served by `brink serve` (its OpenAPI document answers). */
export async function serverAvailable(base = ''): Promise<boolean> {
  const r = await call<unknown>('GET', '/openapi.json', undefined, base);
  return r.ok;
}

export const startRun = (kind: RunKind, body: RunBody, base = '') => call<{ id: string; status: RunStatus['status'] }>('POST', `/${kind}`, body, base);
export const getRun = (kind: RunKind, id: string, base = '') => call<RunStatus>('GET', `/${kind}/${encodeURIComponent(id)}`, undefined, base);
export const cancelRun = (kind: RunKind, id: string, base = '') => call<RunStatus>('POST', `/${kind}/${encodeURIComponent(id)}/cancel`, undefined, base);
export const verifyRun = (kind: RunKind, id: string, base = '') => call<{ identical: boolean }>('POST', `/${kind}/${encodeURIComponent(id)}/verify`, undefined, base);

/** Server-sent progress of a run: each event's JSON to `onEvent`; a lost connection to `onError` (EventSource retries by itself). */
export function watchRun(kind: RunKind, id: string, onEvent: (data: unknown) => void, onError: () => void, base = ''): () => void {
  const es = new EventSource(`${base}/api/${kind}/${encodeURIComponent(id)}/events`);
  es.onmessage = (m) => {
    try {
      onEvent(JSON.parse(m.data as string));
    } catch {
      /* a malformed event is skipped */
    }
  };
  es.onerror = onError;
  return () => es.close();
}

export interface StoredScenario {
  id: string;
  name: string;
  text: string;
}
export const listScenarios = (base = '') => call<StoredScenario[]>('GET', '/scenarios', undefined, base);
export const getScenario = (id: string, base = '') => call<StoredScenario>('GET', `/scenarios/${encodeURIComponent(id)}`, undefined, base);
export const createScenario = (text: string, base = '') => call<StoredScenario>('POST', '/scenarios', { text }, base);
export const updateScenario = (id: string, text: string, base = '') => call<StoredScenario>('PUT', `/scenarios/${encodeURIComponent(id)}`, { text }, base);
export const deleteScenario = (id: string, base = '') => call<null>('DELETE', `/scenarios/${encodeURIComponent(id)}`, undefined, base);
