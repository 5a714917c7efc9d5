/**
 * Outcomes as observers (MODEL.md §1; docs/engine.md "How to add an outcome"). Every field of a
 * trajectory's Outcome is one row of OUTCOME_OBSERVERS, in output order, read from the State once
 * at the horizon:
 *
 * - an `alliance` row is read for every collective-defence alliance into Outcome.byAlliance (its
 *   typed array `key`), and for the default focal alliance into the top-level field `key` (and the
 *   boolean `flag` "it happened" when the row is a day, ≥ 0 when it happened); `none` is the
 *   top-level value when the scenario has no collective-defence alliance;
 * - a `trajectory` row is read once into the top-level field `key`.
 *
 * Mechanisms keep the accumulators (State fields, reset by State.reset); observers only read. The
 * Monte Carlo layer picks a new numeric outcome up from one row of montecarlo/aggregate.ts
 * (METRICS, and ALLIANCE_METRICS for an alliance row), and from there compare, sweep,
 * sensitivity, the run summary, the report and the CSVs.
 */
import { MAX_CAUSES, NOTE } from './log.js';
import type { State } from './state.js';
import { PATHWAY_DEPTH, type AllianceOutcome, type AllianceOutcomes, type DyadOutcomes, type Outcome, type RunOptions, type TraceEvent } from './types.js';

/** The per-alliance typed arrays of AllianceOutcomes. */
export type AllianceField = Exclude<keyof AllianceOutcomes, 'ids' | 'focal' | 'toJSON'>;

export interface AllianceObserver {
  scope: 'alliance';
  key: AllianceField & keyof AllianceOutcome;
  /** For a day: the boolean field that says it happened (day ≥ 0). */
  flag?: keyof AllianceOutcome;
  /** Stored in an Int32Array (counts) rather than a Float64Array. */
  int?: boolean;
  /** Top-level value without a focal alliance. */
  none: number;
  read: (st: State, al: number) => number;
}

export interface TrajectoryObserver {
  scope: 'trajectory';
  key: Exclude<keyof Outcome, keyof AllianceOutcome | 'byAlliance' | 'dyads'>;
  read: (st: State, opts: RunOptions) => unknown;
}

export type OutcomeObserver = AllianceObserver | TrajectoryObserver;

/** A time that never came (Infinity) is reported as day −1. */
const day = (x: number): number => (x === Infinity ? -1 : x);

function openEpisodes(st: State): number {
  let k = 0;
  for (let e = 0; e < st.epCount; e++) if (st.epActive[e]) k++;
  return k;
}

function anyCollectiveDefenseDay(st: State): number {
  let anyCd = Infinity;
  for (let k = 0; k < st.nAl; k++) if (st.sc.alliances[k]!.collectiveDefense && st.art5InvokedT[k]! < anyCd) anyCd = st.art5InvokedT[k]!;
  return anyCd;
}

function maxRung(st: State): Record<string, number> {
  const out: Record<string, number> = {};
  st.sc.theatres.forEach((t, k) => (out[t.id] = st.maxRung[k]!));
  return out;
}

function maxMidLevels(st: State, opts: RunOptions): Record<string, number> {
  const out: Record<string, number> = {};
  if (opts.trace || opts.midLevels) st.sc.actors.ids.forEach((id, k) => (out[id] = st.maxMid[k]!));
  return out;
}

/** The causal pathway to the first rung ≥ 4 event (Outcome.pathway). */
function pathway(st: State): string {
  const log = st.log;
  let e = st.pathwayEvent;
  if (e < 0) return '';
  const steps: string[] = [];
  while (e >= 0 && steps.length < PATHWAY_DEPTH) {
    // A scripted event (inject) is marked `inject:` (D32); it has no causes, so it ends the walk.
    steps.push(log.injected[e] ? `inject:${st.sc.actions[log.action[e]!]!.id}` : st.sc.actions[log.action[e]!]!.id);
    e = log.causes[e * MAX_CAUSES]!;
  }
  return steps.reverse().join(' > ');
}

const cost = (st: State, k: number): number => st.alCostAid[k]! + st.alCostDeterrence[k]! + st.alCostRisk[k]!;

/** Every Outcome field, in output order. */
export const OUTCOME_OBSERVERS: readonly OutcomeObserver[] = [
  { scope: 'alliance', key: 'drawnInDay', flag: 'drawnIn', none: -1, read: (st, k) => day(st.alDrawnInDay[k]!) },
  { scope: 'alliance', key: 'art4Count', int: true, none: 0, read: (st, k) => st.alArt4Count[k]! },
  { scope: 'alliance', key: 'art4FirstDay', none: -1, read: (st, k) => day(st.alArt4FirstDay[k]!) },
  // D38: whole days on which the alliance had an Article 4 consultation open (article4.ts).
  { scope: 'alliance', key: 'art4Days', int: true, none: 0, read: (st, k) => st.alArt4Days[k]! },
  // D69: members that joined an attacked ally below war (joining.ts), one per member and episode.
  { scope: 'alliance', key: 'joinsBelowWar', int: true, none: 0, read: (st, k) => st.alJoinsBelowWar[k]! },
  { scope: 'alliance', key: 'art5Day', flag: 'art5', none: -1, read: (st, k) => (st.art5InvokedT[k] === Infinity ? -1 : Math.floor(st.art5InvokedT[k]!)) },
  { scope: 'trajectory', key: 'anyCollectiveDefense', read: (st) => anyCollectiveDefenseDay(st) !== Infinity },
  { scope: 'trajectory', key: 'anyCollectiveDefenseDay', read: (st) => { const d = anyCollectiveDefenseDay(st); return d !== Infinity ? Math.floor(d) : -1; } },
  { scope: 'trajectory', key: 'horizontal', read: (st) => st.horizontalDay !== Infinity },
  { scope: 'trajectory', key: 'horizontalDay', read: (st) => day(st.horizontalDay) },
  { scope: 'trajectory', key: 'partnerCollapse', read: (st) => st.collapseDay !== Infinity },
  { scope: 'trajectory', key: 'partnerCollapseDay', read: (st) => day(st.collapseDay) },
  { scope: 'trajectory', key: 'nuclearUse', read: (st) => st.nuclearDay !== Infinity },
  { scope: 'trajectory', key: 'nuclearUseDay', read: (st) => day(st.nuclearDay) },
  { scope: 'trajectory', key: 'maxRung', read: maxRung },
  { scope: 'alliance', key: 'costAid', none: 0, read: (st, k) => st.alCostAid[k]! },
  { scope: 'alliance', key: 'costDeterrence', none: 0, read: (st, k) => st.alCostDeterrence[k]! },
  { scope: 'alliance', key: 'costRisk', none: 0, read: (st, k) => st.alCostRisk[k]! },
  { scope: 'alliance', key: 'costTotal', none: 0, read: cost },
  { scope: 'alliance', key: 'finalCohesion', none: NaN, read: (st, k) => st.allianceCohesion(k) },
  { scope: 'alliance', key: 'peakCredibilityDebt', none: 0, read: (st, k) => st.peakDebt[k]! },
  { scope: 'trajectory', key: 'escalationScore', read: (st) => st.score },
  { scope: 'trajectory', key: 'grayzoneCount', read: (st) => st.grayzone },
  { scope: 'trajectory', key: 'eventCount', read: (st) => st.log.count },
  { scope: 'trajectory', key: 'episodeCount', read: (st) => st.endedDurations.length + openEpisodes(st) },
  { scope: 'trajectory', key: 'pathway', read: pathway },
  { scope: 'trajectory', key: 'pathwayDay', read: (st) => (st.pathwayEvent >= 0 ? st.log.day[st.pathwayEvent]! : -1) },
  { scope: 'trajectory', key: 'maxMidLevelByActor', read: maxMidLevels },
  // The first initial episode opens on day 0; it lasts to its end, or to the horizon.
  { scope: 'trajectory', key: 'firstEpisodeDays', read: (st) => Math.round(st.hasInitialEpisode ? (st.firstEpisodeEnd >= 0 ? st.firstEpisodeEnd : st.horizon) : 0) },
  { scope: 'trajectory', key: 'joiners', read: (st) => st.joiners },
];

export const ALLIANCE_OBSERVERS: readonly AllianceObserver[] = OUTCOME_OBSERVERS.filter((o): o is AllianceObserver => o.scope === 'alliance');

/** The Outcome of the trajectory the State holds (at the horizon). */
export function observeOutcome(st: State, opts: RunOptions): Outcome {
  const f = st.focal;
  const o: Record<string, unknown> = {};
  for (let r = 0; r < OUTCOME_OBSERVERS.length; r++) {
    const ob = OUTCOME_OBSERVERS[r]!;
    if (ob.scope === 'trajectory') {
      o[ob.key] = ob.read(st, opts);
      continue;
    }
    const v = f >= 0 ? ob.read(st, f) : ob.none;
    if (ob.flag !== undefined) o[ob.flag] = v >= 0;
    o[ob.key] = v;
  }
  o.byAlliance = allianceOutcomes(st, opts);
  o.dyads = dyadOutcomes(st, opts);
  return o as unknown as Outcome;
}

/** Outcome.byAlliance as a record by alliance id (allocates: for display and JSON, not for Monte Carlo). */
export function allianceOutcomeRecord(b: AllianceOutcomes): Record<string, AllianceOutcome> {
  const out: Record<string, AllianceOutcome> = {};
  b.ids.forEach((id, q) => {
    const rec: Record<string, number | boolean> = {};
    for (const ob of ALLIANCE_OBSERVERS) {
      const v = b[ob.key][q]!;
      if (ob.flag !== undefined) rec[ob.flag] = v >= 0;
      rec[ob.key] = v;
    }
    out[id] = rec as unknown as AllianceOutcome;
  });
  return out;
}

/** Outcome.dyads as a record key → first day of direct combat (−1 never). */
export function dyadOutcomeRecord(d: DyadOutcomes): Record<string, number> {
  const out: Record<string, number> = {};
  d.keys.forEach((k, i) => (out[k] = d.day[i]!));
  return out;
}

function allianceJson(this: AllianceOutcomes): unknown {
  return allianceOutcomeRecord(this);
}
function dyadJson(this: DyadOutcomes): unknown {
  return dyadOutcomeRecord(this);
}

/**
 * Per collective-defence alliance outcomes, in canonical order. With RunOptions.reuseOutcomeArrays
 * the arrays are the State's own (State.outAlliance), overwritten by the next run (the Monte Carlo
 * path: no allocation per trajectory); otherwise fresh ones.
 */
function allianceOutcomes(st: State, opts: RunOptions): AllianceOutcomes {
  const cd = st.cdAlliances;
  let o = st.outAlliance;
  if (o === null || !opts.reuseOutcomeArrays) {
    const b: Record<string, unknown> = { ids: Array.from(cd, (k) => st.sc.alliances[k]!.id), focal: st.focal >= 0 ? st.sc.alliances[st.focal]!.id : '' };
    for (const ob of ALLIANCE_OBSERVERS) b[ob.key] = ob.int ? new Int32Array(cd.length) : new Float64Array(cd.length);
    o = b as unknown as AllianceOutcomes;
    // Typed arrays serialise as {"0": …}: JSON gets a record by alliance id instead. Not
    // enumerable, so a structured clone (postMessage) of a result still works.
    Object.defineProperty(o, 'toJSON', { value: allianceJson, enumerable: false });
    if (opts.reuseOutcomeArrays) st.outAlliance = o;
  }
  for (let r = 0; r < ALLIANCE_OBSERVERS.length; r++) {
    const ob = ALLIANCE_OBSERVERS[r]!;
    const arr = o[ob.key];
    for (let q = 0; q < cd.length; q++) arr[q] = ob.read(st, cd[q]!);
  }
  return o;
}

function dyadOutcomes(st: State, opts: RunOptions): DyadOutcomes {
  let o = st.outDyads;
  if (o === null || !opts.reuseOutcomeArrays) {
    o = { keys: st.sc.dyads.map((d) => d.key), day: new Float64Array(st.dyadDay.length) };
    Object.defineProperty(o, 'toJSON', { value: dyadJson, enumerable: false });
    if (opts.reuseOutcomeArrays) st.outDyads = o;
  }
  for (let d = 0; d < st.dyadDay.length; d++) o.day[d] = st.dyadDay[d] === Infinity ? -1 : st.dyadDay[d]!;
  return o;
}

const NOTE_TEXT: Record<number, string> = {
  [NOTE.undetected]: 'undetected',
  [NOTE.attributedAccidental]: 'attributed as accidental',
  [NOTE.attributedDeliberate]: 'read as deliberate',
  [NOTE.unattributed]: 'not attributed',
  [NOTE.armedAttack]: 'armed attack',
  [NOTE.voteFailed]: 'vote failed',
  [NOTE.voteClosed]: 'vote failed; deliberation closed',
  [NOTE.collapse]: 'partner collapse',
  [NOTE.sanctionsPackage]: 'Article 4 response package',
  [NOTE.redLineCrossed]: 'aid crosses the adversary\'s red line',
};

function actorName(st: State, k: number): string {
  return k < st.n ? st.sc.actors.ids[k]! : st.sc.alliances[k - st.n]!.id;
}

/** The event log as trace events (RunOptions.trace). */
export function traceEvents(st: State): TraceEvent[] {
  const log = st.log;
  const sc = st.sc;
  const rule = sc.ruleActions;
  const out: TraceEvent[] = [];
  for (let id = 0; id < log.count; id++) {
    const causes: number[] = [];
    for (let k = 0; k < MAX_CAUSES; k++) {
      const c = log.causes[id * MAX_CAUSES + k]!;
      if (c >= 0) causes.push(c);
    }
    const ax = log.action[id]!;
    const a = sc.actions[ax]!;
    const ev: TraceEvent = {
      id,
      day: log.day[id]!,
      actor: actorName(st, log.actor[id]!),
      action: a.id,
      category: a.category,
      target: log.target[id]! >= 0 ? actorName(st, log.target[id]!) : null,
      theatre: log.theatre[id]! >= 0 ? sc.theatres[log.theatre[id]!]!.id : null,
      rung: log.rung[id]!,
      causes,
    };
    const note = log.note[id]!;
    if (note && NOTE_TEXT[note]) ev.note = NOTE_TEXT[note] + (note === NOTE.voteFailed || note === NOTE.voteClosed ? ` (${Math.round(log.noteVal[id]! * 100)}% yes)` : '');
    else if (ax === rule.article5Invocation || ax === rule.article5Vote) ev.note = `${Math.round(log.noteVal[id]! * 100)}% yes`;
    if (log.injected[id]) ev.injected = true;
    const reasons = st.explain?.reasons.get(id);
    if (reasons !== undefined && (causes.length === 0 || log.injected[id])) ev.reasons = reasons;
    const decision = st.explain?.decisions.get(id);
    if (decision !== undefined) ev.decision = decision;
    out.push(ev);
  }
  return out;
}
