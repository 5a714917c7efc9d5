/**
 * `brink worker`: takes chunks from the queue and computes them in worker threads (chunk-thread.ts).
 *
 * The BullMQ worker runs in the main thread with `concurrency` = threads, so it takes as many
 * chunks as there are idle threads, and it renews their locks while the threads compute. Each chunk
 * job is checked before any work (D51): the data must parse (strict schema), the engine version
 * must be this worker's, and the job id must be the hash of the chunk's identity. A refusal is an
 * UnrecoverableError whose reason starts with `refused:`: retrying would not help, and the
 * coordinator reports it at once. An error while computing is an ordinary failure, retried by
 * BullMQ (attempts set by the coordinator) on any worker.
 *
 * A worker killed mid-chunk (kill -9, power loss) leaves its job locked until the lock expires;
 * the stalled-job check of any live worker then puts it back in the queue (BullMQ's stalled jobs),
 * and the chunk is computed again from scratch. Its result is the same, and the coordinator merges
 * each chunk once, whoever finished it.
 */
import { Worker as ThreadWorker } from 'node:worker_threads';
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { ENGINE_VERSION } from '../model/version.js';
import { redisTarget } from './connection.js';
import { ChunkJobDataSchema, DEFAULT_QUEUE_NAME, HEARTBEAT_MS, PROTOCOL_VERSION, chunkId, chunkWhat, workersKey, type ChunkJobData } from './protocol.js';
import type { FromThread, ThreadInit, ToThread } from './chunk-thread.js';

export interface QueueWorkerOptions {
  url: string;
  /** Chunks computed at once: one worker thread each (default 1). */
  concurrency?: number;
  queueName?: string;
  /** BullMQ key prefix (default "bull"). */
  prefix?: string;
  /** How long a job's lock lasts without renewal (default 30 s): how soon a dead worker's chunk is retried. */
  lockDurationMs?: number;
  /** Module URL of another engine (tests only; never read from the queue). */
  engineModule?: string;
  /** The engine version this worker claims (default ENGINE_VERSION; tests of the refusal only). */
  engineVersion?: string;
  /** A line per chunk done or failed (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface QueueWorker {
  readonly name: string;
  close(): Promise<void>;
  /** Resolves when the BullMQ worker has connected. */
  ready(): Promise<void>;
}

function startThread(init: ThreadInit): ThreadWorker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new ThreadWorker(new URL('./chunk-thread.js', here), { workerData: init });
  // From sources (vitest): register tsx's hooks in the thread first (as pool-node.ts does).
  const entry = new URL('./chunk-thread.ts', here).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
  return new ThreadWorker(boot, { eval: true, workerData: init });
}

interface Slot {
  thread: ThreadWorker;
  pending: Map<number, { resolve: (m: FromThread) => void; reject: (e: Error) => void }>;
}

export function startQueueWorker(opts: QueueWorkerOptions): QueueWorker {
  const target = redisTarget(opts.url);
  const queueName = opts.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = opts.prefix ?? 'bull';
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  const engineVersion = opts.engineVersion ?? ENGINE_VERSION;
  const name = `brink-worker ${hostname()}:${process.pid} engine ${engineVersion}`;
  const log = opts.log ?? (() => {});
  const init: ThreadInit = { url: opts.url, prefix, queueName, engineVersion, ...(opts.engineModule !== undefined ? { engineModule: opts.engineModule } : {}) };
  let seq = 0;
  const seconds = new Map<string, number>();
  let closing = false;
  const idle: Slot[] = [];
  const waiting: ((s: Slot) => void)[] = [];

  const release = (s: Slot): void => {
    const w = waiting.shift();
    if (w) w(s);
    else idle.push(s);
  };
  const makeSlot = (): Slot => {
    const slot: Slot = { thread: startThread(init), pending: new Map() };
    slot.thread.on('message', (m: FromThread | { type: 'ready' }) => {
      if (m.type === 'ready') return;
      const p = slot.pending.get(m.seq);
      slot.pending.delete(m.seq);
      p?.resolve(m);
    });
    const dead = (why: string) => {
      for (const p of slot.pending.values()) p.reject(new Error(`the worker thread ${why}`));
      slot.pending.clear();
      const i = idle.indexOf(slot);
      if (i >= 0) idle.splice(i, 1);
      // A fresh thread takes its place (a chunk that crashed a thread is retried by BullMQ).
      if (closing) return;
      const fresh = makeSlot();
      const k = slots.indexOf(slot);
      if (k >= 0) slots[k] = fresh;
      release(fresh);
    };
    slot.thread.on('error', (e: unknown) => dead(`failed: ${e instanceof Error ? e.message : String(e)}`));
    slot.thread.on('exit', (code) => {
      if (!closing) dead(`exited with code ${code}`);
    });
    return slot;
  };
  const slots: Slot[] = [];
  for (let i = 0; i < concurrency; i++) {
    const s = makeSlot();
    slots.push(s);
    idle.push(s);
  }
  const take = (): Promise<Slot> => {
    const s = idle.shift();
    return s ? Promise.resolve(s) : new Promise((resolve) => waiting.push(resolve));
  };

  const where = (d: ChunkJobData) => `chunk ${d.chunk + 1}/${d.chunks} (${chunkWhat(d.identity)})`;

  const processor = async (job: Job): Promise<unknown> => {
    // Another Brink's chunk (another message format) is named as such, not as a malformed one.
    const protocol = (job.data as { identity?: { protocol?: unknown; engineVersion?: unknown } } | null)?.identity?.protocol;
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
      const ev = (job.data as { identity: { engineVersion?: unknown } }).identity.engineVersion;
      throw new UnrecoverableError(`refused: the chunk is of queue protocol ${protocol}${typeof ev === 'string' ? ` (engine ${ev.slice(0, 64)})` : ''}, and ${name} speaks protocol ${PROTOCOL_VERSION}; run workers of the coordinator's Brink version on this queue`);
    }
    const parsed = ChunkJobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new UnrecoverableError(`refused: malformed chunk job (${i?.path.join('.') ?? ''}: ${i?.message ?? ''}) on ${name}`);
    }
    const d = parsed.data;
    if (d.identity.engineVersion !== engineVersion) {
      throw new UnrecoverableError(`refused: the chunk needs engine ${d.identity.engineVersion.slice(0, 64)}, and ${name} runs engine ${engineVersion}; run workers of the coordinator's engine version on this queue`);
    }
    if (chunkId(d.identity) !== job.id) throw new UnrecoverableError(`refused: job id ${String(job.id).slice(0, 80)} is not the hash of the chunk it carries (on ${name})`);
    const slot = await take();
    log(`brink worker: ${where(d)} started`);
    const n = ++seq;
    const t0 = performance.now();
    try {
      const m = await new Promise<FromThread>((resolve, reject) => {
        slot.pending.set(n, { resolve, reject });
        slot.thread.postMessage({ type: 'chunk', seq: n, jobId: job.id!, data: d } satisfies ToThread);
      });
      if (m.type === 'refused') throw new UnrecoverableError(`refused: ${m.message} (on ${name})`);
      if (m.type === 'failed') throw new Error(`${m.message} (on ${name})`);
      if (m.type !== 'done') throw new Error('unexpected message from a worker thread');
      seconds.set(job.id!, (performance.now() - t0) / 1000);
      return m.result;
    } finally {
      if (slots.includes(slot)) release(slot);
    }
  };

  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker(queueName, processor, {
    connection: target.options,
    prefix,
    concurrency,
    name,
    lockDuration,
    // Check for stalled jobs (a dead worker's) as often as a lock can expire.
    stalledInterval: lockDuration,
    maxStalledCount: 3,
    autorun: true,
  });
  // Logged once BullMQ has stored the result (a chunk whose lock was lost is not logged as done).
  worker.on('completed', (job) => {
    const s = seconds.get(job.id!);
    seconds.delete(job.id!);
    const d = ChunkJobDataSchema.safeParse(job.data);
    if (d.success) log(`brink worker: ${where(d.data)} done${s !== undefined ? ` in ${s.toFixed(2)} s` : ''}`);
  });
  worker.on('failed', (job, err) => {
    if (job) log(`brink worker: chunk ${String(job.id).slice(0, 18)}… failed (attempt ${job.attemptsMade}): ${err.message}`);
  });
  let lastError = '';
  worker.on('error', (e) => {
    // One line per distinct error (a Redis that is down repeats the same one many times a second).
    if (e.message !== lastError) log(`brink worker: ${e.message}`);
    lastError = e.message;
  });
  worker.on('ready', () => {
    lastError = '';
  });
  // Heartbeat: the coordinator counts the workers seen in the last few periods.
  const beat = new Redis(target.options as RedisOptions);
  beat.on('error', () => {});
  const announce = () => void beat.zadd(workersKey(prefix, queueName), Date.now(), name).catch(() => {});
  announce();
  const heartbeat = setInterval(announce, HEARTBEAT_MS);
  return {
    name,
    ready: () => worker.waitUntilReady().then(() => undefined),
    async close() {
      closing = true;
      clearInterval(heartbeat);
      await beat.zrem(workersKey(prefix, queueName), name).catch(() => 0);
      beat.disconnect();
      await worker.close();
      await Promise.all(slots.map((s) => s.thread.terminate()));
    },
  };
}
