/**
 * The browser executor: src/montecarlo's Executor interface over W Web Workers, the twin of the
 * Node worker-thread pool (src/montecarlo/pool-node.ts). Chunks (fixed, or progressive: D68),
 * each worker pulling the next unassigned one (two at a time, so it never waits for the page),
 * and exact integer merges (job.ts), so the aggregate, and so every
 * number of the summary, equals `brink run`'s for the same scenario, seed and runs, for any W.
 *
 * Beyond the interface, `execute` takes options for the web app:
 * - `onPartial(prefix, p)`: the aggregate of chunks 0..m−1 each time that prefix grows. A prefix
 *   of chunks is exactly a run of that many trajectories (m·chunkSize for fixed chunks), so the running estimates are the
 *   results of real, reproducible smaller runs, not of whichever chunks finished first.
 * - `shouldStop(prefix)`: asked at each prefix; true stops dispatching, waits for nothing more,
 *   and resolves with the prefix: the result of a run of that many trajectories (stop when
 *   precise enough).
 * - `signal`: cancels (workers terminated, or for a warm executor left to finish their chunk;
 *   the promise rejects with an AbortError).
 * - `firstChunk`: progressive chunk sizes (the what-if's first estimate after a few trajectories).
 */
import { mergeChunk, validateJob, type ChunkTransfer, type Job } from '../../src/montecarlo/job.js';
import { RunAggregate } from '../../src/montecarlo/aggregate.js';
import { CompareAggregate } from '../../src/montecarlo/compare-aggregate.js';
import type { Executor, JobOutput, JobProgress } from '../../src/montecarlo/executor.js';
import type { FromWorker, ToWorker } from './engine-worker.js';
import type { TraceJson } from '../../src/analysis/trace.js';
import type { Scenario } from '../../src/scenario/index.js';

export interface BrowserRunOptions {
  onPartial?: (prefix: RunAggregate | CompareAggregate, p: JobProgress) => void;
  shouldStop?: (prefix: RunAggregate | CompareAggregate) => boolean;
  signal?: AbortSignal;
  /**
   * Progressive chunks: the first chunk has this many trajectories, each next one twice as many,
   * up to the job's chunk size (D68). The first estimate then needs only these few trajectories.
   * Results are the same for any cut (exact merges, job.ts); only where the prefixes fall moves.
   */
  firstChunk?: number;
}

/** Logical cores the browser reports (at least 1). */
export function defaultBrowserWorkers(): number {
  return Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1));
}

function startWorker(): Worker {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'brink-engine' });
}

/** The trajectory ranges of a job: fixed chunks, or progressive ones from `first` (doubling up to chunkSize). */
export function chunkPlan(runs: number, chunkSize: number, first?: number): [number, number][] {
  const out: [number, number][] = [];
  let size = first === undefined ? chunkSize : Math.max(1, Math.min(chunkSize, Math.floor(first)));
  for (let start = 0; start < runs; start += size, size = Math.min(chunkSize, size * 2)) out.push([start, Math.min(runs, start + size)]);
  return out;
}

export interface BrowserExecutor extends Executor {
  execute(job: Job, onProgress?: (p: JobProgress) => void, opts?: BrowserRunOptions): Promise<JobOutput>;
}

/** A worker and the chunks sent to it that have not come back yet (of any job). */
interface Slot {
  w: Worker;
  inFlight: number;
  /** The job whose `ready` this worker sent last: it may be sent that job's ranges. */
  readyGen: number;
}
type Handler = (slot: Slot, m: FromWorker) => void;

let genCounter = 0;
/** Live jobs by generation; a message of a job no longer here (cancelled, stopped) is dropped. */
const handlers = new Map<number, Handler>();

function newSlot(): Slot {
  const slot: Slot = { w: startWorker(), inFlight: 0, readyGen: -1 };
  slot.w.onmessage = (ev: MessageEvent<FromWorker>) => {
    const m = ev.data;
    if (m.type === 'done') slot.inFlight--;
    if (m.type === 'trace') return;
    const h = m.gen === undefined ? undefined : handlers.get(m.gen);
    if (h) h(slot, m);
    else if (m.type === 'error' && m.gen === undefined) for (const x of handlers.values()) x(slot, m);
  };
  slot.w.onerror = (e) => {
    e.preventDefault();
    // A dead worker leaves the warm pool (a job sent to it would wait for ever).
    const i = warmPool.indexOf(slot);
    if (i >= 0) warmPool.splice(i, 1);
    for (const x of handlers.values()) x(slot, { type: 'error', message: `a Web Worker failed: ${e.message || 'could not start'}` });
  };
  return slot;
}

/** The warm pool (D68): workers kept between jobs, their engine loaded and its code hot in V8's JIT. */
const warmPool: Slot[] = [];
let warmIdle = 0;
/** Warm jobs not yet settled: the pool is not ended under them. */
let warmLive = 0;
const WARM_IDLE_MS = 120_000;

/**
 * `warm: true` keeps the workers after a job (the what-if: each slider move is a new job, and a
 * fresh worker would start with cold, interpreted engine code), ends them after two idle minutes,
 * and on cancel lets a worker finish its chunk in flight instead of terminating it. Otherwise
 * every job starts its own workers and ends them.
 */
export function browserExecutor(options: { workers?: number; warm?: boolean } = {}): BrowserExecutor {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultBrowserWorkers()));
  const warm = options.warm === true;
  const own = new Set<Slot>();
  return {
    workers,
    execute(job, onProgress, opts = {}) {
      validateJob(job);
      const plan = chunkPlan(job.runs, job.chunkSize, opts.firstChunk);
      const chunks = plan.length;
      const n = Math.min(workers, chunks);
      // Each worker holds up to two chunks, so it never waits for the page's thread (summaries,
      // drawing) between chunks; a kept-warm worker one, so a cancelled job delays the next by one chunk at most.
      const depth = warm ? 1 : 2;
      const gen = ++genCounter;
      return new Promise<JobOutput>((resolve, reject) => {
        if (warm) warmLive++;
        let next = 0;
        let chunksDone = 0;
        let trajectoriesDone = 0;
        let prefix: RunAggregate | CompareAggregate | null = null;
        let prefixChunks = 0;
        const pending = new Map<number, { transfer: ChunkTransfer; trajectories: number }>();
        let spec: JobOutput['spec'] | null = null;
        let scenarioHashes: string[] = [];
        let settled = false;
        let stopping = false;
        const pool: Slot[] = [];
        const finish = (err: Error | null): void => {
          if (settled) return;
          settled = true;
          handlers.delete(gen);
          if (warm) warmLive--;
          opts.signal?.removeEventListener('abort', onAbort);
          const failed = err !== null && err.name !== 'AbortError';
          if (!warm || failed) {
            for (const s of pool) {
              own.delete(s);
              s.w.terminate();
              const i = warmPool.indexOf(s);
              if (i >= 0) warmPool.splice(i, 1);
            }
          }
          if (err) reject(err);
          else resolve({ spec: spec!, aggregate: prefix!, scenarioHashes });
        };
        const onAbort = (): void => finish(new DOMException('the run was cancelled', 'AbortError'));
        if (opts.signal?.aborted) return onAbort();
        opts.signal?.addEventListener('abort', onAbort);
        const feed = (s: Slot): void => {
          while (!stopping && !settled && next < chunks && s.readyGen === gen && s.inFlight < depth) {
            const [start, end] = plan[next]!;
            s.inFlight++;
            s.w.postMessage({ type: 'range', gen, seq: next++, start, end } satisfies ToWorker);
          }
        };
        const advance = (): void => {
          // Fold in every chunk that extends the prefix 0..m−1; later ones wait in `pending`.
          let grew = false;
          for (let c = pending.get(prefixChunks); c !== undefined; c = pending.get(prefixChunks)) {
            pending.delete(prefixChunks);
            mergeChunk(prefix!, c.transfer);
            prefixChunks++;
            grew = true;
          }
          if (!grew) return;
          opts.onPartial?.(prefix!, { chunksDone: prefixChunks, chunks, trajectoriesDone: prefix!.runs, runs: job.runs });
          if (prefixChunks === chunks) return finish(null);
          if (opts.shouldStop?.(prefix!)) {
            stopping = true;
            finish(null);
          }
        };
        handlers.set(gen, (s, m) => {
          if (settled) return;
          if (m.type === 'error') return finish(new Error(m.message));
          if (m.type === 'ready') {
            s.readyGen = gen;
            if (prefix === null) {
              spec = m.spec;
              scenarioHashes = m.scenarioHashes;
              prefix = job.kind === 'run' ? new RunAggregate(m.spec) : new CompareAggregate(m.spec, m.arms, undefined, m.probe);
            }
            return feed(s);
          }
          if (m.type !== 'done') return;
          chunksDone++;
          trajectoriesDone += m.result.trajectories;
          pending.set(m.result.chunk, { transfer: m.result.transfer, trajectories: m.result.trajectories });
          // The worker gets its next chunk before the page's thread summarises this one.
          feed(s);
          onProgress?.({ chunksDone, chunks, trajectoriesDone, runs: job.runs });
          try {
            advance();
          } catch (e) {
            return finish(e instanceof Error ? e : new Error(String(e)));
          }
        });
        if (warm) {
          window.clearTimeout(warmIdle);
          while (warmPool.length < n) warmPool.push(newSlot());
        }
        for (let i = 0; i < n; i++) {
          const s = warm ? warmPool[i]! : newSlot();
          pool.push(s);
          own.add(s);
          s.w.postMessage({ type: 'job', job, gen } satisfies ToWorker);
        }
      });
    },
    async close() {
      if (warm) {
        // Kept for the next job; ended after a while without one.
        window.clearTimeout(warmIdle);
        warmIdle = window.setTimeout(() => {
          if (warmLive > 0) return;
          for (const s of warmPool.splice(0)) s.w.terminate();
        }, WARM_IDLE_MS);
        own.clear();
        return;
      }
      for (const s of own) s.w.terminate();
      own.clear();
    },
  };
}

/** One trajectory with its full trace, in a worker (the UI thread stays responsive). */
export function traceInWorker(scenario: Scenario, seed: number, trajectory: number): Promise<TraceJson> {
  const w = startWorker();
  return new Promise<TraceJson>((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      w.terminate();
      if (m.type === 'trace') resolve(m.trace);
      else reject(new Error(m.type === 'error' ? m.message : `unexpected ${m.type}`));
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      reject(new Error(e.message || 'the trace worker failed'));
    };
    w.postMessage({ type: 'trace', scenario, seed, trajectory } satisfies ToWorker);
  });
}
