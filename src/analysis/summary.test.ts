import { describe, expect, it } from 'vitest';
import { RunAggregate, weeksForHorizon } from '../montecarlo/aggregate.js';
import { CompareAggregate } from '../montecarlo/compare-aggregate.js';
import { syntheticTrajectory } from '../montecarlo/synthetic.js';
import { summarizeRun } from './summary.js';
import { summarizeCompare } from './compare.js';
import { formatJson } from './json.js';
import { narrateCompare, narrateRun } from './narrative.js';
import { runTables, summaryCsv, compareCsv } from './tables.js';
import { wilson } from './wilson.js';

const SPEC = { theatreIds: ['europe', 'indo-pacific'], horizonDays: 365, weeks: weeksForHorizon(365) };
const N = 400;
const results = Array.from({ length: N }, (_, k) => syntheticTrajectory(2, k, { horizonDays: 365 }));
const agg = new RunAggregate(SPEC);
for (const r of results) agg.add(r);
const prov = { engineVersion: 'test', scenario: 'synthetic', scenarioHash: 'h', seed: 2 };
const s = summarizeRun(agg, prov);

describe('summarizeRun', () => {
  it('gives every §1 probability with its Wilson interval', () => {
    const drawn = results.filter((r) => r.outcome.drawnIn).length;
    const w = wilson(drawn, N);
    expect(s.probabilities.drawnIn).toMatchObject({ count: drawn, runs: N, estimate: Number(w.estimate.toPrecision(6)), lo: Number(w.lo.toPrecision(6)) });
    expect(s.probabilities.article4.count).toBe(results.filter((r) => r.outcome.art4Count > 0).length);
    const eu4 = results.filter((r) => r.outcome.maxRung['europe']! >= 4).length;
    expect(s.probabilities.rung4ByTheatre['europe']!.count).toBe(eu4);
  });

  it('has Kaplan–Meier curves consistent with the probabilities', () => {
    for (const k of ['drawnIn', 'article4', 'article5'] as const) {
      const t = s.timeToEvent[k];
      expect(t.events).toBe(s.probabilities[k].count);
      expect(t.survivalAtHorizon!).toBeCloseTo(1 - s.probabilities[k].estimate!, 5);
      expect(t.curve.day).toEqual([...t.curve.day].sort((a, b) => a - b));
    }
    const days = results.filter((r) => r.outcome.art4FirstDay >= 0).map((r) => r.outcome.art4FirstDay).sort((a, b) => a - b);
    // The first day by which half of ALL runs had one (KM without censoring before the horizon).
    const km = days.length >= N / 2 ? days[Math.ceil(N / 2) - 1]! : null;
    expect(s.timeToEvent.article4.median).toBe(km);
  });

  it('reads means exactly and quantiles within a bin', () => {
    const mean = results.reduce((a, r) => a + r.outcome.costTotal, 0) / N;
    expect(s.costs.costTotal.mean!).toBeCloseTo(mean, 2); // rounded to 6 significant digits
    const sorted = results.map((r) => r.outcome.costTotal).sort((a, b) => a - b);
    const median = sorted[N / 2]!;
    expect(Math.abs(s.costs.costTotal.q50! - median) / median).toBeLessThan(0.05);
    expect(s.article4Consultations.distribution.reduce((a, d) => a + d.runs, 0)).toBe(N);
    expect(s.highestRung['europe']!.counts.reduce((a, b) => a + b, 0)).toBe(N);
  });

  it('has one fan per series and week, and omits absent series', () => {
    expect(s.fans.series.map((f) => f.key)).toEqual(['rung.europe', 'rung.indo-pacific', 'cohesion', 'credibilityDebt', 'pressure', 'stockpileAlliance', 'stockpilePartner', 'stockpileAdversary']);
    for (const f of s.fans.series) expect(f.q50.length).toBe(SPEC.weeks);
    const adversary = s.fans.series.find((f) => f.key === 'stockpileAdversary')!;
    expect(adversary.n.every((n) => n === 0)).toBe(true); // NaN in the synthetic series
    expect(adversary.q50.every((q) => q === null)).toBe(true);
    const coh = s.fans.series.find((f) => f.key === 'cohesion')!;
    for (let w = 0; w < SPEC.weeks; w++) expect(coh.q05[w]!).toBeLessThanOrEqual(coh.q95[w]!);
  });

  it('lists pathways by count, ties by name', () => {
    const top = s.pathways.top;
    for (let i = 1; i < top.length; i++) {
      const a = top[i - 1]!;
      const b = top[i]!;
      expect(a.count > b.count || (a.count === b.count && a.pathway < b.pathway)).toBe(true);
    }
    expect(top.reduce((a, p) => a + p.count, 0) + s.pathways.otherCount).toBe(s.pathways.runsReachingRung4);
    expect(s.pathways.byLastStep.reduce((a, b) => a + b.count, 0)).toBeLessThanOrEqual(s.pathways.runsReachingRung4);
  });

  it('serialises deterministically, with no NaN', () => {
    const again = summarizeRun(agg, prov);
    expect(formatJson(again)).toBe(formatJson(s));
    expect(formatJson(s)).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(formatJson(s))).toEqual(JSON.parse(JSON.stringify(s)));
  });

  it('writes CSV tables and a reading', () => {
    const t = runTables(s);
    expect(Object.keys(t)).toEqual(['probabilities.csv', 'costs.csv', 'fans.csv', 'km.csv', 'pathways.csv', 'rungs.csv']);
    expect(t['probabilities.csv']!.split('\n')[0]).toBe('outcome,label,count,runs,estimate,lo95,hi95');
    expect(t['fans.csv']!.trim().split('\n').length).toBe(1 + 8 * SPEC.weeks);
    expect(summaryCsv(s)).toContain('probability,nuclearUse,hi,');
    const text = narrateRun(s).join(' ');
    expect(text).toMatch(/^In \d+\.\d% \(\d+\.\d–\d+\.\d%\) of 400 simulated runs of 365 days/);
    expect(text).toContain('not forecasts');
  });
});

describe('summarizeCompare', () => {
  it('reports paired differences whose counts add up', () => {
    const c = new CompareAggregate(SPEC, 2);
    for (let k = 0; k < 200; k++) c.add([syntheticTrajectory(2, k, { horizonDays: 365 }), syntheticTrajectory(2, k, { horizonDays: 365, risk: 1.5 })]);
    const cs = summarizeCompare(c, prov, [
      { name: 'base', policyFile: 'a.yaml', scenarioHash: 'h1' },
      { name: 'risky', policyFile: 'b.yaml', scenarioHash: 'h2' },
    ]);
    const d = cs.comparisons[0]!.binary.find((b) => b.key === 'drawnIn')!;
    expect(d.n11 + d.n10 + d.n01 + d.n00).toBe(200);
    expect(d.a).toBe(cs.arms[0]!.probabilities.drawnIn.estimate);
    expect(d.b).toBe(cs.arms[1]!.probabilities.drawnIn.estimate);
    expect(d.difference!).toBeGreaterThan(0); // risk 1.5 draws in more often
    expect(d.lo!).toBeLessThan(d.difference!);
    const cost = cs.comparisons[0]!.metrics.find((m) => m.key === 'costTotal')!;
    expect(cost.difference!).toBeCloseTo(cs.arms[1]!.costs.costTotal.mean! - cs.arms[0]!.costs.costTotal.mean!, 2);
    expect(compareCsv(cs).split('\n')[0]).toBe('arm,against,kind,outcome,value_against,value_arm,difference,lo95,hi95,n11,n10,n01,n00');
    expect(narrateCompare(cs)[1]).toMatch(/^Under “risky”: drawn in \+/);
  });
});
