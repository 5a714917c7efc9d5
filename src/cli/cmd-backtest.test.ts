import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistoricalModel } from '../calibration/params-file.js';
import { parseParametersFileText } from '../scenario/index.js';
import { repo, runCli } from './test-helpers.js';

const REF = 'test/fixtures/ref-tiny';
const refFlags = [
  '--atop', `${REF}/atop5_1_dyadyear_obligations.csv`,
  '--nmc', `${REF}/cow_nmc_cinc.csv`,
  '--majors', `${REF}/cow_majors_2016.csv`,
  '--contiguity', `${REF}/cow_direct_contiguity_3_2.csv`,
];

const run = runCli;

/** A copy of the tiny MID fixture with one file rewritten. */
function brokenFixture(file: 'cow_mid5_MIDA_5.0.csv' | 'cow_mid5_MIDB_5.0.csv', edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'brink-mid-'));
  for (const f of ['cow_mid5_MIDA_5.0.csv', 'cow_mid5_MIDB_5.0.csv']) copyFileSync(join(repo, 'test/fixtures/mid-tiny', f), join(dir, f));
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('brink backtest', () => {
  it('scores the tiny fixture against base rates and an ordinal logit (--json)', async () => {
    const r = await run('backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '20', '--bootstrap', '200', '--json', '--quiet');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.disputes).toBe(11);
    for (const p of ['model', 'baseRate', 'logit']) {
      for (const k of ['rps', 'brierWar', 'brierRecip']) {
        expect(j.scores[p][k]).toBeGreaterThanOrEqual(0);
        expect(j.scores[p][k]).toBeLessThanOrEqual(1);
      }
    }
    expect(j.skill.vsBaseRate).toBeCloseTo(1 - j.scores.model.rps / j.scores.baseRate.rps, 12);
    expect(j.skill.vsLogit).toBeCloseTo(1 - j.scores.model.rps / j.scores.logit.rps, 12);
    // the alliance effect: minor-power targets split by a major-power defence ally, beside the record
    expect(j.alliance.map((a: { group: string }) => a.group)).toEqual(['minor target, major-power ally', 'minor target, no major-power ally']);
    const minor = j.alliance.reduce((s: number, a: { disputes: number }) => s + a.disputes, 0);
    expect(minor).toBeGreaterThan(0);
    expect(minor).toBeLessThanOrEqual(11);
    for (const a of j.alliance) if (a.disputes > 0) expect(a.predictedWar.baseRate).toBeCloseTo(j.frequencies.baseRate.war, 12);
    // disputes in both sets are dropped from training (the training fixture shares two)
    expect(j.droppedFromTraining).toBe(2);
    expect(j.trainDisputes).toBe(78);
    // deterministic
    const again = await run('backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '20', '--bootstrap', '200', '--json', '--quiet');
    expect(again.out).toBe(r.out);
  });

  it('without --params scores the model as shipped (D48): the same figures as --params of its file, not the engine defaults', async () => {
    const args = ['backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '10', '--bootstrap', '50', '--json', '--quiet'];
    const dflt = await run(...args);
    const file = await run(...args, '--params', 'calibration/shipped-model.yaml');
    // Calibration H as fitted: before engine 0.3, so with the issue-17 mechanisms off (D72), as the shipped file says.
    const hDir = mkdtempSync(join(tmpdir(), 'brink-h-'));
    const hText = readFileSync(join(repo, 'docs/calibration-runs/odd-params-H.yaml'), 'utf8').replace(/^parameters:\n/m, 'parameters:\n  joinBelowWarProb: 0\n  borderHostility: 0\n  satiationWeight: 0\n');
    writeFileSync(join(hDir, 'h.yaml'), hText);
    const calib = await run(...args, '--params', join(hDir, 'h.yaml'));
    expect(dflt.code).toBe(0);
    const a = JSON.parse(dflt.out);
    const b = JSON.parse(file.out);
    const c = JSON.parse(calib.out);
    expect(a.model).toMatch(/^shipped/);
    expect(b.model).toBe('calibration/shipped-model.yaml');
    expect({ ...a, model: '' }).toEqual({ ...b, model: '' });
    expect(a.scores).toEqual(c.scores);
    // The engine defaults (an empty parameter file) predict differently.
    const dir = mkdtempSync(join(tmpdir(), 'brink-empty-'));
    writeFileSync(join(dir, 'empty.yaml'), 'parameters: {}\n');
    const e = JSON.parse((await run(...args, '--params', join(dir, 'empty.yaml'))).out);
    expect(e.scores.model.rps).not.toBe(a.scores.model.rps);
  });

  it('prints a readable report', async () => {
    const r = await run('backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '10', '--bootstrap', '100', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model: shipped \(calibration\/shipped-model\.yaml\)\n11 disputes scored, 10 runs each; baselines trained on 78 disputes/);
    expect(r.out).toMatch(/ordinal logit/);
    expect(r.out).toMatch(/skill \(1 − RPS\/RPS_baseline\)/);
  });

  it('a missing column: exit 1, file, line and column named, nothing simulated', async () => {
    const dir = brokenFixture('cow_mid5_MIDA_5.0.csv', (t) => t.replace('hostlev,', 'hostility,'));
    const r = await run('backtest', '--mid', dir, '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '5');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, 'cow_mid5_MIDA_5.0.csv')}, line 1, column "hostlev": missing column "hostlev"`);
    expect(r.err).not.toMatch(/disputes simulated/);
    expect(r.out).toBe('');
  });

  it('an unknown country code: the dispute is skipped with a warning naming file and line, counted in the output; --strict makes it exit 1', async () => {
    const dir = brokenFixture('cow_mid5_MIDB_5.0.csv', (t) => t.replace('\n2,USA,2,', '\n2,USA,9999,'));
    const r = await run('backtest', '--mid', dir, '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '5', '--bootstrap', '50', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/brink: warning: .*cow_mid5_MIDB_5\.0\.csv, line \d+, column "ccode": unknown country code 9999/);
    expect(r.err).toMatch(/brink: warning: .*cow_mid5_MIDA_5\.0\.csv, line 2, column "dispnum": dispute 2: its participant row at .* was skipped/);
    expect(r.err).toMatch(/brink: 2 records skipped \(2 in --mid\)/);
    const j = JSON.parse(r.out);
    expect(j.disputes).toBe(10);
    expect(j.skipped.total).toBe(2);
    expect(j.skipped.byInput['--mid']).toBe(2);
    expect(j.skipped.byCode).toEqual({ 'unknown-ccode': 1, inconsistent: 1 });
    expect(j.skipped.records[0]).toMatchObject({ code: 'unknown-ccode', column: 'ccode' });
    const strict = await run('backtest', '--mid', dir, '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--runs', '5', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/cow_mid5_MIDB_5\.0\.csv, line \d+, column "ccode": unknown country code 9999/);
    expect(strict.err).toMatch(/--strict: 2 records the model cannot use/);
    expect(strict.err).not.toMatch(/disputes simulated/);
    expect(strict.out).toBe('');
  });

  it('a missing directory or reference file: exit 1 with a message', async () => {
    const a = await run('backtest', '--mid', 'test/fixtures/nope', '--train', 'test/fixtures/mid-train-tiny', ...refFlags);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/test\/fixtures\/nope: cannot read directory/);
    const b = await run('backtest', '--mid', 'test/fixtures/mid-tiny', ...refFlags, '--atop', 'test/fixtures/nope.csv');
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/nope\.csv: cannot read: no such file/);
  });
});

describe('brink backtest --icb', () => {
  const HEADER = 'crisno,cracid,yrtrig,motrig,datrig,trigent,triggr,viol,trgterra,usinv,suinv,gbinv,frinv,itinv,grinv,jpinv';
  const icbDir = (first: number, n: number, extra: string[] = []) => {
    const dir = mkdtempSync(join(tmpdir(), 'brink-icb-'));
    const rows = Array.from({ length: n }, (_, k) => `${first + k},366,1939,9,20,365,${k % 3 === 0 ? 9 : 2},${1 + (k % 4)},${10 + 40 * k},1,1,1,1,1,1,1`);
    writeFileSync(join(dir, 'icb2v15_actor.csv'), [HEADER, ...rows, ...extra].join('\n') + '\n');
    return dir;
  };

  it('scores crises from their onsets; a non-state trigger is skipped and counted; needs exactly one of --mid and --icb', async () => {
    const test = icbDir(100, 6, ['106,366,1939,9,20,996,2,1,10,1,1,1,1,1,1,1']);
    const train = icbDir(200, 16);
    const r = await run('backtest', '--icb', test, '--train', train, ...refFlags, '--runs', '4', '--bootstrap', '50', '--json', '--quiet');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.record).toBe('icb');
    expect(j.crises).toBe(6);
    expect(j.skipped.byInput['--icb']).toBe(1);
    expect(j.skipped.records[0].message).toMatch(/^crisis 106: triggered by a non-state actor/);
    expect(j.scores.model.violenceRps.estimate).toBeGreaterThanOrEqual(0);
    expect(r.err).toMatch(/brink: 1 record skipped \(1 in --icb\)/);
    const text = await run('backtest', '--icb', test, '--train', train, ...refFlags, '--runs', '2', '--bootstrap', '20', '--quiet');
    expect(text.out).toMatch(/6 ICB crises scored from their onsets/);
    expect(text.out).toMatch(/alliance effect: P\(full-scale war\)/);
    const strict = await run('backtest', '--icb', test, '--train', train, ...refFlags, '--runs', '2', '--strict');
    expect(strict.code).toBe(1);
    const both = await run('backtest', '--icb', test, '--mid', 'test/fixtures/mid-tiny', ...refFlags);
    expect(both.code).toBe(1);
    expect(both.err).toMatch(/exactly one of --mid DIR/);
    const neither = await run('backtest', ...refFlags);
    expect(neither.code).toBe(1);
  });
});

describe('brink calibrate', () => {
  it('fits a knob, prints target beside simulated, and writes an includable parameter file that backtest reads', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'brink-cal-')), 'params.yaml');
    const r = await run('calibrate', '--mid', 'test/fixtures/mid-train-tiny', ...refFlags, '--knobs', 'quietDays,activityB', '--runs', '2', '--max-evals', '12', '--max-disputes', '30', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/moment +target +simulated/);
    expect(r.out).toMatch(/^recip +\d/m);
    const text = readFileSync(out, 'utf8');
    // started from the model as shipped, and the recorded command says so
    expect(text).toMatch(/^# brink calibrate --mid .* --params calibration\/shipped-model\.yaml$/m);
    const parsed = parseParametersFileText(text, out);
    expect(parsed.issues).toEqual([]);
    expect(parsed.parameters!.quietDays).toBeGreaterThan(0);
    const m = readHistoricalModel(text, out);
    expect(m.issues).toEqual([]);
    expect(m.model!.settings.activityB).toBeGreaterThan(0);
    const b = await run('backtest', '--mid', 'test/fixtures/mid-tiny', '--train', 'test/fixtures/mid-train-tiny', ...refFlags, '--params', out, '--runs', '5', '--bootstrap', '50', '--json', '--quiet');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).disputes).toBe(11);
  });

  it('--objective score fits the mean per-dispute scores and says so in the report and the file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'brink-cal-')), 'params.yaml');
    const r = await run('calibrate', '--mid', 'test/fixtures/mid-train-tiny', ...refFlags, '--objective', 'score', '--knobs', 'activityB', '--runs', '2', '--max-evals', '6', '--coarse', '0', '--max-disputes', '30', '--out', out, '--quiet', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.objective).toBe('score');
    expect(j.scores.fit.objective).toBeGreaterThan(0);
    // each term relative to the base rates' (a term the base rates score 0 on, such as war in a sample without one, is left out)
    const rel = (k: string) => (j.scores.fit.baseRates[k] > 0 ? j.scores.fit.terms[k] / j.scores.fit.baseRates[k] : 0);
    expect(j.scores.fit.objective).toBeCloseTo(rel('rps') + rel('brierWar') + rel('brierRecip'), 12);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# brink calibrate .* --objective score /m);
    expect(text).toMatch(/^# objective: score /m);
    const bad = await run('calibrate', '--mid', 'test/fixtures/mid-tiny', ...refFlags, '--objective', 'likelihood');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--objective: unknown objective "likelihood"/);
    const oneRun = await run('calibrate', '--mid', 'test/fixtures/mid-tiny', ...refFlags, '--objective', 'score', '--runs', '1');
    expect(oneRun.code).toBe(1);
    expect(oneRun.err).toMatch(/--runs 2 or more/);
  });

  it('--objective score --icb DIR fits ICB crises beside the MID disputes; --icb without the score objective: exit 1', async () => {
    const HEADER = 'crisno,cracid,yrtrig,motrig,datrig,trigent,triggr,viol,trgterra,usinv,suinv,gbinv,frinv,itinv,grinv,jpinv';
    const dir = mkdtempSync(join(tmpdir(), 'brink-icb-'));
    // 16 one-actor crises (Estonia, 1939) of every violence level, half of them drawing a great power in
    const rows = Array.from({ length: 16 }, (_, k) => `${200 + k},366,1939,9,20,365,2,${1 + (k % 4)},${10 + 40 * k},${k % 2 === 0 ? 8 : 1},1,1,1,1,1,1`);
    writeFileSync(join(dir, 'icb2v15_actor.csv'), [HEADER, ...rows].join('\n') + '\n');
    const r = await run('calibrate', '--mid', 'test/fixtures/mid-train-tiny', ...refFlags, '--objective', 'score', '--icb', dir, '--knobs', 'activityB', '--runs', '2', '--max-evals', '4', '--coarse', '0', '--max-disputes', '20', '--holdout', '0', '--quiet', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.scores.icb.fit.crises).toBe(16);
    expect(j.scores.icb.holdout).toBeNull();
    // the base rates of the fitted crises: violence a quarter each, horizontal escalation a half
    expect(j.scores.icb.fit.baseRates.horizontalBrier).toBeCloseTo(0.25, 12);
    expect(j.scores.icb.fit.objective).toBeCloseTo(j.scores.icb.fit.terms.violenceRps / j.scores.icb.fit.baseRates.violenceRps + j.scores.icb.fit.terms.horizontalBrier / j.scores.icb.fit.baseRates.horizontalBrier, 12);
    const bad = await run('calibrate', '--mid', 'test/fixtures/mid-tiny', ...refFlags, '--icb', dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--icb is fitted by the score objective only/);
  });

  it('an unknown knob: exit 1', async () => {
    const r = await run('calibrate', '--mid', 'test/fixtures/mid-tiny', ...refFlags, '--knobs', 'nope');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown knob nope/);
  });
});
