/**
 * The score objective of `brink calibrate --objective score` (docs/calibration.md, "Issue 17: a
 * score objective"; docs/decisions.md D74): instead of matching group moments, the fit minimises
 * the mean per-dispute proper score that the backtest reports (scores.ts), on the fitted disputes:
 *
 *   S = RPS(level) / RPS₀ + Brier(war) / Brier₀(war) + Brier(recip) / Brier₀(recip),
 *
 * each term the mean over disputes, divided by the same term of the base rates of the fitted
 * disputes (RPS₀, Brier₀: constants of the data), so each score weighs by its skill and the
 * reciprocation Brier (~0.25) does not drown the level's RPS (~0.09). S = 3 − (sum of the three
 * in-sample skills against base rates); a positive scaling of a proper score is proper.
 *
 * A dispute's predicted probabilities are Monte Carlo shares over R runs; the square of a share is
 * biased up by its variance p(1−p)/R, a penalty that would push the fit toward extreme
 * probabilities at small R. Each squared term is therefore the unbiased estimate
 *   (p̂ − o)² − p̂(1 − p̂)/(R − 1)
 * (E[p̂²] = p² + p(1−p)/R), for the war and reciprocation shares and for each cumulative level
 * share F_k of the RPS. Its expectation is the score of the model's true probabilities.
 */
import { K_LEVELS } from './scores.js';
import type { CaseSummary } from './simulate.js';

/** The three mean scores of a set of predictions, debiased for R runs (R = 1: observed or exact). */
export interface ScoreTerms {
  rps: number;
  brierWar: number;
  brierRecip: number;
}

/** (p̂ − o)² with the Monte Carlo variance of p̂ over `runs` runs removed (runs ≤ 1: not debiased). */
export function debiasedSquare(p: number, o: number, runs: number): number {
  const d = (p - o) ** 2;
  return runs > 1 ? d - (p * (1 - p)) / (runs - 1) : d;
}

function observedLevel(o: CaseSummary): number {
  const k = o.level.findIndex((x) => x === 1);
  if (k < 0) throw new Error('score objective: an observed dispute has no single highest level');
  return k;
}

/** Mean debiased RPS, Brier war and Brier reciprocation of `pred` against `obs` (0/1 summaries). */
export function scoreTerms(obs: readonly CaseSummary[], pred: readonly CaseSummary[]): ScoreTerms {
  if (obs.length !== pred.length) throw new Error('score objective: predictions and observations differ in number');
  let rps = 0;
  let war = 0;
  let recip = 0;
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i]!;
    const p = pred[i]!;
    const k = observedLevel(o);
    let cum = 0;
    let s = 0;
    for (let j = 0; j < K_LEVELS - 1; j++) {
      cum += p.level[j]!;
      s += debiasedSquare(Math.min(1, cum), k <= j ? 1 : 0, p.runs);
    }
    rps += s / (K_LEVELS - 1);
    war += debiasedSquare(p.level[3]!, o.level[3]!, p.runs);
    recip += debiasedSquare(p.recip, o.recip, p.runs);
  }
  const n = Math.max(1, obs.length);
  return { rps: rps / n, brierWar: war / n, brierRecip: recip / n };
}

/** The base rates of a set of observations as a prediction for every one of them. */
export function baseRateTerms(obs: readonly CaseSummary[]): ScoreTerms {
  const n = obs.length;
  const level = [0, 0, 0, 0];
  let recip = 0;
  for (const o of obs) {
    o.level.forEach((x, j) => (level[j]! += x / n));
    recip += o.recip / n;
  }
  const p: CaseSummary = { level, recip, warRecip: 0, joined: 0, durLe: [], runs: 1 };
  return scoreTerms(obs, obs.map(() => p));
}

/** The objective S: the sum of the three mean scores, each divided by the base rates' (a term whose base-rate score is 0 is left out). */
export function scoreObjective(terms: ScoreTerms, base: ScoreTerms): number {
  const rel = (a: number, b: number) => (b > 0 ? a / b : 0);
  return rel(terms.rps, base.rps) + rel(terms.brierWar, base.brierWar) + rel(terms.brierRecip, base.brierRecip);
}

/**
 * ICB terms of the joint score objective (`brink calibrate --objective score --icb DIR`): the
 * crisis's violence (none, minor, serious clashes, full-scale war; RPS over the four) and
 * horizontal escalation (Brier), the scores of `brink backtest --icb` (icb-backtest.ts), debiased
 * for the runs as above and each divided by the base rates' of the fitted crises. The duration bins
 * are left out: the engine has no mechanism for the long tail of crisis durations (calibration.md).
 */
export interface IcbScoreTerms {
  violenceRps: number;
  horizontalBrier: number;
}

/** What the ICB terms need of an observed crisis and of a predicted one. */
export interface IcbObservedLite {
  violence: 1 | 2 | 3 | 4;
  horizontal: boolean;
}
export interface IcbPredictionLite {
  violence: number[];
  pHorizontal: number;
}

export function icbScoreTerms(obs: readonly IcbObservedLite[], pred: readonly IcbPredictionLite[], runs: number): IcbScoreTerms {
  if (obs.length !== pred.length) throw new Error('score objective: ICB predictions and observations differ in number');
  let v = 0;
  let h = 0;
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i]!;
    const p = pred[i]!;
    const k = o.violence - 1;
    let cum = 0;
    let s = 0;
    for (let j = 0; j < p.violence.length - 1; j++) {
      cum += p.violence[j]!;
      s += debiasedSquare(Math.min(1, cum), k <= j ? 1 : 0, runs);
    }
    v += s / (p.violence.length - 1);
    h += debiasedSquare(p.pHorizontal, o.horizontal ? 1 : 0, runs);
  }
  const n = Math.max(1, obs.length);
  return { violenceRps: v / n, horizontalBrier: h / n };
}

export function icbBaseRateTerms(obs: readonly IcbObservedLite[]): IcbScoreTerms {
  const n = obs.length;
  const violence = [0, 0, 0, 0];
  let h = 0;
  for (const o of obs) {
    violence[o.violence - 1]! += 1 / n;
    if (o.horizontal) h += 1 / n;
  }
  return icbScoreTerms(obs, obs.map(() => ({ violence, pHorizontal: h })), 1);
}

/** The ICB part of the objective: each mean score divided by the base rates' (a zero base-rate term is left out). */
export function icbScoreObjective(terms: IcbScoreTerms, base: IcbScoreTerms): number {
  const rel = (a: number, b: number) => (b > 0 ? a / b : 0);
  return rel(terms.violenceRps, base.violenceRps) + rel(terms.horizontalBrier, base.horizontalBrier);
}
