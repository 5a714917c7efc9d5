import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunAggregate, weeksForHorizon } from '../montecarlo/aggregate.js';
import { syntheticTrajectory } from '../montecarlo/synthetic.js';
import { summarizeRun, type PathwayShare, type RunSummary } from './summary.js';
import { narrateRun } from './narrative.js';
import { wilson } from './wilson.js';
import { renderRunReport } from '../report/html.js';
import { fmtProb, glossary, heavyTailed, pathwayLead, priorRangeLine, trustLines, VALIDATION_VERDICT } from './trust.js';

const SPEC = { theatreIds: ['europe', 'indo-pacific'], horizonDays: 365, weeks: weeksForHorizon(365) };
const agg = new RunAggregate(SPEC);
for (let k = 0; k < 300; k++) agg.add(syntheticTrajectory(2, k, { horizonDays: 365 }));
const base = summarizeRun(agg, { engineVersion: 'test', scenario: 'synthetic', scenarioHash: 'h', seed: 2 });

/** The summary with its pathways replaced by the given counts (n runs reached rung 4). */
function withPathways(counts: number[], n: number): RunSummary {
  const top: PathwayShare[] = counts.map((count, i) => ({ rank: i + 1, pathway: `p${i + 1} > x`, steps: [`p${i + 1}`, 'x'], count, share: count / n, shareOfRuns: count / 300, examples: [{ trajectory: 3 * i + 1, day: 10 * i + 5 }] }));
  return { ...base, pathways: { ...base.pathways, runsReachingRung4: n, distinct: counts.length, top, otherCount: n - counts.reduce((a, b) => a + b, 0) } };
}

describe('ties between the top pathways', () => {
  it('calls 8 against 7 of 97 runs a tie and names neither as the road', () => {
    const s = withPathways([8, 7, 3], 97);
    const lead = pathwayLead(s)!;
    // d = 1/97; var = (15/97 − d²)/97
    const d = 1 / 97;
    const half = 1.959963984540054 * Math.sqrt((15 / 97 - d * d) / 97);
    expect(lead.difference).toBeCloseTo(d, 12);
    expect(lead.lo).toBeCloseTo(d - half, 12);
    expect(lead.hi).toBeCloseTo(d + half, 12);
    expect(lead.tie).toBe(true);
    const text = narrateRun(s).join(' ');
    expect(text).toContain('No single road to a direct clash stands out: the top two pathways, p1 → x (8.2%) and p2 → x (7.2%), are indistinguishable');
    expect(text).not.toContain('The most frequent road');
  });

  it('names the top pathway when it leads beyond sampling error', () => {
    const s = withPathways([60, 10, 5], 100);
    const lead = pathwayLead(s)!;
    expect(lead.tie).toBe(false);
    expect(lead.lo).toBeGreaterThan(0);
    const text = narrateRun(s).join(' ');
    expect(text).toContain('The most frequent road to a direct clash was p1 → x (60.0% of the 100 runs that reached rung 4');
    expect(text).not.toContain('indistinguishable');
  });

  it('the report says the same: indistinguishable for a tie, the leader named otherwise', () => {
    const assets = { d3: '', plot: '' };
    const tie = renderRunReport(withPathways([8, 7, 3], 97), assets);
    expect(tie).toContain('<p class="tie">The top two pathways are indistinguishable at this number of runs');
    expect(tie).toContain('No single road to a direct clash stands out');
    expect(tie).not.toContain('The most frequent road');
    const lead = renderRunReport(withPathways([60, 10, 5], 100), assets);
    expect(lead).toContain('<p class="lead">The top pathway leads the second beyond sampling error');
    expect(lead).toContain('The most frequent road to a direct clash was p1 → x');
    // Without --uncertainty the trust section says how to get the range; the words are defined.
    expect(tie).toContain('<h2 id="trust">How sure are we?</h2>');
    expect(tie).toContain('add --uncertainty');
    expect(tie).toContain('<h2 id="words">Words used here</h2>');
  });

  it('has nothing to compare with fewer than two pathways', () => {
    expect(pathwayLead(withPathways([5], 5))).toBeNull();
    expect(pathwayLead(withPathways([], 0))).toBeNull();
  });
});

describe('words and numbers for a reader', () => {
  it('prints a probability of zero as 0 with its 95% upper bound', () => {
    const w = wilson(0, 1000);
    const p = { label: 'x', count: 0, runs: 1000, estimate: 0, lo: 0, hi: Number(w.hi.toPrecision(6)) };
    expect(fmtProb(p)).toBe('0 (≤ 0.38%)');
    expect(fmtProb({ ...p, count: 69, estimate: 0.069, lo: 0.055, hi: 0.086 })).toBe('6.9% (5.5–8.6%)');
  });

  it('calls a cost heavy-tailed when its mean exceeds its 95th percentile', () => {
    const c = { ...base.costs.costRisk, mean: 20.6, q95: 18.4 };
    expect(heavyTailed(c)).toBe(true);
    expect(heavyTailed({ ...c, mean: 18 })).toBe(false);
    expect(heavyTailed({ ...c, mean: null })).toBe(false);
  });

  it('defines episode, rung, drawn in, the rung ≥ 4 counts, the three costs, pathways and their example runs', () => {
    const words = glossary(base).map(([k]) => k);
    for (const w of ['episode', 'rung', 'drawn in', 'three "rung ≥ 4" counts', 'C_aid', 'C_deterrence', 'C_risk', 'heavy-tailed', 'pathway', 'example runs']) expect(words).toContain(w);
  });

  it('says how to get the prior range when it was not computed', () => {
    expect(priorRangeLine(undefined)).toContain('add --uncertainty');
    const lines = trustLines(base);
    expect(lines[0]).toMatch(/^P\(drawn in\) .*\(Monte Carlo /);
    expect(lines[2]).toContain(VALIDATION_VERDICT);
  });

  it('names the extremes of the prior range, or says the headline did not move', () => {
    const side = (parameter: string, factor: number, estimate: number) => ({ parameter, factor, value: factor, estimate, difference: estimate - 0.07, lo: null, hi: null });
    const u = {
      outcome: { key: 'drawnIn', label: 'NATO drawn in' },
      runs: 1000,
      seed: 1,
      factors: { low: 0.5, high: 2 },
      selection: 'default' as const,
      parameters: ['a', 'b'],
      reference: 0.07,
      sides: [side('a', 0.5, 0.05), side('a', 2, 0.126), side('b', 0.5, 0.041), side('b', 2, 0.08)],
      lowest: side('b', 0.5, 0.041),
      highest: side('a', 2, 0.126),
      skipped: [],
    };
    expect(priorRangeLine(u)).toMatch(/^Under other priors it ranges 4\.1% \(b × 0\.5\) to 12\.6% \(a × 2\); 7\.0% at the scenario's priors in the study's 1,000 runs/);
    const flat = { ...u, sides: [side('a', 0.5, 0)], lowest: side('a', 0.5, 0), highest: side('a', 0.5, 0), reference: 0 };
    expect(priorRangeLine(flat)).toMatch(/^Under other priors it does not move: every side gives 0;/);
  });

  it("quotes docs/validation.md's current verdict (the figures of calibration H)", () => {
    const doc = readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8');
    expect(doc).toContain('Skill of H: **+0.008 [−0.013, +0.026] against base rates, −0.040 [−0.074, −0.005] against the\nordinal logit**');
    expect(doc).toContain('861');
    for (const x of ['+0.008', '−0.013 to +0.026', '−0.040', '−0.074 to −0.005', '861']) expect(VALIDATION_VERDICT).toContain(x);
  });
});
