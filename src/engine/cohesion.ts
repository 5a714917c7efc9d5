/**
 * Information operations and cohesion (MODEL.md §4.9, seed 000 §8). Cohesion is bounded in
 * [0,1], falls with information operations (× infoSusceptibility) and burden-sharing disputes,
 * rises with shared attacks and Article 4 consultations, and relaxes to its baseline
 * (cohesionHalfLifeDays), applied at the weekly step.
 */
import type { CohesionPlan } from './caches.js';
import type { State } from './state.js';
import { exp2 } from './fast-math.js';

export function infoOperation(st: State, target: number): void {
  const d = st.p.infoOpsDelta * st.infoSusc[target]!;
  st.setCohesion(target, st.cohesion[target]! * (1 - d));
}

/** Every member of alliance al gains `delta` (saturating). */
export function rally(st: State, al: number, delta: number): void {
  const m = st.sc.alliances[al]!.members;
  for (let k = 0; k < m.length; k++) {
    const i = m[k]!;
    st.setCohesion(i, st.cohesion[i]! + delta * (1 - st.cohesion[i]!));
  }
}

/** Per alliance: the members it steps (each actor once, by its first alliance) and its share below the spending norm. */
function planOf(st: State): CohesionPlan {
  let pl = st.cohesionPlan;
  if (pl === null) {
    const A = st.sc.actors;
    const own: Int32Array[] = [];
    const belowShare = new Float64Array(st.nAl);
    for (let k = 0; k < st.nAl; k++) {
      const al = st.sc.alliances[k]!;
      let below = 0;
      for (const m of al.members) if (A.spendingShareGdp[m]! < st.p.spendingNormGdp) below++;
      belowShare[k] = below / al.members.length;
      own.push(Int32Array.from(al.members.filter((m) => st.alliancesOf[m]![0] === k)));
    }
    pl = { own, belowShare };
    st.cohesionPlan = pl;
  }
  return pl;
}

/** Weekly: relaxation to baseline, burden-sharing drag, resilience investment. */
export function weeklyCohesion(st: State, days: number): void {
  const p = st.p;
  const A = st.sc.actors;
  const pl = planOf(st);
  const relax = exp2(-days / p.cohesionHalfLifeDays);
  const cohesion = st.cohesion, c0s = A.cohesion0;
  for (let k = 0; k < st.nAl; k++) {
    const al = st.sc.alliances[k]!;
    if (!al.collectiveDefense) continue;
    const drag = p.burdenSharingDelta * (days / 7) * pl.belowShare[k]!;
    const invest = al.policy.resilienceInvestment;
    const own = pl.own[k]!;
    for (let mq = 0; mq < own.length; mq++) {
      const m = own[mq]!;
      const c0 = c0s[m]!;
      let c = c0 + (cohesion[m]! - c0) * relax;
      c -= drag * c;
      cohesion[m] = c < 0 ? 0 : c > 1 ? 1 : c;
      if (invest > 0) {
        const r = p.resilienceRatePerDay * invest * days;
        st.resilience[m] = st.resilience[m]! + Math.min(1, r) * (1 - st.resilience[m]!);
        st.infoSusc[m] = st.infoSusc[m]! * (1 - Math.min(1, r));
      }
    }
  }
  // The members' values were written directly: the alliance and group sums once, from scratch.
  st.sumVulnerability();
}
