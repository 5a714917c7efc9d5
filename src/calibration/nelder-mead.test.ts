import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';
import { minimiseSmm, type KnobSpec } from './smm.js';

const rosenbrock = (x: readonly number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
const CENTRE = [3, -1, 0.5, 10];
const shiftedQuadratic = (x: readonly number[]) => x.reduce((s, v, i) => s + (i + 1) * (v - CENTRE[i]!) ** 2, 7);

describe('Nelder–Mead on known functions', () => {
  it('finds the minimum (1, 1) of Rosenbrock\'s valley from the classic start (−1.2, 1)', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 2000, fTolerance: 1e-12, xTolerance: 1e-8 });
    expect(r.stop).toBe('converged');
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    expect(r.fx).toBeLessThan(1e-10);
    expect(r.fx).toBe(rosenbrock(r.x));
  });

  it('finds the centre and floor of a shifted, unevenly scaled quadratic in 4 dimensions', () => {
    const r = nelderMead(shiftedQuadratic, [0, 0, 0, 0], { step: 2, maxIterations: 5000, fTolerance: 1e-14, xTolerance: 1e-9 });
    expect(r.stop).toBe('converged');
    r.x.forEach((v, i) => expect(v).toBeCloseTo(CENTRE[i]!, 5));
    expect(r.fx).toBeCloseTo(7, 10);
  });

  it('works in one dimension, downhill from either side and across the minimum', () => {
    const f = (x: readonly number[]) => (x[0]! - 3) ** 2 + 1;
    for (const [x0, step] of [[0, 1], [10, 1], [0, 50], [100, -0.1]] as const) {
      const r = nelderMead(f, [x0], { step, maxIterations: 1000, xTolerance: 1e-9, fTolerance: 1e-15 });
      expect(r.stop).toBe('converged');
      expect(r.x[0]).toBeCloseTo(3, 6);
      expect(r.fx).toBeCloseTo(1, 12);
    }
  });

  it('reproduces fmin 0.0.4 (σ = 1) bit for bit: Rosenbrock from (−1.2, 1), 25 iterations', () => {
    // fmin.nelderMead(f, [-1.2, 1], { maxIterations: 25, nonZeroDelta: 2, minErrorDelta: 1e-6, sigma: 1 })
    // returned these (2026-12-06, before fmin was removed); its initial simplex multiplied each
    // coordinate by 2, i.e. steps of −1.2 and 1.
    let evaluations = 0;
    const r = nelderMead((x) => (evaluations++, rosenbrock(x)), [-1.2, 1], { step: [-1.2, 1], maxIterations: 25, shrink: false });
    expect(r.x).toEqual([-0.45051269531250093, 0.190460205078125]);
    expect(r.fx).toBe(2.119615788381854);
    expect(evaluations).toBe(48);
    expect(r.evaluations).toBe(48);
    expect(r.stop).toBe('max-iterations');
  });

  it('is deterministic and hands f a fresh array each time (f may keep or mutate it)', () => {
    const seen: number[][] = [];
    const f = (x: readonly number[]) => {
      seen.push(x as number[]);
      const v = shiftedQuadratic(x);
      (x as number[]).fill(NaN); // vandalism must not reach the simplex
      return v;
    };
    const a = nelderMead(f, [0, 0, 0, 0], { step: 2, maxIterations: 300 });
    expect(new Set(seen).size).toBe(seen.length);
    const b = nelderMead(shiftedQuadratic, [0, 0, 0, 0], { step: 2, maxIterations: 300 });
    expect(a).toEqual(b);
  });
});

describe('Nelder–Mead: shrink, limits and errors', () => {
  it('shrinks where a contraction fails (fmin\'s shrink threw), or with shrink: false returns there', () => {
    const flat = () => 5;
    const stopped = nelderMead(flat, [1, 1], { shrink: false });
    expect(stopped).toMatchObject({ stop: 'shrink-stopped', iterations: 0, evaluations: 5, x: [1, 1], fx: 5 });
    const shrunk = nelderMead(flat, [1, 1], { maxIterations: 100 });
    expect(shrunk.stop).toBe('converged'); // the simplex shrank onto its best vertex
    expect(shrunk.evaluations).toBeGreaterThan(5 + 2 * 10);
  });

  it('a shrink moves every other vertex halfway to the best one and evaluates it there', () => {
    const points: number[][] = [];
    const flat = (x: readonly number[]) => (points.push([...x]), 5);
    const r = nelderMead(flat, [1, 1], { maxIterations: 1 });
    // the start and its 2 neighbours; the reflection of the worst (1, 2) through (1.5, 1), an
    // outside contraction no better (a flat function), then the shrink toward (1, 1)
    expect(points.slice(0, 5)).toEqual([[1, 1], [2, 1], [1, 2], [2, 0], [1.75, 0.5]]);
    expect(points).toHaveLength(7);
    expect(points.slice(5)).toEqual([[1.5, 1], [1, 1.5]]);
    expect(r).toMatchObject({ iterations: 1, evaluations: 7, stop: 'max-iterations', x: [1, 1] });
  });

  it('stops at maxIterations, and counts a NaN value as +∞ (never the best vertex)', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 7 });
    expect(r).toMatchObject({ stop: 'max-iterations', iterations: 7 });
    const holes = (x: readonly number[]) => (x[0]! > 2 ? NaN : (x[0]! - 1) ** 2);
    const h = nelderMead(holes, [0], { step: 4, maxIterations: 500 });
    expect(h.x[0]).toBeCloseTo(1, 5);
    expect(Number.isNaN(h.fx)).toBe(false);
  });

  it('lets an exception from f through (smm.ts stops the search that way)', () => {
    class Stop extends Error {}
    let n = 0;
    const f = (x: readonly number[]) => {
      if (++n > 10) throw new Stop('budget');
      return rosenbrock(x);
    };
    expect(() => nelderMead(f, [-1.2, 1])).toThrow(Stop);
    expect(n).toBe(11);
  });

  it('refuses an empty start and zero, non-finite or mis-sized steps, naming the problem', () => {
    expect(() => nelderMead(rosenbrock, [])).toThrow(/x0 is empty/);
    expect(() => nelderMead(rosenbrock, [0, 0], { step: 0 })).toThrow(/non-zero/);
    expect(() => nelderMead(rosenbrock, [0, 0], { step: [1, Infinity] })).toThrow(/finite/);
    expect(() => nelderMead(rosenbrock, [0, 0], { step: [1] })).toThrow(/1 steps for 2 coordinates/);
  });
});

describe('Nelder–Mead with the box penalty of the calibration', () => {
  // As smm.ts: a point outside [lo, hi] is clamped and pays 1e3 × (distance in steps)².
  const box = (lo: number[], hi: number[], g: (v: number[]) => number) => (x: readonly number[]) => {
    let penalty = 0;
    const v = x.map((xi, i) => {
      const c = Math.min(hi[i]!, Math.max(lo[i]!, xi));
      penalty += 1e3 * (c - xi) ** 2;
      return c;
    });
    return g(v) + penalty;
  };

  it('ends on the bound when the unconstrained minimum lies outside it, the free coordinate at its optimum', () => {
    const f = box([-2, -5], [2, 5], (v) => (v[0]! - 5) ** 2 + (v[1]! - 1) ** 2);
    const r = nelderMead(f, [0, 0], { maxIterations: 2000, xTolerance: 1e-9, fTolerance: 1e-12 });
    expect(r.x[0]).toBeCloseTo(2, 2); // the penalty lets it overshoot by (5 − 2)/1e3 at most
    expect(r.x[0]).toBeLessThan(2.004);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.fx).toBeCloseTo(9, 1);
  });

  it('minimiseSmm returns values inside the box: a knob pinned at its bound, the others near their optimum', () => {
    const knobs: KnobSpec[] = [
      { name: 'a', transform: 'linear', lo: -2, hi: 2, step: 1 },
      { name: 'b', transform: 'log', lo: 0.5, hi: 20, step: 0.7 },
      { name: 'c', transform: 'logit', lo: 0.05, hi: 0.95, step: 1 },
    ];
    const fit = (v: number[]) => (v[0]! - 5) ** 2 + (Math.log(v[1]!) - 1) ** 2 + (v[2]! - 0.3) ** 2;
    const r = minimiseSmm(knobs, [0, 1, 0.5], fit, () => 0, { maxEvaluations: 3000, checkEvery: 50, patience: 1000 });
    expect(r.values[0]).toBe(2);
    expect(Math.abs(Math.log(r.values[1]!) - 1)).toBeLessThan(0.1);
    expect(Math.abs(r.values[2]! - 0.3)).toBeLessThan(0.05);
    r.values.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(knobs[i]!.lo);
      expect(v).toBeLessThanOrEqual(knobs[i]!.hi);
    });
  });
});
