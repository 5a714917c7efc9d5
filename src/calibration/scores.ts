/**
 * Proper scores of probabilistic predictions of dispute outcomes, with bootstrap intervals over
 * disputes (docs/validation.md):
 * - ranked probability score over the ordered highest hostility level (2 threat, 3 display,
 *   4 use of force, 5 war; K = 4 categories), normalised by 1/(K−1) so it lies in [0, 1]:
 *       RPS = 1/(K−1) · Σ_{k=1}^{K−1} (F_k − O_k)²,  F, O cumulative predicted and observed;
 * - Brier score (p − o)² for binary events (war, reciprocation);
 * - a calibration table: disputes sorted by predicted probability and cut into ten groups of
 *   (nearly) equal size; per group the mean prediction and the observed frequency.
 * Intervals are percentile bootstraps over disputes with keyed random numbers (src/random), so a
 * run is reproducible; paired resamples (the same disputes in every model) give the interval of
 * a skill score.
 */
import { KeyedRandom } from '../random/index.js';

export const LEVELS = [2, 3, 4, 5] as const;
export const K_LEVELS = LEVELS.length;

/** Ranked probability score of a distribution over K ordered categories; `obs` is a 0-based index. */
export function rps(probs: ArrayLike<number>, obs: number): number {
  const k = probs.length;
  if (k < 2) throw new Error('rps: need at least two categories');
  if (obs < 0 || obs >= k || !Number.isInteger(obs)) throw new Error(`rps: observed category ${obs} outside 0..${k - 1}`);
  let cum = 0;
  let s = 0;
  for (let i = 0; i < k - 1; i++) {
    cum += probs[i]!;
    const o = obs <= i ? 1 : 0;
    s += (cum - o) ** 2;
  }
  return s / (k - 1);
}

export function brier(p: number, outcome: boolean | number): number {
  const o = outcome === true || outcome === 1 ? 1 : 0;
  return (p - o) ** 2;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length === 0 ? NaN : s / xs.length;
}

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

/** Stream id of bootstrap draws (a stream of the keyed generator, distinct from the engine's). */
const BOOT_STREAM = 0xb007;

/**
 * `reps` resamples of n indices with replacement, deterministic in `seed`. Returned as one
 * Int32Array of reps × n (row r = resample r).
 */
export function bootstrapIndices(n: number, reps: number, seed: number): Int32Array {
  const rnd = new KeyedRandom(seed, 0);
  const out = new Int32Array(reps * n);
  for (let r = 0; r < reps; r++) for (let i = 0; i < n; i++) out[r * n + i] = Math.min(n - 1, Math.floor(rnd.u(BOOT_STREAM, r, i) * n));
  return out;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap 95% interval of a statistic of per-dispute values: `stat` receives the
 * values in resample order through an index list.
 */
export function bootstrapStat(n: number, idx: Int32Array, reps: number, stat: (pick: (i: number) => number) => number, estimate: number): Interval {
  const vals: number[] = [];
  for (let r = 0; r < reps; r++) {
    const off = r * n;
    const v = stat((i) => idx[off + i]!);
    if (Number.isFinite(v)) vals.push(v);
  }
  vals.sort((a, b) => a - b);
  return { estimate, lo: percentile(vals, 0.025), hi: percentile(vals, 0.975) };
}

/** Mean of per-dispute scores with its bootstrap interval. */
export function meanWithCi(values: ArrayLike<number>, idx: Int32Array, reps: number): Interval {
  const n = values.length;
  return bootstrapStat(
    n,
    idx,
    reps,
    (pick) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += values[pick(i)]!;
      return s / n;
    },
    mean(values),
  );
}

/** Skill 1 − mean(a)/mean(b) on paired per-dispute scores, with its paired bootstrap interval. */
export function skillWithCi(a: ArrayLike<number>, b: ArrayLike<number>, idx: Int32Array, reps: number): Interval {
  const n = a.length;
  return bootstrapStat(
    n,
    idx,
    reps,
    (pick) => {
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        const j = pick(i);
        sa += a[j]!;
        sb += b[j]!;
      }
      return 1 - sa / sb;
    },
    1 - mean(a) / mean(b),
  );
}

export interface CalibrationBin {
  /** 1-based group (decile) number. */
  bin: number;
  n: number;
  /** Range of predictions in the group. */
  predLo: number;
  predHi: number;
  meanPredicted: number;
  observed: Interval;
}

/**
 * Calibration table: predictions sorted (ties by index, so the table is deterministic) and cut
 * into `groups` groups of near-equal size; each group's observed frequency with a bootstrap
 * interval over its disputes.
 */
export function calibrationTable(pred: ArrayLike<number>, obs: ArrayLike<boolean | number>, groups = 10, reps = 1000, seed = 1): CalibrationBin[] {
  const n = pred.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => pred[a]! - pred[b]! || a - b);
  const out: CalibrationBin[] = [];
  const g = Math.min(groups, n);
  for (let b = 0; b < g; b++) {
    const from = Math.floor((b * n) / g);
    const to = Math.floor(((b + 1) * n) / g);
    const members = order.slice(from, to);
    if (members.length === 0) continue;
    const o = members.map((i) => (obs[i] === true || obs[i] === 1 ? 1 : 0));
    const idx = bootstrapIndices(members.length, reps, seed * 1000 + b);
    const p = members.map((i) => pred[i]!);
    out.push({
      bin: b + 1,
      n: members.length,
      predLo: Math.min(...p),
      predHi: Math.max(...p),
      meanPredicted: mean(p),
      observed: meanWithCi(o, idx, reps),
    });
  }
  return out;
}

/** Index of a hostility level (2..5) among LEVELS. */
export function levelIndex(level: number): number {
  const i = level - 2;
  if (i < 0 || i >= K_LEVELS) throw new Error(`hostility level ${level} outside 2..5`);
  return i;
}
