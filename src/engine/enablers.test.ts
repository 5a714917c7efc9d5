/** Enablers, secondary sanctions, coordination and theatre reallocation (MODEL.md §4.8). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recomputeHazards } from './choice.js';
import { computeEnablerSupport, reallocate, stepEnablers } from './enablers.js';
import { coverOf, productionPerDay } from './industry.js';
import { Simulator } from './simulator.js';
import { REACH } from './state.js';
import {
  actionIx, actorIx, builtin, compile, freshState, logFigures, mean, runBatchWithState, runTrace, smallInput, theatreIx, warEndDay, withPartnerWar,
} from './test-helpers.js';
import { stepWars } from './war.js';

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

/** Every actor's diplomatic cover (what the Simulator passes to stepWars). */
function coverArray(st: ReturnType<typeof freshState>['st']): Float64Array {
  const c = new Float64Array(st.n);
  for (let i = 0; i < st.n; i++) c[i] = coverOf(st, i);
  return c;
}

describe('enabler support σ (docs/model.md §4.8): what supply sustains besides the stockpile', () => {
  it('σ = S/(S + enablerHalfSupply) after secondary-sanctions cuts, 0 without links, always below 1', () => {
    const sc = compile(enabled(0.5, false));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV'), p = actorIx(sc, 'P');
    const half = st.p.enablerHalfSupply;
    expect(st.enablerSupport[adv]).toBeCloseTo(0.5 / (0.5 + half), 12);
    expect(st.enablerSupport[p]).toBe(0);
    const { st: cut } = freshState(compile(enabled(0.5, true)));
    const S = 0.5 * (1 - cut.p.secondarySanctionsCut);
    expect(cut.enablerSupport[adv]).toBeCloseTo(S / (S + half), 12);
    const { st: huge } = freshState(compile(enabled(5, false)));
    expect(huge.enablerSupport[adv]).toBeLessThan(1);
  });

  it('DIRECTIONAL: more supply → higher production (dual-use inputs), the same without links', () => {
    const sc = compile(enabled(0.5, false));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const cover = coverOf(st, adv);
    const withSupport = productionPerDay(st, adv, cover);
    st.enablerSupport[adv] = 0;
    const without = productionPerDay(st, adv, cover);
    expect(without).toBeCloseTo(0.4, 12); // ADV's productionPerDay, unsanctioned
    expect(withSupport).toBeCloseTo(without * (1 + st.p.enablerProductionGain * (0.5 / (0.5 + st.p.enablerHalfSupply))), 12);
    st.enablerSupport[adv] = 0.9;
    expect(productionPerDay(st, adv, cover)).toBeGreaterThan(withSupport);
  });

  it('DIRECTIONAL: more supply → the client at war loses war capacity more slowly (force generation), on the same seeds', () => {
    const lossOver = (rate: number) => {
      const sc = compile(enabled(rate, false));
      const { st } = freshState(sc, 3);
      const adv = actorIx(sc, 'ADV');
      st.warCapacity[adv] = 0.6;
      const cover = coverArray(st);
      for (let d = 0; d < 60; d++) { st.day++; st.t = st.day; stepWars(st, cover); }
      return st.warCapacity[adv]!;
    };
    const none = lossOver(0), some = lossOver(0.3), much = lossOver(2);
    logFigures('client war capacity after 60 days from 0.6, supplyRate 0 / 0.3 / 2', { none, some, much });
    expect(some).toBeGreaterThan(none);
    expect(much).toBeGreaterThan(some);
    expect(much).toBeLessThanOrEqual(1);
  });

  it('DIRECTIONAL: sanctions slow the recovery of war capacity, and diplomatic cover restores it', () => {
    const after = (sanctioned: number, cover: number) => {
      const s = enabled(0, false);
      s.actors[0]!.sanctioned = sanctioned;
      s.enablerLinks[0]!.diplomaticCover = cover;
      const sc = compile(s);
      const { st } = freshState(sc, 3);
      const adv = actorIx(sc, 'ADV');
      st.warCapacity[adv] = 0.5;
      const c = coverArray(st);
      for (let d = 0; d < 60; d++) { st.day++; st.t = st.day; stepWars(st, c); }
      return st.warCapacity[adv]!;
    };
    const free = after(0, 0), sanctioned = after(1, 0), covered = after(1, 1);
    logFigures('client war capacity after 60 days: unsanctioned / sanctioned / sanctioned with full cover', { free, sanctioned, covered });
    expect(sanctioned).toBeLessThan(free);
    expect(covered).toBeCloseTo(free, 12);
  });

  it('DIRECTIONAL: more supply → the war\'s ceasefire hazard falls by × (1 − enablerSettlementDamping·σ)', () => {
    const clockStep = (rate: number) => {
      const { st } = freshState(compile(enabled(rate, false)), 3);
      const e = 0;
      const before = st.epClock[e]!;
      st.day++;
      st.t = st.day;
      stepWars(st, coverArray(st));
      return { d: st.epClock[e]! - before, sigma: st.enablerSupport[st.epLeadA[e]!]!, damping: st.p.enablerSettlementDamping };
    };
    const none = clockStep(0), much = clockStep(1);
    expect(none.d).toBeGreaterThan(0);
    expect(much.d / none.d).toBeCloseTo(1 - much.damping * much.sigma, 2); // same capacities on day 1 up to a day's attrition
    expect(much.d).toBeLessThan(none.d);
  });

  it('DIRECTIONAL: more support → the client discounts the response and its hostile hazards rise; no effect at σ = 0', () => {
    const sc = compile(enabled(0.5, false));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV'), slot = st.agentSlot[adv]!;
    const a = actionIx(sc, 'cyber-intrusion');
    const hz = (sigma: number) => { st.enablerSupport[adv] = sigma; recomputeHazards(st, slot); return st.hz[slot * st.nAct + a]!; };
    const h0 = hz(0), h5 = hz(0.5), h9 = hz(0.9);
    expect(h5).toBeGreaterThan(h0);
    expect(h9).toBeGreaterThan(h5);
    const s2 = compile({ ...enabled(0.5, false), parameters: { enablerRiskDiscount: 0 } });
    const { st: st2 } = freshState(s2);
    st2.enablerSupport[adv] = 0.9;
    recomputeHazards(st2, slot);
    const off = st2.hz[slot * st2.nAct + a]!;
    st2.enablerSupport[adv] = 0;
    recomputeHazards(st2, slot);
    expect(st2.hz[slot * st2.nAct + a]).toBe(off);
  });

  it('PROPERTY: for random supply rates, cover, sanctions and enabler weights, no state variable leaves its range', () => {
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 0, max: 5, noNaN: true }),
          cover: fc.double({ min: 0, max: 1, noNaN: true }),
          sanctioned: fc.double({ min: 0, max: 1, noNaN: true }),
          half: fc.double({ min: 0.01, max: 10, noNaN: true }),
          prod: fc.double({ min: 0, max: 5, noNaN: true }),
          cap: fc.double({ min: 0, max: 0.1, noNaN: true }),
          risk: fc.double({ min: 0, max: 1, noNaN: true }),
          settle: fc.double({ min: 0, max: 1, noNaN: true }),
          bite: fc.double({ min: 0, max: 1, noNaN: true }),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        (x) => {
          const s = enabled(x.rate, false);
          s.actors[0]!.sanctioned = x.sanctioned;
          s.enablerLinks[0]!.diplomaticCover = x.cover;
          s.horizonDays = 240;
          s.parameters = { enablerHalfSupply: x.half, enablerProductionGain: x.prod, enablerCapacityGain: x.cap, enablerRiskDiscount: x.risk, enablerSettlementDamping: x.settle, sanctionsRecoveryBite: x.bite };
          const sim = new Simulator(compile(s));
          const r = sim.run(x.seed, 0);
          const st = sim.st;
          for (let i = 0; i < st.n; i++) {
            expect(st.enablerSupport[i]! >= 0 && st.enablerSupport[i]! < 1).toBe(true);
            expect(st.warCapacity[i]! >= 0 && st.warCapacity[i]! <= 1).toBe(true);
            expect(st.stockpile[i]! >= 0 && Number.isFinite(st.stockpile[i]!)).toBe(true);
            expect(productionPerDay(st, i, coverOf(st, i)) >= 0).toBe(true);
          }
          for (let q = 0; q < st.hz.length; q++) expect(st.hz[q]! >= 0 && Number.isFinite(st.hz[q]!)).toBe(true);
          for (let e = 0; e < st.epCount; e++) expect(st.epClock[e]! >= 0 && Number.isFinite(st.epClock[e]!)).toBe(true);
          expect(r.outcome.firstEpisodeDays >= 0 && r.outcome.firstEpisodeDays <= 240).toBe(true);
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });

  it('recomputing σ after a change of cuts follows the cut (secondary sanctions lower support)', () => {
    const sc = compile(enabled(0.5, false));
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV');
    const before = st.enablerSupport[adv]!;
    st.supplyCut[0] = 0.6;
    computeEnablerSupport(st);
    expect(st.enablerSupport[adv]).toBeLessThan(before);
  });
});

describe('the day-0 enabler announcement follows the link\'s kind', () => {
  it('dual-use, munitions or diplomatic; munitions when the link says nothing', () => {
    const day0 = (kind?: 'dual-use' | 'munitions' | 'diplomatic') => {
      const s = enabled(0.5, false);
      if (kind) s.enablerLinks[0]!.kind = kind;
      s.horizonDays = 1;
      return runTrace(compile(s)).events.filter((e) => e.category === 'enabler').map((e) => `${e.actor} ${e.action} ${e.target}`);
    };
    expect(day0()).toEqual(['E munitions-supply ADV']);
    expect(day0('dual-use')).toEqual(['E dual-use-supply ADV']);
    expect(day0('munitions')).toEqual(['E munitions-supply ADV']);
    expect(day0('diplomatic')).toEqual(['E diplomatic-cover ADV']);
  });

  it('in the baseline: China ships dual-use inputs, North Korea and Iran munitions', () => {
    const r = runTrace(builtin('baseline-2025', (s) => { s.horizonDays = 1; }));
    expect(r.events.filter((e) => e.category === 'enabler').map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual([
      'CHN dual-use-supply RUS', 'PRK munitions-supply RUS', 'IRN munitions-supply RUS',
    ]);
  });
});

describe('MONTE CARLO: Chinese supply to Russia on the 2025 baseline', () => {
  it('more CHN→RUS supply (0 → 0.6) → a longer European war (firstEpisodeDays), 95% paired interval above 0', () => {
    const RUNS = 200;
    const arm = (rate: number) => new Simulator(builtin('baseline-2025', (s) => {
      for (const l of s.enablerLinks) if (l.from === 'CHN' && l.to === 'RUS') l.supplyRate = rate;
    }));
    const lo = arm(0), hi = arm(0.6);
    let sum = 0, sumSq = 0;
    for (let k = 0; k < RUNS; k++) {
      const d = hi.run(1, k).outcome.firstEpisodeDays - lo.run(1, k).outcome.firstEpisodeDays;
      sum += d;
      sumSq += d * d;
    }
    const m = sum / RUNS, se = Math.sqrt((sumSq / RUNS - m * m) / (RUNS - 1));
    logFigures(`firstEpisodeDays, CHN→RUS 0.6 − 0, ${RUNS} paired runs, seed 1`, { mean: m, lo95: m - 1.96 * se, hi95: m + 1.96 * se });
    expect(m - 1.96 * se).toBeGreaterThan(0);
  }, 60_000);
});

describe('reach (catalog `reach`): targets only where the actor can reach', () => {
  it('weaponized migration and border violations only across a shared border, over many baseline trajectories', () => {
    const sc = builtin('baseline-2025');
    const n = sc.actors.n;
    const ix = (id: string) => sc.actors.ids.indexOf(id);
    const sim = new Simulator(sc);
    let border = 0, theatre = 0;
    for (let k = 0; k < 40; k++) {
      const evs = sim.run(11, k, { trace: true }).events!;
      for (const e of evs) {
        if (e.target === null || ix(e.actor) < 0 || ix(e.target) < 0) continue;
        const reach = sim.st.aReach[sc.actionIndex[e.action]!]!;
        const bits = sim.st.reachBits[ix(e.actor) * n + ix(e.target)]!;
        if (reach === REACH.border) {
          border++;
          expect(sc.actors.borders[ix(e.actor) * n + ix(e.target)], `${e.actor} ${e.action} → ${e.target} (day ${e.day})`).toBe(1);
        } else if (reach === REACH.theatre && sim.st.sc.actions[sc.actionIndex[e.action]!]!.user !== 'rule') {
          theatre++;
          expect(bits & REACH.theatre, `${e.actor} ${e.action} → ${e.target} (day ${e.day})`).toBe(REACH.theatre);
        }
      }
    }
    expect(border).toBeGreaterThan(50); // the rule was exercised
    expect(theatre).toBeGreaterThan(50);
  });

  it('an actor bordering no member launches no migration campaign, however long it runs', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.actors[0]!.activity = 5;
    s.horizonDays = 365;
    const migrations = (borders: string[]) => {
      s.actors[0]!.borders = borders;
      for (const m of s.actors.slice(1)) m.borders = borders.includes(m.id) ? ['ADV'] : [];
      const rs = runBatchWithState(compile(s), 20, 5, (_st, r) => r.events!.filter((e) => e.action === 'weaponized-migration' || e.action === 'border-violation'), { trace: true });
      return rs.flat();
    };
    const near = migrations(['M1']);
    expect(near.length).toBeGreaterThan(5);
    expect(new Set(near.map((e) => e.target))).toEqual(new Set(['M1']));
    expect(migrations([])).toEqual([]);
  });
});
