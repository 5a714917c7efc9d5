/** Influence book: which earlier events raised an agent's hazards most (its events' secondary causes). */
import { INFLUENCE_SLOTS, NONE, type State } from './state.js';
import { MAX_CAUSES, type EventLog } from './log.js';

/**
 * Record that event `ev` raised agent `actor`'s hazards against bloc `scope` (−1: any) by roughly
 * `weight` (utility units).
 * Each agent keeps the INFLUENCE_SLOTS strongest recent influences (weights halve every
 * INFLUENCE_HALF_LIFE_DAYS); when it acts, the strongest become the event's secondary causes.
 * Weights are stored as log2(weight) + day/halfLife, so comparing decayed weights needs no pow.
 */
export const INFLUENCE_HALF_LIFE_DAYS = 30;
const LOG2_MIN_WEIGHT = Math.log2(0.02); // influences fainter than this are forgotten

export function addInfluence(st: State, actor: number, ev: number, weight: number, scope: number): void {
  const s = st.agentSlot[actor]!;
  if (s < 0 || ev < 0 || weight <= 0) return;
  const base = s * INFLUENCE_SLOTS;
  const lw = Math.log2(weight) + st.t / INFLUENCE_HALF_LIFE_DAYS;
  let weakest = base;
  let weakestW = Number.POSITIVE_INFINITY;
  for (let k = base; k < base + INFLUENCE_SLOTS; k++) {
    if (st.infEvent[k] === ev) {
      // Same event again: add the weights (log-sum).
      const a = st.infWeight[k]!;
      const hi = a > lw ? a : lw;
      st.infWeight[k] = hi + Math.log2(Math.pow(2, a - hi) + Math.pow(2, lw - hi));
      return;
    }
    const w = st.infEvent[k] === NONE ? Number.NEGATIVE_INFINITY : st.infWeight[k]!;
    if (w < weakestW) {
      weakestW = w;
      weakest = k;
    }
  }
  if (lw > weakestW) {
    st.infEvent[weakest] = ev;
    st.infWeight[weakest] = lw;
    st.infScope[weakest] = scope;
  }
}

/**
 * Append up to `max` strongest influences of `actor` as causes of event `id`, keeping only those
 * that concern the bloc the event is aimed at (`scope`), or any bloc: an influence raised the
 * hazards of actions against that bloc only.
 */
export function attachInfluences(st: State, log: EventLog, id: number, actor: number, max: number, scope: number): void {
  const s = st.agentSlot[actor]!;
  if (s < 0) return;
  const base = s * INFLUENCE_SLOTS;
  const floor = LOG2_MIN_WEIGHT + st.t / INFLUENCE_HALF_LIFE_DAYS;
  for (let round = 0; round < max; round++) {
    let best = -1;
    let bestW = floor;
    for (let k = base; k < base + INFLUENCE_SLOTS; k++) {
      const e = st.infEvent[k]!;
      if (e === NONE || e >= id) continue;
      const sc = st.infScope[k]!;
      if (sc !== -1 && sc !== scope) continue;
      const w = st.infWeight[k]!;
      if (w > bestW && !hasCause(log, id, e)) {
        bestW = w;
        best = e;
      }
    }
    if (best < 0) return;
    log.addCause(id, best);
  }
}

function hasCause(log: EventLog, id: number, e: number): boolean {
  const c = id * MAX_CAUSES;
  for (let k = 0; k < MAX_CAUSES; k++) if (log.causes[c + k] === e) return true;
  return false;
}
