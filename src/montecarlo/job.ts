/**
 * A Monte Carlo job and the work of one chunk (shared by every executor).
 *
 * Work is cut into FIXED chunks: chunk c is trajectories [c·chunkSize, min((c+1)·chunkSize, runs)),
 * and trajectory k always runs with keyed random numbers (seed, k) (MODEL.md §6). Each chunk is
 * aggregated on its own and the chunk aggregates are merged; since aggregates hold only integers
 * (aggregate.ts) the result does not depend on which worker ran which chunk, on the number of
 * workers, or on the order in which chunks finish.
 *
 * A job carries validated Scenario objects (plain data, cheap to send to a worker); each worker
 * compiles them itself, once.
 */
import type { CompiledScenario, Scenario } from '../scenario/index.js';
import { RunAggregate, weeksForHorizon, type AggregateSpec, type AggregateTransfer } from './aggregate.js';
import { CompareAggregate, type CompareTransfer } from './compare-aggregate.js';
import type { EngineApi, Simulator } from './engine-api.js';
import type { ProbeEntry } from './state-probe.js';

/** Trajectories per chunk. Results are identical for any value (exact merges); 256 keeps a chunk at ~0.1–1 s. */
export const CHUNK_SIZE = 256;

interface JobBase {
  seed: number;
  runs: number;
  chunkSize: number;
  /** Module URL of an alternative engine (tests: synthetic-engine.ts); default the real engine. */
  engineModule?: string;
  /**
   * Weekly series and their quantile fans (default true). Off, the aggregate has no fan slots
   * (~70 kB per arm instead of ~1 MB) and the engine samples nothing: for jobs with hundreds of
   * arms (`brink sensitivity`).
   */
  series?: boolean;
  /**
   * The state probe of a comparison (state-probe.ts; default true, when the engine gives a state
   * digest): off only to measure what it costs (scripts/probe-cost.mjs).
   */
  stateProbe?: boolean;
}

export type Job = ({ kind: 'run'; scenario: Scenario } | { kind: 'compare'; arms: Scenario[] }) & JobBase;

export function chunkCount(runs: number, chunkSize: number): number {
  return Math.ceil(runs / chunkSize);
}

export function chunkRange(chunk: number, runs: number, chunkSize: number): [number, number] {
  const start = chunk * chunkSize;
  return [start, Math.min(start + chunkSize, runs)];
}

export type ChunkTransfer = { kind: 'run'; agg: AggregateTransfer } | { kind: 'compare'; agg: CompareTransfer };

export interface ChunkResult {
  chunk: number;
  trajectories: number;
  transfer: ChunkTransfer;
}

/** Buffers to move (not copy) across a thread boundary. */
export function transferList(t: ChunkTransfer): ArrayBuffer[] {
  if (t.kind === 'run') return [t.agg.data.buffer as ArrayBuffer];
  return [...t.agg.arms.map((a) => a.data.buffer as ArrayBuffer), t.agg.paired.buffer as ArrayBuffer, t.agg.probe.buffer as ArrayBuffer];
}

export interface JobRunner {
  readonly spec: AggregateSpec;
  readonly arms: number;
  readonly scenarioHashes: string[];
  /** The state probe's entries (empty for a run, or an engine without a state digest). */
  readonly probe: ProbeEntry[];
  runChunk(chunk: number): ChunkResult;
  /**
   * Trajectories [start, end) as one chunk (labelled `chunk`): what runChunk does for its fixed
   * range. The queue's workers use it, since a queued chunk names its first trajectory and count.
   */
  runRange(start: number, end: number, chunk?: number): ChunkResult;
  emptyAggregate(): RunAggregate | CompareAggregate;
}

export function validateJob(job: Job): void {
  if (!Number.isSafeInteger(job.seed) || job.seed < 0) throw new Error(`seed must be a non-negative integer, got ${job.seed}`);
  if (!Number.isSafeInteger(job.runs) || job.runs < 1) throw new Error(`runs must be a positive integer, got ${job.runs}`);
  if (!Number.isSafeInteger(job.chunkSize) || job.chunkSize < 1) throw new Error(`chunk size must be a positive integer, got ${job.chunkSize}`);
  if (job.series !== undefined && typeof job.series !== 'boolean') throw new Error(`series must be true or false, got ${String(job.series)}`);
  if (job.stateProbe !== undefined && typeof job.stateProbe !== 'boolean') throw new Error(`stateProbe must be true or false, got ${String(job.stateProbe)}`);
  if (job.kind === 'compare' && job.arms.length < 1) throw new Error('a comparison needs at least one arm');
}

/** Collective-defence alliance ids in the compiled (canonical) order: Outcome.byAlliance's order. */
function collectiveDefenseIds(c: { alliances: readonly { id: string; collectiveDefense: boolean }[] }): string[] {
  return c.alliances.filter((a) => a.collectiveDefense).map((a) => a.id);
}

export function createJobRunner(job: Job, engine: EngineApi): JobRunner {
  validateJob(job);
  const scenarios = job.kind === 'run' ? [job.scenario] : job.arms;
  const compiled = scenarios.map((s) => engine.compileScenario(s));
  const c0 = compiled[0]!;
  const series = job.series !== false;
  const spec: AggregateSpec = {
    theatreIds: c0.theatres.map((t) => t.id),
    horizonDays: c0.horizonDays,
    weeks: series ? weeksForHorizon(c0.horizonDays) : 0,
    allianceIds: collectiveDefenseIds(c0),
    dyadKeys: c0.dyads.map((d) => d.key),
    ...(c0.focalAllianceIx >= 0 ? { defaultFocal: c0.alliances[c0.focalAllianceIx]!.id } : {}),
  };
  const same = (a: readonly string[], b: readonly string[] | undefined) => b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  for (const c of compiled) {
    if (c.horizonDays !== spec.horizonDays || !same(c.theatres.map((t) => t.id), spec.theatreIds)) {
      throw new Error('compare arms must share the horizon and the theatres (a policy file cannot change them)');
    }
    if (!same(collectiveDefenseIds(c), spec.allianceIds) || !same(c.dyads.map((d) => d.key), spec.dyadKeys)) {
      throw new Error('compare arms must share the collective-defence alliances and the dyads (a policy file cannot change them)');
    }
  }
  const sims: Simulator[] = compiled.map((c) => engine.createSimulator(c));
  const probe = job.kind === 'compare' && job.stateProbe !== false ? probeEntries(engine, compiled, sims) : [];
  const digests = sims.map(() => new Float64Array(probe.length));
  // Each result is folded into the aggregate before the next run, so the series buffers are reused.
  const opts = { series, reuseSeries: true, reuseOutcomeArrays: true, trace: false };
  const results = new Array(sims.length);
  return {
    spec,
    arms: sims.length,
    scenarioHashes: compiled.map((c) => c.hash),
    probe,
    emptyAggregate: () => (job.kind === 'run' ? new RunAggregate(spec) : new CompareAggregate(spec, sims.length, undefined, probe)),
    runChunk(chunk: number): ChunkResult {
      const [start, end] = chunkRange(chunk, job.runs, job.chunkSize);
      if (start >= end) throw new Error(`chunk ${chunk} is outside ${job.runs} runs`);
      return this.runRange(start, end, chunk);
    },
    runRange(start: number, end: number, chunk = 0): ChunkResult {
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) throw new Error(`bad trajectory range [${start}, ${end})`);
      let k = start;
      let j = 0;
      try {
        if (job.kind === 'run') {
          const agg = new RunAggregate(spec);
          const sim = sims[0]!;
          for (; k < end; k++) agg.add(sim.run(job.seed, k, opts));
          return { chunk, trajectories: end - start, transfer: { kind: 'run', agg: agg.toTransfer() } };
        }
        const agg = new CompareAggregate(spec, sims.length, undefined, probe);
        const probed = probe.length > 0;
        for (; k < end; k++) {
          for (j = 0; j < sims.length; j++) {
            results[j] = sims[j]!.run(job.seed, k, opts);
            // Read before the next run of this simulator resets its state.
            if (probed) sims[j]!.stateDigest!(digests[j]!);
          }
          agg.add(results, digests);
        }
        return { chunk, trajectories: end - start, transfer: { kind: 'compare', agg: agg.toTransfer() } };
      } catch (e) {
        // Name the trajectory, so that `brink trace --seed S --trajectory K` reproduces it alone.
        const where = `trajectory ${k} (seed ${job.seed}${job.kind === 'compare' ? `, arm ${j}` : ''})`;
        const err = e instanceof Error ? e : new Error(String(e));
        err.message = `${where}: ${err.message}`;
        throw err;
      }
    },
  };
}

/**
 * The state probe's entries: the engine's digest layout, which must be the same for every arm
 * (policy files and parameters cannot add or remove actors, alliances or partners). None when
 * the engine has no state digest.
 */
function probeEntries(engine: EngineApi, compiled: CompiledScenario[], sims: Simulator[]): ProbeEntry[] {
  if (engine.stateDigestLayout === undefined || sims.some((s) => typeof s.stateDigest !== 'function')) return [];
  const layouts = compiled.map((c) => engine.stateDigestLayout!(c));
  const keys0 = layouts[0]!.map((e) => e.key).join('\n');
  layouts.forEach((l, j) => {
    if (l.map((e) => e.key).join('\n') !== keys0) throw new Error(`compare arm ${j} has other actors, alliances or partners than arm 0; arms must differ only in policies and parameters`);
  });
  return layouts[0]!;
}

/** Merge a chunk's transfer into a running total. */
export function mergeChunk(total: RunAggregate | CompareAggregate, t: ChunkTransfer): void {
  if (t.kind === 'run' && total instanceof RunAggregate) total.merge(t.agg);
  else if (t.kind === 'compare' && total instanceof CompareAggregate) total.merge(t.agg);
  else throw new Error(`chunk of kind ${t.kind} does not fit this job`);
}
