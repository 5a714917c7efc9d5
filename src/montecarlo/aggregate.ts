/**
 * The mergeable aggregate of many trajectories (MODEL.md §1, §6).
 *
 * Everything a run summary needs is kept as integers: counts, fixed-bin histograms and
 * fixed-point sums (fixed-sum.ts), all in ONE Float64Array laid out by `AggregateLayout`, plus a
 * count map of causal pathways. Merging two aggregates is element-wise integer addition (and a
 * union of the pathway maps), which is associative and commutative, so the total is identical
 * for any split of the runs into chunks, workers or machines, and for any merge order. No list
 * of per-trajectory values is ever kept: memory is fixed by the scenario (theatres, horizon),
 * not by the number of runs. The only structure that can grow is the pathway map, bounded by
 * the number of distinct causal chains (at most `PATHWAY_DEPTH` catalog actions each; in
 * practice tens to a few hundred); all keys are kept so that it stays exactly mergeable. Beside
 * each pathway's count, its `PATHWAY_EXAMPLES` smallest trajectory indices (with the day it
 * reached rung 4) are kept, so a reader can open example runs with `brink trace` (D54): the k
 * smallest of a union are the k smallest of the parts' k smallest, so they merge exactly too.
 *
 * `add` is the hot path (once per trajectory, 10^4–10^6 times): it reads the result's fields
 * and bumps counters in place; it allocates nothing except a map entry for a pathway never seen
 * before in this aggregate (and its short list of example trajectories).
 */
import type { AllianceOutcomes, TrajectoryResult, Outcome } from '../engine/types.js';
import { binCount, binIndex, countInto, type Binning } from './binning.js';
import { FIXED_SCALE, fixedAdd, fixedNormalize } from './fixed-sum.js';

/** What fixes an aggregate's shape. Aggregates merge only with the same spec. */
export interface AggregateSpec {
  /** Theatre ids in the compiled scenario's order (Outcome.maxRung keys, Series.rung order). */
  theatreIds: string[];
  horizonDays: number;
  /** Weekly samples per trajectory (week w = day 7w). */
  weeks: number;
  /** Collective-defence alliance ids in the compiled (canonical, by id) order: Outcome.byAlliance.ids. Absent: none kept. */
  allianceIds?: string[];
  /** Dyad keys (Outcome.dyads.keys). Absent: none. */
  dyadKeys?: string[];
  /**
   * The default focal alliance (the first collective-defence alliance in the scenario file's
   * order), whose outcomes the summary's top-level fields describe unless told otherwise. A
   * presentation default: not compared by merges.
   */
  defaultFocal?: string;
}

export function weeksForHorizon(horizonDays: number): number {
  return Math.floor(horizonDays / 7) + 1;
}

/** Binary outcomes of MODEL.md §1 and the Outcome fields that give them and their day. */
export const EVENTS = [
  { key: 'drawnIn', label: 'Drawn in (deliberate kinetic conflict, rung ≥ 4)', flag: 'drawnIn', day: 'drawnInDay' },
  { key: 'article4', label: 'Article 4 consultation (at least one)', flag: null, day: 'art4FirstDay' },
  { key: 'article5', label: 'Article 5 invoked', flag: 'art5', day: 'art5Day' },
  { key: 'collectiveDefense', label: 'Collective defence invoked (any alliance)', flag: 'anyCollectiveDefense', day: 'anyCollectiveDefenseDay' },
  { key: 'horizontal', label: 'Horizontal escalation', flag: 'horizontal', day: 'horizontalDay' },
  { key: 'partnerCollapse', label: 'Partner collapse', flag: 'partnerCollapse', day: 'partnerCollapseDay' },
  { key: 'nuclearUse', label: 'Nuclear use', flag: 'nuclearUse', day: 'nuclearUseDay' },
] as const satisfies readonly { key: string; label: string; flag: keyof Outcome | null; day: keyof Outcome }[];
export type EventKey = (typeof EVENTS)[number]['key'];

/** Did EVENTS entry `ev` happen in this outcome? (Article 4 has no flag: at least one consultation.) */
export function eventHappened(ev: (typeof EVENTS)[number], o: Outcome): boolean {
  return ev.flag === null ? o.art4Count > 0 : (o[ev.flag] as boolean);
}

/**
 * Real-valued per-trajectory metrics kept as exact fixed-point sums and sums of squares: one row
 * per numeric Outcome field a summary reports (engine/outcomes.ts OUTCOME_OBSERVERS reads the
 * field). `mean: true` rows appear in the run summary's `means` (in this order; the focal
 * alliance's value when the row is also in ALLIANCE_METRICS); every row is compared by `brink
 * compare`, studied by `brink sensitivity` and written to the CSVs. Adding an outcome: its
 * observer row, then a row here (and in ALLIANCE_METRICS for a per-alliance one); docs/engine.md.
 */
export const METRICS = [
  { key: 'costAid', label: 'C_aid (B$)', field: 'costAid', mean: false },
  { key: 'costDeterrence', label: 'C_deterrence (B$)', field: 'costDeterrence', mean: false },
  { key: 'costRisk', label: 'C_risk (B$)', field: 'costRisk', mean: false },
  { key: 'costTotal', label: 'C_total (B$)', field: 'costTotal', mean: false },
  { key: 'art4Count', label: 'Article 4 consultations', field: 'art4Count', mean: false },
  { key: 'escalationScore', label: 'Escalation score', field: 'escalationScore', mean: false },
  { key: 'finalCohesion', label: 'Alliance cohesion at the horizon', field: 'finalCohesion', mean: true },
  { key: 'peakCredibilityDebt', label: 'Peak credibility debt', field: 'peakCredibilityDebt', mean: true },
  { key: 'grayzoneCount', label: 'Gray-zone events', field: 'grayzoneCount', mean: true },
  { key: 'eventCount', label: 'Engine events', field: 'eventCount', mean: true },
  { key: 'episodeCount', label: 'Episodes', field: 'episodeCount', mean: true },
  { key: 'joiners', label: 'Belligerents joining after day 0', field: 'joiners', mean: true },
  // The 2025 war (the first initial episode) to its end or the horizon: how long the war lasts (§4.8, §4.13).
  { key: 'firstEpisodeDays', label: 'Days the first initial episode lasts', field: 'firstEpisodeDays', mean: true },
  // D38: days with a member under Article 4 consultation (MODEL.md §4.4; seed 003).
  { key: 'art4Days', label: 'Days under Article 4 consultation', field: 'art4Days', mean: true },
  // D69: allies joining an attacked member below war (joining.ts).
  { key: 'joinsBelowWar', label: 'Allies joining below war', field: 'joinsBelowWar', mean: true },
] as const satisfies readonly { key: string; label: string; field: keyof Outcome; mean: boolean }[];
export type MetricKey = (typeof METRICS)[number]['key'];

/**
 * The outcomes kept for EVERY collective-defence alliance (Outcome.byAlliance; docs/model.md
 * "Every alliance's point of view"). An event happened when its day is ≥ 0 (Article 4: the first
 * consultation's day, ≥ 0 exactly when there was one).
 */
export const ALLIANCE_EVENTS = [
  { key: 'drawnIn', label: 'drawn in (deliberate kinetic conflict, rung ≥ 4)', day: 'drawnInDay' },
  { key: 'article4', label: 'Article 4 consultation (at least one)', day: 'art4FirstDay' },
  { key: 'article5', label: 'Article 5 invoked', day: 'art5Day' },
] as const satisfies readonly { key: EventKey; label: string; day: keyof AllianceOutcomes }[];
export type AllianceEventKey = (typeof ALLIANCE_EVENTS)[number]['key'];

/** Per-alliance metric rows (Outcome.byAlliance): the label names the alliance; `mean` as in METRICS. */
export const ALLIANCE_METRICS = [
  { key: 'costAid', field: 'costAid', mean: false, label: (id: string) => `C_aid, ${id} (B$)` },
  { key: 'costDeterrence', field: 'costDeterrence', mean: false, label: (id: string) => `C_deterrence, ${id} (B$)` },
  { key: 'costRisk', field: 'costRisk', mean: false, label: (id: string) => `C_risk, ${id} (B$)` },
  { key: 'costTotal', field: 'costTotal', mean: false, label: (id: string) => `C_total, ${id} (B$)` },
  { key: 'art4Count', field: 'art4Count', mean: false, label: (id: string) => `Article 4 consultations (${id})` },
  { key: 'finalCohesion', field: 'finalCohesion', mean: true, label: (id: string) => `${id} cohesion at the horizon` },
  { key: 'peakCredibilityDebt', field: 'peakCredibilityDebt', mean: true, label: (id: string) => `Peak credibility debt (${id})` },
  { key: 'art4Days', field: 'art4Days', mean: true, label: (id: string) => `Days under Article 4 consultation (${id})` },
  { key: 'joinsBelowWar', field: 'joinsBelowWar', mean: true, label: (id: string) => `Allies joining below war (${id})` },
] as const satisfies readonly { key: MetricKey; field: keyof AllianceOutcomes; mean: boolean; label: (id: string) => string }[];
export type AllianceMetricKey = (typeof ALLIANCE_METRICS)[number]['key'];
/** The metrics a run summary lists under `means`, and those of them kept per alliance. */
export type MeanKey = Extract<(typeof METRICS)[number], { mean: true }>['key'];
export type AllianceMeanKey = Extract<(typeof ALLIANCE_METRICS)[number], { mean: true }>['key'];
export const MEAN_KEYS = METRICS.filter((m) => m.mean).map((m) => m.key) as MeanKey[];
export const ALLIANCE_MEAN_KEYS = ALLIANCE_METRICS.filter((m) => m.mean).map((m) => m.key) as AllianceMeanKey[];

export const COST_KEYS = ['costAid', 'costDeterrence', 'costRisk', 'costTotal'] as const;
export type CostKey = (typeof COST_KEYS)[number];

/**
 * Binnings (documented in docs/monte-carlo.md). Costs: 50 log bins per decade from 0.001 to
 * 10^7 B$ (4.7% relative width; a quantile read by interpolation inside its bin is within that).
 */
export const BINNINGS = {
  cost: { kind: 'log', lo: 1e-3, hi: 1e7, perDecade: 50, signed: false },
  escalationScore: { kind: 'log', lo: 1, hi: 1e7, perDecade: 50, signed: true },
  art4Count: { kind: 'int', min: 0, max: 200 },
  rung: { kind: 'int', min: 0, max: 6 },
  unit: { kind: 'linear', lo: 0, hi: 1, bins: 100 },
  debt: { kind: 'log', lo: 1e-2, hi: 1e4, perDecade: 25, signed: false },
  stockpile: { kind: 'log', lo: 1e-1, hi: 1e5, perDecade: 40, signed: false },
} as const satisfies Record<string, Binning>;

export function dayBinning(horizonDays: number): Binning {
  return { kind: 'int', min: 0, max: Math.ceil(horizonDays) };
}

/** Weekly series kept as per-week histograms (quantile fans). Rung series come first, one per theatre. */
export const FAN_SERIES = [
  { key: 'cohesion', label: 'Alliance cohesion', field: 'cohesion', binning: BINNINGS.unit },
  { key: 'credibilityDebt', label: 'Credibility debt', field: 'credibilityDebt', binning: BINNINGS.debt },
  { key: 'pressure', label: 'Highest domestic pressure (alliance members)', field: 'pressure', binning: BINNINGS.unit },
  { key: 'stockpileAlliance', label: 'Alliance stockpile (days)', field: 'stockpileAlliance', binning: BINNINGS.stockpile },
  { key: 'stockpilePartner', label: 'Partner stockpile (days)', field: 'stockpilePartner', binning: BINNINGS.stockpile },
  { key: 'stockpileAdversary', label: 'Adversary stockpile (days)', field: 'stockpileAdversary', binning: BINNINGS.stockpile },
] as const;

/** One collective-defence alliance's block in the aggregate (ALLIANCE_EVENTS, ALLIANCE_METRICS order). */
export interface AllianceSlots {
  id: string;
  /** Count of runs where each ALLIANCE_EVENTS entry happened. */
  eventCount: number;
  eventDays: HistSlot[];
  /** Fixed sums: metric m (ALLIANCE_METRICS) has sum at metricSum + 4m and sum of squares at +2. */
  metricSum: number;
  /** COST_KEYS order. */
  costHist: HistSlot[];
  art4Hist: HistSlot;
}

export interface DyadSlots {
  key: string;
  /** Runs with direct combat. */
  count: number;
  days: HistSlot;
}

export interface HistSlot {
  offset: number;
  binning: Binning;
  bins: number;
}

export interface FanSlot {
  key: string;
  label: string;
  binning: Binning;
  bins: number;
  /** Offset of week 0; week w's histogram starts at offset + w·bins. */
  offset: number;
}

/** Offsets of every field in the aggregate's Float64Array. Pure function of the spec. */
export interface AggregateLayout {
  spec: AggregateSpec;
  length: number;
  runs: number;
  /** Count of runs where each EVENTS entry happened (then rung ≥ 4 per theatre). */
  eventCount: number;
  rung4: number;
  /** Day-of-event histogram per EVENTS entry. */
  eventDays: HistSlot[];
  /** Highest-rung histogram per theatre. */
  maxRung: HistSlot[];
  /** Fixed sums: metric m has sum at metricSum + 4m (2 limbs) and sum of squares at +2. */
  metricSum: number;
  /** Every fixed sum's offset (METRICS', then each alliance's), for exact merging. */
  fixedOffsets: Int32Array;
  costHist: HistSlot[];
  art4Hist: HistSlot;
  scoreHist: HistSlot;
  episodeDurations: HistSlot;
  openEpisodes: number;
  endedEpisodes: number;
  rung4Runs: number;
  seriesRuns: number;
  fans: FanSlot[];
  /** Per collective-defence alliance, spec.allianceIds order. */
  alliances: AllianceSlots[];
  dyads: DyadSlots[];
}

export function createLayout(spec: AggregateSpec): AggregateLayout {
  let at = 0;
  const take = (n: number): number => {
    const o = at;
    at += n;
    return o;
  };
  const hist = (binning: Binning): HistSlot => {
    const bins = binCount(binning);
    return { offset: take(bins), binning, bins };
  };
  const T = spec.theatreIds.length;
  const runs = take(1);
  const eventCount = take(EVENTS.length);
  const rung4 = take(T);
  const days = dayBinning(spec.horizonDays);
  const eventDays = EVENTS.map(() => hist(days));
  const maxRung = spec.theatreIds.map(() => hist(BINNINGS.rung));
  const metricSum = take(4 * METRICS.length);
  const fixedOffsets = new Int32Array(2 * METRICS.length);
  for (let m = 0; m < METRICS.length; m++) {
    fixedOffsets[2 * m] = metricSum + 4 * m;
    fixedOffsets[2 * m + 1] = metricSum + 4 * m + 2;
  }
  const costHist = COST_KEYS.map(() => hist(BINNINGS.cost));
  const art4Hist = hist(BINNINGS.art4Count);
  const scoreHist = hist(BINNINGS.escalationScore);
  const episodeDurations = hist(days);
  const openEpisodes = take(1);
  const endedEpisodes = take(1);
  const rung4Runs = take(1);
  const seriesRuns = take(1);
  const fans: FanSlot[] = [];
  for (let t = 0; t < T; t++) {
    const bins = binCount(BINNINGS.rung);
    fans.push({ key: `rung.${spec.theatreIds[t]}`, label: `Rung (${spec.theatreIds[t]})`, binning: BINNINGS.rung, bins, offset: take(bins * spec.weeks) });
  }
  for (const s of FAN_SERIES) {
    const bins = binCount(s.binning);
    // The alliance series are sampled by the engine for the default focal alliance: name it.
    const label = s.key !== 'stockpilePartner' && s.key !== 'stockpileAdversary' && spec.defaultFocal !== undefined ? `${s.label} (${spec.defaultFocal})` : s.label;
    fans.push({ key: s.key, label, binning: s.binning, bins, offset: take(bins * spec.weeks) });
  }
  const allianceFixed: number[] = [];
  const alliances: AllianceSlots[] = (spec.allianceIds ?? []).map((id) => {
    const eventCount = take(ALLIANCE_EVENTS.length);
    const eventDays = ALLIANCE_EVENTS.map(() => hist(days));
    const metricSum = take(4 * ALLIANCE_METRICS.length);
    for (let m = 0; m < ALLIANCE_METRICS.length; m++) allianceFixed.push(metricSum + 4 * m, metricSum + 4 * m + 2);
    const costHist = COST_KEYS.map(() => hist(BINNINGS.cost));
    return { id, eventCount, eventDays, metricSum, costHist, art4Hist: hist(BINNINGS.art4Count) };
  });
  const dyads: DyadSlots[] = (spec.dyadKeys ?? []).map((key) => ({ key, count: take(1), days: hist(days) }));
  const allFixed = new Int32Array(fixedOffsets.length + allianceFixed.length);
  allFixed.set(fixedOffsets);
  allFixed.set(allianceFixed, fixedOffsets.length);
  return {
    spec,
    length: at,
    runs,
    eventCount,
    rung4,
    eventDays,
    maxRung,
    metricSum,
    fixedOffsets: allFixed,
    costHist,
    art4Hist,
    scoreHist,
    episodeDurations,
    openEpisodes,
    endedEpisodes,
    rung4Runs,
    seriesRuns,
    fans,
    alliances,
    dyads,
  };
}

function sameSpec(a: AggregateSpec, b: AggregateSpec): boolean {
  return (
    a.horizonDays === b.horizonDays &&
    a.weeks === b.weeks &&
    sameIds(a.theatreIds, b.theatreIds) &&
    sameIds(a.allianceIds ?? [], b.allianceIds ?? []) &&
    sameIds(a.dyadKeys ?? [], b.dyadKeys ?? [])
  );
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** What crosses a thread boundary: the counters (transferable), the pathway counts and their examples. */
export interface AggregateTransfer {
  data: Float64Array;
  pathways: [string, number][];
  /** Per pathway, its example trajectories as flat pairs [trajectory, day, …] (RunAggregate.pathwayExamples). */
  pathwayExamples: [string, number[]][];
}

/** Example trajectories kept per pathway: the smallest indices in which it happened (D54). */
export const PATHWAY_EXAMPLES = 3;

/**
 * Keep `trajectory` (with `day`) in `list`, the flat pairs [trajectory, day, …] in increasing
 * trajectory order, if it is among the PATHWAY_EXAMPLES smallest; a trajectory already listed is
 * not listed twice. The result is the k smallest distinct indices of everything ever offered,
 * whatever the order of the offers: exact under any split and merge order.
 */
export function keepExample(list: number[], trajectory: number, day: number): void {
  let i = list.length;
  if (i >= 2 * PATHWAY_EXAMPLES && trajectory >= list[i - 2]!) return;
  while (i > 0 && list[i - 2]! > trajectory) i -= 2;
  if (i > 0 && list[i - 2] === trajectory) return;
  list.splice(i, 0, trajectory, day);
  if (list.length > 2 * PATHWAY_EXAMPLES) list.length = 2 * PATHWAY_EXAMPLES;
}

export class RunAggregate {
  readonly layout: AggregateLayout;
  readonly data: Float64Array;
  readonly pathways: Map<string, number>;
  /** Per pathway key, its example trajectories: flat pairs [trajectory, day, …], smallest trajectories first (keepExample). */
  readonly pathwayExamples: Map<string, number[]>;

  constructor(layoutOrSpec: AggregateLayout | AggregateSpec, data?: Float64Array, pathways?: Map<string, number>, pathwayExamples?: Map<string, number[]>) {
    this.layout = 'length' in layoutOrSpec ? layoutOrSpec : createLayout(layoutOrSpec);
    if (data && data.length !== this.layout.length) throw new Error(`aggregate data has ${data.length} slots, layout needs ${this.layout.length}`);
    this.data = data ?? new Float64Array(this.layout.length);
    this.pathways = pathways ?? new Map();
    this.pathwayExamples = pathwayExamples ?? new Map();
  }

  get spec(): AggregateSpec {
    return this.layout.spec;
  }

  get runs(): number {
    return this.data[this.layout.runs]!;
  }

  /** Fold one trajectory in. Hot path: no allocation. */
  add(r: TrajectoryResult): void {
    const L = this.layout;
    const d = this.data;
    const o = r.outcome;
    d[L.runs]!++;
    for (let e = 0; e < EVENTS.length; e++) {
      const ev = EVENTS[e]!;
      if (eventHappened(ev, o)) {
        d[L.eventCount + e]!++;
        const h = L.eventDays[e]!;
        const day = o[ev.day] as number;
        // A flag without a day (−1) is counted as day 0 rather than dropped.
        const i = binIndex(h.binning, day < 0 ? 0 : day);
        d[h.offset + i]!++;
      }
    }
    const ids = L.spec.theatreIds;
    for (let t = 0; t < ids.length; t++) {
      const rung = o.maxRung[ids[t]!] ?? 0;
      if (rung >= 4) d[L.rung4 + t]!++;
      const h = L.maxRung[t]!;
      d[h.offset + binIndex(h.binning, rung)]!++;
    }
    for (let m = 0; m < METRICS.length; m++) {
      const x = o[METRICS[m]!.field] as number;
      if (!Number.isFinite(x)) throw new Error(`Outcome.${METRICS[m]!.field} is ${x}; Monte Carlo sums need finite numbers`);
      const at = L.metricSum + 4 * m;
      fixedAdd(d, at, x, FIXED_SCALE);
      // The square of the quantized value, itself quantized: a pure function of x.
      const xq = Math.round(x * FIXED_SCALE) / FIXED_SCALE;
      fixedAdd(d, at + 2, xq * xq, FIXED_SCALE);
    }
    for (let c = 0; c < COST_KEYS.length; c++) {
      const h = L.costHist[c]!;
      const i = binIndex(h.binning, o[COST_KEYS[c]!]);
      if (i >= 0) d[h.offset + i]!++;
    }
    {
      const h = L.art4Hist;
      d[h.offset + binIndex(h.binning, o.art4Count)]!++;
    }
    {
      const h = L.scoreHist;
      const i = binIndex(h.binning, o.escalationScore);
      if (i >= 0) d[h.offset + i]!++;
    }
    {
      const h = L.episodeDurations;
      const durs = r.episodeDurations;
      for (let k = 0; k < durs.length; k++) d[h.offset + binIndex(h.binning, durs[k]!)]!++;
      d[L.endedEpisodes] = d[L.endedEpisodes]! + durs.length;
      d[L.openEpisodes] = d[L.openEpisodes]! + r.openEpisodes;
    }
    this.addAlliances(o);
    if (o.pathway !== '') {
      d[L.rung4Runs]!++;
      this.pathways.set(o.pathway, (this.pathways.get(o.pathway) ?? 0) + 1);
      const ex = this.pathwayExamples.get(o.pathway);
      if (ex === undefined) this.pathwayExamples.set(o.pathway, [r.trajectory, o.pathwayDay]);
      else keepExample(ex, r.trajectory, o.pathwayDay);
    }
    const s = r.series;
    if (s !== null) {
      d[L.seriesRuns]!++;
      const W = s.weeks < L.spec.weeks ? s.weeks : L.spec.weeks;
      const T = ids.length;
      for (let f = 0; f < L.fans.length; f++) {
        const fan = L.fans[f]!;
        const arr = f < T ? s.rung[f] : s[FAN_SERIES[f - T]!.field];
        if (arr === undefined) continue;
        countInto(fan.binning, arr, W, d, fan.offset, fan.bins);
      }
    }
  }

  /** Per-alliance and per-dyad counters (hot path: no allocation). */
  private addAlliances(o: Outcome): void {
    const L = this.layout;
    const d = this.data;
    const AL = L.alliances;
    if (AL.length > 0) {
      const b = o.byAlliance;
      if (b.ids.length !== AL.length) throw new Error(`Outcome.byAlliance has ${b.ids.length} alliances, the aggregate ${AL.length}`);
      for (let q = 0; q < AL.length; q++) {
        const S = AL[q]!;
        for (let e = 0; e < ALLIANCE_EVENTS.length; e++) {
          const day = (b[ALLIANCE_EVENTS[e]!.day] as Float64Array)[q]!;
          if (day < 0) continue;
          d[S.eventCount + e]!++;
          const h = S.eventDays[e]!;
          d[h.offset + binIndex(h.binning, day)]!++;
        }
        for (let m = 0; m < ALLIANCE_METRICS.length; m++) {
          const x = (b[ALLIANCE_METRICS[m]!.field] as Float64Array | Int32Array)[q]!;
          if (!Number.isFinite(x)) throw new Error(`Outcome.byAlliance.${ALLIANCE_METRICS[m]!.field}[${S.id}] is ${x}; Monte Carlo sums need finite numbers`);
          const at = S.metricSum + 4 * m;
          fixedAdd(d, at, x, FIXED_SCALE);
          const xq = Math.round(x * FIXED_SCALE) / FIXED_SCALE;
          fixedAdd(d, at + 2, xq * xq, FIXED_SCALE);
        }
        for (let c = 0; c < COST_KEYS.length; c++) {
          const h = S.costHist[c]!;
          const i = binIndex(h.binning, b[COST_KEYS[c]!][q]!);
          if (i >= 0) d[h.offset + i]!++;
        }
        const h = S.art4Hist;
        d[h.offset + binIndex(h.binning, b.art4Count[q]!)]!++;
      }
    }
    const DY = L.dyads;
    if (DY.length > 0) {
      const dy = o.dyads;
      if (dy.day.length !== DY.length) throw new Error(`Outcome.dyads has ${dy.day.length} dyads, the aggregate ${DY.length}`);
      for (let k = 0; k < DY.length; k++) {
        const day = dy.day[k]!;
        if (day < 0) continue;
        const S = DY[k]!;
        d[S.count]!++;
        d[S.days.offset + binIndex(S.days.binning, day)]!++;
      }
    }
  }

  /** Add another aggregate into this one (exact; order-independent). */
  merge(other: RunAggregate | AggregateTransfer): void {
    const od = other.data;
    const d = this.data;
    if (other instanceof RunAggregate && !sameSpec(this.layout.spec, other.layout.spec)) {
      throw new Error('cannot merge aggregates of different scenarios (theatres, alliances, dyads, horizon or weeks differ)');
    }
    if (od.length !== d.length) throw new Error(`cannot merge aggregates of ${od.length} and ${d.length} slots`);
    for (let i = 0; i < d.length; i++) d[i] = d[i]! + od[i]!;
    const fo = this.layout.fixedOffsets;
    for (let k = 0; k < fo.length; k++) fixedNormalize(d, fo[k]!);
    for (const [key, n] of other.pathways) this.pathways.set(key, (this.pathways.get(key) ?? 0) + n);
    for (const [key, pairs] of other.pathwayExamples) {
      let ex = this.pathwayExamples.get(key);
      if (ex === undefined) this.pathwayExamples.set(key, (ex = []));
      for (let i = 0; i < pairs.length; i += 2) keepExample(ex, pairs[i]!, pairs[i + 1]!);
    }
  }

  toTransfer(): AggregateTransfer {
    return { data: this.data, pathways: [...this.pathways], pathwayExamples: [...this.pathwayExamples] };
  }

  static fromTransfer(spec: AggregateSpec | AggregateLayout, t: AggregateTransfer): RunAggregate {
    return new RunAggregate(spec, t.data, new Map(t.pathways), new Map(t.pathwayExamples.map(([k, v]) => [k, [...v]])));
  }

  /**
   * Canonical content for equality tests: the counters with each fixed sum rewritten as
   * its exact integer total, and the pathway map and its examples sorted by key.
   */
  canonical(): { data: string[]; pathways: [string, number][]; pathwayExamples: [string, number[]][] } {
    const d = Array.from(this.data, (x) => String(x));
    const fo = this.layout.fixedOffsets;
    for (let k = 0; k < fo.length; k++) {
      const at = fo[k]!;
      d[at] = (BigInt(this.data[at]!) * 4294967296n + BigInt(this.data[at + 1]!)).toString();
      d[at + 1] = '';
    }
    const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return { data: d, pathways: [...this.pathways].sort(byKey), pathwayExamples: [...this.pathwayExamples].sort(byKey) };
  }
}
