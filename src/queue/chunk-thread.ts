/**
 * A worker thread of `brink worker` (worker.ts): computes chunks, so that the BullMQ worker in the
 * main thread stays free to renew its job locks however long a chunk takes (a CPU-bound processor
 * in the main thread would let its locks expire and its chunks be taken as stalled).
 *
 * For each chunk it fetches the scenarios it lacks from Redis by content hash (its own
 * connection), validates them as a scenario file is validated (schema, references, consistency),
 * compiles them with the worker's own engine, and refuses the chunk unless each compiles to the
 * hash the chunk names. Compiled studies are kept (a few, most recent first), so the chunks of one
 * study compile once per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostname } from 'node:os';
import { Redis, type RedisOptions } from 'ioredis';
import { createJobRunner, loadEngine, type EngineApi, type Job, type JobRunner, type Simulator } from '../montecarlo/index.js';
import { parseScenarioText, canonicalJson, type CompiledScenario, type Scenario } from '../scenario/index.js';
import { readContextOf, tallyMid } from '../calibration/simulate.js';
import { tallyIcb } from '../calibration/icb-backtest.js';
import { encodeChunkResult } from './codec.js';
import { redisTarget } from './connection.js';
import { MAX_SCENARIO_BYTES, PROTOCOL_VERSION, scenarioKey, type CasesIdentity, type CasesResultMessage, type ChunkJobData, type McIdentity } from './protocol.js';

export interface ThreadInit {
  url: string;
  prefix: string;
  queueName: string;
  engineVersion: string;
  /** Module URL of another engine (tests only; a local option of the worker, never from the queue). */
  engineModule?: string;
}
export type ToThread = { type: 'chunk'; seq: number; jobId: string; data: ChunkJobData };
export type FromThread =
  | { type: 'done'; seq: number; result: ReturnType<typeof encodeChunkResult> | CasesResultMessage }
  /** Not worth retrying: the chunk cannot be computed as asked (bad scenario, wrong hash). */
  | { type: 'refused'; seq: number; message: string }
  | { type: 'failed'; seq: number; message: string };

class Refusal extends Error {}

const port = parentPort;
if (port === null) throw new Error('chunk-thread must run in a worker thread');
const init = workerData as ThreadInit;
const worker = `${hostname()}:${process.pid}`;
let redis: Redis | null = null;
let engine: EngineApi | null = null;
const scenarios = new Map<string, Scenario>();
const runners = new Map<string, JobRunner>();
const KEEP_RUNNERS = 4;
const KEEP_SCENARIOS = 8192;

async function scenarioFor(hash: string): Promise<Scenario> {
  const known = scenarios.get(hash);
  if (known !== undefined) return known;
  redis ??= new Redis(redisTarget(init.url).options as RedisOptions);
  const text = await redis.get(scenarioKey(init.prefix, init.queueName, hash));
  if (text === null) throw new Refusal(`scenario ${hash.slice(0, 12)}… is not in Redis (its study was collected or cancelled, or the coordinator uses another queue)`);
  if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) throw new Refusal(`scenario ${hash.slice(0, 12)}… in Redis is larger than ${MAX_SCENARIO_BYTES} bytes`);
  // JSON is YAML: validated exactly as a scenario file is (schema, references, consistency).
  const parsed = parseScenarioText(text);
  if (parsed.scenario === null) {
    const i = parsed.issues[0];
    throw new Refusal(`scenario ${hash.slice(0, 12)}… in Redis is not a valid scenario (${parsed.issues.length} issues; first: ${i?.path ?? ''} ${i?.message ?? ''})`);
  }
  if (scenarios.size >= KEEP_SCENARIOS) scenarios.clear();
  scenarios.set(hash, parsed.scenario);
  return parsed.scenario;
}

async function runnerFor(d: ChunkJobData & { identity: McIdentity }): Promise<JobRunner> {
  const id = d.identity;
  const key = canonicalJson({ kind: id.kind, h: id.scenarioHashes, seed: id.seed, series: id.series, stateProbe: id.stateProbe });
  const known = runners.get(key);
  if (known !== undefined) {
    runners.delete(key);
    runners.set(key, known);
    return known;
  }
  engine ??= await loadEngine(init.engineModule);
  const arms: Scenario[] = [];
  for (const h of id.scenarioHashes) arms.push(await scenarioFor(h));
  const base = { seed: id.seed, runs: id.first + id.count, chunkSize: id.count, series: id.series, stateProbe: id.stateProbe };
  const job: Job = id.kind === 'run' ? { kind: 'run', scenario: arms[0]!, ...base } : { kind: 'compare', arms, ...base };
  if (id.kind === 'run' && arms.length !== 1) throw new Refusal(`a run chunk names ${arms.length} scenarios`);
  const runner = createJobRunner(job, engine);
  runner.scenarioHashes.forEach((h, j) => {
    if (h !== id.scenarioHashes[j]) throw new Refusal(`scenario ${j} compiles to hash ${h.slice(0, 12)}…, not the ${id.scenarioHashes[j]!.slice(0, 12)}… the chunk names (another engine build?)`);
  });
  if (runners.size >= KEEP_RUNNERS) runners.delete(runners.keys().next().value!);
  runners.set(key, runner);
  return runner;
}

/** A compiled dispute scenario, kept by hash (the chunks of one calibration step share none, of a backtest none either; a few are kept for retries). */
const simulators = new Map<string, { sim: Simulator; compiled: CompiledScenario }>();
const KEEP_SIMULATORS = 256;

async function simulatorFor(hash: string): Promise<{ sim: Simulator; compiled: CompiledScenario }> {
  const known = simulators.get(hash);
  if (known !== undefined) return known;
  engine ??= await loadEngine(init.engineModule);
  const compiled = engine.compileScenario(await scenarioFor(hash));
  if (compiled.hash !== hash) throw new Refusal(`scenario ${hash.slice(0, 12)}… compiles to hash ${compiled.hash.slice(0, 12)}… (another engine build?)`);
  const v = { sim: engine.createSimulator(compiled), compiled };
  if (simulators.size >= KEEP_SIMULATORS) simulators.delete(simulators.keys().next().value!);
  simulators.set(hash, v);
  return v;
}

/** A chunk of historical simulations: one integer tally per item, by the reading the chunk names. */
async function runCases(id: CasesIdentity): Promise<{ tallies: number[][]; trajectories: number }> {
  const tallies: number[][] = [];
  let trajectories = 0;
  for (const it of id.items) {
    const { sim, compiled } = await simulatorFor(it.scenarioHash);
    const unknown = it.sideB.find((a) => !compiled.actors.ids.includes(a));
    if (unknown !== undefined) throw new Refusal(`side B names actor "${unknown}", not in scenario ${it.scenarioHash.slice(0, 12)}…`);
    const other = it.defenders.find((a) => !compiled.actors.ids.includes(a));
    if (other !== undefined) throw new Refusal(`defenders name actor "${other}", not in scenario ${it.scenarioHash.slice(0, 12)}…`);
    const ctx = readContextOf(compiled, it.sideB, it.defenders);
    tallies.push((id.reading === 'mid' ? tallyMid : tallyIcb)(sim, ctx, it.seed, it.first, it.count));
    trajectories += it.count;
  }
  return { tallies, trajectories };
}

port.on('message', (m: ToThread) => {
  void (async () => {
    try {
      const id = m.data.identity;
      if (id.kind === 'cases') {
        const r = await runCases(id);
        const result: CasesResultMessage = { protocol: PROTOCOL_VERSION, chunkId: m.jobId, engineVersion: init.engineVersion, kind: 'cases', trajectories: r.trajectories, tallies: r.tallies, worker };
        port.postMessage({ type: 'done', seq: m.seq, result } satisfies FromThread);
        return;
      }
      const runner = await runnerFor({ ...m.data, identity: id });
      const { first, count } = id;
      const r = runner.runRange(first, first + count, m.data.chunk);
      const result = encodeChunkResult(r.transfer, { chunkId: m.jobId, engineVersion: init.engineVersion, trajectories: r.trajectories, worker });
      port.postMessage({ type: 'done', seq: m.seq, result } satisfies FromThread);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      port.postMessage({ type: e instanceof Refusal ? 'refused' : 'failed', seq: m.seq, message } satisfies FromThread);
    }
  })();
});
port.postMessage({ type: 'ready' });
