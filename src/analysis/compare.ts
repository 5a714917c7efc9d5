/**
 * From a comparison aggregate to the comparison summary: each arm's full run summary, and for
 * every arm after the first its paired differences to the first arm (common random numbers,
 * MODEL.md §6): Newcombe intervals for binary outcomes, normal intervals for mean differences
 * (paired.ts).
 */
import { ALLIANCE_EVENTS, ALLIANCE_METRICS, EVENTS, METRICS } from '../montecarlo/aggregate.js';
import type { CompareAggregate } from '../montecarlo/compare-aggregate.js';
import { FIXED_SCALE, fixedValue } from '../montecarlo/fixed-sum.js';
import { pairedMeanDifference, pairedProportionDifference } from './paired.js';
import { allianceLabels, r6, summarizeRun, type Provenance, type RunSummary, type SummaryOptions } from './summary.js';
import { Z95 } from './wilson.js';

export const COMPARE_FORMAT = 'brink/compare-summary@1';

export interface ArmInfo {
  /** Display name (the policy file's name). */
  name: string;
  /** The policy file as given on the command line. */
  policyFile: string;
  scenarioHash: string;
}

export interface BinaryDifference {
  key: string;
  label: string;
  /** Paired 2×2 counts, first index arm A (the first arm). */
  n11: number;
  n10: number;
  n01: number;
  n00: number;
  a: number | null;
  b: number | null;
  /** b − a. */
  difference: number | null;
  lo: number | null;
  hi: number | null;
}

export interface MeanDifference {
  key: string;
  label: string;
  a: number | null;
  b: number | null;
  /** Mean of the paired differences b − a. */
  difference: number | null;
  lo: number | null;
  hi: number | null;
  sd: number | null;
}

export interface ArmComparison {
  arm: string;
  against: string;
  binary: BinaryDifference[];
  metrics: MeanDifference[];
}

export interface CompareSummary {
  format: typeof COMPARE_FORMAT;
  provenance: Omit<Provenance, 'scenarioHash' | 'policy'> & { arms: ArmInfo[] };
  /** The alliance whose point of view the top-level outcome keys (drawnIn, article4, article5, costs, …) give. */
  focal: string | null;
  arms: RunSummary[];
  comparisons: ArmComparison[];
  method: Record<string, string>;
}

export function summarizeCompare(
  agg: CompareAggregate,
  base: { engineVersion: string; scenario: string; seed: number },
  arms: ArmInfo[],
  opts: SummaryOptions = {},
): CompareSummary {
  if (arms.length !== agg.arms.length) throw new Error(`${arms.length} arm names for ${agg.arms.length} arms`);
  const runSummaries = agg.arms.map((a, j) =>
    summarizeRun(a, { engineVersion: base.engineVersion, scenario: base.scenario, scenarioHash: arms[j]!.scenarioHash, seed: base.seed, policy: arms[j]!.name }, opts),
  );
  const focal = runSummaries[0]!.focal;
  const P = agg.pairedLayout;
  const n = agg.runs;
  const spec = agg.layout.spec;
  const theatres = spec.theatreIds;
  const labels = [
    ...EVENTS.map((e) => e.label as string),
    ...theatres.map((t) => `Rung ≥ 4 in ${t}`),
    ...(spec.allianceIds ?? []).flatMap((a) => ALLIANCE_EVENTS.map((e) => allianceLabels(a).events[e.key])),
    ...(spec.dyadKeys ?? []).map((k) => `Direct combat ${k}`),
  ];
  const metricLabels = [
    ...METRICS.map((m) => m.label as string),
    ...(spec.allianceIds ?? []).flatMap((a) => {
      const l = allianceLabels(a);
      return ALLIANCE_METRICS.map((m) => (m.key === 'art4Count' || m.key === 'finalCohesion' || m.key === 'peakCredibilityDebt' ? l[m.key] : l.costs[m.key]));
    }),
  ];
  const comparisons: ArmComparison[] = [];
  for (let j = 1; j < agg.arms.length; j++) {
    const off = (j - 1) * P.perArm;
    const p = agg.paired;
    const binary: BinaryDifference[] = P.binaryKeys.map((key, b) => {
      const n11 = p[off + 4 * b]!;
      const n10 = p[off + 4 * b + 1]!;
      const n01 = p[off + 4 * b + 2]!;
      const n00 = p[off + 4 * b + 3]!;
      const d = pairedProportionDifference({ n11, n10, n01, n00 }, Z95);
      // Newcombe's estimate is p_A − p_B; we report B − A (the change from the first arm).
      return {
        key,
        label: labels[b]!,
        n11,
        n10,
        n01,
        n00,
        a: r6((n11 + n10) / n),
        b: r6((n11 + n01) / n),
        difference: r6(-d.estimate === 0 ? 0 : -d.estimate),
        lo: r6(-d.hi),
        hi: r6(-d.lo),
      };
    });
    const metrics: MeanDifference[] = P.metricKeys.map((key, i) => {
      const at = off + P.binaryBlock + 4 * i;
      const md = pairedMeanDifference(n, fixedValue(p, at, FIXED_SCALE), fixedValue(p, at + 2, FIXED_SCALE), Z95);
      const armA = runSummaries[0]!;
      const armB = runSummaries[j]!;
      return {
        key,
        label: metricLabels[i]!,
        a: meanFromSummary(armA, key),
        b: meanFromSummary(armB, key),
        difference: r6(md.estimate),
        lo: r6(md.lo),
        hi: r6(md.hi),
        sd: r6(md.sd),
      };
    });
    // The focal alliance's rows under the top-level keys (they hold the default focal's otherwise).
    if (focal !== null) {
      for (const e of ALLIANCE_EVENTS) {
        const ix = binary.findIndex((b) => b.key === e.key);
        const src = binary.find((b) => b.key === `${focal}.${e.key}`);
        if (ix >= 0 && src) binary[ix] = { ...src, key: e.key };
      }
      for (const m of ALLIANCE_METRICS) {
        const ix = metrics.findIndex((x) => x.key === m.key);
        const src = metrics.find((x) => x.key === `${focal}.${m.key}`);
        if (ix >= 0 && src) metrics[ix] = { ...src, key: m.key };
      }
    }
    comparisons.push({ arm: arms[j]!.name, against: arms[0]!.name, binary, metrics });
  }
  const s0 = runSummaries[0]!.provenance;
  return {
    format: COMPARE_FORMAT,
    provenance: { engineVersion: base.engineVersion, scenario: base.scenario, seed: base.seed, runs: n, horizonDays: s0.horizonDays, theatres: s0.theatres, arms },
    focal,
    arms: runSummaries,
    comparisons,
    method: {
      design: 'common random numbers: trajectory k of every arm runs with keyed random numbers (seed, k); differences are taken within pairs',
      binary:
        'difference of paired proportions (arm − first arm) with the Newcombe (1998) square-and-add interval (method 10: Wilson limits of each marginal, correlation-corrected), from the paired counts n11, n10, n01, n00',
      metrics: 'mean paired difference with a 95% normal interval, from exact fixed-point sums of the differences and their squares',
    },
  };
}

function meanFromSummary(s: RunSummary, key: string): number | null {
  const dot = key.lastIndexOf('.');
  if (dot > 0) {
    // "<alliance>.<metric>"
    const a = s.byAlliance[key.slice(0, dot)];
    const m = key.slice(dot + 1);
    if (!a) return null;
    if (m === 'art4Count') return a.article4Consultations.mean;
    if (m === 'finalCohesion' || m === 'peakCredibilityDebt') return a.means[m].mean;
    return (a.costs as Record<string, { mean: number | null }>)[m]?.mean ?? null;
  }
  switch (key) {
    case 'costAid':
      return s.costs.costAid.mean;
    case 'costDeterrence':
      return s.costs.costDeterrence.mean;
    case 'costRisk':
      return s.costs.costRisk.mean;
    case 'costTotal':
      return s.costs.costTotal.mean;
    case 'art4Count':
      return s.article4Consultations.mean;
    case 'escalationScore':
      return s.escalationScore.mean;
    default:
      return (s.means as Record<string, { mean: number | null }>)[key]?.mean ?? null;
  }
}
