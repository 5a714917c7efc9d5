/** Credibility debt (MODEL.md §4.3). */
import { describe, expect, it } from 'vitest';
import { answer } from './credibility.js';
import {
  actorIx, allianceIx, compile, eventsOf, logFigures, mean, runBatch, runBatchWithState, smallInput, withHorizon, withParams,
} from './test-helpers.js';

/** ADV (no agency) jams M2's GPS (severity 2, always attributed) on the given days; nothing answers. */
function jams(days: number[]) {
  const s = smallInput();
  s.actors.find((a) => a.id === 'M2')!.art4Threshold = 1; // no Article 4 package either
  s.actions['gps-jamming'] = { deniability: 0 };
  for (const d of days) s.injects.push({ day: d, actor: 'ADV', action: 'gps-jamming', target: 'M2', theatre: 'east' });
  return s;
}

const debtAt = (sc: ReturnType<typeof compile>, horizon: number) =>
  runBatchWithState(withHorizon(sc, horizon), 1, 1, (st) => ({ debt: st.debtNow(0), pending: st.pendCount }))[0]!;

describe('credibility debt', () => {
  it('an unanswered event becomes debt (severity/10) once its answer window has passed, not before', () => {
    const sc = compile(jams([1]));
    // Window 14 days from day 1; pending events are moved into debt at the weekly step of day 21
    // (a run of horizon H covers days 0..H−1 and stops at t = H).
    expect(debtAt(sc, 21)).toEqual({ debt: 0, pending: 1 });
    const at22 = debtAt(sc, 22);
    expect(at22.pending).toBe(0);
    expect(at22.debt).toBeCloseTo(0.2 * Math.pow(2, -1 / 180), 12); // one day of decay since day 21
    // A longer answer window defers it.
    expect(debtAt(withParams(sc, { answerWindowDays: 30 }), 35).debt).toBe(0);
  });

  it('debt accumulates over unanswered events and decays with debtHalfLifeDays', () => {
    const sc = compile(jams([1, 2, 3, 4, 5]));
    const { debt } = debtAt(sc, 22);
    expect(debt).toBeCloseTo(5 * 0.2 * Math.pow(2, -1 / 180), 12);
    const later = debtAt(sc, 22 + 180).debt; // one half-life later (default 180 days)
    expect(later).toBeCloseTo(debt / 2, 12);
  });

  it('a response pays down debtPaydown and clears the pending events; an answer to nothing provokes', () => {
    const sc = compile(jams([1, 2, 3, 4, 5]));
    const al = allianceIx(sc, 'ALL');
    const adv = actorIx(sc, 'ADV');
    runBatchWithState(withHorizon(sc, 22), 1, 1, (st) => {
      st.t = 21; // read the debt as it was set
      const h0 = st.hostility[adv * st.n + actorIx(sc, 'M1')]!;
      answer(st, al, adv);
      expect(st.debtNow(al)).toBeCloseTo(1 - st.p.debtPaydown, 12);
      expect(st.hostility[adv * st.n + actorIx(sc, 'M1')]).toBe(h0); // there was debt to pay: not over-forceful
      answer(st, al, adv);
      answer(st, al, adv);
      expect(st.debtNow(al)).toBe(0); // never negative
      answer(st, al, adv); // nothing left to answer: over-forceful
      expect(st.hostility[adv * st.n + actorIx(sc, 'M1')]).toBeGreaterThan(h0);
    });
    // Pending events within their window are answered and never become debt.
    runBatchWithState(withHorizon(sc, 10), 1, 1, (st) => {
      expect(st.pendCount).toBe(5);
      answer(st, al, adv);
      expect(st.pendCount).toBe(0);
      expect(st.debtNow(al)).toBe(0);
    });
  });

  it('events answered by the playbook, or by an Article 4 package, leave no debt', () => {
    const days = [1, 2, 3, 4, 5, 6, 7, 8];
    const unanswered = runBatch(compile(jams(days)), 5, 1);
    // Days 1–7 expire at the weekly step of day 21, day 8 at day 28.
    const peak = 1.4 * Math.pow(2, -7 / 180) + 0.2;
    for (const r of unanswered) expect(r.outcome.peakCredibilityDebt).toBeCloseTo(peak, 12);

    const pb = jams(days);
    pb.policies.base!.playbook = { grayzone: 1 };
    for (const r of runBatch(compile(pb), 5, 1, { trace: true })) {
      expect(r.outcome.peakCredibilityDebt).toBe(0);
      expect(eventsOf(r, 'playbook-activation').length).toBe(days.length);
    }

    const a4 = jams(days);
    a4.actors.find((a) => a.id === 'M2')!.art4Threshold = 0.05;
    a4.parameters.art4ResponseProb = 1;
    a4.parameters.art4NonviolentTriggerProb = 1; // GPS jamming is nonviolent: by default it builds pressure but prompts no request (D79)
    for (const r of runBatch(compile(a4), 5, 1, { trace: true })) {
      expect(eventsOf(r, 'sanctions').length).toBeGreaterThan(0);
      expect(r.outcome.peakCredibilityDebt).toBeLessThan(peak);
    }
  });

  it('DIRECTIONAL: a smaller paydown per response → more credibility debt', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.horizonDays = 365;
    s.policies.base!.playbook = { grayzone: 0.3 };
    const sc = compile(s);
    const debt = (debtPaydown: number) => mean(runBatch(withParams(sc, { debtPaydown }), 40, 11).map((r) => r.outcome.peakCredibilityDebt));
    const small = debt(0.1), large = debt(2);
    logFigures('peak debt at debtPaydown 0.1 vs 2', { small, large });
    expect(small).toBeGreaterThan(large * 1.15); // over-force (§4.3) pushes back against the direct effect
  });

  it('DIRECTIONAL: more weight on credibility debt (debtWeight) → more probing (gray-zone events)', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.actors[0]!.activity = 2;
    s.horizonDays = 365;
    const sc = compile(s);
    const gray = (debtWeight: number) => runBatch(withParams(sc, { debtWeight }), 60, 11).map((r) => r.outcome.grayzoneCount);
    const none = gray(0), heavy = gray(10);
    expect(mean(heavy)).toBeGreaterThan(mean(none) * 1.07);
  });
});
