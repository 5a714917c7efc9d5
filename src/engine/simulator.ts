/**
 * The event-driven core: the loop and its scheduling, nothing else. A trajectory advances day by
 * day; within a day it processes, in time order, the firings of agents' competing-hazard clocks
 * (choice.ts) and timed engine events (attribution lags, Article 4 ends, Article 5 rounds,
 * injects, spillovers). Daily processes (war, aid, enablers, episode ends, the war-economy
 * trigger) run once per day and only where active; slow drifts (relaxation, industry,
 * reallocation, debt expiry, the surge cost) run weekly. Cost grows with the number of events, not
 * with actors × days × actions.
 *
 * Every step is a call into a mechanism module (act.ts, unilateral.ts, blame.ts, spillover.ts,
 * war-economy.ts, costs.ts, …) with the State; every outcome and series is an observer row
 * (outcomes.ts, series.ts). All per-trajectory state lives in State (State.reset); the Simulator
 * holds none of its own. docs/engine.md tells how to add a mechanism or an outcome.
 *
 * Synchronous, deterministic, no I/O, no clock, no Math.random: runs unchanged in the browser.
 */
import type { CompiledScenario } from '../scenario/compiled.js';
import { onAttributed, processAction as act } from './act.js';
import { stepAid } from './aid.js';
import { endArticle4 } from './article4.js';
import { voteRound } from './article5.js';
import { pickAction, rearm, recomputeHazards } from './choice.js';
import { weeklyCohesion } from './cohesion.js';
import { closeCosts, weeklyCosts } from './costs.js';
import { expirePending } from './credibility.js';
import { writeStateDigest } from './digest.js';
import { reallocate, stepEnablers } from './enablers.js';
import { endEpisode } from './episodes.js';
import { buildDecision } from './explain.js';
import { coverOf, weeklyIndustry } from './industry.js';
import { EV } from './log.js';
import { observeOutcome, traceEvents } from './outcomes.js';
import { allocSeries, sampleWeek } from './series.js';
import { relaxHostility } from './signalling.js';
import { processSpillover } from './spillover.js';
import { Explain } from './explain-book.js';
import { N_CATEGORIES, N_TK, NONE, State } from './state.js';
import { startTrajectory } from './trajectory.js';
import type { RunOptions, Series, TrajectoryResult } from './types.js';
import { checkWarEconomy } from './war-economy.js';
import { stepWars, warIntensity } from './war.js';

export class Simulator {
  readonly sc: CompiledScenario;
  readonly st: State;
  /** Aid's reading of an actor's war intensity (a function of the State only: no trajectory state captured). */
  private readonly intensityOf: (actor: number) => number;

  constructor(sc: CompiledScenario) {
    this.sc = sc;
    const st = (this.st = new State(sc));
    this.intensityOf = (actor: number): number => actorIntensity(st, actor);
    for (let i = 0; i < sc.actors.n; i++) st.cover[i] = coverOf(st, i);
  }

  run(seed: number, trajectory: number, opts: RunOptions = {}): TrajectoryResult {
    this.start(seed, trajectory, opts);
    this.runDays(0, this.st.horizon);
    return this.complete(seed, trajectory, opts);
  }

  // ---------------------------------------------------------------- pause and resume (snapshot.ts, D40)
  /** Starts a trajectory (its day-0 state) without running a day: `run` is start, runDays(0, horizon), complete. */
  start(seed: number, trajectory: number, opts: RunOptions = {}): void {
    const st = this.st;
    st.reset(seed, trajectory, opts.trace === true);
    startTrajectory(st);
    st.series = opts.series ? (opts.reuseSeries && st.series !== null ? st.series : allocSeries(st)) : null;
  }

  /**
   * Prepares this Simulator to go on from a State that snapshot.ts restores next: the trace book
   * and the series buffer as `opts` asks, nothing else reset (the restore overwrites the State).
   */
  prepareResume(opts: RunOptions = {}): void {
    const st = this.st;
    if (opts.trace) {
      const book = st.explainBook ?? new Explain(st.agentActions, N_TK * N_CATEGORIES);
      st.explainBook = book;
      book.reset();
      st.explain = book;
    } else st.explain = null;
    st.series = opts.series ? (opts.reuseSeries && st.series !== null ? st.series : allocSeries(st)) : null;
    st.dailyScanLog = -1; // the restored State's caches are not in the snapshot: scan on the first day
  }

  /** The weekly series of the trajectory in progress (null unless it runs with `series`). */
  get seriesInProgress(): Series | null {
    return this.st.series;
  }

  /** Runs whole days [from, to): at `to` the State is that at the start of day `to`, before any of its steps. */
  runDays(from: number, to: number): void {
    const st = this.st;
    for (let day = from; day < to; day++) {
      st.day = day;
      st.t = day;
      if (day % 7 === 0) this.weekly(day === 0 ? 0 : 7, day);
      this.daily();
      this.refreshStaleAndDirty();
      const nextTime = st.nextTime, nAg = nextTime.length;
      for (;;) {
        let s = -1;
        let tA = Infinity;
        for (let q = 0; q < nAg; q++) {
          const x = nextTime[q]!;
          if (x < tA) { tA = x; s = q; }
        }
        const tS = st.sched.peekTime();
        const tn = tA < tS ? tA : tS;
        if (!(tn < day + 1)) break;
        st.t = tn < day ? day : tn;
        if (tS <= tA) {
          st.sched.pop(st.ev);
          this.dispatch();
        } else {
          this.fire(s);
        }
        this.recomputeDirty();
      }
    }
  }

  /** Ends the trajectory after its last day and assembles its result (seed and trajectory as reported). */
  complete(seed: number, trajectory: number, opts: RunOptions = {}): TrajectoryResult {
    const st = this.st;
    const H = st.horizon;
    st.t = H;
    st.day = H;
    closeCosts(st);
    return {
      seed,
      trajectory,
      outcome: observeOutcome(st, opts),
      episodeDurations: st.endedDurations,
      openEpisodes: countOpenEpisodes(st),
      events: opts.trace ? traceEvents(st) : null,
      series: st.series,
    };
  }

  /**
   * The end-of-trajectory state digest (digest.ts: stateDigestLayout(sc) names its slots) of
   * the last `run`, written into out without allocating: what Monte Carlo's state probe pairs
   * across arms to name the state an arm moved when it moved no outcome (D29).
   */
  stateDigest(out: Float64Array): void {
    writeStateDigest(this.st, out);
  }

  /**
   * An action by actor i (chosen, injected or a spillover): act.ts processAction. `forced`: for
   * accidental actions, −1 draw the reading, 0 accidental, 1 deliberate. `cause`: the event this
   * one responds to.
   */
  processAction(i: number, a: number, targetHint: number, theatreHint: number, forced: number, cause: number, injected = false): number {
    return act(this.st, i, a, targetHint, theatreHint, forced, cause, injected);
  }

  // ---------------------------------------------------------------- periodic processes
  private weekly(days: number, day: number): void {
    const st = this.st;
    if (days > 0) {
      relaxHostility(st, days);
      // The slowest drifts every driftStepDays (D62): that many weeks at once, in closed form.
      const drift = day % st.p.driftStepDays === 0 ? st.p.driftStepDays : 0;
      if (drift > 0) weeklyCohesion(st, drift);
      reallocate(st, days);
      weeklyIndustry(st, st.cover, drift);
      expirePending(st);
      weeklyCosts(st, days);
    }
    if (st.series !== null) sampleWeek(st, day / 7);
  }

  private daily(): void {
    const st = this.st;
    // Enabler supply on the war steps' grid (D62): the days to the next multiple of warStepDays at once.
    if (st.day % st.p.warStepDays === 0) stepEnablers(st, st.gridSpan(st.day));
    stepWars(st, st.cover);
    stepAid(st, this.intensityOf);
    // The episode ends and the war-economy trigger read only what events (each logged) and the
    // weekly step change: after a day with neither, and before the earliest scheduled end, both
    // would find nothing to do (performance, D62; identical results).
    const logCount = st.log.count;
    const quiet = logCount === st.dailyScanLog && st.day % 7 !== 0;
    if (quiet && st.t < st.dailyScanNextEnd) return;
    let next = Infinity;
    for (let e = 0; e < st.epCount; e++) {
      if (!st.epActive[e] || st.epWar[e]) continue;
      if (st.epEnd[e]! <= st.t) {
        const th = st.epTheatre[e]!;
        const rungBefore = st.rung[th]!;
        endEpisode(st, e);
        // If the theatre's rung fell, agents acting there see other options. If another episode
        // holds it up, the end of a non-war episode changes no input of any hazard: no agent is
        // marked (engine 0.3.0, D64; docs/model.md §1.4).
        if (st.rung[th] !== rungBefore) for (let s = 0; s < st.agents.length; s++) if (st.primaryTheatre[st.agents[s]!] === th) st.dirty[s] = 1;
      } else if (st.epEnd[e]! < next) next = st.epEnd[e]!;
    }
    if (!quiet) checkWarEconomy(st);
    st.dailyScanLog = st.log.count;
    st.dailyScanNextEnd = next;
  }

  private recomputeDirty(): void {
    const st = this.st;
    for (let s = 0; s < st.agents.length; s++) if (st.dirty[s]) recomputeHazards(st, s);
  }

  /**
   * Start of a day: recompute the agents an event marked dirty and, for slow drifts, those whose
   * hazards are older than their refresh interval (periodic refresh), in slot order.
   *
   * The interval adapts (performance; docs/performance.md): a periodic refresh that finds the
   * hazards moved by less than half of hazardRefreshTolerance (total-variation share Σ|Δh|/Σh)
   * doubles the agent's interval, up to hazardRefreshMaxDays; one that finds them moved by more
   * than the tolerance resets it to hazardRefreshDays. Slow drifts are close to linear over these
   * spans, so the next refresh should find a move below the tolerance. Most refreshes found
   * moves of 0.01–0.7% (median 0.15%) at 14 days; skipping the ones that would change nothing
   * saves ~14% of a baseline trajectory, and 4,000 paired runs show no distinguishable
   * difference in any outcome (docs/performance.md). Tolerance 0 restores the fixed interval.
   */
  private refreshStaleAndDirty(): void {
    const st = this.st;
    const t = st.t, p = st.p;
    const dirty = st.dirty, last = st.lastRecompute, every = st.refreshEvery;
    for (let s = 0; s < dirty.length; s++) {
      if (dirty[s]) recomputeHazards(st, s);
      else if (last[s]! <= t - every[s]!) {
        recomputeHazards(st, s);
        st.periodicRefreshes++;
        const d = st.lastDrift[s]!;
        // A maximum below the base interval means no lengthening (never a refresh more often than the base).
        if (d < p.hazardRefreshTolerance / 2) every[s] = Math.max(p.hazardRefreshDays, Math.min(p.hazardRefreshMaxDays, 2 * every[s]!));
        else if (d > p.hazardRefreshTolerance) every[s] = p.hazardRefreshDays;
      }
    }
  }

  // ---------------------------------------------------------------- events
  private fire(s: number): void {
    const st = this.st;
    const i = st.agents[s]!;
    const a = pickAction(st, s);
    st.fireCount[s] = st.fireCount[s]! + 1;
    rearm(st, s);
    if (a < 0) return;
    if (st.explain === null) {
      act(st, i, a, NONE, NONE, -1, NONE);
      return;
    }
    // Tracing: the decision as the hazards stood when the clock fired (before the act changes them).
    const decision = buildDecision(st, s, a, this.sc.actors.activity[i]! * st.aBase[a]!);
    const id = act(st, i, a, NONE, NONE, -1, NONE);
    if (id >= 0) st.explain.decisions.set(id, decision);
  }

  private dispatch(): void {
    const st = this.st;
    const ev = st.ev;
    switch (ev.kind) {
      case EV.attribution:
        onAttributed(st, ev.a, ev.b === 1, ev.c === 1);
        break;
      case EV.art4End:
        endArticle4(st, ev.a);
        break;
      case EV.art5Round:
        voteRound(st, ev.a);
        break;
      case EV.inject: {
        const inj = this.sc.injects[ev.a]!;
        // An inject is an event forced on its day: it happens and is seen (detection forced).
        const id = act(st, inj.actorIx, inj.actionIx, inj.targetIx, inj.theatreIx, inj.deliberate, NONE, true);
        if (id >= 0 && st.explain !== null) st.explain.reasons.set(id, [`scripted: injects[${ev.a}] on day ${inj.day}`]);
        break;
      }
      case EV.spillover:
        processSpillover(st, ev.a, ev.b, ev.c);
        break;
      default:
        throw new Error(`unknown scheduled event kind ${ev.kind}`);
    }
  }
}

/** The intensity of the war an actor is party to (aid's demand), 0 if none. */
function actorIntensity(st: State, actor: number): number {
  for (let e = 0; e < st.epCount; e++) if (st.epActive[e] && st.epWar[e] && st.epSide[e]![actor]) return warIntensity(st, e);
  return 0;
}

function countOpenEpisodes(st: State): number {
  let k = 0;
  for (let e = 0; e < st.epCount; e++) if (st.epActive[e]) k++;
  return k;
}

export function createSimulator(sc: CompiledScenario): Simulator {
  return new Simulator(sc);
}
