/**
 * The summary of `brink sensitivity` (one-at-a-time sensitivity over parameters): from a comparison
 * whose arms are the reference and each parameter's low and high side, the paired differences of
 * every outcome, ranked by the swing of one outcome. Pure: the CLI writes it, the report draws it.
 */
import { NOTICE_SHOWN, type ArmComparison, type CompareSummary, type StateMove } from './compare.js';
import { toCsv } from './tables.js';

export const SENSITIVITY_FORMAT = 'brink/sensitivity@1';

/** One side of a parameter: its value and the paired difference of every outcome to the reference. */
export interface SensitivitySide {
  value: number;
  /** outcome key → [difference, lo, hi] (probabilities as fractions; metrics in their units). */
  differences: Record<string, [number | null, number | null, number | null]>;
  /** No probability and no cost moved beyond sampling error (compare.ts, D29). */
  inert: boolean;
  /** The state this side moved beyond sampling error, largest first (compare.ts stateMoved; the first 3, to keep two hundred sides compact). */
  stateMoved: StateMove[];
  stateMovedCount: number;
  /** The comparison's notice when inert, else null. */
  notice: string | null;
}

export interface SensitivityRow {
  parameter: string;
  origin: string;
  /** The scenario's value (its parameters: and included files, else the engine default). */
  value: number;
  low: SensitivitySide | null;
  high: SensitivitySide | null;
  /** |Δ(high) − Δ(low)| of the ranking outcome (a missing side counts 0). */
  swing: number;
  /** Every side that ran is inert: at this number of runs the parameter moves no probability and no cost. */
  inert: boolean;
}

export interface SensitivitySummary {
  format: typeof SENSITIVITY_FORMAT;
  provenance: { engineVersion: string; scenario: string; scenarioHash: string; seed: number; runs: number; horizonDays: number; sets?: string[] };
  /** The alliance whose point of view the top-level outcome keys (drawnIn, article5, costTotal, …) give. */
  focal: string | null;
  factors: { low: number; high: number };
  outcome: { key: string; label: string; kind: 'probability' | 'mean'; reference: number | null };
  /** Parameters left out, with the reason (e.g. both sides equal the value: 0, or at a bound). */
  skipped: { parameter: string; reason: string }[];
  /** Ranked by swing, largest first. */
  rows: SensitivityRow[];
}

/** A parameter's plan: its value and the values of its two sides (null: that side is not run). */
export interface SensitivityPlan {
  parameter: string;
  origin: string;
  value: number;
  low: number | null;
  high: number | null;
}

/**
 * Reads a comparison whose arms are [reference, then for each plan entry its low side (if any)
 * and its high side (if any)] into the sensitivity summary, ranked by the swing of `outcomeKey`.
 */
export function summarizeSensitivity(
  compare: CompareSummary,
  plans: readonly SensitivityPlan[],
  o: { outcomeKey: string; outcomeKind: 'probability' | 'mean'; low: number; high: number; scenarioHash: string; skipped: SensitivitySummary['skipped'] },
): SensitivitySummary {
  let j = 0;
  const sideOf = (v: number | null): SensitivitySide | null => {
    if (v === null) return null;
    const c = compare.comparisons[j++]!;
    return { value: v, differences: differences(c), inert: c.inert, stateMoved: c.stateMoved.slice(0, NOTICE_SHOWN), stateMovedCount: c.stateMovedCount, notice: c.notice };
  };
  const rows: SensitivityRow[] = plans.map((p) => {
    const lo = sideOf(p.low);
    const hi = sideOf(p.high);
    const d = (x: SensitivitySide | null) => (x === null ? 0 : (x.differences[o.outcomeKey]![0] ?? 0));
    const inert = [lo, hi].every((x) => x === null || x.inert);
    return { parameter: p.parameter, origin: p.origin, value: p.value, low: lo, high: hi, swing: Math.abs(d(hi) - d(lo)), inert };
  });
  rows.sort((a, b) => b.swing - a.swing || a.parameter.localeCompare(b.parameter));
  const first = compare.comparisons[0];
  const ref = first === undefined ? undefined : [...first.binary, ...first.metrics].find((x) => x.key === o.outcomeKey);
  const pv = compare.provenance;
  return {
    format: SENSITIVITY_FORMAT,
    provenance: { engineVersion: pv.engineVersion, scenario: pv.scenario, scenarioHash: o.scenarioHash, seed: pv.seed, runs: pv.runs, horizonDays: pv.horizonDays },
    focal: compare.focal,
    factors: { low: o.low, high: o.high },
    outcome: { key: o.outcomeKey, label: ref?.label ?? o.outcomeKey, kind: o.outcomeKind, reference: ref?.a ?? null },
    skipped: o.skipped,
    rows,
  };
}

function differences(c: ArmComparison): SensitivitySide['differences'] {
  const out: SensitivitySide['differences'] = {};
  for (const b of c.binary) out[b.key] = [b.difference, b.lo, b.hi];
  for (const m of c.metrics) out[m.key] = [m.difference, m.lo, m.hi];
  return out;
}

/** Every parameter, side and outcome: one line each. */
export function sensitivityCsv(s: SensitivitySummary): string {
  const rows = s.rows.flatMap((r) =>
    (['low', 'high'] as const).flatMap((side) => {
      const x = r[side];
      if (x === null) return [];
      return Object.entries(x.differences).map(([key, d]) => [r.parameter, r.origin, r.value, side, x.value, key, ...d]);
    }),
  );
  return toCsv(['parameter', 'origin', 'value', 'side', 'side_value', 'outcome', 'difference', 'lo95', 'hi95'], rows);
}
