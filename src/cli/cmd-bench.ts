/**
 * `brink bench [--scenario FILE] [--runs N] [--large N] [--inline-runs N] [--workers W]`: speed and
 * memory of Monte Carlo on a real scenario (default scenarios/baseline-2025.yaml, 730 days):
 *
 * 1. inline, one thread: first the warm-up (the first --warmup-runs trajectories of a fresh
 *    thread, while V8 is still compiling the engine), then the steady state on --inline-runs:
 *    trajectories per second per core, time per trajectory, ns per engine event
 *    (wall time / Σ Outcome.eventCount);
 * 2. the aggregation hot path alone (RunAggregate.add on real results): µs per trajectory;
 * 3. the worker pool at --runs (10^4) on one worker thread and on all cores, in --pairs (3)
 *    interleaved pairs (the host's speed drifts; the figure is the median ratio): trajectories per
 *    second, and the speed-up = rate on all cores / rate on one worker (the same program, warm-up
 *    and hand-offs included on both sides: strong scaling), beside the ratio to the inline
 *    steady state;
 * 4. the pool at --large (10^5; try 10^6) runs: the flat-memory check (peak RSS vs step 3);
 * beside step 1, the host reference (--host-probes timings of a fixed register-only loop, half
 * before and half after it), so that per-core figures from different machines can be compared.
 *
 * Human-readable lines go to stderr; one line of JSON with every figure goes to stdout at the end.
 * Timing goals are checked here, never in tests (ARCHITECTURE.md convention 8).
 */
import type { Command } from 'commander';
import { RunAggregate, weeksForHorizon } from '../montecarlo/aggregate.js';
import { METRICS } from '../montecarlo/aggregate.js';
import { FIXED_SCALE, fixedValue } from '../montecarlo/fixed-sum.js';
import { loadEngine } from '../montecarlo/engine-api.js';
import { defaultWorkerCount } from '../montecarlo/pool-node.js';
import type { TrajectoryResult } from '../engine/types.js';
import { loadScenarioFile } from '../scenario/node.js';
import { ENGINE_VERSION } from '../model/version.js';
import { fmtInt } from '../analysis/format.js';
import { intArg, reportIssues, type CliContext } from './context.js';
import { CHUNK_SIZE, executeJob } from './mc-common.js';

interface BenchFlags {
  scenario: string;
  runs: number;
  large: number;
  inlineRuns: number;
  warmupRuns: number;
  workers?: number;
  seed: number;
  progress: boolean;
  hostProbes: number;
  pairs: number;
}

const EVENT_METRIC = METRICS.findIndex((m) => m.key === 'eventCount');

function totalEvents(agg: RunAggregate): number {
  return fixedValue(agg.data, agg.layout.metricSum + 4 * EVENT_METRIC, FIXED_SCALE);
}

/** Steps of the host reference loop (the `arith` kind of scripts/thread-scaling.mjs, one slice). */
export const HOST_PROBE_STEPS = 2e7;

/**
 * The host reference: ms for a fixed register-only floating-point loop in this thread (no memory,
 * no allocation, no engine). It says how fast this machine's core is at the moment, so that
 * per-core figures measured on different hosts can be read against each other (the machine kind
 * changed under docs/performance.md's earlier sections: on the fifth session's host this loop took
 * ×1.24 as long and the same engine ×2.1–2.2). A reading aid, not a correction: the engine touches
 * memory and need not slow down in the same proportion.
 */
export function hostProbeMs(steps = HOST_PROBE_STEPS): number {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < steps; i++) x = (x + i * 1.0000001) % 1e9;
  // x < 0 never happens; reading it keeps the loop from being optimised away.
  return performance.now() - t0 + (x < 0 ? 1 : 0);
}

const median = (x: number[]): number => {
  const s = [...x].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

const MiB = 2 ** 20;
const round = (x: number, d = 1) => Number(x.toFixed(d));

export function register(program: Command, ctx: CliContext): void {
  program
    .command('bench')
    .description('measure trajectories/s per core, ns per engine event, pool speed-up and peak memory (one JSON line at the end)')
    .option('--scenario <file>', 'scenario to run', 'scenarios/baseline-2025.yaml')
    .option('--runs <n>', 'runs of each pool run (one worker, all cores)', intArg(1, 1e9), 10_000)
    .option('--pairs <n>', 'interleaved pairs of pool runs (one worker, all cores); the speed-up is the median of their ratios', intArg(1, 100), 3)
    .option('--large <n>', 'runs of the flat-memory check (e.g. 1000000)', intArg(1, 1e9), 100_000)
    .option('--inline-runs <n>', 'runs of the single-thread benchmark (after the warm-up)', intArg(1, 1e9), 2_000)
    .option('--warmup-runs <n>', 'runs of a fresh thread timed as the warm-up, before the single-thread benchmark', intArg(1, 1e9), 256)
    .option('--workers <w>', 'pool size (default: one per core)', intArg(1, 1024))
    .option('--seed <s>', 'master seed', intArg(0), 1)
    .option('--host-probes <n>', 'timings of the host reference loop, half before and half after the inline benchmark (0: none)', intArg(0, 1000), 6)
    .option('--no-progress', 'no progress bar')
    .action(async (flags: BenchFlags) => {
      const { scenario, issues } = loadScenarioFile(flags.scenario);
      if (scenario === null) {
        reportIssues(ctx, issues);
        return;
      }
      const workers = flags.workers ?? defaultWorkerCount();
      const base = { kind: 'run' as const, scenario, seed: flags.seed, chunkSize: CHUNK_SIZE };
      const say = (s: string) => ctx.err(`bench: ${s}`);
      say(`${scenario.name}, ${scenario.horizonDays} days, engine ${ENGINE_VERSION}, node ${process.version}, ${defaultWorkerCount()} cores`);

      // 0. The host reference, half of its timings now and half after the inline step (bracketing it).
      const probes: number[] = [];
      const probe = (n: number) => { for (let q = 0; q < n; q++) probes.push(hostProbeMs()); };
      probe(flags.hostProbes >> 1);

      // 1. Inline, one thread: the warm-up of a fresh thread, then the steady state.
      const warm = await executeJob({ ...base, runs: flags.warmupRuns }, 1, { progress: flags.progress, label: 'warm-up', command: 'bench' });
      say(`warm-up: the first ${fmtInt(flags.warmupRuns)} trajectories of a fresh thread took ${warm.timing.wallSeconds.toFixed(2)} s (${((1000 * warm.timing.wallSeconds) / flags.warmupRuns).toFixed(3)} ms/trajectory while V8 compiles the engine)`);
      // Each chunk's own rate too: on a shared machine their spread shows the host's load, which
      // the mean over the whole step (the figure the goal is read against) folds in.
      const chunkRates: number[] = [];
      let lastT = performance.now(), lastDone = 0;
      const inline = await executeJob({ ...base, runs: flags.inlineRuns }, 1, {
        progress: flags.progress, label: 'inline', command: 'bench',
        onProgress: (p) => {
          const now = performance.now();
          if (now > lastT) chunkRates.push(((p.trajectoriesDone - lastDone) * 1000) / (now - lastT));
          lastT = now;
          lastDone = p.trajectoriesDone;
        },
      });
      const sortedRates = [...chunkRates].sort((a, b) => a - b);
      const rateOf = (q: number) => sortedRates[Math.min(sortedRates.length - 1, Math.floor(q * sortedRates.length))] ?? 0;
      const inlineAgg = inline.output.aggregate as RunAggregate;
      const events = totalEvents(inlineAgg);
      const perCore = inline.timing.trajectoriesPerSecond;
      const nsPerEvent = (inline.timing.wallSeconds * 1e9) / events;
      say(`inline (steady state): ${fmtInt(flags.inlineRuns)} runs in ${inline.timing.wallSeconds.toFixed(2)} s = ${perCore.toFixed(1)} trajectories/s/core, ${(1000 / perCore).toFixed(3)} ms/trajectory, ${fmtInt(events / flags.inlineRuns)} events/trajectory, ${nsPerEvent.toFixed(0)} ns/event`);
      say(`inline, per chunk of ${fmtInt(CHUNK_SIZE)} runs: median ${rateOf(0.5).toFixed(1)}/s, slowest ${(sortedRates[0] ?? 0).toFixed(1)}/s, fastest ${(sortedRates.at(-1) ?? 0).toFixed(1)}/s over ${sortedRates.length} chunks (a wide spread is the host's load)`);
      probe(flags.hostProbes - (flags.hostProbes >> 1));
      const hostMs = median(probes);
      if (probes.length > 0) say(`host reference: a register-only loop of ${fmtInt(HOST_PROBE_STEPS)} steps took ${hostMs.toFixed(1)} ms (median of ${probes.length}, ${Math.min(...probes).toFixed(1)}–${Math.max(...probes).toFixed(1)}; docs/performance.md compares hosts by it)`);

      // 2. The aggregation hot path alone, on real results.
      const engine = await loadEngine();
      const sim = engine.createSimulator(engine.compileScenario(scenario));
      const sample: TrajectoryResult[] = [];
      for (let k = 0; k < 64; k++) sample.push(sim.run(flags.seed, k, { series: true }));
      const spec = { theatreIds: inline.output.spec.theatreIds, horizonDays: scenario.horizonDays, weeks: weeksForHorizon(scenario.horizonDays) };
      const agg = new RunAggregate(spec);
      for (const r of sample) agg.add(r); // warm-up
      const passes = 200;
      const ta = performance.now();
      for (let p = 0; p < passes; p++) for (const r of sample) agg.add(r);
      const aggUs = ((performance.now() - ta) * 1000) / (passes * sample.length);
      say(`aggregation: ${aggUs.toFixed(2)} µs/trajectory (RunAggregate.add incl. weekly fans)`);

      // 3. The pool on one worker thread and on all cores (same program: strong scaling), in
      // --pairs interleaved pairs, the order alternating (1 then all, all then 1, ...): this host's
      // speed moves by ±30% within minutes, so one pair read anywhere between ×1.47 and ×2.08
      // (docs/performance.md, fifth session); the median of the pairs' ratios is the figure.
      type PoolRun = Awaited<ReturnType<typeof executeJob>>;
      const runPool = (w: number, k: number): Promise<PoolRun> =>
        executeJob({ ...base, runs: flags.runs }, w, { progress: flags.progress, label: `pool ×${w} (pair ${k + 1})`, command: 'bench', pool: true });
      const pairs: { one: PoolRun; all: PoolRun; speedup: number }[] = [];
      for (let k = 0; k < flags.pairs; k++) {
        let one: PoolRun, all: PoolRun;
        if (k % 2 === 0) { one = await runPool(1, k); all = await runPool(workers, k); }
        else { all = await runPool(workers, k); one = await runPool(1, k); }
        const sp = all.timing.trajectoriesPerSecond / one.timing.trajectoriesPerSecond;
        pairs.push({ one, all, speedup: sp });
        say(`pool, pair ${k + 1}: ${fmtInt(flags.runs)} runs on 1 worker ${one.timing.wallSeconds.toFixed(2)} s = ${one.timing.trajectoriesPerSecond.toFixed(1)}/s, on ${workers} workers ${all.timing.wallSeconds.toFixed(2)} s = ${all.timing.trajectoriesPerSecond.toFixed(1)}/s: ×${sp.toFixed(2)}`);
      }
      const speedups = pairs.map((q) => q.speedup);
      const speedup = median(speedups);
      const poolRate = median(pairs.map((q) => q.all.timing.trajectoriesPerSecond));
      const oneRate = median(pairs.map((q) => q.one.timing.trajectoriesPerSecond));
      const poolPeak = Math.max(...pairs.map((q) => q.all.timing.peakRssMiB));
      const overInline = poolRate / perCore;
      say(`pool: speed-up ×${speedup.toFixed(2)} over 1 worker (median of ${pairs.length} pair${pairs.length === 1 ? '' : 's'}, ×${Math.min(...speedups).toFixed(2)}–×${Math.max(...speedups).toFixed(2)}); ${workers} workers ${poolRate.toFixed(1)} trajectories/s (×${overInline.toFixed(2)} the inline steady state), peak RSS ${poolPeak.toFixed(0)} MiB`);

      // 4. Flat-memory check at a larger count.
      const large = await executeJob({ ...base, runs: flags.large }, workers, { progress: flags.progress, label: `pool ×${workers}, ${fmtInt(flags.large)} runs`, command: 'bench' });
      const ratio = large.timing.peakRssMiB / poolPeak;
      say(`large: ${fmtInt(flags.large)} runs in ${large.timing.wallSeconds.toFixed(1)} s = ${large.timing.trajectoriesPerSecond.toFixed(1)} trajectories/s, peak RSS ${large.timing.peakRssMiB.toFixed(0)} MiB (×${ratio.toFixed(2)} of the ${fmtInt(flags.runs)}-run peak); ${fmtInt((large.output.aggregate as RunAggregate).pathways.size)} distinct pathways kept`);

      const ru = process.resourceUsage();
      ctx.out(
        JSON.stringify({
          bench: 'brink-montecarlo',
          engineVersion: ENGINE_VERSION,
          scenario: scenario.name,
          horizonDays: scenario.horizonDays,
          node: process.version,
          cores: defaultWorkerCount(),
          host: probes.length > 0
            ? { probeSteps: HOST_PROBE_STEPS, probes: probes.length, medianMs: round(hostMs, 1), minMs: round(Math.min(...probes), 1), maxMs: round(Math.max(...probes), 1) }
            : null,
          warmup: {
            runs: flags.warmupRuns,
            seconds: warm.timing.wallSeconds,
            msPerTrajectory: round((1000 * warm.timing.wallSeconds) / flags.warmupRuns, 3),
          },
          inline: {
            runs: flags.inlineRuns,
            seconds: inline.timing.wallSeconds,
            trajectoriesPerSecondPerCore: round(perCore),
            msPerTrajectory: round(1000 / perCore, 3),
            eventsPerTrajectory: round(events / flags.inlineRuns),
            nsPerEvent: round(nsPerEvent, 0),
            chunkRates: {
              chunks: sortedRates.length,
              slowest: round(sortedRates[0] ?? 0),
              median: round(rateOf(0.5)),
              fastest: round(sortedRates.at(-1) ?? 0),
            },
            peakRssMiB: inline.timing.peakRssMiB,
          },
          aggregationMicrosecondsPerTrajectory: round(aggUs, 2),
          pool: {
            workers,
            runs: flags.runs,
            pairs: pairs.map((q) => ({ oneWorkerSeconds: q.one.timing.wallSeconds, seconds: q.all.timing.wallSeconds, speedup: round(q.speedup, 3) })),
            trajectoriesPerSecond: round(poolRate),
            oneWorkerTrajectoriesPerSecond: round(oneRate),
            speedup: round(speedup, 2),
            speedupMin: round(Math.min(...speedups), 2),
            speedupMax: round(Math.max(...speedups), 2),
            speedupOverInline: round(overInline, 2),
            peakRssMiB: poolPeak,
          },
          large: {
            workers,
            runs: flags.large,
            seconds: large.timing.wallSeconds,
            trajectoriesPerSecond: large.timing.trajectoriesPerSecond,
            peakRssMiB: large.timing.peakRssMiB,
            distinctPathways: (large.output.aggregate as RunAggregate).pathways.size,
          },
          memoryRatioLargeOverSmall: round(ratio, 2),
          maxRssMiB: round(ru.maxRSS / 1024),
          heapUsedMiB: round(process.memoryUsage().heapUsed / MiB),
        }),
      );
    });
}
