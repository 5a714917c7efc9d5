/**
 * Runs and comparisons in the browser, summarised by the CLI's own analysis code: `summarizeRun`
 * and `formatJson` give the bytes of `brink run --json`; `summarizeCompare` the paired arms of
 * `brink compare`; `renderRunReport` its report.html (d3 and Plot inlined, as the CLI inlines them).
 */
import type { Job } from '../../src/montecarlo/job.js';

/**
 * Chunk sizes of the browser (the CLI uses 256). Results do not depend on the chunk size (exact
 * merges; job.ts), so smaller chunks cost nothing in accuracy and give the first estimate
 * sooner: a run's estimates are redrawn every 64 trajectories (D46), a what-if's chunks grow to
 * 16 paired trajectories from a first one of 4 (D68).
 */
export const RUN_CHUNK = 64;
export const WHATIF_CHUNK = 16;
/**
 * The what-if's chunks grow 4, 8, 16, 16, … paired trajectories (D68): its first estimate with
 * intervals is that of the first 4 paired trajectories, on workers kept warm between moves.
 */
export const WHATIF_FIRST_CHUNK = 4;
import type { RunAggregate } from '../../src/montecarlo/aggregate.js';
import type { CompareAggregate } from '../../src/montecarlo/compare-aggregate.js';
import type { JobProgress } from '../../src/montecarlo/executor.js';
import { summarizeRun, type Probability, type RunSummary } from '../../src/analysis/summary.js';
import { summarizeCompare, type ArmInfo, type CompareSummary } from '../../src/analysis/compare.js';
import { formatJson } from '../../src/analysis/json.js';
import { summaryCsv } from '../../src/analysis/tables.js';
import { ENGINE_VERSION } from '../../src/model/version.js';
import { applyPolicy, parsePolicyFileText, PolicySchema, type Policy, type PolicyFileInput, type Scenario } from '../../src/scenario/index.js';
import { renderCompareReport, renderRunReport } from '../../src/report/html.js';
import d3Source from 'brink-umd/d3?raw';
import plotSource from 'brink-umd/plot?raw';
import { browserExecutor } from './executor.js';

export const ASSETS = { d3: d3Source, plot: plotSource };

export interface RunRequest {
  scenario: Scenario;
  runs: number;
  seed: number;
  workers: number;
  /** Stop once the headline's 95% interval half-width is at most this (a probability, 0.01 = 1 pp). */
  precision?: number;
}

export function summarize(agg: RunAggregate, scenario: Scenario, scenarioHash: string, seed: number): RunSummary {
  return summarizeRun(agg, { engineVersion: ENGINE_VERSION, scenario: scenario.name, scenarioHash, seed });
}

/** The headline: the focal alliance's P(drawn in). */
export function headline(s: RunSummary): Probability {
  return s.probabilities.drawnIn;
}

export function halfWidth(p: Probability): number {
  return p.lo === null || p.hi === null ? Infinity : (p.hi - p.lo) / 2;
}

export async function runInBrowser(
  req: RunRequest,
  on: { progress?: (p: JobProgress) => void; partial?: (s: RunSummary, p: JobProgress) => void; stopNow?: () => boolean; signal?: AbortSignal },
): Promise<{ summary: RunSummary; seconds: number; stoppedEarly: boolean }> {
  const job: Job = { kind: 'run', scenario: req.scenario, seed: req.seed, runs: req.runs, chunkSize: RUN_CHUNK };
  const ex = browserExecutor({ workers: req.workers });
  let hash = '';
  let last: RunSummary | null = null;
  const t0 = performance.now();
  try {
    const out = await ex.execute(job, on.progress, {
      ...(on.signal ? { signal: on.signal } : {}),
      onPartial: (agg, p) => {
        last = summarize(agg as RunAggregate, req.scenario, hash, req.seed);
        on.partial?.(last, p);
      },
      shouldStop: () => (on.stopNow?.() ?? false) || (req.precision !== undefined && last !== null && halfWidth(headline(last)) <= req.precision),
    });
    hash = out.scenarioHashes[0] ?? '';
    const summary = summarize(out.aggregate as RunAggregate, req.scenario, hash, req.seed);
    return { summary, seconds: (performance.now() - t0) / 1000, stoppedEarly: summary.provenance.runs < req.runs };
  } finally {
    await ex.close();
  }
}

export const summaryJson = (s: RunSummary): string => `${formatJson(s)}\n`;
export const summaryCsvText = (s: RunSummary): string => summaryCsv(s);
export const reportHtml = (s: RunSummary): string => renderRunReport(s, ASSETS);
export const compareReportHtml = (c: CompareSummary): string => renderCompareReport(c, ASSETS);

/** The levers of the what-if panel: a partial policy of the focal alliance. */
export type Levers = Pick<Policy, 'forwardPosture' | 'article4Propensity' | 'secondarySanctions' | 'signallingStance' | 'surgeTrigger'> & { aidResponsiveness: number; aidMax: number };

/** The focal (first collective-defence) alliance's levers as the scenario sets them, defaults filled. */
export function scenarioLevers(s: Scenario): { alliance: string; levers: Levers } | null {
  const a = s.alliances.find((x) => x.kind === 'collective-defense');
  if (a === undefined) return null;
  const p = PolicySchema.parse(a.policy !== undefined ? (s.policies[a.policy] ?? {}) : {});
  return {
    alliance: a.id,
    levers: {
      aidResponsiveness: p.aid.responsiveness,
      aidMax: p.aid.max,
      forwardPosture: p.forwardPosture,
      article4Propensity: p.article4Propensity,
      secondarySanctions: p.secondarySanctions,
      signallingStance: p.signallingStance,
      surgeTrigger: p.surgeTrigger,
    },
  };
}

/** The scenario with the levers applied, exactly as `brink compare --policy` applies a policy file. */
export function withLevers(s: Scenario, alliance: string, l: Levers): Scenario {
  const file: PolicyFileInput = {
    schemaVersion: 1,
    name: 'what-if',
    alliance,
    policy: {
      aid: { responsiveness: l.aidResponsiveness, max: l.aidMax },
      forwardPosture: l.forwardPosture,
      article4Propensity: l.article4Propensity,
      secondarySanctions: l.secondarySanctions,
      signallingStance: l.signallingStance,
      surgeTrigger: l.surgeTrigger,
    },
  };
  return applyPolicy(s, file);
}

/**
 * The what-if: the unchanged scenario and the scenario with the levers, as ONE comparison job:
 * both arms run trajectory k with the keyed random numbers (seed, k) (common random numbers), so
 * the paired difference isolates the levers' effect. Partial summaries stream per chunk prefix.
 */
export async function compareInBrowser(
  arms: [Scenario, Scenario],
  runs: number,
  seed: number,
  workers: number,
  on: { partial?: (c: CompareSummary, p: JobProgress) => void; signal?: AbortSignal },
): Promise<CompareSummary> {
  const job: Job = { kind: 'compare', arms, seed, runs, chunkSize: WHATIF_CHUNK };
  const ex = browserExecutor({ workers, warm: true });
  const info = (hashes: string[]): ArmInfo[] => [
    { name: 'scenario as written', policyFile: '(scenario)', scenarioHash: hashes[0] ?? '' },
    { name: 'what-if', policyFile: '(sliders)', scenarioHash: hashes[1] ?? '' },
  ];
  let lastPartial = 0;
  const sum = (agg: CompareAggregate, hashes: string[]) => summarizeCompare(agg, { engineVersion: ENGINE_VERSION, scenario: arms[0].name, seed }, info(hashes));
  try {
    const out = await ex.execute(job, undefined, {
      ...(on.signal ? { signal: on.signal } : {}),
      firstChunk: WHATIF_FIRST_CHUNK,
      // Summaries are computed on the page's thread: the first at once, then at most one per 250 ms.
      onPartial: (agg, p) => {
        const now = performance.now();
        if (on.partial === undefined || (now - lastPartial < 250 && lastPartial > 0)) return;
        lastPartial = now;
        on.partial(sum(agg as CompareAggregate, []), p);
      },
    });
    return sum(out.aggregate as CompareAggregate, out.scenarioHashes);
  } finally {
    await ex.close();
  }
}

/** The bundled policy files (scenarios/policies/*.yaml), parsed and validated as `brink compare --policy` does. */
export function bundledPolicies(files: ReadonlyMap<string, string>): { path: string; file: PolicyFileInput; description: string }[] {
  const out: { path: string; file: PolicyFileInput; description: string }[] = [];
  for (const [path, text] of files) {
    if (!path.startsWith('policies/')) continue;
    const p = parsePolicyFileText(text, path);
    if (p.policyFile !== null) out.push({ path, file: p.policyFile, description: p.policyFile.description ?? '' });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * A policy comparison as `brink compare SCENARIO --scenario-arm`-style: the scenario as written is
 * the reference arm, each policy file applied to it is an arm; one job on common random numbers.
 */
export async function comparePolicies(
  scenario: Scenario,
  policies: { path: string; file: PolicyFileInput }[],
  runs: number,
  seed: number,
  workers: number,
  on: { progress?: (p: JobProgress) => void; signal?: AbortSignal },
): Promise<CompareSummary> {
  const arms = [scenario, ...policies.map((p) => applyPolicy(scenario, p.file))];
  const job: Job = { kind: 'compare', arms, seed, runs, chunkSize: RUN_CHUNK };
  const ex = browserExecutor({ workers });
  try {
    const out = await ex.execute(job, on.progress, on.signal ? { signal: on.signal } : {});
    const info: ArmInfo[] = [
      { name: scenario.name, policyFile: '(the scenario as written)', scenarioHash: out.scenarioHashes[0] ?? '' },
      ...policies.map((p, j) => ({ name: p.file.name, policyFile: `scenarios/${p.path}`, scenarioHash: out.scenarioHashes[j + 1] ?? '' })),
    ];
    return summarizeCompare(out.aggregate as CompareAggregate, { engineVersion: ENGINE_VERSION, scenario: scenario.name, seed }, info);
  } finally {
    await ex.close();
  }
}
