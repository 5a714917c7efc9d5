/**
 * The covariate mechanisms of the historical builder (issue 4; docs/model.md "Covariate
 * mechanisms"): a coalition of initiators shares one tempo, contiguity raises the target's
 * propensity to answer, and a lone target answers by the same member rules as an allied one.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../engine/index.js';
import { recomputeHazards } from '../engine/choice.js';
import { State } from '../engine/state.js';
import { compileScenario } from '../scenario/compile.js';
import { ScenarioSchema } from '../scenario/index.js';
import { buildDisputeScenario, defaultHistoricalModel, type HistoricalModel } from './build-scenario.js';
import type { DisputeFeatures, OutsideDefender } from './dispute.js';
import { readCasesOrThrow } from './files.js';
import type { TraceEvent, TrajectoryResult } from '../engine/types.js';
import { readTrajectory, simulateCase, type ReadContext } from './simulate.js';

const all = readCasesOrThrow('test/fixtures/mid-tiny', 'test/fixtures/ref-tiny').cases;
const byNum = (n: number) => all.find((c) => c.features.dispnum === n)!;
const engine = { compileScenario, createSimulator };

/** A model in the range of the fitted ones (docs/calibration.md), so that disputes do escalate. */
function activeModel(): HistoricalModel {
  const m = defaultHistoricalModel();
  m.settings.levelScale = [1, 36, 900, 28];
  m.settings.activityB = 0.03;
  // The issue-17 mechanisms off: an outside defender that may join below war is not inert (joining.ts).
  m.parameters = { episodeGraceDays: 6, quietDays: 2, responsePowerWeight: 0, joinBelowWarProb: 0, borderHostility: 0, satiationWeight: 0 };
  return m;
}

/** Summed hazard of the side-A originators at the start of a built dispute. */
function sideATempo(f: DisputeFeatures, m: HistoricalModel): number {
  const st = new State(compileScenario(ScenarioSchema.parse(buildDisputeScenario({ features: f }, m))));
  let total = 0;
  for (const x of f.sideA) {
    const s = st.agentSlot[st.sc.actors.ids.indexOf(x.abb)]!;
    recomputeHazards(st, s);
    total += st.hzTotal[s]!;
  }
  return total;
}

describe('a coalition of initiators shares one tempo (sharedTempoA)', () => {
  // MID 2 (USA vs UKG, 1902) and the same dispute opened by three identical United States.
  const one = byNum(2).features;
  const clone = (ccode: number, abb: string) => ({ ...one.sideA[0]!, ccode, abb, name: abb });
  const three: DisputeFeatures = { ...one, sideA: [one.sideA[0]!, clone(9001, 'USB'), clone(9002, 'USC')] };

  it('three identical originators have the summed hazard of one', () => {
    const m = activeModel();
    const h1 = sideATempo(one, m);
    const h3 = sideATempo(three, m);
    expect(h1).toBeGreaterThan(0);
    expect(h3).toBeCloseTo(h1, 12);
    const s = buildDisputeScenario({ features: three }, m);
    expect(s.actors.filter((a) => a.revisionism === 1).map((a) => a.activity)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('without it, each acts at full tempo (three times the hazard)', () => {
    const m = activeModel();
    m.settings.sharedTempoA = false;
    expect(sideATempo(three, m)).toBeCloseTo(3 * sideATempo(one, m), 12);
  });
});

describe('geography: contiguity raises the target\'s propensity to answer (borderActivityB)', () => {
  // MID 3556 (Croatia vs Bosnia, 1992): a land border; the same dispute with no border.
  const near = byNum(3556).features;
  const far: DisputeFeatures = { ...near, contiguity: 0, borders: [] };

  it('a bordering target\'s activity is activityB × borderActivityB; a distant one\'s is activityB', () => {
    const m = activeModel();
    m.settings.borderActivityB = 4;
    const actB = (f: DisputeFeatures) => buildDisputeScenario({ features: f }, m).actors.find((a) => a.id === 'BOS')!.activity;
    expect(actB(near)).toBeCloseTo(0.12, 12);
    expect(actB(far)).toBeCloseTo(0.03, 12);
  });

  it('raises the probability of reciprocation', () => {
    const m = activeModel();
    m.settings.borderActivityB = 8;
    const pNear = simulateCase(engine, { features: near }, m, 300, 1).recip;
    const pFar = simulateCase(engine, { features: far }, m, 300, 1).recip;
    expect(pNear).toBeGreaterThan(pFar + 0.1);
  });
});

describe('lone targets answer by the same rules as allied ones (loneTargetAlliance)', () => {
  // MID 3556 as it is (no outside defender) and with an outside defender too weak to deter and
  // unwilling to join: reciprocation should not depend on the defender's mere presence.
  const lone = byNum(3556).features;
  const dummy: OutsideDefender = { ccode: 9100, abb: 'DEF', name: 'DEF', cinc: 1e-6, cincYear: null, major: false, nuclear: false, defends: [lone.sideB[0]!.ccode], cross: false };
  const defended: DisputeFeatures = { ...lone, defendersB: [dummy] };
  const recip = (f: DisputeFeatures, loneTargetAlliance: boolean) => {
    const m = activeModel();
    m.settings.loneTargetAlliance = loneTargetAlliance;
    m.settings.defenderThreshold = 1;
    return simulateCase(engine, { features: f }, m, 300, 1);
  };

  it('a lone target is in an alliance of its own that cannot invoke Article 5', () => {
    const s = buildDisputeScenario({ features: lone }, activeModel());
    expect(s.alliances).toEqual([expect.objectContaining({ kind: 'collective-defense', members: ['BOS'] })]);
    expect(s.actors.find((a) => a.id === 'BOS')).toMatchObject({ solidarity: 0, domesticThreshold: 1 });
    const r = recip(lone, true);
    expect(r.joined).toBe(0);
  });

  it('reciprocation is the same with and without an (inert) outside defender; the old builder differed', () => {
    const withRule = Math.abs(recip(lone, true).recip - recip(defended, true).recip);
    const without = Math.abs(recip(lone, false).recip - recip(defended, false).recip);
    expect(withRule).toBeLessThan(0.06);
    expect(without).toBeGreaterThan(withRule + 0.05);
  });
});

describe('reading reciprocation and the target\'s unilateral threshold', () => {
  it('an Article 4 consultation by side B at rung 4 raises the level but is not reciprocation; a show of force is', () => {
    const ctx: ReadContext = {
      midLevel: new Map([['article-4-consultation', 1], ['clash', 4], ['show-of-force', 3]]),
      sideB: new Set(['B']),
      actors: new Set(['A', 'B']),
      horizonDays: 365,
    };
    const ev = (id: number, day: number, actor: string, action: string, rung: number): TraceEvent => ({ id, day, actor, action, category: 'x', target: null, theatre: 'dispute', rung, causes: [] });
    const traj = (events: TraceEvent[]) => ({ seed: 1, trajectory: 0, outcome: { firstEpisodeDays: 100 } as TrajectoryResult['outcome'], episodeDurations: [], openEpisodes: 1, events, series: null });
    const consult = readTrajectory(traj([ev(1, 1, 'A', 'clash', 4), ev(2, 2, 'B', 'article-4-consultation', 4)]), ctx);
    expect(consult).toMatchObject({ level: 4, recip: false });
    const show = readTrajectory(traj([ev(1, 1, 'A', 'clash', 4), ev(2, 2, 'B', 'show-of-force', 4)]), ctx);
    expect(show).toMatchObject({ level: 4, recip: true });
  });

  it('side B\'s unilateral-response threshold is the builder setting unilateralThresholdB', () => {
    const m = activeModel();
    m.settings.unilateralThresholdB = 0.95;
    const s = buildDisputeScenario({ features: byNum(3556).features }, m);
    expect(s.actors.find((a) => a.id === 'BOS')!.unilateralThreshold).toBe(0.95);
    expect(s.actors.find((a) => a.id === 'CRO')!.unilateralThreshold).toBeUndefined();
  });
});
