/**
 * From a comparison aggregate to the comparison summary: each arm's full run summary, and for
 * every arm after the first its paired differences to the first arm (common random numbers,
 * MODEL.md §6): Newcombe intervals for binary outcomes, normal intervals for mean differences
 * (paired.ts).
 *
 * Each arm after the first is also read against the state probe (montecarlo/state-probe.ts, D29):
 * when no probability and no mean cost moved beyond sampling error the arm is `inert`, and
 * `stateMoved` names the end-of-trajectory state it did move, so that "no effect" is never
 * mistaken for an answer when the lever only moved state that no outcome reads.
 */
import { ALLIANCE_EVENTS, ALLIANCE_METRICS, COST_KEYS, EVENTS, METRICS } from '../montecarlo/aggregate.js';
import type { CompareAggregate } from '../montecarlo/compare-aggregate.js';
import { FIXED_SCALE, fixedValue } from '../montecarlo/fixed-sum.js';
import type { StateProbe } from '../montecarlo/state-probe.js';
import { fmtInt, fmtNum, fmtSigned } from './format.js';
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
  /** For a `--variant` arm: its assignments (`path=value`), applied over the scenario's (D27). */
  sets?: string[];
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

/** One entry of the state probe that an arm moved beyond sampling error (paired, arm − first arm). */
export interface StateMove {
  /** e.g. `stockpile.RUS`. */
  key: string;
  /** e.g. `stockpile RUS`. */
  label: string;
  /** e.g. `days`; '' for unitless levels. */
  unit: string;
  /** Mean at the horizon under the first arm and under this arm. */
  a: number | null;
  b: number | null;
  /** Mean paired difference b − a with its 95% normal interval and the sd of the differences. */
  meanDiff: number | null;
  lo: number | null;
  hi: number | null;
  sd: number | null;
  /**
   * meanDiff / sd (the standardized paired difference, scale-free: how the list is ranked); null
   * when sd is 0, i.e. every run moved by exactly meanDiff (ranked first).
   */
  standardized: number | null;
}

export interface ArmComparison {
  arm: string;
  against: string;
  binary: BinaryDifference[];
  metrics: MeanDifference[];
  /**
   * True when no probability (every binary row) and no mean cost (C_aid, C_deterrence, C_risk,
   * C_total) moved beyond sampling error: each paired 95% interval contains 0.
   */
  inert: boolean;
  /**
   * Keys of the other mean results (Article 4 consultations, escalation score, cohesion, ...: not
   * costs) whose paired 95% interval excludes 0; an inert arm's notice names them first.
   */
  metricsMoved: string[];
  /** Entries in the state probe (0: the engine gave no state digest, so nothing can be said about state). */
  stateProbed: number;
  /** Entries whose paired difference was non-zero in at least one run. */
  stateDiffers: number;
  /** Entries that moved beyond sampling error (their 95% interval excludes 0); stateMoved lists the first few. */
  stateMovedCount: number;
  /** The largest (by |standardized|) of the state entries moved beyond sampling error, at most STATE_MOVED_SHOWN. */
  stateMoved: StateMove[];
  /** The sentence compare, sweep and sensitivity print for an inert arm; null when the arm moved an outcome. */
  notice: string | null;
}

/** How many moved state entries a comparison keeps per arm (and the notice names at most NOTICE_SHOWN). */
export const STATE_MOVED_SHOWN = 5;
export const NOTICE_SHOWN = 3;

export interface CompareSummary {
  format: typeof COMPARE_FORMAT;
  provenance: Omit<Provenance, 'scenarioHash' | 'policy'> & { arms: ArmInfo[] };
  /** The alliance whose point of view the top-level outcome keys (drawnIn, article4, article5, costs, …) give. */
  focal: string | null;
  arms: RunSummary[];
  comparisons: ArmComparison[];
  method: Record<string, string>;
}

/**
 * The labels of a comparison's outcomes in its order (createPairedLayout's binaryKeys, then its
 * metricKeys): what `brink compare` prints beside each difference, and the outcome list of a
 * sensitivity study (sensitivity-plan.ts outcomesOf) shows. With `focal`, the top-level rows that
 * are an alliance's (drawnIn, costs, …) carry that alliance's labels, as summarizeCompare's do.
 */
export function comparisonLabels(spec: { theatreIds: readonly string[]; allianceIds?: readonly string[]; dyadKeys?: readonly string[]; focal?: string | null }): { binary: string[]; metrics: string[] } {
  const als = spec.allianceIds ?? [];
  const own = spec.focal != null && als.includes(spec.focal) ? allianceLabels(spec.focal) : null;
  const event = (e: (typeof EVENTS)[number]): string => (own !== null && e.key in own.events ? own.events[e.key as keyof typeof own.events] : e.label);
  const metric = (m: (typeof METRICS)[number]): string => (own !== null && m.key in own.metrics ? own.metrics[m.key as keyof typeof own.metrics] : m.label);
  return {
    binary: [
      ...EVENTS.map(event),
      ...spec.theatreIds.map((t) => `Rung ≥ 4 in ${t}`),
      ...als.flatMap((a) => ALLIANCE_EVENTS.map((e) => allianceLabels(a).events[e.key])),
      ...(spec.dyadKeys ?? []).map((k) => `Direct combat ${k}`),
    ],
    metrics: [
      ...METRICS.map(metric),
      ...als.flatMap((a) => {
        const l = allianceLabels(a);
        return ALLIANCE_METRICS.map((m) => l.metrics[m.key]);
      }),
    ],
  };
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
  const { binary: labels, metrics: metricLabels } = comparisonLabels(spec);
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
    // Costs of any alliance (top-level or `USPAC.costTotal`) decide inertness; other means only inform.
    const isCost = (m: MeanDifference) => (COST_KEYS as readonly string[]).includes(m.key.slice(m.key.lastIndexOf('.') + 1));
    const inert = binary.every(containsZero) && metrics.every((m) => !isCost(m) || containsZero(m));
    // The focal alliance's own rows repeat the top-level ones: list each result once.
    const focalPrefix = focal !== null ? `${focal}.` : null;
    const metricsMoved = metrics.filter((m) => !isCost(m) && !containsZero(m) && !(focalPrefix !== null && m.key.startsWith(focalPrefix))).map((m) => m.key);
    const state = readStateProbe(agg.probe, j, n);
    const c: Omit<ArmComparison, 'notice'> = { arm: arms[j]!.name, against: arms[0]!.name, binary, metrics, inert, metricsMoved, ...state };
    comparisons.push({ ...c, notice: inertNotice(c, n) });
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
      inert:
        'an arm is inert when every probability difference and every mean cost difference has a 95% interval containing 0; its stateMoved lists the end-of-trajectory state (stockpiles, war capacity, surge, pressure, cohesion, sanctions, hostility sums, credibility debt, aid) whose mean paired difference has a 95% interval excluding 0, ranked by |mean difference / sd of the differences|',
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
    if (m in a.means) return (a.means as Record<string, { mean: number | null }>)[m]!.mean;
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

/** The interval contains 0 (or is unknown): no change beyond sampling error. */
function containsZero(x: { lo: number | null; hi: number | null }): boolean {
  return x.lo === null || x.hi === null || (x.lo <= 0 && x.hi >= 0);
}

/** Arm j's paired state differences: the entries that moved beyond sampling error, ranked. */
function readStateProbe(probe: StateProbe, j: number, n: number): Pick<ArmComparison, 'stateProbed' | 'stateDiffers' | 'stateMovedCount' | 'stateMoved'> {
  const moved: (StateMove & { rank: number; rel: number })[] = [];
  let differs = 0;
  const p = probe.data;
  probe.entries.forEach((e, l) => {
    const at = probe.pairedAt(j, l);
    const sumSq = fixedValue(p, at + 2, FIXED_SCALE);
    if (sumSq === 0) return; // identical in every run
    differs++;
    const md = pairedMeanDifference(n, fixedValue(p, at, FIXED_SCALE), sumSq, Z95);
    if (!(md.lo > 0 || md.hi < 0)) return;
    const a = fixedValue(p, probe.sumAt(0, l), FIXED_SCALE) / n;
    const b = fixedValue(p, probe.sumAt(j, l), FIXED_SCALE) / n;
    const std = md.sd > 0 ? md.estimate / md.sd : null;
    moved.push({
      key: e.key,
      label: e.label,
      unit: e.unit,
      a: r6(a),
      b: r6(b),
      meanDiff: r6(md.estimate),
      lo: r6(md.lo),
      hi: r6(md.hi),
      sd: r6(md.sd),
      standardized: std === null ? null : r6(std),
      rank: std === null ? Infinity : Math.abs(std),
      // Ties (several shifts with sd 0) go to the larger relative change.
      rel: Math.abs(md.estimate) / Math.max(Math.abs(a), Math.abs(b), 1e-12),
    });
  });
  moved.sort((x, y) => y.rank - x.rank || y.rel - x.rel || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    stateProbed: probe.length,
    stateDiffers: differs,
    stateMovedCount: moved.length,
    stateMoved: moved.slice(0, STATE_MOVED_SHOWN).map(({ rank: _r, rel: _x, ...m }) => m),
  };
}

/** "stockpile RUS +425 days [410, 440]". */
export function fmtStateMove(m: StateMove): string {
  const unit = m.unit === '' ? '' : ` ${m.unit}`;
  return `${m.label} ${fmtSigned(m.meanDiff)}${unit} [${fmtNum(m.lo)}, ${fmtNum(m.hi)}]`;
}

/**
 * What an inert arm says (null when it moved an outcome): the state it moved, or that it moved
 * nothing at all; with the number of runs, since "beyond sampling error" depends on it.
 */
/** Lower-cases a label's first letter for use mid-sentence, unless it starts an acronym ("NATO …"). */
function lowerFirst(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : `${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

export function inertNotice(c: Omit<ArmComparison, 'notice'>, runs: number): string | null {
  if (!c.inert) return null;
  const head = `arm "${c.arm}": no probability or cost changed beyond sampling error (${fmtInt(runs)} runs)`;
  const others = c.metricsMoved.map((k) => c.metrics.find((m) => m.key === k)!);
  const otherText = others.slice(0, NOTICE_SHOWN).map((m) => `${lowerFirst(m.label)} ${fmtSigned(m.difference)} [${fmtNum(m.lo)}, ${fmtNum(m.hi)}]`);
  if (others.length > NOTICE_SHOWN) otherText.push(`${others.length - NOTICE_SHOWN} more`);
  const parts: string[] = [];
  if (otherText.length > 0) parts.push(`other results moved: ${otherText.join(', ')}`);
  if (c.stateProbed === 0) return `${head}${parts.length > 0 ? `; ${parts.join('; ')}` : ''}; this engine gives no state probe, so what state it moved is unknown`;
  if (c.stateMovedCount > 0) {
    const shown = c.stateMoved.slice(0, NOTICE_SHOWN).map(fmtStateMove);
    const more = c.stateMovedCount - shown.length;
    parts.push(`it did move ${shown.join(', ')}${more > 0 ? ` and ${more} more state value${more === 1 ? '' : 's'}` : ''}`);
  }
  if (parts.length > 0) return `${head}; ${parts.join('; ')}`;
  if (c.stateDiffers === 0) return `arm "${c.arm}": moved neither any outcome nor any state (the end state was identical in all ${fmtInt(runs)} runs): the lever is inert in this scenario`;
  return `arm "${c.arm}": moved neither any outcome nor any state beyond sampling error (${fmtInt(runs)} runs; ${c.stateDiffers} state value${c.stateDiffers === 1 ? '' : 's'} differed in some runs, in no clear direction): the lever is inert in this scenario at this number of runs`;
}
