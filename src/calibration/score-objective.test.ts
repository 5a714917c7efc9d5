import { describe, expect, it } from 'vitest';
import { KeyedRandom } from '../random/index.js';
import { baseRateTerms, debiasedSquare, icbBaseRateTerms, icbScoreObjective, icbScoreTerms, scoreObjective, scoreTerms } from './score-objective.js';
import { brier, rps } from './scores.js';
import type { CaseSummary } from './simulate.js';

const obsCase = (level: number, recip: boolean): CaseSummary => {
  const l = [0, 0, 0, 0];
  l[level - 2] = 1;
  return { level: l, recip: recip ? 1 : 0, warRecip: level === 5 && recip ? 1 : 0, joined: 0, durLe: [], runs: 1 };
};
const pred = (level: number[], recip: number, runs: number): CaseSummary => ({ level, recip, warRecip: 0, joined: 0, durLe: [], runs });

describe('the score objective (calibrate --objective score)', () => {
  it('equals the backtest scores (scores.ts) for exact probabilities (runs = 1)', () => {
    const obs = [obsCase(3, false), obsCase(4, true), obsCase(5, true)];
    const p = [pred([0.1, 0.5, 0.3, 0.1], 0.4, 1), pred([0.05, 0.25, 0.6, 0.1], 0.7, 1), pred([0, 0.2, 0.5, 0.3], 0.9, 1)];
    const t = scoreTerms(obs, p);
    const levels = [1, 2, 3];
    expect(t.rps).toBeCloseTo(p.reduce((s, x, i) => s + rps(x.level, levels[i]!), 0) / 3, 12);
    expect(t.brierWar).toBeCloseTo(p.reduce((s, x, i) => s + brier(x.level[3]!, i === 2), 0) / 3, 12);
    expect(t.brierRecip).toBeCloseTo(p.reduce((s, x, i) => s + brier(x.recip, obs[i]!.recip), 0) / 3, 12);
  });

  it('is unbiased for the true score when probabilities are shares of a few runs', () => {
    // True P(recip) 0.3, observed 1: true Brier 0.49. Shares over R = 4 runs are noisy; the plain
    // square averages 0.49 + 0.3·0.7/4, the debiased one 0.49.
    const R = 4;
    const rnd = new KeyedRandom(7, 0);
    let plain = 0;
    let debiased = 0;
    const N = 40000;
    for (let i = 0; i < N; i++) {
      let k = 0;
      for (let r = 0; r < R; r++) if (rnd.u(1, i, r) < 0.3) k++;
      plain += (k / R - 1) ** 2;
      debiased += debiasedSquare(k / R, 1, R);
    }
    expect(plain / N).toBeGreaterThan(0.49 + 0.04);
    expect(Math.abs(debiased / N - 0.49)).toBeLessThan(0.006);
  });

  it('base rates score 3 relative to themselves, a perfect forecast 0, and a better ranking less than base rates', () => {
    const obs = [obsCase(2, false), obsCase(3, false), obsCase(4, true), obsCase(4, true), obsCase(5, true)];
    const base = baseRateTerms(obs);
    const share = [0.2, 0.2, 0.4, 0.2];
    const asBase = obs.map(() => pred(share, 0.6, 1));
    expect(scoreObjective(scoreTerms(obs, asBase), base)).toBeCloseTo(3, 12);
    expect(scoreObjective(scoreTerms(obs, obs), base)).toBe(0);
    // the same mean, ranked the right way: recip higher where it happened
    const ranked = obs.map((o) => pred(share, o.recip === 1 ? 0.8 : 0.3, 1));
    expect(scoreObjective(scoreTerms(obs, ranked), base)).toBeLessThan(3);
  });

  it('ICB terms: the violence RPS and horizontal Brier of brink backtest --icb for exact probabilities; base rates score 2 relative to themselves', () => {
    const obs = [{ violence: 1 as const, horizontal: false }, { violence: 4 as const, horizontal: true }, { violence: 2 as const, horizontal: false }];
    const pred = [{ violence: [0.5, 0.3, 0.1, 0.1], pHorizontal: 0.2 }, { violence: [0.1, 0.2, 0.3, 0.4], pHorizontal: 0.6 }, { violence: [0.25, 0.25, 0.25, 0.25], pHorizontal: 0.1 }];
    const t = icbScoreTerms(obs, pred, 1);
    expect(t.violenceRps).toBeCloseTo(pred.reduce((s, p, i) => s + rps(p.violence, obs[i]!.violence - 1), 0) / 3, 12);
    expect(t.horizontalBrier).toBeCloseTo(pred.reduce((s, p, i) => s + brier(p.pHorizontal, obs[i]!.horizontal), 0) / 3, 12);
    const base = icbBaseRateTerms(obs);
    const asBase = obs.map(() => ({ violence: [1 / 3, 1 / 3, 0, 1 / 3], pHorizontal: 1 / 3 }));
    expect(icbScoreObjective(icbScoreTerms(obs, asBase, 1), base)).toBeCloseTo(2, 12);
  });
});
