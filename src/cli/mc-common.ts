/**
 * What `brink run`, `brink compare` and `brink bench` share: picking an executor, a progress bar
 * on a TTY, timing (which goes to stderr and timing.json, never into the results) and writing
 * the output directory.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { inlineExecutor, type Executor, type Job, type JobOutput, type JobProgress } from '../montecarlo/index.js';
import { defaultWorkerCount, poolExecutor } from '../montecarlo/pool-node.js';
import { CHUNK_SIZE, chunkCount } from '../montecarlo/job.js';
import { fmtInt } from '../analysis/format.js';
import { summarizeCompare, type ArmInfo, type CompareSummary } from '../analysis/compare.js';
import { CompareAggregate } from '../montecarlo/compare-aggregate.js';
import { RunAggregate } from '../montecarlo/aggregate.js';
import { summarizeRun } from '../analysis/summary.js';
import type { Scenario } from '../scenario/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { failFlag, intArg, type CliContext } from './context.js';
import { addSetOption } from './set-flags.js';
import { checkOutputDir, UserError, writeOutputDir } from './output.js';
import { DEFAULT_QUEUE_NAME, queueExecutor, redactUrl, type QueueStatus } from '../queue/index.js';

export { CHUNK_SIZE };

/** The flags `run`, `compare` and `sweep` share (addMonteCarloOptions), as commander parses them. */
export interface MonteCarloFlags {
  runs: number;
  seed: number;
  workers?: number;
  json?: boolean;
  csv?: boolean;
  out?: string;
  progress: boolean;
  /** `--set PATH=VALUE` texts, in the order given (set-flags.ts). */
  set?: string[];
  /** Collective-defence alliance whose point of view the headline gives (presentation only). */
  focal?: string;
  /** `--queue URL`: chunks go to `brink worker`s through Redis (src/queue, docs/distributed.md). */
  queue?: string;
  queueName?: string;
}

/** Where the chunks of a job run when `--queue` is given. */
export interface QueueChoice {
  url: string;
  name?: string;
}

export function queueChoice(flags: { queue?: string; queueName?: string }): QueueChoice | undefined {
  return flags.queue === undefined ? undefined : { url: flags.queue, ...(flags.queueName !== undefined ? { name: flags.queueName } : {}) };
}

/** A queue name: letters, digits, '-' and '_' (it becomes part of Redis keys). */
export function queueNameArg(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new InvalidArgumentError('a queue name is 1–64 letters, digits, - or _');
  return value;
}

/** `--queue URL` (with `--queue-name NAME`, added with it to run, compare, sweep and sensitivity). */
function queueOption(): Option {
  return new Option('--queue <url>', 'send the chunks to `brink worker`s through Redis at this URL (redis://[:password@]host[:port][/db], rediss:// for TLS; password also from BRINK_REDIS_PASSWORD); the result is bit-identical to a local run; the same command again resumes (docs/distributed.md)').conflicts('workers');
}

/**
 * Refuses a bad `--out` before the command's action runs, so before the scenario is even read
 * and long before anything is simulated (D30): `--runs 100000 --out /dev/null` used to simulate
 * for 40 s and then fail. Exit 1 with `error: --out …`.
 */
export function checkOutBeforeAction(cmd: Command, check: (path: string) => string | null = checkOutputDir): Command {
  return cmd.hook('preAction', (c) => {
    const out = (c.opts() as { out?: unknown }).out;
    if (typeof out !== 'string') return;
    const why = check(out);
    if (why !== null) c.error(`error: --out ${why}`, { exitCode: 1, code: 'brink.out' });
  });
}

/** The flags `run`, `compare`, `sweep` and `sensitivity` share, with each command's own help texts. */
export function addMonteCarloOptions(cmd: Command, help: { runs: string; seed: string; json: string; csv: string; out: string }): Command {
  return checkOutBeforeAction(
    addSetOption(cmd)
      .requiredOption('--runs <n>', help.runs, intArg(1, 1e9))
      .requiredOption('--seed <s>', help.seed, intArg(0))
      .option('--workers <w>', 'worker threads (default: one per core; 1 = inline, no threads; at most one per chunk of 256 runs starts)', intArg(1, 1024))
      .addOption(new Option('--json', help.json).conflicts('csv'))
      .addOption(new Option('--csv', help.csv).conflicts('json'))
      .option('--out <dir>', `${help.out} (written whole into a temporary folder and renamed into place; an existing folder is replaced only if Brink wrote it)`)
      .option('--focal <id>', "collective-defence alliance whose point of view the headline, reading and top-level summary fields give (default: the first in the scenario file); changes no number and not the scenario hash")
      .option('--no-progress', 'no progress on stderr (a bar on a terminal; otherwise a line every few seconds)'),
  ).addOption(queueOption()).option('--queue-name <name>', `with --queue: the BullMQ queue (default ${DEFAULT_QUEUE_NAME})`, queueNameArg);
}

/**
 * Checks `--focal` against the scenario's collective-defence alliances: an unknown or
 * non-collective-defence id prints `error: --focal: unknown collective-defence alliance "X"
 * (known: NATO, USPAC)` and sets exit code 1. True when the flag is absent or valid.
 */
export function checkFocal(ctx: CliContext, scenario: Scenario, focal: string | undefined): boolean {
  if (focal === undefined) return true;
  const known = scenario.alliances.filter((a) => a.kind === 'collective-defense').map((a) => a.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (known.includes(focal)) return true;
  failFlag(ctx, `--focal: unknown collective-defence alliance "${focal}" (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
  return false;
}

/**
 * `--workers 1` runs inline (no worker thread at all); more uses the worker-thread pool.
 * `pool` forces the pool even for one worker (the benchmark's one-worker reference).
 */
export function createExecutor(
  workers: number,
  pool = false,
  queue?: QueueChoice,
  onStatus?: (s: QueueStatus) => void,
  onPartial?: (prefix: RunAggregate | CompareAggregate, p: JobProgress) => void,
): Executor {
  if (queue !== undefined) {
    try {
      return queueExecutor({ url: queue.url, ...(queue.name !== undefined ? { queueName: queue.name } : {}), ...(onStatus ? { onStatus } : {}), ...(onPartial ? { onPartial } : {}) });
    } catch (e) {
      throw asUserError(e);
    }
  }
  return workers <= 1 && !pool ? inlineExecutor() : poolExecutor({ workers });
}

/** The queue's user-fixable failures (bad URL, Redis gone, a refused or failed chunk) exit 1. */
function asUserError(e: unknown): unknown {
  return e instanceof Error && (e as { userFault?: boolean }).userFault === true ? new UserError(e.message) : e;
}

export function resolveWorkers(requested: number | undefined): number {
  return requested ?? defaultWorkerCount();
}

export interface Timing {
  command: string;
  runs: number;
  arms: number;
  trajectories: number;
  workers: number;
  chunkSize: number;
  chunks: number;
  wallSeconds: number;
  trajectoriesPerSecond: number;
  peakRssMiB: number;
  node: string;
  /** `--workers` as given, when more than will start (at most one thread per chunk starts). */
  workersRequested?: number;
  /** With --queue: the Redis URL (password hidden) and queue, and the chunks found done at the start. */
  queue?: { url: string; name: string; chunksResumed: number };
}

/** Env var: milliseconds between progress lines when stderr is not a terminal (default 5000; tests set it small). */
export const PROGRESS_INTERVAL_ENV = 'BRINK_PROGRESS_INTERVAL_MS';
const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

function progressIntervalMs(): number {
  const raw = process.env[PROGRESS_INTERVAL_ENV];
  if (raw === undefined || !/^[0-9]{1,9}$/.test(raw)) return DEFAULT_PROGRESS_INTERVAL_MS;
  return Math.max(1, Number(raw));
}

/**
 * One progress line, as written to a log: `brink run: 4,096/10,000 runs (41%), 610/s, about 10 s left`.
 * `label` is the command (`brink run`), never a scenario name (which is user text).
 */
export function progressLine(label: string, done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const left = rate > 0 ? (total - done) / rate : NaN;
  const eta = !Number.isFinite(left) ? 'time left unknown' : left < 90 ? `about ${Math.max(1, Math.round(left))} s left` : left < 5400 ? `about ${Math.round(left / 60)} min left` : `about ${(left / 3600).toFixed(1)} h left`;
  return `${label}: ${fmtInt(done)}/${fmtInt(total)} runs (${pct}%), ${fmtInt(rate)}/s, ${eta}`;
}

/**
 * Progress on stderr, unless disabled with --no-progress: a bar with ETA when stderr is a
 * terminal; otherwise (a log, a pipe, CI) a line every few seconds (progressLine; interval from
 * BRINK_PROGRESS_INTERVAL_MS), so a long study written to a log does not look hung. A job that
 * ends before the first interval prints nothing. Never touches stdout.
 */
function progressBar(enabled: boolean, total: number, label: string, lineLabel: string, extra: () => string = () => ''): { update(p: JobProgress): void; stop(): void } {
  if (!enabled) return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    const t0 = performance.now();
    let done = 0;
    const timer = setInterval(() => {
      process.stderr.write(`${progressLine(lineLabel, done, total, (performance.now() - t0) / 1000)}${extra()}\n`);
    }, progressIntervalMs());
    timer.unref?.();
    return {
      update(p) {
        done = p.trajectoriesDone;
      },
      stop() {
        clearInterval(timer);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}{extra}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  bar.start(total, 0, { rate: '0', extra: '' });
  return {
    update(p) {
      const s = (performance.now() - t0) / 1000;
      bar.update(p.trajectoriesDone, { rate: s > 0 ? fmtInt(p.trajectoriesDone / s) : '0', extra: extra() });
    },
    stop() {
      bar.stop();
    },
  };
}

/** Arms whose running estimates a progress line shows (a sensitivity study has ~100). */
const ESTIMATE_ARMS = 3;
/** Least milliseconds between recomputations of the running estimates. */
const ESTIMATE_EVERY_MS = 1000;

/**
 * Running estimates for a progress line: P(drawn in) and P(Article 5) of the focal alliance
 * (the scenario's first collective-defence alliance), with 95% Wilson intervals, from the
 * aggregate of a prefix of chunks (a real run of those trajectories); per arm for a comparison.
 */
export function estimatesText(agg: RunAggregate | CompareAggregate, runs: number): string {
  const base = { engineVersion: ENGINE_VERSION, scenario: '', scenarioHash: '', seed: 0 };
  const p = (x: { estimate: number | null; lo: number | null; hi: number | null }) => (x.estimate === null ? 'n/a' : `${x.estimate.toFixed(3)} [${x.lo!.toFixed(3)}, ${x.hi!.toFixed(3)}]`);
  if (agg instanceof RunAggregate) {
    const s = summarizeRun(agg, base);
    return `after ${fmtInt(runs)} runs: drawn in ${p(s.probabilities.drawnIn)}, Article 5 ${p(s.probabilities.article5)}`;
  }
  const arms = agg.arms.slice(0, ESTIMATE_ARMS).map((a, j) => `arm ${j + 1} ${p(summarizeRun(a, base).probabilities.drawnIn)}`);
  return `after ${fmtInt(runs)} runs per arm, drawn in: ${arms.join(', ')}${agg.arms.length > ESTIMATE_ARMS ? `, … (${agg.arms.length} arms)` : ''}`;
}

export async function executeJob(
  job: Job,
  workers: number,
  opts: { progress: boolean; label: string; command: string; onProgress?: (p: JobProgress) => void; pool?: boolean; queue?: QueueChoice | undefined },
): Promise<{ output: JobOutput; timing: Timing }> {
  // At most one worker per chunk starts (pool-node.ts), so that is the count to create and report.
  // (The benchmark forces the pool at a given size: left as asked.)
  const started = opts.pool ? workers : Math.max(1, Math.min(workers, chunkCount(job.runs, job.chunkSize)));
  let last = null as QueueStatus | null;
  // With --queue: one line when the study is enqueued (what was found done: resume) and when the
  // number of connected workers changes, on stderr only.
  const onStatus = (s: QueueStatus) => {
    if (opts.progress && (last === null || s.workersConnected !== last.workersConnected)) {
      process.stderr.write(`brink ${opts.command}: queue ${redactUrl(opts.queue!.url)} (${opts.queue!.name ?? DEFAULT_QUEUE_NAME}): ${s.chunksDone}/${s.chunks} chunks done${s.chunksResumed > 0 ? ` (${s.chunksResumed} found done: resumed)` : ''}, ${s.workersConnected} worker${s.workersConnected === 1 ? '' : 's'} connected, ${s.workersSeen} seen\n`);
    }
    last = s;
  };
  // With --queue, progress also shows chunks done, workers seen and running estimates with
  // intervals from the prefix of chunks merged so far (queue executor's onPartial).
  let estimates = '';
  let estimatedAt = -Infinity;
  const onPartial = (agg: RunAggregate | CompareAggregate, p: JobProgress) => {
    const now = performance.now();
    if (!opts.progress || (now - estimatedAt < ESTIMATE_EVERY_MS && p.chunksDone < p.chunks)) return;
    estimatedAt = now;
    estimates = estimatesText(agg, p.trajectoriesDone);
  };
  const extra = () => (opts.queue === undefined || last === null ? '' : `; ${last.chunksDone}/${last.chunks} chunks, ${last.workersSeen} worker${last.workersSeen === 1 ? '' : 's'} seen${estimates !== '' ? `; ${estimates}` : ''}`);
  const executor = createExecutor(started, opts.pool, opts.queue, onStatus, onPartial);
  const bar = progressBar(opts.progress, job.runs, opts.label, `brink ${opts.command}`, extra);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  try {
    const output = await executor
      .execute(job, (p) => {
        bar.update(p);
        opts.onProgress?.(p);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      })
      .catch((e: unknown) => {
        throw asUserError(e);
      });
    const wallSeconds = (performance.now() - t0) / 1000;
    const arms = job.kind === 'run' ? 1 : job.arms.length;
    return {
      output,
      timing: {
        command: opts.command,
        runs: job.runs,
        arms,
        trajectories: job.runs * arms,
        workers: executor.workers,
        chunkSize: job.chunkSize,
        chunks: chunkCount(job.runs, job.chunkSize),
        wallSeconds: Number(wallSeconds.toFixed(3)),
        trajectoriesPerSecond: Number(((job.runs * arms) / wallSeconds).toFixed(1)),
        peakRssMiB: Number((peakRss / 2 ** 20).toFixed(1)),
        node: process.version,
        ...(opts.queue === undefined && workers > executor.workers ? { workersRequested: workers } : {}),
        ...(opts.queue !== undefined ? { queue: { url: redactUrl(opts.queue.url), name: opts.queue.name ?? DEFAULT_QUEUE_NAME, chunksResumed: last?.chunksResumed ?? 0 } } : {}),
      },
    };
  } finally {
    clearInterval(sampler);
    bar.stop();
    await executor.close();
  }
}

/**
 * Runs arms as one comparison job (common random numbers) and summarises it: what `compare`,
 * `sweep` and `sensitivity` share. `arms[0]` is the reference; `info` names each arm.
 */
export async function runComparison(
  arms: Scenario[],
  info: Omit<ArmInfo, 'scenarioHash'>[],
  flags: MonteCarloFlags,
  opts: { label: string; command: string; chunkSize?: number; series?: boolean },
): Promise<{ compare: CompareSummary; timing: Timing; scenarioHashes: string[] }> {
  const job = { kind: 'compare' as const, arms, seed: flags.seed, runs: flags.runs, chunkSize: opts.chunkSize ?? CHUNK_SIZE, ...(opts.series === false ? { series: false } : {}) };
  const { output, timing } = await executeJob(job, resolveWorkers(flags.workers), { progress: flags.progress, label: opts.label, command: opts.command, queue: queueChoice(flags) });
  const armInfo: ArmInfo[] = info.map((a, j) => ({ ...a, scenarioHash: output.scenarioHashes[j] ?? '' }));
  const compare = summarizeCompare(
    output.aggregate as CompareAggregate,
    { engineVersion: ENGINE_VERSION, scenario: arms[0]!.name, seed: flags.seed },
    armInfo,
    flags.focal !== undefined ? { focal: flags.focal } : {},
  );
  return { compare, timing, scenarioHashes: output.scenarioHashes };
}

export function timingLine(t: Timing): string {
  const what = t.arms > 1 ? `${fmtInt(t.runs)} runs × ${t.arms} arms` : `${fmtInt(t.runs)} runs`;
  const asked = t.workersRequested !== undefined ? `, not the ${t.workersRequested} asked: ${t.chunks} chunk${t.chunks === 1 ? '' : 's'} of ≤ ${t.chunkSize} runs, one thread each at most` : '';
  const on = t.queue !== undefined ? `${t.workers} queue worker${t.workers === 1 ? '' : 's'} (${t.queue.url}, ${t.queue.name}${t.queue.chunksResumed > 0 ? `; ${t.queue.chunksResumed} of ${t.chunks} chunks found done` : ''})` : `${t.workers} ${t.workers === 1 ? 'thread, inline' : 'worker threads'}`;
  return `brink: ${what} in ${t.wallSeconds.toFixed(1)} s (${fmtInt(t.trajectoriesPerSecond)} trajectories/s on ${on}${asked}; peak RSS ${t.peakRssMiB.toFixed(0)} MiB)`;
}

/**
 * Writes files as the folder dir, atomically (output.ts: a temporary folder renamed into place; a
 * previous Brink output replaced whole) and lists them on stderr.
 */
export function writeOutDir(ctx: CliContext, dir: string, files: Record<string, string>, command = 'brink'): void {
  writeOutputDir(dir, files, command);
  ctx.err(`brink: wrote ${Object.keys(files).map((f) => join(dir, f)).join(', ')}`);
}

/** Left-justify / right-justify to a width (terminal tables of run and compare). */
export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
export function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

/**
 * The output contract shared by `run` and `compare`: stdout gets the JSON (exactly the bytes of
 * summary.json), the CSV, or the readable text; stderr gets the timing line; `--out` gets the files.
 */
export function emitOutputs(
  ctx: CliContext,
  flags: { json?: boolean; csv?: boolean; out?: string },
  o: { json: string; csv: () => string; text: () => string[]; timing: Timing; files: () => Record<string, string> },
): void {
  if (flags.json) ctx.io.stdout(o.json);
  else if (flags.csv) ctx.io.stdout(o.csv());
  else for (const line of o.text()) ctx.out(line);
  ctx.err(timingLine(o.timing));
  if (flags.out !== undefined) writeOutDir(ctx, flags.out, { 'summary.json': o.json, ...o.files(), 'timing.json': `${JSON.stringify(o.timing, null, 2)}\n` }, o.timing.command);
}
