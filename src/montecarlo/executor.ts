/**
 * Executors: where the chunks of a job run. One interface, several implementations:
 * `inlineExecutor` (this thread; also what a browser Web Worker would use), the worker-thread
 * pool in pool-node.ts (Node only, never imported by browser code), and later a job queue.
 * Every executor returns the identical aggregate for the same job (job.ts).
 */
import type { CompareAggregate } from './compare-aggregate.js';
import type { RunAggregate, AggregateSpec } from './aggregate.js';
import { chunkCount, createJobRunner, mergeChunk, type Job } from './job.js';
import { loadEngine, type EngineApi } from './engine-api.js';

export interface JobProgress {
  chunksDone: number;
  chunks: number;
  trajectoriesDone: number;
  runs: number;
}

export interface JobOutput {
  spec: AggregateSpec;
  aggregate: RunAggregate | CompareAggregate;
  /** Per arm (one for a run). */
  scenarioHashes: string[];
}

export interface Executor {
  /** Threads doing the work. */
  readonly workers: number;
  execute(job: Job, onProgress?: (p: JobProgress) => void): Promise<JobOutput>;
  close(): Promise<void>;
}

/** Runs every chunk in this thread, yielding to the event loop between chunks (progress bars). */
export function inlineExecutor(engine?: EngineApi): Executor {
  return {
    workers: 1,
    async execute(job, onProgress) {
      const runner = createJobRunner(job, engine ?? (await loadEngine(job.engineModule)));
      const total = runner.emptyAggregate();
      const chunks = chunkCount(job.runs, job.chunkSize);
      let done = 0;
      for (let c = 0; c < chunks; c++) {
        const r = runner.runChunk(c);
        mergeChunk(total, r.transfer);
        done += r.trajectories;
        onProgress?.({ chunksDone: c + 1, chunks, trajectoriesDone: done, runs: job.runs });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return { spec: runner.spec, aggregate: total, scenarioHashes: runner.scenarioHashes };
    },
    async close() {},
  };
}
