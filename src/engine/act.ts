/**
 * The action pipeline (MODEL.md §4.2): what happens when an actor acts (chosen by its hazard
 * clock, scripted by an inject, or a spillover), when an event is attributed after its lag, and how
 * an event raises its theatre's episode and rung (episodes.ts `raise`). The Simulator's event loop calls `processAction`
 * and `onAttributed`; the mechanisms they trigger (blame, unilateral response, spillover, Article
 * 4/5, playbooks …) live in their own modules. Functions of the State only: no module-level state.
 */
import { STREAM } from '../random/index.js';
import { armedAttack } from './article5.js';
import { mayPromptArticle4, maybeRequestArticle4 } from './article4.js';
import { armedAttackThreshold, drawCasualties, isAttributed, isDetected, isMisattributed, kindKey } from './attribution.js';
import { partnerStrikeBlame } from './blame.js';
import { chooseTarget, isEnemy } from './choice.js';
import { infoOperation, rally } from './cohesion.js';
import { addPending } from './credibility.js';
import { emit } from './emit.js';
import { engageDomain, findEpisode, markBelligerent, raise } from './episodes.js';
import { standingReasons } from './explain.js';
import { attachInfluences } from './influence.js';
import { EV, MAX_CAUSES, NOTE } from './log.js';
import { applyPlaybook } from './playbook.js';
import { allianceStatement, deescalate, signalResolve } from './signalling.js';
import { CAT, NONE, TK, type State } from './state.js';
import { maybeUnilateral } from './unilateral.js';
import { actHostility } from './border.js';
import { maybeJoinBelowWar } from './joining.js';
import { satiate } from './satiation.js';

/**
 * An action by actor i (chosen, injected or a spillover). `forced`: for accidental actions,
 * −1 draw the reading, 0 accidental, 1 deliberate. `cause`: the event this one responds to.
 * Returns the event id, or NONE when the action found no target.
 */
export function processAction(st: State, i: number, a: number, targetHint: number, theatreHint: number, forced: number, cause: number, injected = false): number {
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
    if (st.coordUntil[theatre]! > st.t && st.coordEvent[theatre]! >= 0 && st.coordinating[i] && st.aCat[a] !== CAT.deescalation) st.log.addCause(id, st.coordEvent[theatre]!);
    attachInfluences(st, st.log, id, i, MAX_CAUSES - 1, scope);
    // Tracing: an act no earlier event caused arises from standing state; name it (D32).
    if (st.explain !== null && st.log.causes[id * MAX_CAUSES] === NONE) st.explain.reasons.set(id, standingReasons(st, i, j, theatre, st.coordinating[i] === 1));
  }
  const cat = st.aCat[a]!;
  const eff = st.sc.actions[a]!.effects;

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
        st.homelandHitT[j] = st.t;
        partnerStrikeBlame(st, i, j, a, id, count);
      }
    }
    if (eff.spilloverProb > 0 && st.rng.u(STREAM.spillover, kk, count) < eff.spilloverProb) st.sched.push(st.t, EV.spillover, id, kk, count);
  }
  if (!detected) {
    st.log.note[id] = NOTE.undetected;
    return id;
  }
  const rungOfEvent = accidental ? Math.min(st.aRung[a]!, p.accidentalRung) : st.aRung[a]!;
  if (rungOfEvent >= 0 && j >= 0) raise(st, theatre, i, j, rungOfEvent, id, st.aKinetic[a] === 1 && !accidental);
  if (j >= 0) st.addHostility(j, i, actHostility(st, i, j, sev)); // border.ts: the border effect
  if (st.aKinetic[a] && !accidental && j >= 0) {
    if (st.aMid[a]! >= 4) satiate(st, i); // satiation.ts
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
  else onAttributed(st, id, attributed, deliberate);
  return id;
}

/** An event is attributed (or found unattributable) after its lag: the victim's side responds. */
export function onAttributed(st: State, id: number, attributed: boolean, deliberate: boolean): void {
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
      raise(st, theatre, i, j, st.aRung[a]!, id, true);
      markBelligerent(st, i);
      markBelligerent(st, j);
      engageDomain(st, theatre, st.aDomain[a]!);
    }
  }
  if (j < 0) return;
  // Dyads: a deliberate, attributed kinetic strike of rung ≥ 4 by one state on the other.
  if (st.aKinetic[a] && deliberate && st.aRung[a]! >= 4 && i < st.n) st.dyadCombat(i, j);
  const eff = st.sc.actions[a]!.effects;
  const sev = st.aSev[a]!;
  st.addPressure(j, p.pressureEventWeight * (sev / 10) * eff.pressureMult);
  const al = st.allianceIn[j * st.nT + theatre]!;
  if (al < 0 || i >= st.n || st.sc.alliances[al]!.memberMask[i]) return;
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
  if (mayPromptArticle4(st, a, j)) maybeRequestArticle4(st, al, j, i, id);
  if (!accidental || deliberate) {
    maybeUnilateral(st, al, j, i, a, id, theatre);
    maybeJoinBelowWar(st, al, j, i, a, id, theatre); // joining.ts
  }
}
