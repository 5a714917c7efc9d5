import { describe, expect, it } from 'vitest';
import { meanInterval, pairedProportionDifference } from './paired.js';

describe('pairedProportionDifference (Newcombe 1998, method 10)', () => {
  it('matches the Cavo et al. (2012) example of Fagerland, Lydersen & Laake (2017), ch. 8', () => {
    // Table [[59, 6], [16, 80]]: the R package contingencytables (tests/testthat/test-ch8.R)
    // prints "estimate = -0.0621 (95% CI -0.1186 to -0.0046)".
    const d = pairedProportionDifference({ n11: 59, n10: 6, n01: 16, n00: 80 });
    expect(d.estimate).toBeCloseTo(-0.0621, 4);
    expect(d.lo).toBeCloseTo(-0.1186, 4);
    expect(d.hi).toBeCloseTo(-0.0046, 4);
  });
  it('matches the worked example of Altman et al. (2000), Statistics with Confidence, Table 6.2', () => {
    // [[14, 5], [0, 22]]: D = 5/41 = 0.122, 95% CI 0.011 to 0.226.
    const d = pairedProportionDifference({ n11: 14, n10: 5, n01: 0, n00: 22 });
    expect(d.estimate).toBeCloseTo(5 / 41, 12);
    expect(d.lo).toBeCloseTo(0.0115, 3);
    expect(d.hi).toBeCloseTo(0.2265, 3);
  });
  it('gives exactly zero difference for identical arms', () => {
    const d = pairedProportionDifference({ n11: 40, n10: 0, n01: 0, n00: 60 });
    expect(d.estimate).toBe(0);
    expect(d.lo).toBeLessThanOrEqual(0);
    expect(d.hi).toBeGreaterThanOrEqual(0);
  });
});

describe('meanInterval', () => {
  it('is the sample mean with a t-free normal interval', () => {
    const xs = [1, 2, 3, 4, 10];
    const n = xs.length;
    const sum = xs.reduce((a, b) => a + b, 0);
    const sumSq = xs.reduce((a, b) => a + b * b, 0);
    const m = meanInterval(n, sum, sumSq);
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - 4) ** 2, 0) / (n - 1));
    expect(m.estimate).toBe(4);
    expect(m.sd).toBeCloseTo(sd, 12);
    expect(m.hi - m.estimate).toBeCloseTo((1.959963984540054 * sd) / Math.sqrt(n), 12);
  });
  it('is exactly zero for zero differences', () => {
    const m = meanInterval(100, 0, 0);
    expect([m.estimate, m.lo, m.hi]).toEqual([0, 0, 0]);
  });
});
