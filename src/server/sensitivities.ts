/**
 * Sensitivity studies of `brink serve` (D57): one parameter at a time set to its value × low and
 * × high, every arm on common random numbers, ranked by the swing of one outcome; executed
 * progressively like a run and stored as the exact JSON `brink sensitivity --json` prints. The arms
 * come from the same plan as the CLI's (analysis/sensitivity-plan.ts). The reference arm's label is
 * what the CLI prints for the same scenario run from the package folder (compares.ts).
 */
import { z } from 'zod';
import type { ArmInfo } from '../analysis/compare.js';
import { formatJson } from '../analysis/json.js';
import { summarizeSensitivity, type SensitivityPlan, type SensitivitySummary } from '../analysis/sensitivity.js';
import { defaultSensitivityParams, outcomesOf, planSensitivity, sensitivityChunkSize } from '../analysis/sensitivity-plan.js';
import type { CompareAggregate } from '../montecarlo/index.js';
import { ENGINE_VERSION } from '../model/version.js';
import { PARAM_NAMES, type ParamName } from '../model/params.js';
import { canonicalJson, type Scenario } from '../scenario/node.js';
import { scenarioHash } from '../scenario/compile.js';
import { sha256Hex, type Store } from '../store/store.js';
import { RequestError, RunRequestSchema, type Estimate, type Execution, type ProgressEvent, type ServerLimits } from './runs.js';
import { applySetsAt, armsOfStored, compareOfStored, executeArms } from './compares.js';
import { checkScenarioLimits, resolveScenario, type Library } from './scenario-source.js';

export const SensitivityRequestSchema = z.strictObject({
  scenario: RunRequestSchema.shape.scenario,
  runs: z.number().int().min(1).max(1e9).describe('trajectories per arm (two arms per parameter, plus the reference)'),
  seed: RunRequestSchema.shape.seed,
  params: z.array(z.string().min(1).max(64)).min(1).max(PARAM_NAMES.length).optional().describe('parameters to vary (default: every parameter whose origin is prior; brink params lists them)'),
  low: z.number().min(0).lt(1).default(0.5).describe('the low side: value × low'),
  high: z.number().gt(1).max(1e6).default(2).describe('the high side: value × high'),
  outcome: z.string().min(1).max(100).default('drawnIn').describe('the outcome that ranks the parameters (brink sensitivity --outcome)'),
  set: RunRequestSchema.shape.set,
  focal: RunRequestSchema.shape.focal,
});
export type SensitivityRequest = z.infer<typeof SensitivityRequestSchema>;

export interface StoredSensitivityRequest {
  kind: 'sensitivity';
  engineVersion: string;
  /** Every arm as simulated: the reference, then each parameter's low and high side. */
  arms: Scenario[];
  info: Omit<ArmInfo, 'scenarioHash'>[];
  plan: SensitivityPlan[];
  skipped: SensitivitySummary['skipped'];
  outcome: { key: string; kind: 'probability' | 'mean' };
  low: number;
  high: number;
  sets: string[];
  seed: number;
  runs: number;
  focal: string | null;
  armHashes: string[];
}

export interface PreparedSensitivity {
  id: string;
  request: StoredSensitivityRequest;
}

export const sensitivityId = (r: StoredSensitivityRequest): string =>
  `t_${sha256Hex(canonicalJson({ ...r, arms: undefined })).slice(0, 40)}`;

export function prepareSensitivity(body: SensitivityRequest, lib: Library, store: Store, limits: ServerLimits): PreparedSensitivity {
  const names = body.params ?? defaultSensitivityParams();
  const unknown = names.flatMap((k, i) => ((PARAM_NAMES as readonly string[]).includes(k) ? [] : [{ code: 'unknown-reference', path: `params[${i}]`, message: `"${k}" is not a parameter (brink params lists them)` }]));
  if (unknown.length > 0) throw new RequestError(400, unknown);
  if (new Set(names).size !== names.length) throw new RequestError(400, [{ code: 'invalid-value', path: 'params', message: 'give each parameter once' }]);
  const base = resolveScenario(body.scenario, lib, store);
  if (!base.ok) throw new RequestError(base.status, base.issues);
  const label = base.source === 'text' ? 'scenario.yaml' : base.source.startsWith('s_') ? `${base.source}.yaml` : `scenarios/${base.source}.yaml`;
  const { scenario, sets } = applySetsAt(base.scenario, body.set ?? [], 'set');
  const limitIssues = checkScenarioLimits(scenario, limits, 'scenario');
  if (limitIssues.length > 0) throw new RequestError(400, limitIssues);
  if (body.focal !== undefined) {
    const known = scenario.alliances.filter((a) => a.kind === 'collective-defense').map((a) => a.id);
    if (!known.includes(body.focal)) throw new RequestError(400, [{ code: 'unknown-reference', path: 'focal', message: `unknown collective-defence alliance (known: ${known.join(', ') || 'none'})` }]);
  }
  const outcome = outcomesOf(scenario).find((o) => o.key === body.outcome);
  if (outcome === undefined) throw new RequestError(400, [{ code: 'invalid-value', path: 'outcome', message: `not an outcome of this scenario (one of ${outcomesOf(scenario).map((o) => o.key).join(', ')})` }]);
  const { arms, info, plan, skipped } = planSensitivity(scenario, names as ParamName[], body.low, body.high, label);
  if (body.runs * arms.length > limits.maxRuns) {
    throw new RequestError(400, [{ code: 'out-of-range', path: 'runs', message: `${arms.length} arms × ${body.runs} runs; at most ${limits.maxRuns} trajectories per request on this server (--max-runs)` }]);
  }
  const request: StoredSensitivityRequest = {
    kind: 'sensitivity',
    engineVersion: ENGINE_VERSION,
    arms,
    info,
    plan,
    skipped,
    outcome,
    low: body.low,
    high: body.high,
    sets,
    seed: body.seed,
    runs: body.runs,
    focal: body.focal ?? null,
    armHashes: arms.map((s) => scenarioHash(s)),
  };
  return { id: sensitivityId(request), request };
}

export function preparedSensitivityFromStored(text: string): PreparedSensitivity {
  const r = JSON.parse(text) as StoredSensitivityRequest;
  const request = { ...r, arms: armsOfStored(r) };
  return { id: sensitivityId(request), request };
}

/** The summary JSON text, exactly as `brink sensitivity --json` prints it (without the final newline). */
export function sensitivityResultText(agg: CompareAggregate, r: StoredSensitivityRequest, scenarioHashes: readonly string[]): { text: string; summary: SensitivitySummary } {
  const compare = compareOfStored(agg, r, scenarioHashes);
  const summarized = summarizeSensitivity(compare, r.plan, { outcomeKey: r.outcome.key, outcomeKind: r.outcome.kind, low: r.low, high: r.high, scenarioHash: scenarioHashes[0] ?? '', skipped: r.skipped });
  const summary: SensitivitySummary = { ...summarized, provenance: { ...summarized.provenance, ...(r.sets.length > 0 ? { sets: [...r.sets] } : {}) } };
  return { text: formatJson(summary), summary };
}

/** Running estimates: each side's paired difference in the ranking outcome, keyed `PARAM.low` / `PARAM.high`. */
function sensitivityEstimates(s: SensitivitySummary, trajectories: number): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  for (const row of s.rows) {
    for (const side of ['low', 'high'] as const) {
      const d = row[side]?.differences[s.outcome.key];
      if (d !== undefined) out[`${row.parameter}.${side}`] = { estimate: d[0], lo: d[1], hi: d[2], count: trajectories };
    }
  }
  return out;
}

export function executeSensitivity(p: PreparedSensitivity, workers: number, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<Execution> {
  const r = p.request;
  return executeArms(p.id, r, { chunkSize: sensitivityChunkSize(r.arms.length), series: false }, (agg, h) => sensitivityResultText(agg, r, h), sensitivityEstimates, workers, onProgress, signal);
}
