/**
 * D49: the loaders accept any record of the published datasets. A record the model cannot use is
 * skipped with an issue naming file, line, column and reason; what the codebooks allow and the
 * model can use is accepted. One record per oddity found in the MID 5.0, NMC, ATOP and COW
 * codebooks, built from a real dispute of the tiny fixture (MID 3, 1913: Austria-Hungary against
 * Yugoslavia/Serbia) under new dispute numbers.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAtop, loadContiguity, loadNmc, loadStates, readTypedCsv, int, type DataIssue } from './data.js';
import { readCases, readReference, referencePathsIn } from './files.js';

const fx = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));
const REF = fx('ref-tiny');
const reference = () => {
  const r = readReference(referencePathsIn(REF));
  if (!r.ok) throw new Error('reference');
  return r.value;
};
const states = (() => {
  const s = loadStates(readFileSync(join(REF, 'cow_states_2016.csv'), 'utf8'), 'states.csv');
  if (!s.ok) throw new Error('states');
  return s.value;
})();

// MIDA: dispnum,stday,stmon,styear,endday,endmon,endyear,outcome,settle,fatality,fatalpre,maxdur,mindur,hiact,hostlev,recip,numa,numb,ongo2014,version
const A = (n: number, o: Partial<Record<'stday' | 'stmon' | 'styear' | 'endday' | 'endmon' | 'endyear' | 'maxdur' | 'mindur' | 'hostlev', string>> = {}) =>
  [n, o.stday ?? '2', o.stmon ?? '5', o.styear ?? '1913', o.endday ?? '25', o.endmon ?? '10', o.endyear ?? '1913', 4, 3, 0, 0, o.maxdur ?? '177', o.mindur ?? '177', 8, o.hostlev ?? '3', 0, 1, 1, 0, 5].join(',');
// MIDB: dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,version
const B = (n: number, who: 'AUH' | 'YUG', o: Partial<Record<'ccode' | 'sidea' | 'orig' | 'hostlev' | 'stday', string>> = {}) =>
  [n, who, o.ccode ?? (who === 'AUH' ? '300' : '345'), o.stday ?? '2', 5, 1913, 25, 10, 1913, o.sidea ?? (who === 'AUH' ? '1' : '0'), 0, 0, -9, 0, 0, 0, o.hostlev ?? (who === 'AUH' ? '3' : '1'), o.orig ?? '1', 5].join(',');
const pair = (n: number) => [B(n, 'AUH'), B(n, 'YUG')];

/** The tiny fixture with extra MIDA and MIDB records appended; returns the directory. */
function withRecords(midaExtra: string[], midbExtra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'brink-odd-'));
  for (const [f, extra] of [
    ['cow_mid5_MIDA_5.0.csv', midaExtra],
    ['cow_mid5_MIDB_5.0.csv', midbExtra],
  ] as const) {
    copyFileSync(fx(`mid-tiny/${f}`), join(dir, f));
    const t = readFileSync(join(dir, f), 'utf8').replace(/\n?$/, '\n');
    writeFileSync(join(dir, f), t + extra.map((l) => `${l}\n`).join(''));
  }
  return dir;
}

function load(midaExtra: string[], midbExtra: string[]) {
  const dir = withRecords(midaExtra, midbExtra);
  const r = readCases(dir, reference());
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const nums = r.value.map((c) => c.features.dispnum);
  const about = (n: number) => r.skipped.filter((i) => i.message.includes(`dispute ${n}`));
  return { dir, cases: r.value, nums, skipped: r.skipped, about };
}

const FIXTURE_LINES_A = 12; // header + 11 disputes: appended MIDA records start at line 13

describe('MID 5.0 records the model cannot use are skipped, each named', () => {
  it('a dispute with no originator on one side (orig = 0 for every side-B state)', () => {
    const l = load([A(9001)], [B(9001, 'AUH'), B(9001, 'YUG', { orig: '0' })]);
    expect(l.nums).not.toContain(9001);
    expect(l.about(9001)).toEqual([
      expect.objectContaining({ code: 'inconsistent', file: join(l.dir, 'cow_mid5_MIDA_5.0.csv'), line: FIXTURE_LINES_A + 1, column: 'dispnum' }),
    ]);
    expect(l.about(9001)[0]!.message).toMatch(/no originator \(orig = 1\) on side B/);
    // the other disputes are untouched
    expect(l.cases).toHaveLength(11);
  });

  it('-9 where a value is required (a participant\'s hostlev, its side): the row and then its dispute', () => {
    const l = load([A(9005), A(9011)], [B(9005, 'AUH'), B(9005, 'YUG', { hostlev: '-9' }), B(9011, 'AUH', { sidea: '-9' }), B(9011, 'YUG')]);
    expect(l.nums).not.toContain(9005);
    expect(l.nums).not.toContain(9011);
    const rows = l.skipped.filter((i) => i.code === 'missing-value');
    expect(rows.map((i) => [i.column, i.message])).toEqual([
      ['hostlev', 'missing value (-9) where a number is required; record skipped'],
      ['sidea', 'missing value (-9) where a number is required; record skipped'],
    ]);
    expect(l.about(9005).some((i) => /participant row at .* line \d+ was skipped, so the dispute is incomplete/.test(i.message))).toBe(true);
  });

  it('-9 in a MIDA outcome the scores need (hostlev): the dispute, and then its participants', () => {
    const l = load([A(9008, { hostlev: '-9' })], pair(9008));
    expect(l.nums).not.toContain(9008);
    expect(l.skipped.filter((i) => i.code === 'missing-value' && i.column === 'hostlev' && i.line === FIXTURE_LINES_A + 1)).toHaveLength(1);
    expect(l.skipped.filter((i) => /of dispute 9008, which .* does not list/.test(i.message))).toHaveLength(2);
  });

  it('a dispute listed twice in MIDA: both records (which is right is unknown)', () => {
    const l = load([A(9006), A(9006, { hostlev: '4' })], pair(9006));
    expect(l.nums).not.toContain(9006);
    expect(l.about(9006).map((i) => [i.code, i.line])).toEqual([
      ['duplicate', FIXTURE_LINES_A + 1],
      ['duplicate', FIXTURE_LINES_A + 2],
    ]);
  });

  it('a participant of a dispute that MIDA does not list', () => {
    const l = load([], pair(9007));
    expect(l.skipped.map((i) => i.code)).toEqual(['inconsistent', 'inconsistent']);
    expect(l.skipped[0]!.message).toMatch(/participant AUH of dispute 9007, which .* does not list; record skipped/);
  });

  it('an unknown country code, a wrong field count, a start year before the state system', () => {
    const l = load([A(9012), `${A(9010)},extra`, A(9013, { styear: '1700' })], [B(9012, 'AUH'), B(9012, 'YUG', { ccode: '9999' }), ...pair(9010), ...pair(9013)]);
    for (const n of [9010, 9012, 9013]) expect(l.nums).not.toContain(n);
    expect(l.skipped.map((i) => i.code).sort()).toEqual(
      ['field-count', 'out-of-range', 'unknown-ccode', 'inconsistent', 'inconsistent', 'inconsistent', 'inconsistent', 'inconsistent'].sort(),
    );
    expect(l.skipped.find((i) => i.code === 'field-count')!.message).toBe('21 fields, the header has 20; record skipped');
  });
});

describe('MID 5.0 oddities the codebook allows and the model can use are accepted', () => {
  it('unknown start day and month (-9: the 1st counts), an open-ended end (-9), unknown durations (-9)', () => {
    const l = load(
      [A(9002, { stday: '-9', stmon: '-9' }), A(9003, { endday: '-9', endmon: '-9', endyear: '-9', maxdur: '-9', mindur: '-9' })],
      [...pair(9002), ...pair(9003)],
    );
    expect(l.skipped).toEqual([]);
    const c2 = l.cases.find((c) => c.features.dispnum === 9002)!;
    expect(c2.features.startDate).toBe(19130101);
    const c3 = l.cases.find((c) => c.features.dispnum === 9003)!;
    expect(c3.observed.durationDays).toBeNull();
    expect(c3.features.sideA.map((s) => s.abb)).toEqual(['AUH']);
  });

  it('duplicate participants: an exact repeat is dropped with a warning, a second spell of the same state is merged', () => {
    const l = load([A(9004), A(9009)], [...pair(9004), B(9004, 'AUH'), ...pair(9009), B(9009, 'AUH', { orig: '0', stday: '20', hostlev: '4' })]);
    expect(l.nums).toContain(9004);
    expect(l.nums).toContain(9009);
    expect(l.skipped).toEqual([expect.objectContaining({ code: 'duplicate' })]);
    expect(l.skipped[0]!.message).toMatch(/participant AUH of dispute 9004 repeats an earlier row exactly; record skipped \(the dispute is kept\)/);
    const c9 = l.cases.find((c) => c.features.dispnum === 9009)!;
    expect(c9.features.sideA).toHaveLength(1); // one actor, not two
    expect(c9.observed.hostlev).toBe(4); // its highest level over both spells
  });
});

describe('reference files: the same reader, the same issues', () => {
  const skippedOf = (r: { ok: boolean; skipped?: DataIssue[] }) => (r.ok ? r.skipped! : []);

  it('NMC: a missing CINC is a documented gap (searched in nearby years), not a skip; a -9 country code is skipped', () => {
    const text = ['ccode,year,cinc', '2,1900,0.1', '2,1901,', '-9,1901,0.2'].join('\n');
    const r = loadNmc(text, 'nmc.csv', states);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.cinc(2, 1900)).toBe(0.1);
    expect(r.value.cinc(2, 1901)).toBeUndefined();
    expect(r.skipped).toEqual([{ code: 'missing-value', file: 'nmc.csv', line: 4, column: 'ccode', message: 'missing value (-9) where a number is required; record skipped' }]);
  });

  it('ATOP: an uncoded obligation (-9) and a code outside the state list are skipped; the rest is indexed', () => {
    const text = ['ccode1,ccode2,year,atop_defense', '2,20,1950,1', '2,200,1950,-9', '2,1234,1950,1'].join('\n');
    const r = loadAtop(text, 'atop.csv', states);
    expect(r.ok).toBe(true);
    expect(skippedOf(r).map((i) => [i.line, i.code, i.column])).toEqual([
      [3, 'missing-value', 'atop_defense'],
      [4, 'unknown-ccode', 'ccode2'],
    ]);
    if (r.ok) expect(r.value.defendersOf(20, 1950)).toEqual([2]);
  });

  it('contiguity: a spell with an unreadable date is skipped', () => {
    const text = ['ccode1,ccode2,conttype,stdate,enddate', '2,20,1,1920-01-01,2016-12-01', '2,70,1,1920-13-01,2016-12-01'].join('\n');
    const r = loadContiguity(text, 'cont.csv', states);
    expect(skippedOf(r)).toEqual([{ code: 'bad-date', file: 'cont.csv', line: 3, column: 'stdate', message: '"1920-13-01" is not a date YYYY-MM-DD; record skipped' }]);
  });

  it('a file none of whose records is usable is refused as a whole, as is a missing column', () => {
    const none = readTypedCsv('x\n-9\nNA\n', [int('x')], 'f.csv', null);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.issues[0]!.message).toMatch(/none of its 2 records is usable \(first: line 2, missing value \(-9\)/);
    const col = readTypedCsv('y\n1\n', [int('x')], 'f.csv', null);
    expect(col.ok).toBe(false);
    if (!col.ok) expect(col.issues[0]).toMatchObject({ code: 'missing-column', line: 1, column: 'x' });
  });

  it('a CSV with quoted fields, CRLF ends and a byte-order mark reads as the plain one', () => {
    const plain = readTypedCsv('a,b\n1,x\n', [int('a')], 'f.csv', null);
    const odd = readTypedCsv('\ufeff"a","b"\r\n"1","x"\r\n', [int('a')], 'f.csv', null);
    expect(odd).toEqual(plain);
  });
});
