/**
 * Explainable traces (D32): every agent-chosen event carries its decision, whose terms sum EXACTLY
 * to the utility the engine used and reproduce the hazard that drove the pick; no decisive event is
 * causeless; scripted events are marked and have no endogenous causes; tracing changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { exp } from './fast-math.js';
import { sumTerms } from './explain.js';
import { builtin, runBatch } from './test-helpers.js';
import type { TraceEvent } from './types.js';

// Every built-in scenario (test/golden checks that this list matches scenarios/*.yaml).
const BUILTINS = ['baltic-grayzone', 'baseline-2025', 'stray-missile', 'two-theatre'];
const RUNS = 25;

describe('explainable traces on every built-in scenario', () => {
  for (const name of BUILTINS) {
    it(`${name}: decisions sum exactly, reproduce the hazard; no causeless rung ≥ 4 event; injects marked`, () => {
      const sc = builtin(name);
      const p = sc.params;
      const results = runBatch(sc, RUNS, 11, { trace: true });
      let decisions = 0, decisive = 0, injected = 0;
      for (const r of results) {
        for (const e of r.events as TraceEvent[]) {
          if (e.rung >= 4) {
            decisive++;
            expect(e.causes.length + (e.reasons?.length ?? 0), `#${e.id} ${e.actor} ${e.action} (run ${r.trajectory}) has neither causes nor reasons`).toBeGreaterThan(0);
          }
          if (e.injected) {
            injected++;
            expect(e.causes).toEqual([]);
            expect(e.decision).toBeUndefined();
            expect(e.reasons?.[0]).toMatch(/^scripted: injects\[\d+\] on day \d+$/);
          }
          const d = e.decision;
          if (d === undefined) continue;
          decisions++;
          // The terms, added left to right, are the engine's sum bit for bit; the utility is it clamped.
          expect(sumTerms(d.terms)).toBe(d.sum);
          expect(d.utility).toBe(Math.max(-1, Math.min(1, d.sum)));
          expect(d.clamped).toBe(d.utility !== d.sum);
          for (const t of d.terms) if (t.parts) expect(sumTerms(t.parts)).toBe(t.value);
          const gain = d.terms.find((t) => t.term === 'gain')!.value;
          expect(d.gain.weight * (d.gain.vulnerability + d.gain.balance + d.gain.statusQuo)).toBe(gain);
          // The utility is the one the engine used: it gives the hazard the pick was drawn with.
          const h = Math.min(d.baseHazard * exp(d.rationality * d.utility), p.hazardMaxPerDay) * d.redLineMultiplier;
          expect(h).toBe(d.hazard);
          expect(d.hazard).toBeGreaterThan(0);
          expect(d.rank).toBeGreaterThanOrEqual(1);
          expect(d.rank).toBeLessThanOrEqual(d.options);
          expect(d.alternatives.length).toBe(Math.min(3, d.options - 1));
          for (const a of d.alternatives) expect(a.hazard).toBeLessThanOrEqual(d.alternatives[0]!.hazard);
          expect(d.totalHazard).toBeGreaterThanOrEqual(d.hazard);
        }
      }
      expect(decisions).toBeGreaterThan(RUNS * 20);
      if (name !== 'baltic-grayzone') expect(decisive).toBeGreaterThan(0);
      expect(injected).toBe(sc.injects.length * RUNS);
    });
  }

  it('tracing changes no outcome, and injected pathway steps are marked', () => {
    const sc = builtin('two-theatre');
    const traced = runBatch(sc, 10, 3, { trace: true, midLevels: true });
    const plain = runBatch(sc, 10, 3, { midLevels: true });
    for (let k = 0; k < 10; k++) expect(JSON.stringify(plain[k]!.outcome)).toBe(JSON.stringify(traced[k]!.outcome));
    // two-theatre's day-20 inject (RUS strike-on-member-territory → POL) is rung 4 and has no
    // causes: a pathway reaching it starts there, marked.
    let marked = 0;
    for (const r of traced) {
      const inj = r.events!.find((e) => e.injected)!;
      expect(inj.action).toBe('strike-on-member-territory');
      const steps = r.outcome.pathway.split(' > ');
      steps.forEach((x, k) => { if (x.startsWith('inject:')) { marked++; expect(k).toBe(0); } });
    }
    expect(marked).toBeGreaterThan(0);
  });
});
