/**
 * Every alliance's point of view (docs/decisions.md D26): per-alliance outcomes, dyads, the
 * membership rule and the canonical alliance order.
 */
import { describe, expect, it } from 'vitest';
import { applyPolicy, type Scenario } from '../scenario/index.js';
import { Simulator } from './simulator.js';
import { allianceOutcomeRecord } from './outcomes.js';
import type { Outcome, TraceEvent } from './types.js';
import { actorIx, builtinInput, compile, runBatch, smallInput } from './test-helpers.js';

const TWO = builtinInput('two-theatre');

/** two-theatre with a shorter horizon (fast) and the alliances listed in `order`. */
function twoTheatre(order: string[] | null, modify?: (s: Scenario) => void): Scenario {
  const s = structuredClone(TWO);
  s.horizonDays = 200;
  if (order !== null) s.alliances = order.map((id) => s.alliances.find((a) => a.id === id)!);
  modify?.(s);
  return s;
}

const json = (o: Outcome) => JSON.stringify(o);

describe('canonical alliance order and the membership rule', () => {
  it('compiles alliances sorted by id whatever the file order; the default focal stays the first collective-defence alliance of the file', () => {
    const a = compile(twoTheatre(['NATO', 'USPAC', 'CRP']));
    const b = compile(twoTheatre(['CRP', 'USPAC', 'NATO']));
    expect(a.alliances.map((x) => x.id)).toEqual(['CRP', 'NATO', 'USPAC']);
    expect(b.alliances.map((x) => x.id)).toEqual(['CRP', 'NATO', 'USPAC']);
    expect(a.alliances[a.focalAllianceIx]!.id).toBe('NATO');
    expect(b.alliances[b.focalAllianceIx]!.id).toBe('USPAC');
    expect(Array.from(b.allianceIn)).toEqual(Array.from(a.allianceIn));
    expect(Array.from(b.actors.allianceIx)).toEqual(Array.from(a.actors.allianceIx));
  });

  it('a member of two alliances belongs, in each theatre, to the one with the larger summed member share there (ties: the smaller id)', () => {
    const sc = compile(twoTheatre(null));
    const nT = sc.theatres.length;
    const bloc = (actor: string, theatre: string) => {
      const k = sc.allianceIn[sc.actors.ids.indexOf(actor) * nT + sc.theatres.findIndex((t) => t.id === theatre)]!;
      return k >= 0 ? sc.alliances[k]!.id : null;
    };
    expect(bloc('USA', 'europe')).toBe('NATO');
    expect(bloc('USA', 'indo-pacific')).toBe('USPAC');
    expect(bloc('JPN', 'europe')).toBe('USPAC');
    expect(bloc('CHN', 'indo-pacific')).toBeNull(); // a partnership is never a bloc

    // Two alliances with the same members: a tie, broken by id, not by list order.
    for (const order of [['B2', 'A1'], ['A1', 'B2']]) {
      const s = smallInput();
      s.alliances = order.map((id) => ({ id, kind: 'collective-defense' as const, members: ['M1', 'M2', 'M3'], policy: 'base' }));
      s.relations = [{ from: 'ADV', to: 'M1', hostility: 0.7 }];
      const c = compile(s);
      expect(c.alliances[c.allianceIn[actorIx(c, 'M1')]!]!.id).toBe('A1');
    }
  });

  it('permuting the alliance list leaves every trajectory identical (keyed draws by alliance index included)', () => {
    const a = runBatch(compile(twoTheatre(['NATO', 'USPAC', 'CRP'])), 6, 11);
    const b = runBatch(compile(twoTheatre(['CRP', 'NATO', 'USPAC'])), 6, 11);
    const c = runBatch(compile(twoTheatre(['USPAC', 'CRP', 'NATO'])), 6, 11);
    // The top-level fields describe the default focal (NATO for a, b; USPAC for c), so compare the per-alliance blocks and the rest.
    for (let k = 0; k < a.length; k++) {
      expect(json(b[k]!.outcome)).toBe(json(a[k]!.outcome));
      expect(JSON.stringify(c[k]!.outcome.byAlliance)).toBe(JSON.stringify(a[k]!.outcome.byAlliance));
      expect(JSON.stringify(c[k]!.outcome.dyads)).toBe(JSON.stringify(a[k]!.outcome.dyads));
      expect(c[k]!.outcome.escalationScore).toBe(a[k]!.outcome.escalationScore);
      expect(c[k]!.outcome.maxRung).toEqual(a[k]!.outcome.maxRung);
      expect(c[k]!.outcome.drawnInDay).toBe(a[k]!.outcome.byAlliance.drawnInDay[a[k]!.outcome.byAlliance.ids.indexOf('USPAC')]);
    }
  });
});

describe('per-alliance outcomes', () => {
  it('the top-level outcome is the default focal alliance\'s entry, for every trajectory', () => {
    const rs = runBatch(compile(twoTheatre(null)), 12, 3);
    for (const r of rs) {
      const o = r.outcome;
      expect(o.byAlliance.ids).toEqual(['NATO', 'USPAC']);
      expect(o.byAlliance.focal).toBe('NATO');
      const nato = allianceOutcomeRecord(o.byAlliance).NATO!;
      expect(nato).toEqual({
        drawnIn: o.drawnIn, drawnInDay: o.drawnInDay, art4Count: o.art4Count, art4FirstDay: o.art4FirstDay, art4Days: o.art4Days, joinsBelowWar: o.joinsBelowWar, art5: o.art5, art5Day: o.art5Day,
        costAid: o.costAid, costDeterrence: o.costDeterrence, costRisk: o.costRisk, costTotal: o.costTotal, finalCohesion: o.finalCohesion,
        peakCredibilityDebt: o.peakCredibilityDebt,
      });
      // Collective defence by any alliance is the earliest Article 5 of either.
      const days = Array.from(o.byAlliance.art5Day).filter((d) => d >= 0);
      expect(o.anyCollectiveDefenseDay).toBe(days.length > 0 ? Math.min(...days) : -1);
    }
  });

  it('a result survives a structured clone (postMessage) and serialises byAlliance and dyads as records by id', () => {
    const r = new Simulator(compile(twoTheatre(null))).run(1, 0);
    const j = JSON.parse(JSON.stringify(r.outcome)) as { byAlliance: Record<string, { costTotal: number }>; dyads: Record<string, number> };
    expect(Object.keys(j.byAlliance)).toEqual(['NATO', 'USPAC']);
    expect(j.byAlliance.USPAC!.costTotal).toBe(r.outcome.byAlliance.costTotal[1]);
    expect(Object.keys(j.dyads)).toEqual(['USA-CHN', 'USA-RUS']);
    const c = structuredClone(r.outcome);
    expect(Array.from(c.byAlliance.costTotal)).toEqual(Array.from(r.outcome.byAlliance.costTotal));
  });

  it('reuseOutcomeArrays writes into the same arrays; without it each result keeps its own', () => {
    const sim = new Simulator(compile(twoTheatre(null)));
    const a = sim.run(1, 0, { reuseOutcomeArrays: true }).outcome.byAlliance;
    const costA = a.costTotal[1]!;
    const b = sim.run(1, 1, { reuseOutcomeArrays: true }).outcome.byAlliance;
    expect(b.costTotal).toBe(a.costTotal);
    const c = sim.run(1, 0).outcome.byAlliance;
    const d = sim.run(1, 1).outcome.byAlliance;
    expect(c.costTotal).not.toBe(d.costTotal);
    expect(c.costTotal[1]).toBe(costA);
  });

  /** Paired runs (common random numbers) of two variants; mean of f over trajectories. */
  function paired(modify: (s: Scenario) => void, n = 16) {
    const base = runBatch(compile(twoTheatre(null)), n, 5).map((r) => allianceOutcomeRecord(r.outcome.byAlliance));
    const alt = runBatch(compile(twoTheatre(null, modify)), n, 5).map((r) => allianceOutcomeRecord(r.outcome.byAlliance));
    const mean = (xs: Record<string, ReturnType<typeof allianceOutcomeRecord>[string]>[], al: string, k: 'costAid' | 'costDeterrence' | 'costTotal') =>
      xs.reduce((s, x) => s + x[al]![k], 0) / xs.length;
    return { base, alt, mean };
  }

  it('a USPAC-only policy file (no aid to Taiwan, twice the forward posture) moves USPAC\'s costs, not NATO\'s posture or aid', () => {
    const posture = TWO.policies['uspac-2025']!.forwardPosture;
    const { base, alt, mean } = paired((s) => {
      // As `brink compare --policy` applies a policy file that names its alliance.
      const applied = applyPolicy(s, { schemaVersion: 1, name: 'uspac-no-aid', alliance: 'USPAC', policy: { aid: { max: 0 }, forwardPosture: 2 * posture } });
      Object.assign(s, applied);
    });
    expect(mean(base, 'USPAC', 'costAid')).toBeGreaterThan(0);
    for (const x of alt) expect(x.USPAC!.costAid).toBe(0);
    expect(mean(alt, 'USPAC', 'costDeterrence')).toBeGreaterThan(mean(base, 'USPAC', 'costDeterrence'));
    // NATO pays for its own posture and aid: at most the indirect effects of a changed world.
    expect(Math.abs(mean(alt, 'NATO', 'costAid') / mean(base, 'NATO', 'costAid') - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean(alt, 'NATO', 'costDeterrence') / mean(base, 'NATO', 'costDeterrence') - 1)).toBeLessThan(0.02);
  });

  it('a NATO-only change (no aid to Ukraine) zeroes NATO\'s C_aid and leaves USPAC\'s aid within a few percent', () => {
    const { base, alt, mean } = paired((s) => {
      s.policies['nato-2025'] = { ...s.policies['nato-2025']!, aid: { ...s.policies['nato-2025']!.aid, max: 0 } };
    });
    expect(mean(base, 'NATO', 'costAid')).toBeGreaterThan(1);
    for (const x of alt) expect(x.NATO!.costAid).toBe(0);
    expect(Math.abs(mean(alt, 'USPAC', 'costAid') / mean(base, 'USPAC', 'costAid') - 1)).toBeLessThan(0.05);
  });
});

/** The first day of direct combat between a and b read from a trace, by the rule of docs/model.md. */
function scanDyad(sc: ReturnType<typeof compile>, events: TraceEvent[], a: string, b: string, horizon: number): { day: number; uncertain: boolean } {
  const act = new Map(sc.actions.map((x) => [x.id, x]));
  const members = new Map(sc.alliances.map((al) => [al.id, new Set(Array.from(al.members, (m) => sc.actors.ids[m]!))]));
  const pair = (x: string | null, y: string | null) => (x === a && y === b) || (x === b && y === a);
  let day = Infinity;
  let uncertain = false;
  // Opposite sides of a war open on day 0.
  for (const t of sc.theatres) for (const ep of t.initialEpisodes) if (ep.war && pair(sc.actors.ids[ep.sideA]!, sc.actors.ids[ep.sideB]!)) day = 0;
  for (const e of events) {
    const d = act.get(e.action)!;
    if (d.kinetic && pair(e.actor, e.target) && (d.rung >= 4 || e.action === 'counter-strike')) {
      const note = e.note ?? '';
      const attributedDeliberate = d.accidental ? note === 'read as deliberate' : note !== 'undetected' && note !== 'not attributed';
      // A rung ≥ 5 deliberate strike that is detected starts a war between the two (episodes.ts).
      const war = !d.accidental && d.rung >= 5 && note !== 'undetected';
      if (war) day = Math.min(day, e.day);
      if (attributedDeliberate) {
        // Attribution may come a few days later (the lag): the dyad day is between the two.
        day = Math.min(day, e.day);
        if (e.day > horizon - 30) uncertain = true;
      }
    }
    if (e.action === 'article-5-invocation') {
      const m = members.get(e.actor);
      if (m && ((m.has(a) && e.target === b) || (m.has(b) && e.target === a))) day = Math.min(day, e.day);
    }
  }
  return { day, uncertain };
}

describe('dyads', () => {
  it('an injected deliberate strike by one state on the other sets the dyad on its day; another member joins only through Article 5', () => {
    const s = smallInput();
    s.parameters.attributionLagDays = 0;
    s.actions['strike-on-member-territory'] = { deniability: 0 };
    s.injects.push({ day: 17, actor: 'ADV', action: 'strike-on-member-territory', target: 'M2', theatre: 'east' });
    s.dyads = [{ a: 'M2', b: 'ADV' }, { a: 'ADV', b: 'M3' }];
    const sc = compile(s);
    for (const r of runBatch(sc, 5, 2)) {
      expect(r.outcome.dyads.keys).toEqual(['M2-ADV', 'ADV-M3']);
      expect(r.outcome.dyads.day[0]).toBe(17);
      // ADV has no agency and strikes only M2: M3 faces it only when Article 5 brings the members into the war.
      expect(r.outcome.dyads.day[1]).toBe(r.outcome.art5Day);
    }
  });

  it('two states on opposite sides of a war from day 0 are in direct combat on day 0', () => {
    const s = smallInput();
    s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'M1', rung: 5, war: true, balance: 0 }];
    s.dyads = [{ a: 'M1', b: 'ADV' }, { a: 'M2', b: 'ADV' }];
    const r = runBatch(compile(s), 1, 1)[0]!;
    expect(r.outcome.dyads.day[0]).toBe(0);
  });

  it('on two-theatre, the dyad outcome equals a scan of the traces for every trajectory', () => {
    const s = twoTheatre(null, (x) => {
      // Pairs that do fight in this scenario, besides the seeds' USA–CHN and USA–RUS.
      x.dyads = [...(x.dyads ?? []), { a: 'RUS', b: 'POL' }, { a: 'RUS', b: 'LTU' }, { a: 'RUS', b: 'UKR' }];
    });
    const sc = compile(s);
    const sim = new Simulator(sc);
    const happened = new Array<number>(sc.dyads.length).fill(0);
    for (let k = 0; k < 24; k++) {
      const r = sim.run(9, k, { trace: true });
      sc.dyads.forEach((d, i) => {
        const [a, b] = [sc.actors.ids[d.a]!, sc.actors.ids[d.b]!];
        const scan = scanDyad(sc, r.events!, a, b, sc.horizonDays);
        const day = r.outcome.dyads.day[i]!;
        if (day >= 0) happened[i]!++;
        if (scan.uncertain) return;
        expect(day >= 0, `trajectory ${k} ${d.key}`).toBe(scan.day !== Infinity);
        // The engine records it at attribution, which may lag the event by a few days.
        if (day >= 0) expect(day - scan.day).toBeGreaterThanOrEqual(0);
        if (day >= 0) expect(day - scan.day).toBeLessThanOrEqual(sc.params.attributionLagDays + 1);
      });
    }
    // Not a vacuous check: RUS–UKR fight from day 0, and RUS strikes Poland or Lithuania in some runs.
    expect(happened[sc.dyads.findIndex((d) => d.key === 'RUS-UKR')]).toBe(24);
    expect(happened[sc.dyads.findIndex((d) => d.key === 'RUS-POL')]! + happened[sc.dyads.findIndex((d) => d.key === 'RUS-LTU')]!).toBeGreaterThan(0);
  });
});
