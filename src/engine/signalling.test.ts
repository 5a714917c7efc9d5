/** Signalling and spirals (MODEL.md §4.10). */
import { describe, expect, it } from 'vitest';
import { allianceStatement, deescalate, relaxHostility, signalResolve } from './signalling.js';
import {
  actorIx, allianceIx, compile, freshState, logFigures, mean, runBatchWithState, smallInput,
} from './test-helpers.js';

function world(stance: 'restrained' | 'firm' | 'provocative') {
  const s = smallInput();
  s.policies.base!.signallingStance = stance;
  s.parameters.statementProb = 1;
  return compile(s);
}

describe('statements and resolve', () => {
  it('an alliance statement moves perceived resolve by cheapTalkResolve × the stance factor; only a provocative one adds hostility', () => {
    const gains: number[] = [];
    for (const stance of ['restrained', 'firm', 'provocative'] as const) {
      const s = smallInput();
      s.actors[0]!.agency = true;
      s.policies.base!.signallingStance = stance;
      s.parameters.statementProb = 1;
      const sc = compile(s);
      const { st } = freshState(sc);
      const al = allianceIx(sc, 'ALL'), adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1');
      const slot = st.agentSlot[adv]!;
      const r0 = st.resolveToward[slot * st.nAl + al]!;
      const h0 = st.hostility[adv * st.n + m1]!;
      allianceStatement(st, al, adv, -1, 7, 12345);
      const r1 = st.resolveToward[slot * st.nAl + al]!;
      gains.push((r1 - r0) / (1 - r0));
      if (stance === 'provocative') expect(st.hostility[adv * st.n + m1]).toBeCloseTo(h0 + st.p.provocationHostility * (1 - h0), 12);
      else expect(st.hostility[adv * st.n + m1]).toBe(h0);
    }
    const p = compile(smallInput()).params;
    expect(gains[0]).toBeCloseTo(p.restrainedResolveFactor * p.cheapTalkResolve, 12);
    expect(gains[1]).toBeCloseTo(p.cheapTalkResolve, 12);
    expect(gains[2]).toBeCloseTo(p.provocativeResolveFactor * p.cheapTalkResolve, 12);
    expect(gains[0]).toBeLessThan(gains[1]!);
    expect(gains[2]).toBeGreaterThan(gains[1]!);
  });

  it('costly signals move resolve more than cheap talk, saturating below 1', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    const sc = compile(s);
    const { st } = freshState(sc);
    const k = st.agentSlot[actorIx(sc, 'ADV')]! * st.nAl + allianceIx(sc, 'ALL');
    const r0 = st.resolveToward[k]!;
    signalResolve(st, 0, st.p.costlySignalResolve);
    const costly = st.resolveToward[k]! - r0;
    st.resolveToward[k] = r0;
    signalResolve(st, 0, st.p.cheapTalkResolve);
    expect(costly).toBeGreaterThan(st.resolveToward[k]! - r0);
    for (let q = 0; q < 500; q++) signalResolve(st, 0, st.p.costlySignalResolve);
    expect(st.resolveToward[k]).toBeLessThanOrEqual(1);
  });

  it('the statement draw is keyed: statementProb 0 never speaks, 1 always does', () => {
    for (const [prob, expected] of [[0, 0], [1, 50]] as const) {
      const s = smallInput();
      s.parameters.statementProb = prob;
      const sc = compile(s);
      const { st } = freshState(sc);
      const before = st.log.count;
      for (let k = 0; k < 50; k++) allianceStatement(st, 0, actorIx(sc, 'ADV'), -1, 7, k);
      expect(st.log.count - before).toBe(expected);
    }
  });
});

describe('hostility', () => {
  it('relaxes toward its scenario baseline with hostilityHalfLifeDays, and the pair is then forgotten', () => {
    const sc = world('firm');
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV'), m2 = actorIx(sc, 'M2');
    const k = adv * st.n + m2;
    st.addHostility(adv, m2, 0.5); // 0.7 → 0.85
    expect(st.hostility[k]).toBeCloseTo(0.85, 12);
    relaxHostility(st, st.p.hostilityHalfLifeDays);
    expect(st.hostility[k]).toBeCloseTo(0.775, 12);
    for (let q = 0; q < 200; q++) relaxHostility(st, 7);
    expect(st.hostility[k]).toBe(0.7);
    expect(st.touchedFlag[k]).toBe(0);
  });

  it('de-escalation keeps only deescalationFactor of the hostility excess on both sides', () => {
    const s = smallInput();
    s.relations.push({ from: 'M2', to: 'ADV', hostility: 0.2 });
    const sc = compile(s);
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV'), m2 = actorIx(sc, 'M2');
    st.addHostility(adv, m2, 0.5); // 0.85, excess 0.15
    st.addHostility(m2, adv, 0.5); // 0.6, excess 0.4
    deescalate(st, adv, m2, 1);
    const f = st.p.deescalationFactor;
    expect(st.hostility[adv * st.n + m2]).toBeCloseTo(0.7 + 0.15 * f, 12);
    expect(st.hostility[m2 * st.n + adv]).toBeCloseTo(0.2 + 0.4 * f, 12);
    // Never below baseline.
    for (let q = 0; q < 50; q++) deescalate(st, adv, m2, 1);
    expect(st.hostility[adv * st.n + m2]).toBeGreaterThanOrEqual(0.7);
  });

  it('DIRECTIONAL: a provocative stance → a more hostile adversary that acts more', () => {
    const arm = (stance: 'restrained' | 'provocative') => {
      const s = smallInput();
      s.actors[0]!.agency = true;
      s.actors[0]!.activity = 2;
      s.horizonDays = 365;
      s.policies.base!.signallingStance = stance;
      return runBatchWithState(compile(s), 50, 1, (st, r) => ({
        hostility: (st.hostility[1]! + st.hostility[2]! + st.hostility[3]!) / 3,
        events: r.events!.filter((e) => e.actor === 'ADV' && e.category !== 'deescalation').length,
      }), { trace: true });
    };
    const calm = arm('restrained'), hot = arm('provocative');
    const figures = { hostilityRestrained: mean(calm.map((x) => x.hostility)), hostilityProvocative: mean(hot.map((x) => x.hostility)), eventsRestrained: mean(calm.map((x) => x.events)), eventsProvocative: mean(hot.map((x) => x.events)) };
    logFigures('signalling stance restrained vs provocative', figures);
    expect(figures.hostilityProvocative).toBeGreaterThan(figures.hostilityRestrained + 0.05);
    expect(figures.eventsProvocative).toBeGreaterThan(figures.eventsRestrained * 1.08);
  });
});
