/**
 * A trajectory's initial conditions, after State.reset: the scenario's initial episodes (e.g. the
 * 2025 proxy war in Europe) and their rungs, day-0 enabler supply, the alliance caches, and the
 * scenario's injects on the schedule. A function of the State.
 */
import { initEnablers } from './enablers.js';
import { refreshTheatreRung, startWar, touchEpisode } from './episodes.js';
import { refreshAllianceCaches } from './industry.js';
import { EV } from './log.js';
import { DOM, N_DOMAINS, NONE, type State } from './state.js';

export function startTrajectory(st: State): void {
  const sc = st.sc;
  let q = 0;
  for (let t = 0; t < st.nT; t++) {
    for (const ep of sc.theatres[t]!.initialEpisodes) {
      const e = touchEpisode(st, t, ep.sideA, ep.sideB, ep.rung, -(q + 2));
      st.epInitial[e] = q === 0 ? 1 : 2;
      q++;
      if (ep.war) {
        startWar(st, e, NONE);
        st.epBalance[e] = ep.balance;
        st.belligerentEver[ep.sideA] = 1;
        st.belligerentEver[ep.sideB] = 1;
        st.domainEngaged[t * N_DOMAINS + DOM.land] = 1;
        st.domainEngaged[t * N_DOMAINS + DOM.air] = 1;
      }
    }
    refreshTheatreRung(st, t, NONE);
    st.rung0[t] = st.rung[t]!;
    st.maxRung[t] = st.rung[t]!;
  }
  for (let t = 0; t < st.nT; t++) st.coordUntil[t] = -Infinity; // day-0 state opens no window
  initEnablers(st);
  refreshAllianceCaches(st);
  sc.injects.forEach((inj, k) => st.sched.push(inj.day, EV.inject, k));
}
