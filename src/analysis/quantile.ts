/**
 * Quantiles read from fixed-bin histograms (MODEL.md §6: never order-dependent sketches).
 *
 * For a probability p the target rank is p·N. We walk the cumulative counts to the bin where
 * the rank falls and interpolate linearly between that bin's edges (the usual grouped-data
 * quantile). For integer-valued binnings (`int`, e.g. rungs and counts) we return the bin's
 * value itself: the smallest v with F(v) ≥ p, so a median rung is a rung. An open bin (overflow)
 * reads as its finite edge, a bound rather than a value; the near-zero bin of a log binning
 * (|x| below its lowest edge) reads as 0. A histogram whose whole mass is in one bin reads as
 * that bin's middle for every p, so a point mass (every run at 90) is not spread across the bin.
 * The error of an interpolated quantile
 * is at most the width of its bin (docs/monte-carlo.md lists each binning's resolution).
 */
import { binCount, binEdges, type Binning } from '../montecarlo/binning.js';

/** Sum of counts[offset .. offset + bins). */
export function histogramTotal(counts: ArrayLike<number>, offset: number, bins: number): number {
  let n = 0;
  for (let i = 0; i < bins; i++) n += counts[offset + i]!;
  return n;
}

/**
 * Quantile p ∈ [0, 1] of a histogram stored at counts[offset ..] with binning b. NaN when the
 * histogram is empty.
 */
export function histogramQuantile(b: Binning, counts: ArrayLike<number>, p: number, offset = 0): number {
  const bins = binCount(b);
  const n = histogramTotal(counts, offset, bins);
  if (n === 0) return NaN;
  if (b.kind === 'int') {
    // Smallest v with cumulative count ≥ p·N (p = 0: the smallest occupied bin).
    const target = Math.max(p * n, Number.MIN_VALUE);
    let cum = 0;
    for (let i = 0; i < bins; i++) {
      cum += counts[offset + i]!;
      if (cum >= target) return binEdges(b, i)[0];
    }
    return binEdges(b, bins - 1)[0];
  }
  const target = p * n;
  let cum = 0;
  for (let i = 0; i < bins; i++) {
    const c = counts[offset + i]!;
    if (c === 0) continue;
    if (cum + c >= target) {
      const [lo, hi] = binEdges(b, i);
      if (b.kind === 'log' && (lo === 0 || lo === -hi)) return 0;
      // Every value in this one bin (e.g. every run starts a stockpile at 90 days): a point mass
      // read as the bin's middle (geometric for log bins), so the quantiles do not spread it across
      // the bin. The read is still within one bin width of the truth.
      if (c === n && Number.isFinite(lo) && Number.isFinite(hi)) return b.kind === 'log' && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
      const f = (target - cum) / c;
      return lo + (hi - lo) * (f < 0 ? 0 : f > 1 ? 1 : f);
    }
    cum += c;
  }
  // p = 1 with rounding: the upper edge of the last occupied bin.
  for (let i = bins - 1; i >= 0; i--) if (counts[offset + i]! > 0) return binEdges(b, i)[1];
  return NaN;
}

/** Several quantiles at once. */
export function histogramQuantiles(b: Binning, counts: ArrayLike<number>, ps: readonly number[], offset = 0): number[] {
  return ps.map((p) => histogramQuantile(b, counts, p, offset));
}
