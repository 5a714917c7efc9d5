/**
 * The Web Worker that runs the engine in the browser: the browser twin of
 * src/montecarlo/worker-entry.ts. It receives a job once, compiles it with the same engine code
 * as the CLI, then runs the chunks it is sent and posts back each chunk's aggregate, moving (not
 * copying) its buffers. It also runs single traced trajectories for the trace explorer.
 */
/// <reference lib="webworker" />
import { createJobRunner, transferList, type ChunkResult, type Job, type JobRunner } from '../../src/montecarlo/job.js';
import { loadEngine } from '../../src/montecarlo/engine-api.js';
import type { AggregateSpec } from '../../src/montecarlo/aggregate.js';
import type { ProbeEntry } from '../../src/montecarlo/state-probe.js';
import { createSimulator } from '../../src/engine/index.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { traceJson, type TraceJson } from '../../src/analysis/trace.js';
import type { Scenario } from '../../src/scenario/index.js';

export type ToWorker =
  | { type: 'job'; job: Job }
  | { type: 'chunk'; chunk: number }
  | { type: 'trace'; scenario: Scenario; seed: number; trajectory: number };
export type FromWorker =
  | { type: 'ready'; spec: AggregateSpec; scenarioHashes: string[]; arms: number; probe: ProbeEntry[] }
  | { type: 'done'; result: ChunkResult }
  | { type: 'trace'; trace: TraceJson }
  | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
let runner: JobRunner | null = null;

function post(m: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

function fail(e: unknown): void {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}

scope.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    if (m.type === 'job') {
      runner = createJobRunner(m.job, await loadEngine());
      post({ type: 'ready', spec: runner.spec, scenarioHashes: runner.scenarioHashes, arms: runner.arms, probe: runner.probe });
    } else if (m.type === 'chunk') {
      if (runner === null) throw new Error('chunk before job');
      const result = runner.runChunk(m.chunk);
      post({ type: 'done', result }, transferList(result.transfer));
    } else {
      const compiled = compileScenario(m.scenario);
      const r = createSimulator(compiled).run(m.seed, m.trajectory, { trace: true });
      post({ type: 'trace', trace: traceJson(r, compiled.hash) });
    }
  } catch (e) {
    fail(e);
  }
};
