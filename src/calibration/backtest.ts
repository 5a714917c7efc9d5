/**
 * `brink backtest`: simulate every dispute of a set of MID files N times and score the predicted
 * distribution against what happened (scores.ts), beside two baselines fitted only on training
 * disputes (baselines.ts): base rates and an ordinal logit on the onset covariates. A dispute that
 * is in both sets is dropped from training, so no baseline ever sees a dispute it is scored on.
 */
import type { EngineApi } from '../montecarlo/index.js';
import { fitBaseRate, fitLogitBaseline, type Prediction, type TrainingRow } from './baselines.js';
import type { HistoricalModel } from './build-scenario.js';
import { covariates, minorTarget, type DisputeCase } from './dispute.js';
import { bootstrapIndices, brier, calibrationTable, levelIndex, meanWithCi, rps, skillWithCi, type CalibrationBin, type Interval } from './scores.js';
import { simulateCase, type CaseSummary } from './simulate.js';

export const PREDICTORS = ['model', 'baseRate', 'logit'] as const;
export type PredictorName = (typeof PREDICTORS)[number];

export interface ScoreSet {
  rps: Interval;
  brierWar: Interval;
  brierRecip: Interval;
}

export interface BacktestResult {
  disputes: number;
  trainDisputes: number;
  droppedFromTraining: number;
  runs: number;
  seed: number;
  bootstrapReps: number;
  scores: Record<PredictorName, ScoreSet>;
  skill: { vsBaseRate: Interval; vsLogit: Interval };
  /** Calibration tables (deciles of predicted probability) per predictor and event. */
  calibration: Record<PredictorName, { war: CalibrationBin[]; recip: CalibrationBin[]; force: CalibrationBin[] }>;
  /** Observed and mean predicted frequencies over the scored disputes. */
  frequencies: { observed: FrequencyRow } & Record<PredictorName, FrequencyRow>;
  predictions: { dispnum: number; observed: { level: number; recip: boolean }; model: Prediction; baseRate: Prediction; logit: Prediction }[];
  /**
   * The alliance effect beside the record: P(war) of the scored disputes with a minor-power target,
   * by whether the target had a major-power defence ally (ATOP) at onset; observed share and mean
   * predicted probability per predictor.
   */
  alliance: { group: 'minor target, major-power ally' | 'minor target, no major-power ally'; disputes: number; observedWar: number; predictedWar: Record<PredictorName, number> }[];
}

export interface FrequencyRow {
  levels: number[];
  war: number;
  recip: number;
}

export interface BacktestOptions {
  runs: number;
  seed: number;
  bootstrapReps: number;
  onDispute?: (done: number, total: number) => void;
}

export function trainingRows(cases: readonly DisputeCase[]): TrainingRow[] {
  return cases.map((c) => ({ x: covariates(c.features), level: levelIndex(c.observed.hostlev), recip: c.observed.recip }));
}

export function backtest(engine: EngineApi, test: readonly DisputeCase[], trainAll: readonly DisputeCase[], model: HistoricalModel, opts: BacktestOptions): BacktestResult {
  if (test.length === 0) throw new Error('no disputes to score');
  const nums = new Set(test.map((c) => c.features.dispnum));
  if (trainAll.every((c) => nums.has(c.features.dispnum))) throw new Error('no training disputes left after dropping the disputes being scored');
  const summaries = test.map((c, i) => {
    const s = simulateCase(engine, c, model, opts.runs, opts.seed);
    opts.onDispute?.(i + 1, test.length);
    return s;
  });
  return scoreBacktest(test, trainAll, summaries, opts);
}

/**
 * The backtest from the model's predictions of the scored disputes (simulated here, or through
 * the queue: `brink backtest --mid … --queue`), in the order of `test`.
 */
export function scoreBacktest(test: readonly DisputeCase[], trainAll: readonly DisputeCase[], summaries: readonly CaseSummary[], opts: Omit<BacktestOptions, 'onDispute'>): BacktestResult {
  if (test.length === 0) throw new Error('no disputes to score');
  if (summaries.length !== test.length) throw new Error(`${summaries.length} predictions for ${test.length} disputes`);
  const testNums = new Set(test.map((c) => c.features.dispnum));
  const train = trainAll.filter((c) => !testNums.has(c.features.dispnum));
  if (train.length === 0) throw new Error('no training disputes left after dropping the disputes being scored');
  const rowsTrain = trainingRows(train);
  const baseRate = fitBaseRate(rowsTrain);
  const logit = fitLogitBaseline(rowsTrain);

  const preds: BacktestResult['predictions'] = [];
  test.forEach((c, i) => {
    const s = summaries[i]!;
    const x = covariates(c.features);
    preds.push({
      dispnum: c.features.dispnum,
      observed: { level: c.observed.hostlev, recip: c.observed.recip },
      model: { levels: s.level, pWar: s.level[3]!, pRecip: s.recip },
      baseRate: baseRate(),
      logit: logit.predict(x),
    });
  });

  const n = preds.length;
  const idx = bootstrapIndices(n, opts.bootstrapReps, opts.seed);
  const per = (name: PredictorName) => ({
    rps: preds.map((p) => rps(p[name].levels, levelIndex(p.observed.level))),
    war: preds.map((p) => brier(p[name].pWar, p.observed.level === 5)),
    recip: preds.map((p) => brier(p[name].pRecip, p.observed.recip)),
  });
  const raw = { model: per('model'), baseRate: per('baseRate'), logit: per('logit') };
  const scores = Object.fromEntries(
    PREDICTORS.map((name) => [
      name,
      {
        rps: meanWithCi(raw[name].rps, idx, opts.bootstrapReps),
        brierWar: meanWithCi(raw[name].war, idx, opts.bootstrapReps),
        brierRecip: meanWithCi(raw[name].recip, idx, opts.bootstrapReps),
      },
    ]),
  ) as Record<PredictorName, ScoreSet>;
  const calibration = Object.fromEntries(
    PREDICTORS.map((name) => [
      name,
      {
        war: calibrationTable(preds.map((p) => p[name].pWar), preds.map((p) => p.observed.level === 5), 10, opts.bootstrapReps, opts.seed),
        recip: calibrationTable(preds.map((p) => p[name].pRecip), preds.map((p) => p.observed.recip), 10, opts.bootstrapReps, opts.seed),
        force: calibrationTable(preds.map((p) => p[name].levels[2]! + p[name].levels[3]!), preds.map((p) => p.observed.level >= 4), 10, opts.bootstrapReps, opts.seed),
      },
    ]),
  ) as BacktestResult['calibration'];
  const freq = (f: (p: (typeof preds)[number]) => Prediction): FrequencyRow => ({
    levels: [0, 1, 2, 3].map((k) => preds.reduce((s, p) => s + f(p).levels[k]!, 0) / n),
    war: preds.reduce((s, p) => s + f(p).pWar, 0) / n,
    recip: preds.reduce((s, p) => s + f(p).pRecip, 0) / n,
  });
  const observed: FrequencyRow = {
    levels: [2, 3, 4, 5].map((l) => preds.filter((p) => p.observed.level === l).length / n),
    war: preds.filter((p) => p.observed.level === 5).length / n,
    recip: preds.filter((p) => p.observed.recip).length / n,
  };
  const alliance = ([true, false] as const).map((allied) => {
    const g = test.map((c, i) => ({ c, p: preds[i]! })).filter(({ c }) => minorTarget(c.features) && c.features.defendersB.some((d) => d.major) === allied);
    const m = (f: (x: (typeof g)[number]) => number) => (g.length === 0 ? NaN : g.reduce((s, x) => s + f(x), 0) / g.length);
    return {
      group: allied ? ('minor target, major-power ally' as const) : ('minor target, no major-power ally' as const),
      disputes: g.length,
      observedWar: m(({ c }) => (c.observed.war ? 1 : 0)),
      predictedWar: { model: m(({ p }) => p.model.pWar), baseRate: m(({ p }) => p.baseRate.pWar), logit: m(({ p }) => p.logit.pWar) },
    };
  });
  return {
    alliance,
    disputes: n,
    trainDisputes: train.length,
    droppedFromTraining: trainAll.length - train.length,
    runs: opts.runs,
    seed: opts.seed,
    bootstrapReps: opts.bootstrapReps,
    scores,
    skill: {
      vsBaseRate: skillWithCi(raw.model.rps, raw.baseRate.rps, idx, opts.bootstrapReps),
      vsLogit: skillWithCi(raw.model.rps, raw.logit.rps, idx, opts.bootstrapReps),
    },
    calibration,
    frequencies: { observed, model: freq((p) => p.model), baseRate: freq((p) => p.baseRate), logit: freq((p) => p.logit) },
    predictions: preds,
  };
}

/** The JSON object of `brink backtest --json` (estimates, with intervals and tables alongside). */
export function backtestJson(r: BacktestResult): unknown {
  const est = (s: ScoreSet) => ({ rps: s.rps.estimate, brierWar: s.brierWar.estimate, brierRecip: s.brierRecip.estimate });
  const ci = (s: ScoreSet) => ({ rps: [s.rps.lo, s.rps.hi], brierWar: [s.brierWar.lo, s.brierWar.hi], brierRecip: [s.brierRecip.lo, s.brierRecip.hi] });
  return {
    disputes: r.disputes,
    scores: { model: est(r.scores.model), baseRate: est(r.scores.baseRate), logit: est(r.scores.logit) },
    skill: { vsBaseRate: r.skill.vsBaseRate.estimate, vsLogit: r.skill.vsLogit.estimate },
    ci95: {
      scores: { model: ci(r.scores.model), baseRate: ci(r.scores.baseRate), logit: ci(r.scores.logit) },
      skill: { vsBaseRate: [r.skill.vsBaseRate.lo, r.skill.vsBaseRate.hi], vsLogit: [r.skill.vsLogit.lo, r.skill.vsLogit.hi] },
    },
    trainDisputes: r.trainDisputes,
    droppedFromTraining: r.droppedFromTraining,
    runs: r.runs,
    seed: r.seed,
    bootstrapReps: r.bootstrapReps,
    frequencies: r.frequencies,
    calibration: r.calibration,
    alliance: r.alliance,
  };
}
