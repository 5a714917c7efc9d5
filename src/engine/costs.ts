/**
 * Cost accounts (MODEL.md §4.12). C_aid and C_risk accrue where aid is paid and damage is done
 * (aid.ts, State.addRiskTo); this module keeps the war-economy surge integral (weekly, and the
 * horizon's last partial week) and closes C_deterrence at the horizon: posture, readiness and
 * resilience per day over the horizon plus surgeCostPerDay × the surge integral. Functions of the State.
 */
import { surgeLevel } from './industry.js';
import type { State } from './state.js';

/** Has any alliance triggered its war economy (only then can a member's surge level be > 0)? */
export function anySurge(st: State): boolean {
  for (let k = 0; k < st.nAl; k++) if (st.allianceSurge[k]) return true;
  return false;
}

/**
 * Every collective-defence alliance's surge integral (mean member surge level × days, the
 * C_deterrence surge term of §4.12). Each alliance's own members, whichever alliance's trigger
 * started a member's war economy (a member of two alliances surges once, for both).
 */
export function addSurgeIntegral(st: State, days: number): void {
  const cd = st.cdAlliances;
  for (let q = 0; q < cd.length; q++) {
    const k = cd[q]!;
    const m = st.sc.alliances[k]!.members;
    let s = 0;
    for (let r = 0; r < m.length; r++) s += surgeLevel(st, m[r]!);
    st.alSurgeIntegral[k] = st.alSurgeIntegral[k]! + (s / m.length) * days;
  }
}

/** The weekly surge term: `days` since the last weekly step. */
export function weeklyCosts(st: State, days: number): void {
  if (anySurge(st)) addSurgeIntegral(st, days);
  // else every member's surge level is 0 and the integrals would gain exactly 0
}

/** At the horizon: the last, partial week of surge, then every collective-defence alliance's C_deterrence. */
export function closeCosts(st: State): void {
  const lastWeek = Math.floor((st.horizon - 1) / 7) * 7;
  const rest = st.horizon - lastWeek;
  if (rest > 0 && anySurge(st)) addSurgeIntegral(st, rest);
  const p = st.p;
  for (let q = 0; q < st.cdAlliances.length; q++) {
    const k = st.cdAlliances[q]!;
    const pol = st.sc.alliances[k]!.policy;
    st.alCostDeterrence[k] =
      (pol.forwardPosture * p.postureCostPerBrigadeDay + pol.readinessCostPerDay + pol.resilienceInvestment * p.resilienceCostPerUnitDay) * st.horizon +
      p.surgeCostPerDay * st.alSurgeIntegral[k]!;
  }
}
