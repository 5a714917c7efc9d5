/**
 * The moments of MID disputes that `brink calibrate` matches (MODEL.md §7). Each is a share over
 * a subset of disputes chosen by onset features only, or a ratio of two such sums; the same
 * formula gives the observed moment (from 0/1 outcomes) and the simulated one (from the
 * predicted probabilities of each dispute), so the two are comparable dispute by dispute.
 *
 * | moment            | subset                                       | value                        |
 * |-------------------|----------------------------------------------|------------------------------|
 * | level≥3           | all                                          | P(highest level ≥ display)   |
 * | level≥4           | all                                          | P(≥ use of force)            |
 * | war:<era>         | disputes of the era (4 eras)                 | P(war)                       |
 * | recip             | all                                          | P(reciprocated)              |
 * | war|recip         | all                                          | Σ P(war ∧ recip) / Σ P(recip)|
 * | joined            | disputes with an outside defender            | P(a defender joined)         |
 * | dur≤30, dur≤180   | disputes with a known duration               | P(duration ≤ 30, 180 days)   |
 * | war:minor+majorAlly | minor-power target with a major-power defender | P(war)                   |
 * | war:minor-noAlly  | minor-power target without one               | P(war)                       |
 * | level≥4:weakA     | ln(ΣCINC_A/ΣCINC_B) < −1                     | P(≥ use of force)            |
 * | level≥4:strongA   | ln(ΣCINC_A/ΣCINC_B) > 1                      | P(≥ use of force)            |
 * | level≥4:nuclearA  | a side-A originator has the bomb             | P(≥ use of force)            |
 * | level≥4:coalitionA| several side-A originators                   | P(≥ use of force)            |
 * | level≥4:defendedB | side B has an outside defender               | P(≥ use of force)            |
 * | recip:contiguous  | an A and a B originator share a border       | P(reciprocated)              |
 * | recip:distant     | none does                                    | P(reciprocated)              |
 *
 * The weight of a moment is the inverse of its sampling variance (binomial, p(1−p)/n, with p
 * floored at 1/(2n) so a moment observed as 0 still counts) plus the simulation variance.
 */
import { contiguous, ERAS, logCincRatio, minorTarget, type DisputeFeatures } from './dispute.js';
import { DURATION_THRESHOLDS, type CaseSummary } from './simulate.js';

export interface MomentDef {
  name: string;
  /** Which disputes the moment is over (features only). */
  include(f: DisputeFeatures): boolean;
  /** Numerator and denominator contributions of one dispute. */
  num(s: CaseSummary): number;
  den(s: CaseSummary): number;
}

const all = () => true;
const one = () => 1;

export const MOMENTS: readonly MomentDef[] = [
  { name: 'level≥3', include: all, num: (s) => s.level[1]! + s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4', include: all, num: (s) => s.level[2]! + s.level[3]!, den: one },
  ...ERAS.map((e) => ({ name: `war:${e}`, include: (f: DisputeFeatures) => f.era === e, num: (s: CaseSummary) => s.level[3]!, den: one })),
  { name: 'recip', include: all, num: (s) => s.recip, den: one },
  { name: 'war|recip', include: all, num: (s) => s.warRecip, den: (s) => s.recip },
  { name: 'joined', include: (f) => f.defendersB.length + f.defendersA.length > 0, num: (s) => s.joined, den: one },
  ...DURATION_THRESHOLDS.map((t, k) => ({
    name: `dur≤${t}`,
    include: all,
    num: (s: CaseSummary) => (Number.isNaN(s.durLe[k]!) ? 0 : s.durLe[k]!),
    den: (s: CaseSummary) => (Number.isNaN(s.durLe[k]!) ? 0 : 1),
  })),
  { name: 'war:minor+majorAlly', include: (f) => minorTarget(f) && f.defendersB.some((x) => x.major), num: (s) => s.level[3]!, den: one },
  { name: 'war:minor-noAlly', include: (f) => minorTarget(f) && !f.defendersB.some((x) => x.major), num: (s) => s.level[3]!, den: one },
  // Covariate moments (issue 4): force by the initiator's strength and status, reciprocation by geography.
  { name: 'level≥4:weakA', include: (f) => logCincRatio(f) < -1, num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4:strongA', include: (f) => logCincRatio(f) > 1, num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4:nuclearA', include: (f) => f.sideA.some((x) => x.nuclear), num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4:coalitionA', include: (f) => f.sideA.length > 1, num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4:defendedB', include: (f) => f.defendersB.length > 0, num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'recip:contiguous', include: (f) => contiguous(f), num: (s) => s.recip, den: one },
  { name: 'recip:distant', include: (f) => !contiguous(f), num: (s) => s.recip, den: one },
];

/**
 * Moments fitted only when named (`--moments`), so that the default set, and the output of a
 * calibration without `--moments`, stay as they were. Issue 17, coercion by display (engine
 * display.ts): force by major-power initiators, and between major powers, where the dyadic power
 * share is balanced and coercive confidence is silent.
 *
 * | level≥4:majorA    | a side-A originator is a major power           | P(≥ use of force)            |
 * | level≥4:majorAB   | a side-A and a side-B originator are major powers | P(≥ use of force)         |
 */
export const OPTIONAL_MOMENTS: readonly MomentDef[] = [
  { name: 'level≥4:majorA', include: (f) => f.sideA.some((x) => x.major), num: (s) => s.level[2]! + s.level[3]!, den: one },
  { name: 'level≥4:majorAB', include: (f) => f.sideA.some((x) => x.major) && f.sideB.some((x) => x.major), num: (s) => s.level[2]! + s.level[3]!, den: one },
];

/** Every moment `--moments` may name: the default set, then the optional ones. */
export const ALL_MOMENTS: readonly MomentDef[] = [...MOMENTS, ...OPTIONAL_MOMENTS];

export interface MomentValue {
  name: string;
  value: number;
  /** Effective number of disputes (Σ den). */
  n: number;
}

export function computeMoments(features: readonly DisputeFeatures[], summaries: readonly CaseSummary[], defs: readonly MomentDef[] = MOMENTS): MomentValue[] {
  return defs.map((m) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < features.length; i++) {
      if (!m.include(features[i]!)) continue;
      num += m.num(summaries[i]!);
      den += m.den(summaries[i]!);
    }
    return { name: m.name, value: den > 0 ? num / den : NaN, n: den };
  });
}

/** Binomial sampling variance of an observed share, p floored at 1/(2n). */
export function shareVariance(p: number, n: number): number {
  if (!(n > 0)) return Infinity;
  const lo = 1 / (2 * n);
  const q = Math.min(1 - lo, Math.max(lo, p));
  return (q * (1 - q)) / n;
}

/**
 * The SMM distance Σ_m (sim_m − obs_m)² / (var_obs,m + var_obs,m / R): a diagonal weighting by
 * the inverse sampling variance, inflated for the simulation noise of R runs per dispute.
 * Moments without data (n = 0) are skipped.
 */
export function momentDistance(obs: readonly MomentValue[], sim: readonly MomentValue[], runs: number): number {
  let d = 0;
  for (let k = 0; k < obs.length; k++) {
    const o = obs[k]!;
    const s = sim[k]!;
    if (!(o.n > 0) || !Number.isFinite(o.value) || !Number.isFinite(s.value)) continue;
    const v = shareVariance(o.value, o.n) * (1 + 1 / Math.max(1, runs));
    d += (s.value - o.value) ** 2 / v;
  }
  return d;
}
