import { describe, expect, it } from 'vitest';
import { histogramQuantile } from './quantile.js';
import { binIndex, binCount, type Binning } from '../montecarlo/binning.js';

function fill(b: Binning, xs: number[]): Float64Array {
  const h = new Float64Array(binCount(b));
  for (const x of xs) h[binIndex(b, x)]!++;
  return h;
}

describe('histogramQuantile', () => {
  it('interpolates inside a linear bin (grouped-data quantile)', () => {
    // 10 bins of width 1 over [0, 10): counts 2 in [0,1), 4 in [1,2), 4 in [2,3). N = 10.
    const b: Binning = { kind: 'linear', lo: 0, hi: 10, bins: 10 };
    const h = fill(b, [0.1, 0.2, 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4]);
    // median: rank 5 -> 3 into the [1,2) bin of 4 -> 1 + 3/4
    expect(histogramQuantile(b, h, 0.5)).toBeCloseTo(1.75, 12);
    // p = 0.1: rank 1 in the first bin of 2 -> 0.5
    expect(histogramQuantile(b, h, 0.1)).toBeCloseTo(0.5, 12);
    // p = 0.95: rank 9.5 -> 3.5 into [2,3) of 4 -> 2.875
    expect(histogramQuantile(b, h, 0.95)).toBeCloseTo(2.875, 12);
    expect(histogramQuantile(b, h, 1)).toBeCloseTo(3, 12);
  });

  it('returns bin values for integer binnings', () => {
    const b: Binning = { kind: 'int', min: 0, max: 6 };
    const h = fill(b, [0, 0, 3, 3, 3, 4, 5, 5, 6, 6]);
    expect(histogramQuantile(b, h, 0.05)).toBe(0);
    expect(histogramQuantile(b, h, 0.2)).toBe(0); // F(0) = 0.2 >= 0.2
    expect(histogramQuantile(b, h, 0.25)).toBe(3);
    expect(histogramQuantile(b, h, 0.5)).toBe(3);
    expect(histogramQuantile(b, h, 0.6)).toBe(4);
    expect(histogramQuantile(b, h, 0.95)).toBe(6);
  });

  it('reads log bins within their relative width', () => {
    const b: Binning = { kind: 'log', lo: 1e-3, hi: 1e7, perDecade: 50, signed: false };
    const xs = Array.from({ length: 1001 }, (_, i) => 10 + i); // 10..1010, median 510
    const h = fill(b, xs);
    const m = histogramQuantile(b, h, 0.5);
    expect(Math.abs(m - 510) / 510).toBeLessThan(Math.pow(10, 1 / 50) - 1);
  });

  it('handles signed log bins and zero', () => {
    const b: Binning = { kind: 'log', lo: 1, hi: 1e6, perDecade: 50, signed: true };
    const h = fill(b, [-100, -100, -100, 0, 0, 0, 0, 50, 50, 50]);
    expect(histogramQuantile(b, h, 0.5)).toBeGreaterThanOrEqual(-1);
    expect(histogramQuantile(b, h, 0.5)).toBeLessThanOrEqual(1);
    const q10 = histogramQuantile(b, h, 0.1);
    expect(q10).toBeLessThan(-95);
    expect(q10).toBeGreaterThan(-105);
    const q95 = histogramQuantile(b, h, 0.95);
    expect(q95).toBeGreaterThan(48);
    expect(q95).toBeLessThan(52);
  });

  it('does not spread a point mass across its bin (every run starts a stockpile at 90)', () => {
    const b: Binning = { kind: 'log', lo: 1e-1, hi: 1e5, perDecade: 40, signed: false };
    const h = fill(b, Array.from({ length: 500 }, () => 90));
    const qs = [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => histogramQuantile(b, h, p));
    expect(new Set(qs).size).toBe(1);
    expect(Math.abs(qs[0]! - 90) / 90).toBeLessThan(Math.pow(10, 1 / 40) - 1);
    const l: Binning = { kind: 'linear', lo: 0, hi: 1, bins: 100 };
    const hl = fill(l, Array.from({ length: 50 }, () => 0.775));
    expect(histogramQuantile(l, hl, 0.05)).toBe(histogramQuantile(l, hl, 0.95));
  });

  it('is NaN for an empty histogram', () => {
    const b: Binning = { kind: 'int', min: 0, max: 3 };
    expect(histogramQuantile(b, new Float64Array(binCount(b)), 0.5)).toBeNaN();
  });
});
