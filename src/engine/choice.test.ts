/** Choice by competing hazards and the perceived response probability P̂ (MODEL.md §4.0–4.1). */
import { describe, expect, it } from 'vitest';
import { coerciveConfidence, recomputeHazards, responseProbability } from './choice.js';
import {
  actorIx, compile, freshState, logFigures, mean, runBatch, smallInput,
} from './test-helpers.js';

function agent(tweak: (s: ReturnType<typeof smallInput>) => void = () => {}) {
  const s = smallInput();
  s.actors[0]!.agency = true;
  tweak(s);
  const sc = compile(s);
  const { st } = freshState(sc);
  const adv = actorIx(sc, 'ADV');
  return { sc, st, adv, slot: st.agentSlot[adv]! };
}

describe('P̂: the response an actor expects', () => {
  it('falls with the alliance\'s credibility debt, saturating (γ · debt/(debt + K))', () => {
    const { st, adv, slot } = agent((s) => { for (const m of s.actors.slice(1)) m.cohesion = 0.3; });
    const out = { expo: 0 };
    const bloc = st.n; // ALL
    const at = (debt: number) => { st.setDebt(0, debt); return responseProbability(st, slot, adv, bloc, 0, out); };
    const p0 = at(0), p1 = at(1), p10 = at(10), p1000 = at(1000);
    expect(p1).toBeLessThan(p0);
    expect(p10).toBeLessThan(p1);
    expect(p1000).toBeLessThan(p10);
    // Saturation: the logit never falls by more than γ = debtWeight.
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(p0) - logit(p1000)).toBeLessThan(st.p.debtWeight + 1e-9);
    expect(logit(p0) - logit(p1000)).toBeGreaterThan(st.p.debtWeight * 0.99);
    expect(p1000).toBeGreaterThan(0);
  });

  it('rises with forward posture and cohesion', () => {
    const pHat = (posture: number, cohesion: number) => {
      const { st, adv, slot } = agent((s) => { s.policies.base!.forwardPosture = posture; for (const m of s.actors.slice(1)) m.cohesion = cohesion; });
      return responseProbability(st, slot, adv, st.n, 0, { expo: 0 });
    };
    expect(pHat(10, 0.3)).toBeGreaterThan(pHat(0, 0.3));
    expect(pHat(0, 0.9)).toBeGreaterThan(pHat(0, 0.3));
  });
});

describe('hazards', () => {
  it('h = min(hazardMaxPerDay, activity · base · exp(κU)): κ = 0 gives activity · base for every available action', () => {
    const { sc, st, slot } = agent((s) => { s.parameters.rationality = 0; s.actors[0]!.activity = 2; });
    recomputeHazards(st, slot);
    let available = 0;
    for (const a of st.agentActions[slot]!) {
      const h = st.hz[slot * st.nAct + a]!;
      if (h === 0) continue; // not available at this rung, or no target
      available++;
      expect(h).toBeCloseTo(Math.min(st.p.hazardMaxPerDay, 2 * sc.actions[a]!.base), 15);
    }
    expect(available).toBeGreaterThan(10);
  });

  it('no hazard exceeds hazardMaxPerDay, and the agent\'s total is the sum of its hazards', () => {
    const { st, slot } = agent((s) => { s.actors[0]!.activity = 100; s.parameters.hazardMaxPerDay = 0.05; });
    recomputeHazards(st, slot);
    let total = 0, capped = 0;
    for (let a = 0; a < st.nAct; a++) {
      const h = st.hz[slot * st.nAct + a]!;
      expect(h).toBeLessThanOrEqual(0.05 + 1e-15);
      if (h === 0.05) capped++;
      total += h;
    }
    expect(capped).toBeGreaterThan(3);
    expect(st.hzTotal[slot]).toBeCloseTo(total, 12);
  });

  it('revisionist-only actions are not in a status-quo actor\'s repertoire; rule actions in nobody\'s', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.actors.find((a) => a.id === 'M1')!.agency = true;
    s.relations.push({ from: 'M1', to: 'ADV', hostility: 0.5 });
    const sc = compile(s);
    const { st } = freshState(sc);
    const ids = (who: string) => Array.from(st.agentActions[st.agentSlot[actorIx(sc, who)]!]!, (a) => sc.actions[a]!);
    expect(ids('ADV').some((a) => a.user === 'revisionist')).toBe(true);
    expect(ids('M1').some((a) => a.user === 'revisionist')).toBe(false);
    expect(ids('M1').some((a) => a.id === 'threatening-statement')).toBe(true);
    for (const who of ['ADV', 'M1']) expect(ids(who).some((a) => a.user === 'rule')).toBe(false);
  });

  it('DIRECTIONAL: more forward posture → fewer kinetic events against members', () => {
    // Members whose response is in doubt (low cohesion, thin stocks): P̂ is not saturated, so
    // posture moves it. Kinetic base hazards × 50 so that clashes are counted, not just possible.
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.horizonDays = 365;
    s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 2 }];
    for (const m of s.actors.slice(1)) { m.cohesion = 0.3; m.stockpile0 = 3; m.productionPerDay = 0; }
    for (const a of ['seizure', 'clash', 'attack', 'shoot-down', 'naval-clash', 'blockade']) s.actions[a] = { base: compile(smallInput()).actions[compile(smallInput()).actionIndex[a]!]!.base * 50 };
    const kinetic = (posture: number) => {
      const t = structuredClone(s);
      t.policies.base!.forwardPosture = posture;
      return runBatch(compile(t), 60, 8, { trace: true }).map((r) => r.events!.filter((e) => e.category === 'kinetic' && e.actor === 'ADV' && ['M1', 'M2', 'M3'].includes(e.target ?? '')).length);
    };
    const none = mean(kinetic(0)), heavy = mean(kinetic(20));
    logFigures('kinetic events on members per trajectory at forward posture 0 vs 20', { none, heavy });
    expect(heavy).toBeLessThan(none * 0.85);
  });
});

describe('coercive confidence (coercivePowerWeight, coerciveNuclearWeight; docs/model.md)', () => {
  /** Share of uses of force and war (MID level ≥ 4) in ADV's hazards of displays and above, in a rung-2 crisis with M1. */
  const forceShare = (power: number, w: number, nuclear = false, wN = 0) => {
    const { st, slot } = agent((s) => {
      s.actors[0]!.power = power;
      s.actors[0]!.nuclear = nuclear;
      s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 2 }];
      s.parameters.coercivePowerWeight = w;
      s.parameters.coerciveNuclearWeight = wN;
    });
    recomputeHazards(st, slot);
    let force = 0, display = 0;
    for (const a of st.agentActions[slot]!) {
      const h = st.hz[slot * st.nAct + a]!;
      if (st.aMid[a]! >= 4) force += h;
      else if (st.aMid[a] === 3) display += h;
    }
    expect(force).toBeGreaterThan(0);
    return force / (force + display);
  };

  it('is 0 with the default weights (the NATO scenarios are untouched)', () => {
    const { st, adv } = agent();
    expect(st.p.coercivePowerWeight).toBe(0);
    expect(st.p.coerciveNuclearWeight).toBe(0);
    expect(coerciveConfidence(st, adv)).toBe(0);
  });

  it('a strong actor shifts from force to displays, a weak one toward force', () => {
    // ADV against its strongest rival (M2, power 0.2): share 0.9/1.1 when strong, 0.02/0.22 when weak.
    expect(forceShare(0.9, 1)).toBeLessThan(forceShare(0.9, 0));
    expect(forceShare(0.02, 1)).toBeGreaterThan(forceShare(0.02, 0));
    // With the weight on, the display share rises with power (without it, the lower risk of a strong actor lowers it).
    expect(forceShare(0.9, 1)).toBeLessThan(forceShare(0.02, 1));
    expect(forceShare(0.9, 0)).toBeGreaterThan(forceShare(0.02, 0));
  });

  it('a nuclear actor shifts from force to displays; a non-nuclear one is unaffected', () => {
    expect(forceShare(0.3, 0, true, 1)).toBeLessThan(forceShare(0.3, 0, true, 0));
    expect(forceShare(0.3, 0, false, 1)).toBe(forceShare(0.3, 0, false, 0));
  });
});
