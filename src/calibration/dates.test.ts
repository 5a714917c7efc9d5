/**
 * D30: a backtest or calibration dispute must lie within the reference data's years; one dated
 * 2030 against NMC data that end earlier was accepted and built from nothing. Since D49 it is
 * skipped with a warning naming it (refused under --strict), not a fatal error for the whole set.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCases, readReference, referencePathsIn } from './files.js';

const fx = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'brink-dates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dispute dates against the reference data', () => {
  it('a dispute starting after the last NMC year + 1 is skipped, naming it, its line and the years', () => {
    const ref = readReference(referencePathsIn(fx('ref-tiny')));
    if (!ref.ok) throw new Error('fixture reference data did not load');
    expect(ref.value.nmc.years).toBeDefined();
    const last = ref.value.nmc.years!.last;
    const dir = join(tmp, 'mid');
    cpSync(fx('mid-tiny'), dir, { recursive: true });
    const mida = join(dir, 'cow_mid5_MIDA_5.0.csv');
    const lines = readFileSync(mida, 'utf8').split('\n');
    const cols = lines[1]!.split(',');
    const dispnum = cols[0];
    cols[3] = String(last + 2); // styear
    cols[6] = String(last + 3); // endyear
    lines[1] = cols.join(',');
    writeFileSync(mida, lines.join('\n'));
    const r = readCases(dir, ref.value);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((c) => String(c.features.dispnum))).not.toContain(dispnum);
    const i = r.skipped.find((x) => x.code === 'out-of-range')!;
    expect(i).toMatchObject({ file: mida, line: 2, column: 'styear' });
    expect(i.message).toContain(`dispute ${dispnum} starts in ${last + 2}, outside the reference data's years`);
    // The unmodified fixture is within them.
    const ok = readCases(fx('mid-tiny'), ref.value);
    expect(ok.ok && ok.skipped).toEqual([]);
  });
});
