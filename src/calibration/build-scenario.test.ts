import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../model/catalog.js';
import { PARAM_SPECS } from '../model/params.js';
import { checkReferences, ScenarioSchema } from '../scenario/index.js';
import { buildDisputeScenario, defaultHistoricalModel, sideIds } from './build-scenario.js';
import type { DisputeCase } from './dispute.js';
import { readCasesOrThrow } from './files.js';
import { State } from '../engine/state.js';
import { compileScenario } from '../scenario/compile.js';

const all = readCasesOrThrow('test/fixtures/mid-tiny', 'test/fixtures/ref-tiny').cases;
const byNum = (n: number) => all.find((c) => c.features.dispnum === n)!;

describe('historical dispute → scenario', () => {
  it('builds a valid scenario for every fixture dispute', () => {
    for (const c of all) {
      const s = buildDisputeScenario(c);
      const r = ScenarioSchema.safeParse(s);
      expect(r.success, `MID ${c.features.dispnum}`).toBe(true);
      expect(checkReferences(s)).toEqual([]);
    }
  });

  it('MID 50: the outside defender (USSR) is a potential joiner in a collective-defence alliance with the target', () => {
    const s = buildDisputeScenario(byNum(50));
    const rus = s.actors.find((a) => a.id === 'RUS')!;
    expect(rus.agency).toBe(false);
    expect(rus.nuclear).toBe(true);
    const al = s.alliances!.find((a) => a.members.includes('RUS'))!;
    expect(al.kind).toBe('collective-defense');
    expect(al.members).toContain('CHN');
    expect(sideIds(byNum(50)).b).toEqual(expect.arrayContaining(['CHN', 'RUS']));
    // originators choose actions; side A is revisionist, side B not
    expect(s.actors.find((a) => a.id === 'USA')).toMatchObject({ agency: true, revisionism: 1, nuclear: true });
    expect(s.actors.find((a) => a.id === 'CHN')).toMatchObject({ agency: true, revisionism: 0, nuclear: false });
    // the dispute opens as a rung-2 episode (threat or display of force)
    expect(s.theatres[0]!.initialEpisodes).toEqual([{ sideA: 'USA', sideB: 'CHN', rung: 2 }]);
  });

  it('MID 2 (1902): no nuclear actor, no outside defender (the target alone in its alliance), no nuclear signalling', () => {
    const s = buildDisputeScenario(byNum(2));
    expect(s.actors.map((a) => a.id)).toEqual(['USA', 'UKG']);
    expect(s.actors.some((a) => a.nuclear)).toBe(false);
    expect(s.alliances).toEqual([{ id: 'defenceB', kind: 'collective-defense', members: ['UKG'] }]);
    const m = defaultHistoricalModel();
    m.settings.loneTargetAlliance = false;
    expect(buildDisputeScenario(byNum(2), m).alliances).toEqual([]);
    expect(s.actions!['nuclear-signalling']).toEqual({ base: 0 });
  });

  it('uses CINC of the year before as power and COW contiguity as borders', () => {
    const c = byNum(23); // USSR vs Estonia, 1939, land border
    const s = buildDisputeScenario(c);
    expect(s.actors.find((a) => a.id === 'RUS')!.power).toBe(c.features.sideA[0]!.cinc);
    expect(s.actors.find((a) => a.id === 'RUS')!.borders).toContain('EST');
  });

  it('never reads the observed outcome', () => {
    const c = byNum(112);
    const a = buildDisputeScenario({ features: c.features });
    const altered: DisputeCase = { ...c, observed: { ...c.observed, hostlev: 2, war: false, recip: false } };
    const b = buildDisputeScenario(altered);
    expect(a).toEqual(b);
  });

  it('applies the level scales of a historical model to choosable actions only', () => {
    const m = defaultHistoricalModel();
    m.settings.levelScale = [2, 1, 10, 1];
    const s = buildDisputeScenario(byNum(2), m);
    const base = (id: string) => DEFAULT_CATALOG.find((a) => a.id === id)!.base;
    // The engine carries the level scales as parameters (baseScaleThreat…War), so the scenario
    // sets those instead of overriding each action's base.
    const params = s.parameters as Record<string, number>;
    expect(params['baseScaleThreat']).toBe(2);
    expect(params['baseScaleForce']).toBe(10);
    expect(s.actions!['threatening-statement']).toBeUndefined();
    expect(s.actions!['partner-strike']).toBeUndefined();
    expect(s.actions!['cyber-intrusion']).toEqual({ base: 0 });
    const st = new State(compileScenario(ScenarioSchema.parse(s)));
    const ix = (id: string) => DEFAULT_CATALOG.findIndex((a) => a.id === id);
    expect(st.aBase[ix('threatening-statement')]).toBeCloseTo(2 * base('threatening-statement'), 12);
    expect(st.aBase[ix('clash')]).toBeCloseTo(10 * base('clash'), 12);
    expect(st.aBase[ix('partner-strike')]).toBe(base('partner-strike')); // war-fighting: not scaled
  });

  it("multiplies the war scale by the era of the dispute's start year, and nothing else", () => {
    const m = defaultHistoricalModel();
    m.settings.levelScale = [2, 3, 10, 4];
    m.settings.eraWarScale = [5, 0.5, 0.25, 1]; // pre-1914, 1914–1945, 1946–1989, 1990 on
    const war = (n: number) => (buildDisputeScenario(byNum(n), m).parameters as Record<string, number>)['baseScaleWar'];
    expect(war(2)).toBe(20); // 1902
    expect(war(23)).toBe(2); // 1939
    expect(war(1339)).toBe(1); // 1976
    expect(war(3556)).toBe(4); // 1992: the reference era
    const p = buildDisputeScenario(byNum(2), m).parameters as Record<string, number>;
    expect([p['baseScaleThreat'], p['baseScaleDisplay'], p['baseScaleForce']]).toEqual([2, 3, 10]);
    expect(m.settings.levelScale).toEqual([2, 3, 10, 4]); // the model itself is not changed
    // An era scale that pushes the war scale past its range is clamped to the range, not refused.
    m.settings.eraWarScale = [1e6, 1, 1, 1];
    expect(war(2)).toBe(PARAM_SPECS.baseScaleWar.max);
  });
});
