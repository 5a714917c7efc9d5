/** Article 4 consultation (MODEL.md §4.4). */
import { describe, expect, it } from 'vitest';
import { endArticle4, mayPromptArticle4, maybeRequestArticle4 } from './article4.js';
import {
  actorIx, allianceIx, compile, eventsOf, freshState, logFigures, mean, runBatch, runBatchWithState, runTrace, smallInput,
  withHorizon, withParams,
} from './test-helpers.js';

/** Migration pushed into members (pressure × 3), always attributed; the given (day, target) pairs. */
function pushes(list: [number, string][], tweak: (s: ReturnType<typeof smallInput>) => void = () => {}) {
  const s = smallInput();
  s.horizonDays = 120;
  s.actions['weaponized-migration'] = { deniability: 0 };
  s.parameters.art4NonviolentTriggerProb = 1; // these tests use migration pushes as triggers (D79: by default only military acts prompt a request)
  for (const m of s.actors.slice(1)) m.art4Threshold = 0.3;
  for (const [day, target] of list) s.injects.push({ day, actor: 'ADV', action: 'weaponized-migration', target, theatre: 'east' });
  tweak(s);
  return compile(s);
}

describe('Article 4 requests', () => {
  it('a member requests consultation when its pressure exceeds art4Threshold / article4Propensity', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL');
    const m1 = actorIx(sc, 'M1'), adv = actorIx(sc, 'ADV');
    const setPressure = (v: number) => { st.pressure[m1] = v; st.pressureT[m1] = st.t; };
    setPressure(0.5); // threshold 0.5: not above it
    expect(maybeRequestArticle4(st, al, m1, adv, -1)).toBe(false);
    expect(st.alArt4Count[al]).toBe(0);
    setPressure(0.51);
    expect(maybeRequestArticle4(st, al, m1, adv, -1)).toBe(true);
    expect(st.alArt4Count[al]).toBe(1);
    expect(st.alArt4FirstDay[al]).toBe(st.day);

    // article4Propensity 2 halves the bar.
    const s2 = smallInput();
    s2.policies.base!.article4Propensity = 2;
    const sc2 = compile(s2);
    const { st: st2 } = freshState(sc2);
    st2.pressure[m1] = 0.3; st2.pressureT[m1] = st2.t;
    expect(maybeRequestArticle4(st2, al, m1, adv, -1)).toBe(true);
  });

  it('requests while a consultation is open join it: a joint request counts once', () => {
    const sc = pushes([[5, 'M1'], [5, 'M2'], [6, 'M3']]);
    const r = runTrace(sc);
    const a4 = eventsOf(r, 'article-4-consultation');
    expect(a4.length).toBe(1);
    expect(a4[0]!.causes[0]).toBe(eventsOf(r, 'weaponized-migration')[0]!.id);
    expect(r.outcome.art4Count).toBe(1);
    // The joiners are requesters too: the consultation relieves all three members' pressure.
    const pressures = (relief: number) =>
      runBatchWithState(withParams(withHorizon(sc, 9), { art4PressureRelief: relief }), 1, 1, (st) => [1, 2, 3].map((m) => st.pressureNow(m)))[0]!;
    const relieved = pressures(0.5), kept = pressures(0);
    for (let k = 0; k < 3; k++) expect(relieved[k]!).toBeCloseTo(kept[k]! * 0.5, 12);
    // After the consultation (deliberationDays 2) a new request opens a new one.
    const later = runTrace(pushes([[5, 'M1'], [10, 'M2']]));
    expect(eventsOf(later, 'article-4-consultation').map((e) => e.day)).toEqual([5, 10]);
    expect(later.outcome.art4Count).toBe(2);
  });

  it('the same member does not request again within article4Cooldown days', () => {
    const r = runTrace(pushes([[5, 'M1'], [20, 'M1'], [64, 'M1'], [66, 'M1']]));
    expect(eventsOf(r, 'article-4-consultation').map((e) => e.day)).toEqual([5, 66]);
    const short = runTrace(pushes([[5, 'M1'], [20, 'M1']], (s) => { s.alliances[0]!.article4Cooldown = 10; }));
    expect(eventsOf(short, 'article-4-consultation').map((e) => e.day)).toEqual([5, 20]);
  });

  it('a consultation raises every member\'s cohesion, relieves the requester\'s pressure, and may end in a package that answers the debt', () => {
    const s = smallInput();
    s.parameters.art4ResponseProb = 1;
    const sc = compile(s);
    const { st } = freshState(sc);
    const al = allianceIx(sc, 'ALL');
    const m1 = actorIx(sc, 'M1'), m2 = actorIx(sc, 'M2'), adv = actorIx(sc, 'ADV');
    st.pressure[m1] = 0.8; st.pressureT[m1] = st.t;
    st.pressure[m2] = 0.8; st.pressureT[m2] = st.t; // M2 did not request
    st.setCohesion(m2, 0.5);
    st.setDebt(al, 2);
    expect(maybeRequestArticle4(st, al, m1, adv, -1)).toBe(true);
    const logBefore = st.log.count;
    st.t += 2;
    endArticle4(st, al);
    expect(st.cohesion[m2]).toBeCloseTo(0.5 + st.p.art4CohesionGain * 0.5, 12);
    expect(st.pressureNow(m1)).toBeLessThan(0.8 * Math.pow(2, -2 / 30) * (1 - st.p.art4PressureRelief) + 1e-12);
    expect(st.pressureNow(m2)).toBeCloseTo(0.8 * Math.pow(2, -2 / 30), 12);
    const emitted = Array.from({ length: st.log.count - logBefore }, (_, k) => sc.actions[st.log.action[logBefore + k]!]!.id);
    expect(emitted).toEqual(['sanctions', 'reinforce-flank']);
    expect(st.debtNow(al)).toBeCloseTo(2 * Math.pow(2, -2 / 180) - st.p.debtPaydown, 12);
    expect(st.sanctioned[adv]).toBeGreaterThan(0);
  });

  it('DIRECTIONAL: a higher article4Propensity → more consultations', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.horizonDays = 365;
    const count = (propensity: number) => {
      const t = structuredClone(s);
      t.policies.base!.article4Propensity = propensity;
      return mean(runBatch(compile(t), 60, 5).map((r) => r.outcome.art4Count));
    };
    const low = count(0.5), mid = count(1), high = count(3);
    logFigures('article4Propensity 0.5/1/3 → mean consultations', { low, mid, high });
    expect(mid).toBeGreaterThanOrEqual(low);
    expect(high).toBeGreaterThan(mid * 2);
    expect(high).toBeGreaterThan(low + 1);
  });
});

describe('what prompts a request (D79)', () => {
  /** Migration pushes into M1 on days 5, 6 and 7 (pressure far above its bar), then an airspace violation on day 30 if asked. */
  function campaign(prob: number | undefined, military: boolean) {
    const s = smallInput();
    s.horizonDays = 60;
    s.actions['weaponized-migration'] = { deniability: 0 };
    s.actions['airspace-violation'] = { deniability: 0 };
    for (const m of s.actors.slice(1)) m.art4Threshold = 0.3;
    if (prob !== undefined) s.parameters.art4NonviolentTriggerProb = prob;
    for (const day of [5, 6, 7]) s.injects.push({ day, actor: 'ADV', action: 'weaponized-migration', target: 'M1', theatre: 'east' });
    if (military) s.injects.push({ day: 30, actor: 'ADV', action: 'airspace-violation', target: 'M1', theatre: 'east' });
    return runTrace(compile(s));
  }

  it('DIRECTIONAL: at the default, nonviolent pushes build the pressure but only a military act prompts the request', () => {
    const quiet = campaign(undefined, false);
    expect(eventsOf(quiet, 'article-4-consultation')).toEqual([]);
    const r = campaign(undefined, true);
    const a4 = eventsOf(r, 'article-4-consultation');
    expect(a4.map((e) => e.day)).toEqual([30]);
    expect(a4[0]!.causes[0]).toBe(eventsOf(r, 'airspace-violation')[0]!.id);
  });

  it('art4NonviolentTriggerProb 1 lets the first push prompt it (engines before 0.4.0); the draw is keyed by member and day', () => {
    const r = campaign(1, false);
    expect(eventsOf(r, 'article-4-consultation').map((e) => e.day)).toEqual([5]);
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const mig = sc.actions.findIndex((a) => a.id === 'weaponized-migration');
    const air = sc.actions.findIndex((a) => a.id === 'airspace-violation');
    const m1 = actorIx(sc, 'M1');
    expect(mayPromptArticle4(st, air, m1)).toBe(true);
    expect(mayPromptArticle4(st, mig, m1)).toBe(false);
    // A probability in between: the same (member, day) always gives the same answer.
    const st2 = freshState(compile({ ...smallInput(), parameters: { art4NonviolentTriggerProb: 0.5 } })).st;
    const days = Array.from({ length: 200 }, (_, d) => { st2.t = d; return mayPromptArticle4(st2, mig, m1); });
    const again = Array.from({ length: 200 }, (_, d) => { st2.t = d + 0.5; return mayPromptArticle4(st2, mig, m1); });
    expect(again).toEqual(days);
    const share = days.filter(Boolean).length / days.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});
