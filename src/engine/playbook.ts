/**
 * Escalation playbooks (MODEL.md §4.6, seed 000 §7). A pre-agreed package for an event category
 * is applied after attribution without a vote, with probability equal to its strength. It pays
 * down credibility debt (credibility.ts) and adds hostility and "heat" in the adversary; heat
 * raises the utility of threshold-testing actions by playbookProvocation × riskTolerance
 * (choice.ts), while the package's deterrent cost on the covered category is applied in choice.ts.
 */
import { STREAM } from '../random/index.js';
import { answer } from './credibility.js';
import { emit } from './emit.js';
import { addInfluence } from './influence.js';
import type { State } from './state.js';

/** Returns true when a package was applied. */
export function applyPlaybook(st: State, al: number, adv: number, action: number, target: number, cause: number, key: number): boolean {
  const strength = st.sc.alliances[al]!.policy.playbook[st.aCat[action]!]!;
  if (strength <= 0) return false;
  // Keyed by (adversary, action) and the per-kind count `key`: keyed by the adversary alone, the
  // first events of two different kinds drew the same number (perfectly correlated packages).
  if (st.rng.u(STREAM.playbookTest, adv * st.nAct + action, key) >= strength) return false;
  const p = st.p;
  const id = emit(st, st.n + al, st.sc.ruleActions.playbookActivation, adv, st.primaryTheatre[adv]!, cause);
  answer(st, al, adv);
  st.addHostility(adv, target, p.playbookHostility);
  const h = st.pbHeatNow(adv);
  st.pbHeat[adv] = h + 1;
  st.pbHeatT[adv] = st.t;
  addInfluence(st, adv, id, p.playbookProvocation * st.sc.actors.riskTolerance[adv]!, st.n + al);
  st.markDirty(adv);
  return true;
}
