/**
 * The Web Worker that runs the engine in the browser: the browser twin of
 * src/montecarlo/worker-entry.ts. It receives a job once, compiles it with the same engine code
 * as the CLI, then runs the trajectory ranges it is sent and posts back each one's aggregate,
 * moving (not copying) its buffers. Every message names its job (`gen`), so a worker kept warm
 * between what-if moves (D68) can finish a chunk of a cancelled job and go on with the next. It also runs single traced trajectories for the trace explorer.
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
  | { type: 'job'; job: Job; gen: number }
  | { type: 'range'; gen: number; seq: number; start: number; end: number }
  | { type: 'trace'; scenario: Scenario; seed: number; trajectory: number };
export type FromWorker =
  | { type: 'ready'; gen: number; spec: AggregateSpec; scenarioHashes: string[]; arms: number; probe: ProbeEntry[] }
  | { type: 'done'; gen: number; result: ChunkResult }
  | { type: 'trace'; trace: TraceJson }
  | { type: 'error'; gen?: number; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The job this worker runs now (a kept-warm worker gets one job after another; D68). */
let runner: JobRunner | null = null;
let runnerGen = -1;
let engine: ReturnType<typeof loadEngine> | null = null;

function post(m: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

scope.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  const gen = m.type === 'trace' ? undefined : m.gen;
  try {
    if (m.type === 'job') {
      engine ??= loadEngine();
      runner = createJobRunner(m.job, await engine);
      runnerGen = m.gen;
      post({ type: 'ready', gen: m.gen, spec: runner.spec, scenarioHashes: runner.scenarioHashes, arms: runner.arms, probe: runner.probe });
    } else if (m.type === 'range') {
      if (runner === null || runnerGen !== m.gen) throw new Error('chunk before its job');
      // Trajectories [start, end) as chunk `seq`: the same trajectories whatever the cut (job.ts).
      const result = runner.runRange(m.start, m.end, m.seq);
      post({ type: 'done', gen: m.gen, result }, transferList(result.transfer));
    } else {
      const compiled = compileScenario(m.scenario);
      const r = createSimulator(compiled).run(m.seed, m.trajectory, { trace: true });
      post({ type: 'trace', trace: traceJson(r, compiled.hash) });
    }
  } catch (e) {
    post({ type: 'error', ...(gen === undefined ? {} : { gen }), message: e instanceof Error ? e.message : String(e) });
  }
};
