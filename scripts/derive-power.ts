/**
 * Prints the military power index (MODEL.md §8) of the built-in scenarios' actors, derived from
 * COW NMC v7.0 by src/calibration/nmc-power.ts (weights and reasons there and in docs/scenarios.md).
 *
 *   npx tsx scripts/derive-power.ts [--year 2022] [--data DIR] [--yaml]
 *
 * DIR defaults to $BRINK_DATA, else ../shared/data next to the checkout (the data share's place).
 * `--yaml` prints `ID: power` lines (rounded as scenario files hold them) instead of the table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTOR_CCODES, derivePower, parseStateAbbreviations, roundPower } from '../src/calibration/nmc-power.js';
import { optArg } from './args.js';

const repo = fileURLToPath(new URL('../', import.meta.url));
const dataDir = optArg('data') ?? process.env.BRINK_DATA ?? join(repo, '../shared/data');
const yearArg = optArg('year');
const nmc = readFileSync(join(dataDir, 'cow_nmc_cinc.csv'), 'utf8');
const abb = parseStateAbbreviations(readFileSync(join(dataDir, 'cow_states_2016.csv'), 'utf8'));
const d = derivePower(nmc, yearArg ? Number(yearArg) : undefined);

const rows = Object.entries(ACTOR_CCODES).map(([id, ccode]) => {
  const r = d.byCcode.get(ccode);
  if (!r) throw new Error(`no NMC row for ${id} (ccode ${ccode}) in ${d.year}`);
  return { id, r };
});
rows.sort((a, b) => b.r.power - a.r.power);

if (process.argv.includes('--yaml')) {
  for (const { id, r } of rows) console.log(`${id}: ${roundPower(r.power)}`);
} else {
  const pct = (x: number) => (100 * x).toFixed(3).padStart(7);
  console.log(`COW NMC v7.0, year ${d.year}; power = ${d.weights.milex}·milex share + ${d.weights.milper}·milper share over all ${d.byCcode.size} states`);
  console.log(`world milex ${(d.totalMilex / 1e6).toFixed(1)} B$ (current), world milper ${(d.totalMilper / 1e3).toFixed(2)} M personnel; missing values: ${d.impute}`);
  console.log('');
  console.log('id   ccode COW  milex%  milper%   power%  power(yaml)   cinc      note');
  for (const { id, r } of rows) {
    const notes: string[] = [];
    if (r.milexFrom !== undefined) notes.push(`milex carried from ${r.milexFrom}`);
    if (r.milperFrom !== undefined) notes.push(`milper carried from ${r.milperFrom}`);
    console.log(
      `${id.padEnd(4)} ${String(r.ccode).padStart(5)} ${(abb.get(r.ccode) ?? '?').padEnd(4)}` +
        `${pct(r.milexShare)} ${pct(r.milperShare)} ${pct(r.power)}  ${String(roundPower(r.power)).padEnd(11)}` +
        `${r.cinc === null ? '      -' : r.cinc.toFixed(5).padStart(8)}  ${notes.join('; ')}`,
    );
  }
  const sum = rows.reduce((s, { r }) => s + r.power, 0);
  console.log('');
  console.log(`these ${rows.length} actors hold ${(100 * sum).toFixed(1)}% of world military power`);
  console.log(`imputed states of ${d.year} (all states): ${d.imputed.map((r) => `${abb.get(r.ccode) ?? r.ccode}${r.milexFrom ? ` milex←${r.milexFrom}` : ''}${r.milperFrom ? ` milper←${r.milperFrom}` : ''}`).join(', ')}`);
}
