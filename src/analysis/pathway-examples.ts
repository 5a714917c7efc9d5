/**
 * From a pathway to the runs that took it (D54): each pathway of a run summary carries its
 * smallest trajectory indices with the day it reached rung 4, and `brink trace` opens any of them,
 * because trajectory k of seed S is the same run on any machine (MODEL.md §6). These helpers write
 * the examples and the command the same way in the terminal, report.html and the tests.
 */
import type { PathwayShare, Provenance } from './summary.js';

/** Written where the scenario file is not known (a report rendered from summary.json alone). */
export const FILE_PLACEHOLDER = 'FILE';

/** A word safe to paste into a POSIX shell: as is when plain, else single-quoted. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:=,@+%-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `brink trace FILE --seed S --trajectory K [--set P=V …]`: the command that opens trajectory K of
 * the run (with the run's --set assignments, so it is the same scenario). `file` is written as is
 * when it is the placeholder, shell-quoted otherwise.
 */
export function traceCommand(file: string, pv: Pick<Provenance, 'seed' | 'sets'>, trajectory: number): string {
  const f = file === FILE_PLACEHOLDER ? file : shellWord(file);
  const sets = (pv.sets ?? []).map((s) => ` --set ${shellWord(s)}`).join('');
  return `brink trace ${f} --seed ${pv.seed} --trajectory ${trajectory}${sets}`;
}

/** `17 (day 203), 45 (day 88)`: the pathway's example runs, smallest index first. */
export function examplesText(p: Pick<PathwayShare, 'examples'>): string {
  return p.examples.map((e) => `${e.trajectory} (day ${e.day})`).join(', ');
}
