import { describe, expect, it } from 'vitest';
import { KeyedRandom } from '../random/index.js';
import { fitBaseRate, fitLogit, fitOrdinalLogit, predictOrdinal, type TrainingRow } from './baselines.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Synthetic proportional-odds data with known coefficients. */
function synth(n: number, alpha: number[], beta: number[], seed: number) {
  const r = new KeyedRandom(seed, 0);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = [r.u(1, i, 0) * 4 - 2, r.u(1, i, 1) < 0.3 ? 1 : 0, r.u(1, i, 2) * 2 - 1];
    const eta = xi.reduce((s, v, j) => s + v * beta[j]!, 0);
    const u = r.u(2, i, 0);
    let c = 0;
    while (c < alpha.length && u > sigmoid(alpha[c]! - eta)) c++;
    x.push(xi);
    y.push(c);
  }
  return { x, y };
}

describe('ordinal logistic regression (proportional odds)', () => {
  it('recovers known coefficients on synthetic data', () => {
    const alpha = [-2, 0.5, 3];
    const beta = [0.8, -1.2, 0.5];
    const { x, y } = synth(20000, alpha, beta, 3);
    const m = fitOrdinalLogit(x, y, 4, { ridge: 0 });
    expect(m.converged).toBe(true);
    // n = 20000: standard errors ≈ 0.03 (β) to 0.05 (outer cut points); tolerances ≈ 3 SE
    m.alpha.forEach((a, k) => expect(Math.abs(a - alpha[k]!)).toBeLessThan(0.15));
    m.beta.forEach((b, j) => expect(Math.abs(b - beta[j]!)).toBeLessThan(0.08));
  });

  it('predicts probabilities that sum to one and the analytic gradient is zero at the optimum', () => {
    const { x, y } = synth(3000, [-1, 1, 2], [0.5, 0.5, -0.5], 5);
    const m = fitOrdinalLogit(x, y, 4);
    for (const xi of x.slice(0, 50)) {
      const p = predictOrdinal(m, xi);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      p.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    }
    // finite-difference check of optimality: perturbing any coefficient lowers the likelihood
    const ll = (alpha: number[], beta: number[]) =>
      y.reduce((s, yi, i) => {
        const p = predictOrdinal({ ...m, alpha, beta }, x[i]!);
        return s + Math.log(p[yi]!);
      }, 0) - 0.5 * 1e-4 * beta.reduce((s, b) => s + b * b, 0);
    const base = ll(m.alpha, m.beta);
    for (let j = 0; j < m.beta.length; j++)
      for (const d of [-1e-3, 1e-3]) {
        const b = [...m.beta];
        b[j]! += d;
        expect(ll(m.alpha, b)).toBeLessThanOrEqual(base + 1e-9);
      }
    expect(Math.abs(m.logLik - base)).toBeLessThan(1e-6);
  });

  it('handles a category absent from training and a separating covariate', () => {
    const x = [[0], [0], [1], [1], [1], [0]];
    const y = [0, 0, 3, 3, 3, 0]; // categories 1, 2 absent; x separates perfectly
    const m = fitOrdinalLogit(x, y, 4);
    const p0 = predictOrdinal(m, [0]);
    const p1 = predictOrdinal(m, [1]);
    expect(p0[1]).toBe(0);
    expect(p0[2]).toBe(0);
    expect(p0[0]!).toBeGreaterThan(0.9);
    expect(p1[3]!).toBeGreaterThan(0.9);
    expect(Number.isFinite(m.beta[0]!)).toBe(true);
  });

  it('binary logit recovers known coefficients', () => {
    const r = new KeyedRandom(11, 0);
    const x: number[][] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const xi = [r.u(1, i, 0) * 2 - 1, r.u(1, i, 1) < 0.5 ? 1 : 0];
      x.push(xi);
      y.push(r.u(2, i, 0) < sigmoid(-0.5 + 1.5 * xi[0]! - 1 * xi[1]!));
    }
    const p = fitLogit(x, y, { ridge: 0 });
    // P(y | x = 0) = σ(−0.5); at x = (1, 1): σ(−0.5 + 1.5 − 1) = 0.5
    expect(p([0, 0])).toBeCloseTo(sigmoid(-0.5), 1);
    expect(p([1, 1])).toBeCloseTo(0.5, 1);
    expect(p([1, 0])).toBeCloseTo(sigmoid(1), 1);
  });
});

describe('base rates', () => {
  it('are the training shares', () => {
    const rows: TrainingRow[] = [0, 1, 2, 2, 2, 2, 3, 1].map((level, i) => ({ x: [], level, recip: i % 2 === 0 }));
    const p = fitBaseRate(rows)();
    expect(p.levels).toEqual([1 / 8, 2 / 8, 4 / 8, 1 / 8]);
    expect(p.pWar).toBe(1 / 8);
    expect(p.pRecip).toBe(0.5);
  });
});
