/**
 * Partner-strike blame (MODEL.md §4.7): a partner's strike on the enemy homeland may be blamed on
 * the alliance that armed it. The enemy's hostility toward the alliance's members rises and the
 * strike becomes an influence on the enemy's hazards toward that alliance. A function of the State.
 */
import { STREAM } from '../random/index.js';
import { kindKey } from './attribution.js';
import { addInfluence } from './influence.js';
import type { State } from './state.js';

/** Partner i struck enemy j's homeland with action a (event id, the count-th of its kind). */
export function partnerStrikeBlame(st: State, i: number, j: number, a: number, id: number, count: number): void {
  const p = st.p;
  const sc = st.sc;
  const pk = sc.actors.partnerIx[i]!;
  if (pk < 0) return;
  const al = sc.partners[pk]!.allianceIx;
  const pol = sc.alliances[al]!.policy;
  const prob = p.partnerStrikeAttribution * (pol.decoupledNarrative ? p.decoupledAttributionFactor : 1);
  if (st.rng.u(STREAM.partnerAttribution, kindKey(st, i, a), count) >= prob) return;
  const m = sc.alliances[al]!.members;
  for (let k = 0; k < m.length; k++) if (sc.relation[j * st.n + m[k]!]) st.addHostility(j, m[k]!, p.signalHostility * (st.aSev[a]! / 10));
  addInfluence(st, j, id, p.signalHostility * p.hostilityUtilityWeight * 10, st.n + al);
}
