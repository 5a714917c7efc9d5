/**
 * The military power index (MODEL.md §8) and the built-in scenarios' `power` fields. The tests on
 * the real NMC file read the shared data (../shared/data from the checkout, or $BRINK_DATA): with
 * CI set a missing file fails them, naming the path; locally they are skipped with the reason
 * (test-helpers.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTOR_CCODES, POWER_WEIGHTS, derivePower, parseStateAbbreviations, roundPower } from './nmc-power.js';
import { describeWithSharedData } from './test-helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

const TINY = [
  '"ccode","year","milex","milper","irst","pec","tpop","upop","cinc"',
  '2,2021,800,1400,1,1,1,1,0.12',
  '2,2022,900,1300,1,1,1,1,0.12',
  '710,2022,300,2000,1,1,1,1,0.23',
  '731,2001,50,1000,1,1,1,1,0.01',
  '731,2022,,1200,1,1,1,1,0.014',
  '999,2022,-9,500,1,1,1,1,',
].join('\n');

describe('derivePower on a tiny table', () => {
  it('takes the latest year, carries missing values forward and sums shares to 1', () => {
    const d = derivePower(TINY);
    expect(d.year).toBe(2022);
    const prk = d.byCcode.get(731)!;
    expect(prk.milex).toBe(50);
    expect(prk.milexFrom).toBe(2001);
    // 999 has no earlier milex: counts as 0, not imputed.
    expect(d.byCcode.get(999)!.milex).toBe(0);
    expect(d.totalMilex).toBe(900 + 300 + 50);
    expect(d.totalMilper).toBe(1300 + 2000 + 1200 + 500);
    const usa = d.byCcode.get(2)!;
    expect(usa.power).toBeCloseTo(POWER_WEIGHTS.milex * (900 / 1250) + POWER_WEIGHTS.milper * (1300 / 5000), 12);
    const sum = [...d.byCcode.values()].reduce((s, r) => s + r.power, 0);
    expect(sum).toBeCloseTo(1, 12);
    expect(d.imputed.map((r) => r.ccode)).toEqual([731]);
  });

  it('drops missing values with impute: zero, and honours an explicit year and weights', () => {
    const d = derivePower(TINY, 2022, { impute: 'zero', weights: { milex: 1, milper: 0 } });
    expect(d.byCcode.get(731)!.milex).toBe(0);
    expect(d.byCcode.get(2)!.power).toBeCloseTo(900 / 1200, 12);
    expect(derivePower(TINY, 2021).byCcode.size).toBe(1);
  });

  it('rejects weights that do not sum to 1 and years without data', () => {
    expect(() => derivePower(TINY, 2022, { weights: { milex: 0.5, milper: 0.4 } })).toThrow(/sum to 1/);
    expect(() => derivePower(TINY, 1900)).toThrow(/no states/);
  });

  it('rounds to 3 significant digits, keeping small states above 0', () => {
    expect(roundPower(0.325347)).toBe(0.325);
    expect(roundPower(0.0000151234)).toBe(0.0000151);
  });
});

describeWithSharedData('derivePower on COW NMC v7.0', ['cow_nmc_cinc.csv', 'cow_states_2016.csv'], (dataDir) => {
  const d = derivePower(readFileSync(join(dataDir, 'cow_nmc_cinc.csv'), 'utf8'));

  it('uses 2022, the latest year, and its shares sum to 1 over all states', () => {
    expect(d.year).toBe(2022);
    const rows = [...d.byCcode.values()];
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    expect(sum((r) => r.milexShare)).toBeCloseTo(1, 10);
    expect(sum((r) => r.milperShare)).toBeCloseTo(1, 10);
    expect(sum((r) => r.power)).toBeCloseTo(1, 10);
  });

  it('rates the United States above China in military power, unlike CINC', () => {
    const usa = d.byCcode.get(2)!;
    const chn = d.byCcode.get(710)!;
    expect(chn.cinc!).toBeGreaterThan(usa.cinc!); // CINC: 0.234 vs 0.124 (MODEL.md §8)
    expect(usa.power).toBeGreaterThan(chn.power);
    expect(usa.power).toBeGreaterThan(2 * chn.power);
  });

  it('has a row for every actor of the built-in scenarios (Taiwan 713 included)', () => {
    for (const [id, ccode] of Object.entries(ACTOR_CCODES)) expect(d.byCcode.has(ccode), id).toBe(true);
    const abb = parseStateAbbreviations(readFileSync(join(dataDir, 'cow_states_2016.csv'), 'utf8'));
    expect(abb.get(713)).toBe('TAW');
    expect(abb.get(255)).toBe('GMY');
  });

  it('imputes North Korea\'s missing spending from its last report (2001)', () => {
    expect(d.byCcode.get(731)!.milexFrom).toBe(2001);
  });

  it('matches every built-in scenario\'s power fields to the rounding used', () => {
    const dir = join(repo, 'scenarios');
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain('baseline-2025.yaml');
    const mismatches: string[] = [];
    for (const f of files) {
      const doc = parse(readFileSync(join(dir, f), 'utf8')) as { actors?: { id: string; power: number }[] };
      for (const a of doc.actors ?? []) {
        const ccode = ACTOR_CCODES[a.id];
        if (ccode === undefined) {
          mismatches.push(`${f}: ${a.id} has no COW code in ACTOR_CCODES`);
          continue;
        }
        const expected = roundPower(d.byCcode.get(ccode)!.power);
        if (a.power !== expected) mismatches.push(`${f}: ${a.id} power ${a.power}, derived ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the baseline holds all 32 NATO members and the named adversaries and partners', () => {
    const doc = parse(readFileSync(join(repo, 'scenarios/baseline-2025.yaml'), 'utf8')) as {
      actors: { id: string }[];
      alliances: { id: string; members: string[] }[];
    };
    const nato = doc.alliances.find((a) => a.id === 'NATO')!;
    expect(nato.members).toHaveLength(32);
    expect(new Set(doc.actors.map((a) => a.id))).toEqual(new Set(Object.keys(ACTOR_CCODES)));
  });
});
