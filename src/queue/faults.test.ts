/**
 * Faults with real processes (issue 18): `brink worker` and coordinators (`brink run --queue`) as
 * child processes of the built CLI (dist/, built by `npm test` first), against a real
 * redis-server on a free loopback port. Every result is compared with the local run's JSON, byte
 * for byte. No test depends on timing: each waits for a line or an exit, with generous timeouts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from './test-helpers.js';
import { runCli } from '../cli/test-helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIO = 'test/fixtures/minimal.yaml';

interface Proc {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  /** Resolves when stderr has `n` lines matching `re`. */
  waitFor(re: RegExp, n?: number): Promise<void>;
  exit: Promise<number | null>;
}

const started: Proc[] = [];

function brink(...args: string[]): Proc {
  const proc = spawn(process.execPath, ['bin/brink.js', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BRINK_PROGRESS_INTERVAL_MS: '500' } });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; n: number; resolve: () => void }[] = [];
  const count = (re: RegExp) => err.split('\n').filter((l) => re.test(l)).length;
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
    for (const w of [...waiters]) if (count(w.re) >= w.n) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const p: Proc = {
    proc,
    out: () => out,
    err: () => err,
    waitFor: (re, n = 1) =>
      count(re) >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ re, n, resolve });
            void exit.then((code) => reject(new Error(`brink ${args[0]} exited (${code}) before ${n}× ${re}:\n${err}`)));
          }),
    exit,
  };
  started.push(p);
  return p;
}

function worker(redis: TestRedis, ...more: string[]): Proc {
  return brink('worker', '--redis', redis.url, '--concurrency', '1', '--lock-seconds', '2', ...more);
}
async function killHard(p: Proc): Promise<void> {
  p.proc.kill('SIGKILL');
  await p.exit;
}
const runArgs = (runs: number, seed: number) => ['run', SCENARIO, '--runs', String(runs), '--seed', String(seed), '--json'];
async function local(runs: number, seed: number): Promise<string> {
  const r = await runCli(...runArgs(runs, seed), '--workers', '1', '--no-progress');
  expect(r.code).toBe(0);
  return r.out;
}
const DONE = /^brink worker: chunk \d+\/\d+ .* done/;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis({ persistence: true });
});
afterEach(async () => {
  for (const p of started.splice(0)) if (p.proc.exitCode === null && p.proc.signalCode === null) await killHard(p);
});
afterAll(async () => {
  await redis?.dispose();
});

describe('faults (real redis-server, brink worker processes)', () => {
  it('kill -9 of a worker mid-chunk: the chunk is retried elsewhere and the result is bit-identical to local', async () => {
    const a = worker(redis);
    await a.waitFor(/waiting for chunks/);
    const c = brink(...runArgs(768, 21), '--queue', redis.url);
    await a.waitFor(/ started$/);
    await killHard(a);
    expect(a.err()).not.toMatch(DONE);
    const b = worker(redis);
    expect(await c.exit).toBe(0);
    expect(c.out()).toBe(await local(768, 21));
    // The survivor computed all three chunks, the one the killed worker had started included.
    expect(b.err().split('\n').filter((l) => DONE.test(l))).toHaveLength(3);
  });

  it('kill -9 of the coordinator, then the same command again: resumes, no stored chunk computed twice, same result', async () => {
    const w = worker(redis);
    const c1 = brink(...runArgs(1024, 22), '--queue', redis.url);
    await w.waitFor(DONE);
    await killHard(c1);
    const c2 = brink(...runArgs(1024, 22), '--queue', redis.url);
    expect(await c2.exit).toBe(0);
    expect(c2.out()).toBe(await local(1024, 22));
    expect(c2.err()).toMatch(/found done: resumed/);
    // Four chunks, each computed once across both coordinators' lives.
    expect(w.err().split('\n').filter((l) => DONE.test(l))).toHaveLength(4);
  });

  it('Redis restarted mid-study (persistence on): the study completes with the local result', async () => {
    const w = worker(redis);
    const c = brink(...runArgs(1024, 23), '--queue', redis.url);
    await w.waitFor(DONE);
    await redis.stop();
    await redis.start();
    expect(await c.exit).toBe(0);
    expect(c.out()).toBe(await local(1024, 23));
    expect(w.err()).toMatch(new RegExp(DONE.source, "m"));
  });

  it('two studies at once from two coordinators: each gets its own result', async () => {
    const w = worker(redis, '--concurrency', '2');
    const c1 = brink(...runArgs(512, 24), '--queue', redis.url);
    const c2 = brink('compare', SCENARIO, '--variant', 'calm:relations[from=RUS,to=NATO].hostility=0.2', '--runs', '512', '--seed', '24', '--json', '--queue', redis.url);
    const [e1, e2] = await Promise.all([c1.exit, c2.exit]);
    expect([e1, e2]).toEqual([0, 0]);
    expect(c1.out()).toBe(await local(512, 24));
    const cmp = await runCli('compare', SCENARIO, '--variant', 'calm:relations[from=RUS,to=NATO].hostility=0.2', '--runs', '512', '--seed', '24', '--json', '--workers', '1', '--no-progress');
    expect(cmp.code).toBe(0);
    expect(c2.out()).toBe(cmp.out);
    expect(w.err().split('\n').filter((l) => DONE.test(l))).toHaveLength(4);
  });
});
