/** Enablers, secondary sanctions, coordination and theatre reallocation (MODEL.md §4.8). */
import { describe, expect, it } from 'vitest';
import { recomputeHazards } from './choice.js';
import { reallocate, stepEnablers } from './enablers.js';
import {
  actorIx, compile, freshState, logFigures, mean, runBatchWithState, smallInput, theatreIx, warEndDay, withPartnerWar,
} from './test-helpers.js';

/** The partner war, plus an enabler E (its own theatre `far`, hostile to ALL) supplying ADV. */
function enabled(supplyRate: number, secondarySanctions: boolean) {
  const s = withPartnerWar(smallInput());
  s.actors[0]!.agency = true;
  s.actors.find((a) => a.id === 'P')!.agency = true;
  s.theatres.push({ id: 'far' });
  s.actors.push({ id: 'E', agency: true, revisionism: 0.6, power: 0.1, theatreShare: { far: 1 } });
  s.relations.push({ from: 'E', to: 'ALL', hostility: 0.3 });
  s.enablerLinks.push({ from: 'E', to: 'ADV', supplyRate, diplomaticCover: 0.3 });
  s.policies.base!.secondarySanctions = secondarySanctions;
  return s;
}

describe('enabler supply', () => {
  it('adds supplyRate · (1 − cut) days of supply a day to the client\'s stockpile', () => {
    const sc = compile(enabled(0.5, false));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const s0 = st.stockpile[adv]!;
    stepEnablers(st, 10);
    expect(st.stockpile[adv]).toBeCloseTo(s0 + 5, 12);
    const cut = compile(enabled(0.5, true));
    const { st: st2 } = freshState(cut);
    expect(st2.supplyCut[0]).toBe(st2.p.secondarySanctionsCut);
    const s1 = st2.stockpile[adv]!;
    stepEnablers(st2, 10);
    expect(st2.stockpile[adv]).toBeCloseTo(s1 + 5 * (1 - st2.p.secondarySanctionsCut), 12);
  });

  it('secondary sanctions on the enabler raise its hostility toward the sanctioning alliance', () => {
    const plain = compile(enabled(0.5, false)), sanctioned = compile(enabled(0.5, true));
    const e = actorIx(plain, 'E'), m2 = actorIx(plain, 'M2');
    const h = (sc: typeof plain) => freshState(sc).st.hostility[e * (plain.actors.n) + m2]!;
    expect(h(plain)).toBeCloseTo(0.3, 12);
    expect(h(sanctioned)).toBeGreaterThan(0.3 + 0.9 * 0.2 * 0.7); // +secondarySanctionsHostility, saturating, barely relaxed
  });

  it('DIRECTIONAL: more enabler supply → the client holds more stock, fewer wars end in a ceasefire, and later', () => {
    const arm = (rate: number) => {
      const s = enabled(rate, false);
      s.actors[0]!.stockpile0 = 10; // without supply ADV's stock runs dry within weeks
      s.actors[0]!.productionPerDay = 0.1;
      s.horizonDays = 730;
      return runBatchWithState(compile(s), 40, 1, (st, r) => ({ stock: st.stockpile[0]!, warEnd: warEndDay(r) }), { trace: true });
    };
    const none = arm(0), much = arm(1);
    const figures = {
      stockNone: mean(none.map((x) => x.stock)), stockMuch: mean(much.map((x) => x.stock)),
      endedNone: none.filter((x) => x.warEnd < 730).length, endedMuch: much.filter((x) => x.warEnd < 730).length,
      warEndNone: mean(none.map((x) => x.warEnd)), warEndMuch: mean(much.map((x) => x.warEnd)),
    };
    logFigures('enabler supplyRate 0 vs 1', figures);
    for (let k = 0; k < none.length; k++) expect(much[k]!.stock).toBeGreaterThanOrEqual(none[k]!.stock);
    expect(figures.stockMuch).toBeGreaterThan(figures.stockNone + 100);
    expect(figures.endedMuch).toBeLessThan(figures.endedNone - 8);
    expect(figures.warEndMuch).toBeGreaterThan(figures.warEndNone * 1.05);
  });

  it('DIRECTIONAL: secondary sanctions → less supply reaches the client, but the enabler turns on the alliance', () => {
    const arm = (sec: boolean) => {
      const s = enabled(0.3, sec);
      s.actors.find((a) => a.id === 'E')!.activity = 3;
      s.horizonDays = 120;
      return runBatchWithState(compile(s), 60, 2, (st, r) => ({ stock: st.stockpile[0]!, enablerEvents: r.events!.filter((e) => e.actor === 'E').length }), { trace: true });
    };
    const off = arm(false), on = arm(true);
    const figures = { stockOff: mean(off.map((x) => x.stock)), stockOn: mean(on.map((x) => x.stock)), enablerOff: mean(off.map((x) => x.enablerEvents)), enablerOn: mean(on.map((x) => x.enablerEvents)) };
    logFigures('secondary sanctions off vs on', figures);
    expect(figures.stockOn).toBeLessThan(figures.stockOff - 10);
    expect(figures.enablerOn).toBeGreaterThan(figures.enablerOff * 1.1);
  });
});

describe('cross-theatre coordination and reallocation', () => {
  /** Two theatres; revisionist X (west) and Y (east) in a coordinated partnership; G a great power in both. */
  function twoTheatres(coordination: boolean) {
    return compile({
      schemaVersion: 1, name: 'coord', horizonDays: 30,
      theatres: [{ id: 'west' }, { id: 'east' }],
      actors: [
        { id: 'X', agency: true, revisionism: 0.9, power: 0.2, theatreShare: { west: 1 } },
        { id: 'Y', agency: true, revisionism: 0.9, power: 0.2, theatreShare: { east: 1 } },
        { id: 'G', power: 0.3, theatreShare: { west: 0.4, east: 0.6 } },
        { id: 'W', power: 0.05, theatreShare: { west: 1 } },
        { id: 'Z', power: 0.05, theatreShare: { east: 1 } },
      ],
      alliances: [
        { id: 'DEF', kind: 'collective-defense', members: ['G', 'W', 'Z'] },
        { id: 'AX', kind: 'partnership', members: ['X', 'Y'], coordination },
      ],
      relations: [{ from: 'X', to: 'DEF', hostility: 0.6 }, { from: 'Y', to: 'DEF', hostility: 0.6 }],
    });
  }

  it('an open coordination window raises the coordinated partner\'s hazards in the other theatre, and only with coordination on', () => {
    for (const on of [true, false]) {
      const sc = twoTheatres(on);
      const { st } = freshState(sc);
      const y = actorIx(sc, 'Y'), slot = st.agentSlot[y]!;
      const total = () => { recomputeHazards(st, slot); return st.hzTotal[slot]!; };
      const closed = total();
      st.coordUntil[theatreIx(sc, 'east')] = st.t + 10;
      const open = total();
      if (on) expect(open).toBeGreaterThan(closed * 1.2);
      else expect(open).toBe(closed);
    }
  });

  it('DIRECTIONAL: with coordination on, an escalation in one theatre raises the partner\'s activity in the other, for the window only', () => {
    const arm = (coordination: boolean) => {
      const sc = compile({
        schemaVersion: 1, name: 'coord', horizonDays: 90,
        theatres: [{ id: 'west' }, { id: 'east' }],
        actors: [
          { id: 'X', revisionism: 0.9, power: 0.2, theatreShare: { west: 1 } },
          { id: 'Y', agency: true, revisionism: 0.9, power: 0.2, theatreShare: { east: 1 } },
          { id: 'W', power: 0.1, theatreShare: { west: 1 }, unilateralThreshold: 1 },
          { id: 'Z', power: 0.1, theatreShare: { east: 1 }, unilateralThreshold: 1 },
        ],
        alliances: [{ id: 'DEF', kind: 'collective-defense', members: ['W', 'Z'] }, { id: 'AX', kind: 'partnership', members: ['X', 'Y'], coordination }],
        relations: [{ from: 'X', to: 'DEF', hostility: 0.6 }, { from: 'Y', to: 'DEF', hostility: 0.6 }],
        actions: { clash: { deniability: 0 } },
        injects: [{ day: 30, actor: 'X', action: 'clash', target: 'W', theatre: 'west' }], // west to rung 4 on day 30
      });
      const rs = runBatchWithState(sc, 60, 1, (_st, r) => r.events!.filter((e) => e.actor === 'Y'), { trace: true });
      const inWindow = (a: number, b: number) => mean(rs.map((evs) => evs.filter((e) => e.day >= a && e.day < b).length));
      return { before: inWindow(0, 30), during: inWindow(30, 30 + 30) };
    };
    const off = arm(false), on = arm(true);
    logFigures('Y\'s events in east before / during the 30-day window, coordination off vs on', { offBefore: off.before, offDuring: off.during, onBefore: on.before, onDuring: on.during });
    expect(on.before).toBe(off.before); // same world until the escalation (CRN)
    expect(on.during).toBeGreaterThan(off.during * 1.5);
  });

  it('a great power shifts its share toward the theatre that escalated, and back when rungs are level again', () => {
    const sc = twoTheatres(false);
    const { st } = freshState(sc);
    const g = actorIx(sc, 'G'), west = theatreIx(sc, 'west'), east = theatreIx(sc, 'east');
    const shareWest = () => st.share[g * st.nT + west]!;
    expect(shareWest()).toBeCloseTo(0.4, 12);
    st.rung[west] = 3;
    reallocate(st, 7);
    const rate = Math.min(1, st.p.reallocationRate * 7);
    expect(shareWest()).toBeCloseTo(0.4 + (1 - 0.4) * rate, 12);
    expect(shareWest() + st.share[g * st.nT + east]!).toBeCloseTo(1, 12);
    for (let k = 0; k < 200; k++) reallocate(st, 7);
    expect(shareWest()).toBeGreaterThan(0.95);
    st.rung[west] = 0;
    for (let k = 0; k < 400; k++) reallocate(st, 7);
    expect(shareWest()).toBeCloseTo(0.4, 3);
    // Single-theatre actors never move.
    expect(st.share[actorIx(sc, 'W') * st.nT + west]).toBe(1);
  });
});
