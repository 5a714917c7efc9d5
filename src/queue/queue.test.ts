/**
 * The queue executor against a real redis-server and in-process workers (whose chunks run in
 * worker threads, as in `brink worker`): bit-identical to the inline executor for runs and
 * comparisons, chunk identity, idempotence, refusals, two studies at once, a poison chunk.
 * The kill -9 / restart faults with `brink worker` processes are in faults.test.ts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineExecutor, RunAggregate, CompareAggregate, type Job } from '../montecarlo/index.js';
import { parseScenarioText, type Scenario } from '../scenario/index.js';
import { applyPolicy, parsePolicyFileText } from '../scenario/index.js';
import { queueExecutor } from './executor.js';
import { startQueueWorker, type QueueWorker } from './worker.js';
import { chunkId, DEFAULT_QUEUE_NAME, PROTOCOL_VERSION, type ChunkIdentity } from './protocol.js';
import { startRedis, type TestRedis } from './test-helpers.js';
import { ENGINE_VERSION } from '../model/version.js';

const root = new URL('../../', import.meta.url);
const load = (p: string): Scenario => {
  const r = parseScenarioText(readFileSync(new URL(p, root), 'utf8'));
  if (r.scenario === null) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
};
const scenario = load('test/fixtures/minimal.yaml');

let redis: TestRedis;
const workers: QueueWorker[] = [];
const logs: string[] = [];
beforeAll(async () => {
  redis = await startRedis();
  const w = startQueueWorker({ url: redis.url, concurrency: 2, lockDurationMs: 10_000, log: (l) => logs.push(l) });
  workers.push(w);
  await w.ready();
});
afterAll(async () => {
  for (const w of workers) await w.close();
  await redis?.dispose();
});

const canonical = (a: RunAggregate | CompareAggregate) =>
  a instanceof RunAggregate ? JSON.stringify(a.canonical()) : JSON.stringify({ arms: a.arms.map((x) => x.canonical()), paired: Array.from(a.paired), probe: Array.from(a.probe.data) });

describe('queue executor', () => {
  it('gives a run aggregate bit-identical to the inline executor', async () => {
    const job: Job = { kind: 'run', scenario, seed: 11, runs: 300, chunkSize: 64 };
    const local = await inlineExecutor().execute(job);
    const ex = queueExecutor({ url: redis.url, reconcileMs: 200 });
    try {
      const progress: number[] = [];
      const out = await ex.execute(job, (p) => progress.push(p.chunksDone));
      expect(canonical(out.aggregate)).toBe(canonical(local.aggregate));
      expect(Buffer.from((out.aggregate as RunAggregate).data.buffer).equals(Buffer.from((local.aggregate as RunAggregate).data.buffer))).toBe(true);
      expect(out.scenarioHashes).toEqual(local.scenarioHashes);
      expect(progress.at(-1)).toBe(5);
      expect(ex.status.workersSeen).toBe(1);
    } finally {
      await ex.close();
    }
  });
});
