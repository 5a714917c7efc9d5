/** Information operations and cohesion (MODEL.md §4.9). */
import { describe, expect, it } from 'vitest';
import { infoOperation, rally, weeklyCohesion } from './cohesion.js';
import {
  actorIx, allianceIx, compile, freshState, logFigures, mean, runBatch, smallInput, withParams,
} from './test-helpers.js';

describe('cohesion', () => {
  it('an information operation removes δ · infoSusceptibility of the target\'s cohesion; many keep it in (0, 1]', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const m1 = actorIx(sc, 'M1'), al = allianceIx(sc, 'ALL');
    const c0 = st.cohesion[m1]!;
    infoOperation(st, m1);
    expect(st.cohesion[m1]).toBeCloseTo(c0 * (1 - st.p.infoOpsDelta * 0.3), 12);
    for (let k = 0; k < 2000; k++) infoOperation(st, m1);
    expect(st.cohesion[m1]).toBeGreaterThanOrEqual(0);
    expect(st.cohesion[m1]).toBeLessThan(0.01);
    // The alliance's cached sum follows its members.
    const members = sc.alliances[al]!.members;
    expect(st.allianceCohesion(al)).toBeCloseTo(mean(Array.from(members, (m) => st.cohesion[m]!)), 12);
  });

  it('a rally raises every member\'s cohesion, saturating below 1', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL');
    const before = Array.from(sc.alliances[al]!.members, (m) => st.cohesion[m]!);
    rally(st, al, 0.5);
    sc.alliances[al]!.members.forEach((m, k) => expect(st.cohesion[m]).toBeCloseTo(before[k]! + 0.5 * (1 - before[k]!), 12));
    for (let k = 0; k < 100; k++) rally(st, al, 0.5);
    for (const m of sc.alliances[al]!.members) expect(st.cohesion[m]).toBeLessThanOrEqual(1);
  });

  it('cohesion relaxes toward its baseline with cohesionHalfLifeDays; members below the spending norm drag everyone down', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const m1 = actorIx(sc, 'M1');
    const c0 = sc.actors.cohesion0[m1]!;
    st.setCohesion(m1, 0.3);
    weeklyCohesion(st, 182); // 26 weeks at once (driftStepDays steps whole weeks)
    expect(st.cohesion[m1]).toBeCloseTo(c0 + (0.3 - c0) * Math.pow(2, -182 / st.p.cohesionHalfLifeDays), 12); // everyone spends above the norm: no drag
    const s = smallInput();
    s.actors.find((a) => a.id === 'M3')!.spendingShareGdp = 0.01;
    const sc2 = compile(s);
    const { st: st2 } = freshState(sc2);
    const at0 = st2.cohesion[m1]!;
    weeklyCohesion(st2, 7);
    expect(st2.cohesion[m1]).toBeCloseTo(at0 - st2.p.burdenSharingDelta * (1 / 3) * at0, 12);
  });

  it('k weeks in one step (driftStepDays, D62) equal k weekly steps: relaxation, drag and resilience', () => {
    const s = smallInput();
    s.actors.find((a) => a.id === 'M3')!.spendingShareGdp = 0.01;
    s.policies.base!.resilienceInvestment = 2;
    const sc = compile(s);
    const { st: one } = freshState(sc);
    const { st: four } = freshState(sc);
    const m1 = actorIx(sc, 'M1');
    one.setCohesion(m1, 0.2);
    four.setCohesion(m1, 0.2);
    for (let k = 0; k < 4; k++) weeklyCohesion(one, 7);
    weeklyCohesion(four, 28);
    for (let i = 0; i < sc.actors.n; i++) {
      expect(four.cohesion[i]).toBeCloseTo(one.cohesion[i]!, 12);
      expect(four.resilience[i]).toBeCloseTo(one.resilience[i]!, 12);
      expect(four.infoSusc[i]).toBeCloseTo(one.infoSusc[i]!, 12);
    }
    expect(four.cohesion[m1]).toBeGreaterThan(0.2); // it did move
  });

  it('resilience investment raises resilience toward 1 and lowers susceptibility to information operations', () => {
    const s = smallInput();
    s.policies.base!.resilienceInvestment = 2;
    const sc = compile(s);
    const { st } = freshState(sc);
    const m1 = actorIx(sc, 'M1');
    const r0 = st.resilience[m1]!, s0 = st.infoSusc[m1]!;
    weeklyCohesion(st, 7);
    const r = Math.min(1, st.p.resilienceRatePerDay * 2 * 7);
    expect(st.resilience[m1]).toBeCloseTo(r0 + r * (1 - r0), 12);
    expect(st.infoSusc[m1]).toBeCloseTo(s0 * (1 - r), 12);
    for (let k = 0; k < 2000; k++) weeklyCohesion(st, 7);
    expect(st.resilience[m1]).toBeLessThanOrEqual(1);
    expect(st.resilience[m1]).toBeGreaterThan(0.99);
  });

  it('DIRECTIONAL: stronger information operations → lower cohesion; resilience investment protects it', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.actions['disinformation-campaign'] = { base: 0.03 };
    s.horizonDays = 365;
    const sc = compile(s);
    const cohesion = (scn: typeof sc) => mean(runBatch(scn, 40, 6).map((r) => r.outcome.finalCohesion));
    const weak = cohesion(withParams(sc, { infoOpsDelta: 0.01 })), strong = cohesion(withParams(sc, { infoOpsDelta: 0.1 }));
    const s2 = structuredClone(s);
    s2.policies.base!.resilienceInvestment = 5;
    const protectedStrong = cohesion(withParams(compile(s2), { infoOpsDelta: 0.1 }));
    logFigures('final cohesion: infoOpsDelta 0.01 / 0.1 / 0.1 with resilience investment', { weak, strong, protectedStrong });
    expect(strong).toBeLessThan(weak - 0.05);
    expect(protectedStrong).toBeGreaterThan(strong + 0.02);
  });
});
