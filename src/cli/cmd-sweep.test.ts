import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';
import { parseSweepValues, type SweepSummary } from './cmd-sweep.js';
import type { CompareSummary } from '../analysis/compare.js';
import { PARAM_SPECS } from '../model/params.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-sweep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = 'scenarios/baseline-2025.yaml';

describe('brink sweep', () => {
  it("the scenario's own value gives exactly zero differences; identical inline and on the pool; the table holds the summary's values", async () => {
    const a = join(tmp, 'w1');
    const b = join(tmp, 'w2');
    // baseline-2025 includes scenarios/params/calibrated.yaml, so its own value is the included one.
    const own = (await import('../scenario/node.js')).loadScenarioFile(BASE).scenario!.parameters.responsePowerWeight!;
    const args = ['sweep', BASE, '--param', 'responsePowerWeight', '--values', `2,${own}`, '--runs', '200', '--seed', '5', '--no-progress'];
    const r1 = await runCli(...args, '--workers', '1', '--out', a);
    const r2 = await runCli(...args, '--workers', '2', '--out', b);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    for (const f of ['summary.json', 'sweep.csv', 'compare.csv', 'report.html']) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as SweepSummary;
    const html = readFileSync(join(a, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Brink sweep of responsePowerWeight: baseline-2025</h1>');
    expect(html).toContain('Each value of responsePowerWeight was run on the same 200 simulated worlds');
    expect(s.sweep).toEqual({ parameter: 'responsePowerWeight', kind: 'parameter', reference: own, values: [2, own] });
    expect(s.provenance.arms.map((x) => x.name)).toEqual([`responsePowerWeight=${Number(own.toPrecision(4))} (scenario)`, 'responsePowerWeight=2', `responsePowerWeight=${own}`]);
    const self = s.comparisons[1]!;
    for (const d of self.binary) expect([d.n10, d.n01, d.difference], d.key).toEqual([0, 0, 0]);
    for (const m of self.metrics) expect([m.difference, m.lo, m.hi], m.key).toEqual([0, 0, 0]);
    // sweep.csv: one line per outcome and value, its estimates those of the arms' own summaries.
    const lines = readFileSync(join(a, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('outcome,label,kind,parameter,value,reference,estimate,difference,lo95,hi95');
    const nOutcomes = s.comparisons[0]!.binary.length + s.comparisons[0]!.metrics.length;
    expect(lines.length - 1).toBe(nOutcomes * 3);
    const drawn = lines.filter((l) => l.startsWith('drawnIn,'));
    expect(drawn.map((l) => Number(l.split(',').at(-4)))).toEqual(s.arms.map((x) => x.probabilities.drawnIn.estimate));
    // The terminal table has a column per value and marks nothing on the zero-difference arm.
    const text = await runCli(...args, '--workers', '1');
    expect(text.out).toMatch(/Brink sweep: baseline-2025 · responsePowerWeight = 0\.709\d* \(the scenario's\) against 2, 0\.709/);
    expect(text.out).toMatch(/Each value of responsePowerWeight was run on the same 200 simulated worlds/);
  });

  it('the swept value reaches the engine: more force, more clashes', async () => {
    const r = await runCli('sweep', BASE, '--param', 'baseScaleForce', '--values', '0.1,10', '--runs', '200', '--seed', '3', '--workers', '1', '--json', '--no-progress');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SweepSummary;
    const rung4 = (c: number) => s.comparisons[c]!.binary.find((x) => x.key === 'rung4.europe')!;
    expect(rung4(0).b!).toBeLessThan(rung4(0).a!); // force ×0.1: fewer
    expect(rung4(1).b!).toBeGreaterThan(3 * rung4(1).a!); // force ×10: far more
    expect(rung4(1).lo!).toBeGreaterThan(0);
  });

  it('answers a bad parameter or value with a message naming it (exit 1), before running anything', async () => {
    const run = (...a: string[]) => runCli('sweep', BASE, ...a, '--runs', '10', '--seed', '1');
    await expectRefusal(run('--param', 'responsePowerWieght', '--values', '1'), 'parameters.responsePowerWieght: "responsePowerWieght" is not a parameter (did you mean "responsePowerWeight"?)');
    const { min, max } = PARAM_SPECS.responsePowerWeight;
    await expectRefusal(
      run('--param', 'responsePowerWeight', '--values', '1,20,-1'),
      `--values 20: 20 is outside the range of responsePowerWeight, ${min}..${max}`,
      `--values -1: -1 is outside the range of responsePowerWeight, ${min}..${max}`,
    );
    await expectRefusal(run('--param', 'hazardRefreshMaxDays', '--values', '7'), 'hazardRefreshMaxDays (7) must not be less than hazardRefreshDays');
    await expectRefusal(run('--param', 'responsePowerWeight', '--values', '1,x'), '--values: "x" is not a number');
    await expectRefusal(runCli('sweep', 'nope.yaml', '--param', 'responsePowerWeight', '--values', '1', '--runs', '10', '--seed', '1'), 'nope.yaml: file not found');
  });

  it('parses --values', () => {
    expect(parseSweepValues('0.5, 1,2e1')).toEqual([0.5, 1, 20]);
    expect(parseSweepValues('1,1')).toMatch(/given twice/);
    expect(parseSweepValues('')).toMatch(/separated by commas/);
    expect(parseSweepValues('1,,2')).toMatch(/separated by commas/);
    expect(parseSweepValues(Array.from({ length: 21 }, (_, i) => i).join(','))).toMatch(/at most 20/);
  });

  it('a policy lever sweeps exactly as the equivalent policy file compares', async () => {
    const file = join(tmp, 'aid-2.4.yaml');
    writeFileSync(file, 'schemaVersion: 1\nname: aid-2.4\nalliance: NATO\npolicy:\n  aid:\n    max: 2.4\n');
    const common = ['--runs', '150', '--seed', '9', '--workers', '1', '--json', '--no-progress'];
    const sw = await runCli('sweep', BASE, '--lever', 'aid.max', '--alliance', 'NATO', '--values', '2.4', ...common);
    const cmp = await runCli('compare', BASE, '--policy', 'scenarios/policies/status-quo.yaml', '--policy', file, ...common);
    expect(sw.code).toBe(0);
    expect(cmp.code).toBe(0);
    const s = JSON.parse(sw.out) as SweepSummary;
    const c = JSON.parse(cmp.out) as CompareSummary;
    expect(s.sweep).toEqual({ parameter: 'aid.max', kind: 'lever', alliance: 'NATO', reference: 1.2, values: [2.4] });
    expect(s.comparisons[0]!.binary).toEqual(c.comparisons[0]!.binary.map((b) => ({ ...b })));
    expect(s.comparisons[0]!.metrics).toEqual(c.comparisons[0]!.metrics);
  });

  it('refuses a bad lever, value or alliance, and needs one of --param and --lever', async () => {
    const run = (...a: string[]) => runCli('sweep', BASE, ...a, '--runs', '10', '--seed', '1');
    await expectRefusal(run('--lever', 'aid.maks', '--values', '1'), '--lever: "aid.maks" is not a numeric policy lever (did you mean "aid.max"?)');
    await expectRefusal(run('--lever', 'aid.max', '--values', '9'), 'policy.aid.max: --values 9: Too big');
    await expectRefusal(run('--lever', 'forwardPosture', '--alliance', 'NOPE', '--values', '2'), '"NOPE" is not an alliance of scenario "baseline-2025"');
    await expectRefusal(run('--param', 'misperception', '--lever', 'aid.max', '--values', '1'), 'give one of --param NAME (a model parameter), --lever PATH (a policy lever) or --field PATH (a field of the scenario)');
    await expectRefusal(run('--values', '1'));
  });

  it('says when a swept lever moves nothing: aid.max in a scenario without a partner (D29)', async () => {
    const r = await runCli('sweep', 'scenarios/baltic-grayzone.yaml', '--lever', 'aid.max', '--values', '0.5,3', '--runs', '120', '--seed', '2', '--no-progress', '--workers', '1', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SweepSummary;
    expect(s.comparisons.map((c) => [c.inert, c.stateDiffers])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    const text = await runCli('sweep', 'scenarios/baltic-grayzone.yaml', '--lever', 'aid.max', '--values', '0.5,3', '--runs', '120', '--seed', '2', '--no-progress', '--workers', '1');
    for (const v of ['0.5', '3']) expect(text.out).toContain(`arm "aid.max=${v}": moved neither any outcome nor any state`);
  });
});
