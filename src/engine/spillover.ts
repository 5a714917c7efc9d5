/**
 * Spillover (MODEL.md §4.2, accidental events): a strike on a partner strays onto a member of an
 * alliance that borders it. Scheduled by the action pipeline (act.ts) when the strike's spillover
 * draw succeeds; run by the event loop at the scheduled time. A function of the State.
 */
import { STREAM } from '../random/index.js';
import { processAction } from './act.js';
import type { State } from './state.js';

/** The strike `src` (kind key kk, the count-th of its kind) strays onto a bordering member, if any. */
export function processSpillover(st: State, src: number, kk: number, count: number): void {
  const log = st.log;
  const i = log.actor[src]!, partner = log.target[src]!;
  const A = st.sc.actors;
  const n = st.n;
  let cnt = 0;
  for (let m = 0; m < n; m++) if (A.borders[partner * n + m] && A.allianceIx[m]! >= 0 && m !== i) cnt++;
  if (cnt === 0) return;
  // Keyed by the source strike's (actor, action, count), never by a global event id.
  let pick = Math.floor(st.rng.u(STREAM.spillover, kk ^ 0x5bd1e995, count) * cnt);
  for (let m = 0; m < n; m++) {
    if (!(A.borders[partner * n + m] && A.allianceIx[m]! >= 0 && m !== i)) continue;
    if (pick-- === 0) {
      processAction(st, i, st.sc.ruleActions.accidentalSpillover, m, log.theatre[src]!, -1, src);
      return;
    }
  }
}
