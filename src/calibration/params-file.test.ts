import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../scenario/node.js';
import { defaultHistoricalModel } from './build-scenario.js';
import type { CalibrationReport } from './calibrate.js';
import { calibrationSourceOf, calibrationYaml, MECHANISMS_SINCE_0_3, readHistoricalModel, SCENARIO_PARAMS_FILE, SHIPPED_MODEL_FILE, shippedModelYaml, TRANSFERABLE_PARAMS, transferableParametersYaml } from './params-file.js';
import { shippedModelPath } from './files.js';
import { parseParametersFileText } from '../scenario/index.js';

function report(): CalibrationReport {
  const model = defaultHistoricalModel();
  model.parameters.quietDays = 12.5;
  model.parameters.responsePowerWeight = 3;
  model.settings.levelScale = [0.5, 4, 120, 2];
  model.settings.activityB = 0.3;
  model.settings.defenderThreshold = 0.6;
  model.settings.eraWarScale = [3, 2, 0.5, 1];
  const moments = [{ name: 'recip', observed: 0.49, simulated: 0.5, n: 100 }];
  return {
    model,
    knobs: [{ name: 'quietDays', kind: 'parameter', start: 30, value: 12.5, doc: 'quiet days' }],
    fit: { disputes: 100, distance: 1.5, moments },
    holdout: { disputes: 25, distance: 2.5, moments },
    runs: 6,
    seed: 1,
    evaluations: 40,
    checks: 4,
    stoppedEarly: false,
  };
}

describe('calibrated parameter file', () => {
  it('round-trips the historical model', () => {
    const text = calibrationYaml(report(), 'test');
    const r = readHistoricalModel(text, 'p.yaml');
    expect(r.issues).toEqual([]);
    expect(r.model!.parameters.quietDays).toBe(12.5);
    expect(r.model!.parameters.responsePowerWeight).toBe(3);
    expect(r.model!.settings.levelScale).toEqual([0.5, 4, 120, 2]);
    expect(r.model!.settings.activityB).toBe(0.3);
    expect(r.model!.settings.defenderThreshold).toBe(0.6);
    expect(r.model!.settings.eraWarScale).toEqual([3, 2, 0.5, 1]);
  });

  it('can be included by a scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brink-inc-'));
    writeFileSync(join(dir, 'params.yaml'), calibrationYaml(report(), 'test'));
    writeFileSync(
      join(dir, 's.yaml'),
      ['schemaVersion: 1', 'name: s', 'include: [params.yaml]', 'theatres: [{ id: t }]', 'actors:', '  - { id: A, power: 0.1, theatreShare: { t: 1 } }', '  - { id: B, power: 0.1, theatreShare: { t: 1 } }', ''].join('\n'),
    );
    const r = loadScenarioFile(join(dir, 's.yaml'));
    expect(r.issues).toEqual([]);
    expect(r.scenario!.parameters.quietDays).toBe(12.5);
  });

  it('reports a broken settings line with its line number', () => {
    const text = calibrationYaml(report(), 'test').replace(/"activityB":[0-9.]+/, '"activityB":-1');
    const r = readHistoricalModel(text, 'p.yaml');
    expect(r.model).toBeNull();
    expect(r.issues[0]!.path).toBe('brink-historical.activityB');
    expect(r.issues[0]!.line).toBeGreaterThan(1);
  });
});

describe('the built-in scenarios\' calibrated parameter file', () => {
  const root = new URL('../../', import.meta.url);
  const read = (rel: string): string => readFileSync(new URL(rel, root), 'utf8');
  // The source is the calibration the file names in its regenerate command, so a recalibration
  // (a new file under docs/calibration-runs/, then the script) needs no change here.
  const installed = read('scenarios/params/calibrated.yaml');
  const COMMAND = /^# {3}(npx tsx scripts\/scenario-params\.ts --from (\S+) --out \S+)$/m.exec(installed);
  const SOURCE = COMMAND?.[2] ?? '(no --from in the header)';

  it('is exactly what scripts/scenario-params.ts derives from the calibration it names (regenerate it, do not edit it)', () => {
    expect(COMMAND).not.toBeNull();
    expect(installed).toBe(transferableParametersYaml(read(SOURCE), SOURCE, COMMAND![1]!));
  });

  it('holds only the transferable weights, at the calibration\'s values, and names the calibrate command', () => {
    const text = installed;
    const mine = parseParametersFileText(text).parameters!;
    const theirs = parseParametersFileText(read(SOURCE)).parameters! as Record<string, number>;
    expect(Object.keys(mine).sort()).toEqual([...TRANSFERABLE_PARAMS].sort());
    for (const k of TRANSFERABLE_PARAMS) expect(mine[k]).toBe(theirs[k]);
    expect(text).toContain('#   brink calibrate --mid ');
  });

  it('refuses a file without any transferable parameter', () => {
    expect(() => transferableParametersYaml('parameters:\n  quietDays: 3\n', 'q.yaml', 'cmd')).toThrow(/none of responsePowerWeight/);
  });
});

describe('the historical model as shipped (calibration/shipped-model.yaml, D48)', () => {
  const root = new URL('../../', import.meta.url);
  const read = (rel: string): string => readFileSync(new URL(rel, root), 'utf8');
  const shipped = read(SHIPPED_MODEL_FILE);
  const inc = read(SCENARIO_PARAMS_FILE);
  const source = calibrationSourceOf(inc);

  it('is exactly what scripts/shipped-model.ts derives from the scenarios\' include and its calibration (regenerate it, do not edit it)', () => {
    expect(source).not.toBeNull();
    expect(shipped).toBe(shippedModelYaml(inc, SCENARIO_PARAMS_FILE, read(source!), source!, 'npx tsx scripts/shipped-model.ts'));
    // A hand edit of one value is caught by that comparison.
    const edited = shipped.replace(/(coercivePowerWeight: )\S+/, '$1 0.5');
    expect(edited).not.toBe(shipped);
  });

  it('is where the CLI looks for it', () => {
    expect(readFileSync(shippedModelPath(), 'utf8')).toBe(shipped);
  });

  it('runs the built-in scenarios\' weights with the calibration\'s builder settings and dispute-level parameters', () => {
    const m = readHistoricalModel(shipped, SHIPPED_MODEL_FILE);
    expect(m.issues).toEqual([]);
    const weights = parseParametersFileText(inc).parameters! as Record<string, number>;
    for (const k of TRANSFERABLE_PARAMS) expect(m.model!.parameters[k]).toBe(weights[k]);
    const cal = readHistoricalModel(read(source!), source!).model!;
    expect(m.model!.settings).toEqual(cal.settings);
    // Engine-0.3 mechanisms the calibration does not set stay off (D72).
    const off = Object.fromEntries(MECHANISMS_SINCE_0_3.filter((k) => cal.parameters[k] === undefined).map((k) => [k, 0]));
    expect(m.model!.parameters).toEqual({ ...cal.parameters, ...weights, ...off });
    // It is not the engine defaults (what backtest used before D48).
    expect(m.model!.settings).not.toEqual(defaultHistoricalModel().settings);
  });

  it('takes the include\'s value when the calibration disagrees, and refuses a source without builder settings', () => {
    const src = read(source!);
    const inc2 = inc.replace(/(coercivePowerWeight: )\S+/, '$10.123');
    const m = readHistoricalModel(shippedModelYaml(inc2, 'i.yaml', src, 's.yaml', 'cmd'), 'x.yaml').model!;
    expect(m.parameters.coercivePowerWeight).toBe(0.123);
    expect(() => shippedModelYaml(inc, 'i.yaml', 'parameters:\n  quietDays: 3\n', 's.yaml', 'cmd')).toThrow(/brink-historical/);
  });
});
