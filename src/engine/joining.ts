/**
 * Joining below war (docs/model.md §6 (q), docs/decisions.md D69). Before issue 17 an ally could
 * enter a dispute only through Article 5, which makes it a war; in MID most joiners join below war
 * and in ICB horizontal escalation is mostly high involvement short of war. Here, when an
 * attributed hostile act of severity ≥ joinMinSeverity by a non-member hits member j of
 * collective-defence alliance al, each other member m that has not yet joined this episode takes
 * part at the dispute's current rung — a flank reinforcement (catalog `reinforce-flank`, MID level
 * 3) authored by m against the attacker, a costly signal of the alliance — with probability
 *     joinBelowWarProb × solidarity_m × cohesion_m × severity/10 × (proximityWeight if m borders
 *     the attacker or the target, else 1) × min(1, power_m / power_attacker)^joinPowerExponent,
 *     capped at 1,
 * before and without Article 5. The episode's rung is not raised (joining, not escalating).
 * Sources: Siverson & Starr, *The Diffusion of War* (1991); Leeds, "Do Alliances Deter
 * Aggression?" (AJPS 47(3), 2003); seed 000 §2; seed 003 (Article 4, "high-support,
 * low-involvement"). 2025 meaning: allied forward deployments and reinforcement after an incident.
 */
import { mix32, STREAM } from '../random/index.js';
import { emit } from './emit.js';
import { findEpisode } from './episodes.js';
import { signalResolve } from './signalling.js';
import type { State } from './state.js';

/** Members of alliance al may join their attacked ally j below war (adv's attributed act a, event `cause`). */
export function maybeJoinBelowWar(st: State, al: number, j: number, adv: number, a: number, cause: number, theatre: number): number {
  const p = st.p;
  if (p.joinBelowWarProb === 0) return 0;
  const sev = st.aSev[a]!;
  if (sev < p.joinMinSeverity || adv >= st.n) return 0;
  if (st.art5InvokedT[al]! < Infinity) return 0; // already at war under Article 5
  const e = findEpisode(st, theatre, st.blocIn(adv, theatre), st.blocIn(j, theatre));
  if (e < 0 || st.epWar[e]) return 0; // below war only
  const open = st.epOpen[e]!;
  const A = st.sc.actors;
  const n = st.n;
  const members = st.sc.alliances[al]!.members;
  // Keyed by the attacker's count of attributed acts of this kind: independent of other theatres' events.
  const key = mix32(adv * st.nAct + a) ^ st.attributedCount[adv * st.nAct + a]!;
  let joined = 0;
  for (let q = 0; q < members.length; q++) {
    const m = members[q]!;
    if (m === j || m === adv) continue;
    const slot = m * st.nT + theatre;
    if (st.joinOpen[slot] === open) continue; // joined this episode already
    const near = A.borders[m * n + adv] === 1 || A.borders[m * n + j] === 1;
    let prob = p.joinBelowWarProb * A.solidarity[m]! * st.cohesion[m]! * (sev / 10) * (near ? p.proximityWeight : 1);
    if (p.joinPowerExponent !== 0) {
      const pa = A.power[adv]!;
      prob *= pa > 0 ? Math.min(1, A.power[m]! / pa) ** p.joinPowerExponent : 1;
    }
    if (st.rng.u(STREAM.joinBelowWar, m, key) >= prob) continue;
    st.joinOpen[slot] = open;
    emit(st, m, st.sc.ruleActions.reinforceFlank, adv, theatre, cause);
    joined++;
  }
  if (joined > 0) {
    st.alJoinsBelowWar[al] = st.alJoinsBelowWar[al]! + joined;
    // The joiners' deployments are a costly signal of the alliance's resolve (§4.10).
    signalResolve(st, al, p.costlySignalResolve);
    st.markAllianceDirty(al);
    st.markDirty(adv);
  }
  return joined;
}
