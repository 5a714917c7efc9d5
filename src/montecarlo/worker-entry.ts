/**
 * Worker-thread entry of the pool (pool-node.ts). Node only. Receives the job once (workerData),
 * compiles its scenarios, then runs the chunks it is sent and posts back each chunk's aggregate,
 * moving (not copying) its buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createJobRunner, transferList, type Job, type JobRunner } from './job.js';
import { loadEngine } from './engine-api.js';

export type ToWorker = { type: 'chunk'; chunk: number } | { type: 'exit' };
export type FromWorker =
  | { type: 'ready'; spec: import('./aggregate.js').AggregateSpec; scenarioHashes: string[]; arms: number; probe: import('./state-probe.js').ProbeEntry[] }
  | { type: 'done'; result: import('./job.js').ChunkResult }
  | { type: 'error'; message: string; stack?: string };

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');

function fail(e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  port!.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies FromWorker);
}

let runner: JobRunner | null = null;
try {
  const { job } = workerData as { job: Job };
  runner = createJobRunner(job, await loadEngine(job.engineModule));
  port.postMessage({ type: 'ready', spec: runner.spec, scenarioHashes: runner.scenarioHashes, arms: runner.arms, probe: runner.probe } satisfies FromWorker);
} catch (e) {
  fail(e);
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'exit') {
    port.close();
    return;
  }
  if (runner === null) return;
  try {
    const result = runner.runChunk(m.chunk);
    port.postMessage({ type: 'done', result } satisfies FromWorker, transferList(result.transfer));
  } catch (e) {
    fail(e);
  }
});
