/**
 * `brink calibrate`: fits what history identifies (MODEL.md §7) to the moments of MID disputes
 * (moments.ts) by simulated method of moments with common random numbers and Nelder–Mead
 * (smm.ts), with a held-back share of the disputes for early stopping.
 *
 * The knobs (docs/calibration.md):
 * | knob                 | what it is                                                          |
 * |----------------------|---------------------------------------------------------------------|
 * | baseScaleThreat      | × catalog base hazard of MID-level-2 actions (threats)              |
 * | baseScaleDisplay     | × base of level-3 actions (exercises, shows of force, mobilisation) |
 * | baseScaleForce       | × base of level-4 actions (seizure, clash, attack, blockade, ...)   |
 * | baseScaleWar         | × base of level-5 actions (invasion)                                |
 * | activityB            | side B's activity (× base hazards of its actions): reciprocation    |
 * | responsePowerWeight  | weight of the responder's power share (allies included) in P̂ (§4.1)|
 * | defenderThreshold    | Article 5 vote threshold of outside defenders (§4.5): joining       |
 * | episodeGraceDays     | days after the last hostile event before an episode may end (§3)    |
 * | quietDays            | mean of the exponential wait after the grace period (§3): duration  |
 * | coercivePowerWeight  | utility a strong actor's force loses, × (2·power share − 1)          |
 * | coerciveNuclearWeight| utility a nuclear actor's force loses                               |
 * | borderActivityB      | × side B's activity when it borders side A: geography in answering  |
 * | defenderTheatreShare | share of an outside defender's power in the dispute: allies' deterrence|
 * | unilateralThresholdB | pressure above which side B answers unilaterally (§4.4)             |
 * | joinBelowWarProb     | allies' propensity to join below war (engine joining.ts)            |
 * | borderHostility      | the border effect on reciprocation (engine border.ts)               |
 * | satiationWeight      | initiator satiation after force (engine satiation.ts)               |
 * | satiationHalfLifeDays| its half-life                                                       |
 * | displayStatusWeight  | coercion by display: major/nuclear actors' threats and displays gain (display.ts) |
 */
import { PARAM_SPECS } from '../model/params.js';
import type { EngineApi } from '../montecarlo/index.js';
import { mix32 } from '../random/index.js';
import { defaultHistoricalModel, type BuilderSettings, type HistoricalModel } from './build-scenario.js';
import type { DisputeCase } from './dispute.js';
import { computeMoments, momentDistance, MOMENTS, type MomentDef, type MomentValue } from './moments.js';
import { drive, driveAsync, type Steps } from './nelder-mead.js';
import { baseRateTerms, icbBaseRateTerms, icbScoreObjective, icbScoreTerms, scoreObjective, scoreTerms, type IcbScoreTerms, type ScoreTerms } from './score-objective.js';
import { simulateCrisis, type IcbPrediction } from './icb-backtest.js';
import type { IcbCase } from './icb.js';
import { minimiseSmmSteps, type KnobSpec } from './smm.js';
import { observedSummary, simulateCase, type CaseSummary } from './simulate.js';

export interface Knob extends KnobSpec {
  doc: string;
  /** Where the value lives: a global engine parameter or a setting of the historical builder. */
  kind: 'parameter' | 'setting';
  get(m: HistoricalModel): number;
  set(m: HistoricalModel, v: number): void;
}

const levelKnob = (i: number, name: string, doc: string): Knob => ({
  name,
  doc,
  kind: 'setting',
  transform: 'log',
  lo: 1 / 1000,
  hi: 1000,
  step: Math.log(2),
  get: (m) => m.settings.levelScale[i]!,
  set: (m, v) => {
    m.settings.levelScale[i] = v;
  },
});

const paramKnob = (name: 'responsePowerWeight' | 'quietDays' | 'episodeGraceDays' | 'weightRisk' | 'responseCohesionWeight' | 'coercivePowerWeight' | 'coerciveNuclearWeight' | 'hostilityUtilityWeight' | 'joinBelowWarProb' | 'borderHostility' | 'satiationWeight' | 'satiationHalfLifeDays' | 'joinPowerExponent' | 'displayStatusWeight', transform: 'log' | 'linear', step: number, lo?: number, hi?: number): Knob => ({
  name,
  doc: PARAM_SPECS[name].doc,
  kind: 'parameter',
  transform,
  lo: lo ?? Math.max(PARAM_SPECS[name].min, transform === 'log' ? 1e-3 : -Infinity),
  hi: hi ?? PARAM_SPECS[name].max,
  step,
  get: (m) => m.parameters[name] ?? PARAM_SPECS[name].default,
  set: (m, v) => {
    m.parameters[name] = v;
  },
});

/** Multiplier of the war base hazard for one era, relative to disputes begun from 1990 on (eraWarScale). */
const eraKnob = (i: number, name: string, what: string): Knob => ({
  name,
  doc: `multiplier of the base hazard of war (MID level 5) for ${what}, relative to disputes begun from 1990 on: the era's war propensity`,
  kind: 'setting',
  transform: 'log',
  lo: 0.01,
  hi: 100,
  step: Math.log(2),
  get: (m) => m.settings.eraWarScale[i]!,
  set: (m, v) => {
    m.settings.eraWarScale[i] = v;
  },
});

/** Numeric scalar settings of the historical builder. */
type ScalarSetting = { [K in keyof BuilderSettings]: BuilderSettings[K] extends number ? K : never }[keyof BuilderSettings];

const settingKnob = (name: ScalarSetting, doc: string, transform: Knob['transform'], lo: number, hi: number, step: number): Knob => ({
  name,
  doc,
  kind: 'setting',
  transform,
  lo,
  hi,
  step,
  get: (m) => m.settings[name],
  set: (m, v) => {
    m.settings[name] = v;
  },
});

export const KNOBS: readonly Knob[] = [
  levelKnob(0, 'baseScaleThreat', 'multiplier of the base hazard of threats (MID level 2)'),
  levelKnob(1, 'baseScaleDisplay', 'multiplier of the base hazard of displays of force (MID level 3)'),
  levelKnob(2, 'baseScaleForce', 'multiplier of the base hazard of uses of force (MID level 4)'),
  levelKnob(3, 'baseScaleWar', 'multiplier of the base hazard of war (MID level 5)'),
  settingKnob('activityB', "side B's activity (multiplier of the base hazards of the actions it chooses): reciprocation", 'log', 0.001, 100, Math.log(2)),
  paramKnob('responsePowerWeight', 'linear', 1, 0, 10),
  settingKnob('defenderThreshold', "outside defenders' Article 5 vote threshold (§4.5 domesticThreshold): joining", 'logit', 0.01, 0.99, 1),
  paramKnob('episodeGraceDays', 'log', Math.log(2), 0.25, 365),
  paramKnob('quietDays', 'log', Math.log(2), 1, 365),
  // Issue 4: covariate mechanisms (docs/model.md "Covariate mechanisms").
  paramKnob('coercivePowerWeight', 'linear', 0.25, -2, 2),
  paramKnob('coerciveNuclearWeight', 'linear', 0.25, -2, 2),
  settingKnob('borderActivityB', "multiplier of side B's activity when a side-B originator borders a side-A originator: geography in answering", 'log', 0.01, 100, Math.log(2)),
  settingKnob('defenderTheatreShare', "share of an outside defender's power committed to the dispute: how much allies deter the initiator (through P̂ and the exposure)", 'logit', 0.001, 0.999, 1),
  // The prior that moves the 2025 baseline's P(drawn in) most (brink sensitivity): the hostility spiral.
  paramKnob('hostilityUtilityWeight', 'log', Math.log(2), 0.01, 5),
  eraKnob(0, 'eraWarScalePre1914', 'disputes begun before 1914'),
  eraKnob(1, 'eraWarScale1914', 'disputes begun in 1914–1945'),
  eraKnob(2, 'eraWarScale1946', 'disputes begun in 1946–1989'),
  settingKnob('unilateralThresholdB', "pressure above which a side-B originator answers unilaterally (§4.4 member rules): reciprocation by rule", 'logit', 0.01, 0.99, 1),
  // Issue 17: engine mechanisms (docs/model.md §6 (q)).
  // Log scale: 0 (off) is the engine-0.2 model, approached without touching a bound.
  paramKnob('joinBelowWarProb', 'log', Math.log(2), 1e-4, 1),
  paramKnob('borderHostility', 'log', Math.log(2), 1e-3, 10),
  paramKnob('satiationWeight', 'log', Math.log(2), 1e-3, 5),
  paramKnob('satiationHalfLifeDays', 'log', Math.log(2), 1, 3650),
  paramKnob('joinPowerExponent', 'linear', 0.5, 0, 4),
  // Coercion by display (engine display.ts, docs/model.md §6 (r)): linear, 0 is off.
  paramKnob('displayStatusWeight', 'linear', 0.25, -2, 2),
];

export function knobByName(name: string): Knob | undefined {
  return KNOBS.find((k) => k.name === name);
}

export function cloneModel(m: HistoricalModel): HistoricalModel {
  return { parameters: { ...m.parameters }, settings: { ...m.settings, levelScale: [...m.settings.levelScale], eraWarScale: [...m.settings.eraWarScale] } };
}

export function withKnobs(base: HistoricalModel, knobs: readonly Knob[], values: readonly number[]): HistoricalModel {
  const m = cloneModel(base);
  knobs.forEach((k, i) => k.set(m, values[i]!));
  return m;
}

/** A deterministic split by dispute number: about `share` of the disputes are held back. */
export function splitHoldout<T extends { features: { dispnum: number } }>(cases: readonly T[], share: number, seed: number): { fit: T[]; holdout: T[] } {
  const fit: T[] = [];
  const holdout: T[] = [];
  for (const c of cases) {
    const u = mix32(mix32(c.features.dispnum) ^ mix32(seed + 0x51ed)) / 4294967296;
    (u < share ? holdout : fit).push(c);
  }
  return { fit, holdout };
}

export function simulateCases(engine: EngineApi, cases: readonly { features: DisputeCase['features'] }[], model: HistoricalModel, runs: number, seed: number): CaseSummary[] {
  return cases.map((c) => simulateCase(engine, c, model, runs, seed));
}

export interface MomentRow {
  name: string;
  observed: number;
  simulated: number;
  n: number;
}

/** What the calibration minimises: the moment distance (default) or the mean per-dispute proper score (score-objective.ts, D74). */
export type Objective = 'moments' | 'score';
export const OBJECTIVES: readonly Objective[] = ['moments', 'score'];

/** The score objective's value and its three terms at the answer (fitted or held-back disputes). */
export interface ScoreReport {
  objective: number;
  terms: ScoreTerms;
  baseRates: ScoreTerms;
}

/** The ICB part of the joint score objective (score-objective.ts), on the fitted or held-back crises. */
export interface IcbScoreReport {
  crises: number;
  objective: number;
  terms: IcbScoreTerms;
  baseRates: IcbScoreTerms;
}

export interface CalibrationReport {
  model: HistoricalModel;
  /** Present only for `objective: 'score'`, so the moment objective's report is unchanged. */
  objective?: Objective;
  scores?: { fit: ScoreReport; holdout: ScoreReport | null; icb?: { fit: IcbScoreReport; holdout: IcbScoreReport | null } };
  knobs: { name: string; kind: Knob['kind']; start: number; value: number; doc: string }[];
  fit: { disputes: number; distance: number; moments: MomentRow[] };
  holdout: { disputes: number; distance: number; moments: MomentRow[] };
  runs: number;
  seed: number;
  evaluations: number;
  checks: number;
  stoppedEarly: boolean;
}

export interface CalibrateOptions {
  runs: number;
  seed: number;
  holdoutShare: number;
  maxEvaluations: number;
  checkEvery: number;
  patience: number;
  /** Passes of the coarse coordinate search before Nelder–Mead (smm.ts); default 1. */
  coarsePasses?: number;
  /** Knob names to fit (default all of KNOBS); the others keep the start model's values. */
  knobs?: readonly string[];
  start?: HistoricalModel;
  moments?: readonly MomentDef[];
  /** What is minimised (default 'moments'). */
  objective?: Objective;
  /**
   * ICB crises fitted beside the MID disputes (score objective only): their violence RPS and
   * horizontal-escalation Brier, relative to their base rates, are added to the objective. The
   * same share is held back, by the same hash of the crisis number.
   */
  icb?: readonly IcbCase[];
  /** What was observed per dispute (default: its MID outcome); a recovery test passes simulated probabilities. */
  observed?: (c: DisputeCase) => CaseSummary;
  onEvaluation?: (n: number, f: number, best: number) => void;
  onCheck?: (n: number, holdout: number, values: number[]) => void;
}

function rows(obs: MomentValue[], sim: MomentValue[]): MomentRow[] {
  return obs.map((o, k) => ({ name: o.name, observed: o.value, simulated: sim[k]!.value, n: o.n }));
}

/**
 * A batch of simulations the calibration asks for: each dispute of `cases` simulated `runs` times
 * under `model`, read as MID disputes (CaseSummary), or, with `reading: 'icb'`, as ICB crises
 * (IcbPrediction; the joint score objective only).
 */
export interface CaseBatch {
  cases: readonly { features: DisputeCase['features'] }[];
  model: HistoricalModel;
  runs: number;
  seed: number;
  reading?: 'icb';
}

/** What a batch is answered with: one CaseSummary per dispute, or one IcbPrediction per crisis. */
export type BatchAnswer = CaseSummary[] | IcbPrediction[];

export function calibrate(engine: EngineApi, cases: readonly DisputeCase[], opts: CalibrateOptions): CalibrationReport {
  return drive(calibrateSteps(cases, opts), (b): BatchAnswer =>
    b.reading === 'icb' ? b.cases.map((c) => simulateCrisis(engine, c, b.model, b.runs, b.seed)) : simulateCases(engine, b.cases, b.model, b.runs, b.seed),
  );
}

/**
 * calibrate, with the simulations done by `simulate` (`brink calibrate --queue`: through Redis,
 * D73). The same batches are asked for in the same order, so with the same summaries the report
 * is the same to the last bit.
 */
export function calibrateWith(simulate: (b: CaseBatch) => Promise<BatchAnswer>, cases: readonly DisputeCase[], opts: CalibrateOptions): Promise<CalibrationReport> {
  return driveAsync(calibrateSteps(cases, opts), simulate);
}

/** The calibration as steps (nelder-mead.ts) that ask for batches of simulations. */
export function* calibrateSteps(cases: readonly DisputeCase[], opts: CalibrateOptions): Steps<CaseBatch, CalibrationReport, BatchAnswer> {
  const defs = opts.moments ?? MOMENTS;
  const knobs = (opts.knobs ?? KNOBS.map((k) => k.name)).map((n) => {
    const k = knobByName(n);
    if (!k) throw new Error(`unknown knob "${n}" (known: ${KNOBS.map((x) => x.name).join(', ')})`);
    return k;
  });
  const start = cloneModel(opts.start ?? defaultHistoricalModel());
  const { fit, holdout } = splitHoldout(cases, opts.holdoutShare, opts.seed);
  if (fit.length === 0) throw new Error('no disputes left to fit after holding back a share');
  const fitF = fit.map((c) => c.features);
  const holdF = holdout.map((c) => c.features);
  const observed = opts.observed ?? observedSummary;
  const obsFit = computeMoments(fitF, fit.map(observed), defs);
  const obsHold = computeMoments(holdF, holdout.map(observed), defs);
  function* simMoments(set: readonly DisputeCase[], feats: DisputeCase['features'][], values: readonly number[]): Steps<CaseBatch, MomentValue[], BatchAnswer> {
    const sims = (yield { cases: set, model: withKnobs(start, knobs, values), runs: opts.runs, seed: opts.seed }) as CaseSummary[];
    return computeMoments(feats, sims, defs);
  }
  const byScore = (opts.objective ?? 'moments') === 'score';
  if (byScore && opts.runs < 2) throw new Error('the score objective needs at least 2 runs per dispute (its squares are debiased for the Monte Carlo variance)');
  const sumFit = fit.map(observed);
  const sumHold = holdout.map(observed);
  const baseFit = byScore ? baseRateTerms(sumFit) : null;
  const baseHold = byScore && holdout.length > 0 ? baseRateTerms(sumHold) : null;
  const scoreOf = (obs: readonly CaseSummary[], sims: readonly CaseSummary[], base: ScoreTerms): ScoreReport => {
    const terms = scoreTerms(obs, sims);
    return { objective: scoreObjective(terms, base), terms, baseRates: base };
  };
  function* simScore(set: readonly DisputeCase[], obs: readonly CaseSummary[], base: ScoreTerms, values: readonly number[]): Steps<CaseBatch, ScoreReport, BatchAnswer> {
    return scoreOf(obs, (yield { cases: set, model: withKnobs(start, knobs, values), runs: opts.runs, seed: opts.seed }) as CaseSummary[], base);
  }
  // ICB crises beside the MID disputes (joint score objective).
  if (opts.icb && opts.icb.length > 0 && !byScore) throw new Error('ICB crises are fitted by the score objective only');
  const icbSplit = byScore && opts.icb && opts.icb.length > 0 ? splitHoldout(opts.icb, opts.holdoutShare, opts.seed) : null;
  if (icbSplit && icbSplit.fit.length === 0) throw new Error('no ICB crises left to fit after holding back a share');
  const icbBaseFit = icbSplit ? icbBaseRateTerms(icbSplit.fit.map((c) => c.observed)) : null;
  const icbBaseHold = icbSplit && icbSplit.holdout.length > 0 ? icbBaseRateTerms(icbSplit.holdout.map((c) => c.observed)) : null;
  const icbScoreOf = (set: readonly IcbCase[], preds: readonly IcbPrediction[], base: IcbScoreTerms): IcbScoreReport => {
    const terms = icbScoreTerms(set.map((c) => c.observed), preds, opts.runs);
    return { crises: set.length, objective: icbScoreObjective(terms, base), terms, baseRates: base };
  };
  function* simIcb(set: readonly IcbCase[], base: IcbScoreTerms, values: readonly number[]): Steps<CaseBatch, IcbScoreReport, BatchAnswer> {
    const preds = (yield { cases: set, model: withKnobs(start, knobs, values), runs: opts.runs, seed: opts.seed, reading: 'icb' }) as IcbPrediction[];
    return icbScoreOf(set, preds, base);
  }
  function* fitObjective(v: number[]): Steps<CaseBatch, number, BatchAnswer> {
    if (baseFit) {
      const mid = (yield* simScore(fit, sumFit, baseFit, v)).objective;
      return icbSplit && icbBaseFit ? mid + (yield* simIcb(icbSplit.fit, icbBaseFit, v)).objective : mid;
    }
    return momentDistance(obsFit, yield* simMoments(fit, fitF, v), opts.runs);
  }
  function* holdObjective(v: number[]): Steps<CaseBatch, number, BatchAnswer> {
    if (holdout.length === 0) return yield* fitObjective(v);
    if (baseHold) {
      const mid = (yield* simScore(holdout, sumHold, baseHold, v)).objective;
      return icbSplit && icbBaseHold ? mid + (yield* simIcb(icbSplit.holdout, icbBaseHold, v)).objective : mid;
    }
    return momentDistance(obsHold, yield* simMoments(holdout, holdF, v), opts.runs);
  }
  const startValues = knobs.map((k) => k.get(start));
  const r = yield* minimiseSmmSteps(knobs, startValues, fitObjective, holdObjective, {
    maxEvaluations: opts.maxEvaluations,
    checkEvery: opts.checkEvery,
    patience: opts.patience,
    coarsePasses: opts.coarsePasses ?? 1,
    onEvaluation: opts.onEvaluation,
    onCheck: opts.onCheck,
  });
  const model = withKnobs(start, knobs, r.values);
  // The answer's simulations, read both ways (moments always; the scores too under the score objective).
  const batch = (set: readonly DisputeCase[]): CaseBatch => ({ cases: set, model, runs: opts.runs, seed: opts.seed });
  const sFit = (yield batch(fit)) as CaseSummary[];
  const sHold = holdout.length > 0 ? ((yield batch(holdout)) as CaseSummary[]) : null;
  const simFit = computeMoments(fitF, sFit, defs);
  const simHold = sHold ? computeMoments(holdF, sHold, defs) : obsHold.map((o) => ({ ...o, value: NaN }));
  const icbScores =
    icbSplit && icbBaseFit
      ? { fit: yield* simIcb(icbSplit.fit, icbBaseFit, r.values), holdout: icbBaseHold ? yield* simIcb(icbSplit.holdout, icbBaseHold, r.values) : null }
      : undefined;
  const scores = baseFit
    ? { fit: scoreOf(sumFit, sFit, baseFit), holdout: baseHold && sHold ? scoreOf(sumHold, sHold, baseHold) : null, ...(icbScores ? { icb: icbScores } : {}) }
    : undefined;
  return {
    model,
    ...(scores ? { objective: 'score' as const, scores } : {}),
    knobs: knobs.map((k, i) => ({ name: k.name, kind: k.kind, start: startValues[i]!, value: r.values[i]!, doc: k.doc })),
    fit: { disputes: fit.length, distance: momentDistance(obsFit, simFit, opts.runs), moments: rows(obsFit, simFit) },
    holdout: { disputes: holdout.length, distance: holdout.length > 0 ? momentDistance(obsHold, simHold, opts.runs) : NaN, moments: rows(obsHold, simHold) },
    runs: opts.runs,
    seed: opts.seed,
    evaluations: r.evaluations,
    checks: r.checks,
    stoppedEarly: r.stoppedEarly,
  };
}
