/**
 * The only part of the calibration pipeline that touches the file system: reads the dataset
 * files named on the command line and hands their text to the pure loaders of data.ts. Every
 * file is read and checked before anything is simulated; problems come back as data.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  joinMid,
  loadAtop,
  loadContiguity,
  loadMajors,
  loadMidA,
  loadMidB,
  loadNmc,
  loadStates,
  pickMidFiles,
  formatDataIssue,
  type DataIssue,
  type Loaded,
  type MidSet,
  type StateList,
} from './data.js';
import { buildCases, type DisputeCase, type Reference } from './dispute.js';
import { SHIPPED_MODEL_FILE } from './params-file.js';
import { buildIcbCases, loadIcbActors, type IcbCase } from './icb.js';

export interface ReferencePaths {
  atop: string;
  nmc: string;
  majors: string;
  contiguity: string;
  /** COW state list; default: cow_states_2016.csv next to the NMC file, else in DEFAULT_DATA_DIR. */
  states?: string;
}

/** The shared data directory, as the CLI defaults assume (`../shared/data` from the checkout). */
export const DEFAULT_DATA_DIR = '../shared/data';
export const DEFAULT_FILES = {
  atop: 'atop5_1_dyadyear_obligations.csv',
  nmc: 'cow_nmc_cinc.csv',
  majors: 'cow_majors_2016.csv',
  contiguity: 'cow_direct_contiguity_3_2.csv',
  states: 'cow_states_2016.csv',
} as const;

/**
 * The historical model as shipped (calibration/shipped-model.yaml in the repository, beside src/ and
 * dist/; docs/decisions.md D48), as an absolute path: what backtest and calibrate use without --params.
 */
export function shippedModelPath(): string {
  return fileURLToPath(new URL(`../../${SHIPPED_MODEL_FILE}`, import.meta.url));
}

function readText(path: string): Loaded<string> {
  try {
    // Regular files only: a device (/dev/zero) or a FIFO would be read forever (D30).
    const st = statSync(path);
    if (!st.isFile() && !st.isDirectory()) return { ok: false, issues: [{ code: 'file', file: path, message: 'cannot read: not a regular file (a device, pipe or socket)' }] };
    return { ok: true, value: readFileSync(path, 'utf8'), skipped: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (e as Error).message;
    return { ok: false, issues: [{ code: 'file', file: path, message: `cannot read: ${why}` }] };
  }
}

/** The state list: as given, else next to the NMC file, else in the shared data directory. */
function statesPath(p: ReferencePaths): string {
  if (p.states !== undefined) return p.states;
  const beside = join(dirname(p.nmc), DEFAULT_FILES.states);
  return existsSync(beside) ? beside : join(DEFAULT_DATA_DIR, DEFAULT_FILES.states);
}

/** Reads the state list and the four reference files; all problems of all files are returned. */
export function readReference(p: ReferencePaths): Loaded<Reference> {
  const sp = statesPath(p);
  const st = readText(sp);
  if (!st.ok) return { ok: false, issues: st.issues.map((i) => ({ ...i, message: `${i.message} (the COW state list; pass --states FILE)` })) };
  const states = loadStates(st.value, sp);
  if (!states.ok) return states;
  const issues: DataIssue[] = [];
  const skipped: DataIssue[] = [...states.skipped];
  const load = <T>(path: string, f: (text: string, file: string, s: StateList) => Loaded<T>): T | null => {
    const t = readText(path);
    if (!t.ok) {
      issues.push(...t.issues);
      return null;
    }
    const r = f(t.value, path, states.value);
    if (!r.ok) {
      issues.push(...r.issues);
      return null;
    }
    skipped.push(...r.skipped);
    return r.value;
  };
  const nmc = load(p.nmc, loadNmc);
  const atop = load(p.atop, loadAtop);
  const majors = load(p.majors, loadMajors);
  const contiguity = load(p.contiguity, loadContiguity);
  if (issues.length > 0 || !nmc || !atop || !majors || !contiguity) return { ok: false, issues };
  return { ok: true, value: { states: states.value, nmc, atop, majors, contiguity }, skipped };
}

/** Reads the MIDA and MIDB files of a directory of MID 5.0-format files. */
export function readMidDir(dir: string, states: StateList): Loaded<MidSet> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, issues: [{ code: 'file', file: dir, message: 'not a directory (expected a directory of MID 5.0 CSV files)' }] };
    names = readdirSync(dir).sort();
  } catch {
    return { ok: false, issues: [{ code: 'file', file: dir, message: 'cannot read directory: no such directory' }] };
  }
  const picked = pickMidFiles(names, dir);
  if (!picked.ok) return picked;
  const fa = join(dir, picked.value.mida);
  const fb = join(dir, picked.value.midb);
  const ta = readText(fa);
  const tb = readText(fb);
  if (!ta.ok || !tb.ok) return { ok: false, issues: [...(ta.ok ? [] : ta.issues), ...(tb.ok ? [] : tb.issues)] };
  const a = loadMidA(ta.value, fa);
  const b = loadMidB(tb.value, fb, states);
  if (!a.ok || !b.ok) return { ok: false, issues: [...(a.ok ? [] : a.issues), ...(b.ok ? [] : b.issues)] };
  const j = joinMid(a.value, b.value, { mida: fa, midb: fb }, b.skippedDisputes);
  if (!j.ok) return j;
  return { ok: true, value: j.value, skipped: [...a.skipped, ...b.skipped, ...j.skipped] };
}

/** MID directory → dispute cases, given the reference data. */
export function readCases(dir: string, ref: Reference): Loaded<DisputeCase[]> {
  const mid = readMidDir(dir, ref.states);
  if (!mid.ok) return mid;
  const c = buildCases(mid.value, ref);
  if (!c.ok) return c;
  return { ok: true, value: c.value, skipped: [...mid.skipped, ...c.skipped] };
}

/** The four reference files under their default names in `dir` (the shared data, a fixture copy). */
export function referencePathsIn(dir: string): ReferencePaths {
  return {
    atop: join(dir, DEFAULT_FILES.atop),
    nmc: join(dir, DEFAULT_FILES.nmc),
    majors: join(dir, DEFAULT_FILES.majors),
    contiguity: join(dir, DEFAULT_FILES.contiguity),
  };
}

/** Reference data of `refDir` and the dispute cases of `midDir`, or throw with every issue (scripts, tests); skipped records are dropped (see readCases for them). */
export function readCasesOrThrow(midDir: string, refDir: string = DEFAULT_DATA_DIR): { ref: Reference; cases: DisputeCase[] } {
  const ref = readReference(referencePathsIn(refDir));
  if (!ref.ok) throw new Error(ref.issues.map(formatDataIssue).join('\n'));
  const cases = readCases(midDir, ref.value);
  if (!cases.ok) throw new Error(cases.issues.map(formatDataIssue).join('\n'));
  return { ref: ref.value, cases: cases.value };
}

/**
 * The ICB actor-level file of a directory: the one CSV whose name contains "actor" (the share's
 * `icb2v15_actor.csv`; the crisis-dyad file is not needed).
 */
export function pickIcbFile(names: readonly string[], dir: string): Loaded<string> {
  const found = names.filter((n) => /\.csv$/i.test(n) && /actor/i.test(n));
  if (found.length === 1) return { ok: true, value: found[0]!, skipped: [] };
  return {
    ok: false,
    issues: [{ code: 'file', file: dir, message: found.length === 0 ? 'no ICB actor-level file (a CSV whose name contains "actor", e.g. icb2v15_actor.csv) in this directory' : `several ICB actor files: ${found.join(', ')}` }],
  };
}

/** ICB directory → crisis cases built from their onsets (icb.ts), given the reference data. */
export function readIcbCases(dir: string, ref: Reference): Loaded<IcbCase[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, issues: [{ code: 'file', file: dir, message: 'not a directory (expected a directory holding the ICB actor-level CSV)' }] };
    names = readdirSync(dir).sort();
  } catch {
    return { ok: false, issues: [{ code: 'file', file: dir, message: 'cannot read directory: no such directory' }] };
  }
  const picked = pickIcbFile(names, dir);
  if (!picked.ok) return picked;
  const f = join(dir, picked.value);
  const t = readText(f);
  if (!t.ok) return t;
  const a = loadIcbActors(t.value, f, ref.states);
  if (!a.ok) return a;
  const c = buildIcbCases(a.value, ref);
  if (!c.ok) return c;
  return { ok: true, value: c.value, skipped: [...a.skipped, ...c.skipped] };
}
