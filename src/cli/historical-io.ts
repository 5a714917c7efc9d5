/**
 * What `brink calibrate` and `brink backtest` share: the dataset flags (defaults in the shared
 * data directory), reading every file before anything is simulated, and reporting dataset
 * problems as `file, line N, column "c": message` with exit code 1.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createSimulator } from '../engine/index.js';
import type { EngineApi } from '../montecarlo/index.js';
import { compileScenario } from '../scenario/compile.js';
import { readTextFile } from '../scenario/node.js';
import type { HistoricalModel } from '../calibration/build-scenario.js';
import { formatDataIssue, MAX_ISSUES_PER_FILE, type DataIssue } from '../calibration/data.js';
import type { DisputeCase, Reference } from '../calibration/dispute.js';
import { DEFAULT_DATA_DIR, DEFAULT_FILES, readCases, readIcbCases, readReference, shippedModelPath } from '../calibration/files.js';
import type { IcbCase } from '../calibration/icb.js';
import { readHistoricalModel } from '../calibration/params-file.js';
import { EXIT_INVALID, reportIssues, type CliContext } from './context.js';

export const engineApi: EngineApi = { compileScenario, createSimulator };

export interface DataFlags {
  atop?: string;
  nmc?: string;
  majors?: string;
  contiguity?: string;
  states?: string;
  strict?: boolean;
}

export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--atop <file>', `ATOP 5.1 dyad-year obligations CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.atop)})`)
    .option('--nmc <file>', `COW NMC CSV with CINC (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.nmc)})`)
    .option('--majors <file>', `COW major powers CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.majors)})`)
    .option('--contiguity <file>', `COW direct contiguity CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.contiguity)})`)
    .option('--states <file>', 'COW state list CSV, to check country codes (default: cow_states_2016.csv next to the NMC file, else in ../shared/data)')
    .option('--strict', 'refuse (exit 1) records the model cannot use, instead of skipping them with a warning');
}

/** The largest share of disputes `calibrate --holdout` may hold back: 0.99 left nothing to fit. */
export const MAX_HOLDOUT_SHARE = 0.9;

export function shareArg(value: string): number {
  const x = Number(value);
  if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(value) || !Number.isFinite(x) || x < 0 || x > MAX_HOLDOUT_SHARE)
    throw new InvalidArgumentError(`must be a decimal number in [0, ${MAX_HOLDOUT_SHARE}] (the rest of the disputes is what is fitted).`);
  return x;
}

function dataIssues(ctx: CliContext, issues: readonly DataIssue[]): void {
  for (const i of issues) ctx.err(`brink: ${formatDataIssue(i)}`);
  ctx.fail(EXIT_INVALID);
}

/**
 * Records the model cannot use, collected while loading (D49): printed as warnings, counted, put in
 * the JSON output; with `--strict` they are the exit-1 error instead.
 */
export class SkipLog {
  readonly groups: { label: string; issues: DataIssue[] }[] = [];
  add(label: string, issues: readonly DataIssue[]): void {
    this.groups.push({ label, issues: [...issues] });
  }
  get all(): DataIssue[] {
    return this.groups.flatMap((g) => g.issues);
  }
  count(label: string): number {
    return this.groups.filter((g) => g.label === label).reduce((s, g) => s + g.issues.length, 0);
  }
  /** The JSON summary: totals by input (reference, --mid, --train...), file and code, and every record. */
  json(): { total: number; byInput: Record<string, number>; byFile: Record<string, number>; byCode: Record<string, number>; records: DataIssue[] } {
    const all = this.all;
    const tally = (key: (i: DataIssue) => string, list: DataIssue[]) => {
      const o: Record<string, number> = {};
      for (const i of list) o[key(i)] = (o[key(i)] ?? 0) + 1;
      return o;
    };
    const byInput: Record<string, number> = {};
    for (const g of this.groups) byInput[g.label] = (byInput[g.label] ?? 0) + g.issues.length;
    return { total: all.length, byInput, byFile: tally((i) => i.file, all), byCode: tally((i) => i.code, all), records: all };
  }
}

/** Lines for at most `perFile` issues of each file, then "… and N more in FILE". */
function capped(list: readonly DataIssue[], perFile: number): string[] {
  const out: string[] = [];
  const shown = new Map<string, number>();
  const total = new Map<string, number>();
  for (const i of list) total.set(i.file, (total.get(i.file) ?? 0) + 1);
  for (const i of list) {
    const n = shown.get(i.file) ?? 0;
    if (n < perFile) out.push(formatDataIssue(i));
    shown.set(i.file, n + 1);
  }
  for (const [f, n] of total) if (n > perFile) out.push(`… and ${n - perFile} more in ${f}`);
  return out;
}

/** Warnings shown per file before "… and N more" (the JSON output has every record). */
export const SKIP_WARNINGS_PER_FILE = 10;

/**
 * Reports the skipped records: warnings on stderr and a count, or, with `strict`, the exit-1 error.
 * Returns false when the command must stop.
 */
export function reportSkips(ctx: CliContext, log: SkipLog, strict: boolean): boolean {
  const all = log.all;
  if (all.length === 0) return true;
  if (strict) {
    for (const l of capped(all, MAX_ISSUES_PER_FILE)) ctx.err(`brink: ${l}`);
    ctx.err(`brink: --strict: ${all.length} record${all.length === 1 ? '' : 's'} the model cannot use (above); without --strict they are skipped with a warning`);
    ctx.fail(EXIT_INVALID);
    return false;
  }
  for (const l of capped(all, SKIP_WARNINGS_PER_FILE)) ctx.err(`brink: warning: ${l}`);
  const byInput = Object.entries(log.json().byInput).filter(([, n]) => n > 0).map(([k, n]) => `${n} in ${k}`).join(', ');
  ctx.err(`brink: ${all.length} record${all.length === 1 ? '' : 's'} skipped (${byInput}); --strict refuses them instead`);
  return true;
}

export function loadReference(ctx: CliContext, f: DataFlags, skips?: SkipLog): Reference | null {
  const r = readReference({
    atop: f.atop ?? join(DEFAULT_DATA_DIR, DEFAULT_FILES.atop),
    nmc: f.nmc ?? join(DEFAULT_DATA_DIR, DEFAULT_FILES.nmc),
    majors: f.majors ?? join(DEFAULT_DATA_DIR, DEFAULT_FILES.majors),
    contiguity: f.contiguity ?? join(DEFAULT_DATA_DIR, DEFAULT_FILES.contiguity),
    ...(f.states !== undefined ? { states: f.states } : {}),
  });
  if (!r.ok) {
    dataIssues(ctx, r.issues);
    return null;
  }
  skips?.add('reference files', r.skipped);
  return r.value;
}

export function loadCases(ctx: CliContext, dir: string, ref: Reference, skips?: SkipLog, label = dir): DisputeCase[] | null {
  const r = readCases(dir, ref);
  if (!r.ok) {
    dataIssues(ctx, r.issues);
    return null;
  }
  skips?.add(label, r.skipped);
  if (r.value.length === 0) {
    for (const l of capped(r.skipped, SKIP_WARNINGS_PER_FILE)) ctx.err(`brink: ${l}`);
    ctx.err(`brink: ${dir}: the MID files hold no dispute the model can use${r.skipped.length > 0 ? ` (${r.skipped.length} records skipped, above)` : ''}`);
    ctx.fail(EXIT_INVALID);
    return null;
  }
  return r.value;
}

export function loadIcb(ctx: CliContext, dir: string, ref: Reference, skips: SkipLog, label: string): IcbCase[] | null {
  const r = readIcbCases(dir, ref);
  if (!r.ok) {
    dataIssues(ctx, r.issues);
    return null;
  }
  skips.add(label, r.skipped);
  if (r.value.length === 0) {
    for (const l of capped(r.skipped, SKIP_WARNINGS_PER_FILE)) ctx.err(`brink: ${l}`);
    ctx.err(`brink: ${dir}: the ICB file holds no crisis the model can use${r.skipped.length > 0 ? ` (${r.skipped.length} records skipped, above)` : ''}`);
    ctx.fail(EXIT_INVALID);
    return null;
  }
  return r.value;
}

/** Help text of `--params` for backtest and calibrate. */
export const PARAMS_HELP = 'parameter file (e.g. written by brink calibrate); default: the model as shipped, calibration/shipped-model.yaml (the weights the built-in scenarios include, with their calibration\'s builder settings)';

/**
 * The model of `--params FILE` (a calibrated or any parameter file), or, without one, the model as
 * shipped (calibration/shipped-model.yaml; D48). `source` says which, for the report.
 */
export function loadModel(ctx: CliContext, given: string | undefined): { model: HistoricalModel; source: string } | null {
  const shipped = given === undefined;
  const file = given ?? shippedModelPath();
  // Read under the scenario layer's file policy (a regular text file, size-limited; D30).
  const read = readTextFile(file);
  if (read.text === null) {
    reportIssues(ctx, read.issues);
    return null;
  }
  const r = readHistoricalModel(read.text, file);
  if (!r.model) {
    reportIssues(ctx, r.issues);
    return null;
  }
  return { model: r.model, source: shipped ? 'shipped (calibration/shipped-model.yaml)' : file };
}

export const fmtNum = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'NA');
