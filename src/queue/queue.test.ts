/**
 * The queue executor against a real redis-server and in-process workers (whose chunks run in
 * worker threads, as in `brink worker`): bit-identical to the inline executor for runs and
 * comparisons, chunk identity, idempotent enqueueing and resume, refusals of foreign or hostile
 * chunks, a poison chunk. The kill -9 and restart faults, with `brink worker` processes, are in
 * faults.test.ts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { inlineExecutor, RunAggregate, CompareAggregate, type Job } from '../montecarlo/index.js';
import { applyPolicy, parsePolicyFileText, parseScenarioText, type Scenario } from '../scenario/index.js';
import { queueExecutor } from './executor.js';
import { startQueueWorker, type QueueWorker } from './worker.js';
import { chunkId, DEFAULT_QUEUE_NAME, PROTOCOL_VERSION, type McIdentity } from './protocol.js';
import { POISON_TRAJECTORY, startRedis, type TestRedis } from './test-helpers.js';
import { runCli } from '../cli/test-helpers.js';
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
const done = () => logs.filter((l) => / done/.test(l)).length;
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

const identity: McIdentity = { protocol: PROTOCOL_VERSION, engineVersion: ENGINE_VERSION, kind: 'run', scenarioHashes: ['a'.repeat(64)], seed: 1, first: 0, count: 256, series: true, stateProbe: false };


describe('chunk identity', () => {
  it('is a hash of exactly what determines the chunk', () => {
    const id = chunkId(identity);
    expect(id).toMatch(/^chunk-[0-9a-f]{64}$/);
    expect(chunkId({ ...identity })).toBe(id);
    // Key order does not matter (canonical JSON); every field does.
    expect(chunkId(Object.fromEntries(Object.entries(identity).reverse()) as McIdentity)).toBe(id);
    const changed: Partial<McIdentity>[] = [{ engineVersion: '0.2.1' }, { kind: 'compare' }, { scenarioHashes: ['b'.repeat(64)] }, { seed: 2 }, { first: 256 }, { count: 255 }, { series: false }, { stateProbe: true }];
    const ids = changed.map((c) => chunkId({ ...identity, ...c }));
    expect(new Set([id, ...ids]).size).toBe(changed.length + 1);
  });
});

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

  it('running estimates: each prefix it reports is exactly a local run of that many trajectories', async () => {
    const job: Job = { kind: 'run', scenario, seed: 17, runs: 300, chunkSize: 64 };
    const prefixes: { runs: number; chunks: number; canon: string }[] = [];
    const ex = queueExecutor({ url: redis.url, reconcileMs: 200, onPartial: (agg, p) => prefixes.push({ runs: p.trajectoriesDone, chunks: p.chunksDone, canon: canonical(agg) }) });
    try {
      await ex.execute(job);
    } finally {
      await ex.close();
    }
    expect(prefixes.length).toBeGreaterThan(0);
    expect(prefixes.at(-1)!.runs).toBe(300);
    for (const pr of prefixes) {
      expect(pr.runs).toBe(Math.min(300, 64 * pr.chunks));
      const local = await inlineExecutor().execute({ ...job, runs: pr.runs });
      expect(pr.canon).toBe(canonical(local.aggregate));
    }
  });

  it('brink run --queue progress lines show chunks done, workers seen and running estimates with intervals', async () => {
    // Spawned asynchronously: this process's workers must keep running meanwhile.
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const args = ['bin/brink.js', 'run', 'test/fixtures/minimal.yaml', '--runs', '1536', '--seed', '18', '--json', '--queue', redis.url];
    const child = spawn(process.execPath, args, { cwd: fileURLToPath(root), env: { ...process.env, BRINK_PROGRESS_INTERVAL_MS: '50' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const r = { status: await new Promise<number | null>((res) => child.on('exit', res)), stderr };
    r.stderr = stderr;
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => /^brink run: [0-9,]+\/1,536 runs/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    // Once the study is enqueued (before, the line is the local one), every line has the queue's part.
    const first = lines.findIndex((l) => /; \d+\/6 chunks, \d+ workers? seen/.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    for (const l of lines.slice(first)) expect(l).toMatch(/; \d+\/6 chunks, \d+ workers? seen/);
    const est = lines.filter((l) => /; after [0-9,]+ runs: drawn in (0|1)\.\d{3} \[(0|1)\.\d{3}, (0|1)\.\d{3}\], Article 5 (0|1)\.\d{3} \[(0|1)\.\d{3}, (0|1)\.\d{3}\]$/.test(l));
    expect(est.length).toBeGreaterThan(0);
    // The estimates are those of a local run of that many trajectories.
    const m = /after ([0-9,]+) runs: drawn in (\S+) \[(\S+), (\S+)\]/.exec(est.at(-1)!)!;
    const n = Number(m[1]!.replace(/,/g, ''));
    const local = await runCli('run', 'test/fixtures/minimal.yaml', '--runs', String(n), '--seed', '18', '--json', '--workers', '1', '--no-progress');
    const d = JSON.parse(local.out).probabilities.drawnIn;
    expect([Number(m[2]), Number(m[3]), Number(m[4])]).toEqual([d.estimate, d.lo, d.hi].map((x: number) => Number(x.toFixed(3))));
  }, 60_000);

  it('gives a comparison (paired slots and state probe included) bit-identical to the inline executor', async () => {
    const policy = parsePolicyFileText(readFileSync(new URL('test/fixtures/forward-posture.policy.yaml', root), 'utf8')).policyFile!;
    const job: Job = { kind: 'compare', arms: [scenario, applyPolicy(scenario, policy)], seed: 12, runs: 200, chunkSize: 64 };
    const local = await inlineExecutor().execute(job);
    const ex = queueExecutor({ url: redis.url, reconcileMs: 200 });
    try {
      const out = await ex.execute(job);
      const agg = out.aggregate as CompareAggregate;
      expect(agg.probe.data.length).toBeGreaterThan(0);
      expect(canonical(agg)).toBe(canonical(local.aggregate));
    } finally {
      await ex.close();
    }
  });

  it('enqueues a chunk once: a second identical study computes nothing and merges each chunk once; collecting removes the chunks', async () => {
    const job: Job = { kind: 'run', scenario, seed: 13, runs: 200, chunkSize: 50 };
    const local = await inlineExecutor().execute(job);
    const before = done();
    const q = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: redis.url } });
    const ex = queueExecutor({ url: redis.url, reconcileMs: 200, keepChunks: true });
    try {
      const a = await ex.execute(job);
      expect(done() - before).toBe(4);
      expect(await q.getJobCountByTypes('completed')).toBeGreaterThanOrEqual(4);
      // The same study again (a resumed coordinator): every chunk is found done, nothing is computed.
      const b = await ex.execute(job);
      expect(ex.status.chunksResumed).toBe(4);
      expect(done() - before).toBe(4);
      expect(canonical(b.aggregate)).toBe(canonical(local.aggregate));
      expect(canonical(a.aggregate)).toBe(canonical(local.aggregate));
      // Collected without keepChunks: the study's chunks are gone from Redis.
      const ids = await q.getJobs(['completed']);
      const mine = ids.filter((j) => (j.data as { identity: { seed: number } }).identity.seed === 13).map((j) => j.id!);
      expect(mine).toHaveLength(4);
      const ex2 = queueExecutor({ url: redis.url, reconcileMs: 200 });
      await ex2.execute(job);
      await ex2.close();
      for (const id of mine) expect(await q.getJob(id)).toBeUndefined();
      expect(done() - before).toBe(4);
    } finally {
      await ex.close();
      await q.close();
    }
  });

  it('brink sweep and brink sensitivity with --queue print what they print locally', async () => {
    const common = ['test/fixtures/minimal.yaml', '--runs', '40', '--seed', '16', '--json', '--no-progress'];
    for (const args of [
      ['sweep', ...common, '--field', 'relations[from=RUS,to=NATO].hostility', '--values', '0.3,0.9'],
      ['sensitivity', ...common, '--params', 'weightGain,weightCost'],
    ]) {
      const local = await runCli(...args, '--workers', '1');
      const queued = await runCli(...args, '--queue', redis.url);
      expect(local.code).toBe(0);
      expect(queued.code).toBe(0);
      expect(queued.out).toBe(local.out);
    }
  });

  it('fails clearly, naming both versions, when the workers run another engine version', async () => {
    const ex = queueExecutor({ url: redis.url, reconcileMs: 200, engineVersion: '9.9.9' });
    try {
      await expect(ex.execute({ kind: 'run', scenario, seed: 14, runs: 10, chunkSize: 10 })).rejects.toThrow(new RegExp(`chunk 1 of 1 .* was refused by a worker: refused: the chunk needs engine 9\\.9\\.9, and brink-worker .* runs engine ${ENGINE_VERSION.replace(/\./g, '\\.')}`));
    } finally {
      await ex.close();
    }
  });

  it('refuses hostile jobs: malformed data, or a job id that is not the hash of its chunk', async () => {
    const q = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: redis.url } });
    try {
      const bad = await q.add('chunk', { identity: { ...identity, engineModule: 'data:text/javascript,process.exit(1)' }, chunk: 0, chunks: 1 }, { jobId: 'chunk-hostile-1' });
      const wrongId = await q.add('chunk', { identity: { ...identity, engineVersion: ENGINE_VERSION }, chunk: 0, chunks: 1 }, { jobId: `chunk-${'0'.repeat(64)}` });
      const failed = async (id: string) => {
        for (;;) {
          const j = await q.getJob(id);
          if (j?.failedReason) return j.failedReason;
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      expect(await failed(bad.id!)).toMatch(/^refused: malformed chunk job \(identity: Unrecognized key: "engineModule"/);
      expect(await failed(wrongId.id!)).toMatch(/^refused: job id chunk-0+ is not the hash of the chunk it carries/);
    } finally {
      await q.close();
    }
  });

  it('a poison chunk (failing on every attempt) fails the study with a report naming the chunk, not a hang', async () => {
    const poisonLogs: string[] = [];
    const w = startQueueWorker({ url: redis.url, queueName: 'poison', engineModule: new URL('./test-helpers.ts', import.meta.url).href, log: (l) => poisonLogs.push(l) });
    workers.push(w);
    const ex = queueExecutor({ url: redis.url, queueName: 'poison', reconcileMs: 200, attempts: 2 });
    try {
      await expect(ex.execute({ kind: 'run', scenario, seed: 15, runs: 150, chunkSize: 50 })).rejects.toThrow(
        new RegExp(`chunk 2 of 3 \\(trajectories 50–99, seed 15, job chunk-[0-9a-f]+…\\) failed after 2 attempts: trajectory ${POISON_TRAJECTORY} \\(seed 15\\): poisoned trajectory`),
      );
      expect(poisonLogs.filter((l) => / failed \(attempt/.test(l))).toHaveLength(2);
    } finally {
      await ex.close();
    }
  });
});
