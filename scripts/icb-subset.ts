/**
 * Writes the crises of an ICB directory whose crisis number follows a rule, for the odd/even
 * protocol of docs/validation.md (odd crisis numbers train the baselines, even ones are scored):
 *
 *   npx tsx scripts/icb-subset.ts --from ../shared/data --to /tmp/icb-even --rule even
 *
 * Copies every CSV of --from whose header has a `crisno` column (the actor and crisis-dyad files),
 * keeping the header and the rows of the chosen crises, byte for byte.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../src/calibration/csv.js';
import { arg } from './args.js';

const from = arg('from');
const to = arg('to');
const rule = arg('rule');
if (rule !== 'odd' && rule !== 'even') throw new Error('--rule must be odd or even');
mkdirSync(to, { recursive: true });
let files = 0;
for (const name of readdirSync(from).sort()) {
  if (!/\.csv$/i.test(name)) continue;
  const text = readFileSync(join(from, name), 'utf8');
  const lines = text.split(/\r?\n/);
  const header = parseCsvRecords(lines[0] ?? '')[0] ?? [];
  const k = header.indexOf('crisno');
  if (k < 0) continue;
  const kept = [lines[0]!];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const n = Number(parseCsvRecords(line)[0]?.[k]);
    if (Number.isInteger(n) && (n % 2 === 1) === (rule === 'odd')) kept.push(line);
  }
  writeFileSync(join(to, name), `${kept.join('\n')}\n`);
  files++;
}
process.stdout.write(`wrote ${files} files to ${to}\n`);
