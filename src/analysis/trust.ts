/**
 * "How sure are we" (D34): what stands beside the Monte Carlo interval of a run's headline.
 *
 * - the prior range: the lowest and highest headline (the focal alliance's P(drawn in)) that a
 *   quick one-at-a-time sensitivity gives (`brink run --uncertainty`, the machinery of `brink
 *   sensitivity`), read from that comparison's own numbers;
 * - the historical record: the backtest's verdict, a constant drawn from docs/validation.md;
 * - whether the top causal pathway leads the second by more than sampling error;
 * - short definitions of the words the output uses.
 *
 * Pure (no `node:` imports): the CLI and the report share it.
 */
import type { CompareSummary } from './compare.js';
import { fmtInt, fmtPct, fmtPctCI, fmtPp } from './format.js';
import type { SensitivityPlan } from './sensitivity.js';
import type { Distribution, PathwayShare, Probability, RunSummary } from './summary.js';
import { Z95, wilson } from './wilson.js';

/**
 * The priors `brink run --uncertainty` varies by default: the five largest swings of P(drawn in)
 * in the tornado of docs/monte-carlo.md ("Which priors drive a result", baseline-2025, 1,000 runs,
 * engine 0.2.0). A fixed list rather than a quick pass over all 112 priors: 11 arms run in well
 * under a minute on two cores at the default 1,000 runs, where a pass over 224 arms does not.
 */
export const DEFAULT_UNCERTAINTY_PARAMS = ['hostilityUtilityWeight', 'responseBias', 'revisionistThreshold', 'weightCost', 'weightRisk'] as const;
/** Runs per arm of the uncertainty study by default (capped by --runs). */
export const DEFAULT_UNCERTAINTY_RUNS = 1000;

/** One side of one prior: the headline under it, and its paired difference to the reference. */
export interface UncertaintySide {
  parameter: string;
  /** The factor applied (the sensitivity's low or high factor). */
  factor: number;
  /** The prior's value on this side (value × factor, kept within its range). */
  value: number;
  estimate: number | null;
  difference: number | null;
  lo: number | null;
  hi: number | null;
}

/** summary.json's `uncertainty` object (present only when `--uncertainty` ran). */
export interface Uncertainty {
  /** The outcome: the focal alliance's drawn in (the headline). */
  outcome: { key: string; label: string };
  runs: number;
  seed: number;
  factors: { low: number; high: number };
  /** `default` (DEFAULT_UNCERTAINTY_PARAMS) or `given` (--uncertainty-params). */
  selection: 'default' | 'given';
  parameters: string[];
  /** The headline at the scenario's values in the same runs (the study's reference arm). */
  reference: number | null;
  sides: UncertaintySide[];
  lowest: UncertaintySide | null;
  highest: UncertaintySide | null;
  skipped: { parameter: string; reason: string }[];
}

/**
 * Reads the comparison of a sensitivity study (arms: reference, then each plan entry's low and
 * high side, as cmd-sensitivity builds them) into the uncertainty object. Every number is the
 * comparison's own: `estimate` is the arm's share, `difference`/`lo`/`hi` its paired difference
 * with the Newcombe interval, exactly as `brink sensitivity` reports them.
 */
export function summarizeUncertainty(
  compare: CompareSummary,
  plans: readonly SensitivityPlan[],
  o: { outcomeKey: string; low: number; high: number; selection: 'default' | 'given'; skipped: Uncertainty['skipped'] },
): Uncertainty {
  const sides: UncertaintySide[] = [];
  let j = 0;
  for (const p of plans) {
    for (const [v, factor] of [
      [p.low, o.low],
      [p.high, o.high],
    ] as const) {
      if (v === null) continue;
      const c = compare.comparisons[j++]!;
      const b = c.binary.find((x) => x.key === o.outcomeKey)!;
      sides.push({ parameter: p.parameter, factor, value: v, estimate: b.b, difference: b.difference, lo: b.lo, hi: b.hi });
    }
  }
  const ref = compare.comparisons[0]?.binary.find((x) => x.key === o.outcomeKey) ?? null;
  const refArm = compare.arms[0];
  const label = ref?.label ?? refArm?.probabilities.drawnIn.label ?? o.outcomeKey;
  const reference = ref?.a ?? refArm?.probabilities.drawnIn.estimate ?? null;
  // Lowest and highest headline; ties go to the first in plan order (deterministic).
  let lowest: UncertaintySide | null = null;
  let highest: UncertaintySide | null = null;
  for (const s of sides) {
    if (s.estimate === null) continue;
    if (lowest === null || s.estimate < lowest.estimate!) lowest = s;
    if (highest === null || s.estimate > highest.estimate!) highest = s;
  }
  return {
    outcome: { key: o.outcomeKey, label },
    runs: compare.provenance.runs,
    seed: compare.provenance.seed,
    factors: { low: o.low, high: o.high },
    selection: o.selection,
    parameters: plans.map((p) => p.parameter),
    reference,
    sides,
    lowest,
    highest,
    skipped: o.skipped,
  };
}

/** A run summary with the prior range, when `brink run --uncertainty` computed it (summary.json's `uncertainty`). */
export type RunSummaryWithUncertainty = RunSummary & { uncertainty?: Uncertainty };

/** The historical record in one line (from docs/validation.md, "Results after issue 4", calibration H). */
export const VALIDATION_VERDICT =
  'Out of sample, on 861 historical disputes (MID 5.0) not used in fitting, the calibrated model matches the base rates (skill +0.008, 95% interval −0.013 to +0.026) but is not shown to beat them, and an ordinal logit does better (−0.040, −0.074 to −0.005): read these numbers as explorations of mechanisms, not forecasts.';
export const VALIDATION_SOURCE = 'docs/validation.md';

/** "P(NATO drawn in)" for a headline label "NATO drawn in (…)". */
function headlineName(s: RunSummary): string {
  return `P(${s.focal !== null ? `${s.focal} ` : ''}drawn in)`;
}

/** A probability for a reader: "0 (≤ 0.38%)" when it never happened (the Wilson upper bound), else "7.5% (7.0–8.0%)". */
export function fmtProb(p: Probability, ci = true): string {
  if (p.count === 0) return `0 (≤ ${fmtPct(p.hi)})`;
  return ci ? fmtPctCI(p.estimate, p.lo, p.hi) : fmtPct(p.estimate);
}

/** A share of runs, a zero as "0 (≤ x%)" with its Wilson upper bound, as fmtProb writes it (the Kaplan–Meier "by the horizon" column). */
export function fmtShare(events: number, runs: number): string {
  return events === 0 ? `0 (≤ ${fmtPct(wilson(0, runs).hi)})` : fmtPct(events / runs);
}

/** A side for a reader: "responsePowerWeight × 2". */
function sideName(x: UncertaintySide): string {
  return `${x.parameter} × ${x.factor}`;
}

/** The headline with its Monte Carlo interval: "P(NATO drawn in) 7.5% (Monte Carlo 7.0–8.0%)". */
export function headlineLine(s: RunSummary): string {
  const p = s.probabilities.drawnIn;
  if (p.count === 0) return `${headlineName(s)} 0 (≤ ${fmtPct(p.hi)}: in none of ${fmtInt(p.runs)} runs; Monte Carlo 95% upper bound)`;
  const [est, ci] = fmtProb(p).split(' (');
  return `${headlineName(s)} ${est} (Monte Carlo ${ci}`;
}

/** The prior-range sentence, or how to get it. */
export function priorRangeLine(u: Uncertainty | undefined): string {
  if (u === undefined) {
    return `Under other priors: not computed; add --uncertainty to brink run for the range the ${DEFAULT_UNCERTAINTY_PARAMS.length} most influential priors give (each × 0.5 and × 2, about 11 × ${DEFAULT_UNCERTAINTY_RUNS} runs), or run brink sensitivity for all of them.`;
  }
  const pct = (x: number | null) => (x === 0 ? '0' : fmtPct(x));
  const ref = `${pct(u.reference)} at the scenario's priors in the study's ${fmtInt(u.runs)} runs`;
  if (u.lowest === null || u.highest === null) return `Under other priors: no prior could be varied (${u.skipped.map((x) => `${x.parameter}: ${x.reason}`).join('; ')}).`;
  if (u.lowest.estimate === u.highest.estimate) {
    return `Under other priors it does not move: every side gives ${pct(u.lowest.estimate)}; ${ref}, each of ${u.parameters.join(', ')} set × ${u.factors.low} and × ${u.factors.high} one at a time on the same runs.`;
  }
  return `Under other priors it ranges ${pct(u.lowest.estimate)} (${sideName(u.lowest)}) to ${pct(u.highest.estimate)} (${sideName(u.highest)}); ${ref}, each of ${u.parameters.join(', ')} set × ${u.factors.low} and × ${u.factors.high} one at a time on the same runs.`;
}

/** Each side of the study, one line: "hostilityUtilityWeight × 2 = 2: 27.1% (+20.2 pp, +17.1 pp to +23.3 pp)". */
export function uncertaintySideLines(u: Uncertainty): string[] {
  return u.sides.map((x) => `${sideName(x)} = ${x.value}: ${x.estimate === 0 ? '0' : fmtPct(x.estimate)} (${fmtPp(x.difference)}, ${fmtPp(x.lo)} to ${fmtPp(x.hi)})`);
}

/** The trust section: sampling error, prior range, historical record (text lines). */
export function trustLines(s: RunSummaryWithUncertainty): string[] {
  return [
    `${headlineLine(s)}: the interval is sampling error only; more runs narrow it.`,
    priorRangeLine(s.uncertainty),
    `The historical record: ${VALIDATION_VERDICT} (${VALIDATION_SOURCE})`,
  ];
}

/** The lead of the top pathway over the second, with a 95% interval of the difference of the two shares. */
export interface PathwayLead {
  first: PathwayShare;
  second: PathwayShare;
  /** (count₁ − count₂) / runs that reached rung 4. */
  difference: number;
  lo: number;
  hi: number;
  /** The interval contains 0: the two are indistinguishable at this number of runs. */
  tie: boolean;
}

/**
 * The two top pathways are shares of one multinomial sample (the runs that reached rung 4), so
 * the variance of the difference of their shares is (p₁ + p₂ − (p₁ − p₂)²)/n; the 95% interval is
 * d ± z·√that. Null with fewer than two pathways.
 */
export function pathwayLead(s: RunSummary): PathwayLead | null {
  const [first, second] = s.pathways.top;
  const n = s.pathways.runsReachingRung4;
  if (first === undefined || second === undefined || n === 0) return null;
  const p1 = first.count / n;
  const p2 = second.count / n;
  const d = p1 - p2;
  const half = Z95 * Math.sqrt(Math.max(0, p1 + p2 - d * d) / n);
  const lo = d - half;
  const hi = d + half;
  return { first, second, difference: d, lo, hi, tie: lo <= 0 };
}

/** Whether the top pathway's lead over the second is beyond sampling error, in words. */
export function leadText(lead: PathwayLead): string {
  const d = `${fmtPp(lead.difference)} of the rung-4 runs, 95% interval ${fmtPp(lead.lo)} to ${fmtPp(lead.hi)}`;
  return lead.tie
    ? `The top two pathways are indistinguishable at this number of runs (the first leads by ${d}, which includes 0).`
    : `The top pathway leads the second beyond sampling error (by ${d}).`;
}

/** A cost whose mean exceeds its 95th percentile: a few runs carry the mean. */
export function heavyTailed(c: Distribution): boolean {
  return c.mean !== null && c.q95 !== null && c.mean > c.q95;
}

/** Short definitions of the words the run output uses, keyed by the word. */
export function glossary(s: RunSummary): [string, string][] {
  const who = s.focal ?? 'the focal alliance';
  return [
    ['episode', 'one crisis between two blocs (an alliance, or a state alone) in one theatre, from its first detected hostile act until it ends (a quiet spell, or a ceasefire for a war) or the horizon.'],
    ['rung', 'a step of the escalation ladder: 0 competition, 1 gray zone, 2 coercive signalling, 3 proxy war, 4 direct limited clash, 5 general war, 6 nuclear use; a theatre stands at the highest rung of its open episodes.'],
    ['drawn in', `a member of ${who} and a state outside it fought deliberately: an attributed, deliberate attack of rung 4 or more on a member, a member's counter-strike, or ${who} invoking Article 5.`],
    [
      'three "rung ≥ 4" counts',
      `drawn in counts only such fights involving ${who}; "rung ≥ 4 in a theatre" counts runs in which that theatre reached rung 4 at any time, whoever fought (so it can exceed drawn in); the highest-rung table gives the share of runs whose highest rung was exactly 4, 5 or 6, which add up to that theatre's rung ≥ 4 share.`,
    ],
    ['C_aid', `what ${who} spends on aid to its partners over the horizon.`],
    ['C_deterrence', `what ${who} spends on forward posture, readiness, resilience and surges of readiness.`],
    ['C_risk', `the damage attacks do to ${who}'s members, and the cost of wars its members fight (nuclear use included).`],
    [
      'pathway',
      'the chain of events that led to the first event taking a theatre to rung 4 or more, oldest first (at most three steps, each the first cause of the next); a step written inject:<action> is a scripted event of the scenario, and a pathway of one step had no earlier event among its causes.',
    ],
    [
      'example runs',
      `a pathway's smallest run numbers (trajectories) of seed ${s.provenance.seed}, with the day it reached rung 4; brink trace FILE --seed ${s.provenance.seed} --trajectory K shows run K event by event, the same on any machine.`,
    ],
    ['heavy-tailed', 'a cost whose mean exceeds its 95th percentile: a few very costly runs carry the mean, so the median is the typical run.'],
    ['0 (≤ x%)', 'the outcome happened in no run; x is the 95% upper bound of its probability at this number of runs.'],
  ];
}
