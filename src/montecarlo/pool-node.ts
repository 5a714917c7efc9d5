/**
 * Worker-thread pool executor (Node only: this is the one montecarlo file that imports
 * node:worker_threads; browser code never imports it, and index.ts does not re-export it).
 *
 * Each worker receives the job once (workerData), compiles it, and then pulls chunks one at a
 * time: a worker that finishes a chunk gets the next unassigned one, so fast and slow workers
 * balance themselves. Chunk aggregates come back as transferred buffers and are merged on
 * arrival; merges are exact integer additions, so arrival order does not matter (job.ts).
 *
 * Worker code: from dist/ (the built CLI) the worker runs dist/montecarlo/worker-entry.js. When
 * this module is loaded from TypeScript sources (vitest, tsx), the worker runs worker-entry.ts
 * through tsx (`--import tsx`), so pool tests need no build step.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { chunkCount, mergeChunk, validateJob, type Job } from './job.js';
import { RunAggregate } from './aggregate.js';
import { CompareAggregate } from './compare-aggregate.js';
import type { Executor, JobOutput, JobProgress } from './executor.js';
import type { FromWorker, ToWorker } from './worker-entry.js';

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function startWorker(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker-entry.js', here), { workerData });
  // From sources: a tiny bootstrap registers tsx's ESM hooks inside the worker, then imports the
  // TypeScript entry (flags such as `--import tsx` in execArgv do not reach worker threads on Node 20).
  const entry = new URL('./worker-entry.ts', here).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

export interface PoolOptions {
  workers?: number;
}

/** A pool that starts its workers per job (a job carries its scenarios in workerData). */
export function poolExecutor(options: PoolOptions = {}): Executor {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const live = new Set<Worker>();
  return {
    workers,
    execute(job: Job, onProgress?: (p: JobProgress) => void): Promise<JobOutput> {
      validateJob(job);
      const chunks = chunkCount(job.runs, job.chunkSize);
      const n = Math.min(workers, chunks);
      return new Promise<JobOutput>((resolve, reject) => {
        let next = 0;
        let chunksDone = 0;
        let trajectoriesDone = 0;
        let total: RunAggregate | CompareAggregate | null = null;
        let spec: JobOutput['spec'] | null = null;
        let scenarioHashes: string[] = [];
        let settled = false;
        const pool: Worker[] = [];
        const finish = (err: Error | null): void => {
          if (settled) return;
          settled = true;
          for (const w of pool) {
            live.delete(w);
            void w.terminate();
          }
          if (err) reject(err);
          else resolve({ spec: spec!, aggregate: total!, scenarioHashes });
        };
        const feed = (w: Worker): void => {
          if (next < chunks) w.postMessage({ type: 'chunk', chunk: next++ } satisfies ToWorker);
        };
        for (let i = 0; i < n; i++) {
          const w = startWorker({ job });
          pool.push(w);
          live.add(w);
          w.on('message', (m: FromWorker) => {
            if (settled) return;
            if (m.type === 'error') {
              const e = new Error(m.message);
              if (m.stack) e.stack = m.stack;
              finish(e);
              return;
            }
            if (m.type === 'ready') {
              if (total === null) {
                // Every worker compiled the same job; the first to be ready fixes the shape.
                spec = m.spec;
                scenarioHashes = m.scenarioHashes;
                total = job.kind === 'run' ? new RunAggregate(m.spec) : new CompareAggregate(m.spec, m.arms, undefined, m.probe);
              }
              feed(w);
              return;
            }
            const r = m.result;
            try {
              mergeChunk(total!, r.transfer);
            } catch (e) {
              finish(e instanceof Error ? e : new Error(String(e)));
              return;
            }
            chunksDone++;
            trajectoriesDone += r.trajectories;
            onProgress?.({ chunksDone, chunks, trajectoriesDone, runs: job.runs });
            if (chunksDone === chunks) finish(null);
            else feed(w);
          });
          w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
          w.on('exit', (code) => {
            if (!settled && code !== 0) finish(new Error(`a worker thread exited with code ${code}`));
          });
        }
      });
    },
    async close() {
      await Promise.all([...live].map((w) => w.terminate()));
      live.clear();
    },
  };
}
