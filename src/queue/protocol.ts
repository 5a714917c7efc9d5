/**
 * What travels through Redis between a coordinator (`--queue URL`) and `brink worker`, and how a
 * chunk is named (docs/distributed.md, D51).
 *
 * A chunk job carries data only: the engine version, the content hashes of its scenarios (one per
 * arm; the scenarios themselves are stored once, as validated JSON, under their hash), the seed,
 * the first trajectory and the count, and the two job options that change the aggregate (series,
 * state probe). Its BullMQ job id is a hash of exactly those fields, so the same chunk enqueued
 * twice (a resumed coordinator, a second identical study) is one job, and its result is merged
 * once. Every message is parsed with a strict zod schema on arrival: a worker and a coordinator
 * treat everything read from Redis as hostile, and nothing read from it is ever evaluated as code.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../scenario/index.js';
import { PATHWAY_EXAMPLES } from '../montecarlo/index.js';

/** Version of the message format (not of the engine): a worker refuses any other. */
export const PROTOCOL_VERSION = 3;
/** The BullMQ queue the chunks go to, unless `--queue-name` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'brink-chunks';
/** Most arms a chunk may name (sensitivity of every prior at two sides is ~100). */
export const MAX_ARMS = 4096;
/** Longest scenario JSON a worker accepts from Redis (bytes). */
export const MAX_SCENARIO_BYTES = 8 * 2 ** 20;
/** Longest chunk result a coordinator accepts from Redis (characters of base64). */
export const MAX_RESULT_CHARS = 512 * 2 ** 20;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 hex digest');
/** Scenario content hashes: sha-256 hex of the canonical JSON (compile.ts scenarioHash). */
const scenarioHashSchema = z.string().regex(/^[0-9a-zA-Z._-]{1,128}$/, 'a scenario content hash');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The fields that determine a Monte Carlo chunk's result (run or comparison). */
export const McIdentitySchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  engineVersion: z.string().min(1).max(64),
  kind: z.enum(['run', 'compare']),
  scenarioHashes: z.array(scenarioHashSchema).min(1).max(MAX_ARMS),
  seed: count,
  first: count,
  count: z.number().int().min(1).max(1e7),
  series: z.boolean(),
  stateProbe: z.boolean(),
});
export type McIdentity = z.infer<typeof McIdentitySchema>;

/** Most simulations (dispute, trajectories) one chunk of historical cases may hold. */
export const MAX_CASE_ITEMS = 100_000;
/** Widest tally of one dispute (calibration simulate.ts MID_TALLY_WIDTH, icb-backtest.ts ICB_TALLY_WIDTH). */
export const MAX_TALLY_WIDTH = 64;

/**
 * The fields that determine a chunk of historical simulations (`brink calibrate|backtest
 * --queue`, D73): for each item, the dispute's scenario (by content hash), its seed, the actor ids
 * of its side B (what the reading needs beyond the scenario), and the trajectories first..first+count−1;
 * `reading` says how trajectories are tallied (MID dispute or ICB crisis).
 */
export const CasesIdentitySchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  engineVersion: z.string().min(1).max(64),
  kind: z.literal('cases'),
  reading: z.enum(['mid', 'icb']),
  items: z
    .array(
      z.strictObject({
        scenarioHash: scenarioHashSchema,
        seed: count,
        sideB: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(1000),
        defenders: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(1000),
        first: count,
        count: z.number().int().min(1).max(1e7),
      }),
    )
    .min(1)
    .max(MAX_CASE_ITEMS),
});
export type CasesIdentity = z.infer<typeof CasesIdentitySchema>;

/** The fields that determine a chunk's result: hashed into its job id (chunkId). */
export const ChunkIdentitySchema = z.union([McIdentitySchema, CasesIdentitySchema]);
export type ChunkIdentity = z.infer<typeof ChunkIdentitySchema>;

/** Trajectories a chunk computes. */
export function chunkTrajectories(id: ChunkIdentity): number {
  return id.kind === 'cases' ? id.items.reduce((n, it) => n + it.count, 0) : id.count;
}

/** A short description of a chunk's work, for messages. */
export function chunkWhat(id: ChunkIdentity): string {
  if (id.kind !== 'cases') return `trajectories ${id.first}–${id.first + id.count - 1}, seed ${id.seed}`;
  return `${id.items.length} simulation${id.items.length === 1 ? '' : 's'} of historical ${id.reading === 'mid' ? 'disputes' : 'crises'}, ${chunkTrajectories(id)} trajectories`;
}

/** A chunk job's data: its identity, plus the study it was enqueued for (for messages only). */
export const ChunkJobDataSchema = z.strictObject({
  identity: ChunkIdentitySchema,
  /** Chunk index and count within the study that first enqueued it (for messages only). */
  chunk: count,
  chunks: count,
});
export type ChunkJobData = z.infer<typeof ChunkJobDataSchema>;

/**
 * A chunk's result, as a worker returns it (stored by BullMQ as the job's return value). `data`
 * is base64 of raw-deflated little-endian float64 slots: for a run the aggregate's slots; for a
 * comparison every arm's slots, then the paired slots, then the state probe's, with `lengths`
 * giving each block's length. The slots hold integers only (aggregate.ts), checked on arrival.
 */
export const ChunkResultSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  chunkId: z.string().regex(/^chunk-[0-9a-f]{64}$/),
  engineVersion: z.string().min(1).max(64),
  kind: z.enum(['run', 'compare']),
  trajectories: z.number().int().min(1).max(1e7),
  lengths: z.array(count).min(1).max(MAX_ARMS + 2),
  /** Pathway counts per arm. */
  pathways: z.array(z.array(z.tuple([z.string().max(4096), count])).max(1e6)).min(1).max(MAX_ARMS),
  /**
   * Example trajectories per pathway and arm, flat pairs [trajectory, day, …] (at most
   * PATHWAY_EXAMPLES pairs; aggregate.ts), merged like any chunk's (D54).
   */
  pathwayExamples: z
    .array(z.array(z.tuple([z.string().max(4096), z.array(z.number().int().min(-1).max(1e9)).max(2 * PATHWAY_EXAMPLES)])).max(1e6))
    .min(1)
    .max(MAX_ARMS),
  data: z.string().max(MAX_RESULT_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  /** `host:pid` of the worker that computed it (shown in progress and failure messages). */
  worker: z.string().max(300),
});
export type ChunkResultMessage = z.infer<typeof ChunkResultSchema>;

/** A chunk of historical simulations' result: one integer tally per item, in the items' order. */
export const CasesResultSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  chunkId: z.string().regex(/^chunk-[0-9a-f]{64}$/),
  engineVersion: z.string().min(1).max(64),
  kind: z.literal('cases'),
  trajectories: z.number().int().min(1).max(1e9),
  tallies: z.array(z.array(count).max(MAX_TALLY_WIDTH)).min(1).max(MAX_CASE_ITEMS),
  worker: z.string().max(300),
});
export type CasesResultMessage = z.infer<typeof CasesResultSchema>;

/** The BullMQ job id of a chunk: `chunk-` and the sha-256 of its identity's canonical JSON. */
export function chunkId(identity: ChunkIdentity): string {
  return `chunk-${bytesToHex(sha256(utf8ToBytes(canonicalJson(identity))))}`;
}

/** Redis key of a scenario's validated JSON, by content hash, beside the queue's own keys. */
export function scenarioKey(prefix: string, queueName: string, hash: string): string {
  return `${prefix}:${queueName}:scenario:${hash}`;
}

/**
 * Redis sorted set of the workers of a queue, scored by when each was last seen (ms): BullMQ 6 no
 * longer names its worker connections, so workers announce themselves (worker.ts) for the
 * coordinator's "workers connected".
 */
export function workersKey(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:brink-workers`;
}
/** A worker announces itself this often; one unseen for 3 periods counts as gone. */
export const HEARTBEAT_MS = 5000;

export { hex64 };
