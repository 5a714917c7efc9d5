/**
 * Loaders for the historical datasets of the calibration share (/work/shared/data, README there):
 * MID 5.0 dispute (MIDA) and participant (MIDB) files, COW NMC (CINC), ATOP 5.1 directed
 * dyad-year obligations, COW major powers, COW direct contiguity and COW state membership.
 *
 * Pure: every function takes CSV text (and a file label used in messages), never the file system
 * (files.ts reads files). Problems are returned as data, never thrown: each names the file, the
 * 1-based line and the column, so `brink calibrate`/`backtest` can refuse a malformed input
 * before simulating anything ("fail with a clear message without crashing half-way").
 *
 * Line numbers assume one record per line (true of every file of the share: no quoted newlines,
 * no blank lines); the header is line 1.
 */
import { parseCsvRecords } from './csv.js';

export interface DataIssue {
  /** Stable code: tools and tests branch on it, never on the wording. */
  code:
    | 'file'
    | 'missing-column'
    | 'field-count'
    | 'not-a-number'
    | 'missing-value'
    | 'out-of-range'
    | 'unknown-ccode'
    | 'bad-date'
    | 'inconsistent'
    | 'duplicate';
  file: string;
  /** 1-based line, when the problem is in one row (1 = header). */
  line?: number;
  column?: string;
  message: string;
}

/**
 * What a loader returns. `ok: false` is a problem with a whole file (unreadable, a required column
 * missing, no usable record at all): nothing can be read from it. `ok: true` may still carry
 * `skipped`: records the model cannot use (a -9 where a value is required, an unknown country code,
 * a dispute without an originator on a side...), each an issue naming file, line and reason. The
 * commands print them as warnings, count them, and with `--strict` refuse them (D49).
 */
export type Loaded<T> = { ok: true; value: T; skipped: DataIssue[] } | { ok: false; issues: DataIssue[] };

/** Stop collecting after this many file-level problems in one file: the first ones say enough. */
export const MAX_ISSUES_PER_FILE = 20;

export function formatDataIssue(i: DataIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.column !== undefined ? `column "${i.column}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.message}`;
}

// ---------------------------------------------------------------------------------------------
// The shared typed CSV reader (MID, ICB, ATOP, NMC, COW reference files)

export type ColKind = 'int' | 'num' | 'str' | 'date';
export interface ColSpec {
  name: string;
  kind: ColKind;
  /** Missing allowed (empty, NA, or −9 for numbers): the value is then null. */
  optional?: boolean;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  /** The value is a COW country code that must exist in the state list. */
  ccode?: boolean;
}

export type Cell = number | string | null;

/** One usable record: its 1-based line and its cells in the order of the specs. */
export interface TableRow {
  line: number;
  v: Cell[];
}

export interface Table {
  rows: TableRow[];
  /** One issue per skipped record (its first problem). */
  skipped: DataIssue[];
  /** The raw value of `keyColumn` of each skipped record (e.g. the dispute it belongs to). */
  skippedKeys: string[];
}

/** A date 'YYYY-MM-DD' (or YYYY/MM/DD) to the integer yyyymmdd, or null. */
export function parseIsoDate(s: string): number | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return y * 10000 + mo * 100 + d;
}

/** yyyymmdd from year, month, day; a missing month or day (null) counts as the first. */
export function ymd(year: number, month: number | null, day: number | null): number {
  return year * 10000 + (month ?? 1) * 100 + (day ?? 1);
}

/** The missing-value markers of the datasets: empty, NA, '.', and the MID/ICB codes -9 (and -99). */
export function isMissing(t: string): boolean {
  return t === '' || t === 'NA' || t === '.' || t === '-9' || t === '-99';
}

/** The first problem of one cell, or null; `set` receives the value. */
function cellProblem(raw: string, s: ColSpec, states: ReadonlySet<number> | null, set: (v: Cell) => void): { code: DataIssue['code']; message: string } | null {
  if (s.kind === 'str') {
    set(raw);
    return null;
  }
  if (s.kind === 'date') {
    if (raw === '' || raw === 'NA') {
      set(null);
      return s.optional ? null : { code: 'missing-value', message: 'missing date' };
    }
    const v = parseIsoDate(raw);
    if (v === null) return { code: 'bad-date', message: `"${raw}" is not a date YYYY-MM-DD` };
    set(v);
    return null;
  }
  if (isMissing(raw)) {
    set(null);
    return s.optional ? null : { code: 'missing-value', message: `missing value${raw === '' ? '' : ` (${raw})`} where a number is required` };
  }
  const x = Number(raw);
  if (!Number.isFinite(x)) return { code: 'not-a-number', message: `"${raw}" is not a number` };
  if (s.kind === 'int' && !Number.isInteger(x)) return { code: 'not-a-number', message: `"${raw}" is not an integer` };
  if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) return { code: 'out-of-range', message: `${raw} is outside ${s.min ?? '-∞'}..${s.max ?? '∞'}` };
  if (s.ccode && states && !states.has(x)) return { code: 'unknown-ccode', message: `unknown country code ${raw} (not in the COW state list)` };
  set(x);
  return null;
}

/**
 * Reads a CSV table with the given required columns (extra columns are ignored) into typed rows.
 * A record with a problem in one of those columns (wrong field count, not a number, out of range,
 * an unknown country code, a required value missing) is skipped, with one issue naming its line,
 * the column and the reason. The file fails as a whole only when it cannot be parsed, lacks a
 * required column, or has records of which none is usable.
 */
export function readTypedCsv(text: string, specs: readonly ColSpec[], file: string, states: ReadonlySet<number> | null, keyColumn?: string): Loaded<Table> {
  const fail = (code: DataIssue['code'], message: string, line?: number, column?: string): Loaded<Table> => ({
    ok: false,
    issues: [{ code, file, message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) }],
  });
  let records: string[][];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    return fail('file', `not a readable CSV file (${(e as Error).message})`);
  }
  const header = records[0];
  if (!header || header.length === 0) return fail('file', 'empty file (no header line)');
  const names = header.map((h) => h.trim());
  const idx = specs.map((s) => names.indexOf(s.name));
  const missing: DataIssue[] = [];
  specs.forEach((s, j) => {
    if (idx[j]! < 0 && missing.length < MAX_ISSUES_PER_FILE)
      missing.push({ code: 'missing-column', file, line: 1, column: s.name, message: `missing column "${s.name}" (the header has: ${names.join(', ')})` });
  });
  if (missing.length > 0) return { ok: false, issues: missing };
  const keyIdx = keyColumn === undefined ? -1 : names.indexOf(keyColumn);
  const rows: TableRow[] = [];
  const skipped: DataIssue[] = [];
  const skippedKeys: string[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    const skip = (code: DataIssue['code'], message: string, column?: string) => {
      skipped.push({ code, file, line, ...(column !== undefined ? { column } : {}), message: `${message}; record skipped` });
      skippedKeys.push(keyIdx >= 0 ? (rec[keyIdx] ?? '').trim() : '');
    };
    if (rec.length !== names.length) {
      skip('field-count', `${rec.length} fields, the header has ${names.length}`);
      continue;
    }
    const v: Cell[] = new Array<Cell>(specs.length).fill(null);
    let bad = false;
    for (let j = 0; j < specs.length && !bad; j++) {
      const s = specs[j]!;
      const p = cellProblem((rec[idx[j]!] ?? '').trim(), s, states, (x) => (v[j] = x));
      if (p) {
        skip(p.code, p.message, s.name);
        bad = true;
      }
    }
    if (!bad) rows.push({ line, v });
  }
  if (rows.length === 0 && skipped.length > 0) {
    return { ok: false, issues: [{ code: 'file', file, message: `none of its ${skipped.length} records is usable (first: line ${skipped[0]!.line}, ${skipped[0]!.message})` }] };
  }
  return { ok: true, value: { rows, skipped, skippedKeys }, skipped };
}

export const int = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'int', ...o });
export const num = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'num', ...o });
export const str = (name: string): ColSpec => ({ name, kind: 'str' });
export const date = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'date', ...o });

/** Builds a loader's value from the usable rows, passing the skips on. */
function done<T>(t: Loaded<Table>, value: (rows: TableRow[]) => T): Loaded<T> {
  if (!t.ok) return t;
  return { ok: true, value: value(t.value.rows), skipped: t.value.skipped };
}

// ---------------------------------------------------------------------------------------------
// COW state system membership

export interface StateList {
  ccodes: ReadonlySet<number>;
  /** COW abbreviation and name per ccode (the latest spell's). */
  abb: ReadonlyMap<number, string>;
  name: ReadonlyMap<number, string>;
}

export function loadStates(text: string, file: string): Loaded<StateList> {
  const t = readTypedCsv(text, [str('stateabb'), int('ccode', { min: 1, max: 999 }), str('statenme')], file, null);
  return done(t, (rows) => {
    const ccodes = new Set<number>();
    const abb = new Map<number, string>();
    const name = new Map<number, string>();
    for (const { v } of rows) {
      const c = v[1] as number;
      ccodes.add(c);
      abb.set(c, v[0] as string);
      name.set(c, v[2] as string);
    }
    return { ccodes, abb, name };
  });
}

// ---------------------------------------------------------------------------------------------
// MID 5.0

/** One dispute of MIDA. Outcome fields are kept for scoring only (dispute.ts keeps them apart). */
export interface MidDispute {
  dispnum: number;
  styear: number;
  stmon: number | null;
  stday: number | null;
  /** Null when the end is not coded (-9: an open-ended or ongoing dispute). Not used by the model. */
  endyear: number | null;
  hostlev: number;
  recip: number;
  maxdur: number | null;
  mindur: number | null;
  /** Source line, for messages. */
  line: number;
}

/** One row of MIDB (a participant spell). */
export interface MidParticipant {
  dispnum: number;
  ccode: number;
  stabb: string;
  sidea: number;
  orig: number;
  styear: number;
  stmon: number | null;
  stday: number | null;
  hostlev: number;
  line: number;
}

export function loadMidA(text: string, file: string): Loaded<MidDispute[]> {
  const specs = [
    int('dispnum', { min: 0 }),
    int('styear', { min: 1800, max: 2100 }),
    int('stmon', { optional: true, min: 1, max: 12 }),
    int('stday', { optional: true, min: 1, max: 31 }),
    int('endyear', { optional: true, min: 1800, max: 2100 }),
    int('hostlev', { min: 1, max: 5 }),
    int('recip', { min: 0, max: 1 }),
    num('maxdur', { optional: true, min: 0 }),
    num('mindur', { optional: true, min: 0 }),
  ];
  return done(readTypedCsv(text, specs, file, null), (rows) =>
    rows.map(({ line, v }) => ({
      dispnum: v[0] as number,
      styear: v[1] as number,
      stmon: v[2] as number | null,
      stday: v[3] as number | null,
      endyear: v[4] as number | null,
      hostlev: v[5] as number,
      recip: v[6] as number,
      maxdur: v[7] as number | null,
      mindur: v[8] as number | null,
      line,
    })),
  );
}

/** MIDB participants; `skippedDisputes` are the dispute numbers of skipped rows (their disputes are incomplete). */
export function loadMidB(text: string, file: string, states: StateList): Loaded<MidParticipant[]> & { skippedDisputes?: Map<number, number> } {
  const specs = [
    int('dispnum', { min: 0 }),
    int('ccode', { ccode: true }),
    str('stabb'),
    int('sidea', { min: 0, max: 1 }),
    int('orig', { min: 0, max: 1 }),
    int('styear', { min: 1800, max: 2100 }),
    int('stmon', { optional: true, min: 1, max: 12 }),
    int('stday', { optional: true, min: 1, max: 31 }),
    int('hostlev', { min: 1, max: 5 }),
  ];
  const t = readTypedCsv(text, specs, file, states.ccodes, 'dispnum');
  const r = done(t, (rows) =>
    rows.map(({ line, v }) => ({
      dispnum: v[0] as number,
      ccode: v[1] as number,
      stabb: v[2] as string,
      sidea: v[3] as number,
      orig: v[4] as number,
      styear: v[5] as number,
      stmon: v[6] as number | null,
      stday: v[7] as number | null,
      hostlev: v[8] as number,
      line,
    })),
  );
  if (!t.ok || !r.ok) return r;
  // dispute number → line of its first skipped participant row
  const skippedDisputes = new Map<number, number>();
  t.value.skippedKeys.forEach((k, i) => {
    const n = Number(k);
    if (k !== '' && Number.isInteger(n) && !skippedDisputes.has(n)) skippedDisputes.set(n, t.value.skipped[i]!.line!);
  });
  return { ...r, skippedDisputes };
}

/** A set of MID files: disputes and their participants, checked against each other. */
export interface MidSet {
  disputes: MidDispute[];
  participants: ReadonlyMap<number, MidParticipant[]>;
  files: { mida: string; midb: string };
}

/**
 * Joins MIDA and MIDB. What the model cannot use is skipped, each with an issue naming the line and
 * the reason (D49): a dispute number listed twice in MIDA (both records: which one is right is
 * unknown); a dispute one of whose MIDB rows was skipped (`incomplete`: it would be built without
 * that participant); a dispute with no originator (orig = 1) on a side (the model needs an initiator
 * and a target); a participant row repeated exactly (the repeat is dropped, the dispute kept); a
 * participant of a dispute MIDA does not list. A state with spells on both sides (MID 258, 1940)
 * is usable by the documented convention (dispute.ts: the side of its first row), so it is kept.
 */
export function joinMid(
  disputes: MidDispute[],
  parts: MidParticipant[],
  files: { mida: string; midb: string },
  incomplete: ReadonlyMap<number, number> = new Map(),
): Loaded<MidSet> {
  const skipped: DataIssue[] = [];
  const skipA = (d: MidDispute, code: DataIssue['code'], why: string) =>
    skipped.push({ code, file: files.mida, line: d.line, column: 'dispnum', message: `dispute ${d.dispnum}: ${why}; dispute skipped` });
  const byNum = new Map<number, MidParticipant[]>();
  const seenRow = new Set<string>();
  const listed = new Set(disputes.map((d) => d.dispnum));
  for (const p of parts) {
    if (!listed.has(p.dispnum)) {
      skipped.push({ code: 'inconsistent', file: files.midb, line: p.line, column: 'dispnum', message: `participant ${p.stabb} of dispute ${p.dispnum}, which ${files.mida} does not list; record skipped` });
      continue;
    }
    const key = [p.dispnum, p.ccode, p.sidea, p.orig, p.styear, p.stmon, p.stday, p.hostlev].join(',');
    if (seenRow.has(key)) {
      skipped.push({ code: 'duplicate', file: files.midb, line: p.line, message: `participant ${p.stabb} of dispute ${p.dispnum} repeats an earlier row exactly; record skipped (the dispute is kept)` });
      continue;
    }
    seenRow.add(key);
    let l = byNum.get(p.dispnum);
    if (!l) byNum.set(p.dispnum, (l = []));
    l.push(p);
  }
  const count = new Map<number, number>();
  for (const d of disputes) count.set(d.dispnum, (count.get(d.dispnum) ?? 0) + 1);
  const kept: MidDispute[] = [];
  for (const d of disputes) {
    if (count.get(d.dispnum)! > 1) {
      skipA(d, 'duplicate', 'listed more than once in MIDA (which record is right is unknown)');
      continue;
    }
    const bad = incomplete.get(d.dispnum);
    if (bad !== undefined) {
      skipA(d, 'inconsistent', `its participant row at ${files.midb} line ${bad} was skipped, so the dispute is incomplete`);
      continue;
    }
    const ps = byNum.get(d.dispnum) ?? [];
    const origA = ps.some((p) => p.sidea === 1 && p.orig === 1);
    const origB = ps.some((p) => p.sidea === 0 && p.orig === 1);
    if (!origA || !origB) {
      skipA(d, 'inconsistent', `has no originator (orig = 1) on side ${!origA ? 'A' : 'B'} in ${files.midb} (the model needs an initiator and a target)`);
      continue;
    }
    kept.push(d);
  }
  return { ok: true, value: { disputes: kept, participants: byNum, files }, skipped };
}

/**
 * Which files of a directory listing are the MIDA and MIDB files (MID 5.0 names them
 * `MIDA 5.0.csv`, `MIDB 5.0.csv`; the share prefixes them `cow_mid5_`). Incident files (MIDI,
 * MIDIP) are not needed. Exactly one of each is required.
 */
export function pickMidFiles(names: readonly string[], dir: string): Loaded<{ mida: string; midb: string }> {
  const csvs = names.filter((n) => /\.csv$/i.test(n));
  const mida = csvs.filter((n) => /(^|[^a-z])MIDA([^a-z]|$)/i.test(n));
  const midb = csvs.filter((n) => /(^|[^a-z])MIDB([^a-z]|$)/i.test(n));
  const issues: DataIssue[] = [];
  for (const [kind, found] of [
    ['MIDA', mida],
    ['MIDB', midb],
  ] as const) {
    if (found.length === 0) issues.push({ code: 'file', file: dir, message: `no ${kind} file (a CSV whose name contains "${kind}") in this directory` });
    if (found.length > 1) issues.push({ code: 'file', file: dir, message: `several ${kind} files: ${found.join(', ')}` });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { mida: mida[0]!, midb: midb[0]! }, skipped: [] };
}

// ---------------------------------------------------------------------------------------------
// NMC (CINC)

export interface NmcIndex {
  /** CINC of (ccode, year), or undefined when the state-year is absent or CINC missing. */
  cinc(ccode: number, year: number): number | undefined;
  /** First and last year with a CINC (disputes outside them cannot be built; dispute.ts). */
  years?: { first: number; last: number };
}

export function loadNmc(text: string, file: string, states: StateList): Loaded<NmcIndex> {
  // A missing CINC is a documented state-year without data, not a broken record: the state's CINC
  // is then searched in nearby years (dispute.ts), so it is not reported as a skip.
  const t = readTypedCsv(text, [int('ccode', { ccode: true }), int('year', { min: 1800, max: 2100 }), num('cinc', { optional: true, min: 0, max: 1 })], file, states.ccodes);
  return done(t, (rows) => {
    const m = new Map<number, number>();
    let first = Infinity;
    let last = -Infinity;
    for (const { v } of rows) {
      if (v[2] === null) continue;
      const y = v[1] as number;
      m.set((v[0] as number) * 10000 + y, v[2] as number);
      first = Math.min(first, y);
      last = Math.max(last, y);
    }
    return { cinc: (c: number, y: number) => m.get(c * 10000 + y), ...(first <= last ? { years: { first, last } } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------
// ATOP 5.1 directed dyad-year obligations: only defense obligations are kept.

export interface AtopIndex {
  /** States with a defense obligation toward `ccode` in `year` (ATOP: ccode1 → ccode2). */
  defendersOf(ccode: number, year: number): readonly number[];
  /** Whether `from` has a defense obligation toward `to` in `year`. */
  defends(from: number, to: number, year: number): boolean;
}

const EMPTY: readonly number[] = Object.freeze([]);

export function loadAtop(text: string, file: string, states: StateList): Loaded<AtopIndex> {
  const t = readTypedCsv(
    text,
    [int('ccode1', { ccode: true }), int('ccode2', { ccode: true }), int('year', { min: 1800, max: 2100 }), int('atop_defense', { min: 0, max: 1 })],
    file,
    states.ccodes,
  );
  return done(t, (rows) => {
    // key (ccode2, year) → defenders; a second key set for O(1) dyad lookups.
    const by = new Map<number, number[]>();
    const dyad = new Set<number>();
    for (const { v } of rows) {
      if (v[3] !== 1) continue;
      const from = v[0] as number;
      const to = v[1] as number;
      const y = v[2] as number;
      const k = to * 10000 + y;
      let l = by.get(k);
      if (!l) by.set(k, (l = []));
      if (!l.includes(from)) l.push(from);
      dyad.add((from * 1000 + to) * 10000 + y);
    }
    for (const l of by.values()) l.sort((a, b) => a - b);
    return {
      defendersOf: (c: number, y: number) => by.get(c * 10000 + y) ?? EMPTY,
      defends: (from: number, to: number, y: number) => dyad.has((from * 1000 + to) * 10000 + y),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// COW major powers (spells with full dates)

export interface MajorIndex {
  isMajor(ccode: number, dateYmd: number): boolean;
}

export function loadMajors(text: string, file: string, states: StateList): Loaded<MajorIndex> {
  const t = readTypedCsv(
    text,
    [
      int('ccode', { ccode: true }),
      int('styear', { min: 1800, max: 2100 }),
      int('stmonth', { optional: true, min: 1, max: 12 }),
      int('stday', { optional: true, min: 1, max: 31 }),
      int('endyear', { min: 1800, max: 2100 }),
      int('endmonth', { optional: true, min: 1, max: 12 }),
      int('endday', { optional: true, min: 1, max: 31 }),
    ],
    file,
    states.ccodes,
  );
  return done(t, (rows) => {
    const spells = rows.map(({ v }) => ({
      c: v[0] as number,
      from: ymd(v[1] as number, v[2] as number | null, v[3] as number | null),
      to: ymd(v[4] as number, (v[5] as number | null) ?? 12, (v[6] as number | null) ?? 31),
    }));
    return { isMajor: (c: number, d: number) => spells.some((s) => s.c === c && s.from <= d && d <= s.to) };
  });
}

// ---------------------------------------------------------------------------------------------
// COW direct contiguity 3.2 (dyad spells; conttype 1 land, 2..5 separated by ≤ 12, 24, 150, 400
// miles of water; 0 none)

export interface ContiguityIndex {
  /** The closest contiguity type of the dyad on that date (1..5), or 0 when not contiguous. */
  type(a: number, b: number, dateYmd: number): number;
}

export function loadContiguity(text: string, file: string, states: StateList): Loaded<ContiguityIndex> {
  const t = readTypedCsv(
    text,
    [int('ccode1', { ccode: true }), int('ccode2', { ccode: true }), int('conttype', { min: 0, max: 5 }), date('stdate'), date('enddate')],
    file,
    states.ccodes,
  );
  return done(t, (rows) => {
    const by = new Map<number, { t: number; from: number; to: number }[]>();
    const key = (a: number, b: number) => Math.min(a, b) * 1000 + Math.max(a, b);
    for (const { v } of rows) {
      const ty = v[2] as number;
      if (ty === 0) continue;
      const k = key(v[0] as number, v[1] as number);
      let l = by.get(k);
      if (!l) by.set(k, (l = []));
      l.push({ t: ty, from: v[3] as number, to: v[4] as number });
    }
    return {
      type(a: number, b: number, d: number): number {
        const l = by.get(key(a, b));
        if (!l) return 0;
        let best = 0;
        for (const s of l) if (s.from <= d && d <= s.to && (best === 0 || s.t < best)) best = s.t;
        return best;
      },
    };
  });
}
