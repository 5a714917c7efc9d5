/**
 * The war-economy trigger (MODEL.md §4.11): a collective-defence alliance switches its industry to
 * a war footing (industry.ts triggerSurge) on the first day a theatre where it stands reaches its
 * policy's surge rung. Checked once a day by the event loop. A function of the State.
 */
import { triggerSurge } from './industry.js';
import type { State } from './state.js';

export function checkWarEconomy(st: State): void {
  for (let k = 0; k < st.nAl; k++) {
    const al = st.sc.alliances[k]!;
    if (!al.collectiveDefense || st.allianceSurge[k]) continue;
    for (let t = 0; t < st.nT; t++) {
      if (st.alliancePower[k * st.nT + t]! > 0 && st.rung[t]! >= al.policy.surgeTrigger) {
        triggerSurge(st, k);
        break;
      }
    }
  }
}
