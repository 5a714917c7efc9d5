/**
 * `brink calibrate … --queue` and `brink backtest … --queue` (D73) against a real redis-server and
 * a real `brink worker` process (the built CLI, dist/): the output is byte for byte the local
 * command's, on the tiny MID fixtures. A worker refuses, naming both, a chunk of another engine
 * version or queue protocol.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCasesOrThrow } from '../calibration/files.js';
import { defaultHistoricalModel } from '../calibration/build-scenario.js';
import { runCli } from '../cli/test-helpers.js';
import { queuedCases } from '../cli/queue-cases.js';
import { queueCaseSimulator } from './executor.js';
import { DEFAULT_QUEUE_NAME, chunkId, type ChunkJobData } from './protocol.js';
import { startRedis, type TestRedis } from './test-helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const REF = 'test/fixtures/ref-tiny';
const refFlags = ['--atop', `${REF}/atop5_1_dyadyear_obligations.csv`, '--nmc', `${REF}/cow_nmc_cinc.csv`, '--majors', `${REF}/cow_majors_2016.csv`, '--contiguity', `${REF}/cow_direct_contiguity_3_2.csv`];

let redis: TestRedis;
let worker: ChildProcess;
let workerErr = '';
beforeAll(async () => {
  redis = await startRedis();
  worker = spawn(process.execPath, ['bin/brink.js', 'worker', '--redis', redis.url, '--concurrency', '2'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    worker.stderr!.on('data', (b: Buffer) => {
      workerErr += b.toString();
      if (workerErr.includes('waiting for chunks')) resolve();
    });
    worker.on('exit', (code) => reject(new Error(`brink worker exited (${code}): ${workerErr}`)));
  });
}, 30_000);
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const gone = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGKILL');
    await gone;
  }
  await redis?.dispose();
});

const done = () => workerErr.split('\n').filter((l) => /historical disputes, \d+ trajectories\) done/.test(l)).length;

describe('historical simulations through the queue (real redis-server, a brink worker process)', () => {
  it('brink backtest --mid … --queue prints what the local backtest prints, byte for byte', async () => {
    const args = ['backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '60', '--bootstrap', '50', '--json', '--quiet'];
    const before = done();
    const local = await runCli(...args);
    const queued = await runCli(...args, '--queue', redis.url);
    expect(local.code).toBe(0);
    expect(queued.code).toBe(0);
    expect(queued.out).toBe(local.out);
    // 11 disputes × 60 runs = 660 trajectories: two chunks of ≤ 512, one dispute split between them.
    expect(done() - before).toBe(2);
  }, 60_000);

  it('brink backtest --icb … --queue prints what the local backtest prints, byte for byte', async () => {
    // Synthetic ICB actor files, as in cmd-backtest.test.ts.
    const HEADER = 'crisno,cracid,yrtrig,motrig,datrig,trigent,triggr,viol,trgterra,usinv,suinv,gbinv,frinv,itinv,grinv,jpinv';
    const icbDir = (first: number, n: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'brink-icb-'));
      const rows = Array.from({ length: n }, (_, k) => `${first + k},366,1939,9,20,365,${k % 3 === 0 ? 9 : 2},${1 + (k % 4)},${10 + 40 * k},1,1,1,1,1,1,1`);
      writeFileSync(join(dir, 'icb2v15_actor.csv'), [HEADER, ...rows].join('\n') + '\n');
      return dir;
    };
    const args = ['backtest', '--icb', icbDir(100, 6), '--train', icbDir(200, 16), ...refFlags, '--runs', '100', '--bootstrap', '50', '--json', '--quiet'];
    const local = await runCli(...args);
    const queued = await runCli(...args, '--queue', redis.url);
    expect(local.code).toBe(0);
    expect(queued.code).toBe(0);
    expect(queued.out).toBe(local.out);
    expect(workerErr).toMatch(/simulations of historical crises, \d+ trajectories\) done/);
  }, 60_000);

  it('brink calibrate … --queue gives the local fit and report, byte for byte', async () => {
    const args = ['calibrate', '--mid', 'test/fixtures/mid-train-tiny', ...refFlags, '--knobs', 'quietDays,activityB', '--runs', '2', '--max-evals', '6', '--coarse', '1', '--max-disputes', '20', '--json', '--quiet'];
    const before = done();
    const local = await runCli(...args);
    const queued = await runCli(...args, '--queue', redis.url);
    expect(local.code).toBe(0);
    expect(queued.code).toBe(0);
    expect(queued.out).toBe(local.out);
    expect(JSON.parse(queued.out).evaluations).toBe(6);
    // Every evaluation and held-back check was computed by the worker.
    expect(done() - before).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('brink calibrate --objective score --icb DIR --queue gives the local fit, byte for byte (ICB batches tallied as ICB)', async () => {
    const HEADER = 'crisno,cracid,yrtrig,motrig,datrig,trigent,triggr,viol,trgterra,usinv,suinv,gbinv,frinv,itinv,grinv,jpinv';
    const dir = mkdtempSync(join(tmpdir(), 'brink-icb-'));
    const rows = Array.from({ length: 8 }, (_, k) => `${300 + k},366,1939,9,20,365,${k % 3 === 0 ? 9 : 2},${1 + (k % 4)},${10 + 40 * k},${k % 2 === 0 ? 8 : 1},1,1,1,1,1,1`);
    writeFileSync(join(dir, 'icb2v15_actor.csv'), [HEADER, ...rows].join('\n') + '\n');
    const args = ['calibrate', '--mid', 'test/fixtures/mid-train-tiny', '--icb', dir, ...refFlags, '--objective', 'score', '--knobs', 'activityB', '--runs', '2', '--max-evals', '3', '--coarse', '0', '--max-disputes', '20', '--holdout', '0', '--json', '--quiet'];
    const local = await runCli(...args);
    const queued = await runCli(...args, '--queue', redis.url);
    expect(local.code).toBe(0);
    expect(queued.code).toBe(0);
    expect(queued.out).toBe(local.out);
    expect(JSON.parse(queued.out).scores.icb.fit.crises).toBe(8);
  }, 60_000);

  it('a worker refuses, naming both versions, a chunk of another engine version or queue protocol', async () => {
    const cases = readCasesOrThrow('test/fixtures/mid-tiny', REF).cases.slice(0, 2);
    const sim = queueCaseSimulator({ url: redis.url, reconcileMs: 200, engineVersion: '9.9.9' });
    try {
      await expect(sim.tally('mid', queuedCases(cases, defaultHistoricalModel(), 1), 3)).rejects.toThrow(
        /chunk 1 of 1 \(2 simulations of historical disputes, 6 trajectories, job chunk-[0-9a-f]+…\) was refused by a worker: refused: the chunk needs engine 9\.9\.9, and brink-worker .* runs engine \d+\.\d+\.\d+/,
      );
    } finally {
      await sim.close();
    }
    const q = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: redis.url } });
    try {
      const old = { identity: { protocol: 2, engineVersion: '0.1.9', kind: 'run', scenarioHashes: ['a'.repeat(64)], seed: 1, first: 0, count: 1, series: true, stateProbe: false }, chunk: 0, chunks: 1 };
      const j = await q.add('chunk', old, { jobId: chunkId(old.identity as unknown as ChunkJobData['identity']) });
      let reason = '';
      for (let i = 0; i < 200 && reason === ''; i++) {
        reason = (await q.getJob(j.id!))?.failedReason ?? '';
        if (reason === '') await new Promise((r) => setTimeout(r, 100));
      }
      expect(reason).toMatch(/^refused: the chunk is of queue protocol 2 \(engine 0\.1\.9\), and brink-worker .* speaks protocol 3; run workers of the coordinator's Brink version/);
    } finally {
      await q.close();
    }
  }, 60_000);
});

describe('a chunk of historical simulations: its result is checked before it is added', () => {
  it('refuses a tally of the wrong width, over its trajectories, whose categories do not add up, or of another chunk', async () => {
    const { decodeCasesResult } = await import('./codec.js');
    const { MID_TALLY_WIDTH } = await import('../calibration/simulate.js');
    const identity = { protocol: 3 as const, engineVersion: '0.2.0', kind: 'cases' as const, reading: 'mid' as const, items: [{ scenarioHash: 'a'.repeat(64), seed: 1, sideB: ['B1'], defenders: [], first: 0, count: 4 }] };
    const id = chunkId(identity);
    const ok = [1, 1, 1, 1, 2, 1, 0, 3, 4];
    expect(ok).toHaveLength(MID_TALLY_WIDTH);
    const msg = (tallies: number[][], more: object = {}) => ({ protocol: 3, chunkId: id, engineVersion: '0.2.0', kind: 'cases', trajectories: 4, tallies, worker: 'w', ...more });
    expect(decodeCasesResult(msg([ok]), identity, MID_TALLY_WIDTH, id)).toEqual({ message: msg([ok]) });
    const refused = (m: unknown, wanted = id) => (decodeCasesResult(m, identity, MID_TALLY_WIDTH, wanted) as { refused?: string }).refused;
    expect(refused(msg([ok.slice(1)]))).toBe('tally 0 has 8 counts, 9 expected');
    expect(refused(msg([[...ok.slice(0, 8), 5]]))).toBe('tally 0 counts more than its 4 trajectories');
    expect(refused(msg([[2, 1, 1, 1, 0, 0, 0, 0, 0]]))).toBe("tally 0's outcome categories do not add up to its 4 trajectories");
    expect(refused(msg([ok, ok]))).toBe('result has 2 tallies, the chunk 1 simulations');
    expect(refused(msg([ok], { trajectories: 5 }))).toBe('result of 5 trajectories, the chunk has 4');
    expect(refused(msg([[1, 1, 1, 1, 0.5, 0, 0, 0, 0]]))).toMatch(/^malformed result \(tallies\.0\.4:/);
    expect(refused(msg([ok], { code: 'x' }))).toMatch(/^malformed result/);
    expect(refused(msg([ok]), `chunk-${'0'.repeat(64)}`)).toMatch(/^result names chunk chunk-[0-9a-f]+, not chunk-0+$/);
  });
});
