/**
 * The browser executor: src/montecarlo's Executor interface over W Web Workers, the twin of the
 * Node worker-thread pool (src/montecarlo/pool-node.ts). Fixed chunks, each worker pulling the
 * next unassigned chunk, and exact integer merges (job.ts), so the aggregate, and so every
 * number of the summary, equals `brink run`'s for the same scenario, seed and runs, for any W.
 *
 * Beyond the interface, `execute` takes options for the web app:
 * - `onPartial(prefix, p)`: the aggregate of chunks 0..m−1 each time that prefix grows. A prefix
 *   of chunks is exactly a run of m·chunkSize trajectories, so the running estimates are the
 *   results of real, reproducible smaller runs, not of whichever chunks finished first.
 * - `shouldStop(prefix)`: asked at each prefix; true stops dispatching, waits for nothing more,
 *   and resolves with the prefix: the result of a run of that many trajectories (stop when
 *   precise enough).
 * - `signal`: cancels (workers terminated, the promise rejects with an AbortError).
 */
import { chunkCount, mergeChunk, validateJob, type ChunkTransfer, type Job } from '../../src/montecarlo/job.js';
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
}

/** Logical cores the browser reports (at least 1). */
export function defaultBrowserWorkers(): number {
  return Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1));
}

function startWorker(): Worker {
  return new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'brink-engine' });
}

export interface BrowserExecutor extends Executor {
  execute(job: Job, onProgress?: (p: JobProgress) => void, opts?: BrowserRunOptions): Promise<JobOutput>;
}

export function browserExecutor(options: { workers?: number } = {}): BrowserExecutor {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultBrowserWorkers()));
  const live = new Set<Worker>();
  return {
    workers,
    execute(job, onProgress, opts = {}) {
      validateJob(job);
      const chunks = chunkCount(job.runs, job.chunkSize);
      const n = Math.min(workers, chunks);
      return new Promise<JobOutput>((resolve, reject) => {
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
        const pool: Worker[] = [];
        const finish = (err: Error | null): void => {
          if (settled) return;
          settled = true;
          opts.signal?.removeEventListener('abort', onAbort);
          for (const w of pool) {
            live.delete(w);
            w.terminate();
          }
          if (err) reject(err);
          else resolve({ spec: spec!, aggregate: prefix!, scenarioHashes });
        };
        const onAbort = (): void => finish(new DOMException('the run was cancelled', 'AbortError'));
        if (opts.signal?.aborted) return onAbort();
        opts.signal?.addEventListener('abort', onAbort);
        const feed = (w: Worker): void => {
          if (!stopping && next < chunks) w.postMessage({ type: 'chunk', chunk: next++ } satisfies ToWorker);
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
        for (let i = 0; i < n; i++) {
          const w = startWorker();
          pool.push(w);
          live.add(w);
          w.onmessage = (ev: MessageEvent<FromWorker>) => {
            if (settled) return;
            const m = ev.data;
            if (m.type === 'error') return finish(new Error(m.message));
            if (m.type === 'trace') return;
            if (m.type === 'ready') {
              if (prefix === null) {
                spec = m.spec;
                scenarioHashes = m.scenarioHashes;
                prefix = job.kind === 'run' ? new RunAggregate(m.spec) : new CompareAggregate(m.spec, m.arms, undefined, m.probe);
              }
              return feed(w);
            }
            chunksDone++;
            trajectoriesDone += m.result.trajectories;
            pending.set(m.result.chunk, { transfer: m.result.transfer, trajectories: m.result.trajectories });
            onProgress?.({ chunksDone, chunks, trajectoriesDone, runs: job.runs });
            try {
              advance();
            } catch (e) {
              return finish(e instanceof Error ? e : new Error(String(e)));
            }
            feed(w);
          };
          w.onerror = (e) => {
            e.preventDefault();
            finish(new Error(`a Web Worker failed: ${e.message || 'could not start'}`));
          };
          w.postMessage({ type: 'job', job } satisfies ToWorker);
        }
      });
    },
    async close() {
      for (const w of live) w.terminate();
      live.clear();
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
