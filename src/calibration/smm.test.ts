import { describe, expect, it } from 'vitest';
import { KeyedRandom } from '../random/index.js';
import { minimiseSmm, type KnobSpec } from './smm.js';

describe('simulated method of moments with Nelder–Mead', () => {
  it('recovers the parameters of a toy simulator with common random numbers', () => {
    // Toy model: N draws of Bernoulli(p1) and Exp(mean m); moments: share, mean, share > 1.
    const truth = [0.3, 2.0];
    const knobs: KnobSpec[] = [
      { name: 'p', transform: 'logit', lo: 0.01, hi: 0.99, step: 0.5 },
      { name: 'm', transform: 'log', lo: 0.1, hi: 50, step: 0.5 },
    ];
    const simulate = (v: number[], seed: number, n: number) => {
      const r = new KeyedRandom(seed, 0);
      let s = 0, mean = 0, gt = 0;
      for (let i = 0; i < n; i++) {
        if (r.u(1, i, 0) < v[0]!) s++;
        const x = -Math.log(r.u(2, i, 0)) * v[1]!;
        mean += x;
        if (x > 1) gt++;
      }
      return [s / n, mean / n, gt / n];
    };
    const obs = simulate(truth, 99, 20000);
    const dist = (a: number[], b: number[]) => a.reduce((d, x, k) => d + (x - b[k]!) ** 2, 0);
    const r = minimiseSmm(knobs, [0.5, 1], (v) => dist(simulate(v, 1, 5000), obs), (v) => dist(simulate(v, 2, 5000), obs), {
      maxEvaluations: 300,
      checkEvery: 10,
      patience: 6,
    });
    expect(Math.abs(r.values[0]! - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(r.values[1]! - 2) / 2).toBeLessThan(0.08);
    expect(r.evaluations).toBeLessThanOrEqual(300);
  });

  it('stops early when the held-back score stops improving', () => {
    const knobs: KnobSpec[] = [{ name: 'a', transform: 'linear', lo: -10, hi: 10, step: 1 }];
    // The fit objective keeps improving toward 3; the held-back one is best at 0: overfitting.
    const r = minimiseSmm(knobs, [0], (v) => (v[0]! - 3) ** 2, (v) => v[0]! ** 2, { maxEvaluations: 500, checkEvery: 2, patience: 3 });
    expect(r.stoppedEarly).toBe(true);
    expect(r.evaluations).toBeLessThan(500);
    expect(Math.abs(r.values[0]!)).toBeLessThan(1.5);
  });

  it('scores the start point on the held-back set too: a search that only overfits returns its start', () => {
    const knobs: KnobSpec[] = [{ name: 'a', transform: 'linear', lo: -10, hi: 10, step: 1 }];
    // The coarse search leaves the start at once (fit best at 3), the held-back score is best at the
    // start (0) and worse everywhere the search goes; checked only every 10 evaluations, the first
    // check used to count the moved point as an improvement and return it.
    const checked: number[] = [];
    const r = minimiseSmm(knobs, [0], (v) => (v[0]! - 3) ** 2, (v) => v[0]! ** 2, {
      maxEvaluations: 200, checkEvery: 10, patience: 2, onCheck: (_n, _h, values) => checked.push(values[0]!),
    });
    expect(checked[0]).toBe(0);
    expect(r.values).toEqual([0]);
    expect(r.holdout).toBe(0);
  });
});
