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
import { formatDataIssue, type DataIssue } from '../calibration/data.js';
import type { DisputeCase, Reference } from '../calibration/dispute.js';
import { DEFAULT_DATA_DIR, DEFAULT_FILES, readCases, readReference, shippedModelPath } from '../calibration/files.js';
import { readHistoricalModel } from '../calibration/params-file.js';
import { EXIT_INVALID, reportIssues, type CliContext } from './context.js';

export const engineApi: EngineApi = { compileScenario, createSimulator };

export interface DataFlags {
  atop?: string;
  nmc?: string;
  majors?: string;
  contiguity?: string;
  states?: string;
}

export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--atop <file>', `ATOP 5.1 dyad-year obligations CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.atop)})`)
    .option('--nmc <file>', `COW NMC CSV with CINC (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.nmc)})`)
    .option('--majors <file>', `COW major powers CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.majors)})`)
    .option('--contiguity <file>', `COW direct contiguity CSV (default ${join(DEFAULT_DATA_DIR, DEFAULT_FILES.contiguity)})`)
    .option('--states <file>', 'COW state list CSV, to check country codes (default: cow_states_2016.csv next to the NMC file, else in ../shared/data)');
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

export function loadReference(ctx: CliContext, f: DataFlags): Reference | null {
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
  return r.value;
}

export function loadCases(ctx: CliContext, dir: string, ref: Reference): DisputeCase[] | null {
  const r = readCases(dir, ref);
  if (!r.ok) {
    dataIssues(ctx, r.issues);
    return null;
  }
  if (r.value.length === 0) {
    ctx.err(`brink: ${dir}: the MID files hold no dispute`);
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
