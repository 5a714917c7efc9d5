/** Episodes, rungs and horizontal escalation (MODEL.md §3, §1). */
import { describe, expect, it } from 'vitest';
import { endEpisode, refreshTheatreRung, touchEpisode } from './episodes.js';
import {
  actorIx, compile, eventsOf, freshState, logFigures, mean, runBatch, runBatchWithState, runTrace, smallInput, withParams,
} from './test-helpers.js';

/** ADV (no agency) acts on M2 on the given (day, action) pairs; always attributed. */
function acts(list: [number, string][], tweak: (s: ReturnType<typeof smallInput>) => void = () => {}) {
  const s = smallInput();
  s.horizonDays = 200;
  for (const [, a] of list) s.actions[a] = { deniability: 0 };
  for (const [day, action] of list) s.injects.push({ day, actor: 'ADV', action, target: 'M2', theatre: 'east' });
  tweak(s);
  return compile(s);
}

describe('episodes', () => {
  it('a hostile event opens an episode at its rung; the theatre rung is the highest of its active episodes', () => {
    const sc = compile(smallInput());
    const { st } = freshState(sc);
    const adv = actorIx(sc, 'ADV'), m1 = actorIx(sc, 'M1'), m2 = actorIx(sc, 'M2');
    expect(st.rung[0]).toBe(0);
    const e1 = touchEpisode(st, 0, adv, m1, 1, -1);
    expect(refreshTheatreRung(st, 0, -1)).toBe(true);
    expect(st.rung[0]).toBe(1);
    // M1 and M2 are one bloc (ALL): the same episode, raised to rung 2.
    expect(touchEpisode(st, 0, adv, m2, 2, -1)).toBe(e1);
    refreshTheatreRung(st, 0, -1);
    expect(st.rung[0]).toBe(2);
    // A lower event does not lower the episode.
    touchEpisode(st, 0, adv, m1, 1, -1);
    refreshTheatreRung(st, 0, -1);
    expect(st.rung[0]).toBe(2);
    // A second episode (ADV against a non-member) at rung 1; ending the rung-2 one lets the rung fall to 1.
    const s = smallInput();
    s.actors.push({ id: 'N', power: 0.05, theatreShare: { east: 1 } });
    const sc2 = compile(s);
    const { st: st2 } = freshState(sc2);
    const n = actorIx(sc2, 'N');
    const top = touchEpisode(st2, 0, adv, m1, 2, -1);
    touchEpisode(st2, 0, adv, n, 1, -1);
    refreshTheatreRung(st2, 0, -1);
    expect(st2.rung[0]).toBe(2);
    endEpisode(st2, top);
    expect(st2.rung[0]).toBe(1);
    expect(st2.maxRung[0]).toBe(2);
  });

  it('an episode ends only after episodeGraceDays without hostile events (then with hazard 1/quietDays), and the rung falls', () => {
    const durations: number[] = [];
    const sc = acts([[1, 'gps-jamming']], (s) => { s.parameters.episodeGraceDays = 30; s.parameters.quietDays = 30; });
    for (let k = 0; k < 30; k++) {
      const r = runTrace(sc, 1, k, { series: true });
      expect(r.outcome.maxRung.east).toBe(1);
      expect(r.episodeDurations.length).toBe(1);
      expect(r.openEpisodes).toBe(0);
      durations.push(r.episodeDurations[0]!);
      expect(r.episodeDurations[0]).toBeGreaterThanOrEqual(30);
      const w = r.series!.rung[0]!;
      expect(w[1]).toBe(1); // week 1 (day 7): the episode is open
      expect(w[w.length - 1]).toBe(0); // the rung fell back to 0
    }
    const m = durations.reduce((a, b) => a + b, 0) / durations.length;
    expect(m).toBeGreaterThan(45); // grace 30 + Exp(mean 30)
    expect(m).toBeLessThan(80);
    // A shorter grace period lets crises end within days.
    const quick = runBatch(acts([[1, 'gps-jamming']], (s) => { s.parameters.episodeGraceDays = 0; s.parameters.quietDays = 3; }), 30, 1);
    expect(mean(quick.map((r) => r.episodeDurations[0]!))).toBeLessThan(8);
  });

  it('every further hostile event restarts the quiet period', () => {
    const days: [number, string][] = [];
    for (let d = 1; d <= 100; d += 20) days.push([d, 'gps-jamming']);
    for (let k = 0; k < 10; k++) {
      const r = runTrace(acts(days, (s) => { s.parameters.episodeGraceDays = 30; }), 1, k);
      expect(r.episodeDurations.length + r.openEpisodes).toBe(1);
      if (r.episodeDurations.length) expect(r.episodeDurations[0]).toBeGreaterThanOrEqual(80 + 30);
    }
  });

  it('talks shorten the remaining time of a non-war episode', () => {
    const quiet = acts([[1, 'gps-jamming']]);
    const talks = acts([[1, 'gps-jamming']], (s) => {
      s.relations.push({ from: 'M2', to: 'ADV', hostility: 0.3 });
      s.injects.push({ day: 2, actor: 'M2', action: 'talks', target: 'ADV', theatre: 'east' });
    });
    const end = (sc: typeof quiet) => runBatch(sc, 20, 1).map((r) => r.episodeDurations[0]!);
    const a = end(quiet), b = end(talks);
    for (let k = 0; k < a.length; k++) expect(b[k]!).toBeLessThan(a[k]!);
  });

  it('horizontal escalation: a quiet theatre reaching rung 2, a new kinetic domain or a new belligerent — not a gray-zone event', () => {
    const two = (action: string, target = 'M2') => {
      const s = smallInput();
      s.theatres.push({ id: 'west' });
      s.actors.push({ id: 'Q', power: 0.1, theatreShare: { west: 1 } });
      s.relations.push({ from: 'ADV', to: 'Q', hostility: 0.5 });
      s.actions[action] = { deniability: 0 };
      s.injects.push({ day: 5, actor: 'ADV', action, target, theatre: target === 'Q' ? 'west' : 'east' });
      return runTrace(compile(s)).outcome;
    };
    expect(two('gps-jamming').horizontal).toBe(false);
    expect(two('cyberattack-infrastructure').horizontal).toBe(false);
    const signal = two('threatening-statement', 'Q');
    expect(signal.horizontal).toBe(true);
    expect(signal.horizontalDay).toBe(5);
    expect(two('naval-clash').horizontal).toBe(true); // new belligerents and a new (sea) domain
    // Domains engaged and belligerents at war on day 0 do not count: a partner war on land/air.
    const s = withWar();
    s.injects.push({ day: 5, actor: 'ADV', action: 'strike-on-partner', target: 'P', theatre: 'east' });
    expect(runTrace(compile(s)).outcome.horizontal).toBe(false);
  });

  it('DIRECTIONAL: longer quietDays → longer episodes', () => {
    const s = smallInput();
    s.actors[0]!.agency = true;
    s.actors[0]!.activity = 0.3; // sparse events, so that episodes can end
    s.horizonDays = 365;
    const sc = compile(s);
    const median = (q: number) => {
      const d = runBatch(withParams(sc, { quietDays: q }), 30, 2).flatMap((r) => r.episodeDurations).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)] ?? 0;
    };
    const short = median(5), long = median(60);
    logFigures('median episode duration at quietDays 5 vs 60', { short, long });
    expect(long).toBeGreaterThan(short * 1.5);
  });
});

function withWar() {
  const s = smallInput();
  s.actors.push({ id: 'P', power: 0.1, theatreShare: { east: 1 }, borders: ['ADV'] });
  s.relations.push({ from: 'ADV', to: 'P', hostility: 0.9 });
  s.theatres[0]!.initialEpisodes = [{ sideA: 'ADV', sideB: 'P', rung: 3, war: true }];
  return s;
}

describe('rungs in the trace', () => {
  it('each event carries the theatre\'s rung after it', () => {
    const r = runTrace(acts([[1, 'gps-jamming'], [3, 'threatening-statement']], (s) => { s.relations.push({ from: 'ADV', to: 'M2', hostility: 0.7 }); }));
    expect(eventsOf(r, 'gps-jamming')[0]!.rung).toBe(1);
    expect(eventsOf(r, 'threatening-statement')[0]!.rung).toBe(2);
    const [late] = runBatchWithState(acts([[1, 'gps-jamming']]), 1, 1, (st) => st.rung[0]);
    expect(late).toBe(0);
  });
});
