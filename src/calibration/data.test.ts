import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDataIssue, loadMidA, loadMidB, loadStates, pickMidFiles } from './data.js';
import { readCases, readReference } from './files.js';
import { covariates, COVARIATE_NAMES } from './dispute.js';
import { describeWithSharedData } from './test-helpers.js';

const REF = 'test/fixtures/ref-tiny';
const refPaths = (dir = REF) => ({
  atop: join(dir, 'atop5_1_dyadyear_obligations.csv'),
  nmc: join(dir, 'cow_nmc_cinc.csv'),
  majors: join(dir, 'cow_majors_2016.csv'),
  contiguity: join(dir, 'cow_direct_contiguity_3_2.csv'),
});

function reference() {
  const r = readReference(refPaths());
  if (!r.ok) throw new Error(r.issues.map(formatDataIssue).join('\n'));
  return r.value;
}

function cases() {
  const c = readCases('test/fixtures/mid-tiny', reference());
  if (!c.ok) throw new Error(c.issues.map(formatDataIssue).join('\n'));
  return c.value;
}

const byNum = (n: number) => {
  const c = cases().find((x) => x.features.dispnum === n);
  if (!c) throw new Error(`no dispute ${n}`);
  return c;
};

describe('dispute cases from MID files (hand-checked)', () => {
  it('reads every dispute of the fixture', () => {
    expect(cases().map((c) => c.features.dispnum)).toEqual([2, 3, 23, 50, 109, 112, 172, 1339, 3556, 3561, 4001]);
  });

  it('MID 50 (1953, Taiwan Strait): USA and Taiwan vs China, the USSR an outside defender of China', () => {
    const c = byNum(50);
    const f = c.features;
    expect(f.era).toBe('1946-1989');
    expect(f.sideA.map((s) => s.ccode)).toEqual([2, 713]);
    expect(f.sideB.map((s) => s.ccode)).toEqual([710]);
    // Sino-Soviet treaty of 1950: ATOP defense obligation RUS → CHN in 1952
    expect(f.defendersB.map((s) => s.ccode)).toEqual([365]);
    expect(f.defendersB[0]!.defends).toEqual([710]);
    // the US tested in 1945, the USSR in 1949, China only in 1964
    expect(f.sideA.find((s) => s.ccode === 2)!.nuclear).toBe(true);
    expect(f.defendersB[0]!.nuclear).toBe(true);
    expect(f.sideB[0]!.nuclear).toBe(false);
    // CINC of the year before the start year
    expect(f.sideA[0]!.cincYear).toBe(1952);
    expect(f.sideA[0]!.major).toBe(true);
    expect(f.sideB[0]!.major).toBe(true);
    // outcome kept apart: use of force, reciprocated, the USSR (a defender) joined side B
    expect(c.observed).toMatchObject({ hostlev: 4, recip: true, war: false, defenderJoinedB: true, joiners: 2 });
  });

  it('MID 2 (1902): a pre-1945 dispute has no nuclear actor and no defender', () => {
    const f = byNum(2).features;
    expect(f.era).toBe('pre1914');
    expect([...f.sideA, ...f.sideB].some((s) => s.nuclear)).toBe(false);
    expect(f.defendersB).toEqual([]);
    expect(byNum(2).observed).toMatchObject({ hostlev: 3, recip: false, war: false, joiners: 0 });
  });

  it('MID 23 (1939): Soviet Union vs Estonia, Latvia an outside defender that did not join', () => {
    const c = byNum(23);
    expect(c.features.defendersB.map((s) => s.abb)).toEqual(['LAT']);
    expect(c.features.contiguity).toBe(1);
    expect(c.observed.defenderJoinedB).toBe(false);
  });

  it('MID 112 (1860): war between Italy and the Papal States', () => {
    const c = byNum(112);
    expect(c.observed).toMatchObject({ hostlev: 5, war: true, recip: true, joiners: 1 });
    expect(covariates(c.features)).toHaveLength(COVARIATE_NAMES.length);
  });

});

describeWithSharedData(
  'the tiny reference subset against the full share',
  ['atop5_1_dyadyear_obligations.csv', 'cow_nmc_cinc.csv', 'cow_majors_2016.csv', 'cow_direct_contiguity_3_2.csv', 'cow_states_2016.csv'],
  (full) => {
    it('gives the same features from the tiny reference subset as from the full share', () => {
      const r = readReference(refPaths(full));
      if (!r.ok) throw new Error(r.issues.map(formatDataIssue).join('\n'));
      const all = readCases('test/fixtures/mid-tiny', r.value);
      if (!all.ok) throw new Error(all.issues.map(formatDataIssue).join('\n'));
      expect(all.value.map((c) => c.features)).toEqual(cases().map((c) => c.features));
    });
  },
);

describe('malformed input', () => {
  const statesText = readFileSync(join(REF, 'cow_states_2016.csv'), 'utf8');
  const states = (() => {
    const s = loadStates(statesText, 'states.csv');
    if (!s.ok) throw new Error('states');
    return s.value;
  })();

  it('names file, line and column of a missing column', () => {
    const r = loadMidA('dispnum,styear,stmon\n1,1900,1\n', 'MIDA.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const i = r.issues.find((x) => x.column === 'hostlev')!;
    expect(i).toMatchObject({ code: 'missing-column', file: 'MIDA.csv', line: 1 });
    expect(formatDataIssue(i)).toMatch(/^MIDA\.csv, line 1, column "hostlev": missing column "hostlev"/);
  });

  it('skips a record with a non-numeric value or an unknown country code, naming file, line and column', () => {
    const header = 'dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,version';
    const text = [header, '2,UKG,200,-9,7,1902,24,1,1903,0,1,1,-9,0,0,0,x,1,5', '2,USA,999,-9,7,1902,24,1,1903,1,1,1,-9,0,0,7,3,1,5'].join('\n');
    const bad = loadMidB(text, 'MIDB.csv', states);
    // Every record unusable: the file as a whole is refused.
    expect(bad.ok).toBe(false);
    const good = '2,USA,2,-9,7,1902,24,1,1903,1,1,1,-9,0,0,7,3,1,5';
    const r = loadMidB([text, good].join('\n'), 'MIDB.csv', states);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((p) => p.line)).toEqual([4]);
    expect(r.skipped).toContainEqual(expect.objectContaining({ code: 'not-a-number', file: 'MIDB.csv', line: 2, column: 'hostlev' }));
    expect(r.skipped).toContainEqual(expect.objectContaining({ code: 'unknown-ccode', file: 'MIDB.csv', line: 3, column: 'ccode' }));
    expect(formatDataIssue(r.skipped[1]!)).toMatch(/^MIDB\.csv, line 3, column "ccode": unknown country code 999 \(not in the COW state list\); record skipped$/);
  });

  it('rejects a MID directory without a MIDB file, and skips a dispute without a side-B originator', () => {
    expect(pickMidFiles(['MIDA 5.0.csv', 'notes.txt'], 'dir').ok).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'brink-mid-'));
    mkdirSync(join(dir, 'm'));
    copyFileSync('test/fixtures/mid-tiny/cow_mid5_MIDA_5.0.csv', join(dir, 'm', 'MIDA.csv'));
    const b = readFileSync('test/fixtures/mid-tiny/cow_mid5_MIDB_5.0.csv', 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('2,UKG'))
      .join('\n');
    writeFileSync(join(dir, 'm', 'MIDB.csv'), b);
    const r = readCases(join(dir, 'm'), reference());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((c) => c.features.dispnum)).not.toContain(2);
    expect(r.value).toHaveLength(10);
    expect(r.skipped[0]).toMatchObject({ code: 'inconsistent', file: join(dir, 'm', 'MIDA.csv'), line: 2 });
    expect(r.skipped[0]!.message).toMatch(/dispute 2: has no originator \(orig = 1\) on side B/);
  });

  it('reports an unreadable reference file instead of throwing', () => {
    const r = readReference({ ...refPaths(), atop: join(REF, 'nope.csv') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'file', file: join(REF, 'nope.csv') });
  });
});
