/**
 * Synthetic TrajectoryResults for testing aggregation, statistics and reports without the engine
 * (and for timing the aggregation hot path on its own). The numbers are plausible in shape, not
 * a model: a pure function of (seed, trajectory) through the keyed random source.
 */
import { KeyedRandom } from '../random/index.js';
import type { Outcome, Series, TrajectoryResult } from '../engine/types.js';

const PATH_STEPS = ['cyber-intrusion', 'airspace-violation', 'sabotage-cable', 'show-of-force', 'border-violation', 'clash', 'strike-member-territory', 'shoot-down'];

export interface SyntheticOptions {
  theatreIds?: string[];
  horizonDays?: number;
  series?: boolean;
  /** Shifts event probabilities (a crude "policy" for compare tests). */
  risk?: number;
  /** Collective-defence alliance ids (Outcome.byAlliance); the first mirrors the top-level outcome. Default ['ALL']. */
  allianceIds?: string[];
  /** Dyad keys (Outcome.dyads). Default none. */
  dyadKeys?: string[];
}

/** One synthetic trajectory: deterministic in (seed, trajectory, options). */
export function syntheticTrajectory(seed: number, trajectory: number, opts: SyntheticOptions = {}): TrajectoryResult {
  const theatres = opts.theatreIds ?? ['europe', 'indo-pacific'];
  const horizon = opts.horizonDays ?? 730;
  const risk = opts.risk ?? 1;
  const rnd = new KeyedRandom(seed, trajectory);
  let c = 0;
  const u = (): number => rnd.u(9001, 0, c++);
  const dayIf = (p: number): number => (u() < p * risk ? Math.floor(u() * horizon) : -1);
  const drawnInDay = dayIf(0.15);
  const art4FirstDay = dayIf(0.4);
  const art5Day = drawnInDay >= 0 && u() < 0.4 ? Math.min(horizon, drawnInDay + Math.floor(u() * 20)) : -1;
  const horizontalDay = dayIf(0.25);
  const partnerCollapseDay = dayIf(0.08);
  const nuclearUseDay = art5Day >= 0 && u() < 0.05 ? art5Day : -1;
  const maxRung: Record<string, number> = {};
  theatres.forEach((t, i) => {
    const base = i === 0 ? 3 : 1;
    let r = base + Math.floor(u() * 3 * risk);
    if (drawnInDay >= 0 && i === 0) r = Math.max(r, 4);
    if (art5Day >= 0 && i === 0) r = Math.max(r, 5);
    if (nuclearUseDay >= 0 && i === 0) r = 6;
    maxRung[t] = Math.min(6, r);
  });
  const reached4 = Object.values(maxRung).some((r) => r >= 4);
  const steps = 1 + Math.floor(u() * 4);
  const path: string[] = [];
  for (let s = 0; s < steps; s++) path.push(PATH_STEPS[Math.floor(u() * PATH_STEPS.length)]!);
  const costAid = 20 + 80 * u();
  const costDeterrence = 5 + 10 * u();
  const costRisk = drawnInDay >= 0 ? 50 + 2000 * u() * u() : u() < 0.3 ? 0 : u();
  const art4Count = art4FirstDay >= 0 ? 1 + Math.floor(-Math.log(u()) * 1.5) : 0;
  const eventCount = 100 + Math.floor(400 * u());
  const outcome: Outcome = {
    drawnIn: drawnInDay >= 0,
    drawnInDay,
    art4Count,
    art4FirstDay,
    // No draw of its own (the other synthetic outcomes keep their values): a week per consultation.
    art4Days: Math.min(horizon, 7 * art4Count),
    joinsBelowWar: 0,
    art5: art5Day >= 0,
    art5Day,
    anyCollectiveDefense: art5Day >= 0,
    anyCollectiveDefenseDay: art5Day,
    horizontal: horizontalDay >= 0,
    horizontalDay,
    partnerCollapse: partnerCollapseDay >= 0,
    partnerCollapseDay,
    nuclearUse: nuclearUseDay >= 0,
    nuclearUseDay,
    maxRung,
    costAid,
    costDeterrence,
    costRisk,
    costTotal: costAid + costDeterrence + costRisk,
    finalCohesion: 0.5 + 0.4 * u(),
    peakCredibilityDebt: 3 * u(),
    escalationScore: Math.round(eventCount * (4 + 10 * u()) - 50 * u()),
    grayzoneCount: Math.floor(eventCount * 0.4),
    eventCount,
    episodeCount: 3 + Math.floor(10 * u()),
    pathway: reached4 ? path.join(' > ') : '',
    // No draw (the stream stays as before): the drawn-in day when there is one, else a day from the index.
    pathwayDay: reached4 ? (drawnInDay >= 0 ? drawnInDay : (trajectory * 37) % horizon) : -1,
    maxMidLevelByActor: {},
    firstEpisodeDays: Math.floor(u() * horizon),
    joiners: art5Day >= 0 ? 3 : 0,
    byAlliance: {
      ids: opts.allianceIds ?? ['ALL'],
      focal: (opts.allianceIds ?? ['ALL'])[0] ?? '',
      drawnInDay: new Float64Array(0), art4Count: new Int32Array(0), art4FirstDay: new Float64Array(0), art4Days: new Int32Array(0), joinsBelowWar: new Int32Array(0), art5Day: new Float64Array(0),
      costAid: new Float64Array(0), costDeterrence: new Float64Array(0), costRisk: new Float64Array(0), costTotal: new Float64Array(0),
      finalCohesion: new Float64Array(0), peakCredibilityDebt: new Float64Array(0),
    },
    dyads: { keys: opts.dyadKeys ?? [], day: new Float64Array((opts.dyadKeys ?? []).length) },
  };
  // Alliance 0 is the top-level (focal) outcome; the others are drawn, with half its risk.
  {
    const b = outcome.byAlliance;
    const A = b.ids.length;
    const f = (): Float64Array => new Float64Array(A);
    Object.assign(b, { drawnInDay: f(), art4Count: new Int32Array(A), art4FirstDay: f(), art4Days: new Int32Array(A), joinsBelowWar: new Int32Array(A), art5Day: f(), costAid: f(), costDeterrence: f(), costRisk: f(), costTotal: f(), finalCohesion: f(), peakCredibilityDebt: f() });
    for (let q = 0; q < A; q++) {
      const d = q === 0 ? drawnInDay : dayIf(0.07);
      b.drawnInDay[q] = d;
      b.art4FirstDay[q] = q === 0 ? art4FirstDay : dayIf(0.2);
      b.art4Count[q] = q === 0 ? art4Count : b.art4FirstDay[q]! >= 0 ? 1 : 0;
      b.art4Days[q] = Math.min(horizon, 7 * b.art4Count[q]!);
      b.art5Day[q] = q === 0 ? art5Day : d >= 0 && u() < 0.3 ? d : -1;
      b.costAid[q] = q === 0 ? costAid : 10 * u();
      b.costDeterrence[q] = q === 0 ? costDeterrence : 2 + 3 * u();
      b.costRisk[q] = q === 0 ? costRisk : d >= 0 ? 20 + 500 * u() : 0;
      b.costTotal[q] = b.costAid[q]! + b.costDeterrence[q]! + b.costRisk[q]!;
      b.finalCohesion[q] = q === 0 ? outcome.finalCohesion : 0.6 + 0.3 * u();
      b.peakCredibilityDebt[q] = q === 0 ? outcome.peakCredibilityDebt : u();
    }
    for (let k = 0; k < outcome.dyads.day.length; k++) outcome.dyads.day[k] = dayIf(0.05);
  }
  const durations: number[] = [];
  const nDur = Math.floor(u() * 8);
  for (let k = 0; k < nDur; k++) durations.push(Math.floor(-Math.log(u()) * 40));
  let series: Series | null = null;
  if (opts.series !== false) {
    const weeks = Math.floor(horizon / 7) + 1;
    const mk = (): Float64Array => new Float64Array(weeks);
    series = {
      weeks,
      rung: theatres.map(() => mk()),
      cohesion: mk(),
      credibilityDebt: mk(),
      pressure: mk(),
      stockpileAlliance: mk(),
      stockpilePartner: mk(),
      stockpileAdversary: mk(),
    };
    let coh = 0.8;
    let debt = 0;
    let stock = 40;
    for (let w = 0; w < weeks; w++) {
      for (let t = 0; t < theatres.length; t++) series.rung[t]![w] = Math.min(maxRung[theatres[t]!]!, Math.floor(u() * 7));
      coh = Math.min(1, Math.max(0, coh + (u() - 0.52) * 0.03));
      debt = Math.max(0, debt * 0.97 + (u() < 0.2 ? u() : 0));
      stock = Math.max(0, stock + (u() - 0.55) * 3);
      series.cohesion[w] = coh;
      series.credibilityDebt[w] = debt;
      series.pressure[w] = u() * 0.6;
      series.stockpileAlliance[w] = stock;
      series.stockpilePartner[w] = stock * 0.5;
      series.stockpileAdversary[w] = NaN;
    }
  }
  return { seed, trajectory, outcome, episodeDurations: durations, openEpisodes: Math.floor(u() * 3), events: null, series };
}
