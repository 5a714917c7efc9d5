/**
 * Test helper (not built into dist/): a real redis-server (Debian package `redis-server`) on a
 * free loopback port with its own temporary directory, one per test file, killed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const REDIS_SERVER = process.env.BRINK_REDIS_SERVER ?? 'redis-server';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM: with persistence on, it writes its data first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

async function waitForPing(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      r.disconnect();
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`redis-server did not answer at ${url}`);
}

/** A redis-server; `persistence` turns on the append-only file (fsync on every write). */
export async function startRedis(opts: { persistence?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'brink-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'];
  if (opts.persistence) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  const start = async () => {
    proc = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    await waitForPing(url);
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (p === null || p.exitCode !== null) return;
    await new Promise<void>((res) => {
      p.once('exit', () => res());
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    port,
    dir,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A poison engine (loaded by module URL as a worker's local engineModule): the real engine, except
// that trajectory POISON_TRAJECTORY always throws, so the chunk holding it fails on every attempt.
import { compileScenario as realCompile } from '../scenario/compile.js';
import { createSimulator as realSimulator } from '../engine/index.js';
import type { CompiledScenario } from '../scenario/index.js';
import type { RunOptions } from '../engine/types.js';

export const POISON_TRAJECTORY = 70;
export const compileScenario = realCompile;
export function createSimulator(c: CompiledScenario): { run(seed: number, trajectory: number, opts?: RunOptions): ReturnType<ReturnType<typeof realSimulator>['run']> } {
  const sim = realSimulator(c);
  return {
    run(seed, trajectory, opts) {
      if (trajectory === POISON_TRAJECTORY) throw new Error('poisoned trajectory');
      return sim.run(seed, trajectory, opts);
    },
  };
}
