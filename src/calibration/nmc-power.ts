/**
 * The military power index of MODEL.md §8, derived from the Correlates of War National Material
 * Capabilities data (NMC v7.0, /work/shared/data/cow_nmc_cinc.csv; Singer, Bremer & Stuckey 1972).
 *
 *     power_i = W_MILEX · milex_i / Σ_j milex_j  +  W_MILPER · milper_i / Σ_j milper_j
 *
 * over all states of the year, with W_MILEX = 0.75 and W_MILPER = 0.25. Why these weights:
 * CINC averages six components, four of which (iron and steel, energy, total and urban
 * population) measure national, not military, capability, so it rates China at 0.234 and the
 * United States at 0.124 in 2022. Military expenditure is the best single public proxy of modern
 * military capability (it buys equipment, training, readiness and R&D), so it carries three
 * quarters of the weight; military personnel keeps mass in (large conscript armies such as North
 * Korea's, Iran's or Russia's count for something even when their spending is small or unknown).
 * The index is a labelled prior (MODEL.md §7): sweep the weights with `powerWeights`.
 *
 * Missing values (empty or -9) are carried forward from the state's latest earlier reported
 * year (`impute: 'locf'`, the default), so a state whose spending is unreported (North Korea's
 * milex is missing since 2002) still counts in the world total and gets a share; `impute: 'zero'`
 * drops such values instead. Every imputation is reported.
 *
 * Units in the file: milex in thousands of current US dollars, milper in thousands of personnel.
 * Pure: takes CSV text, no node: imports.
 */
import { csvObjects, numOrNull } from './csv.js';

export const POWER_WEIGHTS = { milex: 0.75, milper: 0.25 } as const;

/** Significant digits kept when power values are written into scenario files. */
export const POWER_SIGNIFICANT_DIGITS = 3;

/** The rounding used for scenario `power` fields (3 significant digits, so small states stay > 0). */
export function roundPower(x: number): number {
  return Number(x.toPrecision(POWER_SIGNIFICANT_DIGITS));
}

export interface NmcRow {
  ccode: number;
  year: number;
  milex: number | null;
  milper: number | null;
  irst: number | null;
  pec: number | null;
  tpop: number | null;
  upop: number | null;
  cinc: number | null;
}

export function parseNmc(nmcCsvText: string): NmcRow[] {
  return csvObjects(nmcCsvText).map((o) => {
    const ccode = numOrNull(o.ccode);
    const year = numOrNull(o.year);
    if (ccode === null || year === null) throw new Error(`NMC: row without ccode or year: ${JSON.stringify(o)}`);
    return {
      ccode,
      year,
      milex: numOrNull(o.milex),
      milper: numOrNull(o.milper),
      irst: numOrNull(o.irst),
      pec: numOrNull(o.pec),
      tpop: numOrNull(o.tpop),
      upop: numOrNull(o.upop),
      cinc: numOrNull(o.cinc),
    };
  });
}

export interface PowerRow {
  ccode: number;
  /** Values used (after imputation), in the file's units. */
  milex: number;
  milper: number;
  milexShare: number;
  milperShare: number;
  power: number;
  cinc: number | null;
  /** Year a carried-forward value comes from, when the value of `year` is missing. */
  milexFrom?: number;
  milperFrom?: number;
}

export interface PowerDerivation {
  year: number;
  weights: { milex: number; milper: number };
  impute: 'locf' | 'zero';
  totalMilex: number;
  totalMilper: number;
  /** Every state of the year, by ccode. */
  byCcode: Map<number, PowerRow>;
  /** States with an imputed component. */
  imputed: PowerRow[];
}

export interface PowerOptions {
  weights?: { milex: number; milper: number };
  impute?: 'locf' | 'zero';
}

/**
 * Derives the military power index for every state in `year` (default: the latest year in the
 * data). Shares sum to 1 over all states of that year.
 */
export function derivePower(nmcCsvText: string, year?: number, options: PowerOptions = {}): PowerDerivation {
  const weights = options.weights ?? POWER_WEIGHTS;
  const impute = options.impute ?? 'locf';
  if (Math.abs(weights.milex + weights.milper - 1) > 1e-12) throw new Error('power weights must sum to 1');
  const rows = parseNmc(nmcCsvText);
  const y = year ?? rows.reduce((m, r) => Math.max(m, r.year), -Infinity);
  const ofYear = rows.filter((r) => r.year === y);
  if (ofYear.length === 0) throw new Error(`NMC: no states in ${y}`);

  // Latest earlier reported value per state and component (for carry-forward).
  const last = (ccode: number, key: 'milex' | 'milper'): { v: number; year: number } | null => {
    let best: { v: number; year: number } | null = null;
    for (const r of rows) {
      if (r.ccode !== ccode || r.year >= y) continue;
      const v = r[key];
      if (v !== null && v >= 0 && (best === null || r.year > best.year)) best = { v, year: r.year };
    }
    return best;
  };

  const prelim = ofYear.map((r) => {
    const out: Omit<PowerRow, 'milexShare' | 'milperShare' | 'power'> = { ccode: r.ccode, milex: 0, milper: 0, cinc: r.cinc };
    for (const key of ['milex', 'milper'] as const) {
      const v = r[key];
      if (v !== null && v >= 0) {
        out[key] = v;
      } else if (impute === 'locf') {
        const l = last(r.ccode, key);
        if (l) {
          out[key] = l.v;
          if (key === 'milex') out.milexFrom = l.year;
          else out.milperFrom = l.year;
        }
      }
    }
    return out;
  });
  // Sums in ccode order so the result does not depend on the file's row order.
  prelim.sort((a, b) => a.ccode - b.ccode);
  const totalMilex = prelim.reduce((s, r) => s + r.milex, 0);
  const totalMilper = prelim.reduce((s, r) => s + r.milper, 0);
  if (totalMilex <= 0 || totalMilper <= 0) throw new Error(`NMC: no military data in ${y}`);

  const byCcode = new Map<number, PowerRow>();
  const imputed: PowerRow[] = [];
  for (const r of prelim) {
    const milexShare = r.milex / totalMilex;
    const milperShare = r.milper / totalMilper;
    const row: PowerRow = { ...r, milexShare, milperShare, power: weights.milex * milexShare + weights.milper * milperShare };
    byCcode.set(r.ccode, row);
    if (row.milexFrom !== undefined || row.milperFrom !== undefined) imputed.push(row);
  }
  return { year: y, weights: { ...weights }, impute, totalMilex, totalMilper, byCcode, imputed };
}

/**
 * The COW country code of each actor id used in the built-in scenarios (ISO 3166 alpha-3 style
 * ids; COW's own abbreviations differ, e.g. GMY, UKG, TAW). Source: cow_states_2016.csv.
 */
export const ACTOR_CCODES: Readonly<Record<string, number>> = {
  USA: 2, CAN: 20, GBR: 200, NLD: 210, BEL: 211, LUX: 212, FRA: 220, ESP: 230, PRT: 235,
  DEU: 255, POL: 290, HUN: 310, CZE: 316, SVK: 317, ITA: 325, ALB: 339, MNE: 341, MKD: 343,
  HRV: 344, SVN: 349, GRC: 350, BGR: 355, ROU: 360, RUS: 365, EST: 366, LVA: 367, LTU: 368,
  UKR: 369, BLR: 370, FIN: 375, SWE: 380, NOR: 385, DNK: 390, ISL: 395, IRN: 630, TUR: 640,
  CHN: 710, TWN: 713, PRK: 731, KOR: 732, JPN: 740, AUS: 900,
};

/** COW state abbreviations by ccode, from cow_states_2016.csv text. */
export function parseStateAbbreviations(statesCsvText: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const o of csvObjects(statesCsvText)) {
    const c = numOrNull(o.ccode);
    if (c !== null && o.stateabb && !out.has(c)) out.set(c, o.stateabb);
  }
  return out;
}
