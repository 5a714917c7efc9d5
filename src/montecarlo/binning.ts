/**
 * Fixed histogram binnings for mergeable aggregates (MODEL.md §6: "fixed-bin histograms").
 *
 * A binning is plain data (so it can be written into summary.json and shipped to workers), and
 * every bin count is an integer, so histograms built on any split of the runs add up to the
 * identical total. Three kinds:
 *
 * - `int`: one bin per integer min..max (value = floor(x); below min is clamped into min), plus
 *   one overflow bin for x > max. Used for rungs, counts and day-valued durations.
 * - `linear`: `bins` equal bins over [lo, hi), plus an underflow bin (x < lo) and an overflow
 *   bin (x ≥ hi). Used for quantities bounded in [0, 1] (cohesion, pressure).
 * - `log`: `perDecade` bins per decade over [lo, hi); for unsigned binnings one "near zero" bin
 *   holds x < lo (including 0 and negatives), for signed ones the negative half is mirrored and
 *   the near-zero bin holds |x| < lo; plus overflow bins beyond ±hi. Used for costs, stockpiles,
 *   credibility debt and the escalation score, whose scale is unknown in advance: the relative
 *   resolution (10^(1/perDecade) − 1) is the same at every scale.
 *
 * Bin lookups are pure arithmetic (no allocation); they run ~10^3 times per trajectory.
 */

export type Binning =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'linear'; lo: number; hi: number; bins: number }
  | { kind: 'log'; lo: number; hi: number; perDecade: number; signed: boolean };

/** Number of log bins between lo and hi (whole decades assumed; rounded). */
function logBinsPerSide(b: { lo: number; hi: number; perDecade: number }): number {
  return Math.round(Math.log10(b.hi / b.lo) * b.perDecade);
}

/** Number of bins (length of a counts array) for a binning. */
export function binCount(b: Binning): number {
  switch (b.kind) {
    case 'int':
      return b.max - b.min + 2;
    case 'linear':
      return b.bins + 2;
    case 'log': {
      const k = logBinsPerSide(b);
      // unsigned: [near zero] [k positive] [overflow]; signed: [neg overflow] [k negative] [near zero] [k positive] [overflow]
      return b.signed ? 2 * k + 3 : k + 2;
    }
  }
}

/**
 * Bin index of x. NaN returns −1 (the caller skips it: a missing value, e.g. a partner's
 * stockpile in a scenario without a partner).
 */
export function binIndex(b: Binning, x: number): number {
  return b.kind === 'log' ? logIndex(b.lo, b.hi, b.perDecade, logBinsPerSide(b), b.signed, x) : x !== x ? -1 : b.kind === 'int' ? intIndex(b.min, b.max, x) : linearIndex(b.lo, b.hi, b.bins, x);
}

function intIndex(min: number, max: number, x: number): number {
  const v = Math.floor(x);
  if (v > max) return max - min + 1;
  return v < min ? 0 : v - min;
}

function linearIndex(lo: number, hi: number, bins: number, x: number): number {
  if (x < lo) return 0;
  if (x >= hi) return bins + 1;
  const i = Math.floor(((x - lo) / (hi - lo)) * bins);
  return 1 + (i < bins ? i : bins - 1);
}

function logIndex(lo: number, hi: number, perDecade: number, k: number, signed: boolean, x: number): number {
  if (x !== x) return -1;
  const a = x < 0 ? -x : x;
  let pos: number; // 0 = near zero, 1..k = log bins, k+1 = overflow
  if (a < lo) pos = 0;
  else if (a >= hi) pos = k + 1;
  else {
    const i = Math.floor(Math.log10(a / lo) * perDecade);
    pos = 1 + (i < 0 ? 0 : i < k ? i : k - 1);
  }
  if (!signed) return x < 0 ? 0 : pos;
  // signed layout: index k+1 is near zero; positives above, negatives mirrored below.
  if (x < 0 && pos > 0) return k + 1 - pos;
  return k + 1 + pos;
}

/**
 * Count xs[0..n) into the histogram at counts[offset ..] (NaNs skipped), with `stride` between
 * consecutive values' histograms (0 = one histogram; bins = a per-index histogram, as for the
 * weekly fans). The same arithmetic as binIndex, with the kind dispatch and the bin count hoisted
 * out of the loop: this is the aggregation hot path (~10^3 values per trajectory).
 */
export function countInto(b: Binning, xs: ArrayLike<number>, n: number, counts: Float64Array, offset: number, stride: number): void {
  let at = offset;
  if (b.kind === 'log') {
    const k = logBinsPerSide(b);
    for (let w = 0; w < n; w++, at += stride) {
      const i = logIndex(b.lo, b.hi, b.perDecade, k, b.signed, xs[w]!);
      if (i >= 0) counts[at + i]!++;
    }
  } else if (b.kind === 'int') {
    for (let w = 0; w < n; w++, at += stride) {
      const x = xs[w]!;
      if (x === x) counts[at + intIndex(b.min, b.max, x)]!++;
    }
  } else {
    for (let w = 0; w < n; w++, at += stride) {
      const x = xs[w]!;
      if (x === x) counts[at + linearIndex(b.lo, b.hi, b.bins, x)]!++;
    }
  }
}

/**
 * Lower and upper edge of bin i. Open-ended bins (underflow, overflow) are given the finite
 * edge on both sides, so a quantile that falls in one reads as that edge (a bound, flagged by
 * `isOpenBin`). The near-zero bin of a log binning spans [0, lo) (unsigned) or (−lo, lo) (signed).
 */
export function binEdges(b: Binning, i: number): [number, number] {
  switch (b.kind) {
    case 'int': {
      const v = b.min + i;
      if (i > b.max - b.min) return [b.max + 1, b.max + 1];
      return [v, v + 1];
    }
    case 'linear': {
      if (i === 0) return [b.lo, b.lo];
      if (i === b.bins + 1) return [b.hi, b.hi];
      const w = (b.hi - b.lo) / b.bins;
      return [b.lo + (i - 1) * w, b.lo + i * w];
    }
    case 'log': {
      const k = logBinsPerSide(b);
      const posEdges = (pos: number): [number, number] => {
        if (pos === 0) return [0, b.lo];
        if (pos === k + 1) return [b.hi, b.hi];
        return [b.lo * Math.pow(10, (pos - 1) / b.perDecade), b.lo * Math.pow(10, pos / b.perDecade)];
      };
      if (!b.signed) return posEdges(i);
      const center = k + 1;
      if (i === center) return [-b.lo, b.lo];
      if (i > center) return posEdges(i - center);
      const [a, c] = posEdges(center - i);
      return [-c, -a];
    }
  }
}

/** True for bins with no finite width (underflow/overflow), whose contents are only bounded. */
export function isOpenBin(b: Binning, i: number): boolean {
  const n = binCount(b);
  switch (b.kind) {
    case 'int':
      return i === n - 1;
    case 'linear':
      return i === 0 || i === n - 1;
    case 'log':
      return i === n - 1 || (b.signed && i === 0);
  }
}

/** A short human description of a binning's resolution, for docs and summary.json. */
export function describeBinning(b: Binning): string {
  switch (b.kind) {
    case 'int':
      return `integer bins ${b.min}..${b.max} (exact), overflow above ${b.max}`;
    case 'linear':
      return `${b.bins} linear bins over [${b.lo}, ${b.hi}) (width ${(b.hi - b.lo) / b.bins})`;
    case 'log': {
      const rel = (Math.pow(10, 1 / b.perDecade) - 1) * 100;
      return `${b.perDecade} log bins per decade over ${b.signed ? '±' : ''}[${b.lo}, ${b.hi}) (relative width ${rel.toFixed(1)}%), |x| < ${b.lo} in one near-zero bin`;
    }
  }
}
