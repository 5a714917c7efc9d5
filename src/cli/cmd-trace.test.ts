import { describe, expect, it } from 'vitest';
import type { Outcome, TrajectoryResult } from '../engine/types.js';
import { ENGINE_VERSION } from '../model/version.js';
import { formatTraceText, traceJson } from './cmd-trace.js';

const outcome: Outcome = {
  drawnIn: true, drawnInDay: 40, art4Count: 1, art4FirstDay: 12, art5: false, art5Day: -1, anyCollectiveDefense: false, anyCollectiveDefenseDay: -1, horizontal: false, horizontalDay: -1,
  partnerCollapse: false, partnerCollapseDay: -1, nuclearUse: false, nuclearUseDay: -1, maxRung: { europe: 4 },
  costAid: 1.234, costDeterrence: 0.5, costRisk: 0, costTotal: 1.734, finalCohesion: 0.8, peakCredibilityDebt: 0.4,
  escalationScore: 44, grayzoneCount: 1, eventCount: 3, episodeCount: 1, pathway: 'cable-sabotage > clash',
  maxMidLevelByActor: { RUS: 4, FIN: 1 }, firstEpisodeDays: 30, joiners: 0,
  byAlliance: {
    ids: ['NATO'], focal: 'NATO', drawnInDay: Float64Array.of(40), art4Count: Int32Array.of(1), art4FirstDay: Float64Array.of(12), art5Day: Float64Array.of(-1),
    costAid: Float64Array.of(1.234), costDeterrence: Float64Array.of(0.5), costRisk: Float64Array.of(0), costTotal: Float64Array.of(1.734),
    finalCohesion: Float64Array.of(0.8), peakCredibilityDebt: Float64Array.of(0.4),
  },
  dyads: { keys: [], day: new Float64Array(0) },
};
const result: TrajectoryResult = {
  seed: 7, trajectory: 2, outcome, episodeDurations: [], openEpisodes: 1, series: null,
  events: [
    { id: 0, day: 3, actor: 'RUS', action: 'cable-sabotage', category: 'grayzone', target: 'FIN', theatre: 'europe', rung: 1, causes: [] },
    { id: 1, day: 12, actor: 'FIN', action: 'article-4-consultation', category: 'alliance', target: null, theatre: null, rung: 1, causes: [0], note: 'joint request' },
    { id: 2, day: 40, actor: 'RUS', action: 'clash', category: 'kinetic', target: 'FIN', theatre: 'europe', rung: 4, causes: [0, 1] },
  ],
};

describe('trace output', () => {
  it('text: one aligned line per event with causes, then the outcome', () => {
    const lines = formatTraceText(result, 's.yaml', 'abcdef0123456789');
    expect(lines.slice(0, 4)).toEqual([
      `s.yaml  seed 7  trajectory 2  (engine ${ENGINE_VERSION}, scenario abcdef012345)`,
      '#0   day   3  RUS  cable-sabotage → FIN  [europe rung 1]',
      '#1   day  12  FIN  article-4-consultation  [- rung 1]  ← #0  (joint request)',
      '#2   day  40  RUS  clash → FIN  [europe rung 4]  ← #0,#1',
    ]);
    expect(lines).toContain('outcome');
    expect(lines.find((l) => l.includes('drawn in'))).toMatch(/yes, day 40$/);
    expect(lines.find((l) => l.includes('pathway'))).toMatch(/cable-sabotage > clash$/);
  });

  it('json: exactly the documented fields', () => {
    const j = traceJson(result, 'h');
    expect(Object.keys(j)).toEqual(['engineVersion', 'scenarioHash', 'seed', 'trajectory', 'events', 'outcome']);
    expect(j.engineVersion).toBe(ENGINE_VERSION);
    expect(Object.keys(j.events[1]!)).toEqual(['id', 'day', 'actor', 'action', 'category', 'target', 'theatre', 'rung', 'causes']);
    expect(j.events[2]!.causes).toEqual([0, 1]);
  });
});
