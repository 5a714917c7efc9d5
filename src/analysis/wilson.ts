/**
 * Wilson score interval for a binomial proportion (Wilson 1927; recommended over the Wald
 * interval by Newcombe 1998, Stat. Med. 17:857–872, and Brown, Cai & DasGupta 2001). It stays
 * inside [0, 1] and behaves at 0 and n successes, which matters for rare outcomes such as
 * nuclear use.
 */

/** Two-sided 95% standard-normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

/** Wilson interval for k successes in n trials. n = 0 gives the uninformative [0, 1] around NaN. */
export function wilson(k: number, n: number, z: number = Z95): Interval {
  if (!(n >= 0) || !(k >= 0) || k > n) throw new Error(`wilson: need 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  if (n === 0) return { estimate: NaN, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 (k = n) the lower (upper) limit is exactly 0 (1); rounding would leave ±1e-17.
  const lo = k === 0 ? 0 : Math.max(0, center - half);
  const hi = k === n ? 1 : Math.min(1, center + half);
  return { estimate: p, lo, hi };
}
