/**
 * The plan of a one-at-a-time sensitivity study (moved from the CLI, unchanged, so that `brink
 * sensitivity`, `brink run --uncertainty` and the server build the same arms): the outcomes a study
 * may rank by, the default parameters, the arms and the chunk size.
 */
import { comparisonLabels, type ArmInfo } from './compare.js';
import type { SensitivityPlan, SensitivitySummary } from './sensitivity.js';
import { ALLIANCE_EVENTS, ALLIANCE_METRICS, EVENTS, METRICS } from '../montecarlo/aggregate.js';
import { CHUNK_SIZE } from '../montecarlo/job.js';
import { PARAM_NAMES, PARAM_SPECS, type ParamName } from '../model/params.js';
import { checkParameterOverrides, type Scenario } from '../scenario/index.js';

/**
 * The outcomes of a scenario, in the comparison's order: MODEL.md §1 events, rung ≥ 4 per theatre,
 * each collective-defence alliance's events ("USPAC.drawnIn"), dyads ("dyad.USA-CHN"), metrics,
 * each alliance's metrics ("USPAC.costTotal"); each with the label the study reports for it (the
 * top-level ones name the focal alliance: `focal`, by default the first collective-defence one).
 */
export function outcomesOf(scenario: Scenario, focal?: string): { key: string; label: string; kind: 'probability' | 'mean' }[] {
  const cd = scenario.alliances.filter((a) => a.kind === 'collective-defense');
  const als = cd.map((a) => a.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const theatreIds = scenario.theatres.map((t) => t.id);
  const dyadKeys = (scenario.dyads ?? []).map((d) => `${d.a}-${d.b}`);
  const labels = comparisonLabels({ theatreIds, allianceIds: als, dyadKeys, focal: focal ?? cd[0]?.id ?? null });
  const binary = [
    ...EVENTS.map((e) => e.key as string),
    ...theatreIds.map((t) => `rung4.${t}`),
    ...als.flatMap((a) => ALLIANCE_EVENTS.map((e) => `${a}.${e.key}`)),
    ...dyadKeys.map((k) => `dyad.${k}`),
  ];
  const metrics = [...METRICS.map((m) => m.key as string), ...als.flatMap((a) => ALLIANCE_METRICS.map((m) => `${a}.${m.key}`))];
  return [
    ...binary.map((key, i) => ({ key, label: labels.binary[i]!, kind: 'probability' as const })),
    ...metrics.map((key, i) => ({ key, label: labels.metrics[i]!, kind: 'mean' as const })),
  ];
}

/** The parameters varied by default: the labelled priors (not spec, calibrated or numerical ones). */
export function defaultSensitivityParams(): ParamName[] {
  return PARAM_NAMES.filter((k) => PARAM_SPECS[k].origin === 'prior');
}

/**
 * The arms of a one-at-a-time study: the reference, then each parameter's low and high side where
 * they differ from its value (kept within its range and bounds). `brink sensitivity` and `brink run
 * --uncertainty` share it, so the two give the same arms and, on the same seed and runs, the same
 * numbers.
 */
export function planSensitivity(
  scenario: Scenario,
  names: readonly ParamName[],
  low: number,
  high: number,
  file: string,
): { arms: Scenario[]; info: Omit<ArmInfo, 'scenarioHash'>[]; plan: SensitivityPlan[]; skipped: SensitivitySummary['skipped'] } {
  const arms: Scenario[] = [scenario];
  const info: Omit<ArmInfo, 'scenarioHash'>[] = [{ name: 'reference', policyFile: file }];
  const plan: SensitivityPlan[] = [];
  const skipped: SensitivitySummary['skipped'] = [];
  for (const k of names) {
    const spec = PARAM_SPECS[k];
    const value = scenario.parameters[k] ?? spec.default;
    const side = (f: number): number | null => {
      const v = Math.min(spec.max, Math.max(spec.min, value * f));
      return v === value || checkParameterOverrides(scenario, { [k]: v }).length > 0 ? null : v;
    };
    const entry = { parameter: k, origin: spec.origin, value, low: side(low), high: side(high) };
    if (entry.low === null && entry.high === null) {
      skipped.push({ parameter: k, reason: value === 0 ? 'its value is 0, which a factor does not move' : 'both sides are outside its range or its bounds' });
      continue;
    }
    plan.push(entry);
    for (const s of ['low', 'high'] as const) {
      const v = entry[s];
      if (v === null) continue;
      arms.push({ ...scenario, parameters: { ...scenario.parameters, [k]: v } });
      info.push({ name: `${k}=${v}`, policyFile: `--params ${k} (${s})` });
    }
  }
  return { arms, info, plan, skipped };
}

/**
 * A chunk runs every arm, so keep it near CHUNK_SIZE trajectories: with two hundred arms a 256-run
 * chunk would be one chunk for one worker (results are the same for any chunk size).
 */
export function sensitivityChunkSize(arms: number): number {
  return Math.max(8, Math.ceil(CHUNK_SIZE / arms));
}
