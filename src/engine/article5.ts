/**
 * Article 5 and the consensus vote (MODEL.md §4.5, seed 003 "The Consensus Requirement as a
 * Stabilizing Friction", "Interoperability"). Only an armed attack (attribution.ts) opens a
 * deliberation. Member k votes yes when
 *     solidarity_k · cohesion_k · threat_k + ε_k > domesticThreshold_k,
 * threat_k = threat × proximityWeight for members bordering the attacker or hosting the target,
 * ε_k ~ N(0, voteNoise) drawn once per deliberation. A failed round is repeated after
 * deliberationDays only while attacks go on (each raises threat, saturating); threat decays
 * with threatHalfLifeDays when they stop; after maxVoteRounds the deliberation closes.
 * Invocation raises the episode to rung 5 (war) with every member a belligerent, their forces
 * arriving after lead = baseLeadDays · (1 + (1 − interoperability) · interopPenalty).
 */
import { normalFromUniform, STREAM } from '../random/index.js';
import { rally } from './cohesion.js';
import { emit, stampRung } from './emit.js';
import { addBelligerent, markTheatreDirty, refreshTheatreRung, startWar, touchEpisode } from './episodes.js';
import { EV, NOTE } from './log.js';
import { type State } from './state.js';
import { exp2 } from './fast-math.js';

export function leadTimeDays(st: State, al: number): number {
  const p = st.p;
  return p.baseLeadDays * (1 + (1 - st.sc.alliances[al]!.interoperability) * p.interopPenalty);
}

/** An armed attack by `attacker` on member `target` of alliance `al` (event ev, severity sev). */
export function armedAttack(st: State, al: number, attacker: number, target: number, sev: number, ev: number): void {
  const p = st.p;
  if (st.art5InvokedT[al]! < Infinity) return; // already at war under Article 5: the war equation carries it
  if (st.art5Open[al]) {
    const now = threatNow(st, al);
    st.art5Threat[al] = now + p.threatIncrement * (1 - now);
    st.art5LastAttackT[al] = st.t;
    return;
  }
  const alliance = st.sc.alliances[al]!;
  st.art5Open[al] = 1;
  st.art5Round[al] = 0;
  st.art5Threat[al] = Math.min(1, sev / 10);
  st.art5LastAttackT[al] = st.t;
  st.art5LastRoundT[al] = st.t;
  st.art5Attacker[al] = attacker;
  st.art5Target[al] = target;
  st.art5Event[al] = ev;
  const deliberation = st.art5Count[al]!;
  st.art5Count[al] = deliberation + 1;
  // ε drawn once per deliberation per member (not per round).
  for (let mq = 0, ms = alliance.members; mq < ms.length; mq++) { const m = ms[mq]!;
    st.voteNoise[m] = p.voteNoise * normalFromUniform(st.rng.u(STREAM.voteNoise, m, al * 4096 + deliberation));
  }
  st.sched.push(st.t + alliance.deliberationDays, EV.art5Round, al);
}

function threatNow(st: State, al: number): number {
  return st.art5Threat[al]! * exp2(-(st.t - st.art5LastAttackT[al]!) / st.p.threatHalfLifeDays);
}

/** Share of members voting yes in this round. */
export function yesShare(st: State, al: number): number {
  const p = st.p;
  const A = st.sc.actors;
  const alliance = st.sc.alliances[al]!;
  const attacker = st.art5Attacker[al]!;
  const target = st.art5Target[al]!;
  const threat = threatNow(st, al);
  let yes = 0;
  for (let mq = 0, ms = alliance.members; mq < ms.length; mq++) { const m = ms[mq]!;
    const near = m === target || A.borders[m * st.n + attacker] === 1;
    const th = threat * (near ? p.proximityWeight : 1);
    if (A.solidarity[m]! * st.cohesion[m]! * th + st.voteNoise[m]! > A.domesticThreshold[m]!) yes++;
  }
  return yes / alliance.members.length;
}

export function voteRound(st: State, al: number): void {
  if (!st.art5Open[al]) return;
  const alliance = st.sc.alliances[al]!;
  const attacker = st.art5Attacker[al]!;
  const share = yesShare(st, al);
  const vote = emit(st, st.n + al, st.sc.ruleActions.article5Vote, attacker, st.pairTheatre[attacker * st.n + st.art5Target[al]!]!, st.art5Event[al]!);
  st.log.noteVal[vote] = share;
  if (share >= alliance.quorumShare - 1e-12) {
    invoke(st, al, vote);
    return;
  }
  const round = st.art5Round[al]! + 1;
  st.art5Round[al] = round;
  const attacksSinceLastRound = st.art5LastAttackT[al]! > st.art5LastRoundT[al]!;
  if (round < alliance.maxVoteRounds && attacksSinceLastRound) {
    st.log.note[vote] = NOTE.voteFailed;
    st.art5LastRoundT[al] = st.t;
    st.sched.push(st.t + alliance.deliberationDays, EV.art5Round, al);
  } else {
    st.log.note[vote] = NOTE.voteClosed;
    st.art5Open[al] = 0;
  }
}

function invoke(st: State, al: number, vote: number): void {
  const alliance = st.sc.alliances[al]!;
  const attacker = st.art5Attacker[al]!;
  const target = st.art5Target[al]!;
  st.art5Open[al] = 0;
  st.art5InvokedT[al] = st.t;
  const theatre = st.pairTheatre[attacker * st.n + target]!;
  const id = emit(st, st.n + al, st.sc.ruleActions.article5Invocation, attacker, theatre, st.art5Event[al]!);
  st.log.addCause(id, vote);
  st.log.noteVal[id] = st.log.noteVal[vote]!;
  const e = touchEpisode(st, theatre, attacker, target, 5, id);
  startWar(st, e, id);
  // Members join the side opposite the attacker (whoever opened the episode).
  const attackerSide = st.epSide[e]![attacker]!;
  const targetSide = attackerSide ? 3 - attackerSide : st.epSide[e]![target] || 2;
  for (let mq = 0, ms = alliance.members; mq < ms.length; mq++) { const m = ms[mq]!;
    if (!st.epSide[e]![m]) {
      if (!st.belligerentEver[m]) st.joiners++;
      addBelligerent(st, e, m, targetSide, id);
    }
  }
  st.arrivalT[al] = st.t + leadTimeDays(st, al);
  rally(st, al, st.p.rallyDelta);
  refreshTheatreRung(st, theatre, id);
  stampRung(st, id, theatre);
  st.drawIn(al);
  markTheatreDirty(st, theatre, e);
}
