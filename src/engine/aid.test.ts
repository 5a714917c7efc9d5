/** Proportional aid and red lines (MODEL.md §4.7). */
import { describe, expect, it } from 'vitest';
import { stepAid } from './aid.js';
import { recomputeHazards, redLineMultiplier } from './choice.js';
import {
  actorIx, compile, freshState, logFigures, runBatch, smallInput, withPartnerWar,
} from './test-helpers.js';

type Aid = { responsiveness?: number; max?: number; tierCap?: 'defensive' | 'offensive' | 'long-range'; respectPerceivedRedLine?: boolean };

/** The partner war with ADV holding a red line; aid policy as given. */
function redLineWorld(redLine: number, aid: Aid, agency = false) {
  const s = withPartnerWar(smallInput());
  s.actors[0]!.redLine = redLine;
  s.actors[0]!.agency = agency;
  s.policies.base!.aid = { responsiveness: 0.03, max: 1.5, tierCap: 'offensive', respectPerceivedRedLine: false, ...aid };
  return s;
}

describe('the red-line multiplier', () => {
  it('is exactly 1 while w_tier·A ≤ redLine, then rises with aid up to 1 + λ', () => {
    const sc = compile(redLineWorld(1, { tierCap: 'offensive' })); // w_tier 2
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const at = (a: number) => { st.aid[0] = a; return redLineMultiplier(st, adv); };
    for (const a of [0, 0.1, 0.3, 0.49, 0.5]) expect(at(a)).toBe(1);
    let prev = 1;
    for (const a of [0.51, 0.6, 0.8, 1.2, 2, 5]) {
      const m = at(a);
      expect(m).toBeGreaterThan(prev);
      expect(m).toBeLessThanOrEqual(1 + st.p.redLineLambda);
      prev = m;
    }
    expect(at(50)).toBeCloseTo(1 + st.p.redLineLambda, 6);
    // Only an adversary at war with the partner reacts to its aid.
    const m1 = actorIx(sc, 'M1');
    st.aid[0] = 5;
    expect(redLineMultiplier(st, m1)).toBe(1);
  });

  it('aid below the red line never raises any hazard above its level without aid; above it, only red-line-sensitive ones', () => {
    const sc = compile(redLineWorld(1, { tierCap: 'offensive' }, true));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const slot = st.agentSlot[adv]!;
    const hz = (aid: number) => {
      st.aid[0] = aid;
      recomputeHazards(st, slot);
      return Array.from(st.hz.subarray(slot * st.nAct, (slot + 1) * st.nAct));
    };
    const none = hz(0);
    expect(hz(0.25)).toEqual(none);
    expect(hz(0.5)).toEqual(none); // w·A = 1 = redLine
    const over = hz(1);
    let raised = 0;
    for (let a = 0; a < st.nAct; a++) {
      if (st.aRedLine[a] && none[a]! > 0) {
        expect(over[a]!).toBeGreaterThan(none[a]!);
        raised++;
      } else expect(over[a]).toBe(none[a]);
    }
    expect(raised).toBeGreaterThan(2);
  });
});

describe('the aid response curve', () => {
  it('dA/dt = responsiveness · (shortfall − A/Amax), within [0, Amax], paid into C_aid', () => {
    const sc = compile(redLineWorld(10, { responsiveness: 0.1, max: 1.5 }));
    const { st } = freshState(sc);
    const p = actorIx(sc, 'P');
    st.warCapacity[p] = 0.4;
    st.aid[0] = 0.2;
    const cost0 = st.alCostAid[0]!;
    { st.day++; st.t = st.day; stepAid(st, () => 0.6); }
    const expected = 0.2 + 0.1 * (0.6 - 0.2 / 1.5);
    expect(st.aid[0]).toBeCloseTo(expected, 12);
    expect(st.alCostAid[0]! - cost0).toBeCloseTo(expected * st.p.aidCostPerUnitDay, 12);
    // Converges to Amax · shortfall.
    for (let d = 0; d < 2000; d++) { st.day++; st.t = st.day; stepAid(st, () => 0.6); }
    expect(st.aid[0]).toBeCloseTo(1.5 * 0.6, 6);
    // No war, no shortfall: aid winds down, never below 0.
    st.atWar[p] = 0;
    for (let d = 0; d < 2000; d++) { st.day++; st.t = st.day; stepAid(st, () => 0); }
    expect(st.aid[0]).toBeGreaterThanOrEqual(0);
    expect(st.aid[0]).toBeLessThan(1e-6);
  });

  it('donors that respect the red line they perceive cap w_tier·A there, and announce crossing the true line once', () => {
    const s = redLineWorld(0.6, { responsiveness: 0.2, max: 1.5, respectPerceivedRedLine: true });
    s.parameters.misperception = 0;
    const sc = compile(s);
    const { st } = freshState(sc);
    const p = actorIx(sc, 'P');
    st.warCapacity[p] = 0.1;
    for (let d = 0; d < 200; d++) { st.day++; st.t = st.day; stepAid(st, () => 0.6); }
    expect(2 * st.aid[0]!).toBeCloseTo(0.6, 12); // perceived = true line (σ = 0)
    expect(st.redLineCrossed[0]).toBe(0);
    // Ignoring the line, aid crosses it: one announcement with the red-line note.
    const s2 = redLineWorld(0.6, { responsiveness: 0.2, max: 1.5, respectPerceivedRedLine: false });
    s2.partners[0]!.warCapacity0 = 1; // no aid on day 0
    const sc2 = compile(s2);
    const { st: st2 } = freshState(sc2);
    expect(st2.redLineCrossed[0]).toBe(0);
    st2.warCapacity[p] = 0.1;
    const before = st2.log.count;
    for (let d = 0; d < 200; d++) { st2.day++; st2.t = st2.day; stepAid(st2, () => 0.6); }
    expect(st2.redLineCrossed[0]).toBe(1);
    let notes = 0;
    for (let id = before; id < st2.log.count; id++) if (st2.log.note[id] !== 0) notes++;
    expect(notes).toBe(1);
  });
});

describe('DIRECTIONAL: aid policy', () => {
  const RED_LINE_SENSITIVE = new Set(['cyberattack-infrastructure', 'cable-sabotage', 'rail-arson-sabotage', 'proxy-attack', 'strike-on-member-territory']);

  it('faster aid → fewer partner collapses but, with a low red line, more red-line-sensitive events', () => {
    const arm = (responsiveness: number) => {
      const s = redLineWorld(0.5, { responsiveness, max: 1.5 }, true);
      s.actors.find((a) => a.id === 'P')!.agency = true;
      s.actors.find((a) => a.id === 'P')!.power = 0.05;
      s.partners[0]!.warCapacity0 = 1; // the war starts with no aid
      s.horizonDays = 365;
      const rs = runBatch(compile(s), 40, 2, { trace: true });
      return {
        collapses: rs.filter((r) => r.outcome.partnerCollapse).length,
        redLineEvents: rs.reduce((a, r) => a + r.events!.filter((e) => RED_LINE_SENSITIVE.has(e.action)).length, 0),
      };
    };
    const slow = arm(0.003), fast = arm(0.05);
    logFigures('aid responsiveness 0.003 vs 0.05', { collapsesSlow: slow.collapses, collapsesFast: fast.collapses, redLineSlow: slow.redLineEvents, redLineFast: fast.redLineEvents });
    expect(fast.collapses).toBeLessThan(slow.collapses - 10);
    expect(fast.redLineEvents).toBeGreaterThan(slow.redLineEvents * 1.5);
  });

  it('more misperception → donors that respect the red line they perceive cross the true one more often', () => {
    const arm = (misperception: number) => {
      const s = redLineWorld(0.6, { responsiveness: 0.05, max: 1.5, respectPerceivedRedLine: true }, true);
      s.actors.find((a) => a.id === 'P')!.agency = true;
      s.parameters.misperception = misperception;
      s.horizonDays = 365;
      return runBatch(compile(s), 40, 3, { trace: true }).filter((r) => r.events!.some((e) => e.note === "aid crosses the adversary's red line")).length;
    };
    const none = arm(0), some = arm(0.5);
    logFigures('misperception 0 vs 0.5: trajectories crossing the red line', { none, some });
    expect(none).toBe(0);
    expect(some).toBeGreaterThan(8);
  });
});
