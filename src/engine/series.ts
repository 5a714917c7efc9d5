/**
 * Weekly series (week w = day 7w) as observers: each row of SERIES_OBSERVERS reads one number
 * from the State when the event loop samples the week. The rung of every theatre comes first
 * (Series.rung). To add a series: a row here, its field in types.ts `Series`, and its fan row in
 * montecarlo/aggregate.ts FAN_SERIES (label and binning); docs/engine.md.
 */
import type { State } from './state.js';
import type { Series } from './types.js';

export type SeriesField = Exclude<keyof Series, 'weeks' | 'rung'>;

/** Highest domestic pressure among the focal alliance's members. */
function focalPressure(st: State): number {
  const f = st.focal;
  if (f < 0) return NaN;
  const m = st.sc.alliances[f]!.members;
  let pmax = 0;
  for (let k = 0; k < m.length; k++) {
    const mk = m[k]!;
    // Stored pressure bounds the decayed value from above: a member whose stored pressure is
    // no more than the running maximum cannot raise it (skips the decay's exp, same result).
    if (st.pressure[mk]! > pmax) {
      const pr = st.pressureNow(mk);
      if (pr > pmax) pmax = pr;
    }
  }
  return pmax;
}

/** Mean stockpile (days) of the focal alliance's members. */
function focalStockpile(st: State): number {
  const f = st.focal;
  if (f < 0) return NaN;
  const m = st.sc.alliances[f]!.members;
  let stock = 0;
  for (let k = 0; k < m.length; k++) stock += st.stockpile[m[k]!]!;
  return stock / m.length;
}

/** The weekly series other than the rungs, in Series field order. */
export const SERIES_OBSERVERS: readonly { field: SeriesField; read: (st: State) => number }[] = [
  { field: 'cohesion', read: (st) => (st.focal >= 0 ? st.allianceCohesion(st.focal) : NaN) },
  { field: 'credibilityDebt', read: (st) => (st.focal >= 0 ? st.debtNow(st.focal) : NaN) },
  { field: 'pressure', read: focalPressure },
  { field: 'stockpileAlliance', read: focalStockpile },
  { field: 'stockpilePartner', read: (st) => (st.sc.partners.length > 0 ? st.stockpile[st.sc.partners[0]!.actorIx]! : NaN) },
  { field: 'stockpileAdversary', read: (st) => (st.mainAdversary >= 0 ? st.stockpile[st.mainAdversary]! : NaN) },
];

/** Arrays for one trajectory's weekly samples. */
export function allocSeries(st: State): Series {
  const weeks = Math.floor((st.horizon - 1) / 7) + 1;
  const s = { weeks, rung: st.sc.theatres.map(() => new Float64Array(weeks)) } as Partial<Series> & Pick<Series, 'weeks' | 'rung'>;
  for (const o of SERIES_OBSERVERS) s[o.field] = new Float64Array(weeks);
  return s as Series;
}

/** Sample week w into st.series (no-op past the last week). */
export function sampleWeek(st: State, w: number): void {
  const se = st.series!;
  if (w >= se.weeks) return;
  for (let t = 0; t < st.nT; t++) se.rung[t]![w] = st.rung[t]!;
  for (let k = 0; k < SERIES_OBSERVERS.length; k++) {
    const o = SERIES_OBSERVERS[k]!;
    se[o.field][w] = o.read(st);
  }
}
