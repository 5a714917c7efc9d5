import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exp, exp2, powInt } from './fast-math.js';

describe('fast-math', () => {
  it('exp agrees with Math.exp to 2e-8 relative on a dense grid of [-700, 700]', () => {
    let worst = 0;
    for (let x = -700; x <= 700; x += 0.0137) worst = Math.max(worst, Math.abs(exp(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(2e-8);
  });

  it('exp2 is exact on integers and agrees with Math.pow(2, y) elsewhere', () => {
    for (let k = -60; k <= 60; k++) expect(exp2(k)).toBe(Math.pow(2, k));
    fc.assert(
      fc.property(fc.double({ min: -200, max: 200, noNaN: true }), (y) => Math.abs(exp2(y) / Math.pow(2, y) - 1) < 2e-8),
    );
  });

  it('handles the edges: 0, huge, tiny, NaN', () => {
    expect(exp(0)).toBe(1);
    expect(exp(1e6)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-1e6)).toBe(0);
    expect(Number.isNaN(exp(NaN))).toBe(true);
  });

  it('is monotone where hazards live (|x| <= 20)', () => {
    let prev = 0;
    for (let x = -20; x <= 20; x += 1e-3) {
      const v = exp(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });

  it('powInt: x^n by squaring, exact where the powers are exact, within 1e-14 of Math.pow elsewhere', () => {
    expect(powInt(0.5, 0)).toBe(1);
    expect(powInt(0.5, 10)).toBe(Math.pow(0.5, 10));
    expect(powInt(3, 13)).toBe(1594323);
    expect(powInt(0, 3)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 60 }), (x, n) => Math.abs(powInt(x, n) - Math.pow(x, n)) <= 1e-14),
    );
  });
});
