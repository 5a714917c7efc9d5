/** Public result types of the engine. The fields of Outcome are read by the observers of outcomes.ts, one row each. */

/**
 * Per-trajectory results of MODEL.md §1. Days are −1 when the event never happened. The fields of
 * AllianceOutcome (drawn in, Article 4 and 5, costs, cohesion, debt) are the default focal
 * alliance's: the scenario's first collective-defence alliance, NATO in the built-ins.
 */
export interface Outcome extends AllianceOutcome {
  /** Collective defence invoked by any collective-defence alliance (e.g. a US Pacific treaty in two-theatre). */
  anyCollectiveDefense: boolean;
  anyCollectiveDefenseDay: number;
  horizontal: boolean;
  horizontalDay: number;
  partnerCollapse: boolean;
  partnerCollapseDay: number;
  nuclearUse: boolean;
  nuclearUseDay: number;
  /** Highest rung reached per theatre id. */
  maxRung: Record<string, number>;
  escalationScore: number;
  /** Count of gray-zone events (all, detected or not). */
  grayzoneCount: number;
  eventCount: number;
  episodeCount: number;
  /**
   * The causal pathway to the first rung ≥ 4 event: action ids along the chain of primary causes,
   * oldest first, joined by " > " (at most `PATHWAY_DEPTH` steps); "" when rung 4 was never reached.
   */
  pathway: string;
  /** Day of the event at the end of `pathway` (the first rung ≥ 4 event); −1 when `pathway` is "". */
  pathwayDay: number;
  /** Highest MID hostility level (1..5) of the events each actor authored (1 if none), by actor id; empty unless RunOptions.trace or .midLevels. */
  maxMidLevelByActor: Record<string, number>;
  /** Days the first initial episode lasted (to its end, or to the horizon if still open). */
  firstEpisodeDays: number;
  /** Actors that became belligerents in a theatre after day 0 (e.g. members after Article 5). */
  joiners: number;
  /**
   * The same outcomes for EVERY collective-defence alliance (the top-level fields above are the
   * default focal alliance's entries). Parallel arrays in canonical (id) order.
   */
  byAlliance: AllianceOutcomes;
  /** First day of direct combat per scenario dyad. */
  dyads: DyadOutcomes;
}

/**
 * Per collective-defence alliance outcomes (MODEL.md §1 "per alliance"), parallel arrays indexed
 * like `ids` (the collective-defence alliances sorted by id). Days are −1 when it never happened.
 */
export interface AllianceOutcomes {
  ids: readonly string[];
  /** The default focal alliance's id (first collective-defence alliance in file order), "" if none. */
  focal: string;
  /** A member and an adversary state in deliberate, attributed kinetic conflict (rung ≥ 4), the member's bloc being this alliance. */
  drawnInDay: Float64Array;
  art4Count: Int32Array;
  art4FirstDay: Float64Array;
  art4Days: Int32Array;
  joinsBelowWar: Int32Array;
  art5Day: Float64Array;
  costAid: Float64Array;
  costDeterrence: Float64Array;
  costRisk: Float64Array;
  costTotal: Float64Array;
  finalCohesion: Float64Array;
  peakCredibilityDebt: Float64Array;
  /** JSON form: a record by alliance id (allianceOutcomeRecord). */
  toJSON?(): unknown;
}

/** One alliance's outcomes as a plain object (for JSON and display). Days are −1 when the event never happened. */
export interface AllianceOutcome {
  /** A member and an adversary state in deliberate, attributed kinetic conflict (rung ≥ 4, non-accidental). */
  drawnIn: boolean;
  drawnInDay: number;
  /** Article 4 consultations (a joint request counts once). */
  art4Count: number;
  art4FirstDay: number;
  /** Whole days on which a consultation of this alliance was open (a member under Article 4 consultation), within the horizon. */
  art4Days: number;
  /** Members that joined an attacked ally below war (a flank reinforcement, without Article 5; D69), counted once per member and episode. */
  joinsBelowWar: number;
  /** Article 5 (collective defence) invoked by this alliance. */
  art5: boolean;
  art5Day: number;
  /** Cost accounts, billions of 2025 USD (a member of two alliances counts toward both). */
  costAid: number;
  costDeterrence: number;
  costRisk: number;
  costTotal: number;
  /** Mean cohesion of the members at the horizon. */
  finalCohesion: number;
  peakCredibilityDebt: number;
}

/** Dyads of the scenario (keys "A-B"): first day of direct combat, −1 if never. */
export interface DyadOutcomes {
  keys: readonly string[];
  day: Float64Array;
  /** JSON form: a record key → day (dyadOutcomeRecord). */
  toJSON?(): unknown;
}

export interface TraceEvent {
  id: number;
  day: number;
  actor: string;
  action: string;
  category: string;
  target: string | null;
  theatre: string | null;
  /** The theatre's rung after the event. */
  rung: number;
  /** Ids of earlier events behind this one: first the event it responds to, then the strongest hazard raisers. */
  causes: number[];
  /** Short human note (attribution, vote tally, ...). */
  note?: string;
  /** A scripted event (a scenario inject): forced on its day, never given endogenous causes. */
  injected?: true;
  /** The standing state behind an event no earlier event caused (hostility, a war, an open window …). */
  reasons?: string[];
  /** For an event an agent chose (competing hazards, §4.1): what it weighed. */
  decision?: TraceDecision;
}

/** One utility term (docs/model.md §4.17); `parts` sum to `value` (left to right) where given. */
export interface TraceTerm {
  term: string;
  value: number;
  parts?: TraceTerm[];
}

/**
 * What an agent weighed when it chose an action (docs/model.md §4.17): the utility terms exactly
 * as the engine computed them at its last hazard recomputation (`computedDay`), for the action over
 * the candidates of its target kind (the target is drawn afterwards, §4.1). Summed left to right
 * the terms give `sum` exactly; `utility` is `sum` clamped to [−1, 1]. hazard =
 * min(baseHazard·e^(rationality·utility), cap) × redLineMultiplier.
 */
export interface TraceDecision {
  utility: number;
  sum: number;
  clamped: boolean;
  terms: TraceTerm[];
  /** The gain term's parts before the weight: gain = weight · ((vulnerability + balance) + statusQuo). */
  gain: { vulnerability: number; balance: number; statusQuo: number; weight: number };
  /** Means over the candidates of the action's target kind (those the risk and relations terms average). */
  targets: { kind: string; candidates: number; vulnerability: number; hostility: number; responseExposure: number; enablerDiscount: number };
  hazard: number;
  baseHazard: number;
  rationality: number;
  capped: boolean;
  redLineMultiplier: number;
  computedDay: number;
  /** Rank of the chosen action by hazard among the `options` open to the agent (1 = highest). */
  rank: number;
  options: number;
  totalHazard: number;
  /** The strongest other options at that moment, by hazard (at most 3). */
  alternatives: { action: string; hazard: number; utility: number }[];
}

/** Weekly samples (week w = day 7w) for quantile fans. */
export interface Series {
  weeks: number;
  /** rung[t][w] per theatre index. */
  rung: Float64Array[];
  cohesion: Float64Array;
  credibilityDebt: Float64Array;
  /** Highest domestic pressure among the focal alliance's members. */
  pressure: Float64Array;
  /** Mean stockpile (days) of the focal alliance's members. */
  stockpileAlliance: Float64Array;
  /** Stockpile of the (first) partner, NaN without partner. */
  stockpilePartner: Float64Array;
  /** Stockpile of the partner's main adversary (highest-power enemy), NaN if none. */
  stockpileAdversary: Float64Array;
}

export interface RunOptions {
  /** Record the full event list with causes (for `brink trace`). */
  trace?: boolean;
  /** Fill the weekly series. */
  series?: boolean;
  /**
   * With `series`: write them into the same buffers as the previous run of this Simulator instead
   * of new ones (every week is overwritten). For callers that consume a result before the next
   * run, as the Monte Carlo job runner does (saves the allocation and its garbage collection).
   */
  reuseSeries?: boolean;
  /**
   * Write Outcome.byAlliance and .dyads into this Simulator's own arrays, overwritten by the next
   * run (for callers that consume a result before the next run, as the Monte Carlo job runner
   * does: no allocation per trajectory). Off by default, so results can be kept.
   */
  reuseOutcomeArrays?: boolean;
  /** Fill Outcome.maxMidLevelByActor (always filled with `trace`); off by default to keep Monte Carlo allocation-free. */
  midLevels?: boolean;
}

export interface TrajectoryResult {
  seed: number;
  trajectory: number;
  outcome: Outcome;
  /** Durations in days of episodes that ended before the horizon. */
  episodeDurations: number[];
  /** Episodes still open at the horizon (right-censored). */
  openEpisodes: number;
  events: TraceEvent[] | null;
  series: Series | null;
}

export const PATHWAY_DEPTH = 3;
