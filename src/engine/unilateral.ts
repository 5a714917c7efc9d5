/**
 * The unilateral response (MODEL.md §4.4): a member under domestic pressure above its threshold
 * may answer an attributed attack on its own, outside the alliance's process, with a
 * counter-strike (resolute member, kinetic or severe provocation) or a border closure. A function
 * of the State; the catalog actions it emits are resolved at compile time (CompiledScenario.ruleActions).
 */
import { STREAM } from '../random/index.js';
import { answer } from './credibility.js';
import { emit } from './emit.js';
import { engageDomain, markBelligerent, raise } from './episodes.js';
import { addInfluence } from './influence.js';
import type { State } from './state.js';

/** Member m of alliance al may respond on its own to adversary adv's action a (event `cause`). */
export function maybeUnilateral(st: State, al: number, m: number, adv: number, a: number, cause: number, theatre: number): void {
  const p = st.p;
  const A = st.sc.actors;
  const rule = st.sc.ruleActions;
  if (st.pressureNow(m) <= A.unilateralThreshold[m]!) return;
  if (st.t - st.unilateralLastT[m]! < st.sc.alliances[al]!.article4CooldownDays) return;
  if (st.rng.u(STREAM.unilateral, m, Math.floor(st.t)) >= A.resolve[m]!) return;
  st.unilateralLastT[m] = st.t;
  const kinetic = A.resolve[m]! >= p.unilateralKineticResolve && (st.aKinetic[a] === 1 || st.aSev[a]! >= p.unilateralKineticSeverity);
  if (kinetic) {
    const id = emit(st, m, rule.counterStrike, adv, theatre, cause);
    raise(st, theatre, m, adv, 4, id, true);
    st.retaliationUntil[adv * st.n + m] = st.t + p.retaliationWindowDays;
    if (st.t + p.retaliationWindowDays > st.retalMax[adv]!) st.retalMax[adv] = st.t + p.retaliationWindowDays;
    st.retaliationEvent[adv * st.n + m] = id;
    addInfluence(st, adv, id, p.retaliationBoost, st.blocIn(m, theatre));
    st.homelandHitT[adv] = st.t;
    st.addHostility(adv, m, p.counterStrikeHostility);
    markBelligerent(st, m);
    markBelligerent(st, adv);
    engageDomain(st, theatre, st.aDomain[rule.counterStrike]!);
    st.drawIn(al);
    st.dyadCombat(m, adv);
  } else {
    const id = emit(st, m, rule.borderClosure, adv, theatre, cause);
    raise(st, theatre, m, adv, 2, id, false);
  }
  answer(st, al, adv);
  st.markDirty(adv);
}
