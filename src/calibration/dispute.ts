/**
 * From a historical dispute to what was known when it began (`DisputeFeatures`) and, apart, how it
 * ended (`ObservedOutcome`). The scenario builder (build-scenario.ts) and the baselines read only
 * the features; no outcome variable of MID (hostlev, hiact, recip, numa, numb, maxdur, mindur,
 * fatality, outcome, settle, joiners) is ever an input.
 *
 * Conventions (docs/validation.md):
 * - actors: the originators (MIDB `orig` = 1) of each side; joiners are not actors unless they are
 *   outside defenders (below), because who joined is an outcome;
 * - CINC of the year before the start year, else the start year, else the nearest year within
 *   `CINC_SEARCH_YEARS` (a new state), else `CINC_FLOOR`; the year used is recorded;
 * - major-power status and contiguity on the start date (a missing start day counts as the 1st);
 * - nuclear status from the first-test table (nuclear.ts), strictly before the start date;
 * - ATOP defense obligations of the year before the start year: outside defenders of side B (and
 *   of side A) are states that are not originators and owe a defense obligation to an originator;
 * - era by start year: before 1914, 1914–1945, 1946–1989, 1990 on.
 * The observed outcome: highest hostility level over all participants (MIDB; 2..5, a level 1 is
 * read as 2 since every dispute opens with at least a threat), reciprocation = side B's highest
 * level above 1, war = level 5, joiners = participants with `orig` = 0, duration = MIDA maxdur.
 */
import type { AtopIndex, ContiguityIndex, DataIssue, Loaded, MajorIndex, MidSet, NmcIndex, StateList } from './data.js';
import { ymd } from './data.js';
import { isNuclear, FIRST_NUCLEAR_TESTS, type FirstTest } from './nuclear.js';

export const ERAS = ['pre1914', '1914-1945', '1946-1989', '1990-'] as const;
export type Era = (typeof ERAS)[number];

export function eraOf(year: number): Era {
  if (year < 1914) return 'pre1914';
  if (year < 1946) return '1914-1945';
  if (year < 1990) return '1946-1989';
  return '1990-';
}

/** Years searched either side when a state has no CINC in the year before or the start year. */
export const CINC_SEARCH_YEARS = 5;
/** CINC used when none is found (a micro-state; keeps log ratios finite). */
export const CINC_FLOOR = 1e-5;
/** Contiguity types that count as a border: land (1) or up to 24 miles of water (2, 3). */
export const BORDER_MAX_CONTTYPE = 3;

export interface StateAtOnset {
  ccode: number;
  /** COW abbreviation. */
  abb: string;
  name: string;
  cinc: number;
  /** Year the CINC comes from; null when `CINC_FLOOR` was used. */
  cincYear: number | null;
  major: boolean;
  nuclear: boolean;
}

export interface OutsideDefender extends StateAtOnset {
  /** Originators (ccodes) of the side it owes a defense obligation to. */
  defends: number[];
  /** Also owes one to an originator of the other side (cross-cutting ties). */
  cross: boolean;
}

export interface DisputeFeatures {
  dispnum: number;
  startYear: number;
  /** yyyymmdd; a missing start day counts as the first of the month. */
  startDate: number;
  era: Era;
  sideA: StateAtOnset[];
  sideB: StateAtOnset[];
  /** Outside states with an ATOP defense obligation toward a side-B (side-A) originator in year−1. */
  defendersB: OutsideDefender[];
  defendersA: OutsideDefender[];
  /** Defense obligations between originators of opposite sides in year−1, as [from, to] ccodes. */
  crossObligations: [number, number][];
  /** Closest contiguity type between an A and a B originator on the start date (0 none, 1 land..5). */
  contiguity: number;
  /** Pairs of ccodes among all actors (originators and outside defenders) sharing a border. */
  borders: [number, number][];
  /** The conflict began with a violent act (ICB `triggr` 9); MID does not code this (undefined). */
  violentTrigger?: boolean;
}

export interface ObservedOutcome {
  /** Highest hostility level over all participants, 2..5. */
  hostlev: 2 | 3 | 4 | 5;
  recip: boolean;
  war: boolean;
  /** Participants that were not originators. */
  joiners: number;
  /** An outside defender of side B took part on side B. */
  defenderJoinedB: boolean;
  /** An outside defender of either side took part on the side it was obliged to. */
  defenderJoined: boolean;
  /** MIDA maxdur (days), null when missing. */
  durationDays: number | null;
}

export interface DisputeCase {
  features: DisputeFeatures;
  /** Never read by the scenario builder or the baselines' covariates. */
  observed: ObservedOutcome;
}

export interface Reference {
  states: StateList;
  nmc: NmcIndex;
  atop: AtopIndex;
  majors: MajorIndex;
  contiguity: ContiguityIndex;
  nuclearTests?: readonly FirstTest[];
}

export function stateAtOnset(ccode: number, startYear: number, startDate: number, ref: Reference, abbHint?: string): StateAtOnset {
  let cinc: number | undefined;
  let cincYear: number | null = null;
  const tryYear = (y: number) => {
    const v = ref.nmc.cinc(ccode, y);
    if (v !== undefined && cinc === undefined) {
      cinc = v;
      cincYear = y;
    }
  };
  tryYear(startYear - 1);
  tryYear(startYear);
  for (let k = 1; k <= CINC_SEARCH_YEARS && cinc === undefined; k++) {
    tryYear(startYear + k);
    tryYear(startYear - 1 - k);
  }
  return {
    ccode,
    abb: ref.states.abb.get(ccode) ?? abbHint ?? `C${ccode}`,
    name: ref.states.name.get(ccode) ?? abbHint ?? `state ${ccode}`,
    // A CINC of exactly 0 (a few tiny states) would make log ratios infinite.
    cinc: Math.max(cinc ?? CINC_FLOOR, CINC_FLOOR),
    cincYear,
    major: ref.majors.isMajor(ccode, startDate),
    nuclear: isNuclear(ccode, startDate, ref.nuclearTests ?? FIRST_NUCLEAR_TESTS),
  };
}

/**
 * The onset features of a conflict whose initiators (`origA`) and targets (`origB`) are known at its
 * start: power, major-power and nuclear status, outside defenders (ATOP, the year before; those
 * `defenderFilter` accepts, all by default), contiguity and borders. Shared by MID disputes and ICB
 * crises (icb.ts), so both are built by the same rules.
 */
export function onsetFeatures(
  num: number,
  startYear: number,
  startDate: number,
  origA: number[],
  origB: number[],
  ref: Reference,
  abbHint: (ccode: number) => string | undefined = () => undefined,
  defenderFilter?: (ccode: number, dateYmd: number) => boolean,
): DisputeFeatures {
  const y0 = startYear - 1;
  const mk = (c: number) => stateAtOnset(c, startYear, startDate, ref, abbHint(c));
  const originators = new Set([...origA, ...origB]);
  const defenders = (own: number[], other: number[]): OutsideDefender[] => {
    const map = new Map<number, number[]>();
    for (const o of own) for (const def of ref.atop.defendersOf(o, y0)) if (!originators.has(def) && (defenderFilter === undefined || defenderFilter(def, startDate))) (map.get(def) ?? map.set(def, []).get(def)!).push(o);
    return [...map]
      .sort((a, b) => a[0] - b[0])
      .map(([c, defends]) => ({ ...mk(c), defends, cross: other.some((o) => ref.atop.defends(c, o, y0)) }));
  };
  const defendersB = defenders(origB, origA);
  const defendersA = defenders(origA, origB).filter((x) => !defendersB.some((b) => b.ccode === x.ccode));
  const crossObligations: [number, number][] = [];
  for (const a of origA)
    for (const b of origB) {
      if (ref.atop.defends(a, b, y0)) crossObligations.push([a, b]);
      if (ref.atop.defends(b, a, y0)) crossObligations.push([b, a]);
    }
  let contiguity = 0;
  for (const a of origA)
    for (const b of origB) {
      const t = ref.contiguity.type(a, b, startDate);
      if (t > 0 && (contiguity === 0 || t < contiguity)) contiguity = t;
    }
  const all = [...origA, ...origB, ...defendersB.map((x) => x.ccode), ...defendersA.map((x) => x.ccode)];
  const borders: [number, number][] = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const t = ref.contiguity.type(all[i]!, all[j]!, startDate);
      if (t > 0 && t <= BORDER_MAX_CONTTYPE) borders.push([all[i]!, all[j]!]);
    }
  return {
    dispnum: num,
    startYear,
    startDate,
    era: eraOf(startYear),
    sideA: origA.sort((a, b) => a - b).map(mk),
    sideB: origB.sort((a, b) => a - b).map(mk),
    defendersB,
    defendersA,
    crossObligations,
    contiguity,
    borders,
  };
}

/**
 * Builds the cases of every dispute of a MID set. A dispute the model cannot use (no originator on
 * a side; a start outside the reference data's years) is skipped with an issue naming its MIDA line
 * and the reason (D49); a dispute is never silently dropped.
 */
export function buildCases(mid: MidSet, ref: Reference): Loaded<DisputeCase[]> {
  const out: DisputeCase[] = [];
  const skipped: DataIssue[] = [];
  for (const d of mid.disputes) {
    const parts = mid.participants.get(d.dispnum) ?? [];
    // A state may have several spells in one dispute; its side is its first row's, it is an
    // originator if any spell says so.
    const side = new Map<number, { sidea: number; orig: boolean; hostlev: number; abb: string }>();
    for (const p of parts) {
      const s = side.get(p.ccode);
      if (!s) side.set(p.ccode, { sidea: p.sidea, orig: p.orig === 1, hostlev: p.hostlev, abb: p.stabb });
      else {
        s.orig ||= p.orig === 1;
        s.hostlev = Math.max(s.hostlev, p.hostlev);
      }
    }
    const origA = [...side].filter(([, s]) => s.sidea === 1 && s.orig).map(([c]) => c);
    const origB = [...side].filter(([, s]) => s.sidea === 0 && s.orig).map(([c]) => c);
    if (origA.length === 0 || origB.length === 0) {
      skipped.push({ code: 'inconsistent', file: mid.files.mida, line: d.line, column: 'dispnum', message: `dispute ${d.dispnum} lacks an originator on side ${origA.length === 0 ? 'A' : 'B'}; dispute skipped` });
      continue;
    }
    // A dispute must lie within the reference data's years (the CINC of the year before it
    // starts, or of its start year): one dated 2030 against data ending in 2016 was accepted and
    // built from nothing (D30).
    const years = ref.nmc.years;
    if (years !== undefined && (d.styear < years.first || d.styear - 1 > years.last)) {
      skipped.push({ code: 'out-of-range', file: mid.files.mida, line: d.line, column: 'styear', message: `dispute ${d.dispnum} starts in ${d.styear}, outside the reference data's years (NMC CINC ${years.first}–${years.last}); a dispute may start from ${years.first} to ${years.last + 1}; dispute skipped` });
      continue;
    }
    const startDate = ymd(d.styear, d.stmon, d.stday);
    const features = onsetFeatures(d.dispnum, d.styear, startDate, origA, origB, ref, (c) => side.get(c)?.abb);
    const { defendersB, defendersA } = features;
    // ---- observed outcome (kept apart) ----
    let hl = 1;
    let hlB = 1;
    let joiners = 0;
    let defenderJoinedB = false;
    let defenderJoinedA = false;
    for (const [c, s] of side) {
      hl = Math.max(hl, s.hostlev);
      if (s.sidea === 0) hlB = Math.max(hlB, s.hostlev);
      if (!s.orig) {
        joiners++;
        if (s.sidea === 0 && defendersB.some((x) => x.ccode === c)) defenderJoinedB = true;
        if (s.sidea === 1 && defendersA.some((x) => x.ccode === c)) defenderJoinedA = true;
      }
    }
    const hostlev = Math.min(5, Math.max(2, hl)) as 2 | 3 | 4 | 5;
    out.push({
      features,
      observed: { hostlev, recip: hlB > 1, war: hostlev === 5, joiners, defenderJoinedB, defenderJoined: defenderJoinedA || defenderJoinedB, durationDays: d.maxdur },
    });
  }
  return { ok: true, value: out, skipped };
}

// ---------------------------------------------------------------------------------------------
// Covariates shared by the logit baseline and the reports (features only).

export const COVARIATE_NAMES = [
  'logCincRatio',
  'majorA',
  'majorB',
  'contiguous',
  'nuclearA',
  'nuclearB',
  'defenderB',
  'majorDefenderB',
  'era1914_1945',
  'era1946_1989',
  'era1990',
] as const;

/** ln(ΣCINC of side-A originators / ΣCINC of side-B originators) at onset. */
export function logCincRatio(f: DisputeFeatures): number {
  const sum = (l: StateAtOnset[]) => l.reduce((s, x) => s + x.cinc, 0);
  return Math.log(sum(f.sideA) / sum(f.sideB));
}

/** An originator of side A and one of side B were directly contiguous (land or ≤ 24 miles of water) at onset. */
export function contiguous(f: DisputeFeatures): boolean {
  return f.contiguity > 0 && f.contiguity <= BORDER_MAX_CONTTYPE;
}

export function covariates(f: DisputeFeatures): number[] {
  return [
    logCincRatio(f),
    f.sideA.some((x) => x.major) ? 1 : 0,
    f.sideB.some((x) => x.major) ? 1 : 0,
    contiguous(f) ? 1 : 0,
    f.sideA.some((x) => x.nuclear) ? 1 : 0,
    f.sideB.some((x) => x.nuclear) ? 1 : 0,
    f.defendersB.length > 0 ? 1 : 0,
    f.defendersB.some((x) => x.major) ? 1 : 0,
    f.era === '1914-1945' ? 1 : 0,
    f.era === '1946-1989' ? 1 : 0,
    f.era === '1990-' ? 1 : 0,
  ];
}

/** A minor-power target (no side-B originator is a major power) — for the §7 ally moment. */
export function minorTarget(f: DisputeFeatures): boolean {
  return !f.sideB.some((x) => x.major);
}
