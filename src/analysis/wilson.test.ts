import { describe, expect, it } from 'vitest';
import { wilson, Z95 } from './wilson.js';

// Expected limits: the Wilson score interval (no continuity correction). The 81/263, 15/148 and
// 1/29 examples are those of Newcombe (1998), "Two-sided confidence intervals for the single
// proportion: comparison of seven methods", Stat. Med. 17:857–872, whose 4-digit limits are in
// the comments; all values were recomputed to full precision from the closed form with
// z = Φ⁻¹(0.975) from scipy.stats.norm.ppf, independently of this code.
const CASES: [number, number, number, number][] = [
  [0, 10, 0, 0.2775327998628892],
  [5, 10, 0.236593090512564, 0.7634069094874361],
  [10, 10, 0.7224672001371107, 1],
  [81, 263, 0.2552885198782742, 0.36620957698280004], // Newcombe: 0.2553–0.3662
  [15, 148, 0.0623863995307363, 0.16048724172330803], // Newcombe: 0.0624–0.1605
  [1, 29, 0.006113214292762653, 0.17175521879320288], // Newcombe: 0.0061–0.1718
];

describe('wilson', () => {
  it('uses the 97.5% normal quantile', () => {
    expect(Z95).toBeCloseTo(1.959963984540054, 15);
  });
  for (const [k, n, lo, hi] of CASES) {
    it(`${k}/${n}`, () => {
      const w = wilson(k, n);
      expect(w.estimate).toBe(k / n);
      expect(w.lo).toBeCloseTo(lo, 12);
      expect(w.hi).toBeCloseTo(hi, 12);
    });
  }
  it('is exactly 0 and 1 at the ends', () => {
    expect(wilson(0, 1000).lo).toBe(0);
    expect(wilson(1000, 1000).hi).toBe(1);
  });
  it('rejects impossible counts', () => {
    expect(() => wilson(3, 2)).toThrow(/0 ≤ k ≤ n/);
  });
});
