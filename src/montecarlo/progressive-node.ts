/**
 * Progressive execution of a job over worker threads (Node only), for `brink serve`: chunks are
 * handed out in order and merged IN ORDER (a chunk that finishes early waits in a buffer), so
 * after each merge the running total is exactly the aggregate of a run of the first
 * `trajectoriesMerged` trajectories. The caller sees that total after every chunk (running
 * estimates) and may stop there (a precision target reached) or cancel through an AbortSignal;
 * a stopped job's aggregate is then identical to a complete run of that many trajectories.
 * Chunks still in flight when it stops are discarded.
 */
import type { Worker } from 'node:worker_threads';
import { RunAggregate } from './aggregate.js';
import { CompareAggregate } from './compare-aggregate.js';
import type { JobOutput } from './executor.js';
import { chunkCount, mergeChunk, validateJob, type ChunkTransfer, type Job } from './job.js';
import { startWorker } from './pool-node.js';
import type { FromWorker, ToWorker } from './worker-entry.js';

export interface ProgressiveOptions {
  workers: number;
  signal?: AbortSignal;
  /**
   * After each in-order merge: the total so far (do not keep or mutate it). Return true to stop
   * on this chunk boundary.
   */
  onChunk?: (total: RunAggregate | CompareAggregate, p: { chunksMerged: number; chunks: number; trajectoriesMerged: number; runs: number }) => boolean | void;
}

export interface ProgressiveOutput {
  output: JobOutput;
  chunksMerged: number;
  trajectoriesMerged: number;
  /** complete: every chunk; stopped: onChunk asked to stop; cancelled: the signal fired (output holds what was merged). */
  ending: 'complete' | 'stopped' | 'cancelled';
}

export function runProgressive(job: Job, opts: ProgressiveOptions): Promise<ProgressiveOutput> {
  validateJob(job);
  const chunks = chunkCount(job.runs, job.chunkSize);
  const n = Math.max(1, Math.min(Math.floor(opts.workers), chunks));
  return new Promise<ProgressiveOutput>((resolve, reject) => {
    let next = 0;
    let merged = 0;
    let trajectories = 0;
    let total: RunAggregate | CompareAggregate | null = null;
    let spec: JobOutput['spec'] | null = null;
    let scenarioHashes: string[] = [];
    let settled = false;
    const pending = new Map<number, { transfer: ChunkTransfer; trajectories: number }>();
    const pool: Worker[] = [];
    const onAbort = (): void => finish(null, 'cancelled');
    const finish = (err: Error | null, ending: ProgressiveOutput['ending'] = 'complete'): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else if (total === null || spec === null) reject(new Error('the job ended before any worker was ready'));
      else resolve({ output: { spec, aggregate: total, scenarioHashes }, chunksMerged: merged, trajectoriesMerged: trajectories, ending });
    };
    if (opts.signal?.aborted) {
      reject(new Error('cancelled before it started'));
      return;
    }
    opts.signal?.addEventListener('abort', onAbort);
    const feed = (w: Worker): void => {
      if (next < chunks) w.postMessage({ type: 'chunk', chunk: next++ } satisfies ToWorker);
    };
    for (let i = 0; i < n; i++) {
      const w = startWorker({ job });
      pool.push(w);
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
            spec = m.spec;
            scenarioHashes = m.scenarioHashes;
            total = job.kind === 'run' ? new RunAggregate(m.spec) : new CompareAggregate(m.spec, m.arms, undefined, m.probe);
          }
          feed(w);
          return;
        }
        pending.set(m.result.chunk, { transfer: m.result.transfer, trajectories: m.result.trajectories });
        feed(w);
        try {
          // Merge every chunk that is next in order; report after each.
          for (let c = pending.get(merged); c !== undefined; c = pending.get(merged)) {
            pending.delete(merged);
            mergeChunk(total!, c.transfer);
            merged++;
            trajectories += c.trajectories;
            const stop = opts.onChunk?.(total!, { chunksMerged: merged, chunks, trajectoriesMerged: trajectories, runs: job.runs }) === true;
            if (merged === chunks) return finish(null, 'complete');
            if (stop) return finish(null, 'stopped');
            if (settled) return; // cancelled from inside onChunk
          }
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
        }
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!settled && code !== 0) finish(new Error(`a worker thread exited with code ${code}`));
      });
    }
  });
}
