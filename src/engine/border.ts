/**
 * The border effect on reciprocation (docs/model.md §6 (q), docs/decisions.md D70): a hostile act
 * by a state that borders its target adds borderHostility × severity/10 to the target's hostility
 * toward it, beside the signalHostility × severity/10 every hostile act adds. Hostility raises the
 * utility of hostile actions against its object (hostilityUtilityWeight, §4.10), so a neighbour's
 * incursion is answered more readily than a distant state's. Sources: Bremer, "Dangerous Dyads"
 * (JCR 36(2), 1992); Senese & Vasquez, *The Steps to War* (2008); seed 003 ("the risk of being
 * drawn in is a function of geography rather than intent"). 2025 meaning: frontline members
 * (Poland, the Baltic states, Finland) answer incursions by Russia and Belarus more readily than
 * distant members. With borderHostility 0 the increment is bit-for-bit engine 0.2's.
 */
import type { State } from './state.js';

/** Hostility actor j's target gains toward author i for a detected hostile act of severity sev. */
export function actHostility(st: State, i: number, j: number, sev: number): number {
  const p = st.p;
  const w = p.borderHostility !== 0 && i < st.n && st.sc.actors.borders[i * st.n + j] === 1 ? p.signalHostility + p.borderHostility : p.signalHostility;
  return w * (sev / 10);
}
