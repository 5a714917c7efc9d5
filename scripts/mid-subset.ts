/**
 * Writes a subset of a directory of MID 5.0-format files (all four files: MIDA, MIDB, MIDI,
 * MIDIP, whichever exist), selected by a rule on the dispute number, and optionally the subset of
 * the reference files (COW states, majors, contiguity in full; NMC and ATOP rows of the states
 * and years involved) that those disputes need. Used to make the held-out split of
 * docs/validation.md and the test fixtures of test/fixtures/.
 *
 *   npx tsx scripts/mid-subset.ts --from ../shared/data --to /tmp/mid-odd --rule odd
 *   npx tsx scripts/mid-subset.ts --from ../shared/data --to test/fixtures/mid-tiny --dispnums 2,3,50
 *   npx tsx scripts/mid-subset.ts --ref-from ../shared/data --ref-to test/fixtures/ref-tiny \
 *       --cover test/fixtures/mid-tiny,test/fixtures/mid-train-tiny
 *
 * Rules: odd | even (dispute number parity), mod:M:R (dispnum % M == R), or --dispnums a,b,c.
 * Lines are copied verbatim (the files' own quoting and layout are kept).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../src/calibration/csv.js';
import { DEFAULT_FILES } from '../src/calibration/files.js';
import { optArg } from './args.js';

function keepBy(rule: string | undefined, list: string | undefined): (d: number) => boolean {
  if (list) {
    const s = new Set(list.split(',').map(Number));
    return (d) => s.has(d);
  }
  if (rule === 'odd') return (d) => d % 2 === 1;
  if (rule === 'even') return (d) => d % 2 === 0;
  const m = /^mod:(\d+):(\d+)$/.exec(rule ?? '');
  if (m) return (d) => d % Number(m[1]) === Number(m[2]);
  throw new Error('give --rule odd|even|mod:M:R or --dispnums a,b,c');
}

/** Header line + the lines whose column `col` passes `keep`. */
function filterLines(text: string, keep: (row: Record<string, string>) => boolean): string {
  const lines = text.split(/\r?\n/);
  const header = parseCsvRecords(lines[0]!)[0]!.map((h) => h.trim());
  const out = [lines[0]!];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const rec = parseCsvRecords(line)[0]!;
    const row = Object.fromEntries(header.map((h, j) => [h, rec[j] ?? '']));
    if (keep(row)) out.push(line);
  }
  return out.join('\n') + '\n';
}

function midFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.csv$/i.test(n) && /MID(A|B|I|IP)[^A-Za-z]/i.test(n));
}

const from = optArg('from');
const to = optArg('to');
if (from && to) {
  const keep = keepBy(optArg('rule'), optArg('dispnums'));
  mkdirSync(to, { recursive: true });
  for (const f of midFiles(from)) {
    const text = readFileSync(join(from, f), 'utf8');
    writeFileSync(join(to, f), filterLines(text, (r) => keep(Number(r.dispnum))));
  }
  console.log(`wrote ${midFiles(to).length} files to ${to}`);
}

const refFrom = optArg('ref-from');
const refTo = optArg('ref-to');
const cover = optArg('cover');
if (refFrom && refTo && cover) {
  // states and years the covered disputes touch
  const partsYears: [number, number][] = [];
  for (const dir of cover.split(',')) {
    const b = midFiles(dir).find((n) => /MIDB/i.test(n))!;
    const rows = parseCsvRecords(readFileSync(join(dir, b), 'utf8'));
    const h = rows[0]!;
    const ci = h.indexOf('ccode');
    const yi = h.indexOf('styear');
    const di = h.indexOf('dispnum');
    const a = midFiles(dir).find((n) => /MIDA/i.test(n))!;
    const arows = parseCsvRecords(readFileSync(join(dir, a), 'utf8'));
    const ah = arows[0]!;
    const dispYear = new Map(arows.slice(1).map((r) => [Number(r[ah.indexOf('dispnum')]), Number(r[ah.indexOf('styear')])]));
    for (const r of rows.slice(1)) {
      const y = dispYear.get(Number(r[di])) ?? Number(r[yi]);
      partsYears.push([Number(r[ci]), y]);
    }
  }
  mkdirSync(refTo, { recursive: true });
  for (const f of [DEFAULT_FILES.states, DEFAULT_FILES.majors, DEFAULT_FILES.contiguity]) writeFileSync(join(refTo, f), readFileSync(join(refFrom, f), 'utf8'));
  // ATOP: obligations toward a participant in the year before its dispute's start year
  const atopKeys = new Set(partsYears.map(([c, y]) => c * 10000 + (y - 1)));
  const atop = filterLines(readFileSync(join(refFrom, DEFAULT_FILES.atop), 'utf8'), (r) => atopKeys.has(Number(r.ccode2) * 10000 + Number(r.year)));
  writeFileSync(join(refTo, DEFAULT_FILES.atop), atop);
  // CINC of every participant and outside defender, from 2 years before to 1 after its dispute's start
  const stateYears = new Map<number, number[]>();
  const addSY = (c: number, y: number) => (stateYears.get(c) ?? stateYears.set(c, []).get(c)!).push(y);
  for (const [c, y] of partsYears) addSY(c, y);
  for (const line of atop.split('\n').slice(1)) {
    const rec = line.split(',');
    if (rec.length > 2) addSY(Number(rec[0]), Number(rec[2]) + 1);
  }
  const nmc = filterLines(readFileSync(join(refFrom, DEFAULT_FILES.nmc), 'utf8'), (r) => {
    const y = Number(r.year);
    return (stateYears.get(Number(r.ccode)) ?? []).some((s) => y >= s - 2 && y <= s + 1);
  });
  writeFileSync(join(refTo, DEFAULT_FILES.nmc), nmc);
  console.log(`wrote reference subset to ${refTo}`);
}
