/** Keyed, counter-based random numbers (MODEL.md §6). */
import { describe, expect, it } from 'vitest';
import { hashString32, KeyedRandom, mix32, normalFromUniform, STREAM } from './keyed.js';

/** Pearson chi-square statistic of values in (0,1) over `bins` equal bins. */
function chiSquare(values: number[], bins = 10): number {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(v * bins))]!++;
  const expected = values.length / bins;
  return counts.reduce((a, c) => a + ((c - expected) ** 2) / expected, 0);
}
/** χ²(9) at p = 0.001: a fair generator exceeds it once in a thousand tries. */
const CHI2_9_P001 = 27.88;

describe('KeyedRandom', () => {
  it('the same key gives the same value, on any instance, after any other draws, and after rekey', () => {
    const a = new KeyedRandom(42, 7), b = new KeyedRandom(42, 7);
    const x = a.u(STREAM.detect, 3, 9);
    for (let k = 0; k < 1000; k++) b.u(STREAM.choiceClock, k, k * 3); // draws elsewhere change nothing
    expect(b.u(STREAM.detect, 3, 9)).toBe(x);
    expect(a.u(STREAM.detect, 3, 9)).toBe(x);
    const c = new KeyedRandom(1, 1);
    c.rekey(42, 7);
    expect(c.u(STREAM.detect, 3, 9)).toBe(x);
    expect(c.seed).toBe(42);
    expect(c.trajectory).toBe(7);
  });

  it('a change in any part of the key (seed, trajectory, stream, a, b) gives a different value', () => {
    const base = new KeyedRandom(42, 7).u(STREAM.detect, 3, 9);
    const others = [
      new KeyedRandom(43, 7).u(STREAM.detect, 3, 9),
      new KeyedRandom(42, 8).u(STREAM.detect, 3, 9),
      new KeyedRandom(42 + 2 ** 32, 7).u(STREAM.detect, 3, 9), // high word of the seed counts
      new KeyedRandom(42, 7).u(STREAM.attribute, 3, 9),
      new KeyedRandom(42, 7).u(STREAM.detect, 4, 9),
      new KeyedRandom(42, 7).u(STREAM.detect, 3, 10),
      new KeyedRandom(42, 7).u(STREAM.detect, 9, 3), // (a, b) is ordered
    ];
    for (const o of others) expect(o).not.toBe(base);
    // No collisions among many nearby keys.
    const r = new KeyedRandom(5, 0);
    const seen = new Set<number>();
    for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) seen.add(r.u(STREAM.choiceTarget, a, b));
    expect(seen.size).toBe(10_000);
  });

  it('values lie in the open interval (0, 1)', () => {
    const r = new KeyedRandom(0, 0);
    let lo = 1, hi = 0;
    for (let k = 0; k < 100_000; k++) {
      const u = r.u(STREAM.choiceClock, k & 255, k >> 8);
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(lo).toBeLessThan(1e-4);
    expect(hi).toBeGreaterThan(1 - 1e-4);
  });

  it('is uniform: χ² over 10 bins along counters, along entities, along seeds and along trajectories', () => {
    const N = 50_000;
    const r = new KeyedRandom(123, 0);
    const byCounter = Array.from({ length: N }, (_, k) => r.u(STREAM.choicePick, 0, k));
    const byEntity = Array.from({ length: N }, (_, k) => r.u(STREAM.choicePick, k, 0));
    const bySeed = Array.from({ length: 5000 }, (_, k) => new KeyedRandom(k, 0).u(STREAM.choicePick, 0, 0));
    const byTrajectory = Array.from({ length: 5000 }, (_, k) => new KeyedRandom(7, k).u(STREAM.choicePick, 0, 0));
    for (const xs of [byCounter, byEntity, bySeed, byTrajectory]) {
      expect(chiSquare(xs)).toBeLessThan(CHI2_9_P001);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(m - 0.5)).toBeLessThan(0.02);
    }
  });

  it('consecutive counters and neighbouring streams are uncorrelated', () => {
    const N = 50_000;
    const r = new KeyedRandom(9, 3);
    const corr = (xs: number[], ys: number[]) => {
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
      let sxy = 0, sxx = 0, syy = 0;
      for (let k = 0; k < xs.length; k++) { sxy += (xs[k]! - mx) * (ys[k]! - my); sxx += (xs[k]! - mx) ** 2; syy += (ys[k]! - my) ** 2; }
      return sxy / Math.sqrt(sxx * syy);
    };
    const a = Array.from({ length: N }, (_, k) => r.u(STREAM.detect, 1, k));
    const next = Array.from({ length: N }, (_, k) => r.u(STREAM.detect, 1, k + 1));
    const otherStream = Array.from({ length: N }, (_, k) => r.u(STREAM.attribute, 1, k));
    const otherEntity = Array.from({ length: N }, (_, k) => r.u(STREAM.detect, 2, k));
    for (const ys of [next, otherStream, otherEntity]) expect(Math.abs(corr(a, ys))).toBeLessThan(0.02); // 4.5σ at N = 50 000
  });

  it('rejects seeds and trajectories that are not non-negative safe integers', () => {
    expect(() => new KeyedRandom(-1, 0)).toThrow(/seed/);
    expect(() => new KeyedRandom(1.5, 0)).toThrow(/seed/);
    expect(() => new KeyedRandom(0, -2)).toThrow(/trajectory/);
    expect(() => new KeyedRandom(2 ** 53, 0)).toThrow(/seed/);
  });
});

describe('helpers', () => {
  it('normalFromUniform is the standard normal quantile', () => {
    expect(normalFromUniform(0.5)).toBeCloseTo(0, 9);
    expect(normalFromUniform(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalFromUniform(0.025)).toBeCloseTo(-1.959964, 5);
    expect(normalFromUniform(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalFromUniform(0.8413447)).toBeCloseTo(1, 5);
    const r = new KeyedRandom(3, 3);
    const xs = Array.from({ length: 50_000 }, (_, k) => normalFromUniform(r.u(STREAM.voteNoise, 0, k)));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });

  it('mix32 and hashString32 give 32-bit unsigned integers that spread nearby inputs', () => {
    const outs = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      const h = mix32(k);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      outs.add(h);
    }
    expect(outs.size).toBe(1000);
    expect(hashString32('europe')).not.toBe(hashString32('europf'));
    expect(hashString32('europe')).toBe(hashString32('europe'));
  });

  it('stream ids are distinct', () => {
    const ids = Object.values(STREAM);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
