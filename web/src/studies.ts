/**
 * Sweeps and one-at-a-time sensitivity studies in the browser: the arms come from the CLI's own
 * builders (src/analysis/sweep.ts, sensitivity-plan.ts), run as ONE comparison job in Web
 * Workers on common random numbers, and are summarised by `summarizeCompare` and
 * `summarizeSensitivity`, so the summaries equal `brink sweep --json` and `brink sensitivity --json`
 * for the same scenario file, inputs, seed and runs (the chunk size does not change results; job.ts).
 */
import type { Job } from '../../src/montecarlo/job.js';
import type { CompareAggregate } from '../../src/montecarlo/compare-aggregate.js';
import type { JobProgress } from '../../src/montecarlo/executor.js';
import { summarizeCompare, type ArmInfo, type CompareSummary } from '../../src/analysis/compare.js';
import { formatJson } from '../../src/analysis/json.js';
import { summarizeSensitivity, type SensitivitySummary } from '../../src/analysis/sensitivity.js';
import { fieldArms, leverArms, parameterArms, parseFieldValues, parseSweepValues, type BuiltArms, type SweepSummary } from '../../src/analysis/sweep.js';
import { outcomesOf, planSensitivity, sensitivityChunkSize } from '../../src/analysis/sensitivity-plan.js';
import type { ParamName } from '../../src/model/params.js';
import { ENGINE_VERSION } from '../../src/model/version.js';
import { formatIssue, type Scenario } from '../../src/scenario/index.js';
import { browserExecutor } from './executor.js';
import { RUN_CHUNK } from './runs.js';

export interface StudyRun {
  workers: number;
  progress?: (p: JobProgress) => void;
  signal?: AbortSignal;
}

async function runArms(
  arms: Scenario[],
  info: Omit<ArmInfo, 'scenarioHash'>[],
  runs: number,
  seed: number,
  chunkSize: number,
  series: boolean,
  on: StudyRun,
): Promise<{ compare: CompareSummary; scenarioHashes: string[] }> {
  const job: Job = { kind: 'compare', arms, seed, runs, chunkSize, ...(series ? {} : { series: false }) };
  const ex = browserExecutor({ workers: on.workers });
  try {
    const out = await ex.execute(job, on.progress, on.signal ? { signal: on.signal } : {});
    const armInfo: ArmInfo[] = info.map((a, j) => ({ ...a, scenarioHash: out.scenarioHashes[j] ?? '' }));
    const compare = summarizeCompare(out.aggregate as CompareAggregate, { engineVersion: ENGINE_VERSION, scenario: arms[0]!.name, seed }, armInfo);
    return { compare, scenarioHashes: out.scenarioHashes };
  } finally {
    await ex.close();
  }
}

export type SweepKind = 'param' | 'lever' | 'field';
export interface SweepRequest {
  kind: SweepKind;
  /** The parameter's name, the lever's path or the field's scenario path. */
  target: string;
  /** With a lever: the alliance ('' = the first collective-defence alliance). */
  alliance: string;
  /** As typed, comma-separated (`--values`). */
  values: string;
  runs: number;
  seed: number;
}

/** The arms of a sweep, or the problems as `brink sweep` words them. */
export function sweepArms(scenario: Scenario, file: string, r: SweepRequest): Extract<BuiltArms, { arms: unknown }> | { error: string } {
  const values = r.kind === 'field' ? parseFieldValues(r.values) : parseSweepValues(r.values);
  if (typeof values === 'string') return { error: values };
  const built =
    r.kind === 'field'
      ? fieldArms(scenario, file, r.target, values as string[])
      : r.kind === 'param'
        ? parameterArms(scenario, file, r.target, values as number[])
        : leverArms(scenario, file, r.target, r.alliance === '' ? undefined : r.alliance, values as number[]);
  if ('problems' in built) return { error: built.problems.map(formatIssue).join('\n') };
  return built;
}

export async function sweepInBrowser(scenario: Scenario, file: string, r: SweepRequest, on: StudyRun): Promise<SweepSummary> {
  const built = sweepArms(scenario, file, r);
  if ('error' in built) throw new Error(built.error);
  const { compare } = await runArms(built.arms, built.info, r.runs, r.seed, RUN_CHUNK, true, on);
  return { ...compare, sweep: built.sweep };
}

export interface SensitivityRequest {
  params: ParamName[];
  low: number;
  high: number;
  outcome: string;
  runs: number;
  seed: number;
}

export { outcomesOf };

export async function sensitivityInBrowser(scenario: Scenario, file: string, r: SensitivityRequest, on: StudyRun): Promise<SensitivitySummary> {
  const outcome = outcomesOf(scenario).find((o) => o.key === r.outcome);
  if (outcome === undefined) throw new Error(`"${r.outcome}" is not an outcome of ${scenario.name}`);
  const { arms, info, plan, skipped } = planSensitivity(scenario, r.params, r.low, r.high, file);
  const { compare, scenarioHashes } = await runArms(arms, info, r.runs, r.seed, sensitivityChunkSize(arms.length), false, on);
  return summarizeSensitivity(compare, plan, { outcomeKey: outcome.key, outcomeKind: outcome.kind, low: r.low, high: r.high, scenarioHash: scenarioHashes[0] ?? '', skipped });
}

/** A summary as `brink sweep --json` / `brink sensitivity --json` print it, as a downloadable blob URL. */
export function jsonUrl(value: unknown): string {
  return URL.createObjectURL(new Blob([`${formatJson(value)}\n`], { type: 'application/json' }));
}
