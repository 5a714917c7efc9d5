/** Industrial base: production, surge, sanctions, stock caps, donors' aid bill (MODEL.md §4.11). */
import { describe, expect, it } from 'vitest';
import { productionPerDay, stockCap, surgeLevel, triggerSurge, weeklyIndustry } from './industry.js';
import {
  actorIx, allianceIx, compile, freshState, logFigures, mean, runBatchWithState, smallInput, withPartnerWar,
} from './test-helpers.js';

describe('industry', () => {
  it('a triggered war economy ramps production linearly to surgeMax over surgeLagDays, and raises the stock cap', () => {
    const s = smallInput();
    for (const m of s.actors.slice(1)) { m.surgeMax = 3; m.surgeLagDays = 100; m.productionPerDay = 0.2; m.stockpile0 = 30; }
    const sc = compile(s);
    const { st } = freshState(sc);
    const m1 = actorIx(sc, 'M1'), al = allianceIx(sc, 'ALL');
    expect(surgeLevel(st, m1)).toBe(0);
    expect(productionPerDay(st, m1, 0)).toBeCloseTo(0.2, 12);
    triggerSurge(st, al);
    expect(st.allianceSurge[al]).toBe(1);
    for (const m of sc.alliances[al]!.members) expect(st.surgeStartT[m]).toBe(st.t);
    const t0 = st.t;
    st.t = t0 + 50;
    expect(surgeLevel(st, m1)).toBeCloseTo(0.5, 12);
    expect(productionPerDay(st, m1, 0)).toBeCloseTo(0.2 * (1 + 2 * 0.5), 12);
    expect(stockCap(st, m1)).toBeCloseTo(30 * 2, 12);
    st.t = t0 + 500;
    expect(surgeLevel(st, m1)).toBe(1);
    expect(productionPerDay(st, m1, 0)).toBeCloseTo(0.6, 12);
  });

  it('sanctions cut production by sanctionsBite × level, softened by diplomatic cover', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    st.sanctioned[adv] = 0.5;
    const bite = st.p.sanctionsBite * 0.5;
    expect(productionPerDay(st, adv, 0)).toBeCloseTo(0.4 * (1 - bite), 12);
    expect(productionPerDay(st, adv, 0.5)).toBeCloseTo(0.4 * (1 - bite * 0.5), 12);
    expect(productionPerDay(st, adv, 1)).toBeCloseTo(0.4, 12);
  });

  it('out of war, stocks refill by production up to the cap; donors pay for aid in proportion to power, never below zero', () => {
    const s = withPartnerWar(smallInput());
    const sc = compile(s);
    const { st } = freshState(sc);
    const m1 = actorIx(sc, 'M1'), m2 = actorIx(sc, 'M2'), al = allianceIx(sc, 'ALL');
    const cover = new Float64Array(st.n);
    st.stockpile[m1] = 10;
    st.aidDraw[al] = 0;
    weeklyIndustry(st, cover, 7);
    expect(st.stockpile[m1]).toBeCloseTo(10 + 7 * 0.2, 12);
    for (let k = 0; k < 100; k++) weeklyIndustry(st, cover, 7);
    expect(st.stockpile[m1]).toBeCloseTo(stockCap(st, m1), 12);
    // Aid drawn: M2 (power 0.2) pays twice what M1 (0.1) pays.
    const b1 = st.stockpile[m1]!, b2 = st.stockpile[m2]!;
    st.aidDraw[al] = 4;
    weeklyIndustry(st, cover, 7);
    expect(b1 - st.stockpile[m1]!).toBeCloseTo(1, 12);
    expect(b2 - st.stockpile[m2]!).toBeCloseTo(2, 12);
    st.aidDraw[al] = 1e6;
    weeklyIndustry(st, cover, 7);
    expect(st.stockpile[m1]).toBe(0);
  });

  it('DIRECTIONAL: an earlier surge trigger → higher alliance stockpiles, at a deterrence cost', () => {
    const arm = (surgeTrigger: number | 'never') => {
      const s = smallInput();
      s.actors[0]!.agency = true;
      s.horizonDays = 365;
      s.policies.base!.surgeTrigger = surgeTrigger;
      return runBatchWithState(compile(s), 30, 1, (st, r) => ({ stock: (st.stockpile[1]! + st.stockpile[2]! + st.stockpile[3]!) / 3, cost: r.outcome.costDeterrence }));
    };
    const early = arm(1), never = arm('never');
    const figures = { stockEarly: mean(early.map((x) => x.stock)), stockNever: mean(never.map((x) => x.stock)), costEarly: mean(early.map((x) => x.cost)), costNever: mean(never.map((x) => x.cost)) };
    logFigures('surgeTrigger 1 vs never', figures);
    expect(figures.stockEarly).toBeGreaterThan(figures.stockNever * 1.5);
    expect(figures.costEarly).toBeGreaterThan(figures.costNever);
  });
});
