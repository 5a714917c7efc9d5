/**
 * Signalling and spirals (MODEL.md §4.10, seed 000 §5). Hostility i→j is bounded, relaxes to
 * its baseline (hostilityHalfLifeDays, weekly step over the pairs that moved), and rises with
 * hostile events and provocative statements; de-escalation lowers it faster. Statements move
 * perceived resolve a little (cheap talk), deployments and surges more (costly signals). The
 * alliance's `signallingStance` sets its statement mix.
 */
import { STREAM } from '../random/index.js';
import { emit } from './emit.js';
import { addInfluence } from './influence.js';
import type { State } from './state.js';
import { exp2 } from './fast-math.js';

/** Stance factors: resolve multiplier and whether statements provoke (restrained, firm, provocative). */

/** Move agents' perceived resolve toward alliance al by `d` (saturating). */
export function signalResolve(st: State, al: number, d: number): void {
  for (let s = 0; s < st.agents.length; s++) {
    const k = s * st.nAl + al;
    const r = st.resolveToward[k]!;
    st.resolveToward[k] = r + d * (1 - r);
  }
}

/** The alliance answers an attributed hostile event by adversary `adv` with a statement (by chance). */
export function allianceStatement(st: State, al: number, adv: number, cause: number, keyA: number, keyB: number): void {
  const p = st.p;
  if (st.rng.u(STREAM.statement, keyA, keyB) >= p.statementProb) return;
  const pol = st.sc.alliances[al]!.policy;
  const id = emit(st, st.n + al, st.sc.ruleActions.allianceStatement, adv, st.primaryTheatre[adv]!, cause);
  const stanceFactor = pol.stance === 0 ? p.restrainedResolveFactor : pol.stance === 2 ? p.provocativeResolveFactor : 1;
  signalResolve(st, al, p.cheapTalkResolve * stanceFactor);
  if (pol.stance === 2) {
    const m = st.sc.alliances[al]!.members;
    for (let k = 0; k < m.length; k++) if (st.sc.relation[adv * st.n + m[k]!]) st.addHostility(adv, m[k]!, p.provocationHostility);
    addInfluence(st, adv, id, p.provocationHostility * p.hostilityUtilityWeight * 10, st.n + al);
    st.markDirty(adv);
  }
}

/** Weekly relaxation of hostility toward baseline over the pairs that moved. */
export function relaxHostility(st: State, days: number): void {
  const f = exp2(-days / st.p.hostilityHalfLifeDays);
  let w = 0;
  for (let q = 0; q < st.touchedCount; q++) {
    const k = st.touched[q]!;
    const h0 = st.sc.hostility0[k]!;
    let h = h0 + (st.hostility[k]! - h0) * f;
    if (Math.abs(h - h0) < 1e-4) {
      h = h0;
      st.touchedFlag[k] = 0;
    } else st.touched[w++] = k;
    st.hostility[k] = h;
  }
  // Written directly: the group sums once, from scratch.
  if (st.touchedCount > 0) st.sumHostility();
  st.touchedCount = w;
  // Perceived resolve of alliances relaxes too (signals fade).
  for (let k = 0; k < st.resolveToward.length; k++) {
    const r0 = st.resolveToward0[k]!;
    st.resolveToward[k] = r0 + (st.resolveToward[k]! - r0) * f;
  }
}

/** A de-escalation action between i and j: both sides keep only deescalationFactor of their hostility excess. */
export function deescalate(st: State, i: number, j: number, strength: number): void {
  const keep = 1 - (1 - st.p.deescalationFactor) * strength;
  // Both directions, i→j then j→i (written out: the array of pairs was allocated on every call).
  for (let q = 0; q < 2; q++) {
    const x = q === 0 ? i : j, y = q === 0 ? j : i;
    const k = x * st.n + y;
    const h0 = st.sc.hostility0[k]!;
    const h = st.hostility[k]!;
    if (h > h0) st.addHostility(x, y, -(1 - (h0 + (h - h0) * keep) / h));
  }
}
