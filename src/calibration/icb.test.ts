/**
 * ICB crises as a second record (D50): built from the onset only, outcomes kept apart, records
 * the model cannot use skipped with file, line and reason, and the backtest scores against the
 * baselines. Synthetic actor rows in the ICB v15 layout over the tiny reference fixture (1939:
 * the Soviet Union, Estonia, Latvia; the UK and the US as great powers).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../engine/index.js';
import { compileScenario } from '../scenario/compile.js';
import { defaultHistoricalModel } from './build-scenario.js';
import { readReference, referencePathsIn } from './files.js';
import { icbBacktest } from './icb-backtest.js';
import { buildIcbCases, durationBin, icbCovariates, loadIcbActors, type IcbCase } from './icb.js';
import { readHistoricalModel } from './params-file.js';
import { readFileSync } from 'node:fs';

const REF = fileURLToPath(new URL('../../test/fixtures/ref-tiny', import.meta.url));
const ref = (() => {
  const r = readReference(referencePathsIn(REF));
  if (!r.ok) throw new Error('reference');
  return r.value;
})();

const HEADER = 'crisno,cracid,yrtrig,motrig,datrig,trigent,triggr,viol,trgterra,usinv,suinv,gbinv,frinv,itinv,grinv,jpinv';
type Row = Partial<Record<'crisno' | 'cracid' | 'yrtrig' | 'motrig' | 'datrig' | 'trigent' | 'triggr' | 'viol' | 'trgterra' | 'usinv' | 'gbinv', string | number>>;
const row = (o: Row) =>
  [o.crisno ?? 1, o.cracid ?? 366, o.yrtrig ?? 1939, o.motrig ?? 9, o.datrig ?? 20, o.trigent ?? 365, o.triggr ?? 2, o.viol ?? 1, o.trgterra ?? 30, o.usinv ?? 1, 1, o.gbinv ?? 1, 1, 1, 1, 1].join(',');
const csv = (rows: Row[]) => [HEADER, ...rows.map(row)].join('\n');

function cases(rows: Row[]) {
  const a = loadIcbActors(csv(rows), 'icb.csv', ref.states);
  if (!a.ok) throw new Error(JSON.stringify(a.issues));
  const c = buildIcbCases(a.value, ref);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return { cases: c.value, skipped: [...a.skipped, ...c.skipped] };
}

describe('an ICB crisis from its onset', () => {
  const base: Row[] = [
    { crisno: 1, cracid: 366, trigent: 365, triggr: 9, viol: 2, trgterra: 30 },
    // Latvia: a crisis actor from the same day (an original party)
    { crisno: 1, cracid: 367, trigent: 365, triggr: 9, viol: 3, trgterra: 20 },
    // the Soviet Union itself becomes a crisis actor later (it is side A, not horizontal escalation)
    { crisno: 1, cracid: 365, datrig: 25, trigent: 366, triggr: 2, viol: 3, trgterra: 40 },
  ];

  it('side A is the triggering state, side B the parties triggered on the onset day', () => {
    const { cases: [c], skipped } = cases(base);
    expect(skipped).toEqual([]);
    expect(c!.features.sideA.map((s) => s.ccode)).toEqual([365]);
    expect(c!.features.sideB.map((s) => s.ccode)).toEqual([366, 367]);
    expect(c!.features.startDate).toBe(19390920);
    expect(c!.features.violentTrigger).toBe(true);
    expect(c!.observed.violence).toBe(3);
    expect(c!.observed.horizontal).toBe(false);
    // the last termination: the USSR's trigger (5 days after onset) + 40 days − 1
    expect(c!.observed.durationDays).toBe(44);
  });

  it('nothing coded over the whole crisis is an input: other violence, involvement, durations and later actors leave the onset unchanged', () => {
    const a = cases(base).cases[0]!;
    const b = cases([
      { ...base[0]!, viol: 4, trgterra: 900, usinv: 8, gbinv: 9 },
      { ...base[1]!, viol: 1, trgterra: 2 },
      { ...base[2]!, viol: 4 },
      { crisno: 1, cracid: 200, datrig: 28, trigent: 365, triggr: 9, viol: 4, trgterra: 5 },
    ]).cases[0]!;
    expect(b.features).toEqual(a.features);
    expect(icbCovariates(b)).toEqual(icbCovariates(a));
    expect(b.observed).not.toEqual(a.observed);
  });

  it('horizontal escalation: a great power that was not a party joined later or was highly involved', () => {
    const late = cases([...base, { crisno: 1, cracid: 200, datrig: 28, trigent: 365, triggr: 9, viol: 2 }]).cases[0]!;
    expect(late.observed.horizontal).toBe(true);
    const us = cases([{ ...base[0]!, usinv: 8 }, base[1]!]).cases[0]!;
    expect(us.observed.horizontal).toBe(true);
    const low = cases([{ ...base[0]!, usinv: 3, gbinv: 6 }, base[1]!]).cases[0]!;
    expect(low.observed.horizontal).toBe(false);
    // the USSR's own involvement code does not count: it is a party
    const party = cases([{ ...base[0]!, trigent: 2, usinv: 9 }, { ...base[1]!, trigent: 2 }]).cases[0]!;
    expect(party.features.sideA.map((s) => s.ccode)).toEqual([2]);
    expect(party.observed.horizontal).toBe(false);
  });

  it('outside defenders are great powers only (minor allies are not in the scenario)', () => {
    const { cases: [c] } = cases(base);
    for (const d of c!.features.defendersB) expect(d.major).toBe(true);
  });

  it('skips what the model cannot use, naming the line and the reason; reads an ICB day code above 31 as a missing day', () => {
    const r = cases([
      { crisno: 2, trigent: 996 },
      { crisno: 3, trigent: 997 },
      { crisno: 4, trigent: 995 },
      { crisno: 5, cracid: 9999 },
      { crisno: 5, cracid: 367 },
      { crisno: 6, cracid: 365, trigent: 365 },
      { crisno: 7, datrig: 77 },
      { crisno: 8, viol: '' },
    ]);
    expect(r.cases.map((c) => c.features.dispnum)).toEqual([7]);
    expect(r.cases[0]!.features.startDate).toBe(19390901);
    const by = (n: number) => r.skipped.filter((i) => i.message.startsWith(`crisis ${n}:`));
    expect(by(2)[0]).toMatchObject({ file: 'icb.csv', line: 2, column: 'trigent' });
    expect(by(2)[0]!.message).toMatch(/triggered by a non-state actor \(trigent 996\): no initiating state/);
    expect(by(3)[0]!.message).toMatch(/several states at once/);
    expect(by(4)[0]!.message).toMatch(/triggered internally/);
    expect(by(5)[0]!.message).toMatch(/actor row at line 5 was skipped, so the crisis is incomplete/);
    expect(by(6)[0]!.message).toMatch(/the triggering state is the only original party/);
    expect(r.skipped).toContainEqual(expect.objectContaining({ code: 'unknown-ccode', line: 5, column: 'cracid' }));
    expect(r.skipped).toContainEqual(expect.objectContaining({ code: 'missing-value', line: 9, column: 'viol' }));
  });

  it('duration bins', () => {
    expect([1, 30, 31, 90, 91, 365, 366].map(durationBin)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

describe('the ICB backtest', () => {
  const crises = (first: number, n: number): IcbCase[] =>
    cases(
      Array.from({ length: n }, (_, k) => [
        { crisno: first + k, cracid: 366, trigent: 365, triggr: k % 3 === 0 ? 9 : 2, viol: 1 + (k % 4), trgterra: 10 + 40 * k },
        { crisno: first + k, cracid: 367, trigent: 365, triggr: 2, viol: 1, trgterra: 5, datrig: 20 + (k % 2) },
      ]).flat(),
    ).cases;

  it('scores violence, horizontal escalation and duration for the model and both baselines, with skill against each', () => {
    const engine = { compileScenario, createSimulator };
    const shipped = readHistoricalModel(readFileSync(fileURLToPath(new URL('../../calibration/shipped-model.yaml', import.meta.url)), 'utf8'), 'shipped').model!;
    const r = icbBacktest(engine, crises(100, 8), crises(200, 24), shipped, { runs: 6, seed: 1, bootstrapReps: 50 });
    expect(r.crises).toBe(8);
    expect(r.trainCrises).toBe(24);
    for (const p of ['model', 'baseRate', 'logit'] as const) {
      const s = r.scores[p];
      for (const v of [s.violenceRps.estimate, s.horizontalBrier.estimate, s.durationRps.estimate]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(r.frequencies[p].violence.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(r.frequencies[p].duration.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    expect(r.skill.vsBaseRate.violenceRps.estimate).toBeCloseTo(1 - r.scores.model.violenceRps.estimate / r.scores.baseRate.violenceRps.estimate, 12);
    // base rates are the training shares: one in four of each violence level
    expect(r.frequencies.baseRate.violence).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(r.alliance.map((a) => a.crises).reduce((a, b) => a + b, 0)).toBe(8);
    // a crisis that is also in training is dropped from it
    const again = icbBacktest(engine, crises(100, 8), crises(100, 24), defaultHistoricalModel(), { runs: 2, seed: 1, bootstrapReps: 20 });
    expect(again.droppedFromTraining).toBe(8);
    expect(again.trainCrises).toBe(16);
  });
});
