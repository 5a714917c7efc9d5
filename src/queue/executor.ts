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
 *
 * `queueCaseSimulator` runs the historical simulations of `brink calibrate|backtest --queue` (D73)
 * through the same machinery: chunks of (dispute scenario, seed, trajectories) whose results are
 * integer tallies, added up exactly.
 */
import { Job as BullJob, Queue, QueueEvents } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import {
  CompareAggregate,
  type ChunkTransfer,
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
import { scenarioHash } from '../scenario/compile.js';
import type { Scenario } from '../scenario/index.js';
import { MID_TALLY_WIDTH, type Reading } from '../calibration/simulate.js';
import { ICB_TALLY_WIDTH } from '../calibration/icb-backtest.js';
import { decodeCasesResult } from './codec.js';
import {
  DEFAULT_QUEUE_NAME,
  HEARTBEAT_MS,
  PROTOCOL_VERSION,
  chunkId,
  chunkTrajectories,
  chunkWhat,
  scenarioKey,
  workersKey,
  type CasesIdentity,
  type ChunkJobData,
  type McIdentity,
} from './protocol.js';

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
  /**
   * Running estimates: the aggregate of chunks 0..m−1 each time that prefix grows (a real,
   * reproducible run of those trajectories, as the browser executor's onPartial). Not to be kept
   * or changed: it is the executor's own, and grows.
   */
  onPartial?: (prefix: RunAggregate | CompareAggregate, p: JobProgress) => void;
}

export interface QueueExecutor extends Executor {
  /** Status of the last study (workers seen, chunks resumed). */
  readonly status: QueueStatus;
  readonly target: string;
}

const SCENARIO_TTL_SECONDS = 7 * 24 * 3600;
/** The scenarios of historical simulations are many and used once: a day, and removed when collected. */
const CASE_SCENARIO_TTL_SECONDS = 24 * 3600;
const ADD_BATCH = 500;
/** Chunks merged beyond the running estimates' prefix that are held in memory (others are fetched again). */
const HOLD_PARTIAL = 64;
/**
 * Trajectories per chunk of historical simulations (`brink calibrate|backtest --queue`): disputes
 * are packed in order, a dispute's runs split where a chunk fills. About the cost of a Monte Carlo
 * chunk of 256 (a traced historical trajectory is shorter than a 2025 one).
 */
export const CASE_CHUNK_TRAJECTORIES = 512;

/** What a study's collection needs to know beyond its chunks (runStudy). */
interface StudyPlan {
  data: ChunkJobData[];
  ids: string[];
  scenarios: { hash: string; text: string }[];
  scenarioTtl: number;
  /** Remove the scenarios when collected (historical ones: used by this study only, in practice). */
  removeScenarios: boolean;
  /** Trajectories of the whole study (progress). */
  runs: number;
  /** Checks chunk c's stored result: refused, or how to merge it. */
  accept(c: number, raw: unknown, merged: Uint8Array): { refused: string } | { worker: string; trajectories: number; merge: () => void };
  /** After each reconciliation. */
  onTick?(merged: Uint8Array, queue: Queue): Promise<void>;
  onProgress?: ((p: JobProgress) => void) | undefined;
}

interface Coordinator {
  status: QueueStatus;
  target: ReturnType<typeof redisTarget>;
  engineVersion: string;
  runStudy(plan: StudyPlan): Promise<void>;
  close(): Promise<void>;
}

function coordinator(options: QueueExecutorOptions): Coordinator {
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

  const runStudy = async (plan: StudyPlan): Promise<void> => {
    const { data, ids } = plan;
    const chunks = ids.length;
    const index = new Map(ids.map((id, c) => [id, c]));
    Object.assign(status, { chunksDone: 0, chunks, chunksResumed: 0, workersSeen: 0, workersConnected: 0 });

    const { queue: q, events: ev, client } = await connect();
    const storeScenarios = async (): Promise<void> => {
      for (let i = 0; i < plan.scenarios.length; i += ADD_BATCH) {
        const m = client.multi();
        for (const { hash, text } of plan.scenarios.slice(i, i + ADD_BATCH)) {
          const key = scenarioKey(prefix, queueName, hash);
          m.set(key, text, 'EX', plan.scenarioTtl, 'NX');
          m.expire(key, plan.scenarioTtl);
        }
        await m.exec();
      }
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
    const describe = (c: number) => `chunk ${c + 1} of ${chunks} (${chunkWhat(data[c]!.identity)}, job ${ids[c]!.slice(0, 18)}…)`;
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
        const r = plan.accept(c, bj.returnvalue, merged);
        if ('refused' in r) {
          fail(new QueueUserError(`${describe(c)}: its stored result is refused: ${r.refused}`));
          return 'pending';
        }
        if (merged[c] === 1) return 'merged';
        merged[c] = 1;
        mergedCount++;
        r.merge();
        trajectoriesDone += r.trajectories;
        workers.add(r.worker);
        if (resumed) status.chunksResumed++;
        report();
        plan.onProgress?.({ chunksDone: status.chunksDone, chunks, trajectoriesDone, runs: plan.runs });
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
      await plan.onTick?.(merged, q);
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
        if (plan.removeScenarios) {
          for (let i = 0; i < plan.scenarios.length; i += ADD_BATCH) {
            await client.del(...plan.scenarios.slice(i, i + ADD_BATCH).map((s) => scenarioKey(prefix, queueName, s.hash)));
          }
        }
      }
    } finally {
      if (timer !== null) clearInterval(timer);
      ev.off('completed', onCompleted);
      ev.off('failed', onFailed);
    }
  };

  return {
    status,
    target,
    engineVersion,
    runStudy,
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

export function queueExecutor(options: QueueExecutorOptions): QueueExecutor {
  const co = coordinator(options);
  const { status, engineVersion } = co;
  return {
    /** Workers seen so far (the timing line's count). */
    get workers() {
      return Math.max(1, status.workersSeen);
    },
    target: co.target.shown,
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
        const identity: McIdentity = {
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
      // Running estimates (onPartial): the aggregate of chunks 0..m−1, a real run of those chunks'
      // trajectories (as the browser executor's), not of whichever chunks finished first. Chunks
      // merged beyond the prefix are held (at most HOLD_PARTIAL; the others are fetched again from
      // Redis when the prefix reaches them: they stay there until the study is collected).
      type Held = { transfer: ChunkTransfer; trajectories: number };
      const partial = options.onPartial === undefined ? null : { agg: runner.emptyAggregate(), chunks: 0, trajectories: 0, held: new Map<number, Held>() };
      const advance = (merged: Uint8Array): void => {
        if (partial === null) return;
        const before = partial.chunks;
        for (;;) {
          const h = partial.held.get(partial.chunks);
          if (partial.chunks >= chunks || merged[partial.chunks] !== 1 || h === undefined) break;
          partial.held.delete(partial.chunks);
          mergeChunk(partial.agg, h.transfer);
          partial.trajectories += h.trajectories;
          partial.chunks++;
        }
        if (partial.chunks > before) options.onPartial!(partial.agg, { chunksDone: partial.chunks, chunks, trajectoriesDone: partial.trajectories, runs: job.runs });
      };
      await co.runStudy({
        data,
        ids,
        scenarios: hashes.map((h, j) => ({ hash: h, text: texts[j]! })),
        scenarioTtl: SCENARIO_TTL_SECONDS,
        removeScenarios: false,
        runs: job.runs,
        accept: (c, raw, merged) => {
          const r = decodeChunkResult(raw, expect, ids[c]!);
          if ('refused' in r) return r;
          if (r.message.engineVersion !== engineVersion || r.message.trajectories !== chunkTrajectories(data[c]!.identity)) return { refused: `it is of engine ${r.message.engineVersion} and ${r.message.trajectories} trajectories` };
          return {
            worker: r.message.worker,
            trajectories: r.message.trajectories,
            merge: () => {
              mergeChunk(total, r.transfer);
              // The merge into the total leaves the transfer as it was: hold it for the prefix.
              if (partial !== null && c >= partial.chunks && (c === partial.chunks || partial.held.size < HOLD_PARTIAL)) partial.held.set(c, { transfer: r.transfer, trajectories: r.message.trajectories });
              // merged[c] is set before merge() is called.
              advance(merged);
            },
          };
        },
        onTick: async (merged, q) => {
          if (partial === null || partial.chunks >= chunks || merged[partial.chunks] !== 1 || partial.held.has(partial.chunks)) return;
          const c = partial.chunks;
          const bj = await BullJob.fromId(q, ids[c]!);
          if (!bj || bj.returnvalue === null || bj.returnvalue === undefined) return;
          const r = decodeChunkResult(bj.returnvalue, expect, ids[c]!);
          if ('refused' in r) return;
          partial.held.set(c, { transfer: r.transfer, trajectories: r.message.trajectories });
          advance(merged);
        },
        onProgress,
      });
      return { spec: runner.spec, aggregate: total, scenarioHashes: hashes };
    },
    close: () => co.close(),
  };
}

/** One dispute (or crisis) to simulate through the queue: its validated scenario, seed and side B. */
export interface QueuedCase {
  scenario: Scenario;
  seed: number;
  sideB: string[];
  /** Actor ids of the outside defenders (a militarized act of theirs is joining below war). */
  defenders: string[];
}

export interface QueueCaseSimulator {
  /**
   * The integer tally (simulate.ts tallyMid / icb-backtest.ts tallyIcb) of trajectories 0..runs−1
   * of each case, in order: exactly what a local tally of the same case gives.
   */
  tally(reading: Reading, cases: readonly QueuedCase[], runs: number, onProgress?: (p: JobProgress) => void): Promise<number[][]>;
  readonly status: QueueStatus;
  readonly target: string;
  close(): Promise<void>;
}

/** Historical simulations (`brink calibrate|backtest --queue`) through the queue (D73). */
export function queueCaseSimulator(options: QueueExecutorOptions): QueueCaseSimulator {
  const co = coordinator(options);
  const { engineVersion } = co;
  return {
    target: co.target.shown,
    get status() {
      return { ...co.status };
    },
    async tally(reading, cases, runs, onProgress) {
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
      const width = reading === 'mid' ? MID_TALLY_WIDTH : ICB_TALLY_WIDTH;
      const texts = new Map<string, string>();
      const hashes = cases.map((c) => {
        const h = scenarioHash(c.scenario);
        if (!texts.has(h)) texts.set(h, JSON.stringify(c.scenario));
        return h;
      });
      // Pack the cases' runs, in order, into chunks of CASE_CHUNK_TRAJECTORIES (a case's runs split where a chunk fills).
      const packs: { items: CasesIdentity['items']; of: number[] }[] = [];
      let cur: { items: CasesIdentity['items']; of: number[] } = { items: [], of: [] };
      let room = CASE_CHUNK_TRAJECTORIES;
      cases.forEach((c, i) => {
        let first = 0;
        while (first < runs) {
          const count = Math.min(runs - first, room);
          cur.items.push({ scenarioHash: hashes[i]!, seed: c.seed, sideB: [...c.sideB], defenders: [...c.defenders], first, count });
          cur.of.push(i);
          first += count;
          room -= count;
          if (room === 0) {
            packs.push(cur);
            cur = { items: [], of: [] };
            room = CASE_CHUNK_TRAJECTORIES;
          }
        }
      });
      if (cur.items.length > 0) packs.push(cur);
      const ids: string[] = [];
      const data: ChunkJobData[] = packs.map((p, c) => {
        const identity: CasesIdentity = { protocol: PROTOCOL_VERSION, engineVersion, kind: 'cases', reading, items: p.items };
        ids.push(chunkId(identity));
        return { identity, chunk: c, chunks: packs.length };
      });
      const tallies = cases.map(() => new Array<number>(width).fill(0));
      await co.runStudy({
        data,
        ids,
        scenarios: [...texts].map(([hash, text]) => ({ hash, text })),
        scenarioTtl: CASE_SCENARIO_TTL_SECONDS,
        removeScenarios: true,
        runs: runs * cases.length,
        accept: (c, raw) => {
          const r = decodeCasesResult(raw, data[c]!.identity as CasesIdentity, width, ids[c]!);
          if ('refused' in r) return r;
          if (r.message.engineVersion !== engineVersion) return { refused: `it is of engine ${r.message.engineVersion}` };
          return {
            worker: r.message.worker,
            trajectories: r.message.trajectories,
            merge: () => {
              r.message.tallies.forEach((t, k) => {
                const into = tallies[packs[c]!.of[k]!]!;
                t.forEach((x, j) => (into[j]! += x));
              });
            },
          };
        },
        onProgress,
      });
      return tallies;
    },
    close: () => co.close(),
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

