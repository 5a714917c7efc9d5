import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from './test-helpers.js';
import type { SensitivitySummary } from '../analysis/sensitivity.js';
import { defaultSensitivityParams } from './cmd-sensitivity.js';
import { PARAM_SPECS } from '../model/params.js';
import { ALLIANCE_EVENTS, ALLIANCE_METRICS, EVENTS, METRICS } from '../montecarlo/aggregate.js';

const tmp = mkdtempSync(join(tmpdir(), 'brink-sensitivity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = 'scenarios/baseline-2025.yaml';
// Two theatres (rung ≥ 4 in each); two collective-defence alliances (NATO, USPAC), each with its
// own events and metrics (D26); two dyads (USA-CHN, USA-RUS).
const N_OUTCOMES = EVENTS.length + 2 + METRICS.length + 2 * (ALLIANCE_EVENTS.length + ALLIANCE_METRICS.length) + 2;

describe('brink sensitivity', () => {
  it('ranks parameters by the swing of the outcome, identically inline and on the pool; clamps to the range', async () => {
    const args = ['sensitivity', BASE, '--params', 'patternLearning,hostilityUtilityWeight,art4ResponseProb', '--runs', '200', '--seed', '1', '--no-progress'];
    const a = join(tmp, 'w1');
    const b = join(tmp, 'w2');
    const r1 = await runCli(...args, '--workers', '1', '--out', a);
    const r2 = await runCli(...args, '--workers', '2', '--out', b);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    for (const f of ['summary.json', 'sensitivity.csv', 'report.html']) expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as SensitivitySummary;
    expect(s.factors).toEqual({ low: 0.5, high: 2 });
    expect(s.outcome.key).toBe('drawnIn');
    expect(s.rows.map((r) => r.parameter).sort()).toEqual(['art4ResponseProb', 'hostilityUtilityWeight', 'patternLearning']);
    for (let i = 1; i < s.rows.length; i++) expect(s.rows[i - 1]!.swing).toBeGreaterThanOrEqual(s.rows[i]!.swing);
    const row = (k: string) => s.rows.find((r) => r.parameter === k)!;
    // A hostility spiral twice as strong: clearly more deliberate clashes (seeded, so deterministic).
    const hot = row('hostilityUtilityWeight').high!.differences['drawnIn']!;
    expect(hot[1]!).toBeGreaterThan(0);
    expect(row('hostilityUtilityWeight').swing).toBeCloseTo(Math.abs(hot[0]! - row('hostilityUtilityWeight').low!.differences['drawnIn']![0]!), 12);
    // 0.6 × 2 is outside 0..1: the high side is the bound.
    expect(row('art4ResponseProb').value).toBe(0.6);
    expect(row('art4ResponseProb').high!.value).toBe(1);
    expect(row('art4ResponseProb').low!.value).toBe(0.3);
    for (const r of s.rows) for (const side of [r.low!, r.high!]) expect(Object.keys(side.differences)).toHaveLength(N_OUTCOMES);
    const csv = readFileSync(join(a, 'sensitivity.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('parameter,origin,value,side,side_value,outcome,difference,lo95,hi95');
    expect(csv.length - 1).toBe(3 * 2 * N_OUTCOMES);
    // The terminal table puts the largest swing first.
    const text = await runCli(...args, '--workers', '1');
    const first = text.out.split('\n').find((l) => /^\s{2}\S+\s+[−\d]/.test(l) && !l.includes('parameter'))!;
    expect(first.trim().startsWith(s.rows[0]!.parameter)).toBe(true);
  });

  it('leaves out a parameter whose value is 0 and says why', async () => {
    const r = await runCli('sensitivity', 'test/fixtures/minimal.yaml', '--params', 'coercivePowerWeight,rationality', '--runs', '20', '--seed', '1', '--workers', '1', '--json', '--no-progress');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SensitivitySummary;
    expect(s.rows.map((x) => x.parameter)).toEqual(['rationality']);
    expect(s.skipped).toEqual([{ parameter: 'coercivePowerWeight', reason: 'its value is 0, which a factor does not move' }]);
  });

  it('answers bad flags with a message naming them (exit 1)', async () => {
    const run = (...a: string[]) => runCli('sensitivity', BASE, '--runs', '10', '--seed', '1', ...a);
    await expectRefusal(run('--params', 'hostilityUtiltyWeight'), '--params: "hostilityUtiltyWeight" (did you mean "hostilityUtilityWeight"?) is not a parameter');
    await expectRefusal(run('--outcome', 'drawnin'), '--outcome: "drawnin" is not an outcome of baseline-2025 (did you mean "drawnIn"?)');
    await expectRefusal(run('--low', '1.5'), '--low must be below 1 and --high above 1 (got 1.5 and 2)');
    await expectRefusal(run('--high', 'x'), '--high: "x" is not a non-negative number');
  });

  it('varies the labelled priors by default, not the numerical settings of the method', () => {
    const d = defaultSensitivityParams();
    expect(d).toContain('hostilityUtilityWeight');
    expect(d).not.toContain('hazardRefreshTolerance');
    expect(d).not.toContain('coercivePowerWeight'); // calibrated
    expect(d.every((k) => PARAM_SPECS[k].origin === 'prior')).toBe(true);
    expect(d.length).toBe(Object.values(PARAM_SPECS).filter((p) => p.origin === 'prior').length);
  });

  it('flags parameters whose both sides move no outcome, with the state they moved (D29)', async () => {
    const args = ['sensitivity', 'scenarios/baltic-grayzone.yaml', '--params', 'aidCostPerUnitDay,secondarySanctionsCut,postureCostPerBrigadeDay', '--runs', '100', '--seed', '3', '--no-progress', '--workers', '1'];
    const j = await runCli(...args, '--json');
    expect(j.code).toBe(0);
    const s = JSON.parse(j.out) as SensitivitySummary;
    const inert = Object.fromEntries(s.rows.map((r) => [r.parameter, r.inert]));
    // No partner (aid) and no enabler (secondary sanctions) in this scenario; posture costs are paid in every run.
    expect(inert).toEqual({ aidCostPerUnitDay: true, secondarySanctionsCut: true, postureCostPerBrigadeDay: false });
    const aid = s.rows.find((r) => r.parameter === 'aidCostPerUnitDay')!;
    expect(aid.low!.notice).toMatch(/moved neither any outcome nor any state/);
    expect(aid.high!.stateMoved).toEqual([]);
    const dir = join(tmp, 'inert');
    const t = await runCli(...args, '--out', dir);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('2 of 3 parameters are inert at 100 runs: neither side moved any probability or cost beyond sampling error');
    expect(t.out).toContain('Inert at 100 runs (neither side moved a probability or a cost beyond sampling error): 2 of 3 parameters');
    expect(t.out).toContain('  aidCostPerUnitDay: moved neither any outcome nor any state: inert in this scenario');
    expect(t.out).toContain('  secondarySanctionsCut: moved neither any outcome nor any state: inert in this scenario');
    expect(t.out).not.toContain('  postureCostPerBrigadeDay: moved');
  });
});
