/** Escalation playbooks (MODEL.md §4.6). */
import { describe, expect, it } from 'vitest';
import { recomputeHazards } from './choice.js';
import { applyPlaybook } from './playbook.js';
import { CAT, N_CATEGORIES } from './state.js';
import {
  actionIx, actorIx, allianceIx, compile, freshState, logFigures, mean, runBatch, smallInput,
} from './test-helpers.js';

describe('playbook packages', () => {
  it('a package applies with probability equal to its strength, answers pending events and heats the adversary', () => {
    const s = smallInput();
    s.policies.base!.playbook = { grayzone: 1, signal: 0 };
    const sc = compile(s);
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL'), adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
    st.setDebt(al, 2);
    const h0 = st.hostility[adv * st.n + m1]!;
    const before = st.log.count;
    expect(applyPlaybook(st, al, adv, actionIx(sc, 'cable-sabotage'), m1, -1, 0)).toBe(true);
    expect(sc.actions[st.log.action[before]!]!.id).toBe('playbook-activation');
    expect(st.debtNow(al)).toBeCloseTo(2 - st.p.debtPaydown, 12);
    expect(st.hostility[adv * st.n + m1]).toBeGreaterThan(h0);
    expect(st.pbHeatNow(adv)).toBe(1);
    // Strength 0 (signals here): never.
    for (let k = 0; k < 50; k++) expect(applyPlaybook(st, al, adv, actionIx(sc, 'threatening-statement'), m1, -1, k)).toBe(false);
    // Strength 0.5: about half of the keys.
    const half = structuredClone(s);
    half.policies.base!.playbook = { grayzone: 0.5 };
    const sch = compile(half);
    const { st: st2 } = freshState(sch);
    let applied = 0;
    for (let k = 0; k < 400; k++) if (applyPlaybook(st2, al, adv, actionIx(sch, 'cable-sabotage'), m1, -1, k)) applied++;
    expect(applied).toBeGreaterThan(150);
    expect(applied).toBeLessThan(250);
  });

  it('deterrence: a package makes the covered category costlier for the adversary, and only that category', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    const sc = compile(s);
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const slot = st.agentSlot[adv]!;
    const hz = () => {
      recomputeHazards(st, slot);
      return Array.from(st.hz.subarray(slot * st.nAct, (slot + 1) * st.nAct));
    };
    const base = hz();
    st.pbFlat[0 * N_CATEGORIES + CAT.grayzone] = 1;
    const covered = hz();
    let lowered = 0;
    for (let a = 0; a < st.nAct; a++) {
      if (base[a] === 0) continue;
      if (st.aCat[a] === CAT.grayzone && st.aTarget[a] !== 0) {
        expect(covered[a]!).toBeLessThan(base[a]!);
        lowered++;
      } else expect(covered[a]).toBe(base[a]);
    }
    expect(lowered).toBeGreaterThan(3);
  });

  it('provocation: heat from packages raises the adversary\'s hazards of threshold-testing (severity ≥ 4) actions only', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    const sc = compile(s);
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const slot = st.agentSlot[adv]!;
    const hz = () => {
      recomputeHazards(st, slot);
      return Array.from(st.hz.subarray(slot * st.nAct, (slot + 1) * st.nAct));
    };
    const cold = hz();
    st.pbHeat[adv] = 3;
    st.pbHeatT[adv] = st.t;
    const hot = hz();
    for (let a = 0; a < st.nAct; a++) {
      if (cold[a] === 0 || st.aCat[a] === CAT.deescalation) continue;
      if (st.aSev[a]! >= 4 && cold[a]! < st.p.hazardMaxPerDay) expect(hot[a]!).toBeGreaterThan(cold[a]!);
      else if (st.aSev[a]! < 4) expect(hot[a]).toBe(cold[a]);
    }
  });

  it('DIRECTIONAL: a stronger playbook → more activations and less credibility debt', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.horizonDays = 365;
    const arm = (strength: number) => {
      const t = structuredClone(s);
      t.policies.base!.playbook = { grayzone: strength };
      const rs = runBatch(compile(t), 50, 9, { trace: true });
      return {
        activations: mean(rs.map((r) => r.events!.filter((e) => e.action === 'playbook-activation').length)),
        debt: mean(rs.map((r) => r.outcome.peakCredibilityDebt)),
      };
    };
    const none = arm(0), some = arm(0.5), full = arm(1);
    logFigures('playbook grayzone 0/0.5/1', { act0: none.activations, act05: some.activations, act1: full.activations, debt0: none.debt, debt05: some.debt, debt1: full.debt });
    expect(none.activations).toBe(0);
    expect(some.activations).toBeGreaterThan(3);
    expect(full.activations).toBeGreaterThan(some.activations * 1.2);
    expect(some.debt).toBeLessThan(none.debt * 0.7);
    expect(full.debt).toBeLessThan(some.debt * 0.8);
  });
});
