/**
 * `brink serve --queue` (D57): the server sends its runs to the BullMQ queue; a real redis-server on
 * a free loopback port and a real `brink worker` child process (the built CLI in dist/, as the queue
 * tests use it) compute them, and the stored result is byte for byte a local run's. No timing
 * assumption: the test waits for the worker's line and for the run's final state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-helpers.js';
import { startRedis, type TestRedis } from '../queue/test-helpers.js';
import { api, MINIMAL_YAML, repo, startServer, waitFinal, type TestServer } from './test-helpers.js';

let redis: TestRedis;
let s: TestServer;
let worker: ChildProcess | null = null;
const QUEUE = 'serve-test';

beforeAll(async () => {
  redis = await startRedis();
  s = await startServer({ limits: { workersPerRun: 1 }, queue: { url: redis.url, name: QUEUE } });
  worker = spawn(process.execPath, ['bin/brink.js', 'worker', '--redis', redis.url, '--queue-name', QUEUE, '--concurrency', '1'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
}, 60_000);

afterAll(async () => {
  if (worker !== null && worker.exitCode === null) {
    const w = worker;
    await new Promise<void>((res) => {
      w.once('exit', () => res());
      w.kill('SIGTERM');
    });
  }
  await s?.close();
  await redis?.dispose();
}, 60_000);

describe('brink serve --queue', () => {
  it('runs on a brink worker through Redis; the stored result equals the local run byte for byte', async () => {
    const a = await api(s.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 600, seed: 21 });
    expect(a.status).toBe(202);
    const done = await waitFinal(s.url, a.json.id);
    expect(done.status).toBe('done');
    expect(done.trajectoriesDone).toBe(600);
    const text = await api(s.url, 'GET', `/api/runs/${a.json.id}/result.json`);
    const local = await runCli('run', 'test/fixtures/minimal.yaml', '--runs', '600', '--seed', '21', '--json', '--workers', '1', '--no-progress');
    expect(local.code).toBe(0);
    expect(text.text).toBe(local.out);
    // Verify recomputes locally: the queue's bytes and the local bytes are the same.
    expect((await api(s.url, 'POST', `/api/runs/${a.json.id}/verify`)).json).toMatchObject({ identical: true });
  }, 120_000);

  it('refuses a precision target (the queue runs every chunk) with the field path', async () => {
    const r = await api(s.url, 'POST', '/api/runs', { scenario: MINIMAL_YAML, runs: 600, seed: 21, precision: { outcome: 'drawnIn', halfWidth: 0.05 } });
    expect(r.status).toBe(400);
    expect(r.json.issues[0].path).toBe('precision');
  });
});
