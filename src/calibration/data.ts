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
  code: 'file' | 'missing-column' | 'field-count' | 'not-a-number' | 'out-of-range' | 'unknown-ccode' | 'bad-date' | 'inconsistent';
  file: string;
  /** 1-based line, when the problem is in one row (1 = header). */
  line?: number;
  column?: string;
  message: string;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; issues: DataIssue[] };

/** Stop collecting after this many problems in one file: the first ones say enough. */
export const MAX_ISSUES_PER_FILE = 20;

export function formatDataIssue(i: DataIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.column !== undefined ? `column "${i.column}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.message}`;
}

// ---------------------------------------------------------------------------------------------
// Generic typed table reading

type ColKind = 'int' | 'num' | 'str' | 'date';
interface ColSpec {
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

type Cell = number | string | null;

class IssueSink {
  readonly list: DataIssue[] = [];
  constructor(readonly file: string) {}
  add(code: DataIssue['code'], message: string, line?: number, column?: string): void {
    if (this.list.length < MAX_ISSUES_PER_FILE) {
      const issue: DataIssue = { code, file: this.file, message };
      if (line !== undefined) issue.line = line;
      if (column !== undefined) issue.column = column;
      this.list.push(issue);
    }
  }
  get full(): boolean {
    return this.list.length >= MAX_ISSUES_PER_FILE;
  }
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

function isMissing(t: string): boolean {
  return t === '' || t === 'NA' || t === '.' || t === '-9';
}

/**
 * Reads a CSV table with the given required columns into column arrays. Extra columns are ignored.
 * Returns null columns when a problem was found (the problems are in `sink`).
 */
function readTable(text: string, specs: ColSpec[], sink: IssueSink, states: ReadonlySet<number> | null): Cell[][] | null {
  let records: string[][];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    sink.add('file', `not a readable CSV file (${(e as Error).message})`);
    return null;
  }
  const header = records[0];
  if (!header || header.length === 0) {
    sink.add('file', 'empty file (no header line)');
    return null;
  }
  const names = header.map((h) => h.trim());
  const idx = specs.map((s) => names.indexOf(s.name));
  specs.forEach((s, j) => {
    if (idx[j]! < 0) sink.add('missing-column', `missing column "${s.name}" (the header has: ${names.join(', ')})`, 1, s.name);
  });
  if (sink.list.length > 0) return null;
  const cols: Cell[][] = specs.map(() => new Array<Cell>(records.length - 1));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    if (rec.length !== names.length) {
      sink.add('field-count', `${rec.length} fields, the header has ${names.length}`, line);
      if (sink.full) return null;
      continue;
    }
    for (let j = 0; j < specs.length; j++) {
      const s = specs[j]!;
      const raw = (rec[idx[j]!] ?? '').trim();
      let v: Cell = null;
      if (s.kind === 'str') {
        v = raw;
      } else if (isMissing(raw) && s.kind !== 'date') {
        if (!s.optional) sink.add('not-a-number', `missing value (a number is required)`, line, s.name);
      } else if (s.kind === 'date') {
        if (raw === '' || raw === 'NA') {
          if (!s.optional) sink.add('bad-date', 'missing date', line, s.name);
        } else {
          v = parseIsoDate(raw);
          if (v === null) sink.add('bad-date', `"${raw}" is not a date YYYY-MM-DD`, line, s.name);
        }
      } else {
        const x = Number(raw);
        if (!Number.isFinite(x)) {
          sink.add('not-a-number', `"${raw}" is not a number`, line, s.name);
        } else if (s.kind === 'int' && !Number.isInteger(x)) {
          sink.add('not-a-number', `"${raw}" is not an integer`, line, s.name);
        } else if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) {
          sink.add('out-of-range', `${raw} is outside ${s.min ?? '-∞'}..${s.max ?? '∞'}`, line, s.name);
        } else if (s.ccode && states && !states.has(x)) {
          sink.add('unknown-ccode', `unknown country code ${raw} (not in the COW state list)`, line, s.name);
        } else {
          v = x;
        }
      }
      cols[j]![r - 1] = v;
      if (sink.full) return null;
    }
  }
  return sink.list.length > 0 ? null : cols;
}

const int = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'int', ...o });
const num = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'num', ...o });
const str = (name: string): ColSpec => ({ name, kind: 'str' });
const date = (name: string, o: Partial<ColSpec> = {}): ColSpec => ({ name, kind: 'date', ...o });

function done<T>(sink: IssueSink, value: () => T): Loaded<T> {
  return sink.list.length > 0 ? { ok: false, issues: sink.list } : { ok: true, value: value() };
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
  const sink = new IssueSink(file);
  const cols = readTable(text, [str('stateabb'), int('ccode', { min: 1, max: 999 }), str('statenme')], sink, null);
  return done(sink, () => {
    const [abbC, ccC, nameC] = cols!;
    const ccodes = new Set<number>();
    const abb = new Map<number, string>();
    const name = new Map<number, string>();
    for (let r = 0; r < ccC!.length; r++) {
      const c = ccC![r] as number;
      ccodes.add(c);
      abb.set(c, abbC![r] as string);
      name.set(c, nameC![r] as string);
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
  endyear: number;
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
  const sink = new IssueSink(file);
  const specs = [
    int('dispnum', { min: 0 }),
    int('styear', { min: 1800, max: 2100 }),
    int('stmon', { optional: true, min: 1, max: 12 }),
    int('stday', { optional: true, min: 1, max: 31 }),
    int('endyear', { min: 1800, max: 2100 }),
    int('hostlev', { min: 1, max: 5 }),
    int('recip', { min: 0, max: 1 }),
    num('maxdur', { optional: true, min: 0 }),
    num('mindur', { optional: true, min: 0 }),
  ];
  const cols = readTable(text, specs, sink, null);
  return done(sink, () => {
    const [dn, sy, sm, sd, ey, hl, rc, mx, mn] = cols!;
    const out: MidDispute[] = [];
    for (let r = 0; r < dn!.length; r++) {
      out.push({
        dispnum: dn![r] as number,
        styear: sy![r] as number,
        stmon: sm![r] as number | null,
        stday: sd![r] as number | null,
        endyear: ey![r] as number,
        hostlev: hl![r] as number,
        recip: rc![r] as number,
        maxdur: mx![r] as number | null,
        mindur: mn![r] as number | null,
        line: r + 2,
      });
    }
    return out;
  });
}

export function loadMidB(text: string, file: string, states: StateList): Loaded<MidParticipant[]> {
  const sink = new IssueSink(file);
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
  const cols = readTable(text, specs, sink, states.ccodes);
  return done(sink, () => {
    const [dn, cc, ab, sa, og, sy, sm, sd, hl] = cols!;
    const out: MidParticipant[] = [];
    for (let r = 0; r < dn!.length; r++) {
      out.push({
        dispnum: dn![r] as number,
        ccode: cc![r] as number,
        stabb: ab![r] as string,
        sidea: sa![r] as number,
        orig: og![r] as number,
        styear: sy![r] as number,
        stmon: sm![r] as number | null,
        stday: sd![r] as number | null,
        hostlev: hl![r] as number,
        line: r + 2,
      });
    }
    return out;
  });
}

/** A set of MID files: disputes and their participants, checked against each other. */
export interface MidSet {
  disputes: MidDispute[];
  participants: ReadonlyMap<number, MidParticipant[]>;
  files: { mida: string; midb: string };
}

/**
 * Joins MIDA and MIDB. Every dispute needs at least one originator on each side; a participant of
 * a dispute that MIDA does not list is an inconsistency. Duplicate dispute numbers are rejected.
 */
export function joinMid(disputes: MidDispute[], parts: MidParticipant[], files: { mida: string; midb: string }): Loaded<MidSet> {
  const sinkA = new IssueSink(files.mida);
  const sinkB = new IssueSink(files.midb);
  const byNum = new Map<number, MidParticipant[]>();
  for (const p of parts) {
    let l = byNum.get(p.dispnum);
    if (!l) byNum.set(p.dispnum, (l = []));
    l.push(p);
  }
  const seen = new Set<number>();
  for (const d of disputes) {
    if (seen.has(d.dispnum)) sinkA.add('inconsistent', `dispute ${d.dispnum} appears twice`, d.line, 'dispnum');
    seen.add(d.dispnum);
    const ps = byNum.get(d.dispnum) ?? [];
    const origA = ps.some((p) => p.sidea === 1 && p.orig === 1);
    const origB = ps.some((p) => p.sidea === 0 && p.orig === 1);
    if (!origA || !origB) {
      sinkA.add(
        'inconsistent',
        `dispute ${d.dispnum} has no originator (orig = 1) on side ${!origA ? 'A' : 'B'} in ${files.midb}`,
        d.line,
        'dispnum',
      );
    }
  }
  for (const p of parts) {
    if (!seen.has(p.dispnum)) {
      sinkB.add('inconsistent', `participant ${p.stabb} of dispute ${p.dispnum}, which ${files.mida} does not list`, p.line, 'dispnum');
    }
  }
  const issues = [...sinkA.list, ...sinkB.list];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { disputes, participants: byNum, files } };
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
  return { ok: true, value: { mida: mida[0]!, midb: midb[0]! } };
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
  const sink = new IssueSink(file);
  const cols = readTable(text, [int('ccode', { ccode: true }), int('year', { min: 1800, max: 2100 }), num('cinc', { optional: true, min: 0, max: 1 })], sink, states.ccodes);
  return done(sink, () => {
    const [cc, yr, ci] = cols!;
    const m = new Map<number, number>();
    let first = Infinity;
    let last = -Infinity;
    for (let r = 0; r < cc!.length; r++) {
      const v = ci![r];
      if (v === null) continue;
      const y = yr![r] as number;
      m.set((cc![r] as number) * 10000 + y, v as number);
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
  const sink = new IssueSink(file);
  const cols = readTable(
    text,
    [int('ccode1', { ccode: true }), int('ccode2', { ccode: true }), int('year', { min: 1800, max: 2100 }), int('atop_defense', { min: 0, max: 1 })],
    sink,
    states.ccodes,
  );
  return done(sink, () => {
    const [c1, c2, yr, def] = cols!;
    // key (ccode2, year) → defenders; a second key set for O(1) dyad lookups.
    const by = new Map<number, number[]>();
    const dyad = new Set<number>();
    for (let r = 0; r < c1!.length; r++) {
      if (def![r] !== 1) continue;
      const from = c1![r] as number;
      const to = c2![r] as number;
      const y = yr![r] as number;
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
  const sink = new IssueSink(file);
  const cols = readTable(
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
    sink,
    states.ccodes,
  );
  return done(sink, () => {
    const [cc, sy, sm, sd, ey, em, ed] = cols!;
    const spells: { c: number; from: number; to: number }[] = [];
    for (let r = 0; r < cc!.length; r++) {
      spells.push({
        c: cc![r] as number,
        from: ymd(sy![r] as number, sm![r] as number | null, sd![r] as number | null),
        to: ymd(ey![r] as number, (em![r] as number | null) ?? 12, (ed![r] as number | null) ?? 31),
      });
    }
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
  const sink = new IssueSink(file);
  const cols = readTable(
    text,
    [int('ccode1', { ccode: true }), int('ccode2', { ccode: true }), int('conttype', { min: 0, max: 5 }), date('stdate'), date('enddate')],
    sink,
    states.ccodes,
  );
  return done(sink, () => {
    const [c1, c2, ct, sd, ed] = cols!;
    const by = new Map<number, { t: number; from: number; to: number }[]>();
    const key = (a: number, b: number) => Math.min(a, b) * 1000 + Math.max(a, b);
    for (let r = 0; r < c1!.length; r++) {
      const t = ct![r] as number;
      if (t === 0) continue;
      const k = key(c1![r] as number, c2![r] as number);
      let l = by.get(k);
      if (!l) by.set(k, (l = []));
      l.push({ t, from: sd![r] as number, to: ed![r] as number });
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
