/**
 * Simulated method of moments by Nelder–Mead (nelder-mead.ts), with early stopping on a held-back set.
 *
 * The optimiser works in a scaled space: each knob's transformed value (log, logit or linear)
 * u is mapped to x = 1 + (u − u0)/Δ, so the start is x = (1, …, 1) and the initial simplex steps
 * each knob by its own Δ (x_i = 2), a step large enough to see through the plateaus that common
 * random numbers leave in a simulated objective.
 *
 * Restarted Nelder–Mead: each run returns where it would shrink (`shrink: false`) and the search
 * restarts from the best vertex, with half the simplex step whenever a restart brought no
 * improvement — which is what a shrink does, and restarts also help Nelder–Mead out of a
 * collapsed simplex. (This began as a workaround for the `fmin` package, whose shrink threw in
 * strict mode; the owned implementation keeps it so that calibrations stay reproducible,
 * docs/decisions.md D31.)
 *
 * A coarse coordinate search (`coarsePasses`) runs first, from the start point.
 *
 * Early stopping: the start point and, every `checkEvery` evaluations, the best point so far are scored on the held-back
 * disputes; the answer is the checked point with the best held-back score (on a tie, the better
 * fit), and the search stops
 * when that score has not improved for `patience` checks (or at `maxEvaluations`).
 */
import { nelderMeadSteps, runSync, type Steps } from './nelder-mead.js';

export type Transform = 'log' | 'logit' | 'linear';

export interface KnobSpec {
  name: string;
  transform: Transform;
  /** Natural-space bounds (the search is penalised outside). */
  lo: number;
  hi: number;
  /** Step of the initial simplex in transformed space. */
  step: number;
}

export function toU(t: Transform, v: number): number {
  if (t === 'log') return Math.log(v);
  if (t === 'logit') return Math.log(v / (1 - v));
  return v;
}

export function fromU(t: Transform, u: number): number {
  if (t === 'log') return Math.exp(u);
  if (t === 'logit') return 1 / (1 + Math.exp(-u));
  return u;
}

export interface SmmOptions {
  maxEvaluations: number;
  /**
   * Passes of a coarse coordinate search before Nelder–Mead: each knob in turn tries the offsets
   * ±2 and ±4 steps from the current point and keeps the best. Gets the simplex near the basin
   * when the start is far off (a base hazard may need a factor of 100). Default 1; 0 skips it.
   */
  coarsePasses?: number;
  checkEvery: number;
  patience: number;
  /** Progress callback (evaluation count, fit objective of the point, best so far). */
  onEvaluation?: (n: number, f: number, best: number) => void;
  onCheck?: (n: number, holdout: number, values: number[]) => void;
}

export interface SmmResult {
  values: number[];
  fit: number;
  holdout: number;
  evaluations: number;
  checks: number;
  stoppedEarly: boolean;
}

class Stop extends Error {}

/**
 * Minimises `fitObjective(values)` from `start` (natural-space knob values); `holdoutObjective`
 * scores candidate points for early stopping.
 */
export function minimiseSmm(
  knobs: readonly KnobSpec[],
  start: readonly number[],
  fitObjective: (values: number[]) => number,
  holdoutObjective: (values: number[]) => number,
  opts: SmmOptions,
): SmmResult {
  return runSync(
    minimiseSmmSteps(
      knobs,
      start,
      function* (v) {
        return fitObjective(v);
      },
      function* (v) {
        return holdoutObjective(v);
      },
      opts,
    ),
  );
}

/** minimiseSmm as steps (nelder-mead.ts): the objectives may yield requests (the calibration's simulations). */
export function* minimiseSmmSteps<Y, N>(
  knobs: readonly KnobSpec[],
  start: readonly number[],
  fitObjective: (values: number[]) => Steps<Y, number, N>,
  holdoutObjective: (values: number[]) => Steps<Y, number, N>,
  opts: SmmOptions,
): Steps<Y, SmmResult, N> {
  let center = knobs.map((k, i) => toU(k.transform, start[i]!));
  let scale = 1;
  const toValues = (x: readonly number[]): { values: number[]; penalty: number } => {
    let penalty = 0;
    const values = knobs.map((k, i) => {
      const u = center[i]! + (x[i]! - 1) * k.step * scale;
      const v = fromU(k.transform, u);
      const c = Math.min(k.hi, Math.max(k.lo, v));
      if (c !== v) {
        // distance outside the box in units of the knob's step
        const du = (toU(k.transform, c) - u) / k.step;
        penalty += 1e3 * (Number.isFinite(du) ? du * du : 1);
      }
      return c;
    });
    return { values, penalty };
  };
  let evaluations = 0;
  let bestFit = Infinity;
  let bestFitValues: number[] = [...start];
  let checks = 0;
  let bestHold = Infinity;
  let bestHoldValues: number[] = [...start];
  let bestHoldFit = Infinity;
  let sinceImprove = 0;
  let lastChecked: number[] | null = null;
  let stoppedEarly = false;

  function* check(): Steps<Y, void, N> {
    if (lastChecked && lastChecked.every((v, i) => v === bestFitValues[i])) {
      sinceImprove++;
    } else {
      lastChecked = [...bestFitValues];
      checks++;
      const h = yield* holdoutObjective(bestFitValues);
      opts.onCheck?.(evaluations, h, bestFitValues);
      if (h < bestHold || (h === bestHold && bestFit < bestHoldFit)) {
        bestHold = h;
        bestHoldValues = [...bestFitValues];
        bestHoldFit = bestFit;
        sinceImprove = 0;
      } else sinceImprove++;
    }
    if (sinceImprove >= opts.patience) {
      stoppedEarly = true;
      throw new Stop();
    }
  }

  function* f(x: readonly number[]): Steps<Y, number, N> {
    if (evaluations >= opts.maxEvaluations) throw new Stop();
    const { values, penalty } = toValues(x);
    const v = (yield* fitObjective(values)) + penalty;
    evaluations++;
    if (v < bestFit) {
      bestFit = v;
      bestFitValues = values;
    }
    opts.onEvaluation?.(evaluations, v, bestFit);
    // The start point is checked too (evaluation 1): otherwise the first check, after checkEvery
    // evaluations, always counted as an improvement, and a fit could return a point worse than its
    // start on the held-back disputes.
    if (evaluations === 1 || evaluations % opts.checkEvery === 0) yield* check();
    return v;
  }

  try {
    // coarse coordinate search (in the same scaled space: x_i = 1 + offset)
    const x = knobs.map(() => 1);
    let fx = yield* f(x);
    for (let pass = 0; pass < (opts.coarsePasses ?? 1); pass++) {
      for (let i = 0; i < knobs.length; i++) {
        let bestOff = 0;
        for (const off of [-4, -2, 2, 4]) {
          const y = [...x];
          y[i] = x[i]! + off;
          const fy = yield* f(y);
          if (fy < fx) {
            fx = fy;
            bestOff = off;
          }
        }
        x[i] = x[i]! + bestOff;
      }
    }
    center = knobs.map((k, i) => toU(k.transform, bestFitValues[i]!));
    for (let restart = 0; restart < 50 && scale >= 1 / 64; restart++) {
      const before = bestFit;
      yield* nelderMeadSteps(f, knobs.map(() => 1), { step: 1, maxIterations: opts.maxEvaluations, fTolerance: 1e-6, xTolerance: 1e-6, shrink: false });
      center = knobs.map((k, i) => toU(k.transform, bestFitValues[i]!));
      if (!(bestFit < before - 1e-9 * (1 + Math.abs(before)))) scale /= 2;
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  // a final check of the last best point, unless it was the last one checked
  if (!stoppedEarly && !(lastChecked && (lastChecked as number[]).every((v, i) => v === bestFitValues[i]))) {
    const h = yield* holdoutObjective(bestFitValues);
    checks++;
    opts.onCheck?.(evaluations, h, bestFitValues);
    if (h < bestHold || (h === bestHold && bestFit < bestHoldFit)) {
      bestHold = h;
      bestHoldValues = [...bestFitValues];
      bestHoldFit = bestFit;
    }
  }
  return { values: bestHoldValues, fit: bestHoldFit, holdout: bestHold, evaluations, checks, stoppedEarly };
}
