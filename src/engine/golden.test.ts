/**
 * Golden scenario test: the 2025 baseline, fixed seed, 100 trajectories of 730 days, against the
 * bands of the issue. The observed figures are printed so that CI output shows where they sit.
 *
 * The test pins its own parameters (golden-params.json: the defaults when the bands were last
 * checked, 2026-11-22), so a recalibration of the defaults (brink calibrate) does not move it; a
 * parameter added later keeps its engine default. The scenario's included parameter files
 * (scenarios/params/calibrated.yaml) are not read: engine defaults, then the pinned values.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { builtin, runBatch } from './test-helpers.js';
import { defaultParams, type Params } from '../model/params.js';

const PINNED = JSON.parse(readFileSync(new URL('./golden-params.json', import.meta.url), 'utf8')) as Partial<Params>;

const SEED = 1;
const RUNS = 100;

describe('golden: baseline-2025, seed 1, 100 × 730 days', () => {
  const sc0 = builtin('baseline-2025');
  const sc = { ...sc0, params: { ...defaultParams(), ...PINNED } };
  expect(sc.horizonDays).toBe(730);
  const rs = runBatch(sc, RUNS, SEED);
  const durations = rs.flatMap((r) => r.episodeDurations).sort((a, b) => a - b);
  const median = durations.length ? (durations[(durations.length - 1) >> 1]! + durations[durations.length >> 1]!) / 2 : NaN;
  const figures = {
    grayzoneTrajectories: rs.filter((r) => r.outcome.grayzoneCount > 0).length,
    pRung4Europe: rs.filter((r) => r.outcome.maxRung.europe! >= 4).length / RUNS,
    pNuclearUse: rs.filter((r) => r.outcome.nuclearUse).length / RUNS,
    pArticle4: rs.filter((r) => r.outcome.art4Count > 0).length / RUNS,
    medianEpisodeDays: median,
    endedEpisodes: durations.length,
    pArticle5: rs.filter((r) => r.outcome.art5).length / RUNS,
    pDrawnIn: rs.filter((r) => r.outcome.drawnIn).length / RUNS,
    pPartnerCollapse: rs.filter((r) => r.outcome.partnerCollapse).length / RUNS,
    meanGrayzone: rs.reduce((a, r) => a + r.outcome.grayzoneCount, 0) / RUNS,
  };
  console.log(`[golden baseline-2025] ${Object.entries(figures).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`).join(' ')}`);

  it(`gray-zone incidents in at least 95 of 100 trajectories (observed ${figures.grayzoneTrajectories})`, () => {
    expect(figures.grayzoneTrajectories).toBeGreaterThanOrEqual(95);
  });
  it(`P(rung ≥ 4 in Europe) between 2% and 40% (observed ${(100 * figures.pRung4Europe).toFixed(0)}%)`, () => {
    expect(figures.pRung4Europe).toBeGreaterThanOrEqual(0.02);
    expect(figures.pRung4Europe).toBeLessThanOrEqual(0.4);
  });
  it(`P(nuclear use) below 1% (observed ${(100 * figures.pNuclearUse).toFixed(0)}%)`, () => {
    expect(figures.pNuclearUse).toBeLessThan(0.01);
  });
  it(`P(at least one Article 4 consultation) between 10% and 95% (observed ${(100 * figures.pArticle4).toFixed(0)}%)`, () => {
    expect(figures.pArticle4).toBeGreaterThanOrEqual(0.1);
    expect(figures.pArticle4).toBeLessThanOrEqual(0.95);
  });
  it(`median episode duration between 7 and 120 days — weeks, not the horizon (observed ${figures.medianEpisodeDays} over ${figures.endedEpisodes} ended episodes)`, () => {
    expect(figures.endedEpisodes).toBeGreaterThan(RUNS); // more than one crisis ends per trajectory on average
    expect(figures.medianEpisodeDays).toBeGreaterThanOrEqual(7);
    expect(figures.medianEpisodeDays).toBeLessThanOrEqual(120);
  });
});
