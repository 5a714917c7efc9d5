/**
 * `brink run --uncertainty` (D34): the prior range is the study's own numbers (the same as `brink
 * sensitivity` with the same priors, seed and runs), it lands in summary.json, the terminal and the
 * report; without the flag the section says how to get it; bad flags exit 1 naming the flag.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';
import type { SensitivitySummary } from '../analysis/sensitivity.js';
import type { RunSummaryWithUncertainty } from '../analysis/trust.js';
import { fmtPct } from '../analysis/format.js';
import { escapeHtml } from '../report/html.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PARAMS = 'hostilityUtilityWeight,revisionistThreshold';
const common = ['scenarios/baseline-2025.yaml', '--seed', '3', '--workers', '1', '--no-progress'];

describe('brink run --uncertainty', () => {
  it('reports the lowest and highest headline of the one-at-a-time study, equal to brink sensitivity', async () => {
    const dir = join(tmp, 'u');
    const r = await runCli('run', ...common, '--runs', '300', '--uncertainty', '--uncertainty-params', PARAMS, '--uncertainty-runs', '200', '--out', dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummaryWithUncertainty;
    const u = s.uncertainty!;
    expect(u).toMatchObject({ runs: 200, seed: 3, factors: { low: 0.5, high: 2 }, selection: 'given', parameters: PARAMS.split(',') });

    const sens = await runCli('sensitivity', ...common, '--runs', '200', '--params', PARAMS, '--json');
    expect(sens.code).toBe(0);
    const t = JSON.parse(sens.out) as SensitivitySummary;
    expect(u.reference).toBe(t.outcome.reference);
    expect(u.outcome.label).toBe(t.outcome.label);
    // Every side: the same paired difference and interval as the study's.
    const fromStudy = t.rows
      .flatMap((row) => (['low', 'high'] as const).flatMap((side) => (row[side] === null ? [] : [{ parameter: row.parameter, value: row[side]!.value, d: row[side]!.differences['drawnIn']! }])))
      .sort((a, b) => a.parameter.localeCompare(b.parameter) || a.value - b.value);
    const sides = [...u.sides].sort((a, b) => a.parameter.localeCompare(b.parameter) || a.value - b.value);
    expect(sides.map((x) => [x.parameter, x.value, x.difference, x.lo, x.hi])).toEqual(fromStudy.map((x) => [x.parameter, x.value, ...x.d]));
    for (const x of sides) expect(x.estimate!).toBeCloseTo(t.outcome.reference! + x.difference!, 5);
    // Lowest and highest are the extremes of the sides.
    const est = u.sides.map((x) => x.estimate!);
    expect(u.lowest!.estimate).toBe(Math.min(...est));
    expect(u.highest!.estimate).toBe(Math.max(...est));
    expect(u.highest!.parameter).toBe('hostilityUtilityWeight'); // the hostility spiral doubled draws in most (docs/monte-carlo.md)

    // The terminal and the report say the same numbers.
    const range = `Under other priors it ranges ${u.lowest!.estimate === 0 ? '0' : fmtPct(u.lowest!.estimate)} (${u.lowest!.parameter} × ${u.lowest!.factor}) to ${fmtPct(u.highest!.estimate)} (${u.highest!.parameter} × ${u.highest!.factor})`;
    expect(r.out).toContain('How sure are we');
    expect(r.out).toContain(range);
    expect(r.out).toMatch(/P\(NATO drawn in\) \d+\.\d+% \(Monte Carlo \d/);
    expect(r.out).toContain('docs/validation.md');
    expect(r.err).toMatch(/brink \(uncertainty\): 200 runs × 5 arms/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="trust">How sure are we?</h2>');
    expect(html).toContain(escapeHtml(range));
    const timing = JSON.parse(readFileSync(join(dir, 'timing.json'), 'utf8')) as { uncertainty?: { arms: number } };
    expect(timing.uncertainty?.arms).toBe(5);
  });

  it('without --uncertainty: no uncertainty object, and the section says how to get it; words are defined', async () => {
    const r = await runCli('run', ...common, '--runs', '200');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Under other priors: not computed; add --uncertainty');
    for (const w of ['Words used here', '  episode: ', '  rung: ', '  drawn in: ', '  three "rung ≥ 4" counts: ', '  C_aid: ', '  C_deterrence: ', '  C_risk: ']) expect(r.out).toContain(w);
    // Article 5 never happens in 200 baseline runs: printed as 0 with its bound, not 0.0%.
    expect(r.out).toMatch(/Article 5 invoked \(NATO\) +0 \(≤ 1\.9%\)/);
    const j = await runCli('run', ...common, '--runs', '200', '--json');
    expect(JSON.parse(j.out)).not.toHaveProperty('uncertainty');
  });

  it('refuses bad flags, naming the flag (exit 1)', async () => {
    await expectRefusal(runCli('run', ...common, '--runs', '10', '--uncertainty', '--uncertainty-params', 'hostilityUtilityWieght'), '--uncertainty-params: "hostilityUtilityWieght"');
    await expectRefusal(runCli('run', ...common, '--runs', '10', '--uncertainty-params', 'weightCost'), '--uncertainty-params: needs --uncertainty');
    await expectRefusal(runCli('run', ...common, '--runs', '10', '--uncertainty-runs', '50'), '--uncertainty-runs: needs --uncertainty');
    await expectRefusal(runCli('run', ...common, '--runs', '10', '--uncertainty', '--uncertainty-runs', '0'), '--uncertainty-runs');
    await expectRefusal(runCli('run', ...common, '--runs', '10', '--uncertainty', '--uncertainty-params', 'weightCost,weightCost'), '--uncertainty-params: give each parameter once');
  });
});
