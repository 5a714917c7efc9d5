/**
 * `brink backtest --icb DIR`: simulate every crisis of an ICB actor file from its onset (icb.ts)
 * and score three outcomes against base rates and logits on the same onset covariates, fitted on
 * the training crises minus the scored ones (docs/validation.md, D50):
 * - violence (none, minor clashes, serious clashes, full-scale war): RPS over the four categories;
 * - horizontal escalation (a great power not among the original parties drawn in): Brier;
 * - duration in DURATION_BINS: RPS over the ordered bins (a proper score), over crises whose
 *   duration is known.
 * A trajectory is read as a crisis by these rules: no use of force (highest MID level ≤ 3) is no
 * violence; war (level 5) is full-scale war; force used by one side only is minor clashes, by both
 * sides serious clashes; horizontal escalation is a great-power outside defender joining (the only
 * outside defenders of an ICB scenario); the duration is the opening episode's, and an episode
 * still open at the horizon falls in the last bin.
 */
import type { EngineApi, Simulator } from '../montecarlo/index.js';
import { fitLogit, fitOrdinalLogit, predictOrdinal } from './baselines.js';
import type { HistoricalModel } from './build-scenario.js';
import { alliedWithGreatPower, durationBin, icbCovariates, K_DURATION, type IcbCase } from './icb.js';
import { bootstrapIndices, brier, meanWithCi, rps, skillWithCi, type Interval } from './scores.js';
import { compileCase, disputeSeed, readContextOf, readTrajectory, type ReadContext } from './simulate.js';
import { defenderIds, sideIds } from './build-scenario.js';

export const ICB_PREDICTORS = ['model', 'baseRate', 'logit'] as const;
export type IcbPredictor = (typeof ICB_PREDICTORS)[number];

export interface IcbPrediction {
  /** P(violence = none, minor, serious, war). */
  violence: number[];
  pHorizontal: number;
  /** P(duration in each bin). */
  duration: number[];
}

/** Counts of an ICB tally: violence none/minor/serious/war, horizontal escalation, then each duration bin. */
export const ICB_TALLY_WIDTH = 5 + K_DURATION;

/** Tallies trajectories first..first+count−1 of a crisis (seed = disputeSeed) by the ICB reading rules above. */
export function tallyIcb(sim: Simulator, ctx: ReadContext, seed: number, first: number, count: number): number[] {
  const t = new Array<number>(ICB_TALLY_WIDTH).fill(0);
  for (let r = first; r < first + count; r++) {
    const tr = sim.run(seed, r, { trace: true });
    const d = readTrajectory(tr, ctx);
    let forceA = false;
    let forceB = false;
    for (const e of tr.events ?? []) {
      if (e.day > d.durationDays) break;
      if (e.note === 'undetected' || !ctx.actors.has(e.actor)) continue;
      if ((ctx.midLevel.get(e.action) ?? 1) >= 4) {
        if (ctx.sideB.has(e.actor)) forceB = true;
        else forceA = true;
      }
    }
    const v = d.level <= 3 ? 0 : d.level === 5 ? 3 : forceA && forceB ? 2 : 1;
    t[v]!++;
    if (d.joined) t[4]!++;
    const open = !(tr.outcome.firstEpisodeDays > 0) && tr.episodeDurations[0] === undefined;
    t[5 + (open ? K_DURATION - 1 : durationBin(d.durationDays))]!++;
  }
  return t;
}

/** A crisis's predicted outcome from its ICB tally over `runs` trajectories. */
export function icbPrediction(t: readonly number[], runs: number): IcbPrediction {
  return { violence: t.slice(0, 4).map((x) => x / runs), pHorizontal: t[4]! / runs, duration: t.slice(5, 5 + K_DURATION).map((x) => x / runs) };
}

/** Simulates a crisis `runs` times (common random numbers keyed by the crisis number). */
export function simulateCrisis(engine: EngineApi, c: { features: IcbCase['features'] }, model: HistoricalModel, runs: number, masterSeed: number): IcbPrediction {
  const compiled = compileCase(engine, c, model);
  const sim = engine.createSimulator(compiled);
  return icbPrediction(tallyIcb(sim, readContextOf(compiled, sideIds(c).b, defenderIds(c)), disputeSeed(masterSeed, c.features.dispnum), 0, runs), runs);
}

export interface IcbScores {
  violenceRps: Interval;
  horizontalBrier: Interval;
  durationRps: Interval;
}

export interface AllianceRow {
  group: 'allied with a great power' | 'not allied with a great power';
  crises: number;
  observedWar: number;
  /** Mean predicted P(full-scale war) per predictor. */
  predictedWar: Record<IcbPredictor, number>;
}

export interface IcbBacktestResult {
  crises: number;
  /** Scored crises whose duration is known (the duration score's denominator). */
  crisesWithDuration: number;
  trainCrises: number;
  droppedFromTraining: number;
  runs: number;
  seed: number;
  bootstrapReps: number;
  scores: Record<IcbPredictor, IcbScores>;
  skill: Record<'vsBaseRate' | 'vsLogit', IcbScores>;
  frequencies: { observed: IcbPrediction } & Record<IcbPredictor, IcbPrediction>;
  alliance: AllianceRow[];
}

export interface IcbBacktestOptions {
  runs: number;
  seed: number;
  bootstrapReps: number;
  onCrisis?: (done: number, total: number) => void;
}

const onehot = (k: number, n: number) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

export function icbBacktest(engine: EngineApi, test: readonly IcbCase[], trainAll: readonly IcbCase[], model: HistoricalModel, opts: IcbBacktestOptions): IcbBacktestResult {
  if (test.length === 0) throw new Error('no crises to score');
  checkIcbTraining(test, trainAll);
  const predictions = test.map((c, i) => {
    const p = simulateCrisis(engine, c, model, opts.runs, opts.seed);
    opts.onCrisis?.(i + 1, test.length);
    return p;
  });
  return scoreIcbBacktest(test, trainAll, predictions, opts);
}

function checkIcbTraining(test: readonly IcbCase[], trainAll: readonly IcbCase[]): void {
  const testNums = new Set(test.map((c) => c.features.dispnum));
  if (trainAll.every((c) => testNums.has(c.features.dispnum))) throw new Error('no training crises left after dropping the crises being scored');
}

/**
 * The ICB backtest from the model's predictions of the scored crises (simulated here, or through
 * the queue: `brink backtest --icb … --queue`), in the order of `test`.
 */
export function scoreIcbBacktest(test: readonly IcbCase[], trainAll: readonly IcbCase[], predictions: readonly IcbPrediction[], opts: Omit<IcbBacktestOptions, 'onCrisis'>): IcbBacktestResult {
  if (test.length === 0) throw new Error('no crises to score');
  if (predictions.length !== test.length) throw new Error(`${predictions.length} predictions for ${test.length} crises`);
  const testNums = new Set(test.map((c) => c.features.dispnum));
  const train = trainAll.filter((c) => !testNums.has(c.features.dispnum));
  if (train.length === 0) throw new Error('no training crises left after dropping the crises being scored');
  // ---- baselines (training crises only) ----
  const xs = train.map(icbCovariates);
  const vTrain = train.map((c) => c.observed.violence - 1);
  const hTrain = train.map((c) => c.observed.horizontal);
  const withDur = train.filter((c) => c.observed.durationDays !== null);
  const dTrain = withDur.map((c) => durationBin(c.observed.durationDays!));
  const share = (ys: number[], k: number) => Array.from({ length: k }, (_, i) => ys.filter((y) => y === i).length / ys.length);
  const base: IcbPrediction = { violence: share(vTrain, 4), pHorizontal: hTrain.filter(Boolean).length / hTrain.length, duration: share(dTrain, K_DURATION) };
  const vLogit = fitOrdinalLogit(xs, vTrain, 4);
  const hLogit = fitLogit(xs, hTrain);
  const dLogit = fitOrdinalLogit(withDur.map(icbCovariates), dTrain, K_DURATION);
  // ---- predictions ----
  const preds = test.map((c, i) => {
    const x = icbCovariates(c);
    return {
      c,
      model: predictions[i]!,
      baseRate: base,
      logit: { violence: predictOrdinal(vLogit, x), pHorizontal: hLogit(x), duration: predictOrdinal(dLogit, x) },
    };
  });
  const n = preds.length;
  const durPreds = preds.filter((p) => p.c.observed.durationDays !== null);
  const idx = bootstrapIndices(n, opts.bootstrapReps, opts.seed);
  const idxD = bootstrapIndices(Math.max(1, durPreds.length), opts.bootstrapReps, opts.seed + 1);
  const raw = (name: IcbPredictor) => ({
    v: preds.map((p) => rps(p[name].violence, p.c.observed.violence - 1)),
    h: preds.map((p) => brier(p[name].pHorizontal, p.c.observed.horizontal)),
    d: durPreds.map((p) => rps(p[name].duration, durationBin(p.c.observed.durationDays!))),
  });
  const r = { model: raw('model'), baseRate: raw('baseRate'), logit: raw('logit') };
  const NA: Interval = { estimate: NaN, lo: NaN, hi: NaN };
  const scores = Object.fromEntries(
    ICB_PREDICTORS.map((k) => [
      k,
      {
        violenceRps: meanWithCi(r[k].v, idx, opts.bootstrapReps),
        horizontalBrier: meanWithCi(r[k].h, idx, opts.bootstrapReps),
        durationRps: durPreds.length > 0 ? meanWithCi(r[k].d, idxD, opts.bootstrapReps) : NA,
      },
    ]),
  ) as Record<IcbPredictor, IcbScores>;
  const skillVs = (b: IcbPredictor): IcbScores => ({
    violenceRps: skillWithCi(r.model.v, r[b].v, idx, opts.bootstrapReps),
    horizontalBrier: skillWithCi(r.model.h, r[b].h, idx, opts.bootstrapReps),
    durationRps: durPreds.length > 0 ? skillWithCi(r.model.d, r[b].d, idxD, opts.bootstrapReps) : NA,
  });
  const avg = (list: typeof preds, f: (p: (typeof preds)[number]) => IcbPrediction): IcbPrediction => ({
    violence: [0, 1, 2, 3].map((k) => list.reduce((s, p) => s + f(p).violence[k]!, 0) / list.length),
    pHorizontal: list.reduce((s, p) => s + f(p).pHorizontal, 0) / list.length,
    duration: Array.from({ length: K_DURATION }, (_, k) => {
      const l = list.filter((p) => p.c.observed.durationDays !== null);
      return l.reduce((s, p) => s + f(p).duration[k]!, 0) / l.length;
    }),
  });
  const observed = avg(preds, (p) => ({
    violence: onehot(p.c.observed.violence - 1, 4),
    pHorizontal: p.c.observed.horizontal ? 1 : 0,
    duration: p.c.observed.durationDays === null ? new Array<number>(K_DURATION).fill(0) : onehot(durationBin(p.c.observed.durationDays), K_DURATION),
  }));
  const alliance: AllianceRow[] = ([true, false] as const).map((allied) => {
    const g = preds.filter((p) => alliedWithGreatPower(p.c) === allied);
    const m = (f: (p: (typeof preds)[number]) => number) => (g.length === 0 ? NaN : g.reduce((s, p) => s + f(p), 0) / g.length);
    return {
      group: allied ? 'allied with a great power' : 'not allied with a great power',
      crises: g.length,
      observedWar: m((p) => (p.c.observed.violence === 4 ? 1 : 0)),
      predictedWar: { model: m((p) => p.model.violence[3]!), baseRate: m((p) => p.baseRate.violence[3]!), logit: m((p) => p.logit.violence[3]!) },
    };
  });
  return {
    crises: n,
    crisesWithDuration: durPreds.length,
    trainCrises: train.length,
    droppedFromTraining: trainAll.length - train.length,
    runs: opts.runs,
    seed: opts.seed,
    bootstrapReps: opts.bootstrapReps,
    scores,
    skill: { vsBaseRate: skillVs('baseRate'), vsLogit: skillVs('logit') },
    frequencies: { observed, model: avg(preds, (p) => p.model), baseRate: avg(preds, (p) => p.baseRate), logit: avg(preds, (p) => p.logit) },
    alliance,
  };
}
