import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompareAggregate } from '../montecarlo/compare-aggregate.js';
import { inlineExecutor } from '../montecarlo/executor.js';
import { syntheticTrajectory } from '../montecarlo/synthetic.js';
import { applyPolicy } from '../scenario/policy.js';
import { loadPolicyFile, loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/index.js';
import { summarizeCompare, type ArmComparison } from './compare.js';
import { narrateCompare } from './narrative.js';
import { outcomesOf } from './sensitivity-plan.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scenarioOf = (name: string): Scenario => loadScenarioFile(`${root}scenarios/${name}.yaml`).scenario!;
const withPolicy = (s: Scenario, file: string): Scenario => applyPolicy(s, loadPolicyFile(`${root}scenarios/policies/${file}.yaml`).policyFile!);

/** Runs the arms as `brink compare` does (common random numbers) and returns the comparisons. */
async function compare(arms: Scenario[], names: string[], runs: number): Promise<ArmComparison[]> {
  const out = await inlineExecutor().execute({ kind: 'compare', arms, seed: 3, runs, chunkSize: 256, series: false });
  const info = names.map((name) => ({ name, policyFile: `${name}.yaml`, scenarioHash: '' }));
  const s = summarizeCompare(out.aggregate as CompareAggregate, { engineVersion: 'test', scenario: arms[0]!.name, seed: 3 }, info);
  // The reading (compare and sweep text, report) carries each inert arm's notice.
  const reading = narrateCompare(s);
  for (const c of s.comparisons) expect(reading.includes(`Note: ${c.notice}.`), c.arm).toBe(c.notice !== null);
  return s.comparisons;
}

describe('inert arms (D29)', () => {
  it('names a lever that cannot matter (aid to a partner the scenario does not have) inert, and one that does not', async () => {
    // baltic-grayzone has no partner and no enabler: aid settings and secondary sanctions are never read.
    const s = scenarioOf('baltic-grayzone');
    const [aid, sanctions, posture] = await compare(
      [withPolicy(s, 'status-quo'), withPolicy(s, 'aid-fast'), withPolicy(s, 'secondary-sanctions'), withPolicy(s, 'flank-hardened')],
      ['status-quo', 'aid-fast', 'secondary-sanctions', 'flank-hardened'],
      200,
    );
    for (const c of [aid!, sanctions!]) {
      expect(c.inert, c.arm).toBe(true);
      expect(c.stateProbed).toBeGreaterThan(50);
      expect([c.stateDiffers, c.stateMovedCount, c.stateMoved.length, c.metricsMoved.length]).toEqual([0, 0, 0, 0]);
      expect(c.notice).toBe(`arm "${c.arm}": moved neither any outcome nor any state (the end state was identical in all 200 runs): the lever is inert in this scenario`);
    }
    // A forward posture changes the deterrence cost in every run: never inert.
    expect(posture!.inert).toBe(false);
    expect(posture!.notice).toBeNull();
    expect(posture!.metrics.find((m) => m.key === 'costDeterrence')!.lo!).toBeGreaterThan(0);
    expect(posture!.stateMovedCount).toBeGreaterThan(0);
  });

  it('no longer calls China\'s supply to Russia inert: it moves the war and names what it moved (issue 11)', async () => {
    // The motivating case: China's supply to Russia raised from 0.15 to 0.6 days/day in
    // baseline-2025 once only topped up a full stockpile and moved nothing (D28 reworked it).
    const s = scenarioOf('baseline-2025');
    const more = structuredClone(s);
    const link = more.enablerLinks.find((l) => l.from === 'CHN' && l.to === 'RUS')!;
    expect(link.supplyRate).toBe(0.15);
    link.supplyRate = 0.6;
    const [c] = await compare([s, more], ['scenario', 'china-0.6'], 120);
    expect(c!.inert).toBe(false);
    expect(c!.notice).toBeNull();
    const stock = c!.stateMoved.find((m) => m.key === 'stockpile.RUS');
    expect(stock?.unit).toBe('days');
    expect(stock!.meanDiff!).toBeGreaterThan(100);
    expect(stock!.lo!).toBeGreaterThan(0);
    expect(Math.abs(stock!.b! - stock!.a! - stock!.meanDiff!)).toBeLessThan(1e-3 * Math.abs(stock!.meanDiff!));
  });

  it('lists other results and state for an arm that moves them but no probability or cost (stronger information operations)', async () => {
    const s = scenarioOf('baltic-grayzone');
    const strong = structuredClone(s);
    strong.parameters = { ...strong.parameters, infoOpsDelta: 0.06 };
    const [c] = await compare([s, strong], ['scenario', 'info-ops'], 150);
    expect(c!.inert).toBe(true);
    // The focal alliance's own rows (NATO.finalCohesion) repeat the top-level ones and are listed once.
    expect(c!.metricsMoved).toEqual(['finalCohesion']);
    expect(c!.stateMovedCount).toBeGreaterThan(0);
    expect(c!.notice).toMatch(/other results moved: NATO cohesion at the horizon −[\d.]+ \[−[\d.]+, −[\d.]+\]; it did move cohesion of [A-Z]{3} /);
  });
});

describe('inert arms without a state probe, and the ranking of moved state', () => {
  const SPEC = { theatreIds: ['europe'], horizonDays: 365, weeks: 0 };
  const prov = { engineVersion: 't', scenario: 'synthetic', seed: 2 };
  const info = ['a', 'b'].map((name) => ({ name, policyFile: `${name}.yaml`, scenarioHash: '' }));

  it('says that nothing is known about state when the engine gives no digest', () => {
    const c = new CompareAggregate(SPEC, 2);
    for (let k = 0; k < 100; k++) c.add([syntheticTrajectory(2, k, { horizonDays: 365 }), syntheticTrajectory(2, k, { horizonDays: 365 })]);
    const [cmp] = summarizeCompare(c, prov, info).comparisons;
    expect(cmp!.inert).toBe(true);
    expect(cmp!.stateProbed).toBe(0);
    expect(cmp!.notice).toBe('arm "b": no probability or cost changed beyond sampling error (100 runs); this engine gives no state probe, so what state it moved is unknown');
  });

  it('ranks by the standardized difference, the same shift in every run first, and leaves out what did not move', () => {
    const entries = ['noisy', 'constant', 'still', 'weak'].map((k) => ({ key: k, label: k, unit: 'u' }));
    const c = new CompareAggregate(SPEC, 2, undefined, entries);
    for (let k = 0; k < 200; k++) {
      const t = syntheticTrajectory(2, k, { horizonDays: 365 });
      const u = ((k * 7919) % 200) / 200 - 0.5;
      // noisy: +1 ± 0.5 (standardized ~3.5); constant: +0.25 in every run; still: 0; weak: +0.01 ± 0.5 (not beyond sampling error).
      c.add([t, t], [Float64Array.from([10, 5, 1, 3]), Float64Array.from([11 + u, 5.25, 1, 3.01 + u])]);
    }
    const [cmp] = summarizeCompare(c, prov, info).comparisons;
    expect(cmp!.stateMoved.map((m) => m.key)).toEqual(['constant', 'noisy']);
    expect(cmp!.stateMoved[0]).toMatchObject({ meanDiff: 0.25, lo: 0.25, hi: 0.25, sd: 0, standardized: null, a: 5, b: 5.25 });
    expect(cmp!.stateMoved[1]!.standardized!).toBeGreaterThan(1.5);
    expect([cmp!.stateProbed, cmp!.stateDiffers, cmp!.stateMovedCount]).toEqual([4, 3, 2]);
    expect(cmp!.notice).toBe('arm "b": no probability or cost changed beyond sampling error (200 runs); it did move constant +0.25 u [0.25, 0.25], noisy +0.998 u [0.957, 1.04]');
  });
});

describe('the outcomes a sensitivity study ranks by', () => {
  it('are the comparison\'s outcomes, in its order, with the labels brink compare prints', async () => {
    // baseline-2025 has two collective-defence alliances and dyads: every kind of outcome key.
    const s = scenarioOf('baseline-2025');
    const more = structuredClone(s);
    more.enablerLinks[0]!.supplyRate *= 2;
    const [c] = await compare([s, more], ['scenario', 'more'], 8);
    const fromCompare = [...c!.binary.map((b) => ({ key: b.key, label: b.label, kind: 'probability' })), ...c!.metrics.map((m) => ({ key: m.key, label: m.label, kind: 'mean' }))];
    const listed = outcomesOf(s);
    expect(listed).toEqual(fromCompare);
    expect(listed.find((o) => o.key === 'dyad.USA-CHN')?.label).toBe('Direct combat USA-CHN');
    expect(listed.find((o) => o.key === 'NATO.costTotal')?.label).toBe('C_total, NATO (B$)');
    expect(listed.every((o) => o.label !== o.key && o.label.length > 0)).toBe(true);
  });
});
