/**
 * The event-driven core. A trajectory advances day by day; within a day it processes, in time
 * order, the firings of agents' competing-hazard clocks (choice.ts) and timed engine events
 * (attribution lags, Article 4 ends, Article 5 rounds, injects, spillovers). Daily processes
 * (war, aid, enablers, episode ends) run once per day and only where active; slow drifts
 * (relaxation, industry, reallocation, debt expiry) run weekly. Cost grows with the number of
 * events, not with actors × days × actions.
 *
 * Synchronous, deterministic, no I/O, no clock, no Math.random: runs unchanged in the browser.
 */
import { normalFromUniform, STREAM } from '../random/index.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { stepAid } from './aid.js';
import { maybeRequestArticle4, endArticle4 } from './article4.js';
import { armedAttack, voteRound } from './article5.js';
import {
  armedAttackThreshold, drawCasualties, isAttributed, isDetected, isMisattributed, kindKey,
} from './attribution.js';
import { chooseTarget, isEnemy, pickAction, rearm, recomputeHazards } from './choice.js';
import { infoOperation, rally, weeklyCohesion } from './cohesion.js';
import { addPending, answer, expirePending } from './credibility.js';
import { emit, stampRung } from './emit.js';
import { initEnablers, reallocate, stepEnablers } from './enablers.js';
import {
  endEpisode, engageDomain, findEpisode, markTheatreDirty, markBelligerent, refreshTheatreRung, startWar, touchEpisode,
} from './episodes.js';
import { coverOf, refreshAllianceCaches, surgeLevel, triggerSurge, weeklyIndustry } from './industry.js';
import { attachInfluences, addInfluence } from './influence.js';
import { writeStateDigest } from './digest.js';
import { buildDecision, Explain, standingReasons } from './explain.js';
import { EV, MAX_CAUSES, NOTE } from './log.js';
import { applyPlaybook } from './playbook.js';
import { allianceStatement, deescalate, relaxHostility, signalResolve } from './signalling.js';
import { CAT, DOM, DOUBLE_ZERO, N_CATEGORIES, N_DOMAINS, N_TK, NONE, State, TK } from './state.js';
import { PATHWAY_DEPTH, allianceOutcomeRecord, dyadOutcomeRecord, type AllianceOutcomes, type DyadOutcomes, type Outcome, type RunOptions, type Series, type TraceEvent, type TrajectoryResult } from './types.js';
import { stepWars, warIntensity } from './war.js';

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

function allianceJson(this: AllianceOutcomes): unknown {
  return allianceOutcomeRecord(this);
}
function dyadJson(this: DyadOutcomes): unknown {
  return dyadOutcomeRecord(this);
}

export class Simulator {
  readonly sc: CompiledScenario;
  readonly st: State;
  private readonly cover: Float64Array;
  private readonly ev = { time: DOUBLE_ZERO, kind: 0, a: 0, b: 0, c: 0 };
  private series: Series | null = null;
  private alOut: AllianceOutcomes | null = null;
  private dyOut: DyadOutcomes | null = null;
  private readonly intensityOf = (actor: number): number => this.actorIntensity(actor);
  private readonly hasInitialEpisode: boolean;
  /** 1 for members of a partnership with cross-theatre coordination (§4.8). */
  private readonly coordinating: Uint8Array;
  /** The decision and reason book, allocated on the first traced run (explain.ts). */
  private explainBook: Explain | null = null;

  constructor(sc: CompiledScenario) {
    this.sc = sc;
    this.st = new State(sc);
    this.cover = new Float64Array(sc.actors.n);
    this.hasInitialEpisode = sc.theatres.some((t) => t.initialEpisodes.length > 0);
    this.coordinating = new Uint8Array(sc.actors.n);
    for (const al of sc.alliances) if (!al.collectiveDefense && al.coordination) for (let mq = 0, ms = al.members; mq < ms.length; mq++) { const m = ms[mq]!; this.coordinating[m] = 1; }
    for (let i = 0; i < sc.actors.n; i++) this.cover[i] = coverOf(this.st, i);
  }

  run(seed: number, trajectory: number, opts: RunOptions = {}): TrajectoryResult {
    this.reset(seed, trajectory, opts);
    this.runDays(0, this.st.horizon);
    return this.complete(seed, trajectory, opts);
  }

  // ---------------------------------------------------------------- pause and resume (snapshot.ts, D40)
  /** Starts a trajectory (its day-0 state) without running a day: `run` is start, runDays(0, horizon), complete. */
  start(seed: number, trajectory: number, opts: RunOptions = {}): void {
    this.reset(seed, trajectory, opts);
  }

  /**
   * Prepares this Simulator to go on from a State that snapshot.ts restores next: the trace book
   * and the series buffer as `opts` asks, nothing else reset (the restore overwrites the State).
   */
  prepareResume(opts: RunOptions = {}): void {
    const st = this.st;
    if (opts.trace) {
      if (this.explainBook === null) this.explainBook = new Explain(st.agentActions, N_TK * N_CATEGORIES);
      this.explainBook.reset();
      st.explain = this.explainBook;
    } else st.explain = null;
    this.series = opts.series ? (opts.reuseSeries && this.series !== null ? this.series : this.allocSeries()) : null;
  }

  /** The weekly series of the trajectory in progress (null unless it runs with `series`). */
  get seriesInProgress(): Series | null {
    return this.series;
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
          st.sched.pop(this.ev);
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
    return this.finish(seed, trajectory, opts);
  }

  /**
   * The end-of-trajectory state digest (digest.ts: stateDigestLayout(sc) names its slots) of
   * the last `run`, written into out without allocating: what Monte Carlo's state probe pairs
   * across arms to name the state an arm moved when it moved no outcome (D29).
   */
  stateDigest(out: Float64Array): void {
    writeStateDigest(this.st, out);
  }

  // ---------------------------------------------------------------- reset
  private reset(seed: number, trajectory: number, opts: RunOptions): void {
    const st = this.st;
    const sc = this.sc;
    const A = sc.actors;
    const p = st.p;
    const n = st.n;
    st.rng.rekey(seed, trajectory);
    st.day = 0;
    st.t = 0;
    st.log.reset();
    st.sched.reset();
    if (opts.trace) {
      if (this.explainBook === null) this.explainBook = new Explain(st.agentActions, N_TK * N_CATEGORIES);
      this.explainBook.reset();
      st.explain = this.explainBook;
    } else st.explain = null;
    for (let i = 0; i < n; i++) {
      st.pressure[i] = 0; st.pressureT[i] = 0; st.cohesion[i] = A.cohesion0[i]!; st.stockpile[i] = A.stockpile0[i]!;
      st.surgeStart[i] = Infinity; st.resilience[i] = A.resilience[i]!; st.infoSusc[i] = A.infoSusceptibility[i]!;
      st.sanctioned[i] = A.sanctioned0[i]!; st.art4LastDay[i] = -Infinity; st.unilateralLastDay[i] = -Infinity; st.homelandHitDay[i] = -Infinity;
      st.defeatSince[i] = Infinity; st.pbHeat[i] = 0; st.pbHeatT[i] = 0; st.belligerentEver[i] = 0; st.atWar[i] = 0; st.maxMid[i] = 1;
      const pk = A.partnerIx[i]!;
      st.warCapacity[i] = pk >= 0 ? sc.partners[pk]!.warCapacity0 : 1;
      st.nuclearClock[i] = 0;
      st.nuclearThreshold[i] = A.nuclear[i] ? -Math.log(st.rng.u(STREAM.nuclear, i, 0)) : Infinity;
    }
    st.share.set(A.theatreShare);
    st.shareVersion++;
    st.attributedCount.fill(0);
    st.kindCount.fill(0);
    st.hostility.set(sc.hostility0);
    st.touchedFlag.fill(0);
    st.touchedCount = 0;
    st.perceivedResolve.set(sc.perceivedResolve0);
    st.retaliationUntil.fill(-Infinity);
    st.retalMax.fill(-Infinity);
    st.resolveToward.set(st.resolveToward0);
    st.resetGroups(); // also the alliances' cohesion sums (State.sumVulnerability)
    for (let k = 0; k < st.nAl; k++) {
      st.debt[k] = 0; st.debtT[k] = 0; st.peakDebt[k] = 0; st.art4EndDay[k] = -Infinity; st.art4EventId[k] = NONE;
      st.art5Open[k] = 0; st.art5Round[k] = 0; st.art5Count[k] = 0; st.art5InvokedDay[k] = Infinity; st.arrivalDay[k] = Infinity;
      st.allianceSurge[k] = 0; st.aidDraw[k] = 0;
      for (let j = 0; j < n; j++) {
        const rl = A.redLine[j]!;
        st.perceivedRedLine[k * n + j] = rl >= 0 ? Math.max(0, rl + p.misperception * normalFromUniform(st.rng.u(STREAM.redLineBias, k, j))) : NaN;
      }
    }
    // Perception biases, drawn once per trajectory (§2).
    for (let s = 0; s < st.agents.length; s++) {
      const i = st.agents[s]!;
      for (let k = 0; k < st.nAl; k++) st.biasAlliance[s * st.nAl + k] = p.misperception * normalFromUniform(st.rng.u(STREAM.perceptionBias, i, n + k));
      const rv = st.rivals[i]!;
      for (let q = 0; q < rv.length; q++) {
        const j = rv[q]!;
        st.biasActor[s * n + j] = p.misperception * normalFromUniform(st.rng.u(STREAM.perceptionBias, i, j));
      }
    }
    st.pendCount = 0;
    st.periodicRefreshes = 0;
    st.collapsed.fill(0);
    st.redLineCrossed.fill(0);
    for (let k = 0; k < sc.partners.length; k++) {
      const pa = sc.partners[k]!;
      const pol = sc.alliances[pa.allianceIx]!.policy;
      st.aid[k] = pol.aidMax * (1 - pa.warCapacity0); // start near the aid curve's equilibrium
      st.aidTierEmitted[k] = 0;
    }
    for (let t = 0; t < st.nT; t++) {
      st.rung[t] = 0; st.maxRung[t] = 0; st.coordUntil[t] = -Infinity; st.coordEvent[t] = NONE;
    }
    st.domainEngaged.fill(0);
    st.epCount = 0;
    st.endedDurations = [];
    st.firstEpisodeEnd = -1;
    st.enemyCount.fill(0);
    st.enemyMask.fill(0);
    for (let s = 0; s < st.agents.length; s++) {
      const i = st.agents[s]!;
      st.hzTotal[s] = 0; st.clockT0[s] = 0; st.fireCount[s] = 0; st.dirty[s] = 1; st.nextTime[s] = Infinity; st.lastRecompute[s] = 0; st.refreshEvery[s] = st.p.hazardRefreshDays;
      st.clockRemaining[s] = -Math.log(st.rng.u(STREAM.choiceClock, i, 0));
    }
    st.hz.fill(0);
    st.infEvent.fill(NONE);
    st.infWeight.fill(Number.NEGATIVE_INFINITY);
    st.horizontalDay = Infinity; st.collapseDay = Infinity;
    st.nuclearDay = Infinity; st.score = 0; st.grayzone = 0;
    st.joiners = 0; st.pathwayEvent = NONE;
    st.alDrawnInDay.fill(Infinity); st.alArt4Count.fill(0); st.alArt4FirstDay.fill(Infinity);
    st.alCostAid.fill(0); st.alCostDeterrence.fill(0); st.alCostRisk.fill(0); st.alSurgeIntegral.fill(0);
    st.dyadDay.fill(Infinity);

    // Initial episodes (e.g. the 2025 proxy war in Europe).
    let q = 0;
    for (let t = 0; t < st.nT; t++) {
      for (const ep of sc.theatres[t]!.initialEpisodes) {
        const e = touchEpisode(st, t, ep.sideA, ep.sideB, ep.rung, -(q + 2));
        st.epInitial[e] = q === 0 ? 1 : 2;
        q++;
        if (ep.war) {
          startWar(st, e, NONE);
          st.epBalance[e] = ep.balance;
          st.belligerentEver[ep.sideA] = 1;
          st.belligerentEver[ep.sideB] = 1;
          st.domainEngaged[t * N_DOMAINS + DOM.land] = 1;
          st.domainEngaged[t * N_DOMAINS + DOM.air] = 1;
        }
      }
      refreshTheatreRung(st, t, NONE);
      st.rung0[t] = st.rung[t]!;
      st.maxRung[t] = st.rung[t]!;
    }
    for (let t = 0; t < st.nT; t++) st.coordUntil[t] = -Infinity; // day-0 state opens no window
    initEnablers(st);
    refreshAllianceCaches(st);
    sc.injects.forEach((inj, k) => st.sched.push(inj.day, EV.inject, k));
    this.series = opts.series ? (opts.reuseSeries && this.series !== null ? this.series : this.allocSeries()) : null;
  }

  private allocSeries(): Series {
    const weeks = Math.floor((this.st.horizon - 1) / 7) + 1;
    const f = () => new Float64Array(weeks);
    return {
      weeks,
      rung: this.sc.theatres.map(() => f()),
      cohesion: f(), credibilityDebt: f(), pressure: f(), stockpileAlliance: f(), stockpilePartner: f(), stockpileAdversary: f(),
    };
  }

  // ---------------------------------------------------------------- periodic processes
  private weekly(days: number, day: number): void {
    const st = this.st;
    if (days > 0) {
      relaxHostility(st, days);
      weeklyCohesion(st, days);
      reallocate(st, days);
      weeklyIndustry(st, days, this.cover);
      expirePending(st);
      if (this.anySurge()) this.addSurgeIntegral(days);
      // else every member's surge level is 0 and the integrals would gain exactly 0
    }
    if (this.series) this.sample(day / 7);
  }

  private daily(): void {
    const st = this.st;
    stepEnablers(st, 1);
    stepWars(st, this.cover);
    stepAid(st, this.intensityOf);
    for (let e = 0; e < st.epCount; e++) {
      if (st.epActive[e] && !st.epWar[e] && st.epEnd[e]! <= st.t) {
        endEpisode(st, e);
        // The theatre's rung may have fallen: agents acting there see other options.
        const th = st.epTheatre[e]!;
        for (let s = 0; s < st.agents.length; s++) if (st.primaryTheatre[st.agents[s]!] === th) st.dirty[s] = 1;
      }
    }
    // War economy trigger (§4.11): a theatre where the alliance stands reaches the policy's rung.
    for (let k = 0; k < st.nAl; k++) {
      const al = this.sc.alliances[k]!;
      if (!al.collectiveDefense || st.allianceSurge[k]) continue;
      for (let t = 0; t < st.nT; t++) {
        if (st.alliancePower[k * st.nT + t]! > 0 && st.rung[t]! >= al.policy.surgeTrigger) {
          triggerSurge(st, k);
          break;
        }
      }
    }
  }

  private actorIntensity(actor: number): number {
    const st = this.st;
    for (let e = 0; e < st.epCount; e++) if (st.epActive[e] && st.epWar[e] && st.epSide[e]![actor]) return warIntensity(st, e);
    return 0;
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

  /**
   * Every collective-defence alliance's surge integral (mean member surge level × days, the
   * C_deterrence surge term of §4.12). Each alliance's own members, whichever alliance's trigger
   * started a member's war economy (a member of two alliances surges once, for both).
   */
  private addSurgeIntegral(days: number): void {
    const st = this.st;
    const cd = st.cdAlliances;
    for (let q = 0; q < cd.length; q++) {
      const k = cd[q]!;
      const m = this.sc.alliances[k]!.members;
      let s = 0;
      for (let r = 0; r < m.length; r++) s += surgeLevel(st, m[r]!);
      st.alSurgeIntegral[k] = st.alSurgeIntegral[k]! + (s / m.length) * days;
    }
  }

  /** Has any alliance triggered its war economy (only then can a member's surge level be > 0)? */
  private anySurge(): boolean {
    const st = this.st;
    for (let k = 0; k < st.nAl; k++) if (st.allianceSurge[k]) return true;
    return false;
  }

  private sample(w: number): void {
    const st = this.st;
    const se = this.series!;
    if (w >= se.weeks) return;
    for (let t = 0; t < st.nT; t++) se.rung[t]![w] = st.rung[t]!;
    const f = st.focal;
    if (f >= 0) {
      const m = this.sc.alliances[f]!.members;
      se.cohesion[w] = st.allianceCohesion(f);
      se.credibilityDebt[w] = st.debtNow(f);
      let pmax = 0, stock = 0;
      for (let k = 0; k < m.length; k++) {
        const mk = m[k]!;
        // Stored pressure bounds the decayed value from above: a member whose stored pressure is
        // no more than the running maximum cannot raise it (skips the decay's exp, same result).
        if (st.pressure[mk]! > pmax) {
          const pr = st.pressureNow(mk);
          if (pr > pmax) pmax = pr;
        }
        stock += st.stockpile[mk]!;
      }
      se.pressure[w] = pmax;
      se.stockpileAlliance[w] = stock / m.length;
    } else {
      se.cohesion[w] = NaN; se.credibilityDebt[w] = NaN; se.pressure[w] = NaN; se.stockpileAlliance[w] = NaN;
    }
    const pa = this.sc.partners[0];
    se.stockpilePartner[w] = pa ? st.stockpile[pa.actorIx]! : NaN;
    const adv = this.mainAdversary();
    se.stockpileAdversary[w] = adv >= 0 ? st.stockpile[adv]! : NaN;
  }

  /** The first partner's most powerful enemy at day 0 (the first initial war's side A otherwise). */
  private mainAdversaryIx = -2;
  private mainAdversary(): number {
    if (this.mainAdversaryIx !== -2) return this.mainAdversaryIx;
    let best = -1;
    for (const th of this.sc.theatres) for (const ep of th.initialEpisodes) if (ep.war && best < 0) best = ep.sideA;
    this.mainAdversaryIx = best;
    return best;
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
      this.processAction(i, a, NONE, NONE, -1, NONE);
      return;
    }
    // Tracing: the decision as the hazards stood when the clock fired (before the act changes them).
    const decision = buildDecision(st, s, a, this.sc.actors.activity[i]! * st.aBase[a]!);
    const id = this.processAction(i, a, NONE, NONE, -1, NONE);
    if (id >= 0) st.explain.decisions.set(id, decision);
  }

  private dispatch(): void {
    const st = this.st;
    const ev = this.ev;
    switch (ev.kind) {
      case EV.attribution:
        this.onAttributed(ev.a, ev.b === 1, ev.c === 1);
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
        const id = this.processAction(inj.actorIx, inj.actionIx, inj.targetIx, inj.theatreIx, inj.deliberate, NONE, true);
        if (id >= 0 && st.explain !== null) st.explain.reasons.set(id, [`scripted: injects[${ev.a}] on day ${inj.day}`]);
        break;
      }
      case EV.spillover:
        this.processSpillover(ev.a, ev.b, ev.c);
        break;
      default:
        throw new Error(`unknown scheduled event kind ${ev.kind}`);
    }
  }

  /**
   * An action by actor i (chosen, injected or a spillover). `forced`: for accidental actions,
   * −1 draw the reading, 0 accidental, 1 deliberate. `cause`: the event this one responds to.
   */
  processAction(i: number, a: number, targetHint: number, theatreHint: number, forced: number, cause: number, injected = false): number {
    const st = this.st;
    const p = st.p;
    const n = st.n;
    const kk = kindKey(st, i, a);
    const count = st.kindCount[kk]!;
    const j = targetHint >= 0 ? targetHint : chooseTarget(st, i, a, count);
    if (st.aTarget[a] !== TK.none && j < 0) return NONE;
    st.kindCount[kk] = count + 1;
    const theatre = theatreHint >= 0 ? theatreHint : j >= 0 ? st.pairTheatre[i * n + j]! : st.primaryTheatre[i]!;
    let id: number;
    if (injected) {
      // A scripted event has no endogenous causes: the scenario forced it (D32).
      id = emit(st, i, a, j, theatre, NONE);
      st.log.injected[id] = 1;
    } else {
      let primary = cause;
      if (primary === NONE && j >= 0 && st.aKinetic[a] && st.retaliationUntil[i * n + j]! > st.t) primary = st.retaliationEvent[i * n + j]!;
      id = emit(st, i, a, j, theatre, primary);
      // Causes: the strongest earlier events that raised this agent's hazards against this bloc,
      // and the escalation elsewhere whose coordination window is open (§4.8).
      const scope = j >= 0 ? st.blocIn(j, theatre) : -1;
      if (st.coordUntil[theatre]! > st.t && st.coordEvent[theatre]! >= 0 && this.coordinating[i] && st.aCat[a] !== CAT.deescalation) st.log.addCause(id, st.coordEvent[theatre]!);
      attachInfluences(st, st.log, id, i, MAX_CAUSES - 1, scope);
      // Tracing: an act no earlier event caused arises from standing state; name it (D32).
      if (st.explain !== null && st.log.causes[id * MAX_CAUSES] === NONE) st.explain.reasons.set(id, standingReasons(st, i, j, theatre, this.coordinating[i] === 1));
    }
    const cat = st.aCat[a]!;
    const eff = this.sc.actions[a]!.effects;

    if (cat === CAT.deescalation) {
      if (j >= 0) {
        const e = findEpisode(st, theatre, st.blocIn(i, theatre), st.blocIn(j, theatre));
        if (e >= 0) {
          if (st.epWar[e]) st.epTalksUntil[e] = st.t + p.quietDays;
          else st.epEnd[e] = st.t + (st.epEnd[e]! - st.t) / (1 + p.talksEndBoost * eff.deescalate);
        }
        deescalate(st, i, j, eff.deescalate);
        st.markDirty(j);
      }
      return id;
    }

    const sev = st.aSev[a]!;
    const accidental = st.aAccidental[a] === 1;
    const detected = injected || isDetected(st, i, a, count);
    // Direct effects, whether or not anyone notices.
    if (j >= 0) {
      if (eff.infoOps) infoOperation(st, j);
      // Damage to a member is C_risk of each collective-defence alliance it belongs to (§4.12).
      if (st.aCat[a] !== CAT.signal) st.addRiskTo(j, p.damagePerSeverity * sev);
      if (isEnemy(st, i, j)) {
        const e = findEpisode(st, theatre, st.blocIn(i, theatre), st.blocIn(j, theatre));
        if (e >= 0 && st.epWar[e]) {
          const sign = st.epSide[e]![i] === 1 ? 1 : -1;
          const b = st.epBalance[e]! + sign * p.strikeImpulse * eff.balance;
          st.epBalance[e] = b > 1 ? 1 : b < -1 ? -1 : b;
          // Strike campaigns wear down the enemy's capacity to fight (§4.13).
          if (eff.collapse > 0) st.warCapacity[j] = Math.max(0, st.warCapacity[j]! - p.strikeCapacityDamage * eff.collapse);
        }
        if (eff.homeland) {
          st.homelandHitDay[j] = st.t;
          this.partnerStrikeAttribution(i, j, a, id, count);
        }
      }
      if (eff.spilloverProb > 0 && st.rng.u(STREAM.spillover, kk, count) < eff.spilloverProb) st.sched.push(st.t, EV.spillover, id, kk, count);
    }
    if (!detected) {
      st.log.note[id] = NOTE.undetected;
      return id;
    }
    const rungOfEvent = accidental ? Math.min(st.aRung[a]!, p.accidentalRung) : st.aRung[a]!;
    if (rungOfEvent >= 0 && j >= 0) this.raise(theatre, i, j, rungOfEvent, id, st.aKinetic[a] === 1 && !accidental);
    if (j >= 0) st.addHostility(j, i, p.signalHostility * (sev / 10));
    if (st.aKinetic[a] && !accidental && j >= 0) {
      markBelligerent(st, i);
      markBelligerent(st, j);
      engageDomain(st, theatre, st.aDomain[a]!);
    }
    if (eff.costlySignal) {
      const al = st.allianceIn[i * st.nT + theatre]!;
      if (al >= 0) signalResolve(st, al, p.costlySignalResolve);
    }
    const attributed = accidental ? true : isAttributed(st, i, a, count);
    const deliberate = accidental ? (forced >= 0 ? forced === 1 : isMisattributed(st, i, a, count)) : true;
    const lag = p.attributionLagDays * Math.min(1, p.attributionLagDenyScale * st.aDeny[a]!);
    if (lag > 0) st.sched.push(st.t + lag, EV.attribution, id, attributed ? 1 : 0, deliberate ? 1 : 0);
    else this.onAttributed(id, attributed, deliberate);
    return id;
  }

  /** Open or raise an episode and the theatre's rung; a rung ≥ 5 kinetic event starts a war. */
  private raise(theatre: number, i: number, j: number, rung: number, id: number, deliberateKinetic: boolean): void {
    const st = this.st;
    const e = touchEpisode(st, theatre, i, j, rung, id);
    if (rung >= 5 && deliberateKinetic && !st.epWar[e]) {
      startWar(st, e, id);
      st.epBalance[e] = 0;
    }
    // A rung rise re-times only the agents acting in that theatre (and coordinating partners), so an
    // unrelated theatre keeps its common random numbers (MODEL.md §6).
    if (refreshTheatreRung(st, theatre, id)) markTheatreDirty(st, theatre, e);
    stampRung(st, id, theatre);
  }

  /** A partner's strike on the enemy homeland may be blamed on the alliance that armed it (§4.7). */
  private partnerStrikeAttribution(i: number, j: number, a: number, id: number, count: number): void {
    const st = this.st;
    const p = st.p;
    const pk = this.sc.actors.partnerIx[i]!;
    if (pk < 0) return;
    const al = this.sc.partners[pk]!.allianceIx;
    const pol = this.sc.alliances[al]!.policy;
    const prob = p.partnerStrikeAttribution * (pol.decoupledNarrative ? p.decoupledAttributionFactor : 1);
    if (st.rng.u(STREAM.partnerAttribution, kindKey(st, i, a), count) >= prob) return;
    const m = this.sc.alliances[al]!.members;
    for (let k = 0; k < m.length; k++) if (this.sc.relation[j * st.n + m[k]!]) st.addHostility(j, m[k]!, p.signalHostility * (st.aSev[a]! / 10));
    addInfluence(st, j, id, p.signalHostility * p.hostilityUtilityWeight * 10, st.n + al);
  }

  private onAttributed(id: number, attributed: boolean, deliberate: boolean): void {
    const st = this.st;
    const p = st.p;
    const log = st.log;
    const i = log.actor[id]!, a = log.action[id]!, j = log.target[id]!, theatre = log.theatre[id]!;
    if (!attributed) {
      log.note[id] = NOTE.unattributed;
      return;
    }
    const accidental = st.aAccidental[a] === 1;
    const count = st.attributedCount[i * st.nAct + a]!;
    st.attributedCount[i * st.nAct + a] = count + 1;
    if (accidental) {
      log.note[id] = deliberate ? NOTE.attributedDeliberate : NOTE.attributedAccidental;
      if (deliberate && j >= 0) {
        // Misread as deliberate: the stray missile now counts as a deliberate kinetic attack.
        this.raise(theatre, i, j, st.aRung[a]!, id, true);
        markBelligerent(st, i);
        markBelligerent(st, j);
        engageDomain(st, theatre, st.aDomain[a]!);
      }
    }
    if (j < 0) return;
    // Dyads: a deliberate, attributed kinetic strike of rung ≥ 4 by one state on the other.
    if (st.aKinetic[a] && deliberate && st.aRung[a]! >= 4 && i < st.n) st.dyadCombat(i, j);
    const eff = this.sc.actions[a]!.effects;
    const sev = st.aSev[a]!;
    st.addPressure(j, p.pressureEventWeight * (sev / 10) * eff.pressureMult);
    const al = st.allianceIn[j * st.nT + theatre]!;
    if (al < 0 || i >= st.n || this.sc.alliances[al]!.memberMask[i]) return;
    let armed = false;
    if (st.aKinetic[a] && deliberate) {
      armed = true;
      if (st.aRung[a]! >= 4) st.drawIn(al);
    } else if (eff.casualtiesMean > 0 && drawCasualties(st, i, a, count) > armedAttackThreshold(st, j)) {
      armed = true;
    }
    if (armed) {
      if (log.note[id] === 0) log.note[id] = NOTE.armedAttack;
      rally(st, al, p.rallyDelta);
      armedAttack(st, al, i, j, sev, id);
    } else if (!accidental) {
      addPending(st, al, sev, id);
    }
    if (!accidental || deliberate) {
      applyPlaybook(st, al, i, a, j, id, count);
      allianceStatement(st, al, i, id, kindKey(st, i, a), count);
    }
    maybeRequestArticle4(st, al, j, i, id);
    if (!accidental || deliberate) this.maybeUnilateral(al, j, i, a, id, theatre);
  }

  /** §4.4 unilateral response by member m to adversary adv when pressure exceeds its threshold. */
  private maybeUnilateral(al: number, m: number, adv: number, a: number, cause: number, theatre: number): void {
    const st = this.st;
    const p = st.p;
    const A = this.sc.actors;
    if (st.pressureNow(m) <= A.unilateralThreshold[m]!) return;
    if (st.t - st.unilateralLastDay[m]! < this.sc.alliances[al]!.article4CooldownDays) return;
    if (st.rng.u(STREAM.unilateral, m, Math.floor(st.t)) >= A.resolve[m]!) return;
    st.unilateralLastDay[m] = st.t;
    const kinetic = A.resolve[m]! >= p.unilateralKineticResolve && (st.aKinetic[a] === 1 || st.aSev[a]! >= p.unilateralKineticSeverity);
    if (kinetic) {
      const id = emit(st, m, st.sc.ruleActions.counterStrike, adv, theatre, cause);
      this.raise(theatre, m, adv, 4, id, true);
      st.retaliationUntil[adv * st.n + m] = st.t + p.retaliationWindowDays;
      if (st.t + p.retaliationWindowDays > st.retalMax[adv]!) st.retalMax[adv] = st.t + p.retaliationWindowDays;
      st.retaliationEvent[adv * st.n + m] = id;
      addInfluence(st, adv, id, p.retaliationBoost, st.blocIn(m, theatre));
      st.homelandHitDay[adv] = st.t;
      st.addHostility(adv, m, p.counterStrikeHostility);
      markBelligerent(st, m);
      markBelligerent(st, adv);
      engageDomain(st, theatre, st.aDomain[st.sc.ruleActions.counterStrike]!);
      st.drawIn(al);
      st.dyadCombat(m, adv);
    } else {
      const id = emit(st, m, st.sc.ruleActions.borderClosure, adv, theatre, cause);
      this.raise(theatre, m, adv, 2, id, false);
    }
    answer(st, al, adv);
    st.markDirty(adv);
  }

  /** A strike on a partner strays onto a member that borders it (§4.2 accidental events). */
  private processSpillover(src: number, kk: number, count: number): void {
    const st = this.st;
    const log = st.log;
    const i = log.actor[src]!, partner = log.target[src]!;
    const A = this.sc.actors;
    const n = st.n;
    let cnt = 0;
    for (let m = 0; m < n; m++) if (A.borders[partner * n + m] && A.allianceIx[m]! >= 0 && m !== i) cnt++;
    if (cnt === 0) return;
    // Keyed by the source strike's (actor, action, count), never by a global event id.
    let pick = Math.floor(st.rng.u(STREAM.spillover, kk ^ 0x5bd1e995, count) * cnt);
    for (let m = 0; m < n; m++) {
      if (!(A.borders[partner * n + m] && A.allianceIx[m]! >= 0 && m !== i)) continue;
      if (pick-- === 0) {
        this.processAction(i, st.sc.ruleActions.accidentalSpillover, m, log.theatre[src]!, -1, src);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- results
  private finish(seed: number, trajectory: number, opts: RunOptions): TrajectoryResult {
    const st = this.st;
    const sc = this.sc;
    const f = st.focal;
    {
      // The horizon's last, partial week of surge.
      const lastWeek = Math.floor((st.horizon - 1) / 7) * 7;
      const rest = st.horizon - lastWeek;
      if (rest > 0 && this.anySurge()) this.addSurgeIntegral(rest);
      const p = st.p;
      for (let q = 0; q < st.cdAlliances.length; q++) {
        const k = st.cdAlliances[q]!;
        const pol = sc.alliances[k]!.policy;
        st.alCostDeterrence[k] =
          (pol.forwardPosture * p.postureCostPerBrigadeDay + pol.readinessCostPerDay + pol.resilienceInvestment * p.resilienceCostPerUnitDay) * st.horizon +
          p.surgeCostPerDay * st.alSurgeIntegral[k]!;
      }
    }
    const maxRung: Record<string, number> = {};
    sc.theatres.forEach((t, k) => (maxRung[t.id] = st.maxRung[k]!));
    const maxMidLevelByActor: Record<string, number> = {};
    if (opts.trace || opts.midLevels) sc.actors.ids.forEach((id, k) => (maxMidLevelByActor[id] = st.maxMid[k]!));
    let openEpisodes = 0;
    for (let e = 0; e < st.epCount; e++) if (st.epActive[e]) openEpisodes++;
    // The first initial episode opens on day 0; it lasts to its end, or to the horizon.
    const firstEpisodeDays = this.hasInitialEpisode ? (st.firstEpisodeEnd >= 0 ? st.firstEpisodeEnd : st.horizon) : 0;
    const day = (x: number) => (x === Infinity ? -1 : x);
    let anyCd = Infinity;
    for (let k = 0; k < st.nAl; k++) if (sc.alliances[k]!.collectiveDefense && st.art5InvokedDay[k]! < anyCd) anyCd = st.art5InvokedDay[k]!;
    const drawnInDay = f >= 0 ? st.alDrawnInDay[f]! : Infinity;
    const costAid = f >= 0 ? st.alCostAid[f]! : 0, costDeterrence = f >= 0 ? st.alCostDeterrence[f]! : 0, costRisk = f >= 0 ? st.alCostRisk[f]! : 0;
    const outcome: Outcome = {
      drawnIn: drawnInDay !== Infinity,
      drawnInDay: day(drawnInDay),
      art4Count: f >= 0 ? st.alArt4Count[f]! : 0,
      art4FirstDay: f >= 0 ? day(st.alArt4FirstDay[f]!) : -1,
      art5: f >= 0 && st.art5InvokedDay[f] !== Infinity,
      art5Day: f >= 0 && st.art5InvokedDay[f] !== Infinity ? Math.floor(st.art5InvokedDay[f]!) : -1,
      anyCollectiveDefense: anyCd !== Infinity,
      anyCollectiveDefenseDay: anyCd !== Infinity ? Math.floor(anyCd) : -1,
      horizontal: st.horizontalDay !== Infinity,
      horizontalDay: day(st.horizontalDay),
      partnerCollapse: st.collapseDay !== Infinity,
      partnerCollapseDay: day(st.collapseDay),
      nuclearUse: st.nuclearDay !== Infinity,
      nuclearUseDay: day(st.nuclearDay),
      maxRung,
      costAid,
      costDeterrence,
      costRisk,
      costTotal: costAid + costDeterrence + costRisk,
      finalCohesion: f >= 0 ? st.allianceCohesion(f) : NaN,
      peakCredibilityDebt: f >= 0 ? st.peakDebt[f]! : 0,
      escalationScore: st.score,
      grayzoneCount: st.grayzone,
      eventCount: st.log.count,
      episodeCount: st.endedDurations.length + openEpisodes,
      pathway: this.pathway(),
      maxMidLevelByActor,
      firstEpisodeDays: Math.round(firstEpisodeDays),
      joiners: st.joiners,
      byAlliance: this.allianceOutcomes(opts),
      dyads: this.dyadOutcomes(opts),
    };
    return {
      seed,
      trajectory,
      outcome,
      episodeDurations: st.endedDurations,
      openEpisodes,
      events: opts.trace ? this.traceEvents() : null,
      series: this.series,
    };
  }

  /**
   * Per collective-defence alliance outcomes, in canonical order. With RunOptions.reuseOutcomeArrays
   * the arrays are this Simulator's own, overwritten by the next run (the Monte Carlo path: no
   * allocation per trajectory); otherwise fresh ones.
   */
  private allianceOutcomes(opts: RunOptions): AllianceOutcomes {
    const st = this.st;
    const cd = st.cdAlliances;
    let o = this.alOut;
    if (o === null || !opts.reuseOutcomeArrays) {
      const f = () => new Float64Array(cd.length);
      o = {
        ids: Array.from(cd, (k) => this.sc.alliances[k]!.id),
        focal: st.focal >= 0 ? this.sc.alliances[st.focal]!.id : '',
        drawnInDay: f(), art4Count: new Int32Array(cd.length), art4FirstDay: f(), art5Day: f(),
        costAid: f(), costDeterrence: f(), costRisk: f(), costTotal: f(), finalCohesion: f(), peakCredibilityDebt: f(),
      };
      // Typed arrays serialise as {"0": …}: JSON gets a record by alliance id instead. Not
      // enumerable, so a structured clone (postMessage) of a result still works.
      Object.defineProperty(o, 'toJSON', { value: allianceJson, enumerable: false });
      if (opts.reuseOutcomeArrays) this.alOut = o;
    }
    for (let q = 0; q < cd.length; q++) {
      const k = cd[q]!;
      o.drawnInDay[q] = st.alDrawnInDay[k] === Infinity ? -1 : st.alDrawnInDay[k]!;
      o.art4Count[q] = st.alArt4Count[k]!;
      o.art4FirstDay[q] = st.alArt4FirstDay[k] === Infinity ? -1 : st.alArt4FirstDay[k]!;
      o.art5Day[q] = st.art5InvokedDay[k] === Infinity ? -1 : Math.floor(st.art5InvokedDay[k]!);
      o.costAid[q] = st.alCostAid[k]!;
      o.costDeterrence[q] = st.alCostDeterrence[k]!;
      o.costRisk[q] = st.alCostRisk[k]!;
      o.costTotal[q] = st.alCostAid[k]! + st.alCostDeterrence[k]! + st.alCostRisk[k]!;
      o.finalCohesion[q] = st.allianceCohesion(k);
      o.peakCredibilityDebt[q] = st.peakDebt[k]!;
    }
    return o;
  }

  private dyadOutcomes(opts: RunOptions): DyadOutcomes {
    const st = this.st;
    let o = this.dyOut;
    if (o === null || !opts.reuseOutcomeArrays) {
      o = { keys: this.sc.dyads.map((d) => d.key), day: new Float64Array(st.dyadDay.length) };
      Object.defineProperty(o, 'toJSON', { value: dyadJson, enumerable: false });
      if (opts.reuseOutcomeArrays) this.dyOut = o;
    }
    for (let d = 0; d < st.dyadDay.length; d++) o.day[d] = st.dyadDay[d] === Infinity ? -1 : st.dyadDay[d]!;
    return o;
  }

  private actorName(k: number): string {
    return k < this.st.n ? this.sc.actors.ids[k]! : this.sc.alliances[k - this.st.n]!.id;
  }

  private pathway(): string {
    const st = this.st;
    const log = st.log;
    let e = st.pathwayEvent;
    if (e < 0) return '';
    const steps: string[] = [];
    while (e >= 0 && steps.length < PATHWAY_DEPTH) {
      // A scripted event (inject) is marked `inject:` (D32); it has no causes, so it ends the walk.
      steps.push(log.injected[e] ? `inject:${this.sc.actions[log.action[e]!]!.id}` : this.sc.actions[log.action[e]!]!.id);
      e = log.causes[e * MAX_CAUSES]!;
    }
    return steps.reverse().join(' > ');
  }

  private traceEvents(): TraceEvent[] {
    const st = this.st;
    const log = st.log;
    const out: TraceEvent[] = [];
    for (let id = 0; id < log.count; id++) {
      const causes: number[] = [];
      for (let k = 0; k < MAX_CAUSES; k++) {
        const c = log.causes[id * MAX_CAUSES + k]!;
        if (c >= 0) causes.push(c);
      }
      const a = this.sc.actions[log.action[id]!]!;
      const ev: TraceEvent = {
        id,
        day: log.day[id]!,
        actor: this.actorName(log.actor[id]!),
        action: a.id,
        category: a.category,
        target: log.target[id]! >= 0 ? this.actorName(log.target[id]!) : null,
        theatre: log.theatre[id]! >= 0 ? this.sc.theatres[log.theatre[id]!]!.id : null,
        rung: log.rung[id]!,
        causes,
      };
      const note = log.note[id]!;
      if (note && NOTE_TEXT[note]) ev.note = NOTE_TEXT[note] + (note === NOTE.voteFailed || note === NOTE.voteClosed ? ` (${Math.round(log.noteVal[id]! * 100)}% yes)` : '');
      else if (a.id === 'article-5-invocation' || a.id === 'article-5-vote') ev.note = `${Math.round(log.noteVal[id]! * 100)}% yes`;
      if (log.injected[id]) ev.injected = true;
      const reasons = st.explain?.reasons.get(id);
      if (reasons !== undefined && (causes.length === 0 || log.injected[id])) ev.reasons = reasons;
      const decision = st.explain?.decisions.get(id);
      if (decision !== undefined) ev.decision = decision;
      out.push(ev);
    }
    return out;
  }
}

export function createSimulator(sc: CompiledScenario): Simulator {
  return new Simulator(sc);
}

