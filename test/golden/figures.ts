/**
 * The golden figures of a built-in scenario, computed exactly as a user gets them: `brink run FILE
 * --runs RUNS --seed SEED --workers 1 --json` and `brink trace FILE --seed S --json`, in process
 * through the CLI's `main`. Shared by test/golden/golden.test.ts (which compares them with the
 * checked-in snapshot) and scripts/golden-update.mjs (the one way the snapshot changes).
 *
 * Rounding: probabilities and shares to 4 decimals, means to 4 significant digits, so that the
 * snapshot reads as a table a reviewer can judge; the trace of each seed as the sha-256 of the
 * command's stdout (with its event count beside it, to show how a trace moved).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { RunSummary } from '../../src/analysis/summary.js';
import { loadAnyFile } from '../../src/scenario/load.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCENARIOS_DIR = join(REPO, 'scenarios');
export const SNAPSHOT_DIR = join(REPO, 'test', 'golden');

/** Trajectories per scenario: about 1.5 s each on one core of the 2026 host (300/s), 4 scenarios. */
export const RUNS = 500;
export const SEED = 1;
export const TRACE_SEEDS = [1, 2] as const;

export type Figures = Record<string, number | string | null>;

export interface Snapshot {
  scenario: string;
  command: string;
  figures: Figures;
}

/** Every file scenarios/*.yaml that is a scenario (not a parameter or policy file such as calibrated-mid.yaml). */
export function builtinScenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .filter((f) => loadAnyFile(join(SCENARIOS_DIR, f)).kind === 'scenario')
    .map((f) => f.replace(/\.ya?ml$/, ''));
}

export const snapshotPath = (name: string): string => join(SNAPSHOT_DIR, `${name}.json`);

export function snapshotNames(): string[] {
  return readdirSync(SNAPSHOT_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

export function readSnapshot(name: string): Snapshot | null {
  const p = snapshotPath(name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Snapshot) : null;
}

export function writeSnapshot(s: Snapshot): void {
  writeFileSync(snapshotPath(s.scenario), `${JSON.stringify(s, null, 1)}\n`);
}

// A summary figure is null where it is undefined (no run to average, no ended episode).
const p4 = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(4)));
const sig4 = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(4)));

async function brink(argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  if (code !== 0) throw new Error(`brink ${argv.join(' ')} exited ${code}: ${err.trim()}`);
  return out;
}

export function runCommand(name: string): string {
  return `brink run scenarios/${name}.yaml --runs ${RUNS} --seed ${SEED} --workers 1 --json; brink trace scenarios/${name}.yaml --seed S --json for S in ${TRACE_SEEDS.join(', ')}`;
}

/** The figures of scenarios/<name>.yaml (deterministic: the same on any machine). */
export async function computeSnapshot(name: string): Promise<Snapshot> {
  const file = join(SCENARIOS_DIR, `${name}.yaml`);
  const s = JSON.parse(await brink(['run', file, '--runs', String(RUNS), '--seed', String(SEED), '--workers', '1', '--json', '--no-progress'])) as RunSummary;
  const f: Figures = {};
  const { rung4ByTheatre, ...events } = s.probabilities;
  for (const [k, p] of Object.entries(events)) f[`P(${k})`] = p4(p.estimate);
  for (const [t, p] of Object.entries(rung4ByTheatre)) f[`P(rung>=4 in ${t})`] = p4(p.estimate);
  for (const [t, r] of Object.entries(s.highestRung)) r.shares.forEach((x, k) => (f[`share highest rung ${k} in ${t}`] = p4(x)));
  for (const [k, c] of Object.entries(s.costs)) f[`mean ${k} (B$)`] = sig4(c.mean);
  f['mean Article 4 consultations'] = sig4(s.article4Consultations.mean);
  f['mean escalation score'] = sig4(s.escalationScore.mean);
  for (const [k, m] of Object.entries(s.means)) f[`mean ${k}`] = sig4(m.mean);
  f['median episode days'] = s.episodes.medianDays;
  for (const seed of TRACE_SEEDS) {
    const out = await brink(['trace', file, '--seed', String(seed), '--json']);
    f[`trace seed ${seed} events`] = (JSON.parse(out) as { events: unknown[] }).events.length;
    f[`trace seed ${seed} sha256`] = createHash('sha256').update(out).digest('hex');
  }
  return { scenario: name, command: runCommand(name), figures: f };
}

/** One line per figure that differs, `name: old → new` (absent on one side shows as "—"). */
export function diffFigures(old: Figures | null, now: Figures): string[] {
  const keys = [...new Set([...Object.keys(old ?? {}), ...Object.keys(now)])];
  const show = (v: unknown): string => (v === undefined ? '—' : String(v));
  return keys.filter((k) => old?.[k] !== now[k]).map((k) => `${k}: ${show(old?.[k])} → ${show(now[k])}`);
}
