/**
 * Article 4 consultation (MODEL.md §4.4, seed 003 "Redefining Article 4"). A member requests
 * consultation when its domestic pressure exceeds art4Threshold / article4Propensity and its own
 * cooldown has passed. Requests while a consultation is open join it (a joint request counts
 * once). The consultation takes deliberationDays, raises every member's cohesion, relieves the
 * requesters' pressure, and with art4ResponseProb ends in a package (sanctions and flank
 * reinforcement) that answers pending events and is a costly signal.
 */
import { STREAM } from '../random/index.js';
import { answer } from './credibility.js';
import { rally } from './cohesion.js';
import { emit } from './emit.js';
import { EV, NOTE } from './log.js';
import { signalResolve } from './signalling.js';
import type { State } from './state.js';

/**
 * Whether attributed act a on member j may prompt j's Article 4 request (D79): a military act
 * (score class posturing, violent, nuclear) always may; a nonviolent one (cyber, sabotage,
 * migration, jamming, disinformation, energy) with chance art4NonviolentTriggerProb, drawn per
 * (member, day). Every act still builds the pressure the request reads (act.ts).
 */
export function mayPromptArticle4(st: State, a: number, j: number): boolean {
  if (st.aNonviolent[a] !== 1) return true;
  const q = st.p.art4NonviolentTriggerProb;
  if (q >= 1) return true;
  if (q <= 0) return false;
  return st.rng.u(STREAM.art4Nonviolent, j, Math.floor(st.t)) < q;
}

export function maybeRequestArticle4(st: State, al: number, member: number, adversary: number, cause: number): boolean {
  const A = st.sc.actors;
  const alliance = st.sc.alliances[al]!;
  const threshold = A.art4Threshold[member]! / alliance.policy.article4Propensity;
  if (st.pressureNow(member) <= threshold) return false;
  if (st.t - st.art4LastT[member]! < alliance.article4CooldownDays) return false;
  st.art4LastT[member] = st.t;
  if (st.art4EndT[al]! > st.t) {
    // Joins the consultation already open: one consultation.
    const open = st.art4EventId[al]!;
    st.log.addCause(open, cause);
    return true;
  }
  const id = emit(st, member, st.sc.ruleActions.article4Consultation, adversary, st.primaryTheatre[member]!, cause);
  st.art4EventId[al] = id;
  st.art4EndT[al] = st.t + alliance.deliberationDays;
  st.alArt4Count[al] = st.alArt4Count[al]! + 1;
  if (st.alArt4FirstDay[al] === Number.POSITIVE_INFINITY) st.alArt4FirstDay[al] = st.day;
  // Outcome art4Days: the whole days [⌊t⌋, ⌈t + deliberation⌉) within the horizon, each counted
  // once (a consultation can open on the day the previous one ended). Read only by the observer.
  const until = Math.min(st.horizon, Math.ceil(st.t + alliance.deliberationDays));
  const from = Math.max(st.day, st.alArt4DaysUntil[al]!);
  if (until > from) {
    st.alArt4Days[al] = st.alArt4Days[al]! + (until - from);
    st.alArt4DaysUntil[al] = until;
  }
  st.sched.push(st.t + alliance.deliberationDays, EV.art4End, al);
  return true;
}

export function endArticle4(st: State, al: number): void {
  const p = st.p;
  const alliance = st.sc.alliances[al]!;
  const ev = st.art4EventId[al]!;
  const adversary = st.log.target[ev]!;
  rally(st, al, p.art4CohesionGain);
  // Relieve the pressure of every member that requested during this consultation.
  const opened = st.t - alliance.deliberationDays - 1e-9;
  for (let mq = 0, ms = alliance.members; mq < ms.length; mq++) { const m = ms[mq]!; if (st.art4LastT[m]! >= opened) st.addPressure(m, -p.art4PressureRelief); }
  // Keyed by the day the consultation opened (one per alliance at a time, lasting ≥ 1 day), not by
  // its event id, which depends on events elsewhere (MODEL.md §6).
  if (st.rng.u(STREAM.art4Outcome, al, st.log.day[ev]!) < p.art4ResponseProb && adversary >= 0) {
    const s = emit(st, st.n + al, st.sc.ruleActions.sanctions, adversary, st.primaryTheatre[adversary]!, ev);
    st.log.note[s] = NOTE.sanctionsPackage;
    st.sanctioned[adversary] = st.sanctioned[adversary]! + p.art4SanctionsStep * (1 - st.sanctioned[adversary]!);
    emit(st, st.n + al, st.sc.ruleActions.reinforceFlank, adversary, st.primaryTheatre[adversary]!, ev);
    signalResolve(st, al, p.costlySignalResolve);
    answer(st, al, adversary);
    st.markDirty(adversary);
  }
}
