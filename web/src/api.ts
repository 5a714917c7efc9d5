/**
 * Every call the web app makes to `brink serve` (docs/api.md), in one place: POST /api/runs
 * {scenario, runs, seed, precision?} → {id, status}; GET /api/runs/{id} → status and, when done,
 * the summary of `brink run --json`; GET /api/runs/{id}/events → server-sent progress with the
 * running estimates, read through fetch (not EventSource) so that a bearer token can be sent;
 * cancel, verify; scenario CRUD; /api/health to detect the server.
 *
 * Errors come back as data (an HTTP status, the server's `error` text and its issue list), so a
 * view can show a validation issue at its field or line; status 0 means no connection.
 */
import type { Issue } from '../../src/scenario/index.js';
import type { RunSummary } from '../../src/analysis/summary.js';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string; issues: Issue[] };

export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface RunBody {
  /** A built-in name, a stored scenario id, or YAML text. */
  scenario: string;
  runs: number;
  seed: number;
  precision?: { outcome: string; halfWidth: number };
}

export interface Estimate {
  estimate: number;
  lo: number | null;
  hi: number | null;
  count: number;
}

export interface RunProgress {
  id: string;
  status: RunState;
  chunksDone: number;
  chunks: number;
  trajectoriesDone: number;
  runs: number;
  estimates: Record<string, Estimate>;
}

export interface RunStatus {
  id: string;
  kind: string;
  status: RunState;
  runs: number;
  trajectoriesDone: number;
  resultSha256?: string;
  error?: string;
  result?: RunSummary;
  progress?: RunProgress;
}

export interface VerifyAnswer {
  id: string;
  identical: boolean;
  storedIntact: boolean;
  idMatches: boolean;
  storedSha256: string;
  recomputedSha256: string;
  engineVersion: string;
}

/** The bearer token (`brink serve --token`), kept in this browser's localStorage under brink.token. */
function authHeaders(): Record<string, string> {
  let t: string | null = null;
  try {
    t = localStorage.getItem('brink.token');
  } catch {
    t = null;
  }
  return t ? { authorization: `Bearer ${t}` } : {};
}

async function call<T>(method: string, path: string, body?: unknown, base = ''): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`${base}/api${path}`, {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    return { ok: false, status: 0, message: `no connection to the server (${e instanceof Error ? e.message : String(e)})`, issues: [] };
  }
  let text = '';
  try {
    text = await res.text();
  } catch (e) {
    return { ok: false, status: 0, message: `the connection to the server was lost (${e instanceof Error ? e.message : String(e)})`, issues: [] };
  }
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!res.ok) {
    const j = (json ?? {}) as { error?: unknown; issues?: unknown };
    return { ok: false, status: res.status, message: typeof j.error === 'string' ? j.error : `HTTP ${res.status}`, issues: Array.isArray(j.issues) ? (j.issues as Issue[]) : [] };
  }
  return { ok: true, value: json as T };
}

/** True when this page is served by `brink serve`: its files say so and its health check answers as the API does. */
export async function serverAvailable(base = ''): Promise<boolean> {
  // brink serve marks the app's own files with x-brink-server; a static host does not, and is not
  // probed further (a 404 of /api/health would show as an error in the console).
  try {
    const page = await fetch(base === '' ? new URL('./', location.href) : `${base}/`, { cache: 'no-store' });
    if (page.headers.get('x-brink-server') === null) return false;
  } catch {
    return false;
  }
  const r = await call<{ ok?: unknown; engineVersion?: unknown }>('GET', '/health', undefined, base);
  return r.ok && r.value !== null && typeof r.value === 'object' && r.value.ok === true && typeof r.value.engineVersion === 'string';
}

const enc = encodeURIComponent;
export const startRun = (body: RunBody, base = '') => call<{ id: string; status: RunState; created: boolean }>('POST', '/runs', body, base);
export const getRun = (id: string, base = '') => call<RunStatus>('GET', `/runs/${enc(id)}`, undefined, base);
export const cancelRun = (id: string, base = '') => call<{ id: string; status: 'cancelling' }>('POST', `/runs/${enc(id)}/cancel`, undefined, base);
export const verifyRun = (id: string, base = '') => call<VerifyAnswer>('POST', `/runs/${enc(id)}/verify`, undefined, base);
export const resultUrl = (id: string, file: 'result.json' | 'summary.csv' | 'report.html', base = '') => `${base}/api/runs/${enc(id)}/${file}`;

export interface RunEvent {
  event: 'done' | 'end';
  data: RunStatus;
}

/**
 * Reads the server-sent events of a run through fetch. Resolves with the final event (`done` or
 * `end`), or with null when the stream broke before it (a lost connection, a stopped server);
 * the caller then re-reads the status and reconnects. `signal` closes the stream.
 */
export function watchRun(id: string, onProgress: (p: RunProgress) => void, signal: AbortSignal, base = ''): Promise<RunEvent | null> {
  return watchEvents(`/runs/${enc(id)}/events`, onProgress, signal, base);
}

async function watchEvents<S = RunStatus>(path: string, onProgress: (p: RunProgress) => void, signal: AbortSignal, base = ''): Promise<{ event: 'done' | 'end'; data: S } | null> {
  let res: Response;
  try {
    res = await fetch(`${base}/api${path}`, { headers: { ...authHeaders(), accept: 'text/event-stream' }, signal });
  } catch {
    return null;
  }
  if (!res.ok || res.body === null) return null;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buf += value;
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(data);
        } catch {
          continue; // a malformed event is skipped
        }
        if (event === 'progress') onProgress(parsed as RunProgress);
        else if (event === 'done' || event === 'end') return { event, data: parsed as S };
      }
    }
  } catch {
    return null;
  } finally {
    reader.releaseLock();
  }
}

export interface StoredScenarioInfo {
  id: string;
  name: string;
  version: number;
}
export interface ScenarioList {
  builtin: { name: string }[];
  stored: StoredScenarioInfo[];
  policies: string[];
}
export const listScenarios = (base = '') => call<ScenarioList>('GET', '/scenarios', undefined, base);
export const getScenario = (ref: string, base = '') => call<{ id: string; builtin: boolean; name: string; yaml: string; version?: number }>('GET', `/scenarios/${enc(ref)}`, undefined, base);
export const createScenario = (yaml: string, base = '') => call<{ id: string; name: string; version: number }>('POST', '/scenarios', { yaml }, base);
export const updateScenario = (id: string, yaml: string, version: number, base = '') => call<{ id: string; name: string; version: number }>('PUT', `/scenarios/${enc(id)}`, { yaml, version }, base);
export const deleteScenario = (id: string, base = '') => call<null>('DELETE', `/scenarios/${enc(id)}`, undefined, base);

/**
 * Sweeps and sensitivity studies on the server (docs/api.md, D57): stored under `w_…` / `t_…`
 * ids, followed through the same kind of event stream as runs (their progress estimates are
 * paired differences), reopened at /sweeps/{id} and /sensitivities/{id} (D66).
 */
export type StudyKind = 'sweeps' | 'sensitivities';
export interface StudyStatus<T> {
  id: string;
  kind: string;
  status: RunState;
  runs: number;
  trajectoriesDone: number;
  resultSha256?: string;
  error?: string;
  result?: T;
  progress?: RunProgress;
}
export interface SweepBody {
  scenario: string;
  param?: string;
  lever?: string;
  alliance?: string;
  field?: string;
  /** One value per element (as `brink sweep --values`, split at the commas). */
  values: string[];
  runs: number;
  seed: number;
}
export interface SensitivityBody {
  scenario: string;
  params: string[];
  low: number;
  high: number;
  outcome: string;
  runs: number;
  seed: number;
}
type Accepted = { id: string; status: RunState; created: boolean };
export const startSweep = (body: SweepBody, base = '') => call<Accepted>('POST', '/sweeps', body, base);
export const startSensitivity = (body: SensitivityBody, base = '') => call<Accepted>('POST', '/sensitivities', body, base);
export const getStudy = <T>(kind: StudyKind, id: string, base = '') => call<StudyStatus<T>>('GET', `/${kind}/${enc(id)}`, undefined, base);
export const cancelStudy = (kind: StudyKind, id: string, base = '') => call<{ id: string; status: 'cancelling' }>('POST', `/${kind}/${enc(id)}/cancel`, undefined, base);
export const verifyStudy = (kind: StudyKind, id: string, base = '') => call<VerifyAnswer>('POST', `/${kind}/${enc(id)}/verify`, undefined, base);
export const studyFileUrl = (kind: StudyKind, id: string, file: 'result.json' | 'sweep.csv' | 'sensitivity.csv' | 'report.html', base = '') => `${base}/api/${kind}/${enc(id)}/${file}`;
export const watchStudy = <T>(kind: StudyKind, id: string, onProgress: (p: RunProgress) => void, signal: AbortSignal, base = '') =>
  watchEvents<StudyStatus<T>>(`/${kind}/${enc(id)}/events`, onProgress, signal, base);
