import { describe, expect, it } from 'vitest';
import type { Outcome, TraceEvent, TrajectoryResult } from '../engine/types.js';
import { ENGINE_VERSION } from '../model/version.js';
import { drawShare, formatTraceText, traceJson } from './cmd-trace.js';
import { renderRunReport } from '../report/html.js';
import type { RunSummary } from '../analysis/summary.js';
import { expectRefusal, runCli } from './test-helpers.js';

const outcome: Outcome = {
  drawnIn: true, drawnInDay: 40, art4Count: 1, art4FirstDay: 12, art4Days: 7, joinsBelowWar: 0, art5: false, art5Day: -1, anyCollectiveDefense: false, anyCollectiveDefenseDay: -1, horizontal: false, horizontalDay: -1,
  partnerCollapse: false, partnerCollapseDay: -1, nuclearUse: false, nuclearUseDay: -1, maxRung: { europe: 4 },
  costAid: 1.234, costDeterrence: 0.5, costRisk: 0, costTotal: 1.734, finalCohesion: 0.8, peakCredibilityDebt: 0.4,
  escalationScore: 44, grayzoneCount: 1, eventCount: 3, episodeCount: 1, pathway: 'cable-sabotage > clash', pathwayDay: 40,
  maxMidLevelByActor: { RUS: 4, FIN: 1 }, firstEpisodeDays: 30, joiners: 0,
  byAlliance: {
    ids: ['NATO'], focal: 'NATO', drawnInDay: Float64Array.of(40), art4Count: Int32Array.of(1), art4FirstDay: Float64Array.of(12), art4Days: Int32Array.of(7), joinsBelowWar: Int32Array.of(0), art5Day: Float64Array.of(-1),
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

describe('--why share of the draw', () => {
  it('keeps two significant digits below 1%, so a long shot does not read as 0.0%', () => {
    expect(drawShare(0.00018)).toBe('0.018%');
    expect(drawShare(0.123)).toBe('12.3%');
    expect(drawShare(0)).toBe('0.0%');
  });
});

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
    expect(lines.find((l) => l.includes('pathway'))).toMatch(/cable-sabotage → clash \(events #0 → #2, rung 4 on day 40\)$/);
  });

  it('json: exactly the documented fields', () => {
    const j = traceJson(result, 'h');
    expect(Object.keys(j)).toEqual(['engineVersion', 'scenarioHash', 'seed', 'trajectory', 'events', 'outcome']);
    expect(j.engineVersion).toBe(ENGINE_VERSION);
    expect(Object.keys(j.events[1]!)).toEqual(['id', 'day', 'actor', 'action', 'category', 'target', 'theatre', 'rung', 'causes']);
    expect(j.events[2]!.causes).toEqual([0, 1]);
  });
});

describe('explainable traces through the CLI (D32)', () => {
  const BASE = 'scenarios/baseline-2025.yaml';
  const TWO = 'scenarios/two-theatre.yaml';
  type J = { trajectory: number; events: TraceEvent[]; outcome: { art4FirstDay: number; byAlliance: Record<string, { art4FirstDay: number }>; dyads: Record<string, number> } };
  const traceOf = async (file: string, ...args: string[]): Promise<J> => {
    const r = await runCli('trace', file, '--json', ...args);
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as J;
  };

  it('text: a why line under each chosen event, a because line under each causeless one, [scripted] on injects', async () => {
    const r = await runCli('trace', TWO, '--seed', '1');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const inj = lines.findIndex((l) => l.includes('[scripted]'));
    expect(lines[inj]).toMatch(/RUS\s+strike-on-member-territory → POL\s+\[europe rung 4\]\s+\[scripted\]/);
    expect(lines[inj]).not.toContain('←');
    expect(lines.filter((l) => /^\s+why: .* → U -?\d\.\d\d.*, h [\d.e-]+\/day \((\d+(st|nd|rd|th) of \d+ options|its only option)/.test(l)).length).toBeGreaterThan(50);
    expect(lines.some((l) => /^\s+because: .*hostility [A-Z]+→[A-Z]+ \d\.\d\d/.test(l))).toBe(true);
  });

  it('json: injected, reasons and decision where they apply; the decision terms add up to its sum', async () => {
    const j = await traceOf(TWO, '--seed', '2');
    const inj = j.events.filter((e) => e.injected);
    expect(inj.length).toBe(1);
    expect(inj[0]!.causes).toEqual([]);
    expect(inj[0]!.decision).toBeUndefined();
    expect(inj[0]!.reasons).toEqual(['scripted: injects[0] on day 20']);
    const chosen = j.events.filter((e) => e.decision !== undefined);
    expect(chosen.length).toBeGreaterThan(50);
    for (const e of chosen) {
      let x = 0;
      for (const t of e.decision!.terms) x += t.value;
      expect(x).toBe(e.decision!.sum);
      expect(Object.keys(e)).toEqual(['id', 'day', 'actor', 'action', 'category', 'target', 'theatre', 'rung', 'causes', ...(e.reasons ? ['reasons'] : []), 'decision']);
    }
    for (const e of j.events) if (e.rung >= 4) expect(e.causes.length + (e.reasons?.length ?? 0)).toBeGreaterThan(0);
  });

  it('--why N: the full decomposition of one event; bad N or --why with --json exit 1 naming --why', async () => {
    const j = await traceOf(BASE, '--seed', '1');
    const e = j.events.find((x) => x.decision !== undefined && x.decision.terms.length >= 4)!;
    const r = await runCli('trace', BASE, '--seed', '1', '--why', String(e.id));
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out[0]).toContain(`${e.actor}  ${e.action}`);
    expect(out.find((l) => /^\s+sum\s/.test(l))).toContain(`${e.decision!.sum < 0 ? '−' : '+'}${Math.abs(e.decision!.sum).toFixed(4)}`);
    for (const t of e.decision!.terms) expect(r.out).toMatch(new RegExp(`^\\s+${t.term}\\s`, 'm'));
    expect(r.out).toContain('alternatives (by hazard):');
    const engineEvent = j.events.find((x) => x.decision === undefined && x.causes.length === 0)!;
    expect((await runCli('trace', BASE, '--seed', '1', '--why', String(engineEvent.id))).out).toMatch(/no decision: (an engine rule|the scenario scripted)/);
    await expectRefusal(runCli('trace', BASE, '--seed', '1', '--why', String(j.events.length)), '--why', `#${j.events.length - 1}`);
    await expectRefusal(runCli('trace', BASE, '--why', '1', '--json'), '--why');
  });

  it('--list and --where agree with each other and with a scan of traces; unknown keys exit 1 listing the keys', async () => {
    const RUNS = 24;
    const scan = await Promise.all(Array.from({ length: RUNS }, (_, k) => traceOf(BASE, '--seed', '1', '--trajectory', String(k))));
    const fromTraces: Record<string, string[]> = {
      article4: scan.filter((t) => t.outcome.art4FirstDay >= 0).map((t) => `${t.trajectory}\t${t.outcome.art4FirstDay}`),
      'NATO.article4': scan.filter((t) => t.outcome.byAlliance.NATO!.art4FirstDay >= 0).map((t) => `${t.trajectory}\t${t.outcome.byAlliance.NATO!.art4FirstDay}`),
      'rung4.europe': scan.flatMap((t) => {
        const e = t.events.find((x) => x.theatre === 'europe' && x.rung >= 4);
        return e ? [`${t.trajectory}\t${e.day}`] : [];
      }),
    };
    const plain = await runCli('run', BASE, '--runs', String(RUNS), '--seed', '1', '--workers', '1', '--no-progress');
    for (const [key, want] of Object.entries(fromTraces)) {
      expect(want.length, key).toBeGreaterThan(0);
      const r = await runCli('run', BASE, '--runs', String(RUNS), '--seed', '1', '--workers', '1', '--no-progress', '--list', key);
      expect(r.code).toBe(0);
      // --list adds its block after the usual output, which it leaves as it was.
      expect(r.out.startsWith(plain.out)).toBe(true);
      const block = r.out.slice(plain.out.length).trim().split('\n');
      expect(block[0]).toContain(`${key} happened in ${want.length} of ${RUNS} trajectories`);
      expect(block.slice(2)).toEqual(want);
      const nth = Math.min(2, want.length);
      const w = await runCli('trace', BASE, '--seed', '1', '--where', key, '--nth', String(nth), '--json');
      expect(w.code).toBe(0);
      const [k, day] = want[nth - 1]!.split('\t');
      expect((JSON.parse(w.out) as J).trajectory).toBe(Number(k));
      expect(w.err).toContain(`${key} happened on day ${day} of trajectory ${k}`);
    }
    await expectRefusal(runCli('run', BASE, '--runs', '2', '--seed', '1', '--workers', '1', '--list', 'art5'), '--list', '"art5"', 'drawnIn', 'NATO.article4', 'dyad.USA-CHN', 'rung4.europe');
    await expectRefusal(runCli('trace', BASE, '--where', 'dyad.X-Y'), '--where', '"dyad.X-Y"', 'dyad.USA-RUS');
    await expectRefusal(runCli('trace', BASE, '--where', 'drawnIn', '--trajectory', '3'), '--where', '--trajectory');
    await expectRefusal(runCli('trace', BASE, '--nth', '2'), '--nth', '--where');
    await expectRefusal(runCli('run', BASE, '--runs', '2', '--seed', '1', '--list', 'drawnIn', '--json'), '--list', '--json');
  });

  it('run: pathways through an inject start with inject:, the method and the reading say so; none without injects', async () => {
    const two = await runCli('run', TWO, '--runs', '8', '--seed', '1', '--workers', '1', '--json', '--no-progress');
    const s = JSON.parse(two.out) as { pathways: { top: { pathway: string; steps: string[] }[] }; method: { pathways: string } };
    expect(s.pathways.top.length).toBeGreaterThan(0);
    for (const p of s.pathways.top) {
      // two-theatre's day-20 strike is scripted and rung 4 in every run: the first rung-4 event.
      expect(p.steps).toEqual(['inject:strike-on-member-territory']);
    }
    expect(s.method.pathways).toContain('inject:<action> is a scripted event');
    // The report marks it too: the table row, the caption, the reading, and the trace command of an example run.
    const html = renderRunReport(JSON.parse(two.out) as RunSummary, { d3: '', plot: '' }, { scenarioFile: TWO });
    expect(html).toContain('<td>inject:strike-on-member-territory</td>');
    expect(html).toContain('A step that begins “inject:” is a scripted event of the scenario (an inject), not one the model chose.');
    expect(html).toContain('the scripted strike-on-member-territory, a scenario inject');
    expect(html).toContain(`brink trace ${TWO} --seed 1 --trajectory 0`);
    const text = await runCli('run', TWO, '--runs', '8', '--seed', '1', '--workers', '1', '--no-progress');
    expect(text.out).toContain('the scripted strike-on-member-territory, a scenario inject (100.0% of the 8 runs that reached rung 4; 1 distinct pathway in all)');
    const base = await runCli('run', BASE, '--runs', '8', '--seed', '1', '--workers', '1', '--json', '--no-progress');
    expect((JSON.parse(base.out) as { method: { pathways: string } }).method.pathways).not.toContain('inject:');
  });

  it('--help explains the notation', async () => {
    const r = await runCli('trace', '--help');
    for (const s of ['[scripted]', 'because:', 'why:', '← the earlier events', 'rung AFTER the event', '--why N', 'inject:<action>', 'pathway to rung 4: a → b → c', '0 competition, 1 gray zone']) expect(r.out).toContain(s);
  });
});
