/** Detection, attribution, stray missiles and the armed-attack threshold θ (MODEL.md §4.2). */
import { describe, expect, it } from 'vitest';
import { armedAttackThreshold, attributionProbability } from './attribution.js';
import {
  actionIx, actorIx, compile, eventsOf, freshState, runBatch, runTrace, smallInput, withParams, withPartnerWar,
} from './test-helpers.js';

function stray(deliberate: boolean | undefined, pMisattribution?: number) {
  const s = smallInput();
  s.injects.push({ day: 10, actor: 'ADV', action: 'accidental-spillover', target: 'M1', theatre: 'east', ...(deliberate === undefined ? {} : { deliberate }) });
  if (pMisattribution !== undefined) s.parameters.pMisattribution = pMisattribution;
  return compile(s);
}

describe('a stray missile (accidental spillover)', () => {
  it('read as accidental: no armed attack, no deliberation, not drawn in, rung 2 at most', () => {
    for (let k = 0; k < 10; k++) {
      const r = runTrace(stray(false), 1, k);
      const ev = eventsOf(r, 'accidental-spillover')[0]!;
      expect(ev.note).toBe('attributed as accidental');
      expect(eventsOf(r, 'article-5-vote')).toEqual([]);
      expect(r.outcome.drawnIn).toBe(false);
      expect(r.outcome.maxRung.east).toBeLessThanOrEqual(2);
    }
  });

  it('misread as deliberate: an armed attack that opens a deliberation and draws the alliance in (rung 4)', () => {
    const r = runTrace(stray(true));
    const ev = eventsOf(r, 'accidental-spillover')[0]!;
    expect(ev.note).toBe('read as deliberate');
    expect(eventsOf(r, 'article-5-vote').length).toBeGreaterThan(0);
    expect(r.outcome.drawnIn).toBe(true);
    expect(r.outcome.maxRung.east).toBeGreaterThanOrEqual(4);
  });

  it('the reading is drawn with pMisattribution: 0 never, 1 always, 0.25 sometimes', () => {
    const deliberations = (p: number) => runBatch(stray(undefined, p), 60, 7, { trace: true }).filter((r) => eventsOf(r, 'article-5-vote').length > 0).length;
    expect(deliberations(0)).toBe(0);
    expect(deliberations(1)).toBe(60);
    const mid = deliberations(0.25);
    expect(mid).toBeGreaterThan(5);
    expect(mid).toBeLessThan(30);
  });

  it('strikes on a partner spill over onto a bordering member only as accidental events', () => {
    const s = withPartnerWar(smallInput());
    s.actors[0]!.agency = true;
    s.horizonDays = 200;
    s.actions['strike-on-partner'] = { effects: { spilloverProb: 0.3 } };
    s.parameters.pMisattribution = 0;
    const rs = runBatch(compile(s), 10, 1, { trace: true });
    const strays = rs.flatMap((r) => eventsOf(r, 'accidental-spillover'));
    expect(strays.length).toBeGreaterThan(0);
    for (const e of strays) {
      expect(e.target).toBe('M1'); // the only member bordering P
      expect(e.note).toBe('attributed as accidental');
    }
    for (const r of rs) expect(eventsOf(r, 'article-5-vote')).toEqual([]);
  });
});

describe('attribution', () => {
  it('attribution probability is 1 − deniability, rising by patternLearning per earlier attributed event, capped at 1', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const a = actionIx(sc, 'cable-sabotage'); // deniability 0.7
    expect(attributionProbability(st, adv, a)).toBeCloseTo(0.3, 12);
    st.attributedCount[adv * st.nAct + a] = 3;
    expect(attributionProbability(st, adv, a)).toBeCloseTo(0.3 + 3 * st.p.patternLearning, 12);
    st.attributedCount[adv * st.nAct + a] = 100;
    expect(attributionProbability(st, adv, a)).toBe(1);
  });

  it('an attributed event is acted on attributionLagDays · min(1, 2·deniability) later', () => {
    for (const [deniability, lag] of [[0.5, 10], [0.25, 5], [0, 0]] as const) {
      const s = smallInput();
      s.parameters.attributionLagDays = 10;
      s.parameters.statementProb = 1; // the alliance answers every attributed event with a statement
      s.actions['cable-sabotage'] = { deniability };
      s.injects.push({ day: 5, actor: 'ADV', action: 'cable-sabotage', target: 'M2', theatre: 'east' });
      let attributed = 0;
      for (let k = 0; k < 20; k++) {
        const r = runTrace(compile(s), 1, k);
        const st = eventsOf(r, 'alliance-statement');
        if (eventsOf(r, 'cable-sabotage')[0]!.note === 'not attributed') {
          expect(st).toEqual([]);
          continue;
        }
        attributed++;
        expect(st.length).toBe(1);
        expect(st[0]!.day).toBe(5 + lag);
      }
      expect(attributed).toBeGreaterThan(0);
    }
  });
});

describe('the armed-attack threshold θ', () => {
  it('θ = θ0 · (1 − α·pressure) · (1 + β·resilience): falls with pressure, rises with resilience', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const j = actorIx(sc, 'M1');
    const set = (pressure: number, resilience: number) => {
      st.pressure[j] = pressure;
      st.pressureT[j] = st.t;
      st.resilience[j] = resilience;
      return armedAttackThreshold(st, j);
    };
    const { armedAttackTheta0: t0, thresholdPressureAlpha: al, thresholdResilienceBeta: be } = st.p;
    expect(set(0.4, 0.3)).toBeCloseTo(t0 * (1 - al * 0.4) * (1 + be * 0.3), 12);
    let prev = Infinity;
    for (const p of [0, 0.25, 0.5, 0.75, 1]) {
      const th = set(p, 0.5);
      expect(th).toBeLessThan(prev);
      prev = th;
    }
    prev = -Infinity;
    for (const r of [0, 0.25, 0.5, 0.75, 1]) {
      const th = set(0.3, r);
      expect(th).toBeGreaterThan(prev);
      prev = th;
    }
  });

  it('a cyber attack is an armed attack exactly when its casualties exceed θ', () => {
    const s = smallInput();
    s.actions['cyberattack-infrastructure'] = { deniability: 0, effects: { casualtiesMean: 100 } };
    s.injects.push({ day: 5, actor: 'ADV', action: 'cyberattack-infrastructure', target: 'M2', theatre: 'east' });
    const sc = compile(s);
    const opened = (theta0: number) =>
      runBatch(withParams(sc, { armedAttackTheta0: theta0 }), 20, 1, { trace: true }).filter((r) => eventsOf(r, 'article-5-vote').length > 0).length;
    expect(opened(0)).toBe(20); // any casualty crosses θ = 0
    expect(opened(10000)).toBe(0); // Exp(100) casualties never reach 15000
    const mid = opened(100); // θ = 150 at resilience 0.5: P(casualties > 150) = e^−1.5 ≈ 0.22
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(20);
  });

  it('DIRECTIONAL: resilience investment → higher resilience → fewer cyber armed attacks', () => {
    const s = smallInput();
    s.horizonDays = 365;
    s.actions['cyberattack-infrastructure'] = { deniability: 0, effects: { casualtiesMean: 6 } };
    s.parameters.thresholdPressureAlpha = 0; // isolate resilience from the pressure the attacks build
    for (let d = 20; d < 365; d += 15) s.injects.push({ day: d, actor: 'ADV', action: 'cyberattack-infrastructure', target: 'M2', theatre: 'east' });
    const run = (invest: number) => {
      const t = structuredClone(s);
      t.policies.base!.resilienceInvestment = invest;
      return runBatch(compile(t), 40, 2, { trace: true });
    };
    // Attacks after day 120, once the investment has had time to raise resilience.
    const armed = (rs: ReturnType<typeof run>) => rs.reduce((a, r) => a + eventsOf(r, 'cyberattack-infrastructure', (e) => e.day >= 120 && e.note === 'armed attack').length, 0);
    const none = armed(run(0)), some = armed(run(10));
    expect(none).toBeGreaterThan(30);
    expect(some).toBeLessThan(none * 0.6);
  });
});
