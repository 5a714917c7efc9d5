/**
 * Initiator satiation (docs/model.md §6 (q), docs/decisions.md D71): after each of its own
 * deliberate, detected uses of force (kinetic, MID level ≥ 4) a revisionist actor's satiation S
 * rises by 1 and then decays with satiationHalfLifeDays; its choosable uses of force and war lose
 * satiationWeight × revisionism × min(1, S) utility (added to the coercive-confidence term of
 * choice.ts, which applies to the same actions). It holds what it took: a fait accompli is
 * followed by a pause rather than by months of further force. Sources: Altman, "By Fait
 * Accompli, Not Coercion" (ISQ 61(4), 2017); Fearon, "Rationalist Explanations for War" (IO 49(3),
 * 1995). 2025 meaning: a limited grab in the Baltic followed by a pause. 0 when satiationWeight
 * is 0, without reading any state.
 */
import { exp2 } from './fast-math.js';
import type { State } from './state.js';

function level(st: State, i: number): number {
  const s = st.satiation[i]!;
  return s === 0 ? 0 : s * exp2(-(st.t - st.satiationT[i]!) / st.p.satiationHalfLifeDays);
}

/** Actor i used force (deliberate, detected, MID level ≥ 4): its satiation rises. */
export function satiate(st: State, i: number): void {
  if (st.p.satiationWeight === 0 || i >= st.n || !(st.sc.actors.revisionism[i]! > 0)) return;
  st.satiation[i] = level(st, i) + 1;
  st.satiationT[i] = st.t;
  st.markDirty(i);
}

/** Utility actor i's choosable uses of force and war lose to satiation now (≥ 0). */
export function satiationPenalty(st: State, i: number): number {
  const p = st.p;
  if (p.satiationWeight === 0) return 0;
  const s = level(st, i);
  return s === 0 ? 0 : p.satiationWeight * st.sc.actors.revisionism[i]! * Math.min(1, s);
}
