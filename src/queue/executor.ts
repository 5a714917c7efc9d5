/**
 * The queue executor: the Executor of montecarlo/executor.ts over BullMQ on Redis (D51–D53).
 * `brink run|compare|sweep|sensitivity … --queue URL` uses it instead of the thread pool; anything
 * else that holds a Job can too (`queueExecutor({ url })`).
 *
 * execute(job):
 * 1. compiles the job locally (its shape: the aggregate layout, the state probe, the hashes);
 * 2. stores each scenario's validated JSON under its content hash (SET NX, with a TTL renewed
 *    while the study runs);
 * 3. adds one BullMQ job per fixed chunk, with the chunk's content hash as job id (protocol.ts):
 *    a chunk already in Redis (done, running or waiting) is not added again. That is resume: the
 *    same command started again finds its chunks and collects the finished ones;
 * 4. collects results as they complete (QueueEvents, plus a periodic reconciliation that asks
 *    Redis for the state of every chunk not yet merged, so a missed event or a restarted Redis
 *    costs nothing but a few seconds), validates each (codec.ts) and merges it once: exact integer
 *    merges, so the total is bit-identical to a local run's whatever the order or the worker;
 * 5. when every chunk is merged, removes the study's chunk jobs (results included) from Redis.
 *
 * A chunk that has failed for good (its attempts used up, or refused by a worker) fails the study
 * with a message naming it; a chunk that vanished from Redis (a restart without persistence, or
 * another coordinator collected the same chunk) is added again.
 */
import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import {
  CompareAggregate,
  chunkCount,
  chunkRange,
  createJobRunner,
  loadEngine,
  mergeChunk,
  validateJob,
  type Executor,
  type Job,
  type JobOutput,
  type JobProgress,
  type RunAggregate,
} from '../montecarlo/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { decodeChunkResult, type ExpectedShape } from './codec.js';
import { QueueUserError, redisTarget } from './connection.js';
import { DEFAULT_QUEUE_NAME, HEARTBEAT_MS, PROTOCOL_VERSION, chunkId, scenarioKey, workersKey, type ChunkIdentity, type ChunkJobData } from './protocol.js';

export interface QueueStatus {
  chunksDone: number;
  chunks: number;
  /** Chunks found already done in Redis when the study started (resume). */
  chunksResumed: number;
  /** Distinct workers (`host:pid`) whose results were merged. */
  workersSeen: number;
  /** Workers that announced themselves on the queue in the last 15 s (protocol.ts workersKey). */
  workersConnected: number;
}

export interface QueueExecutorOptions {
  /** redis:// or rediss:// URL (connection.ts). */
  url: string;
  queueName?: string;
  prefix?: string;
  /** Attempts per chunk before the study fails (default 3). */
  attempts?: number;
  /** Milliseconds between reconciliations with Redis (default 2000). */
  reconcileMs?: number;
  /** Fail the study when Redis has been unreachable this long (default 120 s). */
  redisDownMs?: number;
  /** Leave the chunks in Redis after collecting (tests of resume and idempotence). */
  keepChunks?: boolean;
  /** Engine version the chunks are stamped with (default ENGINE_VERSION; tests of the refusal only). */
  engineVersion?: string;
  /** Status on every merge and reconciliation (progress lines). */
  onStatus?: (s: QueueStatus) => void;
}

export interface QueueExecutor extends Executor {
  /** Status of the last study (workers seen, chunks resumed). */
  readonly status: QueueStatus;
  readonly target: string;
}

const SCENARIO_TTL_SECONDS = 7 * 24 * 3600;
const ADD_BATCH = 500;

export function queueExecutor(options: QueueExecutorOptions): QueueExecutor {
  const target = redisTarget(options.url);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? 'bull';
  const attempts = options.attempts ?? 3;
  const reconcileMs = options.reconcileMs ?? 2000;
  const redisDownMs = options.redisDownMs ?? 120_000;
  const engineVersion = options.engineVersion ?? ENGINE_VERSION;
  let queue: Queue | null = null;
  let events: QueueEvents | null = null;
  let redis: Redis | null = null;
  // Once closing, no connection of this executor reconnects (an unreachable Redis would otherwise
  // keep the process alive with reconnection timers).
  let closing = false;
  const connection = { ...target.options, retryStrategy: (times: number) => (closing ? null : Math.min(100 * times, 2000)) };
  const status: QueueStatus = { chunksDone: 0, chunks: 0, chunksResumed: 0, workersSeen: 0, workersConnected: 0 };

  const connect = async (): Promise<{ queue: Queue; events: QueueEvents; client: Redis }> => {
    if (queue === null) {
      queue = new Queue(queueName, { connection, prefix });
      events = new QueueEvents(queueName, { connection, prefix });
      // Errors surface through the calls and the watchdog below; the emitters must not throw.
      queue.on('error', () => {});
      events.on('error', () => {});
      // Our own connection, for the scenarios' keys.
      redis = new Redis(connection as RedisOptions);
      closing = false;
      redis.on('error', () => {});
    }
    const client = redis!;
    await withTimeout(client.ping(), 10_000, `cannot reach Redis at ${target.shown}`);
    await withTimeout(queue.waitUntilReady(), 10_000, `cannot reach Redis at ${target.shown}`);
    await withTimeout(events!.waitUntilReady(), 10_000, `cannot reach Redis at ${target.shown}`);
    return { queue, events: events!, client };
  };

  return {
    /** Workers seen so far (the timing line's count). */
    get workers() {
      return Math.max(1, status.workersSeen);
    },
    target: target.shown,
    get status() {
      return { ...status };
    },
    async execute(job: Job, onProgress?: (p: JobProgress) => void): Promise<JobOutput> {
      validateJob(job);
      const runner = createJobRunner(job, await loadEngine(job.engineModule));
      const total = runner.emptyAggregate();
      const expect: ExpectedShape =
        total instanceof CompareAggregate ? { kind: 'compare', arms: total.arms.map((a) => a.data.length), paired: total.paired.length, probe: total.probe.data.length } : { kind: 'run', length: (total as RunAggregate).data.length };
      const scenarios = job.kind === 'run' ? [job.scenario] : job.arms;
      const hashes = runner.scenarioHashes;
      const texts = scenarios.map((s) => JSON.stringify(s));
      const chunks = chunkCount(job.runs, job.chunkSize);
      const ids: string[] = [];
      const data: ChunkJobData[] = [];
      for (let c = 0; c < chunks; c++) {
        const [first, end] = chunkRange(c, job.runs, job.chunkSize);
        const identity: ChunkIdentity = {
          protocol: PROTOCOL_VERSION,
          engineVersion,
          kind: job.kind,
          scenarioHashes: hashes,
          seed: job.seed,
          first,
          count: end - first,
          series: job.series !== false,
          stateProbe: job.kind === 'compare' && job.stateProbe !== false && runner.probe.length > 0,
        };
        ids.push(chunkId(identity));
        data.push({ identity, chunk: c, chunks });
      }
      const index = new Map(ids.map((id, c) => [id, c]));
      Object.assign(status, { chunksDone: 0, chunks, chunksResumed: 0, workersSeen: 0, workersConnected: 0 });

      const { queue: q, events: ev, client } = await connect();
      const storeScenarios = async (): Promise<void> => {
        const m = client.multi();
        hashes.forEach((h, j) => {
          const key = scenarioKey(prefix, queueName, h);
          m.set(key, texts[j]!, 'EX', SCENARIO_TTL_SECONDS, 'NX');
          m.expire(key, SCENARIO_TTL_SECONDS);
        });
        await m.exec();
      };
      const jobOpts = (id: string) => ({ jobId: id, attempts, backoff: { type: 'exponential' as const, delay: 1000 }, removeOnComplete: false, removeOnFail: false });
      const add = async (cs: number[]): Promise<void> => {
        for (let i = 0; i < cs.length; i += ADD_BATCH) {
          await q.addBulk(cs.slice(i, i + ADD_BATCH).map((c) => ({ name: 'chunk', data: data[c]!, opts: jobOpts(ids[c]!) })));
        }
      };

      const merged = new Uint8Array(chunks);
      let mergedCount = 0;
      const workers = new Set<string>();
      let trajectoriesDone = 0;
      let settled = false;
      let resolveDone: (() => void) | null = null;
      let rejectDone: ((e: Error) => void) | null = null;
      const done = new Promise<void>((resolve, reject) => {
        resolveDone = resolve;
        rejectDone = reject;
      });
      // Awaited below; handled here too, so that a failure during the first reconciliation is not
      // reported by Node as an unhandled rejection before that.
      done.catch(() => {});
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        rejectDone!(e);
      };
      const describe = (c: number) => {
        const d = data[c]!.identity;
        return `chunk ${c + 1} of ${chunks} (trajectories ${d.first}–${d.first + d.count - 1}, seed ${d.seed}, job ${ids[c]!.slice(0, 18)}…)`;
      };
      let started = false;
      const report = () => {
        status.chunksDone = mergedCount;
        status.workersSeen = workers.size;
        // The first status once the first reconciliation has counted what was already done.
        if (started) options.onStatus?.({ ...status });
      };

      /** Looks at one chunk in Redis: merges it if done, fails the study if failed for good. */
      const check = async (c: number, resumed = false): Promise<'merged' | 'pending' | 'missing'> => {
        if (merged[c] === 1) return 'merged';
        const bj = await BullJob.fromId(q, ids[c]!);
        if (bj === undefined || bj === null) return 'missing';
        if (merged[c] === 1) return 'merged';
        if (bj.finishedOn && bj.returnvalue !== null && bj.returnvalue !== undefined && !bj.failedReason) {
          const r = decodeChunkResult(bj.returnvalue, expect, ids[c]!);
          if ('refused' in r) {
            fail(new QueueUserError(`${describe(c)}: its stored result is refused: ${r.refused}`));
            return 'pending';
          }
          if (r.message.engineVersion !== engineVersion || r.message.trajectories !== data[c]!.identity.count) {
            fail(new QueueUserError(`${describe(c)}: its stored result is of engine ${r.message.engineVersion} and ${r.message.trajectories} trajectories`));
            return 'pending';
          }
          if (merged[c] === 1) return 'merged';
          merged[c] = 1;
          mergedCount++;
          mergeChunk(total, r.transfer);
          trajectoriesDone += r.message.trajectories;
          workers.add(r.message.worker);
          if (resumed) status.chunksResumed++;
          report();
          onProgress?.({ chunksDone: status.chunksDone, chunks, trajectoriesDone, runs: job.runs });
          if (status.chunksDone === chunks && !settled) {
            settled = true;
            resolveDone!();
          }
          return 'merged';
        }
        if (bj.failedReason && (await bj.isFailed())) {
          if (resumed) {
            // Starting the command again is asking again: a chunk that failed before gets its attempts anew.
            await bj.retry('failed', { resetAttemptsMade: true });
            return 'pending';
          }
          const reason = String(bj.failedReason).slice(0, 2000);
          const refused = reason.startsWith('refused:');
          const msg = `${describe(c)} ${refused ? 'was refused by a worker' : `failed after ${bj.attemptsMade} attempt${bj.attemptsMade === 1 ? '' : 's'}`}: ${reason}`;
          fail(refused ? new QueueUserError(msg) : new Error(msg));
        }
        return 'pending';
      };

      let checking: Promise<void> = Promise.resolve();
      const reconcile = async (resumed = false): Promise<void> => {
        const pending: number[] = [];
        for (let c = 0; c < chunks; c++) if (merged[c] === 0) pending.push(c);
        const missing: number[] = [];
        for (let i = 0; i < pending.length && !settled; i += 200) {
          const states = await Promise.all(pending.slice(i, i + 200).map((c) => check(c, resumed)));
          states.forEach((s, k) => {
            if (s === 'missing') missing.push(pending[i + k]!);
          });
        }
        if (missing.length > 0 && !settled) {
          await storeScenarios();
          await add(missing);
        }
        const wk = workersKey(prefix, queueName);
        const now = Date.now();
        await client.zremrangebyscore(wk, '-inf', now - 10 * HEARTBEAT_MS);
        status.workersConnected = await client.zcount(wk, now - 3 * HEARTBEAT_MS, '+inf');
        started = true;
        report();
      };

      // Redis watchdog: fail clearly instead of waiting forever on a Redis that is gone.
      let downSince: number | null = null;
      const onCompleted = ({ jobId }: { jobId: string }) => {
        const c = index.get(jobId);
        if (c !== undefined) checking = checking.then(() => check(c).then(() => undefined)).catch(() => {});
      };
      const onFailed = ({ jobId }: { jobId: string }) => onCompleted({ jobId });
      ev.on('completed', onCompleted);
      ev.on('failed', onFailed);
      let timer: ReturnType<typeof setInterval> | null = null;
      let ticking = false;
      try {
        await storeScenarios();
        // First: what is already there (resume), then add what is not.
        await reconcile(true);
        timer = setInterval(() => {
          if (ticking || settled) return;
          ticking = true;
          reconcile()
            .then(() => {
              downSince = null;
            })
            .catch((e: unknown) => {
              downSince ??= Date.now();
              if (Date.now() - downSince > redisDownMs) fail(new QueueUserError(`lost Redis at ${target.shown} for more than ${Math.round(redisDownMs / 1000)} s (${e instanceof Error ? e.message : String(e)}); start the same command again to resume`));
            })
            .finally(() => {
              ticking = false;
            });
        }, reconcileMs);
        await done;
        await checking;
        if (!options.keepChunks) {
          for (let i = 0; i < ids.length; i += ADD_BATCH) {
            await Promise.all(ids.slice(i, i + ADD_BATCH).map((id) => q.remove(id).catch(() => 0)));
          }
        }
      } finally {
        if (timer !== null) clearInterval(timer);
        ev.off('completed', onCompleted);
        ev.off('failed', onFailed);
      }
      return { spec: runner.spec, aggregate: total, scenarioHashes: hashes };
    },
    async close() {
      const q = queue;
      const e = events;
      const r = redis;
      queue = null;
      events = null;
      redis = null;
      r?.disconnect();
      // A graceful close waits for Redis; one that is unreachable would keep it waiting forever.
      const graceful = Promise.all([q?.close(), e?.close()]).then(() => true, () => false);
      const closed = await Promise.race([graceful, new Promise<false>((res) => setTimeout(() => res(false), 3000).unref())]);
      if (!closed) {
        closing = true;
        void q?.disconnect().catch(() => {});
        void e?.disconnect().catch(() => {});
      }
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new QueueUserError(`${message} within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

