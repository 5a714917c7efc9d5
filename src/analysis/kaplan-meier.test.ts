import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt } from './kaplan-meier.js';

describe('kaplanMeier', () => {
  // Hand-worked sample of 7 units: times 3, 5+, 6, 6, 8+, 10, 12+ ("+" = censored).
  //   day 3:  at risk 7, 1 event  -> S = 6/7
  //   day 5:  1 censored          -> 5 at risk
  //   day 6:  at risk 5, 2 events -> S = 6/7 · 3/5 = 18/35
  //   day 8:  1 censored          -> 2 at risk
  //   day 10: at risk 2, 1 event  -> S = 18/35 · 1/2 = 9/35
  //   day 12: 1 censored
  // Median: first day with S ≤ 0.5 is day 10 (S(6) = 0.514 > 0.5).
  const events = new Array(13).fill(0);
  const censored = new Array(13).fill(0);
  events[3] = 1;
  events[6] = 2;
  events[10] = 1;
  censored[5] = 1;
  censored[8] = 1;
  censored[12] = 1;
  const km = kaplanMeier(events, censored);

  it('steps at event days with the product-limit estimate', () => {
    expect(km.points.map((p) => p.day)).toEqual([3, 6, 10]);
    expect(km.points.map((p) => p.atRisk)).toEqual([7, 5, 2]);
    expect(km.points[0]!.survival).toBeCloseTo(6 / 7, 15);
    expect(km.points[1]!.survival).toBeCloseTo(18 / 35, 15);
    expect(km.points[2]!.survival).toBeCloseTo(9 / 35, 15);
    expect(km.n).toBe(7);
    expect(km.events).toBe(4);
    expect(km.median).toBe(10);
    expect(survivalAt(km, 2)).toBe(1);
    expect(survivalAt(km, 7)).toBeCloseTo(18 / 35, 15);
  });

  it('gives Greenwood log(−log) limits', () => {
    // Greenwood sum at day 6: 1/(7·6) + 2/(5·3) = 0.157142857...
    const s = 18 / 35;
    const se = Math.sqrt(1 / 42 + 2 / 15) / Math.abs(Math.log(s));
    const p = km.points[1]!;
    expect(p.lo).toBeCloseTo(Math.pow(s, Math.exp(1.959963984540054 * se)), 12);
    expect(p.hi).toBeCloseTo(Math.pow(s, Math.exp(-1.959963984540054 * se)), 12);
    expect(p.lo).toBeLessThan(s);
    expect(p.hi).toBeGreaterThan(s);
  });

  it('has no median when S stays above one half (censored at the horizon)', () => {
    const e = [0, 1, 0, 1];
    const c = [0, 0, 0, 8];
    const k = kaplanMeier(e, c);
    expect(k.median).toBeNull();
    expect(k.final).toBeCloseTo((9 / 10) * (8 / 9), 15);
  });

  it('reaches zero when every unit has the event', () => {
    const k = kaplanMeier([0, 2, 1], []);
    expect(k.final).toBe(0);
    expect(k.median).toBe(1);
    expect(k.points[1]!.lo).toBe(0);
  });
});
