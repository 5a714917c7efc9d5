/**
 * From a run aggregate to the run summary (summary.json): every estimate of MODEL.md §1 with
 * its 95% interval, distributions, Kaplan–Meier curves, quantile fans and pathways.
 *
 * The summary is a pure function of the aggregate (integers) and the provenance, so the JSON is
 * byte-identical for any split of the runs. Derived reals are rounded to 6 significant digits
 * (more than the Monte Carlo error of any estimate here) to keep the file readable; non-finite
 * values become null. Nothing about timing or the machine goes in (see timing.json).
 */
import {
  ALLIANCE_EVENTS,
  ALLIANCE_METRICS,
  BINNINGS,
  COST_KEYS,
  EVENTS,
  METRICS,
  PATHWAY_EXAMPLES,
  RunAggregate,
  type AllianceEventKey,
  type AllianceMeanKey,
  type AllianceMetricKey,
  type AllianceSlots,
  ALLIANCE_MEAN_KEYS,
  MEAN_KEYS,
  type MeanKey,
  type CostKey,
  type EventKey,
  type HistSlot,
  type MetricKey,
} from '../montecarlo/aggregate.js';
import { binEdges, describeBinning, type Binning } from '../montecarlo/binning.js';
import { FIXED_SCALE, fixedValue } from '../montecarlo/fixed-sum.js';
import { kaplanMeier } from './kaplan-meier.js';
import { meanInterval } from './paired.js';
import { histogramQuantile, histogramTotal } from './quantile.js';
import { wilson, Z95 } from './wilson.js';

export const SUMMARY_FORMAT = 'brink/run-summary@1';
export const FAN_PROBS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Round to 6 significant digits; null for NaN/±Infinity (JSON has no NaN). */
export function r6(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(6));
}

export interface Provenance {
  engineVersion: string;
  scenario: string;
  scenarioHash: string;
  seed: number;
  runs: number;
  horizonDays: number;
  theatres: string[];
  /** Set for an arm of a comparison. */
  policy?: string;
  /** `--set PATH=VALUE` assignments applied to the scenario file (absent when none; D27). */
  sets?: string[];
}

export interface Probability {
  label: string;
  count: number;
  runs: number;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

export interface MeanEstimate {
  label: string;
  mean: number | null;
  lo: number | null;
  hi: number | null;
  sd: number | null;
}

export interface Distribution extends MeanEstimate {
  q05: number | null;
  q25: number | null;
  q50: number | null;
  q75: number | null;
  q95: number | null;
  /** Occupied bins only: [lower edge, upper edge, runs]. */
  histogram: [number | null, number | null, number][];
}

export interface TimeToEvent {
  label: string;
  events: number;
  runs: number;
  /** Kaplan–Meier median over all runs (censored at the horizon); null if S(t) stays above 0.5. */
  median: number | null;
  /** Median day among runs where it happened. */
  medianIfHappened: number | null;
  /** S at the horizon = share of runs without the event. */
  survivalAtHorizon: number | null;
  curve: { day: number[]; atRisk: number[]; events: number[]; survival: (number | null)[]; lo: (number | null)[]; hi: (number | null)[] };
}

export interface Fan {
  key: string;
  label: string;
  /** Observations per week (0 where the series is absent, e.g. no partner). */
  n: number[];
  q05: (number | null)[];
  q25: (number | null)[];
  q50: (number | null)[];
  q75: (number | null)[];
  q95: (number | null)[];
}

export interface PathwayShare {
  rank: number;
  pathway: string;
  steps: string[];
  count: number;
  /** Share of the runs that reached rung ≥ 4. */
  share: number | null;
  shareOfRuns: number | null;
  /**
   * Example runs of this pathway: its smallest trajectory indices (at most PATHWAY_EXAMPLES), with
   * the day it reached rung 4; `brink trace FILE --seed S --trajectory K` opens one (D54).
   */
  examples: { trajectory: number; day: number }[];
}

export type Article4Consultations = Distribution & { distribution: { consultations: number; runs: number; share: number | null }[]; overflowAbove: number };

/** One collective-defence alliance's point of view: its outcomes and costs with intervals. */
export interface AllianceSummary {
  id: string;
  /** Is it the scenario's default focal alliance (the first collective-defence alliance in file order)? */
  defaultFocal: boolean;
  probabilities: Record<AllianceEventKey, Probability>;
  timeToEvent: Record<AllianceEventKey, TimeToEvent>;
  article4Consultations: Article4Consultations;
  costs: Record<CostKey, Distribution>;
  means: Record<AllianceMeanKey, MeanEstimate>;
}

/** A dyad of the scenario: direct combat between two states. */
export interface DyadSummary {
  probability: Probability;
  timeToEvent: TimeToEvent;
}

export interface RunSummary {
  format: typeof SUMMARY_FORMAT;
  provenance: Provenance;
  /**
   * The alliance whose point of view the top-level drawnIn, article4, article5, costs,
   * article4Consultations and means.finalCohesion/peakCredibilityDebt give (`--focal`; default
   * the first collective-defence alliance in the scenario file); null without one.
   */
  focal: string | null;
  probabilities: Record<EventKey, Probability> & { rung4ByTheatre: Record<string, Probability> };
  article4Consultations: Article4Consultations;
  timeToEvent: Record<EventKey, TimeToEvent>;
  highestRung: Record<string, { counts: number[]; shares: (number | null)[]; median: number | null }>;
  costs: Record<CostKey, Distribution>;
  escalationScore: Distribution;
  fans: { weeks: number; day: number[]; series: Fan[] };
  pathways: {
    runsReachingRung4: number;
    distinct: number;
    top: PathwayShare[];
    otherCount: number;
    /** The same counts grouped by the pathway's last step: the action that crossed into rung ≥ 4. */
    byLastStep: { action: string; count: number; share: number | null }[];
  };
  episodes: { ended: number; open: number; perRun: number | null; medianDays: number | null; q25Days: number | null; q75Days: number | null; q95Days: number | null; durationHistogram: [number, number][] };
  means: Record<MeanKey, MeanEstimate>;
  /** Every collective-defence alliance's outcomes, by id (canonical order). */
  byAlliance: Record<string, AllianceSummary>;
  /** Direct combat per scenario dyad, by key ("USA-CHN"). */
  dyads: Record<string, DyadSummary>;
  method: Record<string, string>;
}

export const TOP_PATHWAYS = 10;

function prob(label: string, count: number, runs: number): Probability {
  const w = wilson(count, runs);
  return { label, count, runs, estimate: r6(w.estimate), lo: r6(w.lo), hi: r6(w.hi) };
}

function metricIndex(key: MetricKey): number {
  return METRICS.findIndex((m) => m.key === key);
}

function meanOf(agg: RunAggregate, key: MetricKey): MeanEstimate {
  const m = metricIndex(key);
  return meanAt(agg, agg.layout.metricSum + 4 * m, METRICS[m]!.label);
}

/** Mean with its interval from the fixed sums at `at` (sum) and `at + 2` (sum of squares). */
function meanAt(agg: RunAggregate, at: number, label: string): MeanEstimate {
  const mi = meanInterval(agg.runs, fixedValue(agg.data, at, FIXED_SCALE), fixedValue(agg.data, at + 2, FIXED_SCALE), Z95);
  return { label, mean: r6(mi.estimate), lo: r6(mi.lo), hi: r6(mi.hi), sd: r6(mi.sd) };
}

function occupied(b: Binning, d: Float64Array, h: HistSlot): [number | null, number | null, number][] {
  const out: [number | null, number | null, number][] = [];
  for (let i = 0; i < h.bins; i++) {
    const c = d[h.offset + i]!;
    if (c > 0) {
      const [lo, hi] = binEdges(b, i);
      out.push([r6(lo), r6(hi), c]);
    }
  }
  return out;
}

function distributionOf(agg: RunAggregate, key: MetricKey, h: HistSlot): Distribution {
  return distributionFrom(agg, meanOf(agg, key), h);
}

function distributionFrom(agg: RunAggregate, mean: MeanEstimate, h: HistSlot): Distribution {
  const d = agg.data;
  const q = (p: number) => r6(histogramQuantile(h.binning, d, p, h.offset));
  return { ...mean, q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95), histogram: occupied(h.binning, d, h) };
}

function timeToEvent(agg: RunAggregate, e: number): TimeToEvent {
  const L = agg.layout;
  return timeToEventFrom(agg, EVENTS[e]!.label, L.eventDays[e]!, agg.data[L.eventCount + e]!);
}

/** Kaplan–Meier of the day histogram h of an event that happened in `count` runs. */
function timeToEventFrom(agg: RunAggregate, label: string, h: HistSlot, count: number): TimeToEvent {
  const L = agg.layout;
  const d = agg.data;
  const n = agg.runs;
  const events = Array.from(d.subarray(h.offset, h.offset + h.bins));
  // Every run lasts to the horizon: the runs without the event are censored there.
  const censored = new Array<number>(h.bins).fill(0);
  censored[Math.min(h.bins - 1, Math.ceil(L.spec.horizonDays))] = n - count;
  const km = kaplanMeier(events, censored, Z95);
  return {
    label,
    events: count,
    runs: n,
    median: km.median,
    medianIfHappened: count > 0 ? r6(histogramQuantile(h.binning, d, 0.5, h.offset)) : null,
    survivalAtHorizon: r6(km.final),
    curve: {
      day: km.points.map((p) => p.day),
      atRisk: km.points.map((p) => p.atRisk),
      events: km.points.map((p) => p.events),
      survival: km.points.map((p) => r6(p.survival)),
      lo: km.points.map((p) => r6(p.lo)),
      hi: km.points.map((p) => r6(p.hi)),
    },
  };
}

/** Labels that name the alliance (`--focal` changes which one the headline describes). */
export function allianceLabels(id: string): {
  events: Record<AllianceEventKey, string>;
  /** Every ALLIANCE_METRICS row's label for this alliance. */
  metrics: Record<AllianceMetricKey, string>;
} {
  const metrics = {} as Record<AllianceMetricKey, string>;
  for (const m of ALLIANCE_METRICS) metrics[m.key] = m.label(id);
  return {
    events: {
      drawnIn: `${id} drawn in (deliberate kinetic conflict, rung ≥ 4)`,
      article4: `Article 4 consultation (${id}, at least one)`,
      article5: `Article 5 invoked (${id})`,
    },
    metrics,
  };
}

function article4Of(agg: RunAggregate, mean: MeanEstimate, a4: HistSlot): Article4Consultations {
  const d = agg.data;
  const n = agg.runs;
  const a4dist: { consultations: number; runs: number; share: number | null }[] = [];
  let lastOccupied = 0;
  for (let i = 0; i < a4.bins - 1; i++) if (d[a4.offset + i]! > 0) lastOccupied = i;
  for (let i = 0; i <= lastOccupied; i++) a4dist.push({ consultations: i, runs: d[a4.offset + i]!, share: r6(d[a4.offset + i]! / n) });
  return { ...distributionFrom(agg, mean, a4), distribution: a4dist, overflowAbove: d[a4.offset + a4.bins - 1]! };
}

function allianceSummary(agg: RunAggregate, S: AllianceSlots, defaultFocal: boolean): AllianceSummary {
  const d = agg.data;
  const n = agg.runs;
  const lab = allianceLabels(S.id);
  const metric = (key: (typeof ALLIANCE_METRICS)[number]['key'], label: string) => meanAt(agg, S.metricSum + 4 * ALLIANCE_METRICS.findIndex((m) => m.key === key), label);
  const probabilities = {} as AllianceSummary['probabilities'];
  const timeToEventOut = {} as AllianceSummary['timeToEvent'];
  ALLIANCE_EVENTS.forEach((e, i) => {
    probabilities[e.key] = prob(lab.events[e.key], d[S.eventCount + i]!, n);
    timeToEventOut[e.key] = timeToEventFrom(agg, lab.events[e.key], S.eventDays[i]!, d[S.eventCount + i]!);
  });
  const costs = {} as AllianceSummary['costs'];
  COST_KEYS.forEach((k, i) => {
    costs[k] = distributionFrom(agg, metric(k, lab.metrics[k]), S.costHist[i]!);
  });
  return {
    id: S.id,
    defaultFocal,
    probabilities,
    timeToEvent: timeToEventOut,
    article4Consultations: article4Of(agg, metric('art4Count', lab.metrics.art4Count), S.art4Hist),
    costs,
    means: allianceMeans(agg, S),
  };
}

/** The alliance's `means`: the ALLIANCE_METRICS rows marked mean, in order. */
function allianceMeans(agg: RunAggregate, S: AllianceSlots): Record<AllianceMeanKey, MeanEstimate> {
  const out = {} as Record<AllianceMeanKey, MeanEstimate>;
  ALLIANCE_METRICS.forEach((m, i) => {
    if (m.mean) out[m.key] = meanAt(agg, S.metricSum + 4 * i, m.label(S.id));
  });
  return out;
}

/** The run's `means`: the METRICS rows marked mean, in order; a per-alliance one is the focal alliance's. */
function runMeans(agg: RunAggregate, focal: AllianceSummary | null): Record<MeanKey, MeanEstimate> {
  const out = {} as Record<MeanKey, MeanEstimate>;
  for (const key of MEAN_KEYS) {
    const own = focal !== null && (ALLIANCE_MEAN_KEYS as readonly string[]).includes(key) ? focal.means[key as AllianceMeanKey] : undefined;
    out[key] = own ?? meanOf(agg, key);
  }
  return out;
}

export interface SummaryOptions {
  /** Collective-defence alliance whose point of view the top-level fields give (default: the scenario's first). */
  focal?: string;
}

/** The collective-defence alliances an aggregate keeps, for `--focal` checks. */
export function focalChoices(agg: RunAggregate): string[] {
  return agg.layout.alliances.map((a) => a.id);
}

export function summarizeRun(agg: RunAggregate, provenance: Omit<Provenance, 'runs' | 'horizonDays' | 'theatres'>, opts: SummaryOptions = {}): RunSummary {
  const L = agg.layout;
  const d = agg.data;
  const n = agg.runs;
  const theatres = L.spec.theatreIds;
  if (opts.focal !== undefined && !L.alliances.some((a) => a.id === opts.focal)) {
    throw new Error(`unknown collective-defence alliance "${opts.focal}" (known: ${L.alliances.map((a) => a.id).join(', ') || 'none'})`);
  }
  const byAlliance: Record<string, AllianceSummary> = {};
  for (const S of L.alliances) byAlliance[S.id] = allianceSummary(agg, S, S.id === L.spec.defaultFocal);
  const dyads: Record<string, DyadSummary> = {};
  for (const S of L.dyads) {
    const label = `Direct combat ${S.key} (deliberate kinetic strike, rung ≥ 4, or opposite sides of a war)`;
    dyads[S.key] = { probability: prob(label, d[S.count]!, n), timeToEvent: timeToEventFrom(agg, label, S.days, d[S.count]!) };
  }
  const focalId = opts.focal ?? (L.spec.defaultFocal !== undefined && byAlliance[L.spec.defaultFocal] ? L.spec.defaultFocal : null);
  const focal = focalId !== null ? byAlliance[focalId]! : null;

  const probabilities = {} as RunSummary['probabilities'];
  EVENTS.forEach((e, i) => {
    probabilities[e.key] = prob(e.label, d[L.eventCount + i]!, n);
  });
  probabilities.rung4ByTheatre = {};
  theatres.forEach((t, i) => {
    probabilities.rung4ByTheatre[t] = prob(`Rung ≥ 4 in ${t}`, d[L.rung4 + i]!, n);
  });

  const article4Consultations = article4Of(agg, meanOf(agg, 'art4Count'), L.art4Hist);

  const timeToEventOut = {} as RunSummary['timeToEvent'];
  EVENTS.forEach((e, i) => {
    timeToEventOut[e.key] = timeToEvent(agg, i);
  });

  const highestRung: RunSummary['highestRung'] = {};
  theatres.forEach((t, i) => {
    const h = L.maxRung[i]!;
    const counts = Array.from(d.subarray(h.offset, h.offset + 7));
    highestRung[t] = { counts, shares: counts.map((c) => r6(c / n)), median: r6(histogramQuantile(h.binning, d, 0.5, h.offset)) };
  });

  const costs = {} as RunSummary['costs'];
  COST_KEYS.forEach((k, i) => {
    costs[k] = distributionOf(agg, k, L.costHist[i]!);
  });

  // The focal alliance's point of view in the top-level fields (the aggregate's top-level slots
  // hold the default focal's values, equal to its byAlliance block; `--focal` picks another).
  if (focal !== null) {
    for (const e of ALLIANCE_EVENTS) {
      probabilities[e.key] = focal.probabilities[e.key];
      timeToEventOut[e.key] = focal.timeToEvent[e.key];
    }
    Object.assign(costs, focal.costs);
  }

  const fans: Fan[] = L.fans.map((f) => {
    const out: Fan = { key: f.key, label: f.label, n: [], q05: [], q25: [], q50: [], q75: [], q95: [] };
    for (let w = 0; w < L.spec.weeks; w++) {
      const off = f.offset + w * f.bins;
      out.n.push(histogramTotal(d, off, f.bins));
      out.q05.push(r6(histogramQuantile(f.binning, d, 0.05, off)));
      out.q25.push(r6(histogramQuantile(f.binning, d, 0.25, off)));
      out.q50.push(r6(histogramQuantile(f.binning, d, 0.5, off)));
      out.q75.push(r6(histogramQuantile(f.binning, d, 0.75, off)));
      out.q95.push(r6(histogramQuantile(f.binning, d, 0.95, off)));
    }
    return out;
  });

  // Pathways: sorted by count, ties by key, so the order is a pure function of the counts.
  const sorted = [...agg.pathways].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const reached = d[L.rung4Runs]!;
  const top = sorted.slice(0, TOP_PATHWAYS).map(([pathway, count], i) => ({
    rank: i + 1,
    pathway,
    steps: pathway.split(' > '),
    count,
    share: r6(count / reached),
    shareOfRuns: r6(count / n),
    examples: pathwayExamples(agg, pathway),
  }));
  const otherCount = sorted.slice(TOP_PATHWAYS).reduce((s, [, c]) => s + c, 0);
  const lastStep = new Map<string, number>();
  for (const [pathway, count] of agg.pathways) {
    const steps = pathway.split(' > ');
    const last = steps[steps.length - 1]!;
    lastStep.set(last, (lastStep.get(last) ?? 0) + count);
  }
  const byLastStep = [...lastStep]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_PATHWAYS)
    .map(([action, count]) => ({ action, count, share: r6(count / reached) }));

  const ed = L.episodeDurations;
  const ended = d[L.endedEpisodes]!;
  const durationHistogram: [number, number][] = [];
  for (let i = 0; i < ed.bins; i++) if (d[ed.offset + i]! > 0) durationHistogram.push([binEdges(ed.binning, i)[0], d[ed.offset + i]!]);
  const q = (p: number) => (ended > 0 ? r6(histogramQuantile(ed.binning, d, p, ed.offset)) : null);

  return {
    format: SUMMARY_FORMAT,
    provenance: { ...provenance, runs: n, horizonDays: L.spec.horizonDays, theatres: [...theatres] },
    focal: focalId,
    probabilities,
    article4Consultations: focal !== null ? focal.article4Consultations : article4Consultations,
    timeToEvent: timeToEventOut,
    highestRung,
    costs,
    escalationScore: distributionOf(agg, 'escalationScore', L.scoreHist),
    fans: { weeks: L.spec.weeks, day: Array.from({ length: L.spec.weeks }, (_, w) => 7 * w), series: fans },
    pathways: { runsReachingRung4: reached, distinct: agg.pathways.size, top, otherCount, byLastStep },
    episodes: {
      ended,
      open: d[L.openEpisodes]!,
      perRun: r6((ended + d[L.openEpisodes]!) / n),
      medianDays: q(0.5),
      q25Days: q(0.25),
      q75Days: q(0.75),
      q95Days: q(0.95),
      durationHistogram,
    },
    means: runMeans(agg, focal),
    byAlliance,
    dyads,
    // The inject notation is explained where it appears (a run without scripted pathway steps keeps
    // its summary byte for byte as before D32).
    method: [...agg.pathways.keys()].some((k) => k.includes(INJECT_STEP)) ? { ...METHOD, pathways: `${METHOD.pathways}${INJECT_METHOD}` } : METHOD,
  };
}

/** A pathway's example trajectories, smallest index first (RunAggregate.pathwayExamples). */
function pathwayExamples(agg: RunAggregate, pathway: string): { trajectory: number; day: number }[] {
  const pairs = agg.pathwayExamples.get(pathway) ?? [];
  const out: { trajectory: number; day: number }[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push({ trajectory: pairs[i]!, day: pairs[i + 1]! });
  return out;
}

/** A pathway step that is a scripted event (a scenario inject), D32. */
export const INJECT_STEP = 'inject:';
const INJECT_METHOD = '; a step written inject:<action> is a scripted event of the scenario (an inject), which has no causes, so a pathway through one starts there';

export const METHOD: Record<string, string> = {
  probabilities: 'share of runs; 95% Wilson score interval',
  means: 'mean over runs from exact fixed-point sums (quantum 1e-6); 95% normal interval, mean ± 1.96·sd/√n',
  quantiles: 'read from fixed-bin histograms by linear interpolation within the bin (integer-valued quantities: the bin value)',
  timeToEvent: 'Kaplan–Meier from per-day event counts, runs without the event censored at the horizon; 95% pointwise Greenwood interval on the log(−log) scale; median = first day with S ≤ 0.5',
  costBins: describeBinning(BINNINGS.cost),
  escalationScoreBins: describeBinning(BINNINGS.escalationScore),
  fanBins: `rung: ${describeBinning(BINNINGS.rung)}; cohesion and pressure: ${describeBinning(BINNINGS.unit)}; credibility debt: ${describeBinning(BINNINGS.debt)}; stockpiles: ${describeBinning(BINNINGS.stockpile)}`,
  fans: 'weekly samples (week w = day 7w); quantiles 5/25/50/75/95% across runs per week; the alliance series (cohesion, credibility debt, pressure, alliance stockpile) are the default focal alliance\'s, whatever --focal (the engine samples them during the run)',
  pathways: `every distinct causal pathway to the first rung ≥ 4 event is counted (no cap, so counts merge exactly); the ${TOP_PATHWAYS} most frequent are listed, ties broken by name; byLastStep groups the same counts by the action that crossed into rung ≥ 4; examples are the pathway's ${PATHWAY_EXAMPLES} smallest trajectory indices with the day it reached rung 4 (brink trace FILE --seed SEED --trajectory K opens one)`,
  episodeDurations: 'episodes that ended before the horizon, whole days; episodes still open at the horizon are counted separately',
  byAlliance:
    'the same outcomes and costs for every collective-defence alliance (a member of two alliances counts toward both, so costs by alliance do not add up); the top-level drawnIn, article4, article5, costs, article4Consultations, finalCohesion and peakCredibilityDebt are those of `focal`',
  dyads: 'share of runs in which the two states were in direct combat: a deliberate, attributed kinetic strike of rung ≥ 4 by one on the other, or both on opposite sides of an active war episode',
};
