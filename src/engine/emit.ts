/** Append an event to the log with its bookkeeping: escalation score (§1), MID level, counts. */
import { CAT, NONE, type State } from './state.js';
import { ruleReasons } from './explain.js';

/** Append event; `cause` is its primary cause (the event it responds to) or NONE. */
export function emit(st: State, actor: number, action: number, target: number, theatre: number, cause: number): number {
  const id = st.log.push(st.day, actor, action, target, theatre, theatre >= 0 ? st.rung[theatre]! : 0);
  if (cause !== NONE) st.log.addCause(id, cause);
  // Tracing only (D32): an event without a cause gets the rule and standing state behind it.
  else if (st.explain !== null) st.explain.reasons.set(id, ruleReasons(st, actor, action, target, theatre));
  st.score += st.aScore[action]!;
  if (st.aCat[action] === CAT.grayzone) st.grayzone++;
  if (actor < st.n && st.aMid[action]! > st.maxMid[actor]!) st.maxMid[actor] = st.aMid[action]!;
  return id;
}

/** After an event changed a theatre's rung, store the new rung on the event. */
export function stampRung(st: State, id: number, theatre: number): void {
  if (theatre >= 0) st.log.rung[id] = st.rung[theatre]!;
}

