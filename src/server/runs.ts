/**
 * Runs of `brink serve`: request → prepared job → content-addressed id → bounded queue →
 * progressive execution over worker threads → result stored as the exact JSON `brink run --json`
 * prints (D43). Progress (with running estimates and 95% intervals) goes to subscribers after
 * every chunk; a precision target stops the run on a chunk boundary; cancel aborts it.
 */
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { summarizeRun, type RunSummary } from '../analysis/summary.js';
import { formatJson } from '../analysis/json.js';
import { EVENTS, RunAggregate, CHUNK_SIZE } from '../montecarlo/index.js';
import { runProgressive } from '../montecarlo/progressive-node.js';
import type { Executor } from '../montecarlo/executor.js';
import { ENGINE_VERSION } from '../model/version.js';
import { applySetPaths, canonicalJson, loadScenarioText, MAX_INPUT_BYTES, parseAssignment, type Issue, type Scenario, type SetAssignment } from '../scenario/node.js';
import { scenarioHash } from '../scenario/compile.js';
import { sha256Hex, type RunRow, type Store, FINAL_STATUSES } from '../store/store.js';
import { applyPolicies, checkScenarioLimits, resolvePolicy, resolveScenario, type Library, type ScenarioLimits } from './scenario-source.js';

export const PrecisionSchema = z
  .strictObject({
    outcome: z.string().min(1).max(100).describe('an outcome key: drawnIn, article4, article5, collectiveDefense, horizontal, partnerCollapse, nuclearUse, or rung4.THEATRE'),
    halfWidth: z.number().gt(0).max(0.5).describe("stop once the outcome's 95% Wilson interval has a half-width ((hi − lo)/2) at most this"),
  })
  .describe('stop at the first chunk boundary (256 trajectories) where the target is met; the result equals a run of that many trajectories');

export const RunRequestSchema = z.strictObject({
  scenario: z.string().min(1).max(MAX_INPUT_BYTES).describe('a built-in scenario name (baseline-2025), a stored scenario id (s_…), or scenario YAML text'),
  runs: z.number().int().min(1).max(1e9).describe('number of trajectories'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('master seed; trajectory k uses keyed random numbers of (seed, k)'),
  policies: z.array(z.string().min(1).max(MAX_INPUT_BYTES)).max(8).optional().describe('built-in policy names or policy YAML texts, applied in order before `set`'),
  set: z.array(z.string().min(1).max(1000)).max(100).optional().describe('PATH=VALUE assignments, as brink run --set (docs/scenarios.md)'),
  focal: z.string().min(1).max(64).optional().describe("the collective-defence alliance whose point of view the headline gives (brink run --focal)"),
  precision: PrecisionSchema.optional(),
});
export type RunRequest = z.infer<typeof RunRequestSchema>;

/** The normalised, self-contained request stored with a run: enough to recompute it anywhere (verify). */
export interface StoredRequest {
  kind: 'run';
  engineVersion: string;
  /** The scenario after includes and policies, before `set` (plain data; includes already merged). */
  scenario: Scenario;
  policies: { name: string; sha256: string }[];
  sets: string[];
  seed: number;
  runs: number;
  focal: string | null;
  precision: { outcome: string; halfWidth: number } | null;
  /** Hash of the scenario as simulated (after sets). */
  scenarioHash: string;
}

export interface Prepared {
  id: string;
  request: StoredRequest;
  scenario: Scenario;
}

export interface Estimate {
  /** null when no trajectory has run (never in a progress event). */
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  count: number;
}

export interface ProgressEvent {
  id: string;
  status: 'running';
  chunksDone: number;
  chunks: number;
  trajectoriesDone: number;
  runs: number;
  /** Every outcome's running estimate and 95% Wilson interval (rung ≥ 4 per theatre as rung4.THEATRE). */
  estimates: Record<string, Estimate>;
}

export interface ServerLimits extends ScenarioLimits {
  maxRuns: number;
  /** Runs executing at once. */
  concurrency: number;
  /** Runs waiting (beyond those executing); a request beyond it gets 429. */
  maxQueued: number;
  /** Worker threads per run. */
  workersPerRun: number;
}

export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 429,
    readonly issues: Issue[],
    message = 'the request was refused',
  ) {
    super(message);
  }
}

export const outcomeKeys = (s: Scenario): string[] => [...EVENTS.map((e) => e.key), ...s.theatres.map((t) => `rung4.${t.id}`)];

function applySets(scenario: Scenario, texts: readonly string[]): { scenario: Scenario; sets: string[] } | { issues: Issue[] } {
  const sets: SetAssignment[] = [];
  const issues: Issue[] = [];
  texts.forEach((t, i) => {
    const a = parseAssignment(t);
    if ('code' in a) issues.push({ ...a, path: `set[${i}]` });
    else sets.push(a);
  });
  if (issues.length > 0) return { issues };
  if (sets.length === 0) return { scenario, sets: [] };
  const r = applySetPaths(scenario, sets);
  if (!r.ok) {
    // An issue is at the path as typed: name the assignment it lies on (else the list as a whole).
    const at = (path: string): string => {
      const j = sets.findIndex((a) => path !== '' && (a.path.startsWith(path) || path.startsWith(a.path)));
      return j >= 0 ? `set[${j}]` : 'set';
    };
    return { issues: r.issues.map((i) => ({ ...i, path: at(i.path), message: i.path !== '' ? `${i.path}: ${i.message}` : i.message })) };
  }
  return { scenario: r.scenario, sets: sets.map((a) => `${a.path}=${a.value}`) };
}

/** The content address of a run: a hash of everything that determines its result bytes. */
export function runId(r: StoredRequest, basisHash: string): string {
  return `r_${sha256Hex(
    canonicalJson({
      kind: r.kind,
      engineVersion: r.engineVersion,
      basisHash,
      policies: r.policies.map((p) => p.sha256),
      sets: r.sets,
      scenarioHash: r.scenarioHash,
      seed: r.seed,
      runs: r.runs,
      focal: r.focal,
      precision: r.precision,
    }),
  ).slice(0, 40)}`;
}

/** What a request's scenario, policies and sets resolve to. */
export interface ResolvedScenario {
  /** After includes and policies, before sets. */
  basis: Scenario;
  /** As simulated. */
  scenario: Scenario;
  policies: { name: string; sha256: string }[];
  sets: string[];
}

/** Resolves `scenario`, `policies` and `set` of a request (runs, traces); throws RequestError with issues by field path. */
export function resolveRequestScenario(body: { scenario: string; policies?: string[] | undefined; set?: string[] | undefined }, lib: Library, store: Store, limits: ScenarioLimits): ResolvedScenario {
  const base = resolveScenario(body.scenario, lib, store);
  if (!base.ok) throw new RequestError(base.status, base.issues);
  const policies = (body.policies ?? []).map((p, i) => resolvePolicy(p, lib, `policies[${i}]`));
  const bad = policies.filter((p) => !p.ok);
  if (bad.length > 0) throw new RequestError(bad.some((p) => !p.ok && p.status === 400) ? 400 : 404, bad.flatMap((p) => (p.ok ? [] : p.issues)));
  const ok = policies.flatMap((p) => (p.ok ? [p] : []));
  const applied = applyPolicies(base.scenario, ok, (i) => `policies[${i}]`);
  if ('issues' in applied) throw new RequestError(400, applied.issues);
  const set = applySets(applied.scenario, body.set ?? []);
  if ('issues' in set) throw new RequestError(400, set.issues);
  const limitIssues = checkScenarioLimits(set.scenario, limits, 'scenario');
  if (limitIssues.length > 0) throw new RequestError(400, limitIssues);
  return { basis: applied.scenario, scenario: set.scenario, policies: ok.map((p) => ({ name: p.name, sha256: sha256Hex(canonicalJson(p.policyFile)) })), sets: set.sets };
}

/** Validates a request against the scenario, limits and library; throws RequestError with issues by field path. */
export function prepareRun(body: RunRequest, lib: Library, store: Store, limits: ServerLimits): Prepared {
  if (body.runs > limits.maxRuns) throw new RequestError(400, [{ code: 'out-of-range', path: 'runs', message: `at most ${limits.maxRuns} runs per request on this server (--max-runs)` }]);
  const { basis, scenario, policies, sets } = resolveRequestScenario(body, lib, store, limits);
  if (body.focal !== undefined) {
    const known = scenario.alliances.filter((a) => a.kind === 'collective-defense').map((a) => a.id);
    if (!known.includes(body.focal)) throw new RequestError(400, [{ code: 'unknown-reference', path: 'focal', message: `unknown collective-defence alliance (known: ${known.join(', ') || 'none'})` }]);
  }
  if (body.precision !== undefined && !outcomeKeys(scenario).includes(body.precision.outcome)) {
    throw new RequestError(400, [{ code: 'invalid-value', path: 'precision.outcome', message: `unknown outcome key (known: ${outcomeKeys(scenario).join(', ')})` }]);
  }
  const request: StoredRequest = {
    kind: 'run',
    engineVersion: ENGINE_VERSION,
    scenario: basis,
    policies,
    sets,
    seed: body.seed,
    runs: body.runs,
    focal: body.focal ?? null,
    precision: body.precision ?? null,
    scenarioHash: scenarioHash(scenario),
  };
  return { id: runId(request, scenarioHash(basis)), request, scenario };
}

/** Rebuilds a prepared run from its stored request (verify, requeue); throws when the request does not reproduce its own hashes. */
export function preparedFromStored(text: string): Prepared {
  const r = JSON.parse(text) as StoredRequest;
  const loaded = loadScenarioText(JSON.stringify(r.scenario), 'stored-request.json');
  if (loaded.scenario === null) throw new Error('the stored request holds an invalid scenario');
  const set = applySets(loaded.scenario, r.sets);
  if ('issues' in set) throw new Error('the stored request holds invalid sets');
  if (scenarioHash(set.scenario) !== r.scenarioHash) throw new Error('the stored request does not reproduce its scenario hash');
  return { id: runId(r, scenarioHash(loaded.scenario)), request: r, scenario: set.scenario };
}

/** Running estimates of every outcome from a summary. */
export function estimatesOf(s: RunSummary): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  const { rung4ByTheatre, ...events } = s.probabilities;
  const pick = (p: Estimate): Estimate => ({ estimate: p.estimate, lo: p.lo, hi: p.hi, count: p.count });
  for (const [k, p] of Object.entries(events)) out[k] = pick(p);
  for (const [t, p] of Object.entries(rung4ByTheatre)) out[`rung4.${t}`] = pick(p);
  return out;
}

/** The summary JSON text, exactly as `brink run --json` builds it (without the final newline). */
export function runResultText(agg: RunAggregate, p: Prepared, scenarioHashOut: string): { text: string; summary: RunSummary } {
  const r = p.request;
  const run = summarizeRun(agg, { engineVersion: ENGINE_VERSION, scenario: p.scenario.name, scenarioHash: scenarioHashOut, seed: r.seed }, r.focal !== null ? { focal: r.focal } : {});
  const summary = { ...run, provenance: { ...run.provenance, ...(r.sets.length > 0 ? { sets: [...r.sets] } : {}) } };
  return { text: formatJson(summary), summary };
}

export interface Execution {
  text: string;
  trajectories: number;
  ending: 'complete' | 'stopped' | 'cancelled';
}

/** Runs a prepared job progressively; onProgress after each chunk. */
export async function executeRun(p: Prepared, workers: number, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution> {
  const r = p.request;
  const job = { kind: 'run' as const, scenario: p.scenario, seed: r.seed, runs: r.runs, chunkSize: CHUNK_SIZE };
  let scenarioHashOut = '';
  const out = await runProgressive(job, {
    workers,
    ...(signal !== undefined ? { signal } : {}),
    onChunk: (total, q) => {
      const { summary } = runResultText(total as RunAggregate, p, scenarioHashOut);
      const estimates = estimatesOf(summary);
      onProgress({ id: p.id, status: 'running', chunksDone: q.chunksMerged, chunks: q.chunks, trajectoriesDone: q.trajectoriesMerged, runs: q.runs, estimates });
      if (r.precision === null) return false;
      const e = estimates[r.precision.outcome];
      return e !== undefined && e.hi !== null && e.lo !== null && (e.hi - e.lo) / 2 <= r.precision.halfWidth;
    },
  });
  scenarioHashOut = out.output.scenarioHashes[0] ?? '';
  const { text } = runResultText(out.output.aggregate as RunAggregate, p, scenarioHashOut);
  return { text, trajectories: out.trajectoriesMerged, ending: out.ending };
}

type Active = { controller: AbortController; last: ProgressEvent | null };

/**
 * Runs a prepared job on another executor (`brink serve --queue`: the BullMQ queue, D57). The
 * executor merges chunks itself, so progress events carry counts but no estimates, and there is no
 * precision stop (the server refuses a precision target in that mode). A cancel stops waiting and
 * closes the executor; the result bytes equal a local run's (the queue's protocol guarantees it).
 */
export async function executeRunOn(p: Prepared, executor: Executor, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution> {
  const r = p.request;
  const job = { kind: 'run' as const, scenario: p.scenario, seed: r.seed, runs: r.runs, chunkSize: CHUNK_SIZE };
  const aborted = new Promise<null>((resolve) => {
    if (signal?.aborted) resolve(null);
    signal?.addEventListener('abort', () => resolve(null), { once: true });
  });
  try {
    const out = await Promise.race([
      executor.execute(job, (q) => onProgress({ id: p.id, status: 'running', chunksDone: q.chunksDone, chunks: q.chunks, trajectoriesDone: q.trajectoriesDone, runs: q.runs, estimates: {} })),
      aborted,
    ]);
    if (out === null) return { text: '', trajectories: 0, ending: 'cancelled' };
    const { text } = runResultText(out.aggregate as RunAggregate, p, out.scenarioHashes[0] ?? '');
    return { text, trajectories: r.runs, ending: 'complete' };
  } finally {
    await executor.close();
  }
}

/** Anything the queue executes: a run, or another kind (compares.ts) with its own execution. */
export interface Submission {
  id: string;
  request: { kind: string; runs: number };
  execute(workers: number, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution>;
}


/**
 * The queue: at most `concurrency` runs execute, at most `maxQueued` wait; state lives in the
 * store (so a restart sees it), live progress in memory (subscribers of `events`).
 */
export class RunQueue {
  readonly events = new EventEmitter();
  private readonly waiting: Submission[] = [];
  private readonly active = new Map<string, Active>();
  private executing = 0;
  private closed = false;
  /** The executing runs' promises, so that close() can wait for their last write to the store. */
  private readonly running = new Set<Promise<void>>();
  /** Ends live runs as interrupted rather than cancelled (server shutdown). */
  private shuttingDown = false;

  constructor(
    private readonly store: Store,
    private readonly limits: ServerLimits,
    private readonly log: (msg: string) => void = () => {},
    /** Where runs execute instead of local worker threads (`brink serve --queue`): a fresh executor per run. */
    private readonly remote?: () => Executor,
  ) {
    this.events.setMaxListeners(0);
  }

  /** The row for a prepared run: the existing one (no recomputation) or a newly queued one. */
  submit(prepared: Prepared | Submission): { row: RunRow; created: boolean } {
    const p: Submission = 'execute' in prepared ? prepared : this.submission(prepared);
    const existing = this.store.getRun(p.id);
    if (existing !== null && !FINAL_STATUSES.includes(existing.status)) return { row: existing, created: false };
    if (existing !== null && existing.status === 'done') return { row: existing, created: false };
    if (this.waiting.length >= this.limits.maxQueued) {
      throw new RequestError(429, [{ code: 'queue-full', path: '', message: `the run queue is full (${this.limits.maxQueued} waiting, --max-queued); try again later` }], 'the run queue is full');
    }
    this.store.enqueueRun(p.id, p.request.kind, JSON.stringify(p.request), p.request.runs);
    this.waiting.push(p);
    this.active.set(p.id, { controller: new AbortController(), last: null });
    queueMicrotask(() => this.pump());
    return { row: this.store.getRun(p.id)!, created: true };
  }

  private submission(p: Prepared): Submission {
    const remote = this.remote;
    return { id: p.id, request: p.request, execute: (w, on, signal) => (remote !== undefined ? executeRunOn(p, remote(), on, signal) : executeRun(p, w, on, signal)) };
  }

  lastProgress(id: string): ProgressEvent | null {
    return this.active.get(id)?.last ?? null;
  }

  isLive(id: string): boolean {
    return this.active.has(id);
  }

  /** Cancels a queued or running run; false when it is not live. */
  cancel(id: string): boolean {
    const a = this.active.get(id);
    if (a === undefined) return false;
    const ix = this.waiting.findIndex((w) => w.id === id);
    if (ix >= 0) {
      this.waiting.splice(ix, 1);
      this.active.delete(id);
      this.store.endRun(id, this.shuttingDown ? 'interrupted' : 'cancelled', null);
      this.events.emit(id, { type: 'end' });
      return true;
    }
    a.controller.abort();
    return true;
  }

  /** Runs waiting or executing. */
  get load(): number {
    return this.active.size;
  }

  private pump(): void {
    while (!this.closed && this.executing < this.limits.concurrency && this.waiting.length > 0) {
      const p = this.waiting.shift()!;
      this.executing++;
      const running = this.run(p).finally(() => {
        this.executing--;
        this.running.delete(running);
        this.pump();
      });
      this.running.add(running);
    }
  }

  private async run(p: Submission): Promise<void> {
    const a = this.active.get(p.id)!;
    this.store.setRunning(p.id);
    try {
      const ex = await p.execute(
        this.limits.workersPerRun,
        (e) => {
          a.last = e;
          this.store.setProgress(p.id, e.trajectoriesDone);
          this.events.emit(p.id, { type: 'progress', data: e });
        },
        a.controller.signal,
      );
      if (ex.ending === 'cancelled') this.store.endRun(p.id, this.shuttingDown ? 'interrupted' : 'cancelled', null);
      else this.store.finishRun(p.id, ex.text, ex.trajectories);
    } catch (e) {
      if (a.controller.signal.aborted) this.store.endRun(p.id, this.shuttingDown ? 'interrupted' : 'cancelled', null);
      else {
        // The message may quote internals; the client gets a fixed text, the log the detail.
        this.log(`run ${p.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.store.endRun(p.id, 'failed', 'the run failed inside the engine; the server log has the detail');
      }
    } finally {
      this.active.delete(p.id);
      this.events.emit(p.id, { type: 'end' });
    }
  }

  /**
   * Stops taking work and stops everything live (server shutdown): those rows end interrupted.
   * Resolves once every executing run has written its last state, so the store can be closed.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.shuttingDown = true;
    for (const id of [...this.active.keys()]) this.cancel(id);
    await Promise.allSettled([...this.running]);
  }
}
