/**
 * Simulating a historical dispute N times and reading each trajectory as a MID dispute
 * (MODEL.md §3, §7):
 * - the dispute is the opening episode: events after it ended would be later disputes;
 * - highest hostility level = the highest MID level of the detected events of any actor
 *   (catalog `midLevel`), raised to 4 when the theatre reached rung 4 and to 5 at rung ≥ 5 (an
 *   Article 5 invocation is authored by the alliance, not by an actor), and never below 2: the
 *   dispute opened with a threat or display;
 * - reciprocation = an actor of side B (an originator or its outside defender) authored an event
 *   whose action is of MID level > 1 (the action's own level, not raised by the theatre's rung);
 * - war = level 5; joined = some outside defender became a belligerent after day 0 (Outcome.joiners)
 *   or, during the opening episode, authored a militarized act of its own (MID level > 1: joining
 *   below war, engine joining.ts);
 * - duration = days the opening episode lasted (to its end, or the horizon).
 * Common random numbers: trajectory r of dispute d always uses (seed(d), r), whatever the
 * parameters, so a parameter change moves outcomes only where behaviour differs.
 */
import type { TrajectoryResult } from '../engine/types.js';
import type { EngineApi, Simulator } from '../montecarlo/index.js';
import type { CompiledScenario, Scenario } from '../scenario/index.js';
import { mix32 } from '../random/index.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { buildDisputeScenario, defenderIds, sideIds, type HistoricalModel } from './build-scenario.js';
import type { DisputeCase, DisputeFeatures } from './dispute.js';

/** Duration thresholds (days) of the duration moments: share of disputes lasting at most this. */
export const DURATION_THRESHOLDS = [30, 180] as const;

/** What one dispute's predicted (or observed) outcome is, as probabilities (0/1 when observed). */
export interface CaseSummary {
  /** P(highest level = 2, 3, 4, 5). */
  level: number[];
  recip: number;
  /** P(war and reciprocated). */
  warRecip: number;
  joined: number;
  /** P(duration ≤ threshold) per DURATION_THRESHOLDS; NaN when unknown (observed maxdur missing). */
  durLe: number[];
  runs: number;
}

export interface ReadDispute {
  level: 2 | 3 | 4 | 5;
  recip: boolean;
  joined: boolean;
  durationDays: number;
}

/** What a trajectory reader needs to know about the compiled scenario. */
export interface ReadContext {
  /** MID level per action id (catalog `midLevel`). */
  midLevel: ReadonlyMap<string, number>;
  /** Actor ids of side B (originators and outside defenders). */
  sideB: ReadonlySet<string>;
  actors: ReadonlySet<string>;
  /** Actor ids of the outside defenders (not originators): a militarized act of theirs is joining. */
  defenders?: ReadonlySet<string>;
  horizonDays: number;
}

/**
 * Reads a trajectory as one MID dispute: the events up to the end of the opening episode (the
 * crisis the dispute is; later episodes between the same states would be later disputes),
 * leaving out events nobody detected (MID codes what was observed). Needs the trace.
 */
export function readTrajectory(r: TrajectoryResult, ctx: ReadContext): ReadDispute {
  const o = r.outcome;
  // Opening episode's length. Engine workaround: until firstEpisodeDays survives episode-slot
  // reuse, fall back on the first episode that ended (the opening one whenever the dispute has
  // one pair of sides), or the horizon.
  const end = o.firstEpisodeDays > 0 ? o.firstEpisodeDays : (r.episodeDurations[0] ?? ctx.horizonDays);
  let lvl = 2;
  let recip = false;
  let joinedBelow = false;
  for (const e of r.events ?? []) {
    if (e.day > end) break;
    if (e.note === 'undetected') continue;
    const own = ctx.actors.has(e.actor) ? (ctx.midLevel.get(e.action) ?? 1) : 1;
    let l = own;
    // an Article 5 invocation is authored by the alliance; the theatre's rung carries it
    if (e.rung >= 5) l = 5;
    else if (e.rung >= 4 && l < 4) l = 4;
    if (l > lvl) lvl = l;
    // Reciprocation is a militarized act of side B's own (MID level > 1): an Article 4 consultation
    // it requests while the theatre is at rung 4 is not one (the rung raises the dispute's level only).
    if (own > 1 && ctx.sideB.has(e.actor)) recip = true;
    if (own > 1 && ctx.defenders?.has(e.actor) === true) joinedBelow = true;
  }
  return { level: Math.min(5, lvl) as 2 | 3 | 4 | 5, recip, joined: o.joiners > 0 || joinedBelow, durationDays: Math.min(end, ctx.horizonDays) };
}

export function observedSummary(c: DisputeCase): CaseSummary {
  const o = c.observed;
  const level = [0, 0, 0, 0];
  level[o.hostlev - 2] = 1;
  return {
    level,
    recip: o.recip ? 1 : 0,
    warRecip: o.war && o.recip ? 1 : 0,
    joined: o.defenderJoined ? 1 : 0,
    durLe: DURATION_THRESHOLDS.map((t) => (o.durationDays === null ? NaN : o.durationDays <= t ? 1 : 0)),
    runs: 1,
  };
}

/** Seed of a dispute's trajectories: a mix of the master seed and the dispute number. */
export function disputeSeed(masterSeed: number, dispnum: number): number {
  return mix32(mix32(masterSeed >>> 0) ^ mix32(dispnum + 0x9e3779b9));
}

/** Builds and validates the scenario of a dispute; throws with the dispute number if invalid (a programmer error). */
export function disputeScenario(c: { features: DisputeFeatures }, model: HistoricalModel): Scenario {
  const input = buildDisputeScenario(c, model);
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) throw new Error(`MID ${c.features.dispnum}: built scenario is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Builds, validates and compiles the scenario of a dispute; throws with the dispute number if invalid (a programmer error). */
export function compileCase(engine: EngineApi, c: { features: DisputeFeatures }, model: HistoricalModel) {
  return engine.compileScenario(disputeScenario(c, model));
}

/** The reading context of a compiled dispute scenario, given the actor ids of its side B. */
export function readContextOf(compiled: CompiledScenario, sideB: readonly string[], defenders: readonly string[] = []): ReadContext {
  return {
    midLevel: new Map(compiled.actions.map((a) => [a.id, a.midLevel])),
    sideB: new Set(sideB),
    defenders: new Set(defenders),
    actors: new Set(compiled.actors.ids),
    horizonDays: compiled.horizonDays,
  };
}

/**
 * How a batch of trajectories of one dispute is tallied: integer counts only, so that tallies of
 * any split of the trajectories add up exactly (the queue, D73). `mid`: the counts of a
 * CaseSummary (simulate.ts); `icb`: of an IcbPrediction (icb-backtest.ts).
 */
export type Reading = 'mid' | 'icb';

/** Counts of a MID tally: levels 2–5, reciprocated, war and reciprocated, joined, duration ≤ each threshold. */
export const MID_TALLY_WIDTH = 7 + DURATION_THRESHOLDS.length;

/** Tallies trajectories first..first+count−1 of a dispute (seed = disputeSeed) as MID disputes. */
export function tallyMid(sim: Simulator, ctx: ReadContext, seed: number, first: number, count: number): number[] {
  const t = new Array<number>(MID_TALLY_WIDTH).fill(0);
  for (let r = first; r < first + count; r++) {
    const d = readTrajectory(sim.run(seed, r, { trace: true }), ctx);
    t[d.level - 2]!++;
    if (d.recip) t[4]!++;
    if (d.recip && d.level === 5) t[5]!++;
    if (d.joined) t[6]!++;
    DURATION_THRESHOLDS.forEach((th, k) => {
      if (d.durationDays <= th) t[7 + k]!++;
    });
  }
  return t;
}

/** A dispute's predicted outcome from its MID tally over `runs` trajectories. */
export function midSummary(t: readonly number[], runs: number): CaseSummary {
  return {
    level: t.slice(0, 4).map((x) => x / runs),
    recip: t[4]! / runs,
    warRecip: t[5]! / runs,
    joined: t[6]! / runs,
    durLe: t.slice(7, 7 + DURATION_THRESHOLDS.length).map((x) => x / runs),
    runs,
  };
}

/** Simulates one dispute `runs` times with common random numbers. */
export function simulateCase(engine: EngineApi, c: { features: DisputeFeatures }, model: HistoricalModel, runs: number, masterSeed: number): CaseSummary {
  const compiled = compileCase(engine, c, model);
  const sim = engine.createSimulator(compiled);
  return midSummary(tallyMid(sim, readContextOf(compiled, sideIds(c).b, defenderIds(c)), disputeSeed(masterSeed, c.features.dispnum), 0, runs), runs);
}
