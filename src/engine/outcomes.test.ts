/** Outcomes as observers (outcomes.ts, D38), and the art4Days outcome they were shown with. */
import { describe, expect, it } from 'vitest';
import { maybeRequestArticle4 } from './article4.js';
import { ALLIANCE_OBSERVERS, OUTCOME_OBSERVERS, allianceOutcomeRecord } from './outcomes.js';
import { State } from './state.js';
import { actorIx, allianceIx, builtin, compile, runBatch, smallInput } from './test-helpers.js';
import { startTrajectory } from './trajectory.js';

describe('the observer table', () => {
  it('gives every Outcome field, in table order, and nothing else', () => {
    const r = runBatch(builtin('stray-missile'), 1, 3)[0]!;
    const expected: string[] = [];
    for (const o of OUTCOME_OBSERVERS) {
      if (o.scope === 'alliance' && o.flag !== undefined) expected.push(o.flag);
      expected.push(o.key);
    }
    expect(Object.keys(r.outcome)).toEqual([...expected, 'byAlliance', 'dyads']);
    const b = r.outcome.byAlliance;
    expect(Object.keys(b).filter((k) => k !== 'ids' && k !== 'focal')).toEqual(ALLIANCE_OBSERVERS.map((o) => o.key));
    // The top level is the focal alliance's entry of every alliance row.
    const rec = allianceOutcomeRecord(b)[b.focal]!;
    for (const o of ALLIANCE_OBSERVERS) expect((r.outcome as unknown as Record<string, unknown>)[o.key], o.key).toBe(rec[o.key]);
  });
});

describe('art4Days: whole days with an Article 4 consultation open', () => {
  function setup() {
    const sc = compile(smallInput()); // deliberationDays 2, horizon 60
    const st = new State(sc);
    st.reset(1, 0, false);
    startTrajectory(st);
    const al = allianceIx(sc, 'ALL');
    const adv = actorIx(sc, 'ADV');
    const at = (t: number) => { st.t = t; st.day = Math.floor(t); };
    const request = (member: string, t: number) => {
      at(t);
      const m = actorIx(sc, member);
      st.pressure[m] = 1; st.pressureT[m] = t;
      return maybeRequestArticle4(st, al, m, adv, -1);
    };
    return { sc, st, al, request };
  }

  it('counts the days ⌊t⌋ … ⌈t + deliberation⌉ − 1, a joint request adds none, a shared day counts once', () => {
    const { sc, st, al, request } = setup();
    expect(sc.alliances[al]!.deliberationDays).toBe(2);
    expect(request('M1', 10.5)).toBe(true); // days 10, 11, 12
    expect(st.alArt4Days[al]).toBe(3);
    expect(request('M2', 11.2)).toBe(true); // joins the open consultation
    expect(st.alArt4Count[al]).toBe(1);
    expect(st.alArt4Days[al]).toBe(3);
    expect(request('M3', 12.7)).toBe(true); // opens after 12.5: day 12 again, then 13, 14
    expect(st.alArt4Count[al]).toBe(2);
    expect(st.alArt4Days[al]).toBe(5);
    st.art4LastT.fill(-Infinity); // past every member's cooldown
    expect(request('M1', 30)).toBe(true); // whole-day start: days 30, 31
    expect(st.alArt4Days[al]).toBe(7);
  });

  it('stops at the horizon', () => {
    const { st, al, request } = setup();
    expect(request('M1', st.horizon - 0.5)).toBe(true);
    expect(st.alArt4Days[al]).toBe(1);
  });

  it('lies between the consultation count and count × (deliberation + 1), per alliance, on a built-in scenario', () => {
    const sc = builtin('baltic-grayzone');
    let some = 0;
    for (const r of runBatch(sc, 12, 5)) {
      const b = r.outcome.byAlliance;
      b.ids.forEach((id, q) => {
        const D = sc.alliances.find((a) => a.id === id)!.deliberationDays;
        const n = b.art4Count[q]!, days = b.art4Days[q]!;
        expect(days).toBeGreaterThanOrEqual(n);
        expect(days).toBeLessThanOrEqual(Math.min(sc.horizonDays, n * (D + 1)));
        some += days;
      });
    }
    expect(some).toBeGreaterThan(0);
  });
});
