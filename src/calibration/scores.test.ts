import { describe, expect, it } from 'vitest';
import { bootstrapIndices, brier, calibrationTable, meanWithCi, rps, skillWithCi } from './scores.js';

describe('ranked probability score', () => {
  it('matches hand-computed values (K = 4, normalised by 1/(K−1))', () => {
    // perfect forecast
    expect(rps([0, 0, 1, 0], 2)).toBe(0);
    // all mass on level 2, war observed: F = 1,1,1 vs O = 0,0,0 → 3/3
    expect(rps([1, 0, 0, 0], 3)).toBe(1);
    // uniform, observed use of force (index 2): F = .25,.5,.75; O = 0,0,1
    // (.0625 + .25 + .0625)/3 = 0.125
    expect(rps([0.25, 0.25, 0.25, 0.25], 2)).toBeCloseTo(0.125, 12);
    // p = (.1,.2,.6,.1), observed display (index 1): F = .1,.3,.9; O = 0,1,1
    // (.01 + .49 + .01)/3 = 0.17
    expect(rps([0.1, 0.2, 0.6, 0.1], 1)).toBeCloseTo(0.17, 12);
  });
  it('rewards mass near the observed category (ordinal)', () => {
    expect(rps([0, 1, 0, 0], 3)).toBeGreaterThan(rps([0, 0, 1, 0], 3));
  });
  it('rejects an observed category out of range', () => {
    expect(() => rps([0.5, 0.5], 2)).toThrow(/outside/);
  });
});

describe('Brier score', () => {
  it('matches hand-computed values', () => {
    expect(brier(0.1, true)).toBeCloseTo(0.81, 12);
    expect(brier(0.1, false)).toBeCloseTo(0.01, 12);
    expect(brier(0.5, 1)).toBe(0.25);
  });
});

describe('bootstrap', () => {
  it('is deterministic and brackets the estimate', () => {
    const v = Array.from({ length: 200 }, (_, i) => (i % 5) / 4);
    const a = bootstrapIndices(v.length, 500, 7);
    const b = bootstrapIndices(v.length, 500, 7);
    expect(a).toEqual(b);
    const ci = meanWithCi(v, a, 500);
    expect(ci.estimate).toBeCloseTo(0.5, 12);
    expect(ci.lo).toBeLessThan(0.5);
    expect(ci.hi).toBeGreaterThan(0.5);
    // standard error of the mean ≈ sd/√n = 0.354/14.1 ≈ 0.025 → half-width ≈ 0.049
    expect(ci.hi - ci.lo).toBeGreaterThan(0.06);
    expect(ci.hi - ci.lo).toBeLessThan(0.14);
  });
  it('gives the paired skill score 1 − mean(a)/mean(b)', () => {
    const a = [0.1, 0.2, 0.1, 0.2];
    const b = [0.2, 0.4, 0.2, 0.4];
    const s = skillWithCi(a, b, bootstrapIndices(4, 200, 1), 200);
    expect(s.estimate).toBeCloseTo(0.5, 12);
    // a is exactly half of b in every dispute, so every resample gives 0.5
    expect(s.lo).toBeCloseTo(0.5, 12);
    expect(s.hi).toBeCloseTo(0.5, 12);
  });
});

describe('calibration table', () => {
  it('cuts sorted predictions into ten near-equal groups', () => {
    const pred = Array.from({ length: 95 }, (_, i) => i / 100);
    const obs = pred.map((p) => p > 0.5);
    const t = calibrationTable(pred, obs, 10, 200, 1);
    expect(t).toHaveLength(10);
    expect(t.reduce((s, b) => s + b.n, 0)).toBe(95);
    expect(t[0]!.observed.estimate).toBe(0);
    expect(t[9]!.observed.estimate).toBe(1);
    for (let i = 1; i < t.length; i++) expect(t[i]!.meanPredicted).toBeGreaterThan(t[i - 1]!.meanPredicted);
  });
});
