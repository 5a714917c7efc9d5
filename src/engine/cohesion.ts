/**
 * Information operations and cohesion (MODEL.md §4.9, seed 000 §8). Cohesion is bounded in
 * [0,1], falls with information operations (× infoSusceptibility) and burden-sharing disputes,
 * rises with shared attacks and Article 4 consultations, and relaxes to its baseline
 * (cohesionHalfLifeDays), applied at the weekly step.
 */
import type { CohesionPlan } from './caches.js';
import type { State } from './state.js';
import { exp2, powInt } from './fast-math.js';

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

/**
 * Every `days` (a multiple of 7: driftStepDays, D62), that many weekly steps of relaxation to
 * baseline, burden-sharing drag and resilience investment, in closed form. One weekly step is
 * c ← (c0 + (c − c0)·r)(1 − d) with r = 2^(−7/cohesionHalfLifeDays) and d = burdenSharingDelta ×
 * the alliance's share below the spending norm: affine, c ← a·c + b with a = r(1 − d),
 * b = c0(1 − r)(1 − d), so k weeks give c* + (c − c*)·a^k, c* = b/(1 − a). It stays in [0, 1]
 * (c* ∈ [0, c0]; the path is monotone). Resilience and susceptibility compound the weekly
 * f = min(1, resilienceRatePerDay·investment·7): 1 − res ← (1 − res)(1 − f)^k, susc ← susc·(1 − f)^k.
 */
export function weeklyCohesion(st: State, days: number): void {
  const p = st.p;
  const A = st.sc.actors;
  const pl = planOf(st);
  const weeks = Math.round(days / 7);
  const r = exp2(-7 / p.cohesionHalfLifeDays);
  const cohesion = st.cohesion, c0s = A.cohesion0;
  for (let k = 0; k < st.nAl; k++) {
    const al = st.sc.alliances[k]!;
    if (!al.collectiveDefense) continue;
    const keep = 1 - p.burdenSharingDelta * pl.belowShare[k]!;
    const a = r * keep;
    const ak = powInt(a, weeks);
    const invest = al.policy.resilienceInvestment;
    const fk = invest > 0 ? powInt(1 - Math.min(1, p.resilienceRatePerDay * invest * 7), weeks) : 1;
    const own = pl.own[k]!;
    for (let mq = 0; mq < own.length; mq++) {
      const m = own[mq]!;
      const c0 = c0s[m]!;
      const b = c0 * (1 - r) * keep;
      const cs = a < 1 ? b / (1 - a) : c0;
      const c = cs + (cohesion[m]! - cs) * ak;
      cohesion[m] = c < 0 ? 0 : c > 1 ? 1 : c;
      if (invest > 0) {
        st.resilience[m] = 1 - (1 - st.resilience[m]!) * fk;
        st.infoSusc[m] = st.infoSusc[m]! * fk;
      }
    }
  }
  // The members' values were written directly: the alliance and group sums once, from scratch.
  st.sumVulnerability();
}
